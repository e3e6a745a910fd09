//! Reads every dashboard of the real-world corpus through the import front end: each one is
//! recognised (classic forms unwrapped, v2 reported unsupported), none panics, and the
//! normalised form of each is stable (normalising twice changes nothing).

mod corpus;

use std::path::{Path, PathBuf};

use grafcode::import::input::{self, DocumentKind, Form};
use grafcode::import::normalize::{self, Unmapped};
use serde_json::Value;

fn json_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "json"))
        .map(|e| e.into_path())
        .collect();
    files.sort();
    files
}

#[test]
fn every_corpus_dashboard_is_read_or_reported_unsupported() {
    let Some(corpus) = corpus::corpus("dashboards") else {
        return;
    };
    let files = json_files(&corpus.join("dashboards"));
    assert!(
        files.len() >= 700,
        "expected the ~700 corpus dashboards, found {}",
        files.len()
    );
    let (mut classic, mut v2, mut rows, mut external) = (0, 0, 0, 0);
    let mut failures = Vec::new();
    for f in &files {
        let name = f.display().to_string();
        let text = std::fs::read_to_string(f).unwrap();
        let doc = match input::parse_json(&name, &text) {
            Ok(d) => d,
            Err(e) => {
                failures.push(e.to_string());
                continue;
            }
        };
        let kind = input::classify(&doc);
        match input::read_dashboard(&name, doc) {
            Ok(d) => {
                assert_eq!(kind, Some(DocumentKind::Dashboard), "{name}");
                classic += 1;
                rows += usize::from(d.forms.contains(&Form::LegacyRows));
                external += usize::from(d.forms.contains(&Form::ExternalExport));
                assert!(!d.dashboard.contains_key("rows"), "{name}: rows left");
                assert!(
                    !d.dashboard.contains_key("__inputs"),
                    "{name}: __inputs left"
                );
                let once = normalize::normalize_dashboard(&Value::Object(d.dashboard), &Unmapped);
                let twice = normalize::normalize_dashboard(&once, &Unmapped);
                assert_eq!(
                    normalize::diff(&once, &twice),
                    vec![],
                    "{name}: normalise not idempotent"
                );
            }
            Err(e) if kind == Some(DocumentKind::DashboardV2) => {
                assert!(
                    e.message
                        .starts_with("unsupported: dashboard.grafana.app/v2"),
                    "{e}"
                );
                v2 += 1;
            }
            Err(e) => failures.push(e.to_string()),
        }
    }
    eprintln!("classic {classic}, v2 {v2}, legacy rows {rows}, external exports {external}");
    assert_eq!(failures, Vec::<String>::new());
    assert_eq!(classic + v2, files.len());
    assert!(
        v2 >= 1 && rows >= 100 && external >= 90,
        "corpus forms not all exercised"
    );
}
