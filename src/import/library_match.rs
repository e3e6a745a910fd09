//! Reuse of the repository's library: where a panel of an imported dashboard is what a
//! `library/panels/` panel template renders with some parameters, the panel is written as
//! `use:` + `with:` (plus the layout keys a use site keeps: `width`, `height`, `gridPos`,
//! `id`).
//!
//! Parameters are inferred, not guessed: in the template body, a top-level `key: …` line whose
//! value has `{{ param }}` expressions is aligned with the panel's value of that key
//! ([`crate::source::template::align`]); what lies where `{{ param }}` stands is a candidate
//! for `param`. Each combination of candidates (as a number and as text) and declared defaults
//! is rendered with the real template engine, and the instance is compared with the panel, both
//! read as the typed panel form (so `0.5` and `"0.5"` in a threshold key compare as the
//! compiler sees them). Only an exact match is used; the import's `--verify` then proves the
//! compiled dashboard equal to the original.

use std::sync::Arc;

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value, json};

use crate::source::de::{Spanned, from_node};
use crate::source::format::{PanelSpec, Row, TemplateKind, UseSite};
use crate::source::template::{Template, align, instantiate};
use crate::source::yaml::{self, Budget};
use crate::source::{SourceFile, SourceTree};

/// Keys a use site keeps next to `use:` and `with:`.
const SITE_KEYS: &[&str] = &["width", "height", "gridPos", "id"];

/// Most parameter combinations tried per template and panel.
const MAX_COMBINATIONS: usize = 64;

/// The repository's panel and row templates (none when it cannot be loaded).
pub fn panel_templates(tree: &dyn SourceTree) -> Vec<Template> {
    let Ok((repo, _)) = crate::source::load(tree) else {
        return Vec::new();
    };
    repo.templates
        .into_values()
        .filter(|t| matches!(t.header.kind.value, TemplateKind::Panel | TemplateKind::Row))
        .collect()
}

/// Replaces every panel of a dashboard source (top-level `panels` and the rows' `panels`)
/// that a template renders by its `use:` form. Returns how many were replaced.
pub fn apply(source: &mut Map<String, Value>, templates: &[Template]) -> usize {
    if templates.is_empty() {
        return 0;
    }
    let mut n = 0;
    let mut lists: Vec<&mut Vec<Value>> = Vec::new();
    let (panels, rows) = split_panels_rows(source);
    lists.extend(panels);
    for row in rows {
        if let Some(used) = match_row(row, templates) {
            *row = used;
            n += 1;
            continue;
        }
        if let Some(Value::Array(p)) = row.get_mut("panels") {
            lists.push(p);
        }
    }
    for list in lists {
        for panel in list.iter_mut() {
            if let Value::Object(p) = panel
                && let Some(used) = match_panel(p, templates)
            {
                *p = used;
                n += 1;
            }
        }
    }
    n
}

fn split_panels_rows(
    source: &mut Map<String, Value>,
) -> (Option<&mut Vec<Value>>, Vec<&mut Map<String, Value>>) {
    let mut panels = None;
    let mut rows = Vec::new();
    for (k, v) in source.iter_mut() {
        match (k.as_str(), v) {
            ("panels", Value::Array(p)) => panels = Some(p),
            ("rows", Value::Array(r)) => {
                rows.extend(r.iter_mut().filter_map(Value::as_object_mut));
            }
            _ => {}
        }
    }
    (panels, rows)
}

/// The `use:` form of a row when a row template renders it (`collapsed` kept on the site).
pub fn match_row(row: &Map<String, Value>, templates: &[Template]) -> Option<Map<String, Value>> {
    if row.contains_key("use") || !row.get("panels").is_some_and(Value::is_array) {
        return None;
    }
    let wanted = typed_as::<Row>(&Value::Object(row.clone()))?;
    for t in templates
        .iter()
        .filter(|t| t.header.kind.value == TemplateKind::Row)
    {
        if let Some(with) = infer::<Row>(t, row, &wanted) {
            let mut out = Map::new();
            out.insert("use".into(), json!(t.name));
            if !with.is_empty() {
                out.insert("with".into(), Value::Object(with));
            }
            if let Some(c) = row.get("collapsed") {
                out.insert("collapsed".into(), c.clone());
            }
            return Some(out);
        }
    }
    None
}

/// The `use:` form of `panel` when a template renders it.
pub fn match_panel(
    panel: &Map<String, Value>,
    templates: &[Template],
) -> Option<Map<String, Value>> {
    if panel.contains_key("use") {
        return None;
    }
    let content: Map<String, Value> = panel
        .iter()
        .filter(|(k, _)| !SITE_KEYS.contains(&k.as_str()))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    let wanted = typed_as::<PanelSpec>(&Value::Object(content))?;
    for t in templates
        .iter()
        .filter(|t| t.header.kind.value == TemplateKind::Panel)
    {
        if let Some(with) = infer::<PanelSpec>(t, panel, &wanted) {
            let mut out = Map::new();
            out.insert("use".into(), json!(t.name));
            if !with.is_empty() {
                out.insert("with".into(), Value::Object(with));
            }
            for k in SITE_KEYS {
                if let Some(v) = panel.get(*k) {
                    out.insert((*k).into(), v.clone());
                }
            }
            return Some(out);
        }
    }
    None
}

/// A panel or row as the compiler reads it: written as YAML, parsed and read as `T`, with
/// values equal to what the compiler fills in anyway left out ([`without_defaults`]).
fn typed_as<T: DeserializeOwned + Serialize>(v: &Value) -> Option<Value> {
    let text = super::yaml::to_yaml(v).ok()?;
    let node = yaml::parse(&text, Budget::default()).ok()?;
    let spec: T = from_node(&node).ok()?;
    serde_json::to_value(spec).ok().map(without_defaults)
}

/// Drops unset keys and what the compiler fills in when absent: a panel `width` of 12, a row
/// `height` of 8, the `lastNotNull` reducer and Grafana's default thresholds (green, red from
/// 80), which the import's writer leaves out or spells out as the export had them.
fn without_defaults(mut v: Value) -> Value {
    fn walk(v: &mut Value) {
        match v {
            Value::Object(o) => {
                o.retain(|_, x| !x.is_null());
                if o.get("reduce") == Some(&json!("lastNotNull")) {
                    o.shift_remove("reduce");
                }
                // A time series' default legend (a list at the bottom).
                if o.get("type") == Some(&json!("timeseries"))
                    && o.get("legend") == Some(&json!({"mode": "list", "placement": "bottom"}))
                {
                    o.shift_remove("legend");
                }
                hoist_single_query(o);
                if o.get("thresholds") == Some(&json!({"base": "green", "80": "red"})) {
                    o.shift_remove("thresholds");
                }
                let is_row = o.get("panels").is_some_and(Value::is_array);
                if is_row && o.get("height") == Some(&json!(8)) {
                    o.shift_remove("height");
                }
                if !is_row && o.get("width") == Some(&json!(12)) {
                    o.shift_remove("width");
                }
                o.values_mut().for_each(walk);
            }
            Value::Array(a) => a.iter_mut().for_each(walk),
            _ => {}
        }
    }
    walk(&mut v);
    v
}

/// The `with:` (parameters differing from their defaults) under which `t` renders `wanted`.
fn infer<T: DeserializeOwned + Serialize>(
    t: &Template,
    panel: &Map<String, Value>,
    wanted: &Value,
) -> Option<Map<String, Value>> {
    let params: Vec<(&String, Option<&Value>)> = t
        .header
        .params
        .iter()
        .map(|(name, p)| (name, p.default.as_ref()))
        .collect();
    let found = candidates(t.body(), panel);
    // Per parameter: its default (left out of `with:`), then each candidate as a number and
    // as text.
    let mut choices: Vec<Vec<Option<Value>>> = Vec::new();
    for (name, default) in &params {
        let mut c: Vec<Option<Value>> = Vec::new();
        if default.is_some() {
            c.push(None);
        }
        for text in found.iter().filter(|(p, _)| p == *name).map(|(_, v)| v) {
            if let Ok(n) = text.parse::<f64>()
                && n.is_finite()
                && let Ok(v) = serde_json::from_str::<Value>(text)
                && v.is_number()
            {
                c.push(Some(v));
            }
            c.push(Some(json!(text)));
        }
        let mut seen = Vec::new();
        c.retain(|v| {
            let new = !seen.contains(v);
            if new {
                seen.push(v.clone());
            }
            new
        });
        if c.is_empty() {
            return None;
        }
        choices.push(c);
    }
    let total = choices
        .iter()
        .try_fold(1usize, |acc, c| acc.checked_mul(c.len()))?;
    if total > MAX_COMBINATIONS {
        return None;
    }
    let file = SourceFile::new("<import>", "");
    for i in 0..total {
        let mut with = Map::new();
        let mut rest = i;
        for ((name, _), c) in params.iter().zip(&choices) {
            let pick = c.get(rest % c.len()).cloned().flatten();
            rest /= c.len();
            if let Some(v) = pick {
                with.insert((*name).clone(), v);
            }
        }
        if renders::<T>(t, &with, &file).as_ref() == Some(wanted) {
            return Some(with);
        }
    }
    None
}

/// One query written in `queries:` with only `expr`/`legend` is the `expr:` + `legend:`
/// shorthand: the same panel.
fn hoist_single_query(o: &mut Map<String, Value>) {
    let single = match o.get("queries") {
        Some(Value::Array(q)) if q.len() == 1 => q.first().and_then(Value::as_object).cloned(),
        _ => None,
    };
    let Some(q) = single else {
        return;
    };
    let q: Map<String, Value> = q.into_iter().filter(|(_, v)| !v.is_null()).collect();
    if o.contains_key("expr")
        || o.contains_key("legend")
        || !q.contains_key("expr")
        || q.keys().any(|k| k != "expr" && k != "legend")
    {
        return;
    }
    o.shift_remove("queries");
    o.extend(q);
}

/// The typed form of `t` rendered with `with`.
fn renders<T: DeserializeOwned + Serialize>(
    t: &Template,
    with: &Map<String, Value>,
    file: &Arc<SourceFile>,
) -> Option<Value> {
    let site = UseSite {
        name: Spanned::new(t.name.clone(), 0..0),
        with: Some(Spanned::new(Value::Object(with.clone()), 0..0)),
    };
    let instance = instantiate(t, t.header.kind.value, &site, file).ok()?;
    let spec: T = from_node(&instance.node).ok()?;
    serde_json::to_value(spec).ok().map(without_defaults)
}

/// `(param, text)` candidates: for each `key: value` line of the body whose value has
/// `{{ param }}`, the text at that place in each value of `key` in the panel (or row).
fn candidates(body: &str, panel: &Map<String, Value>) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let whole = Value::Object(panel.clone());
    for line in body.lines() {
        let line = line.trim_start().trim_start_matches("- ");
        if line.starts_with('#') {
            continue;
        }
        let Some((key, value)) = line.split_once(':') else {
            continue;
        };
        let value = unquote(value.trim());
        if !value.contains("{{") {
            continue;
        }
        let mut actuals = Vec::new();
        values_of(&whole, key.trim(), &mut actuals);
        for actual in &actuals {
            candidates_in(value, actual, &mut out);
        }
    }
    out
}

/// Every text value of `key` anywhere in `v`.
fn values_of(v: &Value, key: &str, out: &mut Vec<String>) {
    match v {
        Value::Object(o) => {
            for (k, x) in o {
                if k == key
                    && let Some(t) = text(x)
                {
                    out.push(t);
                }
                values_of(x, key, out);
            }
        }
        Value::Array(a) => a.iter().for_each(|x| values_of(x, key, out)),
        _ => {}
    }
}

/// Candidates from aligning one template value with one actual value.
fn candidates_in(value: &str, actual: &str, out: &mut Vec<(String, String)>) {
    {
        let Some(pieces) = align(value, actual) else {
            return;
        };
        for p in pieces.iter().filter(|p| !p.literal) {
            let expr = value.get(p.template.clone()).unwrap_or("");
            let name = expr
                .trim()
                .trim_start_matches("{{")
                .trim_end_matches("}}")
                .trim()
                .trim_start_matches('-')
                .trim_end_matches('-')
                .trim();
            if !name.is_empty()
                && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
                && let Some(v) = actual.get(p.rendered.clone())
            {
                out.push((name.to_string(), v.to_string()));
            }
        }
    }
}

/// A value written in double or single quotes without escapes, as its content.
fn unquote(v: &str) -> &str {
    for q in ['"', '\''] {
        if let Some(inner) = v.strip_prefix(q).and_then(|s| s.strip_suffix(q))
            && !inner.contains(q)
            && !inner.contains('\\')
        {
            return inner;
        }
    }
    v
}

fn text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn template(body: &str) -> Template {
        let text = format!(
            "kind: panel\nparams:\n  job: {{description: the job}}\n  quantile: {{default: 0.99}}\n---\n{body}"
        );
        Template::parse("lat", &SourceFile::new("library/panels/lat.yaml", text)).unwrap()
    }

    #[test]
    fn infers_parameters_and_leaves_defaults_out() {
        let t = template(
            "type: timeseries\ntitle: p{{ (quantile * 100) | round | int }} of {{ job }}\nexpr: histogram_quantile({{ quantile }}, rate(x{job=\"{{ job }}\"}[5m]))\nunit: s\n",
        );
        let panel = json!({"type": "timeseries", "title": "p50 of api", "width": 12,
            "expr": "histogram_quantile(0.5, rate(x{job=\"api\"}[5m]))", "unit": "s"});
        let used = match_panel(panel.as_object().unwrap(), std::slice::from_ref(&t)).unwrap();
        assert_eq!(
            Value::Object(used),
            json!({"use": "lat", "with": {"job": "api", "quantile": 0.5}, "width": 12})
        );
        let p99 = json!({"type": "timeseries", "title": "p99 of api",
            "expr": "histogram_quantile(0.99, rate(x{job=\"api\"}[5m]))", "unit": "s"});
        let used = match_panel(p99.as_object().unwrap(), std::slice::from_ref(&t)).unwrap();
        assert_eq!(
            Value::Object(used),
            json!({"use": "lat", "with": {"job": "api"}})
        );
        // One key more than the template renders: not the template's panel.
        let other = json!({"type": "timeseries", "title": "p99 of api", "min": 0,
            "expr": "histogram_quantile(0.99, rate(x{job=\"api\"}[5m]))", "unit": "s"});
        assert!(match_panel(other.as_object().unwrap(), &[t]).is_none());
    }

    #[test]
    fn rows_match_row_templates_with_nested_parameters() {
        let text = "kind: row\nparams:\n  job: {}\n  title: {default: Traffic}\n---\ntitle: {{ title }}\nheight: 8\npanels:\n  - type: stat\n    title: Up\n    expr: up{job=\"{{ job }}\"}\n    reduce: lastNotNull\n";
        let t = Template::parse("red", &SourceFile::new("library/panels/red.yaml", text)).unwrap();
        let mut source = json!({"rows": [
            {"title": "Traffic", "panels": [{"type": "stat", "title": "Up", "expr": "up{job=\"api\"}"}]},
            {"title": "Other", "panels": [{"type": "stat", "title": "Up", "expr": "up{job=\"api\"}", "unit": "s"}]}
        ]});
        let n = apply(source.as_object_mut().unwrap(), &[t]);
        assert_eq!(n, 1);
        assert_eq!(
            source["rows"][0],
            json!({"use": "red", "with": {"job": "api"}})
        );
        assert_eq!(source["rows"][1]["title"], "Other");
    }
}
