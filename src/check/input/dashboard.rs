//! A dashboard as the checks see it: the JSON Grafana receives, positions by JSON pointer, and
//! every PromQL/LogQL query of its panels, variables and annotations in the language of the
//! datasource it runs on.
//!
//! Language resolution follows how Grafana sends queries: a panel's datasource wins over its
//! targets' unless the panel is `-- Mixed --` or unset; references go through datasource
//! variables and `__inputs`; when nothing is known, the dashboard's single PromQL/LogQL
//! datasource, else a syntactic guess. Queries of other datasources (SQL, Flux, …) are skipped.

use std::ops::Range;
use std::sync::Arc;

use serde_json::Value;

use super::datasources::Datasource;
use super::json_index::{JsonIndex, escape_token};
use super::source_map::SourceSpans;
use super::{DsRef, Place, Query, ds_ref, guess_lang, is_other_type, lang_of_name, lang_of_type};
use crate::model::TextOrigin;
use crate::query::Lang;
use crate::source::SourceFile;

/// One dashboard.
#[derive(Debug, Clone)]
pub struct Dashboard {
    /// The file it was read from.
    pub file: Arc<SourceFile>,
    /// Owning team, in a monorepo.
    pub team: Option<String>,
    /// Grafana folder it goes in, when known.
    pub folder: Option<String>,
    /// The dashboard JSON (unwrapped from `{meta, dashboard}` exports).
    pub json: Value,
    /// Pointer of the dashboard object inside the file (`""`, or `/dashboard`).
    pub base: String,
    /// Positions of the file's JSON, when the file is JSON.
    pub index: Option<Arc<JsonIndex>>,
    /// Positions of the values in the source YAML, for a dashboard compiled in a monorepo.
    pub source: Option<Arc<SourceSpans>>,
    /// Span of the whole dashboard in the file (the fallback position).
    pub whole: Range<usize>,
    /// Every PromQL/LogQL query.
    pub queries: Vec<Query>,
    /// `__inputs` of an "export for sharing externally": input name → plugin id.
    pub inputs: Vec<(String, String)>,
    /// Datasource-type template variables: name → plugin type they select.
    pub ds_variables: Vec<(String, String)>,
    /// A schema v2 dashboard (`apiVersion: dashboard.grafana.app/v2…`): panels are
    /// `spec.elements`, variables `spec.variables`.
    pub v2: bool,
}

impl Dashboard {
    /// Reads a dashboard object (`json`, at pointer `base` of `file`).
    pub fn new(
        file: Arc<SourceFile>,
        json: Value,
        base: String,
        index: Option<Arc<JsonIndex>>,
        known: &[Datasource],
    ) -> Dashboard {
        let whole = match &index {
            Some(idx) => idx.span_or_ancestor(&base),
            None => 0..file.text().len(),
        };
        let mut d = Dashboard {
            file,
            team: None,
            folder: None,
            json,
            base,
            index,
            source: None,
            whole,
            queries: Vec::new(),
            inputs: Vec::new(),
            ds_variables: Vec::new(),
            v2: false,
        };
        d.v2 = str_at(&d.json, "apiVersion")
            .is_some_and(|a| a.starts_with("dashboard.grafana.app/v2"));
        d.inputs = list(&d.json, &["__inputs"])
            .iter()
            .filter(|i| str_at(i, "type") == Some("datasource"))
            .filter_map(|i| {
                Some((
                    str_at(i, "name")?.to_string(),
                    str_at(i, "pluginId")?.to_string(),
                ))
            })
            .collect();
        d.ds_variables = variables(&d.json)
            .filter(|v| str_at(v, "type") == Some("datasource"))
            .filter_map(|v| {
                Some((
                    str_at(v, "name")?.to_string(),
                    str_at(v, "query")?.to_string(),
                ))
            })
            .collect();
        if d.v2 {
            d.ds_variables = list(&d.json, &["spec", "variables"])
                .iter()
                .filter(|v| str_at(v, "kind") == Some("DatasourceVariable"))
                .filter_map(|v| {
                    let spec = v.get("spec")?;
                    Some((
                        str_at(spec, "name")?.to_string(),
                        str_at(spec, "pluginId")?.to_string(),
                    ))
                })
                .collect();
            d.queries = Extractor { d: &d, known }.all_v2();
        } else {
            d.queries = Extractor { d: &d, known }.all();
        }
        d
    }

    /// The dashboard's title.
    pub fn title(&self) -> &str {
        if self.v2 {
            return self
                .json
                .pointer("/spec/title")
                .and_then(Value::as_str)
                .unwrap_or("");
        }
        str_at(&self.json, "title").unwrap_or("")
    }

    /// The dashboard's UID.
    pub fn uid(&self) -> Option<&str> {
        if self.v2 {
            return self.json.pointer("/metadata/name").and_then(Value::as_str);
        }
        str_at(&self.json, "uid")
    }

    /// The file span of the value at `pointer` (relative to the dashboard), or of its nearest
    /// ancestor, or of the whole dashboard.
    pub fn span(&self, pointer: &str) -> Range<usize> {
        match &self.index {
            Some(idx) => {
                let full = format!("{}{}", self.base, pointer);
                let s = idx.span_or_ancestor(&full);
                if s.is_empty() { self.whole.clone() } else { s }
            }
            None => self
                .source
                .as_ref()
                .and_then(|s| s.span_or_ancestor(pointer))
                .unwrap_or_else(|| self.whole.clone()),
        }
    }

    /// The file span of a string value's content (without its quotes).
    pub fn value_span(&self, pointer: &str) -> Range<usize> {
        match self.string_origin(pointer) {
            Some(o) => {
                let len = self
                    .json
                    .pointer(pointer)
                    .and_then(Value::as_str)
                    .map_or(0, str::len);
                o.span_to_file(0..len)
            }
            None => self.span(pointer),
        }
    }

    /// The origin of the string at `pointer` (relative to the dashboard).
    pub fn string_origin(&self, pointer: &str) -> Option<TextOrigin> {
        if let Some(source) = &self.source {
            return source.string_origin(pointer);
        }
        let idx = self.index.as_ref()?;
        idx.string_origin(&self.file, &format!("{}{}", self.base, pointer))
    }

    /// Every panel (rows' and collapsed rows' panels included) with its pointer.
    pub fn panels(&self) -> Vec<(String, &Value)> {
        let mut out = Vec::new();
        walk_panels(self.json.get("panels"), "/panels", &mut out);
        for (ri, row) in list(&self.json, &["rows"]).iter().enumerate() {
            walk_panels(row.get("panels"), &format!("/rows/{ri}/panels"), &mut out);
        }
        out
    }

    /// Names a `$var` may refer to: template variables and export inputs.
    pub fn defined_names(&self) -> Vec<&str> {
        let mut names: Vec<&str> = self
            .variables()
            .iter()
            .filter_map(|(_, v)| str_at(v, "name"))
            .collect();
        names.extend(self.inputs.iter().map(|(n, _)| n.as_str()));
        names.extend(
            list(&self.json, &["__inputs"])
                .iter()
                .filter_map(|i| str_at(i, "name")),
        );
        names
    }

    /// Every template variable with its pointer (for v2, the variable's `spec`).
    pub fn variables(&self) -> Vec<(String, &Value)> {
        if self.v2 {
            return list(&self.json, &["spec", "variables"])
                .iter()
                .enumerate()
                .filter_map(|(i, v)| Some((format!("/spec/variables/{i}/spec"), v.get("spec")?)))
                .collect();
        }
        list(&self.json, &["templating", "list"])
            .iter()
            .enumerate()
            .map(|(i, v)| (format!("/templating/list/{i}"), v))
            .collect()
    }
}

/// Every string value under `v` with its pointer (relative to `base`).
pub fn strings<'a>(v: &'a Value, base: &str, out: &mut Vec<(String, &'a str)>) {
    match v {
        Value::String(s) => out.push((base.to_string(), s)),
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                strings(item, &format!("{base}/{i}"), out);
            }
        }
        Value::Object(map) => {
            for (k, item) in map {
                strings(item, &child(base, k), out);
            }
        }
        _ => {}
    }
}

fn walk_panels<'a>(panels: Option<&'a Value>, path: &str, out: &mut Vec<(String, &'a Value)>) {
    let Some(Value::Array(items)) = panels else {
        return;
    };
    for (i, p) in items.iter().enumerate() {
        if !p.is_object() {
            continue;
        }
        let pp = format!("{path}/{i}");
        out.push((pp.clone(), p));
        walk_panels(p.get("panels"), &format!("{pp}/panels"), out);
    }
}

/// The array at `path` of `v`, or an empty slice.
pub fn list<'a>(v: &'a Value, path: &[&str]) -> &'a [Value] {
    let mut cur = v;
    for key in path {
        match cur.get(key) {
            Some(next) => cur = next,
            None => return &[],
        }
    }
    cur.as_array().map_or(&[], Vec::as_slice)
}

/// The string under `key` of `v`.
pub fn str_at<'a>(v: &'a Value, key: &str) -> Option<&'a str> {
    v.get(key).and_then(Value::as_str)
}

fn variables(d: &Value) -> impl Iterator<Item = &Value> {
    list(d, &["templating", "list"]).iter()
}

/// The language a reference resolves to: `Some(Some(lang))` known, `Some(None)` another kind
/// of datasource (skip), `None` unknown.
type Resolved = Option<Option<Lang>>;

struct Extractor<'a> {
    d: &'a Dashboard,
    known: &'a [Datasource],
}

impl Extractor<'_> {
    fn all(&self) -> Vec<Query> {
        let mut out = Vec::new();
        for (pp, panel) in self.d.panels() {
            let pref = ds_ref(panel.get("datasource"));
            let plang = self.resolve(&pref);
            let title = str_at(panel, "title").unwrap_or("").to_string();
            for (ti, t) in list(panel, &["targets"]).iter().enumerate() {
                let tref = ds_ref(t.get("datasource"));
                let (lang, dsref) = match plang {
                    Some(l) => (Some(l), pref.clone()),
                    None => (self.resolve(&tref), tref),
                };
                let place = Place::Panel {
                    panel: pp.clone(),
                    title: title.clone(),
                };
                let pointer = format!("{pp}/targets/{ti}/expr");
                if let Some(mut q) = self.query(&pointer, lang, dsref, place) {
                    q.legend = str_at(t, "legendFormat").map(str::to_string);
                    q.ref_id = str_at(t, "refId").map(str::to_string);
                    out.push(q);
                }
            }
        }
        for (ai, a) in list(&self.d.json, &["annotations", "list"])
            .iter()
            .enumerate()
        {
            let r = ds_ref(a.get("datasource"));
            let lang = self.resolve(&r);
            let place = Place::Annotation {
                name: str_at(a, "name").unwrap_or("").to_string(),
            };
            out.extend(self.query(&format!("/annotations/list/{ai}/expr"), lang, r, place));
        }
        for (vp, v) in self.d.variables() {
            if str_at(v, "type") != Some("query") {
                continue;
            }
            let r = ds_ref(v.get("datasource"));
            let lang = match self.resolve(&r) {
                Some(l) => l,
                None => Some(self.default_lang().unwrap_or(Lang::PromQL)),
            };
            let Some(lang) = lang else { continue };
            let name = str_at(v, "name").unwrap_or("").to_string();
            out.extend(self.variable_queries(&vp, v, lang, r, name));
        }
        out
    }

    /// The queries of a schema v2 dashboard: panel queries under `spec.elements`, query
    /// variables under `spec.variables`; the language is the query's `group`.
    fn all_v2(&self) -> Vec<Query> {
        let mut out = Vec::new();
        let v2_lang = |q: &Value| -> Resolved {
            let group = str_at(q, "group")
                .or_else(|| str_at(q, "kind").filter(|k| *k != "DataQuery"))
                .or_else(|| q.get("datasource").and_then(|d| str_at(d, "type")));
            match group {
                Some(g) if lang_of_type(g).is_some() => Some(lang_of_type(g)),
                Some(g) if is_other_type(g) => Some(None),
                _ => None,
            }
        };
        if let Some(Value::Object(elements)) = self.d.json.pointer("/spec/elements") {
            for (key, el) in elements {
                if str_at(el, "kind") != Some("Panel") {
                    continue;
                }
                let ep = child("/spec/elements", key);
                let title = el
                    .pointer("/spec/title")
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .to_string();
                let queries = el
                    .pointer("/spec/data/spec/queries")
                    .and_then(Value::as_array);
                for (i, pq) in queries
                    .map(Vec::as_slice)
                    .unwrap_or_default()
                    .iter()
                    .enumerate()
                {
                    let Some(q) = pq.pointer("/spec/query") else {
                        continue;
                    };
                    let pointer = format!("{ep}/spec/data/spec/queries/{i}/spec/query/spec/expr");
                    let place = Place::Panel {
                        panel: ep.clone(),
                        title: title.clone(),
                    };
                    if let Some(mut query) = self.query(&pointer, v2_lang(q), DsRef::Default, place)
                    {
                        query.legend = q
                            .pointer("/spec/legendFormat")
                            .and_then(Value::as_str)
                            .map(str::to_string);
                        query.ref_id = pq
                            .pointer("/spec/refId")
                            .and_then(Value::as_str)
                            .map(str::to_string);
                        out.push(query);
                    }
                }
            }
        }
        for (i, v) in list(&self.d.json, &["spec", "variables"])
            .iter()
            .enumerate()
        {
            if str_at(v, "kind") != Some("QueryVariable") {
                continue;
            }
            let Some(q) = v.pointer("/spec/query") else {
                continue;
            };
            let lang = match v2_lang(q) {
                Some(Some(l)) => l,
                Some(None) => continue,
                None => Lang::PromQL,
            };
            let vp = format!("/spec/variables/{i}/spec/query");
            let (pointer, text) = match q.pointer("/spec/query").and_then(Value::as_str) {
                Some(s) => (format!("{vp}/spec/query"), s),
                None => match q.pointer("/spec/expr").and_then(Value::as_str) {
                    Some(s) => (format!("{vp}/spec/expr"), s),
                    None => continue,
                },
            };
            let Some(part) = variable_expr(text) else {
                continue;
            };
            let name = v
                .pointer("/spec/name")
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_string();
            out.push(Query {
                expr: text[part.clone()].to_string(),
                lang,
                lang_known: true,
                origin: sub_origin(&self.origin(&pointer), part.start),
                pointer,
                datasource: DsRef::Default,
                place: Place::Variable { name },
                legend: None,
                ref_id: None,
            });
        }
        out
    }

    /// A query at `pointer` (a string of the dashboard), unless its datasource speaks neither
    /// language or it is empty.
    fn query(&self, pointer: &str, lang: Resolved, ds: DsRef, place: Place) -> Option<Query> {
        let expr = self.d.json.pointer(pointer)?.as_str()?;
        if expr.trim().is_empty() {
            return None;
        }
        let (lang, known) = match lang {
            Some(Some(l)) => (l, true),
            Some(None) => return None,
            None => match self.default_lang() {
                Some(l) => (l, true),
                None => (guess_lang(expr), false),
            },
        };
        Some(Query {
            expr: expr.to_string(),
            lang,
            lang_known: known,
            origin: self.origin(pointer),
            pointer: pointer.to_string(),
            datasource: ds,
            place,
            legend: None,
            ref_id: None,
        })
    }

    fn origin(&self, pointer: &str) -> TextOrigin {
        self.d
            .string_origin(pointer)
            .unwrap_or_else(|| TextOrigin::verbatim(&self.d.file, self.d.whole.start))
    }

    /// The expressions inside a query variable: Grafana's `label_values(sel, label)`,
    /// `query_result(expr)`, `label_names(sel)` reduce to their PromQL part.
    fn variable_queries(
        &self,
        vp: &str,
        v: &Value,
        lang: Lang,
        ds: DsRef,
        name: String,
    ) -> Vec<Query> {
        let (pointer, text) = match v.get("query") {
            Some(Value::String(s)) if !s.trim().is_empty() => (format!("{vp}/query"), s.as_str()),
            Some(Value::Object(o)) => {
                let key = if lang == Lang::LogQL && o.get("stream").is_some() {
                    "stream"
                } else {
                    "query"
                };
                match o.get(key).and_then(Value::as_str) {
                    Some(s) if !s.trim().is_empty() => (format!("{vp}/query/{key}"), s),
                    _ => return Vec::new(),
                }
            }
            _ => match str_at(v, "definition") {
                Some(s) if !s.trim().is_empty() => (format!("{vp}/definition"), s),
                _ => return Vec::new(),
            },
        };
        let Some(part) = variable_expr(text) else {
            return Vec::new();
        };
        let origin = sub_origin(&self.origin(&pointer), part.start);
        vec![Query {
            expr: text[part].to_string(),
            lang,
            lang_known: true,
            origin,
            pointer,
            datasource: ds,
            place: Place::Variable { name },
            legend: None,
            ref_id: None,
        }]
    }

    /// The language of a reference.
    fn resolve(&self, r: &DsRef) -> Resolved {
        match r {
            DsRef::Default | DsRef::Mixed => None,
            DsRef::Builtin(_) => Some(None),
            DsRef::Named { uid, kind } => {
                if let Some(k) = kind {
                    if let Some(l) = lang_of_type(k) {
                        return Some(Some(l));
                    }
                    if is_other_type(k) {
                        return Some(None);
                    }
                }
                if let Some(ds) = self.known.iter().find(|d| d.matches(uid)) {
                    return Some(lang_of_type(&ds.kind));
                }
                lang_of_name(uid).map(Some)
            }
            DsRef::Variable(name) => {
                let kind = self
                    .d
                    .ds_variables
                    .iter()
                    .chain(self.d.inputs.iter())
                    .find(|(n, _)| n == name)
                    .map(|(_, k)| k.as_str());
                match kind {
                    Some(k) if lang_of_type(k).is_some() => Some(lang_of_type(k)),
                    Some(k) if is_other_type(k) => Some(None),
                    _ => lang_of_name(name).map(Some),
                }
            }
        }
    }

    /// The single PromQL/LogQL language among the dashboard's datasource variables and inputs.
    fn default_lang(&self) -> Option<Lang> {
        let mut langs = self
            .d
            .ds_variables
            .iter()
            .chain(self.d.inputs.iter())
            .filter_map(|(_, k)| lang_of_type(k));
        let first = langs.next()?;
        langs.all(|l| l == first).then_some(first)
    }
}

/// The part of a Grafana variable query that is PromQL/LogQL: `label_values(sel, l)` → `sel`,
/// `query_result(e)` → `e`, `label_names(sel)` → `sel`; `label_values(l)`, `metrics(re)` and
/// `label_values({}, l)` have none; anything else is the whole text.
pub fn variable_expr(text: &str) -> Option<Range<usize>> {
    let trimmed_start = text.len() - text.trim_start().len();
    let t = text.trim();
    let Some(open) = t.find('(') else {
        return Some(trimmed_start..trimmed_start + t.len());
    };
    let func = t[..open].trim_end();
    if !matches!(
        func,
        "label_values" | "query_result" | "metrics" | "label_names"
    ) || !t.ends_with(')')
    {
        return Some(trimmed_start..trimmed_start + t.len());
    }
    let args_start = trimmed_start + open + 1;
    let args_end = trimmed_start + t.len() - 1;
    let args = &text[args_start..args_end];
    let parts = split_top_commas(args);
    let trim = |r: Range<usize>| -> Option<Range<usize>> {
        let s = &args[r.clone()];
        let lead = s.len() - s.trim_start().len();
        let inner = s.trim();
        (!inner.is_empty())
            .then(|| args_start + r.start + lead..args_start + r.start + lead + inner.len())
    };
    match func {
        "label_values" if parts.len() >= 2 => {
            let first = trim(parts[0].clone())?;
            let sel = &text[first.clone()];
            let inner = sel.strip_prefix('{').and_then(|s| s.strip_suffix('}'));
            if inner.is_some_and(|i| i.trim().is_empty()) {
                return None;
            }
            Some(first)
        }
        "query_result" => trim(0..args.len()),
        "label_names" => trim(0..args.len()),
        _ => None,
    }
}

/// Top-level comma-separated parts of `s` (outside brackets and strings), as ranges.
fn split_top_commas(s: &str) -> Vec<Range<usize>> {
    let b = s.as_bytes();
    let mut parts = Vec::new();
    let (mut depth, mut start, mut quote, mut i) = (0i32, 0usize, None::<u8>, 0usize);
    while i < b.len() {
        let c = b[i];
        if let Some(q) = quote {
            if c == b'\\' && q != b'`' {
                i += 2;
                continue;
            }
            if c == q {
                quote = None;
            }
        } else {
            match c {
                b'"' | b'\'' | b'`' => quote = Some(c),
                b'(' | b'{' | b'[' => depth += 1,
                b')' | b'}' | b']' => depth -= 1,
                b',' if depth == 0 => {
                    parts.push(start..i);
                    start = i + 1;
                }
                _ => {}
            }
        }
        i += 1;
    }
    parts.push(start..b.len().max(start));
    parts
}

/// The origin of the substring starting at value offset `start`.
pub fn sub_origin(origin: &TextOrigin, start: usize) -> TextOrigin {
    let mut segments = vec![(0, origin.to_file(start))];
    segments.extend(
        origin
            .segments
            .iter()
            .filter(|(v, _)| *v > start)
            .map(|&(v, f)| (v - start, f)),
    );
    TextOrigin {
        file: Arc::clone(&origin.file),
        segments,
    }
}

/// The pointer of `key` under `parent`.
pub fn child(parent: &str, key: &str) -> String {
    format!("{parent}/{}", escape_token(key))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dash(text: &str) -> Dashboard {
        let file = SourceFile::new("d.json", text);
        let json: Value = serde_json::from_str(text).unwrap();
        let idx = Arc::new(JsonIndex::build(text));
        Dashboard::new(file, json, String::new(), Some(idx), &[])
    }

    #[test]
    fn panel_datasource_decides_the_language() {
        let d = dash(
            r#"{"panels": [
              {"datasource": {"type": "loki", "uid": "l"}, "targets": [{"expr": "{a=\"b\"}", "refId": "A"}]},
              {"datasource": "-- Mixed --", "targets": [{"datasource": {"type": "prometheus"}, "expr": "up"}]},
              {"datasource": {"type": "postgres"}, "targets": [{"expr": "select 1"}]},
              {"type": "row", "panels": [{"targets": [{"expr": "rate(x[5m])"}]}]}
            ]}"#,
        );
        let langs: Vec<_> = d
            .queries
            .iter()
            .map(|q| (q.pointer.as_str(), q.lang, q.lang_known))
            .collect();
        assert_eq!(
            langs,
            vec![
                ("/panels/0/targets/0/expr", Lang::LogQL, true),
                ("/panels/1/targets/0/expr", Lang::PromQL, true),
                ("/panels/3/panels/0/targets/0/expr", Lang::PromQL, false),
            ]
        );
        assert_eq!(d.queries[0].ref_id.as_deref(), Some("A"));
    }

    #[test]
    fn schema_v2_panels_and_variables() {
        let text = r#"{"apiVersion": "dashboard.grafana.app/v2beta1", "kind": "Dashboard",
 "metadata": {"name": "logs"},
 "spec": {"title": "Logs", "elements": {"panel-1": {"kind": "Panel", "spec": {"title": "T",
   "data": {"kind": "QueryGroup", "spec": {"queries": [{"kind": "PanelQuery", "spec": {"refId": "A",
     "query": {"kind": "DataQuery", "group": "loki", "spec": {"expr": "{a=\"b\"} |= \"x\""}}}}]}}}}},
  "variables": [{"kind": "QueryVariable", "spec": {"name": "host",
     "query": {"kind": "DataQuery", "group": "prometheus", "spec": {"query": "label_values(up, host)"}}}}]}}"#;
        let d = dash(text);
        assert!(d.v2);
        assert_eq!((d.title(), d.uid()), ("Logs", Some("logs")));
        let got: Vec<_> = d
            .queries
            .iter()
            .map(|q| (q.expr.as_str(), q.lang))
            .collect();
        assert_eq!(
            got,
            vec![("{a=\"b\"} |= \"x\"", Lang::LogQL), ("up", Lang::PromQL)]
        );
        let f = d.queries[0].origin.to_file(0);
        assert_eq!(&text[f..f + 4], "{a=\\");
        assert_eq!(d.defined_names(), vec!["host"]);
    }

    #[test]
    fn variable_queries_reduce_to_their_selector() {
        let text = r#"{"templating": {"list": [
            {"type": "datasource", "name": "ds", "query": "prometheus"},
            {"type": "query", "name": "job", "datasource": "$ds", "query": "label_values(up{env=\"x\"}, job)"},
            {"type": "query", "name": "n", "query": "label_values(job)"}
        ]}}"#;
        let d = dash(text);
        assert_eq!(d.queries.len(), 1);
        let q = &d.queries[0];
        assert_eq!(q.expr, "up{env=\"x\"}");
        let f = q.origin.to_file(0);
        assert_eq!(&text[f..f + 3], "up{");
        assert_eq!(variable_expr("query_result(sum(x))"), Some(13..19));
        assert_eq!(variable_expr("label_values({}, job)"), None);
        assert_eq!(variable_expr("metrics(up.*)"), None);
    }
}
