//! Reuse of the repository's library: where a panel (or a row) of an imported dashboard is
//! what a `library/panels/` panel (row) template renders with some parameters, it is written
//! as `use:` + `with:` (plus the layout keys a use site keeps: `width`, `height`, `gridPos`,
//! `id` for panels, `collapsed` for rows).
//!
//! Parameters are inferred, not guessed: in the template body, a `key: …` line whose value has
//! `{{ param }}` expressions is aligned with the element's values of that key
//! ([`crate::source::template::align`]); what lies where `{{ param }}` stands is a candidate
//! for `param`. Each combination of candidates (as a number and as text) and declared defaults
//! is verified by compiling: a scratch repository with the library, one dashboard holding the
//! element as imported and one holding the `use:` form (same default datasource and
//! variables); only when both compile to the same panels is the `use:` form written.

use std::path::{Path, PathBuf};

use serde_json::{Map, Value, json};

use super::overlay::Overlay;
use crate::source::de::Spanned;
use crate::source::format::{TemplateKind, UseSite};
use crate::source::template::{Template, align, instantiate};
use crate::source::{EntryKind, SourceFile, SourceTree};

/// Keys a panel use site keeps next to `use:` and `with:`.
const SITE_KEYS: &[&str] = &["width", "height", "gridPos", "id"];

/// Most parameter combinations tried per template and element.
const MAX_COMBINATIONS: usize = 64;

/// The repository's panel and row templates, and the files a scratch build needs.
#[derive(Debug, Clone, Default)]
pub struct Library {
    templates: Vec<Template>,
    files: Vec<(PathBuf, Vec<u8>)>,
}

impl Library {
    /// Reads the templates and `grafcode.yaml` + `library/` of `tree` (empty when the
    /// repository cannot be loaded).
    pub fn load(tree: &dyn SourceTree) -> Library {
        let Ok((repo, _)) = crate::source::load(tree) else {
            return Library::default();
        };
        let templates = repo
            .templates
            .into_values()
            .filter(|t| matches!(t.header.kind.value, TemplateKind::Panel | TemplateKind::Row))
            .collect();
        let mut files = Vec::new();
        let config = Path::new(crate::source::load::CONFIG_FILE);
        if let Ok(b) = tree.read(config) {
            files.push((config.to_path_buf(), b));
        }
        collect(tree, Path::new("library"), &mut files);
        Library { templates, files }
    }

    /// Whether there is anything to match against.
    pub fn is_empty(&self) -> bool {
        self.templates.is_empty()
    }

    /// Whether dashboards made of `a` and of `b` (rows when `row`, else panels) compile to the
    /// same panels, with `context` (default datasource, variables) on both.
    fn compiles_same(&self, context: &Map<String, Value>, a: &Value, b: &Value, row: bool) -> bool {
        let mut overlay = Overlay::new(None);
        for (p, bytes) in &self.files {
            overlay.insert(p.clone(), bytes.clone());
        }
        overlay.insert("teams/scratch/team.yaml", "{}\n");
        let key = if row { "rows" } else { "panels" };
        for (name, element) in [("a", a), ("b", b)] {
            let mut d = context.clone();
            d.insert("uid".into(), json!(format!("scratch-{name}")));
            d.insert("title".into(), json!(name));
            d.insert(key.into(), json!([element]));
            let Ok(text) = super::yaml::to_yaml(&Value::Object(d)) else {
                return false;
            };
            overlay.insert(format!("teams/scratch/dashboards/{name}.yaml"), text);
        }
        let Ok((repo, diags)) = crate::source::load(&overlay) else {
            return false;
        };
        if crate::compile::has_errors(&diags) {
            return false;
        }
        let Ok(env) = crate::compile::environment(&repo, None) else {
            return false;
        };
        let (model, diags) = crate::compile::compile(&repo, &env);
        if crate::compile::has_errors(&diags) {
            return false;
        }
        let panels = |uid: &str| {
            model
                .dashboards
                .iter()
                .find(|d| d.dashboard.uid == uid)
                .and_then(|d| serde_json::to_value(&d.dashboard).ok())
                .map(|v| v["panels"].clone())
        };
        match (panels("scratch-a"), panels("scratch-b")) {
            (Some(x), Some(y)) => x == y,
            _ => false,
        }
    }
}

fn collect(tree: &dyn SourceTree, dir: &Path, out: &mut Vec<(PathBuf, Vec<u8>)>) {
    let Ok(entries) = tree.list(dir) else {
        return;
    };
    for e in entries {
        let p = dir.join(&e.name);
        match e.kind {
            EntryKind::Dir => collect(tree, &p, out),
            _ => {
                if let Ok(b) = tree.read(&p) {
                    out.push((p, b));
                }
            }
        }
    }
}

/// Replaces every panel of a dashboard source (top-level `panels` and the rows' `panels`),
/// and every row, that a template renders by its `use:` form. Returns how many were replaced.
pub fn apply(source: &mut Map<String, Value>, library: &Library) -> usize {
    if library.is_empty() {
        return 0;
    }
    let context: Map<String, Value> = source
        .iter()
        .filter(|(k, _)| matches!(k.as_str(), "datasource" | "variables"))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    let mut n = 0;
    let mut lists: Vec<&mut Vec<Value>> = Vec::new();
    let (panels, rows) = split_panels_rows(source);
    lists.extend(panels);
    for row in rows {
        if let Some(used) = match_element(row, library, &context, TemplateKind::Row) {
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
                && let Some(used) = match_element(p, library, &context, TemplateKind::Panel)
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

/// The `use:` form of a panel or row when a template of that kind renders it.
fn match_element(
    element: &Map<String, Value>,
    library: &Library,
    context: &Map<String, Value>,
    kind: TemplateKind,
) -> Option<Map<String, Value>> {
    if element.contains_key("use") {
        return None;
    }
    let site_keys: &[&str] = if kind == TemplateKind::Row {
        &["collapsed"]
    } else {
        SITE_KEYS
    };
    for t in library
        .templates
        .iter()
        .filter(|t| t.header.kind.value == kind)
    {
        let Some(with) = infer(t, element, |with| {
            let mut site = Map::new();
            site.insert("use".into(), json!(t.name));
            site.insert("with".into(), Value::Object(with.clone()));
            for k in site_keys {
                if let Some(v) = element.get(*k) {
                    site.insert((*k).into(), v.clone());
                }
            }
            library.compiles_same(
                context,
                &Value::Object(element.clone()),
                &Value::Object(site),
                kind == TemplateKind::Row,
            )
        }) else {
            continue;
        };
        let mut out = Map::new();
        out.insert("use".into(), json!(t.name));
        if !with.is_empty() {
            out.insert("with".into(), Value::Object(with));
        }
        for k in site_keys {
            if let Some(v) = element.get(*k) {
                out.insert((*k).into(), v.clone());
            }
        }
        return Some(out);
    }
    None
}

/// The `with:` (parameters differing from their defaults) for which `same` holds, trying the
/// combinations that render at all.
fn infer(
    t: &Template,
    element: &Map<String, Value>,
    same: impl Fn(&Map<String, Value>) -> bool,
) -> Option<Map<String, Value>> {
    let params: Vec<(&String, Option<&Value>)> = t
        .header
        .params
        .iter()
        .map(|(name, p)| (name, p.default.as_ref()))
        .collect();
    let found = candidates(t.body(), element);
    // Per parameter: its default (left out of `with:`), then each candidate as a number and
    // as text.
    let mut choices: Vec<Vec<Option<Value>>> = Vec::new();
    for (name, default) in &params {
        let mut c: Vec<Option<Value>> = Vec::new();
        if default.is_some() {
            c.push(None);
        }
        for text in found.iter().filter(|(p, _)| p == *name).map(|(_, v)| v) {
            if let Ok(v) = serde_json::from_str::<Value>(text)
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
        // Cheap first: the template must render, to the element's type (panels) and title.
        let site = UseSite {
            name: Spanned::new(t.name.clone(), 0..0),
            with: Some(Spanned::new(Value::Object(with.clone()), 0..0)),
        };
        let Ok(instance) = instantiate(t, t.header.kind.value, &site, &file) else {
            continue;
        };
        let rendered = |k: &str| instance.node.get(k).and_then(|n| n.as_str());
        if t.header.kind.value == TemplateKind::Panel
            && rendered("type") != element.get("type").and_then(Value::as_str)
        {
            continue;
        }
        // The title compiles as written: a different one cannot match (saves a compile).
        if let (Some(r), Some(e)) = (
            rendered("title"),
            element.get("title").and_then(Value::as_str),
        ) && r != e
        {
            continue;
        }
        if same(&with) {
            return Some(with);
        }
    }
    None
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

    /// A scratch library: config, one Prometheus datasource, the template.
    fn library(template: &str, kind: &str) -> Library {
        let text = format!(
            "kind: {kind}\nparams:\n  job: {{description: the job}}\n  quantile: {{default: 0.99}}\n  title: {{default: Traffic}}\n---\n{template}"
        );
        let t = Template::parse(
            "lib",
            &SourceFile::new("library/panels/lib.yaml", text.clone()),
        )
        .unwrap();
        Library {
            templates: vec![t],
            files: vec![
                (PathBuf::from("grafcode.yaml"), b"grafana: 12.2.0\noutputs:\n  provisioning: {}\n".to_vec()),
                (
                    PathBuf::from("library/datasources/p.yaml"),
                    b"datasources:\n- name: prom\n  type: prometheus\n  uid: prom\n  url: http://p:9090\n".to_vec(),
                ),
                (PathBuf::from("library/panels/lib.yaml"), text.into_bytes()),
            ],
        }
    }

    #[test]
    fn panels_are_matched_by_compiling_and_defaults_left_out() {
        let lib = library(
            "type: timeseries\ntitle: p{{ (quantile * 100) | round | int }} of {{ job }}\nexpr: histogram_quantile({{ quantile }}, rate(x{job=\"{{ job }}\"}[5m]))\nunit: s\n",
            "panel",
        );
        let mut source = json!({"datasource": "prom", "panels": [
            {"type": "timeseries", "title": "p50 of api", "width": 12,
             "expr": "histogram_quantile(0.5, rate(x{job=\"api\"}[5m]))", "unit": "s"},
            {"type": "timeseries", "title": "p99 of api", "unit": "s",
             "expr": "histogram_quantile(0.99, rate(x{job=\"api\"}[5m]))"},
            {"type": "timeseries", "title": "p99 of api", "unit": "ms",
             "expr": "histogram_quantile(0.99, rate(x{job=\"api\"}[5m]))"}
        ]});
        assert_eq!(apply(source.as_object_mut().unwrap(), &lib), 2);
        assert_eq!(
            source["panels"][0],
            json!({"use": "lib", "with": {"job": "api", "quantile": 0.5}, "width": 12})
        );
        assert_eq!(
            source["panels"][1],
            json!({"use": "lib", "with": {"job": "api"}})
        );
        // A different unit: not the template's panel.
        assert_eq!(source["panels"][2]["unit"], "ms");
    }

    #[test]
    fn rows_match_row_templates_with_nested_parameters() {
        let lib = library(
            "title: {{ title }}\nheight: 8\npanels:\n  - type: stat\n    title: Up\n    expr: up{job=\"{{ job }}\"}\n",
            "row",
        );
        let mut source = json!({"datasource": "prom", "rows": [
            {"title": "Traffic", "panels": [{"type": "stat", "title": "Up", "expr": "up{job=\"api\"}"}]},
            {"title": "Other", "panels": [{"type": "stat", "title": "Up", "expr": "up{job=\"api\"}", "unit": "s"}]}
        ]});
        assert_eq!(apply(source.as_object_mut().unwrap(), &lib), 1);
        assert_eq!(
            source["rows"][0],
            json!({"use": "lib", "with": {"job": "api"}})
        );
        assert_eq!(source["rows"][1]["title"], "Other");
    }
}
