//! Every classic dashboard of the real-world corpus reads into the typed model and writes back
//! without losing or changing a value (only adding Grafana defaults), and writing is idempotent.

mod corpus;

use std::path::PathBuf;

use grafcode::grafana::dashboard::Dashboard;
use serde_json::Value;

/// `input` is contained in `output`: every key of every object present with an equal value
/// (numbers compared as numbers, so `80.0` equals `80`).
fn contained(input: &Value, output: &Value, path: &str, diffs: &mut Vec<String>) {
    match (input, output) {
        (Value::Object(a), Value::Object(b)) => {
            for (k, v) in a {
                if v.is_null() {
                    continue; // Grafana's own save drops nulls (sortedDeepCloneWithoutNulls)
                }
                match b.get(k) {
                    Some(w) => contained(v, w, &format!("{path}.{k}"), diffs),
                    None => diffs.push(format!("{path}.{k} missing")),
                }
            }
        }
        (Value::Array(a), Value::Array(b)) if a.len() == b.len() => {
            for (i, (v, w)) in a.iter().zip(b).enumerate() {
                contained(v, w, &format!("{path}[{i}]"), diffs);
            }
        }
        (Value::Number(a), Value::Number(b)) if a.as_f64() == b.as_f64() => {}
        (a, b) if a == b => {}
        // Schema 40 migration: a non-string `refresh` becomes "".
        (Value::Bool(false), Value::String(s)) if path == ".refresh" && s.is_empty() => {}
        // A string schemaVersion ("39") is read as the number.
        (Value::String(s), Value::Number(n))
            if path == ".schemaVersion" && s.parse::<u64>().ok() == n.as_u64() => {}
        (a, b) => diffs.push(format!("{path}: {a} became {b}")),
    }
}

fn dashboards(dir: &std::path::Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "json"))
        .map(|e| e.into_path())
        .collect();
    out.sort();
    out
}

#[test]
fn corpus_dashboards_round_trip_through_the_typed_model() {
    let Some(corpus) = corpus::corpus("") else {
        return;
    };
    let mut checked = 0;
    let mut failures = Vec::new();
    for path in dashboards(&corpus.join("dashboards")) {
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        let Ok(mut v) = serde_json::from_str::<Value>(&text) else {
            continue; // not JSON (templated files): nothing to model
        };
        if let Some(inner) = v.get("dashboard").filter(|d| d.is_object()) {
            v = inner.clone();
        }
        // Only classic dashboards: v2 resources and fragments are out of scope here.
        if v.get("apiVersion").is_some()
            || v.get("title").is_none()
            || v.get("uid").is_none()
            || v.get("schemaVersion").is_none()
        {
            continue;
        }
        checked += 1;
        let d: Dashboard = match serde_json::from_value(v.clone()) {
            Ok(d) => d,
            Err(e) => {
                failures.push(format!("{}: read: {e}", path.display()));
                continue;
            }
        };
        let out = d.to_json().expect("serialise");
        let back: Value = serde_json::from_slice(&out).expect("output is JSON");
        let mut diffs = Vec::new();
        contained(&v, &back, "", &mut diffs);
        if !diffs.is_empty() {
            failures.push(format!(
                "{}: {}",
                path.display(),
                diffs[..diffs.len().min(5)].join("; ")
            ));
        }
        let again: Dashboard = serde_json::from_slice(&out).expect("reread");
        assert_eq!(
            again.to_json().unwrap(),
            out,
            "{} not idempotent",
            path.display()
        );
    }
    println!(
        "{checked} classic dashboards checked, {} failures",
        failures.len()
    );
    assert!(checked > 300, "only {checked} dashboards found");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
