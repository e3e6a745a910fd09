//! Every Prometheus and Loki rule file of the corpus: imported into a fresh monorepo with
//! `--verify`, compiled back (PrometheusRule / Loki rules) to the same rules; and `promtool
//! check rules` passes on the compiled Prometheus groups wherever it passed on the original
//! (`exprs/rulefiles_promtool.tsv`).

mod corpus;

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

use grafcode::import::batch::{self, Input, Options, Outcome};
use rayon::prelude::*;

/// `rule_file → (kind, promtool verdict)` from the corpus labels.
fn verdicts(corpus: &Path) -> BTreeMap<String, (String, String)> {
    let text = std::fs::read_to_string(corpus.join("exprs/rulefiles_promtool.tsv")).unwrap();
    text.lines()
        .skip(1)
        .filter_map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            Some((
                f.first()?.to_string(),
                (f.get(1)?.to_string(), f.get(2)?.to_string()),
            ))
        })
        .collect()
}

#[test]
fn corpus_rule_files_compile_back_to_the_same_rules() {
    let Some(corpus) = corpus::corpus("rules") else {
        return;
    };
    let verdicts = verdicts(&corpus);
    let files: Vec<(&String, &(String, String))> = verdicts
        .iter()
        .filter(|(_, (kind, _))| kind == "prometheus-rules" || kind == "loki-rules")
        .collect();
    assert!(files.len() >= 340);
    let promtool = Command::new("promtool").arg("--version").output().is_ok();
    let results: Vec<(String, String, Result<(), String>)> = files
        .par_iter()
        .map(|(path, (kind, verdict))| {
            let repo = tempfile::tempdir().unwrap();
            let options = Options {
                repo: repo.path().to_path_buf(),
                team: Some("rules".into()),
                verify: true,
                ..Options::default()
            };
            let report = batch::run(&[Input::Path(corpus.join(path))], &options).unwrap();
            let item = &report.items[0];
            let outcome = match &item.outcome {
                Outcome::Imported(out) => match &item.differences {
                    Some(d) if d.is_empty() => {
                        if promtool && kind == "prometheus-rules" && verdict == "pass" {
                            promtool_on_compiled(repo.path(), out)
                        } else {
                            Ok(())
                        }
                    }
                    Some(d) => Err(format!("{} difference(s): {}", d.len(), d[0])),
                    None => Err("not verified".into()),
                },
                Outcome::Skipped(why) if why.contains("no rule groups") => Ok(()),
                Outcome::Skipped(why) | Outcome::Failed(why) => Err(why.clone()),
            };
            (path.to_string(), verdict.clone(), outcome)
        })
        .collect();
    let mut ok = 0;
    let mut refused_invalid = Vec::new();
    let mut bad = Vec::new();
    for (path, verdict, r) in &results {
        match r {
            Ok(()) => ok += 1,
            // Files promtool (or Loki) rejects are invalid originals: refusing them is right.
            Err(e) if verdict != "pass" => refused_invalid.push(format!("{path} ({verdict}): {e}")),
            Err(e) => bad.push(format!("{path}: {e}")),
        }
    }
    eprintln!(
        "rule files: {ok} of {} imported, compiled back equal (promtool: {promtool})",
        results.len()
    );
    for r in &refused_invalid {
        eprintln!("  refused (invalid original): {r}");
    }
    assert_eq!(bad, Vec::<String>::new());
}

/// Builds the imported monorepo's PrometheusRule groups and runs `promtool check rules` on
/// them (as a plain rule file).
fn promtool_on_compiled(repo: &Path, alerts: &Path) -> Result<(), String> {
    let tree = grafcode::source::DiskTree::new(repo);
    let _ = alerts;
    let (loaded, _) = grafcode::source::load(&tree).map_err(|e| e.to_string())?;
    let env = grafcode::compile::environment(&loaded, None)?;
    let (model, _) = grafcode::compile::compile(&loaded, &env);
    let mut groups = Vec::new();
    for f in &model.alert_files {
        if let grafcode::model::AlertRules::Prometheus(g) = &f.rules {
            groups.extend(g.iter().cloned());
        }
    }
    let file = grafcode::grafana::rules::RuleFile { groups };
    let text = serde_json::to_string(&file).map_err(|e| e.to_string())?;
    let tmp = repo.join("compiled-rules.json");
    std::fs::write(&tmp, text).map_err(|e| e.to_string())?;
    let out = Command::new("promtool")
        .args(["check", "rules"])
        .arg(&tmp)
        .output()
        .map_err(|e| e.to_string())?;
    if out.status.success() {
        Ok(())
    } else {
        Err(format!(
            "promtool: {}",
            String::from_utf8_lossy(&out.stdout)
        ))
    }
}
