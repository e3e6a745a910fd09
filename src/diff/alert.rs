//! Alert rules: the query expression, the threshold, `for`, labels, annotations, and where the
//! rule lives (group, folder, interval, engine).

use std::collections::BTreeMap;

use serde_json::Value;

use super::Change;
use super::dashboard::expr_change;
use super::json::{leaf_changes_except, show};
use super::query::{QUERY_FIELDS, query_text};

/// Grafana's datasource UID for server-side expressions (reduce, math, threshold).
const EXPRESSION_UID: &str = "__expr__";

/// Every change between two versions of one rule entry (see `Entry::alert_rule`).
pub(super) fn compare(base: &Value, head: &Value, out: &mut Vec<Change>) {
    leaf_changes_except("", "", base, head, &["rule"], out);
    let (b, h) = (rule(base), rule(head));
    if b.get("data").is_some() || h.get("data").is_some() {
        compare_data(b, h, out);
        leaf_changes_except("", "", b, h, &["data", "uid", "title"], out);
    } else {
        // Prometheus / Loki rule: `expr` in the rule itself.
        expr_change("", "expr", query_text(b), query_text(h), out);
        let mut skip = vec!["alert", "record"];
        skip.extend(QUERY_FIELDS);
        leaf_changes_except("", "", b, h, &skip, out);
    }
}

fn rule(entry: &Value) -> &Value {
    entry.get("rule").unwrap_or(&Value::Null)
}

/// The rule's `data` steps by refId: queries as expression changes, thresholds as
/// comparisons, everything else leaf by leaf.
fn compare_data(base: &Value, head: &Value, out: &mut Vec<Change>) {
    let (b, h) = (steps(base), steps(head));
    for (id, bs) in &b {
        match h.get(id) {
            Some(hs) => compare_step(id, bs, hs, out),
            None => out.push(Change::removed("", &step_name(id, bs), Some(describe(bs)))),
        }
    }
    for (id, hs) in &h {
        if !b.contains_key(id) {
            out.push(Change::added("", &step_name(id, hs), Some(describe(hs))));
        }
    }
}

fn steps(rule: &Value) -> BTreeMap<String, &Value> {
    rule.get("data")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .enumerate()
        .map(|(i, s)| {
            let id = s
                .get("refId")
                .and_then(Value::as_str)
                .map(str::to_string)
                .unwrap_or_else(|| format!("#{}", i + 1));
            (id, s)
        })
        .collect()
}

/// What a step is: `query A`, `threshold C`, `reduce B`, `math D`.
fn step_name(id: &str, step: &Value) -> String {
    if is_expression(step) {
        let kind = model(step)
            .get("type")
            .map(show)
            .unwrap_or_else(|| "expression".into());
        format!("{kind} {id}")
    } else {
        format!("query {id}")
    }
}

fn is_expression(step: &Value) -> bool {
    step.get("datasourceUid").and_then(Value::as_str) == Some(EXPRESSION_UID)
}

fn model(step: &Value) -> &Value {
    step.get("model").unwrap_or(&Value::Null)
}

/// A step for an added/removed message: its condition or its query.
fn describe(step: &Value) -> String {
    threshold(step)
        .or_else(|| query_text(model(step)).map(str::to_string))
        .unwrap_or_default()
}

fn compare_step(id: &str, base: &Value, head: &Value, out: &mut Vec<Change>) {
    let name = step_name(id, head);
    let (bm, hm) = (model(base), model(head));
    let (bt, ht) = (threshold(base), threshold(head));
    if bt.is_some() || ht.is_some() {
        if bt != ht {
            out.push(Change::changed(
                "",
                &name,
                bt.unwrap_or_default(),
                ht.unwrap_or_default(),
            ));
        }
        let mut skip: Vec<&str> = vec!["conditions", "refId"];
        skip.extend(QUERY_FIELDS);
        leaf_changes_except("", &format!("{name}.model"), bm, hm, &skip, out);
    } else {
        expr_change("", &name, query_text(bm), query_text(hm), out);
        let mut skip: Vec<&str> = vec!["refId"];
        skip.extend(QUERY_FIELDS);
        leaf_changes_except("", &format!("{name}.model"), bm, hm, &skip, out);
    }
    leaf_changes_except("", &name, base, head, &["model", "refId"], out);
}

/// A threshold step as `B > 0.5` (Grafana's `threshold` expression: input and evaluators).
fn threshold(step: &Value) -> Option<String> {
    let m = model(step);
    if !is_expression(step) || m.get("type").and_then(Value::as_str) != Some("threshold") {
        return None;
    }
    let input = m.get("expression").map(show).unwrap_or_default();
    let conditions: Vec<String> = m
        .get("conditions")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|c| c.get("evaluator"))
        .map(|e| format!("{input} {}", evaluator(e)))
        .collect();
    Some(conditions.join(" and "))
}

/// `> 0.5`, `within 1..5` from `{"type": "gt", "params": [0.5]}`.
fn evaluator(e: &Value) -> String {
    let params: Vec<String> = e
        .get("params")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .map(show)
        .collect();
    let p = |i: usize| params.get(i).cloned().unwrap_or_default();
    let kind = e.get("type").and_then(Value::as_str).unwrap_or("");
    match kind {
        "gt" => format!("> {}", p(0)),
        "lt" => format!("< {}", p(0)),
        "gte" => format!(">= {}", p(0)),
        "lte" => format!("<= {}", p(0)),
        "eq" => format!("== {}", p(0)),
        "ne" => format!("!= {}", p(0)),
        "within_range" => format!("within {}..{}", p(0), p(1)),
        "outside_range" => format!("outside {}..{}", p(0), p(1)),
        other => format!("{other} {}", params.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diff::{ChangeKind, ValueKind};
    use serde_json::json;

    fn grafana_rule(expr: &str, threshold: f64, r#for: &str, severity: &str) -> Value {
        json!({
            "engine": "grafana", "folder": "API", "group": "api", "interval": "1m",
            "rule": {
                "uid": "gc1", "title": "HighLatency", "condition": "C", "for": r#for,
                "labels": {"severity": severity}, "annotations": {"summary": "slow"},
                "data": [
                    {"refId": "A", "datasourceUid": "prom", "relativeTimeRange": {"from": 600, "to": 0},
                     "model": {"refId": "A", "expr": expr}},
                    {"refId": "B", "datasourceUid": "__expr__",
                     "model": {"refId": "B", "type": "reduce", "expression": "A", "reducer": "last"}},
                    {"refId": "C", "datasourceUid": "__expr__",
                     "model": {"refId": "C", "type": "threshold", "expression": "B",
                               "conditions": [{"evaluator": {"type": "gt", "params": [threshold]}}]}}
                ]
            }
        })
    }

    fn run(a: &Value, b: &Value) -> Vec<Change> {
        let mut out = Vec::new();
        compare(a, b, &mut out);
        out
    }

    #[test]
    fn threshold_for_labels_and_expr_are_named() {
        let a = grafana_rule("histogram_quantile(0.99, x) ", 0.5, "5m", "page");
        let b = grafana_rule("histogram_quantile(0.9, x)", 0.8, "10m", "ticket");
        let got = run(&a, &b);
        assert_eq!(
            got,
            vec![
                Change::changed(
                    "",
                    "query A",
                    "histogram_quantile(0.99, x)".into(),
                    "histogram_quantile(0.9, x)".into()
                )
                .shown_as(ValueKind::Expr),
                Change::changed("", "threshold C", "B > 0.5".into(), "B > 0.8".into()),
                Change::changed("", "for", "5m".into(), "10m".into()),
                Change::changed("", "labels.severity", "page".into(), "ticket".into()),
            ]
        );
        assert!(run(&a, &a).is_empty());
    }

    #[test]
    fn group_moves_and_removed_steps_are_reported() {
        let a = grafana_rule("x", 1.0, "5m", "page");
        let mut b = a.clone();
        b["interval"] = json!("5m");
        b["rule"]["data"].as_array_mut().expect("data").pop();
        let got = run(&a, &b);
        assert_eq!(
            got[0],
            Change::changed("", "interval", "1m".into(), "5m".into())
        );
        assert_eq!(got[1].field, "threshold C");
        assert_eq!(got[1].kind, ChangeKind::Removed);
        assert_eq!(got[1].before.as_deref(), Some("B > 1.0"));
    }

    #[test]
    fn prometheus_rules_compare_expr_for_and_annotations() {
        let a = json!({"engine": "prometheus", "group": "g", "rule":
            {"alert": "Down", "expr": "up == 0", "for": "5m", "annotations": {"summary": "down"}}});
        let b = json!({"engine": "prometheus", "group": "g", "rule":
            {"alert": "Down", "expr": "up  ==  0 or absent(up)", "for": "5m", "annotations": {"summary": "gone"}}});
        let got = run(&a, &b);
        assert_eq!(got[0].field, "expr");
        assert_eq!(got[0].after.as_deref(), Some("up == 0 or absent(up)"));
        assert_eq!(
            got[1],
            Change::changed("", "annotations.summary", "down".into(), "gone".into())
        );
        assert_eq!(got.len(), 2);
    }
}
