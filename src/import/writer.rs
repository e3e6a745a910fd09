//! A classic dashboard → the typed source form (`teams/<team>/dashboards/<slug>.yaml`).
//!
//! This writes the typed keys only, each where the original's value is exactly what the
//! typed key produces; whatever else the original holds is added afterwards as `raw:` merge
//! patches computed against what the compiler makes of these typed keys
//! ([`super::roundtrip`]), so nothing is lost and nothing is guessed.

use std::collections::BTreeMap;

use serde_json::{Map, Value, json};

use super::datasources::{Choice, DashboardScope, Datasources, guess_kind};
use super::input::DatasourceInput;
use super::layout::{self, Flow, GridPos, Placement};

/// Panel types the source form types (others are written with their plugin id).
pub const TYPED_PANELS: &[&str] = &[
    "timeseries",
    "stat",
    "gauge",
    "bargauge",
    "table",
    "heatmap",
    "logs",
    "text",
    "piechart",
    "barchart",
    "state-timeline",
    "status-history",
    "histogram",
    "graph",
    "singlestat",
];

/// The source of one dashboard, with where each source element came from.
#[derive(Debug, Clone)]
pub struct Written {
    /// The source document (key order as it will be written).
    pub source: Map<String, Value>,
    /// Every datasource reference met, as written in the original, with its choice.
    pub choices: Vec<(Value, Choice)>,
    /// The dashboard's datasource scope.
    pub scope: DashboardScope,
}

/// Writes the typed source of `dashboard` (a canonical classic model).
pub fn write(
    dashboard: &Map<String, Value>,
    inputs: &[DatasourceInput],
    datasources: &mut Datasources,
) -> Written {
    let mut scope = scope_of(dashboard);
    scope.inputs = inputs.to_vec();
    let mut w = Writer {
        datasources,
        scope,
        choices: Vec::new(),
        default_ds: None,
    };
    // Ids as Grafana gives them on load, so a panel without one needs no `id:` either.
    let mut with_ids = dashboard.clone();
    if let Some(Value::Array(panels)) = with_ids.get_mut("panels") {
        super::normalize::fill_panel_ids(panels);
    }
    let source = w.dashboard(&with_ids);
    Written {
        source,
        choices: w.choices,
        scope: w.scope,
    }
}

fn scope_of(dashboard: &Map<String, Value>) -> DashboardScope {
    let mut variables = BTreeMap::new();
    for v in list(dashboard.get("templating")) {
        if v.get("type").and_then(Value::as_str) == Some("datasource")
            && let Some(name) = v.get("name").and_then(Value::as_str)
        {
            let plugin = v
                .get("query")
                .and_then(Value::as_str)
                .unwrap_or("prometheus");
            variables.insert(name.to_string(), plugin.to_string());
        }
    }
    DashboardScope {
        inputs: Vec::new(),
        variables,
    }
}

/// `{list: [...]}` → the list.
fn list(v: Option<&Value>) -> Vec<&Value> {
    v.and_then(|t| t.get("list"))
        .and_then(Value::as_array)
        .map(|l| l.iter().collect())
        .unwrap_or_default()
}

struct Writer<'a> {
    datasources: &'a mut Datasources,
    scope: DashboardScope,
    choices: Vec<(Value, Choice)>,
    default_ds: Option<Choice>,
}

fn put(m: &mut Map<String, Value>, key: &str, v: Option<Value>) {
    if let Some(v) = v {
        m.insert(key.to_string(), v);
    }
}

fn string(v: Option<&Value>) -> Option<Value> {
    v.and_then(Value::as_str)
        .filter(|s| !s.is_empty())
        .map(|s| Value::String(s.to_string()))
}

impl Writer<'_> {
    /// Chooses how a reference is written, remembering it for the verify mapping.
    fn choose(&mut self, reference: Option<&Value>, guess: &str) -> Choice {
        let choice = self.datasources.choose(reference, &self.scope, guess);
        let key = reference.cloned().unwrap_or(Value::Null);
        if !self.choices.iter().any(|(r, _)| r == &key) {
            self.choices.push((key, choice.clone()));
        }
        choice
    }

    fn choice_value(choice: &Choice) -> Option<Value> {
        match choice {
            Choice::Logical(n) => Some(json!(n)),
            Choice::Variable(v) => Some(json!(format!("${v}"))),
            Choice::Special => None,
        }
    }

    fn dashboard(&mut self, d: &Map<String, Value>) -> Map<String, Value> {
        let mut s = Map::new();
        put(&mut s, "uid", string(d.get("uid")));
        put(
            &mut s,
            "title",
            d.get("title").filter(|t| t.is_string()).cloned(),
        );
        put(&mut s, "description", string(d.get("description")));
        if let Some(Value::Array(tags)) = d.get("tags")
            && !tags.is_empty()
            && tags.iter().all(Value::is_string)
        {
            s.insert("tags".into(), Value::Array(tags.clone()));
        }
        put(&mut s, "refresh", string(d.get("refresh")));
        if let Some(t) = d.get("time")
            && let (Some(from), Some(to)) = (
                t.get("from").and_then(Value::as_str),
                t.get("to").and_then(Value::as_str),
            )
            && t.as_object().is_some_and(|o| o.len() == 2)
            && (from, to) != ("now-6h", "now")
        {
            s.insert("time".into(), json!({"from": from, "to": to}));
        }
        match d.get("timezone").and_then(Value::as_str) {
            Some("browser") => {}
            Some(tz) => {
                s.insert("timezone".into(), json!(tz));
            }
            None => {
                s.insert("timezone".into(), json!(""));
            }
        }
        match d.get("graphTooltip").and_then(Value::as_i64) {
            Some(1) => {
                s.insert("shared".into(), json!("crosshair"));
            }
            Some(2) => {
                s.insert("shared".into(), json!("tooltip"));
            }
            _ => {}
        }
        // Editable unless said otherwise, in Grafana and in the source.
        if d.get("editable") == Some(&json!(false)) {
            s.insert("editable".into(), json!(false));
        }
        // The dashboard's datasource: the one most panels use.
        let default = self.most_common_datasource(d);
        if let Some(c) = &default
            && let Some(v) = Self::choice_value(c)
        {
            s.insert("datasource".into(), v);
        }
        self.default_ds = default;
        let vars: Vec<Value> = list(d.get("templating"))
            .into_iter()
            .map(|v| Value::Object(self.variable(v)))
            .collect();
        if !vars.is_empty() {
            s.insert("variables".into(), Value::Array(vars));
        }
        let annotations: Vec<Value> = list(d.get("annotations"))
            .into_iter()
            .filter(|a| a.get("builtIn").and_then(Value::as_i64) != Some(1))
            .map(|a| Value::Object(self.annotation(a)))
            .collect();
        if !annotations.is_empty() {
            s.insert("annotations".into(), Value::Array(annotations));
        }
        if let Some(links) = d
            .get("links")
            .and_then(Value::as_array)
            .and_then(|l| typed_links(l))
            && !links.is_empty()
        {
            s.insert("links".into(), Value::Array(links));
        }
        super::typed_legacy::dashboard_keys(d, &mut s);
        // Lay out what Grafana shows (gaps closed), so the flow matches more often.
        let mut compacted: Vec<Value> = d
            .get("panels")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        layout::arrange(&mut compacted);
        let panels: Vec<&Value> = compacted.iter().collect();
        self.layout(&panels, &mut s);
        s
    }

    fn most_common_datasource(&mut self, d: &Map<String, Value>) -> Option<Choice> {
        let mut counts: Vec<(Choice, usize)> = Vec::new();
        let mut visit = |w: &mut Self, p: &Value| {
            if p.get("type").and_then(Value::as_str) == Some("row") || p.get("targets").is_none() {
                return;
            }
            let guess = guess_kind(p, "prometheus");
            let c = w.choose(panel_datasource(p).as_ref(), &guess);
            if c == Choice::Special {
                return;
            }
            match counts.iter_mut().find(|(x, _)| *x == c) {
                Some((_, n)) => *n += 1,
                None => counts.push((c, 1)),
            }
        };
        for p in d
            .get("panels")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            visit(self, p);
            for c in p
                .get("panels")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                visit(self, c);
            }
        }
        let best = counts
            .iter()
            .max_by_key(|(_, n)| *n)
            .map(|(c, _)| c.clone());
        best.or_else(|| {
            // No panel queries: variables or annotations may still need one.
            let needs = list(d.get("templating")).iter().any(|v| {
                matches!(
                    v.get("type").and_then(Value::as_str),
                    Some("query" | "adhoc")
                )
            });
            needs.then(|| self.choose(None, "prometheus"))
        })
    }

    fn variable(&mut self, v: &Value) -> Map<String, Value> {
        let mut s = Map::new();
        put(&mut s, "name", v.get("name").cloned());
        let kind = v.get("type").and_then(Value::as_str).unwrap_or("query");
        if kind != "query" {
            s.insert("type".into(), json!(kind));
        }
        put(&mut s, "label", string(v.get("label")));
        put(&mut s, "description", string(v.get("description")));
        match v.get("hide").and_then(Value::as_i64) {
            Some(1) => {
                s.insert("hide".into(), json!("label"));
            }
            Some(2) if kind != "constant" => {
                s.insert("hide".into(), json!("variable"));
            }
            _ => {}
        }
        match kind {
            "query" | "adhoc" => {
                let choice = self.choose(v.get("datasource"), "prometheus");
                if Some(&choice) != self.default_ds.as_ref()
                    && let Some(c) = Self::choice_value(&choice)
                {
                    s.insert("datasource".into(), c);
                }
                if kind == "query" {
                    let q = match v.get("query") {
                        Some(Value::String(q)) => Some(q.clone()),
                        Some(Value::Object(o)) => {
                            o.get("query").and_then(Value::as_str).map(String::from)
                        }
                        _ => None,
                    };
                    put(&mut s, "query", q.map(Value::String));
                    put(&mut s, "regex", string(v.get("regex")));
                    if v.get("refresh").and_then(Value::as_i64) == Some(2) {
                        s.insert("refresh".into(), json!("time"));
                    }
                    if let Some(sort) = v.get("sort").and_then(Value::as_u64).filter(|n| *n != 0) {
                        s.insert("sort".into(), json!(sort));
                    }
                }
            }
            "datasource" => {
                put(
                    &mut s,
                    "query",
                    v.get("query").filter(|q| q.is_string()).cloned(),
                );
                put(&mut s, "regex", string(v.get("regex")));
            }
            "custom" | "interval" => {
                if let Some(q) = v.get("query").and_then(Value::as_str) {
                    let values: Vec<Value> = q
                        .split(',')
                        .map(|x| json!(x.trim()))
                        .filter(|x| x != &json!(""))
                        .collect();
                    s.insert("values".into(), Value::Array(values));
                }
            }
            "constant" | "textbox" => {
                put(
                    &mut s,
                    "value",
                    v.get("query").filter(|q| q.is_string()).cloned(),
                );
            }
            _ => {}
        }
        if matches!(kind, "query" | "custom" | "datasource") {
            if v.get("multi") == Some(&json!(true)) {
                s.insert("multi".into(), json!(true));
            }
            if v.get("includeAll") == Some(&json!(true)) {
                s.insert("includeAll".into(), json!(true));
            }
            put(&mut s, "allValue", string(v.get("allValue")));
        }
        s
    }

    fn annotation(&mut self, a: &Value) -> Map<String, Value> {
        let mut s = Map::new();
        put(
            &mut s,
            "name",
            a.get("name")
                .filter(|n| n.is_string())
                .cloned()
                .or(Some(json!(""))),
        );
        let choice = self.choose(a.get("datasource"), "prometheus");
        if Some(&choice) != self.default_ds.as_ref()
            && let Some(c) = Self::choice_value(&choice)
        {
            s.insert("datasource".into(), c);
        }
        put(&mut s, "expr", string(a.get("expr")));
        if a.get("enable") == Some(&json!(false)) {
            s.insert("enabled".into(), json!(false));
        }
        put(&mut s, "color", string(a.get("iconColor")));
        put(&mut s, "title", string(a.get("titleFormat")));
        put(&mut s, "text", string(a.get("textFormat")));
        put(&mut s, "tagKeys", string(a.get("tagKeys")));
        s
    }

    /// Panels before the first row go in `panels:`, each row panel starts a row.
    fn layout(&mut self, panels: &[&Value], s: &mut Map<String, Value>) {
        let mut flow = Flow::default();
        let first_row = panels
            .iter()
            .position(|p| p.get("type").and_then(Value::as_str) == Some("row"))
            .unwrap_or(panels.len());
        let (top, rest) = panels.split_at(first_row);
        let mut id = 1u64;
        let top_out: Vec<Value> = top
            .iter()
            .map(|p| Value::Object(self.panel(p, &mut flow, layout::DEFAULT_HEIGHT, &mut id)))
            .collect();
        if !top_out.is_empty() {
            s.insert("panels".into(), Value::Array(top_out));
        }
        let mut rows = Vec::new();
        let mut i = 0;
        while i < rest.len() {
            let row = rest[i];
            let mut children: Vec<&Value> = Vec::new();
            let collapsed = row.get("collapsed") == Some(&json!(true));
            let nested: Vec<&Value> = row
                .get("panels")
                .and_then(Value::as_array)
                .map(|p| p.iter().collect())
                .unwrap_or_default();
            children.extend(nested);
            i += 1;
            // Panels that follow a row in the list are its own, unless it is collapsed: then
            // Grafana keeps them outside it, under its header (`below:`).
            let mut following: Vec<&Value> = Vec::new();
            while i < rest.len() && rest[i].get("type").and_then(Value::as_str) != Some("row") {
                following.push(rest[i]);
                i += 1;
            }
            let below = if collapsed {
                following
            } else {
                children.extend(following);
                Vec::new()
            };
            let mut r = self.row(row, collapsed, &children, &mut flow, &mut id);
            let height = r
                .get("height")
                .and_then(Value::as_u64)
                .map_or(layout::DEFAULT_HEIGHT, |h| {
                    u32::try_from(h).unwrap_or(layout::DEFAULT_HEIGHT)
                });
            let below: Vec<Value> = below
                .iter()
                .map(|p| Value::Object(self.panel(p, &mut flow, height, &mut id)))
                .collect();
            if !below.is_empty() {
                r.insert("below".into(), Value::Array(below));
            }
            rows.push(Value::Object(r));
        }
        if !rows.is_empty() {
            s.insert("rows".into(), Value::Array(rows));
        }
    }

    fn row(
        &mut self,
        row: &Value,
        collapsed: bool,
        children: &[&Value],
        flow: &mut Flow,
        id: &mut u64,
    ) -> Map<String, Value> {
        let mut s = Map::new();
        s.insert(
            "title".into(),
            row.get("title")
                .filter(|t| t.is_string())
                .cloned()
                .unwrap_or(json!("")),
        );
        if collapsed {
            s.insert("collapsed".into(), json!(true));
        }
        let height = layout::common_height(children);
        if height != layout::DEFAULT_HEIGHT {
            s.insert("height".into(), json!(height));
        }
        put(&mut s, "repeat", string(row.get("repeat")));
        flow.row();
        // As the compiler does: a collapsed row's panels take no room on the grid.
        let below_header = flow.clone();
        self.id_key(&mut s, row, id);
        let panels: Vec<Value> = children
            .iter()
            .map(|p| Value::Object(self.panel(p, flow, height, id)))
            .collect();
        if collapsed {
            *flow = below_header;
        }
        if !panels.is_empty() {
            s.insert("panels".into(), Value::Array(panels));
        }
        s
    }

    /// `id:` when the original's differs from the sequential one the compiler assigns (rows
    /// keep theirs through `raw:`).
    fn id_key(&mut self, s: &mut Map<String, Value>, p: &Value, next: &mut u64) {
        let row = p.get("type").and_then(Value::as_str) == Some("row");
        match p.get("id").and_then(Value::as_u64) {
            Some(n) if n != *next && !row && n <= u64::from(u32::MAX) => {
                s.insert("id".into(), json!(n));
            }
            _ => {}
        }
        *next += 1;
    }

    fn panel(
        &mut self,
        p: &Value,
        flow: &mut Flow,
        row_height: u32,
        id: &mut u64,
    ) -> Map<String, Value> {
        let mut s = Map::new();
        let kind = p
            .get("type")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string();
        let typed = TYPED_PANELS.contains(&kind.as_str());
        s.insert(if typed { "type" } else { "plugin" }.into(), json!(kind));
        put(&mut s, "title", string(p.get("title")));
        put(&mut s, "description", string(p.get("description")));
        match flow.place(GridPos::of(p), row_height) {
            Placement::Flow { width, height } => {
                put(&mut s, "width", width.map(|w| json!(w)));
                put(&mut s, "height", height.map(|h| json!(h)));
            }
            Placement::Explicit(g) => {
                s.insert(
                    "gridPos".into(),
                    json!({"x": g.x, "y": g.y, "w": g.w, "h": g.h}),
                );
            }
        }
        self.id_key(&mut s, p, id);
        if let Some(source) = super::typed_legacy::from_panel(p) {
            s.insert("fromPanel".into(), json!(source));
        } else if kind != "text" && p.get("targets").is_some() {
            self.queries(p, &mut s);
        }
        if kind == "graph" {
            super::typed_legacy::graph(p, &mut s);
        } else if kind == "singlestat" {
            super::typed_legacy::singlestat(p, &mut s);
        } else if typed {
            field_config(p, &kind, &mut s);
            options(p, &kind, &mut s);
            if let Some(o) = p.get("options") {
                super::typed::type_options(o, &kind, &mut s);
            }
            super::typed::panel_extras(p, &mut s);
        } else {
            plugin_field_config(p, &mut s);
            super::typed::panel_extras(p, &mut s);
        }
        super::typed_plugins::block(p, &kind, &mut s);
        if let Some(Value::Array(t)) = p.get("transformations")
            && !t.is_empty()
        {
            s.insert("transformations".into(), Value::Array(t.clone()));
        }
        if let Some(links) = p
            .get("links")
            .and_then(Value::as_array)
            .and_then(|l| panel_links(l))
            && !links.is_empty()
        {
            s.insert("links".into(), Value::Array(links));
        }
        put(&mut s, "repeat", string(p.get("repeat")));
        // Grafana's `h` is left out unless the panel repeats.
        put(
            &mut s,
            "repeatDirection",
            string(p.get("repeatDirection")).filter(|d| p.get("repeat").is_some() || d != "h"),
        );
        put(&mut s, "interval", string(p.get("interval")));
        if p.get("transparent") == Some(&json!(true)) {
            s.insert("transparent".into(), json!(true));
        }
        s
    }

    fn queries(&mut self, p: &Value, s: &mut Map<String, Value>) {
        let guess = guess_kind(p, "prometheus");
        let panel_ref = panel_datasource(p);
        let panel_choice = self.choose(panel_ref.as_ref(), &guess);
        let effective = if panel_choice == Choice::Special {
            self.default_ds.clone()
        } else {
            Some(panel_choice.clone())
        };
        if panel_choice != Choice::Special
            && Some(&panel_choice) != self.default_ds.as_ref()
            && let Some(v) = Self::choice_value(&panel_choice)
        {
            s.insert("datasource".into(), v);
        }
        let panel_value = (panel_choice != Choice::Special)
            .then(|| Self::choice_value(&panel_choice))
            .flatten();
        let targets: Vec<&Value> = p
            .get("targets")
            .and_then(Value::as_array)
            .map(|t| t.iter().collect())
            .unwrap_or_default();
        let mut out = Vec::new();
        let mut target_choices: Vec<Option<Choice>> = Vec::new();
        for (i, t) in targets.iter().enumerate() {
            let mut q = Map::new();
            // The datasource the query runs on: its own, else the panel's.
            let kind = [t.get("datasource"), panel_ref.as_ref()]
                .into_iter()
                .flatten()
                .find_map(|d| d.get("type").and_then(Value::as_str))
                .filter(|k| *k != "datasource")
                .unwrap_or(&guess)
                .to_string();
            // The text from the field the compiler writes for this datasource; a query
            // without one (a Tempo search by filters) has no `expr:`.
            let field = crate::compile::expr_field(&kind);
            if let Some(expr) = t.get(field).and_then(Value::as_str) {
                q.insert("expr".into(), json!(expr));
            }
            put(&mut q, "legend", string(t.get("legendFormat")));
            let positional = ref_id(i);
            match t.get("refId").and_then(Value::as_str) {
                Some(r) if r != positional => {
                    q.insert("refId".into(), json!(r));
                }
                _ => {}
            }
            let own_choice = t
                .get("datasource")
                .map(|own| self.choose(Some(own), &guess))
                .filter(|c| *c != Choice::Special);
            target_choices.push(own_choice.or_else(|| effective.clone()));
            if let Some(own) = t.get("datasource") {
                let c = self.choose(Some(own), &guess);
                if c != Choice::Special
                    && Some(&c) != effective.as_ref()
                    && let Some(v) = Self::choice_value(&c)
                {
                    q.insert("datasource".into(), v);
                }
            }
            super::typed::query_keys(t, &kind, &mut q);
            super::typed_query::family_keys(t, &kind, &mut q);
            put(&mut q, "format", string(t.get("format")));
            put(&mut q, "interval", string(t.get("interval")));
            if t.get("hide") == Some(&json!(true)) {
                q.insert("hide".into(), json!(true));
            }
            out.push(q);
        }
        // "-- Mixed --" follows from queries on different datasources; else it is said.
        let mixed = p
            .get("datasource")
            .map(|d| d.get("uid").unwrap_or(d))
            .and_then(Value::as_str)
            == Some("-- Mixed --");
        let differ = !target_choices.windows(2).all(|w| w[0] == w[1]);
        if mixed && !differ {
            s.insert("datasource".into(), json!("-- Mixed --"));
        }
        // Every query on its own datasource, or queries on different ones under a panel that
        // is not "-- Mixed --": the panel's datasource does not follow, so it is said.
        let all_own = !out.is_empty() && out.iter().all(|q| q.contains_key("datasource"));
        if !mixed
            && (all_own || differ)
            && let Some(v) = panel_value
        {
            s.insert("datasource".into(), v);
        }
        let short = out.len() == 1
            && out[0].contains_key("expr")
            && out[0].keys().all(|k| k == "expr" || k == "legend");
        if short {
            if let Some(q) = out.pop() {
                s.extend(q);
            }
        } else if !out.is_empty() {
            s.insert(
                "queries".into(),
                Value::Array(out.into_iter().map(Value::Object).collect()),
            );
        }
    }
}

/// The panel's datasource reference; without one, its first query's, which Grafana runs the
/// panel on and saves (see `normalize::first_target_datasource`).
fn panel_datasource(p: &Value) -> Option<Value> {
    match p.get("datasource") {
        Some(d) if !d.is_null() => Some(d.clone()),
        _ => super::normalize::first_target_datasource(p.get("targets")),
    }
}

/// `A`, `B`, … `Z`, `AA`, … as the compiler assigns by position.
fn ref_id(i: usize) -> String {
    let letters = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    let mut s = String::new();
    let mut n = i;
    loop {
        s.insert(0, char::from(letters.get(n % 26).copied().unwrap_or(b'A')));
        if n < 26 {
            break;
        }
        n = n / 26 - 1;
    }
    s
}

/// Dashboard links in typed form, when every link is one the typed form writes exactly.
fn typed_links(links: &[Value]) -> Option<Vec<Value>> {
    links
        .iter()
        .map(|l| {
            let o = l.as_object()?;
            let mut s = Map::new();
            s.insert(
                "title".into(),
                o.get("title").filter(|t| t.is_string())?.clone(),
            );
            match o.get("type").and_then(Value::as_str) {
                Some("link") => {
                    s.insert(
                        "url".into(),
                        o.get("url").filter(|u| u.is_string())?.clone(),
                    );
                }
                Some("dashboards") => {
                    s.insert(
                        "tags".into(),
                        o.get("tags").filter(|t| t.is_array())?.clone(),
                    );
                }
                _ => return None,
            }
            for key in ["asDropdown", "targetBlank", "includeVars", "keepTime"] {
                if o.get(key) == Some(&json!(true)) {
                    s.insert(key.into(), json!(true));
                }
            }
            put(&mut s, "tooltip", string(o.get("tooltip")));
            put(
                &mut s,
                "icon",
                string(o.get("icon")).filter(|i| i != "external link"),
            );
            Some(Value::Object(s))
        })
        .collect()
}

/// Panel links in typed form (`title`, `url`, `targetBlank`).
fn panel_links(links: &[Value]) -> Option<Vec<Value>> {
    links
        .iter()
        .map(|l| {
            let o = l.as_object()?;
            let mut s = Map::new();
            s.insert(
                "title".into(),
                o.get("title").filter(|t| t.is_string())?.clone(),
            );
            s.insert(
                "url".into(),
                o.get("url").filter(|u| u.is_string())?.clone(),
            );
            if o.get("targetBlank") == Some(&json!(true)) {
                s.insert("targetBlank".into(), json!(true));
            }
            Some(Value::Object(s))
        })
        .collect()
}

fn field_config(p: &Value, kind: &str, s: &mut Map<String, Value>) {
    if matches!(kind, "text" | "logs") {
        return;
    }
    let empty = json!({});
    let d = p
        .get("fieldConfig")
        .and_then(|f| f.get("defaults"))
        .unwrap_or(&empty);
    // Grafana's fill (the compiler's too): 0 for time series, 80 for bar charts.
    let default_fill = if kind == "barchart" { 80 } else { 0 };
    if matches!(kind, "timeseries" | "barchart")
        && let Some(fill) = d
            .get("custom")
            .and_then(|c| c.get("fillOpacity"))
            .and_then(Value::as_u64)
            .filter(|f| *f != default_fill)
    {
        s.insert("fill".into(), json!(fill));
    }
    put(s, "unit", string(d.get("unit")));
    for key in ["min", "max"] {
        put(s, key, d.get(key).filter(|v| v.is_number()).cloned());
    }
    if let Some(dec) = d.get("decimals").and_then(Value::as_u64) {
        s.insert("decimals".into(), json!(dec));
    }
    if !matches!(kind, "text" | "logs") {
        if let Some(steps) = d
            .get("thresholds")
            .and_then(|t| t.get("steps"))
            .and_then(Value::as_array)
            .and_then(|steps| thresholds(steps))
        {
            s.insert("thresholds".into(), steps);
        }
        if d.get("thresholds")
            .and_then(|t| t.get("mode"))
            .and_then(Value::as_str)
            == Some("percentage")
        {
            s.insert("thresholdsMode".into(), json!("percentage"));
        }
        if let Some(c) = d.get("color")
            && c.get("mode").and_then(Value::as_str) == Some("fixed")
        {
            put(s, "color", string(c.get("fixedColor")));
        }
    }
    if let Some(Value::Array(o)) = p.get("fieldConfig").and_then(|f| f.get("overrides"))
        && !o.is_empty()
    {
        s.insert("overrides".into(), Value::Array(o.clone()));
    }
    super::typed::standard_fields(d, kind, s);
    if kind == "table"
        && let Some(c) = d.get("custom")
    {
        super::typed::table_fields(c, s);
    }
    if kind == "timeseries"
        && let Some(c) = d.get("custom")
    {
        super::typed::series_style(c, s);
    }
    if matches!(kind, "timeseries" | "barchart")
        && let Some(c) = d.get("custom")
    {
        if let Some(m @ ("normal" | "percent")) = c
            .get("stacking")
            .and_then(|x| x.get("mode"))
            .and_then(Value::as_str)
        {
            s.insert("stacking".into(), json!(m));
        }
        if let Some(l) = c
            .get("lineWidth")
            .and_then(Value::as_u64)
            .filter(|l| *l != 1)
        {
            s.insert("lineWidth".into(), json!(l));
        }
        if kind == "timeseries"
            && let Some(m @ ("bars" | "points")) = c.get("drawStyle").and_then(Value::as_str)
        {
            s.insert("drawStyle".into(), json!(m));
        }
    }
}

/// The standard field options a `plugin:` panel takes.
fn plugin_field_config(p: &Value, s: &mut Map<String, Value>) {
    let Some(d) = p.get("fieldConfig").and_then(|f| f.get("defaults")) else {
        return;
    };
    put(s, "unit", string(d.get("unit")));
    for key in ["min", "max"] {
        put(s, key, d.get(key).filter(|v| v.is_number()).cloned());
    }
    if let Some(dec) = d.get("decimals").and_then(Value::as_u64) {
        s.insert("decimals".into(), json!(dec));
    }
    if let Some(Value::Array(o)) = p.get("fieldConfig").and_then(|f| f.get("overrides"))
        && !o.is_empty()
    {
        s.insert("overrides".into(), Value::Array(o.clone()));
    }
}

/// Threshold steps as `{base: color, <value>: color}` when the first is the base and values
/// are distinct numbers.
fn thresholds(steps: &[Value]) -> Option<Value> {
    let mut m = Map::new();
    for (i, step) in steps.iter().enumerate() {
        let color = step.get("color").and_then(Value::as_str)?;
        let key = match step.get("value") {
            // Grafana reads the first step as the base, whatever its value.
            _ if i == 0 => "base".to_string(),
            Some(Value::Number(n)) if i > 0 => {
                let f = n.as_f64()?;
                if f.fract() == 0.0 && f.abs() < 1e15 {
                    format!("{}", f as i64)
                } else {
                    format!("{f}")
                }
            }
            _ => return None,
        };
        if m.insert(key, json!(color)).is_some() {
            return None;
        }
    }
    Some(Value::Object(m))
}

fn options(p: &Value, kind: &str, s: &mut Map<String, Value>) {
    let empty = json!({});
    let o = p.get("options").unwrap_or(&empty);
    let str_opt = |k: &str| o.get(k).and_then(Value::as_str).map(|v| json!(v));
    match kind {
        "timeseries" | "piechart" | "barchart" | "state-timeline" | "status-history"
        | "histogram" => {
            if let Some(l) = o.get("legend") {
                let placement = if kind == "piechart" {
                    "right"
                } else {
                    "bottom"
                };
                let legend = super::typed::legend(l, placement);
                if !legend.is_empty() {
                    // `legend:` holds the short-form query's legend format: use `queries:`.
                    super::roundtrip::to_queries_form(s);
                    s.insert("legend".into(), Value::Object(legend));
                }
            }
            if let Some(t) = o.get("tooltip") {
                let tooltip = super::typed::tooltip(t);
                if !tooltip.is_empty() {
                    s.insert("tooltip".into(), Value::Object(tooltip));
                }
            }
        }
        _ => {}
    }
    if matches!(kind, "stat" | "gauge" | "bargauge" | "piechart")
        && let Some(Value::Array(calcs)) = o.get("reduceOptions").and_then(|r| r.get("calcs"))
        && let [Value::String(calc)] = calcs.as_slice()
        && calc != "lastNotNull"
    {
        s.insert("reduce".into(), json!(calc));
    }
    if matches!(kind, "stat" | "gauge" | "bargauge" | "barchart") {
        put(
            s,
            "orientation",
            str_opt("orientation").filter(|v| v != "auto"),
        );
    }
    match kind {
        "stat" => {
            put(
                s,
                "colorMode",
                str_opt("colorMode").filter(|v| v != "value"),
            );
            put(s, "graphMode", str_opt("graphMode").filter(|v| v != "area"));
        }
        "bargauge" => put(
            s,
            "displayMode",
            str_opt("displayMode").filter(|v| v != "gradient"),
        ),
        "text" => {
            put(s, "content", string(o.get("content")));
            put(s, "mode", str_opt("mode").filter(|v| v != "markdown"));
        }
        "piechart" => put(s, "pieType", str_opt("pieType").filter(|v| v != "pie")),
        "logs" => {
            if o.get("showTime") != Some(&json!(true)) {
                s.insert("showTime".into(), json!(false));
            }
            if o.get("wrapLogMessage") == Some(&json!(true)) {
                s.insert("wrapLines".into(), json!(true));
            }
            put(
                s,
                "sortOrder",
                str_opt("sortOrder").filter(|v| v != "Descending"),
            );
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::datasources::KnownDatasource;

    #[test]
    fn writes_typed_keys_rows_and_widths() {
        let d = json!({
            "uid": "api", "title": "API", "tags": ["http"], "timezone": "browser", "graphTooltip": 1,
            "templating": {"list": [{"name": "job", "type": "query", "query": {"query": "label_values(up, job)"},
                                      "datasource": {"type": "prometheus", "uid": "prom"}, "refresh": 2, "multi": true}]},
            "panels": [
                {"id": 1, "type": "row", "title": "Traffic", "collapsed": false, "gridPos": {"x": 0, "y": 0, "w": 24, "h": 1}, "panels": []},
                {"id": 2, "type": "timeseries", "title": "RPS", "gridPos": {"x": 0, "y": 1, "w": 16, "h": 8},
                 "datasource": {"type": "prometheus", "uid": "prom"},
                 "targets": [{"refId": "A", "expr": "sum(rate(x[5m]))", "legendFormat": "{{job}}"}],
                 "fieldConfig": {"defaults": {"unit": "reqps", "thresholds": {"mode": "absolute",
                     "steps": [{"color": "green", "value": null}, {"color": "red", "value": 0.5}]}}, "overrides": []}},
                {"id": 3, "type": "stat", "title": "Errors", "gridPos": {"x": 16, "y": 1, "w": 8, "h": 8},
                 "datasource": {"type": "prometheus", "uid": "prom"},
                 "targets": [{"refId": "A", "expr": "a"}, {"refId": "B", "expr": "b", "instant": true}],
                 "options": {"reduceOptions": {"calcs": ["mean"]}, "colorMode": "background"}}
            ]
        });
        let mut ds = Datasources::new(vec![KnownDatasource {
            name: "prometheus".into(),
            kind: "prometheus".into(),
            uid: "prom".into(),
            display_name: "Prometheus".into(),
            default: true,
        }]);
        let w = write(d.as_object().unwrap(), &[], &mut ds);
        assert_eq!(
            Value::Object(w.source),
            json!({
                "uid": "api", "title": "API", "tags": ["http"], "shared": "crosshair",
                "datasource": "prometheus",
                "variables": [{"name": "job", "query": "label_values(up, job)", "refresh": "time", "multi": true}],
                "rows": [{"title": "Traffic", "panels": [
                    {"type": "timeseries", "title": "RPS", "width": 16, "expr": "sum(rate(x[5m]))",
                     "legend": "{{job}}", "unit": "reqps", "thresholds": {"base": "green", "0.5": "red"}},
                    {"type": "stat", "title": "Errors", "width": 8,
                     "queries": [{"expr": "a"}, {"expr": "b", "instant": true}],
                     "reduce": "mean", "colorMode": "background"}
                ]}]
            })
        );
        assert!(ds.proposed().is_empty());
    }
}
