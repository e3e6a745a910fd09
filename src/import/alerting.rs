//! Grafana alerting provisioning files (as Grafana exports them: `apiVersion: 1`,
//! `groups: [{orgId, name, folder, interval, rules: [{uid, title, condition, data, …}]}]`)
//! → `teams/<team>/alerts/*.yaml` with `engine: grafana` groups.
//!
//! Each rule is written in the short typed form where its pipeline has that shape: the
//! datasource query as `expr` + `datasource` (by logical name), `threshold:` when the pipeline
//! is query → reduce → threshold, the states, `for`, labels and annotations (Grafana's
//! `$values.<R>.Value` of the value node back to Prometheus' `$value`). Whatever else the rule
//! holds goes to `raw:`, a merge patch computed against what the compiler makes of the typed
//! keys ([`add_patches`]), so the rule compiles back to the original. A rule without a typed
//! query keeps its whole pipeline in `raw: {condition, data}`. Contact points, policies,
//! templates, mute timings and `deleteRules` are not imported: [`AlertingInput::not_imported`]
//! names them.

use serde_json::{Map, Value, json};

use super::ImportError;
use super::datasources::{Choice, DashboardScope, Datasources};
use super::patch::merge_diff;
use crate::compile::alert_raw::patch_rule_json;
use crate::grafana::alerting::{AlertQuery, Rule, RuleGroup};
use crate::grafana::templates;

/// A Grafana alerting provisioning file, read.
#[derive(Debug, Clone, PartialEq)]
pub struct AlertingInput {
    /// The rule groups, in comparison form ([`normalize_group`]).
    pub groups: Vec<Value>,
    /// Sections of the file that are not imported, each with what it holds.
    pub not_imported: Vec<String>,
}

/// Sections of an alerting file other than rules, which alert source does not hold.
const OTHER_SECTIONS: &[&str] = &[
    "deleteRules",
    "contactPoints",
    "deleteContactPoints",
    "policies",
    "resetPolicies",
    "templates",
    "deleteTemplates",
    "muteTimes",
    "deleteMuteTimes",
];

/// Reads an alerting provisioning file (YAML or JSON).
pub fn read(input: &str, doc: &Value) -> Result<AlertingInput, ImportError> {
    let Some(obj) = doc.as_object() else {
        return Err(ImportError::new(
            input,
            "not a Grafana alerting provisioning file: expected a mapping with `groups:`",
        ));
    };
    let mut not_imported = Vec::new();
    for (k, v) in obj {
        if k == "apiVersion" || k == "groups" {
            continue;
        }
        let what = match v {
            Value::Array(a) => format!("`{k}` ({} entries)", a.len()),
            _ => format!("`{k}`"),
        };
        let why = if OTHER_SECTIONS.contains(&k.as_str()) {
            "alert source holds rule groups only; keep it as provisioning"
        } else {
            "unknown section"
        };
        not_imported.push(format!("{what} not imported: {why}"));
    }
    let groups = match obj.get("groups") {
        Some(Value::Array(g)) => g,
        None | Some(Value::Null) => &Vec::new(),
        Some(_) => {
            return Err(ImportError::new(
                input,
                "`groups` is not a list; expected a list of rule groups",
            ));
        }
    };
    let mut out = Vec::with_capacity(groups.len());
    for (i, g) in groups.iter().enumerate() {
        out.push(read_group(input, i, g)?);
    }
    Ok(AlertingInput {
        groups: out,
        not_imported,
    })
}

fn read_group(input: &str, i: usize, g: &Value) -> Result<Value, ImportError> {
    let at = |what: String| ImportError::new(input, format!("groups[{i}]{what}"));
    let Some(o) = g.as_object() else {
        return Err(at(" is not a mapping".into()));
    };
    if !o.get("name").is_some_and(Value::is_string) {
        return Err(at(" has no `name`".into()));
    }
    for (j, r) in o
        .get("rules")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .enumerate()
    {
        if !(r.get("title").is_some() && r.get("data").is_some_and(Value::is_array)) {
            return Err(at(format!(
                ".rules[{j}] is not a Grafana rule (expected `title` and a `data` list{})",
                if r.get("file").is_some() {
                    "; a `file:` reference is not part of Grafana's format"
                } else {
                    ""
                }
            )));
        }
    }
    let n = normalize_group(g);
    serde_json::from_value::<RuleGroup>(n.clone())
        .map_err(|e| at(format!(" is not a valid Grafana rule group: {e}")))?;
    Ok(n)
}

/// The comparison form of a group as Grafana reads it: nulls dropped, `orgId` 1 and the rule
/// defaults filled in (`condition` "", `noDataState` NoData, `execErrState` Error, `for` 0s,
/// not paused, no labels/annotations, zero time ranges), label and annotation values as
/// strings, keys sorted.
pub fn normalize_group(g: &Value) -> Value {
    let mut g = strip_nulls(g);
    if let Value::Object(o) = &mut g {
        o.entry("orgId").or_insert(json!(1));
        if let Some(Value::Array(rules)) = o.get_mut("rules") {
            for r in rules.iter_mut() {
                *r = normalize_rule(r);
            }
        }
    }
    super::normalize::canonical(&g)
}

fn normalize_rule(r: &Value) -> Value {
    let mut r = r.clone();
    let Value::Object(o) = &mut r else {
        return r;
    };
    for (k, d) in [
        ("condition", json!("")),
        ("noDataState", json!("NoData")),
        ("execErrState", json!("Error")),
        ("for", json!("0s")),
        ("isPaused", json!(false)),
    ] {
        o.entry(k).or_insert(d);
    }
    for k in ["labels", "annotations"] {
        let m: Map<String, Value> = o
            .get(k)
            .and_then(Value::as_object)
            .map(|m| {
                m.iter()
                    .map(|(k, v)| (k.clone(), Value::String(text(v))))
                    .collect()
            })
            .unwrap_or_default();
        o.insert(k.into(), Value::Object(m));
    }
    if let Some(Value::Array(data)) = o.get_mut("data") {
        for n in data.iter_mut() {
            if let Value::Object(n) = n {
                let range = n.entry("relativeTimeRange").or_insert_with(|| json!({}));
                if let Value::Object(range) = range {
                    range.entry("from").or_insert(json!(0));
                    range.entry("to").or_insert(json!(0));
                }
                n.entry("datasourceUid").or_insert(json!(""));
                n.entry("model").or_insert_with(|| json!({}));
            }
        }
    }
    r
}

fn text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn strip_nulls(v: &Value) -> Value {
    match v {
        Value::Object(o) => Value::Object(
            o.iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| (k.clone(), strip_nulls(v)))
                .collect(),
        ),
        Value::Array(a) => Value::Array(a.iter().map(strip_nulls).collect()),
        other => other.clone(),
    }
}

/// The alert source of the groups (typed keys, and `raw:` for rules without a typed query).
pub fn to_source(input: &AlertingInput, datasources: &mut Datasources) -> Map<String, Value> {
    let mut file = Map::new();
    if let Some(folder) = input
        .groups
        .first()
        .and_then(|g| g.get("folder"))
        .and_then(Value::as_str)
    {
        file.insert("folder".into(), json!(folder));
    }
    let groups = input
        .groups
        .iter()
        .map(|g| Value::Object(group_source(g, datasources)))
        .collect();
    file.insert("groups".into(), Value::Array(groups));
    file
}

fn group_source(g: &Value, datasources: &mut Datasources) -> Map<String, Value> {
    let mut s = Map::new();
    s.insert("name".into(), g.get("name").cloned().unwrap_or(json!("")));
    if let Some(i) = g.get("interval").and_then(Value::as_str) {
        s.insert("interval".into(), json!(i));
    }
    let mut rules: Vec<Map<String, Value>> = g
        .get("rules")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .map(|r| rule_source(r, datasources))
        .collect();
    // One datasource for every typed rule: say it once, on the group.
    let mut names = rules.iter().filter_map(|r| r.get("datasource"));
    if let Some(first) = names.next().cloned()
        && names.all(|n| n == &first)
        && rules
            .iter()
            .all(|r| r.contains_key("expr") == r.contains_key("datasource"))
    {
        for r in &mut rules {
            r.shift_remove("datasource");
        }
        s.insert("datasource".into(), first);
    }
    s.insert(
        "rules".into(),
        Value::Array(rules.into_iter().map(Value::Object).collect()),
    );
    s
}

/// The typed query of a rule: refId `A`, a datasource query with a text `expr` and a UID.
fn typed_query(rule: &Rule) -> Option<&AlertQuery> {
    let q = rule.data.first()?;
    (q.ref_id == "A"
        && !q.is_expression()
        && !q.datasource_uid.is_empty()
        && q.model.get("expr").is_some_and(Value::is_string))
    .then_some(q)
}

/// `"> 5"` when the pipeline is A query → B reduce(A) → C threshold(B) with one `gt`/`lt`.
fn typed_threshold(rule: &Rule) -> Option<String> {
    let [_, b, c] = rule.data.as_slice() else {
        return None;
    };
    let ty = |q: &AlertQuery| {
        q.model
            .get("type")
            .and_then(Value::as_str)
            .map(String::from)
    };
    let expr = |q: &AlertQuery| {
        q.model
            .get("expression")
            .and_then(Value::as_str)
            .map(String::from)
    };
    if rule.condition != "C"
        || b.ref_id != "B"
        || c.ref_id != "C"
        || ty(b)? != "reduce"
        || expr(b)? != "A"
        || ty(c)? != "threshold"
        || expr(c)? != "B"
    {
        return None;
    }
    let conds = c.model.get("conditions")?.as_array()?;
    let [cond] = conds.as_slice() else {
        return None;
    };
    let ev = cond.get("evaluator")?;
    let op = match ev.get("type")?.as_str()? {
        "gt" => ">",
        "lt" => "<",
        _ => return None,
    };
    let params = ev.get("params")?.as_array()?;
    let [p] = params.as_slice() else {
        return None;
    };
    let n = p.as_f64().filter(|n| n.is_finite())?;
    Some(format!("{op} {n}"))
}

fn rule_source(r: &Value, datasources: &mut Datasources) -> Map<String, Value> {
    let mut s = Map::new();
    let Ok(rule) = serde_json::from_value::<Rule>(r.clone()) else {
        // Checked on read; kept whole if it ever fails.
        s.insert("alert".into(), r.get("title").cloned().unwrap_or(json!("")));
        s.insert("raw".into(), r.clone());
        return s;
    };
    s.insert("alert".into(), json!(rule.title));
    if crate::grafana::alerting::is_valid_uid(&rule.uid) {
        s.insert("uid".into(), json!(rule.uid));
    }
    let query = typed_query(&rule);
    let mut form_no_data = "NoData";
    if let Some(q) = query {
        let kind = q
            .model
            .get("datasource")
            .and_then(|d| d.get("type"))
            .and_then(Value::as_str)
            .unwrap_or("prometheus");
        let reference = json!({"type": kind, "uid": q.datasource_uid});
        if let Choice::Logical(name) =
            datasources.choose(Some(&reference), &DashboardScope::default(), kind)
        {
            s.insert(
                "expr".into(),
                q.model.get("expr").cloned().unwrap_or(json!("")),
            );
            s.insert("datasource".into(), json!(name));
            match typed_threshold(&rule) {
                Some(t) => {
                    s.insert("threshold".into(), json!(t));
                }
                None => form_no_data = "OK",
            }
        }
    }
    if !s.contains_key("expr") {
        s.insert(
            "raw".into(),
            json!({"condition": rule.condition, "data": r.get("data").cloned().unwrap_or(json!([]))}),
        );
    }
    if rule.for_ != "0s" {
        s.insert("for".into(), json!(rule.for_));
    }
    if let Some(k) = &rule.keep_firing_for {
        s.insert("keep_firing_for".into(), json!(k));
    }
    if rule.no_data_state.as_str() != form_no_data {
        s.insert("no_data_state".into(), json!(rule.no_data_state.as_str()));
    }
    if rule.exec_err_state.as_str() != "Error" {
        s.insert("exec_err_state".into(), json!(rule.exec_err_state.as_str()));
    }
    if !rule.labels.is_empty() {
        s.insert("labels".into(), json!(rule.labels));
    }
    if !rule.annotations.is_empty() {
        let value_ref = templates::value_ref(&rule.data, &rule.condition);
        let a: Map<String, Value> = rule
            .annotations
            .iter()
            .map(|(k, v)| {
                let v = match &value_ref {
                    Some(r) => templates::to_prometheus(v, r),
                    None => v.clone(),
                };
                (k.clone(), Value::String(v))
            })
            .collect();
        s.insert("annotations".into(), Value::Object(a));
    }
    if rule.is_paused {
        s.insert("paused".into(), json!(true));
    }
    s
}

/// Adds `raw:` patches to `source` (written by [`to_source`]) so that it compiles to
/// `original`: `compiled` is what the compiler made of it (the groups, in order).
pub fn add_patches(source: &mut Map<String, Value>, compiled: &[Value], original: &[Value]) {
    let Some(Value::Array(groups)) = source.get_mut("groups") else {
        return;
    };
    // A group that did not compile is missing: patch only when everything lines up.
    let shape = |gs: &[Value]| -> Vec<(Option<Value>, usize)> {
        gs.iter()
            .map(|g| {
                let n = g.get("rules").and_then(Value::as_array).map_or(0, Vec::len);
                (g.get("name").cloned(), n)
            })
            .collect()
    };
    if shape(compiled) != shape(original) {
        return;
    }
    for ((g, c), o) in groups.iter_mut().zip(compiled).zip(original) {
        let c = normalize_group(c);
        let Value::Object(g) = g else { continue };
        let (mut cg, mut og) = (c.clone(), o.clone());
        let (Some(cg_map), Some(og_map)) = (cg.as_object_mut(), og.as_object_mut()) else {
            continue;
        };
        let c_rules = cg_map.shift_remove("rules");
        let o_rules = og_map.shift_remove("rules");
        if let Some(p) = merge_diff(&cg, &og) {
            compose(g, "raw", p);
        }
        let (Some(Value::Array(c_rules)), Some(Value::Array(o_rules))) = (c_rules, o_rules) else {
            continue;
        };
        let Some(Value::Array(rules)) = g.get_mut("rules") else {
            continue;
        };
        for ((r, c), o) in rules.iter_mut().zip(&c_rules).zip(&o_rules) {
            if let (Value::Object(r), Some(p)) = (r, rule_patch(c, o)) {
                compose(r, "raw", p);
            }
        }
    }
}

/// The `raw:` patch turning the compiled rule `c` into `o` (both normalised).
fn rule_patch(c: &Value, o: &Value) -> Option<Value> {
    let (mut cm, mut om) = (c.clone(), o.clone());
    let cd = cm
        .as_object_mut()?
        .shift_remove("data")
        .unwrap_or(json!([]));
    let od = om
        .as_object_mut()?
        .shift_remove("data")
        .unwrap_or(json!([]));
    let mut patch = match merge_diff(&cm, &om) {
        Some(Value::Object(p)) => p,
        _ => Map::new(),
    };
    if cd != od {
        let keyed = keyed_data_patch(&cd, &od);
        let mut test = json!({"data": cd});
        patch_rule_json(&mut test, &json!({"data": keyed}));
        let data = if test["data"] == od { keyed } else { od };
        patch.insert("data".into(), data);
    }
    (!patch.is_empty()).then_some(Value::Object(patch))
}

fn keyed_data_patch(c: &Value, o: &Value) -> Value {
    let nodes = |v: &Value| -> Vec<(String, Value)> {
        v.as_array()
            .into_iter()
            .flatten()
            .map(|n| {
                let r = n.get("refId").and_then(Value::as_str).unwrap_or("");
                (r.to_string(), n.clone())
            })
            .collect()
    };
    let (cn, on) = (nodes(c), nodes(o));
    let mut patch = Map::new();
    for (r, n) in &on {
        match cn.iter().find(|(x, _)| x == r) {
            Some((_, cnode)) => {
                if let Some(p) = merge_diff(cnode, n) {
                    patch.insert(r.clone(), p);
                }
            }
            None => {
                patch.insert(r.clone(), n.clone());
            }
        }
    }
    for (r, _) in &cn {
        if !on.iter().any(|(x, _)| x == r) {
            patch.insert(r.clone(), Value::Null);
        }
    }
    Value::Object(patch)
}

/// Merges patch `p` into the existing patch at `obj[key]`, so applying the result equals
/// applying the old patch and then `p`.
fn compose(obj: &mut Map<String, Value>, key: &str, p: Value) {
    match obj.get_mut(key) {
        Some(existing) => compose_into(existing, p),
        None => {
            obj.insert(key.into(), p);
        }
    }
}

fn compose_into(existing: &mut Value, p: Value) {
    match (existing, p) {
        (Value::Object(e), Value::Object(p)) => {
            for (k, v) in p {
                match (e.get_mut(&k), v) {
                    (Some(Value::Array(list)), Value::Object(keyed)) if k == "data" => {
                        let mut holder = json!({"data": std::mem::take(list)});
                        patch_rule_json(&mut holder, &json!({"data": keyed}));
                        e.insert(k, holder["data"].take());
                    }
                    (Some(ev @ Value::Object(_)), v @ Value::Object(_)) => compose_into(ev, v),
                    (_, v) => {
                        e.insert(k, v);
                    }
                }
            }
        }
        (e, p) => *e = p,
    }
}

/// The comparison form of compiled or original groups.
pub fn normalize_groups(groups: &[Value]) -> Value {
    Value::Array(groups.iter().map(normalize_group).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = r#"
apiVersion: 1
contactPoints: [{orgId: 1, name: team}]
groups:
- orgId: 1
  name: api
  folder: API
  interval: 1m
  rules:
  - uid: api-errors
    title: API errors
    condition: C
    data:
    - refId: A
      relativeTimeRange: {from: 300, to: 0}
      datasourceUid: prom-uid
      model: {datasource: {type: prometheus, uid: prom-uid}, expr: "sum(rate(errors[5m]))", refId: A}
    - refId: B
      datasourceUid: __expr__
      model: {type: reduce, expression: A, reducer: mean, refId: B}
    - refId: C
      datasourceUid: __expr__
      model: {type: threshold, expression: B, conditions: [{evaluator: {type: gt, params: [5]}}], refId: C}
    for: 5m
    annotations: {summary: "{{ $values.B.Value }} errors/s on {{ $labels.job }}"}
    labels: {severity: page}
"#;

    #[test]
    fn typed_form_with_translated_value_and_other_sections_named() {
        let doc: Value = serde_saphyr::from_str(FILE).unwrap();
        let input = read("a.yaml", &doc).unwrap();
        assert_eq!(
            input.not_imported,
            [
                "`contactPoints` (1 entries) not imported: alert source holds rule groups only; keep it as provisioning"
            ]
        );
        let mut ds = Datasources::new(Vec::new());
        let src = to_source(&input, &mut ds);
        let rule = &src["groups"][0]["rules"][0];
        assert_eq!(rule["expr"], "sum(rate(errors[5m]))");
        assert_eq!(rule["threshold"], "> 5");
        assert_eq!(
            rule["annotations"]["summary"],
            "{{ $value }} errors/s on {{ $labels.job }}"
        );
        assert_eq!(
            src["groups"][0]["datasource"],
            ds.proposed()[0].name.as_str()
        );
        assert_eq!(src["folder"], "API");
    }

    #[test]
    fn rules_that_are_not_grafana_rules_are_named() {
        let doc = json!({"apiVersion": 1, "groups": [{"name": "g", "folder": "F", "rules": [{"file": "/x.yml"}]}]});
        let e = read("p.yml", &doc).unwrap_err();
        assert!(
            e.message
                .contains("groups[0].rules[0] is not a Grafana rule"),
            "{e}"
        );
    }

    #[test]
    fn patches_compose_and_reproduce_the_original() {
        let c = normalize_rule(
            &json!({"uid": "u", "title": "t", "condition": "C", "data": [
            {"refId": "A", "datasourceUid": "p", "model": {"expr": "x"}},
            {"refId": "B", "datasourceUid": "__expr__", "model": {"type": "math"}}]}),
        );
        let o = normalize_rule(
            &json!({"uid": "u", "title": "t", "condition": "B", "panelId": 3, "data": [
            {"refId": "A", "datasourceUid": "p", "model": {"expr": "x", "hide": false}},
            {"refId": "B", "datasourceUid": "__expr__", "model": {"type": "threshold"}}]}),
        );
        let p = rule_patch(&c, &o).unwrap();
        assert_eq!(p["data"]["A"], json!({"model": {"hide": false}}));
        let mut out = c.clone();
        patch_rule_json(&mut out, &p);
        assert_eq!(out, o);
    }
}
