//! Rows as Grafana reads a panel list: sorted by position on load (which decides what row a
//! panel is in), and panels that follow a collapsed row kept outside it (`below:`). Imported
//! exports come back identical under `--verify` with their panels typed (no `raw: {panels}`).

mod import_support;

use serde_json::{Value, json};

/// Imports `dashboard`; asserts `--verify` found it identical with no `raw:` and returns the
/// source.
fn import(dashboard: &Value) -> Value {
    let imported = import_support::import(dashboard);
    assert_eq!(
        imported.item.panels.panels_with_raw, 0,
        "{:?}",
        imported.item
    );
    imported.source
}

fn stat(id: u32, title: &str, x: u32, y: u32) -> Value {
    json!({"type": "stat", "id": id, "title": title, "gridPos": {"x": x, "y": y, "w": 12, "h": 4},
           "datasource": {"type": "prometheus", "uid": "p"},
           "targets": [{"refId": "A", "expr": "up", "datasource": {"type": "prometheus", "uid": "p"}}]})
}

fn row(id: u32, title: &str, y: u32, collapsed: bool, panels: Value) -> Value {
    json!({"type": "row", "id": id, "title": title, "collapsed": collapsed,
           "gridPos": {"x": 0, "y": y, "w": 24, "h": 1}, "panels": panels})
}

fn titles(v: &Value) -> Vec<&str> {
    v.as_array()
        .into_iter()
        .flatten()
        .filter_map(|p| p["title"].as_str())
        .collect()
}

#[test]
fn panels_listed_out_of_place_join_the_row_they_sit_under() {
    // The list has row B's header and panel before row A's panel; by position A comes first.
    let d = json!({"title": "Order", "uid": "order", "schemaVersion": 41, "panels": [
        row(1, "A", 0, false, json!([])),
        row(3, "B", 5, false, json!([])),
        stat(4, "b1", 0, 6),
        stat(2, "a1", 0, 1),
    ]});
    let source = import(&d);
    assert_eq!(source.get("raw"), None, "{source:#}");
    let rows = source["rows"].as_array().unwrap();
    assert_eq!(titles(&rows[0]["panels"]), vec!["a1"]);
    assert_eq!(titles(&rows[1]["panels"]), vec!["b1"]);
}

#[test]
fn panels_after_a_collapsed_row_stay_outside_it() {
    let d = json!({"title": "Below", "uid": "below", "schemaVersion": 41, "panels": [
        row(1, "Hidden", 0, true, json!([stat(2, "inside", 0, 1)])),
        stat(3, "outside left", 0, 1),
        stat(4, "outside right", 12, 1),
        row(5, "Next", 5, false, json!([])),
        stat(6, "next", 0, 6),
    ]});
    let source = import(&d);
    assert_eq!(source.get("raw"), None, "{source:#}");
    let rows = source["rows"].as_array().unwrap();
    assert_eq!(titles(&rows[0]["panels"]), vec!["inside"]);
    assert_eq!(
        titles(&rows[0]["below"]),
        vec!["outside left", "outside right"]
    );
    assert_eq!(titles(&rows[1]["panels"]), vec!["next"]);
}

#[test]
fn below_is_only_for_collapsed_rows() {
    let work = tempfile::tempdir().unwrap();
    let dir = work.path();
    import_support::repo(
        dir,
        &[(
            "d.yaml",
            "title: D\ndatasource: prometheus\nrows:\n  - title: Open\n    below:\n      - type: stat\n        expr: up\n",
        )],
    );
    let tree = grafcode::source::DiskTree::new(dir);
    let (repo, diags) = grafcode::source::load(&tree).unwrap();
    assert!(!grafcode::compile::has_errors(&diags), "{diags:?}");
    let env = grafcode::compile::environment(&repo, None).unwrap();
    let (_, diags) = grafcode::compile::compile(&repo, &env);
    assert!(
        diags.iter().any(|d| d.id == "source/row-below"),
        "{diags:?}"
    );
}
