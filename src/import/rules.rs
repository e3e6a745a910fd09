//! Prometheus-style rule files → `teams/<team>/alerts/*.yaml`.
//!
//! Reads Prometheus rule files, prometheus-operator `PrometheusRule` manifests (one or
//! several YAML documents) and Loki ruler files (same `groups:` format with LogQL, sometimes
//! with a cortextool `namespace:`), and writes alert source whose groups keep their engine
//! (`engine: prometheus` or `engine: loki`), so they compile back to the same rules.
//! [`normalize_groups`] is the comparison form used to prove that.

use serde_json::{Map, Value, json};

use super::ImportError;

/// Which evaluator runs a group.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    /// Prometheus (PromQL).
    Prometheus,
    /// Loki's ruler (LogQL).
    Loki,
}

impl Engine {
    /// The source spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Engine::Prometheus => "prometheus",
            Engine::Loki => "loki",
        }
    }
}

/// The rule groups of one input, as written.
#[derive(Debug, Clone, PartialEq)]
pub struct RuleInput {
    /// The groups (JSON form of the YAML).
    pub groups: Vec<Value>,
    /// The engine: from `--engine`, else guessed from the expressions.
    pub engine: Engine,
    /// A `PrometheusRule`'s `metadata.name`, when it was one.
    pub manifest_name: Option<String>,
    /// A `PrometheusRule`'s metadata as source keeps it (`name`, `namespace`, `labels`,
    /// `annotations`; label and annotation values as strings).
    pub manifest: Option<Value>,
    /// What of the input is not carried, and why.
    pub notes: Vec<String>,
}

/// Reads the groups of a rule file (all documents of a multi-document file).
pub fn read(input: &str, text: &str, engine: Option<Engine>) -> Result<RuleInput, ImportError> {
    let docs: Vec<Value> = serde_saphyr::from_multiple(text).map_err(|e| {
        ImportError::new(
            input,
            format!("not valid YAML ({e}); expected a rule file with `groups:`"),
        )
    })?;
    let mut groups = Vec::new();
    let mut manifest_name = None;
    let mut manifest: Option<Value> = None;
    let mut notes = Vec::new();
    // An empty file (or `{}`) is a valid rule file without groups, as promtool sees it.
    let mut seen = docs
        .iter()
        .all(|d| d.is_null() || d.as_object().is_some_and(Map::is_empty));
    for doc in docs {
        let Value::Object(obj) = doc else {
            continue;
        };
        let holder =
            if obj.get("kind").and_then(Value::as_str) == Some("PrometheusRule") {
                let meta = obj.get("metadata");
                let kept = kept_metadata(meta);
                match &manifest {
                None => {
                    manifest_name = meta
                        .and_then(|m| m.get("name"))
                        .and_then(Value::as_str)
                        .map(String::from);
                    notes.extend(dropped_metadata(meta));
                    manifest = Some(kept);
                }
                Some(first) if first != &kept => notes.push(format!(
                    "PrometheusRule {} merged into the first one's file: its metadata is not kept",
                    kept.get("name").and_then(Value::as_str).unwrap_or("(unnamed)")
                )),
                Some(_) => {}
            }
                obj.get("spec").cloned().unwrap_or(Value::Null)
            } else {
                Value::Object(obj)
            };
        match holder.get("groups") {
            Some(Value::Array(g)) => {
                seen = true;
                groups.extend(g.iter().cloned());
            }
            Some(Value::Null) => seen = true,
            Some(_) => {
                return Err(ImportError::new(
                    input,
                    "`groups` is not a list; expected a list of rule groups",
                ));
            }
            None => {}
        }
    }
    if !seen {
        return Err(ImportError::new(
            input,
            "not a rule file: expected `groups:` (a Prometheus/Loki rule file) or a PrometheusRule manifest",
        ));
    }
    for (i, g) in groups.iter().enumerate() {
        check_group(input, i, g)?;
    }
    let engine = engine.unwrap_or_else(|| guess_engine(&groups));
    if manifest.is_some() && engine != Engine::Prometheus {
        notes.push("PrometheusRule metadata not kept: its rules are Loki rules".into());
        manifest = None;
    }
    Ok(RuleInput {
        groups,
        engine,
        manifest_name,
        manifest,
        notes,
    })
}

/// Metadata keys the source keeps (`prometheus_rule:`).
const KEPT_METADATA: &[&str] = &["name", "namespace", "labels", "annotations"];

fn kept_metadata(meta: Option<&Value>) -> Value {
    let mut out = Map::new();
    for k in KEPT_METADATA {
        match (k, meta.and_then(|m| m.get(*k))) {
            (_, None | Some(Value::Null)) => {}
            (&"labels" | &"annotations", v) => {
                if let Some(m) = string_map(v) {
                    out.insert((*k).into(), m);
                }
            }
            (_, Some(v)) => {
                out.insert((*k).into(), json!(text(v).unwrap_or_default()));
            }
        }
    }
    Value::Object(out)
}

/// Notes for metadata the source does not keep (set by the cluster or by other tools).
fn dropped_metadata(meta: Option<&Value>) -> Vec<String> {
    meta.and_then(Value::as_object)
        .into_iter()
        .flatten()
        .filter(|(k, _)| !KEPT_METADATA.contains(&k.as_str()))
        .map(|(k, _)| format!("PrometheusRule metadata.{k} not kept"))
        .collect()
}

/// Keys of a group and a rule the source form carries.
const GROUP_KEYS: &[&str] = &["name", "interval", "rules", "labels"];
const RULE_KEYS: &[&str] = &[
    "alert",
    "record",
    "expr",
    "for",
    "keep_firing_for",
    "labels",
    "annotations",
];

fn check_group(input: &str, i: usize, g: &Value) -> Result<(), ImportError> {
    let Some(o) = g.as_object() else {
        return Err(ImportError::new(
            input,
            format!("groups[{i}] is not a mapping"),
        ));
    };
    if !o.get("name").is_some_and(Value::is_string) {
        return Err(ImportError::new(
            input,
            format!("groups[{i}] has no `name`"),
        ));
    }
    if let Some(k) = o.keys().find(|k| !GROUP_KEYS.contains(&k.as_str())) {
        return Err(ImportError::new(
            input,
            format!(
                "groups[{i}] has `{k}`, which the source form cannot carry (known: {})",
                GROUP_KEYS.join(", ")
            ),
        ));
    }
    for (j, r) in o
        .get("rules")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .enumerate()
    {
        let Some(r) = r.as_object() else {
            return Err(ImportError::new(
                input,
                format!("groups[{i}].rules[{j}] is not a mapping"),
            ));
        };
        if let Some(k) = r.keys().find(|k| !RULE_KEYS.contains(&k.as_str())) {
            return Err(ImportError::new(
                input,
                format!("groups[{i}].rules[{j}] has `{k}`, which the source form cannot carry"),
            ));
        }
        if r.contains_key("alert") == r.contains_key("record") {
            return Err(ImportError::new(
                input,
                format!("groups[{i}].rules[{j}] needs exactly one of `alert` and `record`"),
            ));
        }
        if !matches!(r.get("expr"), Some(Value::String(_) | Value::Number(_))) {
            return Err(ImportError::new(
                input,
                format!("groups[{i}].rules[{j}] has no `expr`"),
            ));
        }
    }
    Ok(())
}

/// LogQL when any expression has a log selector with a pipeline or a range over a selector
/// in braces directly (`{app="x"} |= …`, `rate({app="x"}[5m])`).
fn guess_engine(groups: &[Value]) -> Engine {
    let logql = groups
        .iter()
        .flat_map(|g| {
            g.get("rules")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
        })
        .filter_map(|r| r.get("expr").and_then(Value::as_str))
        .any(looks_logql);
    if logql {
        Engine::Loki
    } else {
        Engine::Prometheus
    }
}

/// A log stream selector: `{…}` not after a metric name (after `(`, `,` or at the start),
/// followed by a line filter or parser (`|`, `!= "…"`, `!~ "…"`) or a range (`[`). Quoted text is
/// skipped, so label values like `"a|b"` do not count.
fn looks_logql(expr: &str) -> bool {
    let chars: Vec<char> = expr.chars().collect();
    let mut i = 0;
    let mut prev = None;
    while let Some(&c) = chars.get(i) {
        match c {
            '"' | '\'' | '`' => {
                i += 1;
                while let Some(&d) = chars.get(i) {
                    if d == '\\' && c != '`' {
                        i += 1;
                    } else if d == c {
                        break;
                    }
                    i += 1;
                }
            }
            '{' if matches!(prev, None | Some('(') | Some(',')) => {
                if let Some(end) = closing_brace(&chars, i) {
                    let next = chars[end + 1..]
                        .iter()
                        .copied()
                        .find(|c| !c.is_whitespace());
                    let after: String = chars[end + 1..]
                        .iter()
                        .filter(|c| !c.is_whitespace())
                        .take(3)
                        .collect();
                    let filter = (after.starts_with("!=") || after.starts_with("!~"))
                        && (after.ends_with('"') || after.ends_with('`'));
                    if matches!(next, Some('|') | Some('[')) || filter {
                        return true;
                    }
                }
            }
            _ => {}
        }
        if !c.is_whitespace() {
            prev = Some(c);
        }
        i += 1;
    }
    false
}

/// Index of the `}` closing the `{` at `open`, skipping quoted text.
fn closing_brace(chars: &[char], open: usize) -> Option<usize> {
    let mut i = open + 1;
    while let Some(&c) = chars.get(i) {
        match c {
            '}' => return Some(i),
            '"' | '`' => {
                i += 1;
                while let Some(&d) = chars.get(i) {
                    if d == '\\' && c != '`' {
                        i += 1;
                    } else if d == c {
                        break;
                    }
                    i += 1;
                }
            }
            _ => {}
        }
        i += 1;
    }
    None
}

fn text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

fn string_map(v: Option<&Value>) -> Option<Value> {
    let o = v?.as_object()?;
    if o.is_empty() {
        return None;
    }
    let mut m = Map::new();
    for (k, x) in o {
        m.insert(k.clone(), json!(text(x).unwrap_or_default()));
    }
    Some(Value::Object(m))
}

/// The alert source file for the groups.
pub fn to_source(rules: &RuleInput) -> Map<String, Value> {
    let mut groups = Vec::new();
    for g in &rules.groups {
        let mut s = Map::new();
        s.insert("name".into(), g.get("name").cloned().unwrap_or(json!("")));
        s.insert("engine".into(), json!(rules.engine.as_str()));
        if let Some(i) = g.get("interval").and_then(text) {
            s.insert("interval".into(), json!(i));
        }
        if let Some(l) = string_map(g.get("labels")) {
            s.insert("labels".into(), l);
        }
        let mut out = Vec::new();
        for r in g
            .get("rules")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let mut rule = Map::new();
            for key in ["alert", "record", "expr", "for", "keep_firing_for"] {
                if let Some(v) = r.get(key).and_then(text) {
                    rule.insert(key.into(), json!(v));
                }
            }
            for key in ["labels", "annotations"] {
                if let Some(m) = string_map(r.get(key)) {
                    rule.insert(key.into(), m);
                }
            }
            out.push(Value::Object(rule));
        }
        s.insert("rules".into(), Value::Array(out));
        groups.push(Value::Object(s));
    }
    let mut file = Map::new();
    if let Some(Value::Object(m)) = &rules.manifest
        && !m.is_empty()
    {
        file.insert("prometheus_rule".into(), Value::Object(m.clone()));
    }
    file.insert("groups".into(), Value::Array(groups));
    file
}

/// The metadata a compiled alert file gives its `PrometheusRule`, in the form of
/// [`RuleInput::manifest`], for comparison.
pub fn compiled_manifest(meta: Option<&crate::model::ObjectMeta>) -> Value {
    let mut out = Map::new();
    if let Some(m) = meta {
        if let Some(n) = &m.name {
            out.insert("name".into(), json!(n));
        }
        if let Some(n) = &m.namespace {
            out.insert("namespace".into(), json!(n));
        }
        if !m.labels.is_empty() {
            out.insert("labels".into(), json!(m.labels));
        }
        if !m.annotations.is_empty() {
            out.insert("annotations".into(), json!(m.annotations));
        }
    }
    Value::Object(out)
}

/// The comparison form of rule groups: strings for numbers in `expr`, labels and
/// annotations; empty maps dropped; the default `interval` (1m) filled in; keys sorted.
pub fn normalize_groups(groups: &[Value]) -> Value {
    let groups: Vec<Value> = groups
        .iter()
        .map(|g| {
            let mut s = Map::new();
            if let Some(o) = g.as_object() {
                for (k, v) in o {
                    match k.as_str() {
                        "rules" => {
                            let rules: Vec<Value> = v
                                .as_array()
                                .into_iter()
                                .flatten()
                                .map(normalize_rule)
                                .collect();
                            s.insert(k.clone(), Value::Array(rules));
                        }
                        "labels" => {
                            if let Some(m) = string_map(Some(v)) {
                                s.insert(k.clone(), m);
                            }
                        }
                        _ if v.is_null() => {}
                        _ => {
                            s.insert(k.clone(), text(v).map_or_else(|| v.clone(), Value::String));
                        }
                    }
                }
            }
            // Without `interval` a group runs at the server's `evaluation_interval`, 1m by
            // default in Prometheus and in Loki's ruler.
            s.entry("interval").or_insert_with(|| json!("1m"));
            super::normalize::canonical(&Value::Object(s))
        })
        .collect();
    Value::Array(groups)
}

fn normalize_rule(r: &Value) -> Value {
    let mut s = Map::new();
    if let Some(o) = r.as_object() {
        for (k, v) in o {
            match k.as_str() {
                "labels" | "annotations" => {
                    if let Some(m) = string_map(Some(v)) {
                        s.insert(k.clone(), m);
                    }
                }
                _ if v.is_null() => {}
                _ => {
                    s.insert(k.clone(), text(v).map_or_else(|| v.clone(), Value::String));
                }
            }
        }
    }
    Value::Object(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_prometheus_rule_manifests_and_writes_engine_groups() {
        let text = "apiVersion: monitoring.coreos.com/v1\nkind: PrometheusRule\nmetadata: {name: api}\nspec:\n  groups:\n  - name: api\n    interval: 1m\n    rules:\n    - alert: Down\n      expr: up == 0\n      for: 5m\n      labels: {severity: page, prio: 1}\n    - record: x:y\n      expr: 1\n";
        let r = read("a.yaml", text, None).unwrap();
        assert_eq!(r.engine, Engine::Prometheus);
        assert_eq!(r.manifest_name.as_deref(), Some("api"));
        let src = to_source(&r);
        assert_eq!(
            Value::Object(src),
            json!({"prometheus_rule": {"name": "api"}, "groups": [{"name": "api", "engine": "prometheus", "interval": "1m", "rules": [
                {"alert": "Down", "expr": "up == 0", "for": "5m", "labels": {"severity": "page", "prio": "1"}},
                {"record": "x:y", "expr": "1"}
            ]}]})
        );
        assert_eq!(
            normalize_groups(&r.groups),
            json!([{"interval": "1m", "name": "api", "rules": [
                {"alert": "Down", "expr": "up == 0", "for": "5m", "labels": {"prio": "1", "severity": "page"}},
                {"expr": "1", "record": "x:y"}
            ]}])
        );
    }

    #[test]
    fn loki_rules_are_recognised() {
        let text = "groups:\n- name: l\n  rules:\n  - alert: Errs\n    expr: sum(rate({app=\"x\"} |= \"error\" [5m])) > 1\n";
        assert_eq!(read("l.yaml", text, None).unwrap().engine, Engine::Loki);
    }

    #[test]
    fn non_rule_files_and_uncarried_keys_are_clear_errors() {
        let e = read("x.yaml", "foo: 1\n", None).unwrap_err();
        assert!(e.message.starts_with("not a rule file"), "{e}");
        let e = read(
            "x.yaml",
            "groups:\n- name: g\n  limit: 3\n  rules: []\n",
            None,
        )
        .unwrap_err();
        assert!(e.message.contains("`limit`"), "{e}");
        let e = read("x.yaml", "groups: [\n", None).unwrap_err();
        assert!(e.message.starts_with("not valid YAML"), "{e}");
    }
}
