//! Every Prometheus and Loki rule file of the corpus through the rule importer: read, written
//! as alert source YAML, read back; the groups written carry exactly the original rules.

mod corpus;

use std::path::{Path, PathBuf};

use grafcode::import::rules::{self, Engine};
use grafcode::import::yaml;
use serde_json::Value;

/// `(path, kind)` of every rule file in SOURCES.tsv.
fn rule_files(corpus: &Path) -> Vec<(PathBuf, String)> {
    let text = std::fs::read_to_string(corpus.join("SOURCES.tsv")).unwrap();
    text.lines()
        .skip(1)
        .filter_map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            let (path, kind) = (f.get(4)?, f.get(5)?);
            matches!(*kind, "prometheus-rules" | "loki-rules")
                .then(|| (corpus.join(path), kind.to_string()))
        })
        .collect()
}

#[test]
fn every_prometheus_and_loki_rule_file_round_trips_through_source() {
    let Some(corpus) = corpus::corpus("rules") else {
        return;
    };
    let files = rule_files(&corpus);
    assert!(files.len() >= 340, "{}", files.len());
    let mut failed = Vec::new();
    let mut ok = 0;
    for (path, kind) in &files {
        let name = path.display().to_string();
        let text = std::fs::read_to_string(path).unwrap();
        let read = match rules::read(&name, &text, None) {
            Ok(r) => r,
            Err(e) => {
                failed.push(e.to_string());
                continue;
            }
        };
        let expected = if kind == "loki-rules" {
            Engine::Loki
        } else {
            Engine::Prometheus
        };
        assert_eq!(read.engine, expected, "{name}: engine guessed wrong");
        let source = Value::Object(rules::to_source(&read));
        let text = yaml::to_yaml(&source).unwrap();
        let back = yaml::from_yaml(&text).unwrap();
        assert_eq!(back, source, "{name}: YAML written does not read back");
        // The groups as written, engine key aside, are the original groups.
        let mut groups: Vec<Value> = back["groups"].as_array().unwrap().clone();
        for g in &mut groups {
            g.as_object_mut().unwrap().shift_remove("engine");
        }
        assert_eq!(
            rules::normalize_groups(&groups),
            rules::normalize_groups(&read.groups),
            "{name}"
        );
        ok += 1;
    }
    eprintln!("rule files: {} read, {} refused", ok, failed.len());
    for f in &failed {
        eprintln!("  refused: {f}");
    }
    // Refusals are files the source form cannot carry losslessly; each names its reason.
    assert!(failed.iter().all(|f| f.contains(": ")), "{failed:?}");
    assert!(ok >= files.len() - 10, "too many refused: {failed:?}");
}
