//! Grafana alerting provisioning files → alert source: every such file of the corpus imports
//! and compiles back identical (normalised), or fails with a clear reason; and `$value`
//! translates both ways (source → Grafana rule → source).

mod corpus;

use std::path::Path;

use grafcode::import::batch::{self, Input, Options, Outcome};
use serde_json::Value;

fn import(repo: &Path, file: &Path) -> batch::Report {
    let options = Options {
        repo: repo.to_path_buf(),
        team: Some("alerts".into()),
        verify: true,
        ..Options::default()
    };
    batch::run(&[Input::Path(file.to_path_buf())], &options).unwrap()
}

#[test]
fn corpus_alerting_files_import_and_compile_back_identical() {
    let Some(corpus) = corpus::corpus("rules") else {
        return;
    };
    let sources = std::fs::read_to_string(corpus.join("SOURCES.tsv")).unwrap();
    let files: Vec<String> = sources
        .lines()
        .filter_map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            (f.get(5) == Some(&"grafana-rules")).then(|| f.get(4).map(|p| p.to_string()))?
        })
        .collect();
    assert!(files.len() >= 20, "{}", files.len());
    let mut identical = Vec::new();
    let mut failed = Vec::new();
    let mut notes = Vec::new();
    // Rules written, with a typed query (`expr`), and with no `raw:` at all.
    let (mut rules, mut typed, mut no_raw) = (0, 0, 0);
    let (mut src_lines, mut orig_lines) = (0, 0);
    for f in &files {
        let repo = tempfile::tempdir().unwrap();
        let report = import(repo.path(), &corpus.join(f));
        let item = &report.items[0];
        notes.extend(item.notes.iter().map(|n| format!("{f}: {n}")));
        if let Some(text) = &item.text {
            src_lines += item.lines.0;
            orig_lines += item.lines.1;
            let source = grafcode::import::yaml::from_yaml(text).unwrap();
            for r in source["groups"]
                .as_array()
                .unwrap()
                .iter()
                .flat_map(|g| g["rules"].as_array().unwrap())
            {
                rules += 1;
                typed += usize::from(r.get("expr").is_some());
                no_raw += usize::from(r.get("raw").is_none());
            }
        }
        match (&item.outcome, &item.differences) {
            (Outcome::Imported(_), Some(d)) if d.is_empty() => identical.push(f.clone()),
            (Outcome::Imported(_), d) => panic!("{f}: differences {d:?}"),
            (Outcome::Failed(why), _) => failed.push(why.clone()),
            (Outcome::Skipped(why), _) => panic!("{f}: skipped: {why}"),
        }
    }
    eprintln!(
        "alerting files: {} of {} imported identical",
        identical.len(),
        files.len()
    );
    eprintln!(
        "  rules: {rules}, with a typed query: {typed}, without raw: {no_raw}; source lines {src_lines} / original pretty-printed JSON lines {orig_lines}"
    );
    for f in &failed {
        eprintln!("  failed: {f}");
    }
    for n in &notes {
        eprintln!("  note: {n}");
    }
    // The files refused are not Grafana's format: a `file:` include (not a rule) and groups
    // without the required `folder`. Each refusal names the file and the reason.
    assert!(failed.len() <= 2, "{failed:?}");
    assert!(
        failed
            .iter()
            .all(|f| f.contains("grafana") && f.contains("groups[0]")),
        "{failed:?}"
    );
    assert!(identical.len() >= files.len() - 2);
    assert!(
        notes
            .iter()
            .any(|n| n.contains("`deleteRules` (12 entries)")),
        "{notes:?}"
    );
}

#[test]
fn translated_values_survive_the_round_trip_on_a_corpus_file() {
    // `{{ $values.B.Value }}` of the value node comes back as `{{ $value }}` in source, and
    // other refIds stay in Grafana's idiom; the file still compiles back identical.
    let Some(corpus) = corpus::corpus("rules") else {
        return;
    };
    let f = corpus.join(
        "rules/community/Alpaca-Network+railway-grafana-stack/grafana/provisioning/alerting/rules/correlated_failure_detection.yml",
    );
    let repo = tempfile::tempdir().unwrap();
    let report = import(repo.path(), &f);
    let item = &report.items[0];
    assert_eq!(
        item.differences.as_deref(),
        Some(&[][..]),
        "{:?}",
        item.outcome
    );
    let text = item.text.as_deref().unwrap();
    assert!(text.contains("$values.A.Value"), "{text}");
}

const REPO: &[(&str, &str)] = &[
    (
        "grafcode.yaml",
        "grafana: 12.2.0\noutputs:\n  provisioning: {}\n",
    ),
    (
        "library/datasources/prom.yaml",
        "datasources:\n- name: prom\n  type: prometheus\n  uid: prom-uid\n  url: http://prometheus:9090\n",
    ),
    ("teams/api/team.yaml", "folder: API\n"),
    (
        "teams/api/alerts/api.yaml",
        r#"groups:
- name: api
  datasource: prom
  rules:
  - alert: ErrorsHigh
    expr: sum(rate(errors_total[5m]))
    threshold: "> 5"
    for: 5m
    annotations:
      summary: "{{ $value | humanize }} errors/s on {{ $labels.job }}"
  - alert: Down
    expr: up == 0
    annotations:
      summary: "{{ $labels.instance }} is down ({{ $value }})"
"#,
    ),
];

#[test]
fn value_becomes_the_value_node_and_comes_back() {
    let repo = tempfile::tempdir().unwrap();
    for (p, t) in REPO {
        let full = repo.path().join(p);
        std::fs::create_dir_all(full.parent().unwrap()).unwrap();
        std::fs::write(full, t).unwrap();
    }
    let tree = grafcode::source::DiskTree::new(repo.path());
    let (loaded, diags) = grafcode::source::load(&tree).unwrap();
    assert!(diags.is_empty(), "{diags:?}");
    let env = grafcode::compile::environment(&loaded, None).unwrap();
    let (model, diags) = grafcode::compile::compile(&loaded, &env);
    assert!(diags.is_empty(), "{diags:?}");
    let groups = model
        .alert_files
        .iter()
        .find_map(|f| match &f.rules {
            grafcode::model::AlertRules::Grafana(g) => Some(g.clone()),
            _ => None,
        })
        .unwrap();
    let rules = &groups[0].rules;
    // Threshold form: the reduced value B; "any sample" form: the query A.
    assert_eq!(
        rules[0].annotations["summary"],
        "{{ $values.B.Value | humanize }} errors/s on {{ $labels.job }}"
    );
    assert_eq!(
        rules[1].annotations["summary"],
        "{{ $labels.instance }} is down ({{ $values.A.Value }})"
    );
    // The compiled group, as Grafana provisioning, imported into a fresh repository.
    let file = grafcode::grafana::alerting::AlertingFile::new(groups.clone());
    let exported = repo.path().join("exported.json");
    std::fs::write(&exported, serde_json::to_string(&file).unwrap()).unwrap();
    let fresh = tempfile::tempdir().unwrap();
    let report = import(fresh.path(), &exported);
    let item = &report.items[0];
    assert_eq!(
        item.differences.as_deref(),
        Some(&[][..]),
        "{:?}",
        item.outcome
    );
    let source: Value = grafcode::import::yaml::from_yaml(item.text.as_deref().unwrap()).unwrap();
    let rules = &source["groups"][0]["rules"];
    assert_eq!(
        rules[0]["annotations"]["summary"],
        "{{ $value | humanize }} errors/s on {{ $labels.job }}"
    );
    assert_eq!(rules[0]["threshold"], "> 5");
    assert_eq!(rules[0]["expr"], "sum(rate(errors_total[5m]))");
    assert_eq!(
        rules[1]["annotations"]["summary"],
        "{{ $labels.instance }} is down ({{ $value }})"
    );
    // The typed form is all it needs: no escape hatch.
    assert!(rules[0].get("raw").is_none(), "{}", rules[0]);
    assert!(rules[1].get("raw").is_none(), "{}", rules[1]);
}
