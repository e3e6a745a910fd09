//! `raw:` of Grafana-managed rules and groups: RFC 7386 merge patches over the compiled
//! object, with one addition for rules: `data` may be a mapping from refId to a patch of that
//! node (`null` removes the node, an unknown refId appends one), so a pipeline that is nearly
//! the typed one needs only its differences. A `data` list replaces the whole pipeline.

use serde_json::{Map, Value};

use super::json::merge_patch;
use crate::grafana::alerting::{Rule, RuleGroup};

/// Applies a rule `raw:` patch to the rule's JSON form.
pub fn patch_rule_json(rule: &mut Value, patch: &Value) {
    let Value::Object(p) = patch else {
        *rule = patch.clone();
        return;
    };
    let mut rest = p.clone();
    if let Some(Value::Object(nodes)) = p.get("data") {
        rest.shift_remove("data");
        if !rule.get("data").is_some_and(Value::is_array) {
            rule["data"] = Value::Array(Vec::new());
        }
        if let Some(Value::Array(data)) = rule.get_mut("data") {
            patch_nodes(data, nodes);
        }
    }
    merge_patch(rule, &Value::Object(rest));
}

fn patch_nodes(data: &mut Vec<Value>, nodes: &Map<String, Value>) {
    for (ref_id, node_patch) in nodes {
        let at = data
            .iter()
            .position(|n| n.get("refId").and_then(Value::as_str) == Some(ref_id.as_str()));
        match (at, node_patch.is_null()) {
            (Some(i), true) => {
                data.remove(i);
            }
            (Some(i), false) => {
                if let Some(n) = data.get_mut(i) {
                    merge_patch(n, node_patch);
                }
            }
            (None, true) => {}
            (None, false) => {
                let mut n = Value::Object(Map::new());
                merge_patch(&mut n, node_patch);
                if let Value::Object(m) = &mut n {
                    m.entry("refId")
                        .or_insert_with(|| Value::from(ref_id.clone()));
                }
                data.push(n);
            }
        }
    }
}

/// The rule with `patch` applied; an error when the result is no longer a Grafana rule.
pub fn patch_rule(rule: &Rule, patch: &Value) -> Result<Rule, String> {
    let mut v = serde_json::to_value(rule).map_err(|e| e.to_string())?;
    patch_rule_json(&mut v, patch);
    serde_json::from_value(v).map_err(|e| e.to_string())
}

/// The group with `patch` applied (its rules are kept as they are).
pub fn patch_group(group: &RuleGroup, patch: &Value) -> Result<RuleGroup, String> {
    let mut v = serde_json::to_value(group).map_err(|e| e.to_string())?;
    merge_patch(&mut v, patch);
    let mut out: RuleGroup = serde_json::from_value(v).map_err(|e| e.to_string())?;
    out.rules.clone_from(&group.rules);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grafana::alerting::{Evaluator, QuerySource};
    use serde_json::json;

    #[test]
    fn data_patches_by_ref_id() {
        let src = QuerySource::new("prometheus", "p");
        let r = Rule::query_reduce_threshold("u", "t", &src, "up", Evaluator::gt(1.0));
        let patch = json!({
            "data": {"A": {"relativeTimeRange": {"from": 300}}, "B": null,
                     "D": {"datasourceUid": "__expr__", "model": {"type": "math"}}},
            "panelId": 4
        });
        let out = patch_rule(&r, &patch).unwrap();
        let refs: Vec<&str> = out.ref_ids().collect();
        assert_eq!(refs, ["A", "C", "D"]);
        assert_eq!(out.data[0].relative_time_range.from, 300);
        assert_eq!(out.panel_id, Some(4));
        assert_eq!(out.data[2].model["type"], "math");
        // A list replaces the pipeline.
        let out = patch_rule(&r, &json!({"data": [], "condition": ""})).unwrap();
        assert!(out.data.is_empty());
        // Something that is no rule is an error, not a panic.
        assert!(patch_rule(&r, &json!({"data": 3})).is_err());
    }
}
