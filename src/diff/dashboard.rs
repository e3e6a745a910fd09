//! Dashboards: panels (added, removed, moved, resized, queries, options), variables,
//! annotations and the dashboard's own settings.

use std::collections::BTreeMap;

use serde_json::Value;

use super::json::{leaf_changes, leaf_changes_except, show};
use super::query::{QUERY_FIELDS, differs, query_text, shown_pair};
use super::{Change, ValueKind};

/// Keys compared specially, or not at all (`id`, `version` churn without meaning; `title` is a
/// rename, reported by the status).
const DASHBOARD_SKIP: [&str; 6] = [
    "panels",
    "templating",
    "annotations",
    "id",
    "version",
    "title",
];
const PANEL_SKIP: [&str; 5] = ["gridPos", "targets", "id", "panels", "title"];

/// Every change between two versions of one dashboard's JSON.
pub(super) fn compare(base: &Value, head: &Value, out: &mut Vec<Change>) {
    compare_panels(&panels(base), &panels(head), out);
    compare_named(
        "variable",
        &list(base, "templating"),
        &list(head, "templating"),
        out,
    );
    compare_named(
        "annotation",
        &list(base, "annotations"),
        &list(head, "annotations"),
        out,
    );
    leaf_changes_except("", "", base, head, &DASHBOARD_SKIP, out);
}

/// Panels by a name unique in the dashboard: `panel "Title"` (rows: `row "Title"`), with
/// `#2`, `#3` for repeated titles and the id for untitled panels.
fn panels(dashboard: &Value) -> BTreeMap<String, &Value> {
    let mut flat = Vec::new();
    for panel in array(dashboard.get("panels")) {
        flat.push(panel);
        flat.extend(array(panel.get("panels")));
    }
    let mut named = BTreeMap::new();
    for panel in flat {
        let noun = if panel.get("type").and_then(Value::as_str) == Some("row") {
            "row"
        } else {
            "panel"
        };
        let base = match panel.get("title").and_then(Value::as_str) {
            Some(t) if !t.is_empty() => format!("{noun} {t:?}"),
            _ => format!(
                "{noun} (id {})",
                panel.get("id").map(show).unwrap_or_default()
            ),
        };
        let mut name = base.clone();
        let mut n = 2;
        while named.contains_key(&name) {
            name = format!("{base} #{n}");
            n += 1;
        }
        named.insert(name, panel);
    }
    named
}

fn compare_panels(
    base: &BTreeMap<String, &Value>,
    head: &BTreeMap<String, &Value>,
    out: &mut Vec<Change>,
) {
    for (name, b) in base {
        match head.get(name) {
            Some(h) => compare_panel(name, b, h, out),
            None => out.push(Change::removed(name, "", Some(describe_panel(b)))),
        }
    }
    for (name, h) in head {
        if !base.contains_key(name) {
            out.push(Change::added(name, "", Some(describe_panel(h))));
        }
    }
}

/// `timeseries at (0,8) 12x8`.
fn describe_panel(panel: &Value) -> String {
    let kind = panel.get("type").map(show).unwrap_or_default();
    match grid(panel) {
        Some([x, y, w, h]) => format!("{kind} at ({x},{y}) {w}x{h}"),
        None => kind,
    }
}

fn compare_panel(name: &str, base: &Value, head: &Value, out: &mut Vec<Change>) {
    if let (Some([bx, by, bw, bh]), Some([hx, hy, hw, hh])) = (grid(base), grid(head)) {
        if (bx, by) != (hx, hy) {
            out.push(Change::changed(
                name,
                "position",
                format!("({bx},{by})"),
                format!("({hx},{hy})"),
            ));
        }
        if bw != hw {
            out.push(Change::changed(
                name,
                "width",
                bw.to_string(),
                hw.to_string(),
            ));
        }
        if bh != hh {
            out.push(Change::changed(
                name,
                "height",
                bh.to_string(),
                hh.to_string(),
            ));
        }
    } else {
        leaf_changes(
            name,
            "gridPos",
            base.get("gridPos").unwrap_or(&Value::Null),
            head.get("gridPos").unwrap_or(&Value::Null),
            out,
        );
    }
    compare_targets(name, base, head, out);
    leaf_changes_except(name, "", base, head, &PANEL_SKIP, out);
}

/// `[x, y, w, h]` of a panel's gridPos.
fn grid(panel: &Value) -> Option<[i64; 4]> {
    let g = panel.get("gridPos")?;
    let field = |k: &str| g.get(k).and_then(Value::as_i64);
    Some([field("x")?, field("y")?, field("w")?, field("h")?])
}

/// Targets by refId (position when absent): the query text as an expression change, the rest
/// leaf by leaf.
fn compare_targets(subject: &str, base: &Value, head: &Value, out: &mut Vec<Change>) {
    let by_ref = |panel: &Value| -> BTreeMap<String, Value> {
        array(panel.get("targets"))
            .enumerate()
            .map(|(i, t)| {
                let id = t
                    .get("refId")
                    .and_then(Value::as_str)
                    .map(str::to_string)
                    .unwrap_or_else(|| format!("#{}", i + 1));
                (id, t.clone())
            })
            .collect()
    };
    let (b, h) = (by_ref(base), by_ref(head));
    for (id, bt) in &b {
        let field = format!("query {id}");
        match h.get(id) {
            Some(ht) => {
                expr_change(subject, &field, query_text(bt), query_text(ht), out);
                leaf_changes_except(subject, &field, bt, ht, &QUERY_FIELDS, out);
            }
            None => out.push(
                Change::removed(subject, &field, query_text(bt).map(str::to_string))
                    .shown_as(ValueKind::Expr),
            ),
        }
    }
    for (id, ht) in &h {
        if !b.contains_key(id) {
            out.push(
                Change::added(
                    subject,
                    &format!("query {id}"),
                    query_text(ht).map(str::to_string),
                )
                .shown_as(ValueKind::Expr),
            );
        }
    }
}

/// A query text change, printed canonically (nothing when only the layout changed).
pub(super) fn expr_change(
    subject: &str,
    field: &str,
    before: Option<&str>,
    after: Option<&str>,
    out: &mut Vec<Change>,
) {
    let change = match (before, after) {
        (Some(b), Some(a)) if differs(b, a) => {
            let (b, a) = shown_pair(b, a);
            Change::changed(subject, field, b, a)
        }
        (Some(b), None) => Change::removed(subject, field, Some(b.to_string())),
        (None, Some(a)) => Change::added(subject, field, Some(a.to_string())),
        _ => return,
    };
    out.push(change.shown_as(ValueKind::Expr));
}

/// Variables or annotations by name: added, removed, or changed leaf by leaf.
fn compare_named(noun: &str, base: &[Value], head: &[Value], out: &mut Vec<Change>) {
    let by_name = |items: &[Value]| -> BTreeMap<String, Value> {
        items
            .iter()
            .enumerate()
            .map(|(i, v)| {
                let name = v
                    .get("name")
                    .and_then(Value::as_str)
                    .map(str::to_string)
                    .unwrap_or_else(|| format!("#{}", i + 1));
                (name, v.clone())
            })
            .collect()
    };
    let (b, h) = (by_name(base), by_name(head));
    for (name, bv) in &b {
        let subject = format!("{noun} {name}");
        match h.get(name) {
            Some(hv) => leaf_changes(&subject, "", bv, hv, out),
            None => out.push(Change::removed(&subject, "", bv.get("type").map(show))),
        }
    }
    for (name, hv) in &h {
        if !b.contains_key(name) {
            out.push(Change::added(
                &format!("{noun} {name}"),
                "",
                hv.get("type").map(show),
            ));
        }
    }
}

/// `dashboard[key].list` (templating, annotations).
fn list(dashboard: &Value, key: &str) -> Vec<Value> {
    array(dashboard.get(key).and_then(|v| v.get("list")))
        .cloned()
        .collect()
}

fn array(v: Option<&Value>) -> impl Iterator<Item = &Value> {
    v.and_then(Value::as_array).into_iter().flatten()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diff::ChangeKind;
    use serde_json::json;

    fn dashboard(width: i64, expr: &str, unit: &str) -> Value {
        json!({
            "uid": "api", "title": "API", "version": 1, "tags": ["http"],
            "templating": {"list": [{"name": "job", "type": "query", "query": "label_values(up, job)"}]},
            "panels": [
                {"type": "row", "title": "Traffic", "id": 1, "gridPos": {"x": 0, "y": 0, "w": 24, "h": 1}},
                {"type": "timeseries", "title": "p99 latency", "id": 2,
                 "gridPos": {"x": 0, "y": 1, "w": width, "h": 8},
                 "fieldConfig": {"defaults": {"unit": unit}},
                 "targets": [{"refId": "A", "expr": expr, "legendFormat": "{{job}}"}]},
                {"type": "stat", "title": "Errors", "id": 3,
                 "gridPos": {"x": width, "y": 1, "w": 12, "h": 8}, "targets": []}
            ]
        })
    }

    fn run(a: &Value, b: &Value) -> Vec<Change> {
        let mut out = Vec::new();
        compare(a, b, &mut out);
        out
    }

    #[test]
    fn identical_dashboards_have_no_changes() {
        let d = dashboard(12, "up", "s");
        assert!(run(&d, &d).is_empty());
    }

    #[test]
    fn width_change_resizes_and_moves_the_neighbour() {
        let got = run(&dashboard(12, "up", "s"), &dashboard(16, "up", "s"));
        assert_eq!(
            got,
            vec![
                Change::changed(
                    "panel \"Errors\"",
                    "position",
                    "(12,1)".into(),
                    "(16,1)".into()
                ),
                Change::changed("panel \"p99 latency\"", "width", "12".into(), "16".into()),
            ]
        );
    }

    #[test]
    fn query_changes_are_expression_changes_and_layout_is_ignored() {
        let got = run(
            &dashboard(12, "histogram_quantile(0.99, x)", "s"),
            &dashboard(12, "histogram_quantile(0.95,\n  x)", "ms"),
        );
        assert_eq!(got.len(), 2, "{got:#?}");
        assert_eq!(got[0].field, "query A");
        assert_eq!(got[0].value, ValueKind::Expr);
        assert_eq!(
            got[0].before.as_deref(),
            Some("histogram_quantile(0.99, x)")
        );
        assert_eq!(got[0].after.as_deref(), Some("histogram_quantile(0.95, x)"));
        assert_eq!(got[1].field, "fieldConfig.defaults.unit");
        let layout_only = run(
            &dashboard(12, "sum(x)", "s"),
            &dashboard(12, "sum(\n  x\n)", "s"),
        );
        assert!(layout_only.is_empty(), "{layout_only:#?}");
    }

    #[test]
    fn panels_and_variables_added_and_removed() {
        let a = dashboard(12, "up", "s");
        let mut b = a.clone();
        b["panels"].as_array_mut().expect("panels").remove(2);
        b["panels"].as_array_mut().expect("panels").push(
            json!({"type": "logs", "title": "Logs", "gridPos": {"x": 0, "y": 9, "w": 24, "h": 10}}),
        );
        b["templating"]["list"][0]["name"] = json!("service");
        let got = run(&a, &b);
        let summary: Vec<(String, ChangeKind, Option<String>)> = got
            .iter()
            .map(|c| {
                (
                    c.subject.clone(),
                    c.kind,
                    c.before.clone().or(c.after.clone()),
                )
            })
            .collect();
        assert_eq!(
            summary,
            vec![
                (
                    "panel \"Errors\"".into(),
                    ChangeKind::Removed,
                    Some("stat at (12,1) 12x8".into())
                ),
                (
                    "panel \"Logs\"".into(),
                    ChangeKind::Added,
                    Some("logs at (0,9) 24x10".into())
                ),
                (
                    "variable job".into(),
                    ChangeKind::Removed,
                    Some("query".into())
                ),
                (
                    "variable service".into(),
                    ChangeKind::Added,
                    Some("query".into())
                ),
            ]
        );
    }

    #[test]
    fn collapsed_row_panels_are_compared_and_repeated_titles_kept_apart() {
        let a = json!({"panels": [
            {"type": "row", "title": "R", "collapsed": true, "panels": [
                {"type": "stat", "title": "X", "gridPos": {"x": 0, "y": 1, "w": 6, "h": 4}},
                {"type": "stat", "title": "X", "gridPos": {"x": 6, "y": 1, "w": 6, "h": 4}}
            ]}
        ]});
        let mut b = a.clone();
        b["panels"][0]["panels"][1]["gridPos"]["h"] = json!(6);
        let got = run(&a, &b);
        assert_eq!(
            got,
            vec![Change::changed(
                "panel \"X\" #2",
                "height",
                "4".into(),
                "6".into()
            )]
        );
    }
}
