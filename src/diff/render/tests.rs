use super::*;
use crate::diff::{Entry, Snapshot, diff};
use serde_json::json;

fn side(label: &str, width: i64, threshold: f64, url: &str, owners: &[&str]) -> Snapshot {
    let dashboard = json!({"uid": "api-http", "title": "HTTP API", "panels": [
        {"type": "timeseries", "title": "p99 latency", "gridPos": {"x": 0, "y": 0, "w": width, "h": 8},
         "targets": [{"refId": "A", "expr": "histogram_quantile(0.99, sum by (le) (rate(x_bucket[5m])))"}]}
    ]});
    let rule = json!({"uid": "gc1", "title": "HighLatency", "for": "5m", "data": [
        {"refId": "C", "datasourceUid": "__expr__", "model": {"type": "threshold", "expression": "B",
         "conditions": [{"evaluator": {"type": "gt", "params": [threshold]}}]}}
    ]});
    let group = json!({"name": "api", "interval": "1m", "rules": [rule.clone()]});
    let mut files = std::collections::BTreeMap::new();
    files.insert(
        "sidecar/api-http.yaml".to_string(),
        format!("w: {width}\n").into_bytes(),
    );
    Snapshot {
        label: label.to_string(),
        entries: vec![
            Entry::dashboard("api", "API", dashboard),
            Entry::alert_rule("api", "latency", "grafana", &group, "API", &rule),
            Entry::datasource(
                None,
                json!({"name": "loki", "uid": "loki", "url": url,
                "secureJsonData": {"httpHeaderValue1": format!("$__file{{/{url}}}")}}),
            ),
            Entry::team("api", json!({"owners": owners})),
        ],
        files,
    }
}

fn report() -> Report {
    diff(
        &side(
            "main (0123456789ab)",
            12,
            0.5,
            "http://loki-a",
            &["@acme/api"],
        ),
        &side(
            "work tree",
            24,
            0.8,
            "http://loki-b",
            &["@acme/api", "@alice"],
        ),
    )
}

#[test]
fn text_names_each_object_and_change() {
    let text = render(&report(), Format::Text, false);
    insta::assert_snapshot!(text);
    assert!(!text.contains('\x1b'));
    assert!(render(&report(), Format::Text, true).contains("\x1b[33m~\x1b[0m"));
}

#[test]
fn markdown_has_a_summary_and_one_section_per_object() {
    let md = render(&report(), Format::Markdown, false);
    insta::assert_snapshot!(md);
    assert_eq!(md.matches("<details>").count(), 5);
}

#[test]
fn empty_report_renders_empty_text_and_a_no_changes_comment() {
    let a = side("main", 12, 0.5, "u", &[]);
    let report = diff(&a, &a);
    assert!(report.is_empty());
    assert_eq!(render(&report, Format::Text, true), "");
    assert!(render(&report, Format::Markdown, false).contains("No changes"));
    let json: serde_json::Value =
        serde_json::from_str(&render(&report, Format::Json, false)).expect("json");
    assert_eq!(json["objects"], json!([]));
}

#[test]
fn json_carries_every_change_without_secrets() {
    let out = render(&report(), Format::Json, false);
    assert!(!out.contains("$__file"), "{out}");
    let json: serde_json::Value = serde_json::from_str(&out).expect("json");
    // Org-wide objects sort first, then by team, kind, key.
    assert_eq!(json["objects"][0]["kind"], "datasource");
    assert_eq!(json["objects"][1]["kind"], "dashboard");
    assert_eq!(json["objects"][1]["status"], "modified");
    assert_eq!(json["objects"][1]["changes"][0]["field"], "width");
    assert_eq!(json["objects"][1]["changes"][0]["before"], "12");
    assert_eq!(json["files"][0]["path"], "sidecar/api-http.yaml");
}
