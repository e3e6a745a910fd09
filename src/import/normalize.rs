//! Normalisation for `import --verify`: brings an original dashboard and the one compiled back
//! from imported source into a form where equal means "Grafana shows the same dashboard", then
//! lists the JSON paths where they differ.
//!
//! What is ignored, and why:
//! - instance fields, which Grafana manages and a provisioned dashboard does not carry
//!   ([`INSTANCE_FIELDS`], panel `pluginVersion`, the runtime `current`/`options` of query and
//!   datasource variables, the derived `options` of custom and interval variables);
//! - key order (maps are compared as maps);
//! - values equal to what Grafana assumes when the key is absent (its dashboard and panel model
//!   defaults: `editable: true`, `graphTooltip: 0`, `transparent: false`, `options: {}`, …,
//!   and `null` for optional scalar keys of dashboards, panels, targets and variables);
//! - what a panel's plugin never reads ([`super::normalize_modern`]): the Angular graph
//!   plugin's top-level keys left on panels of current plugins, a datasource or queries on
//!   panels that run none (text, dashlist, alertlist), field options outside the plugin's
//!   field config registry (`unitScale`, …), which Grafana's loader unsets;
//! - integral floats (`1.0` equals `1`);
//! - datasource references, after the import's datasource mapping is applied to the original
//!   (`${DS_PROMETHEUS}` or a datasource name → the reference the compiler emits).

use std::fmt;

use serde_json::{Map, Number, Value, json};

/// Dashboard keys managed by Grafana, never part of tracked source.
pub const INSTANCE_FIELDS: &[&str] = &[
    "id",
    "version",
    "iteration",
    "gnetId",
    "__inputs",
    "__requires",
    "__elements",
    "meta",
    "folderId",
    "folderUid",
    "folderTitle",
];

/// Panel keys managed by Grafana (the export rewrites them to the running version).
pub const PANEL_INSTANCE_FIELDS: &[&str] = &["pluginVersion"];

/// Maps a datasource reference of the original to the reference the compiled dashboard has.
pub trait DatasourceMapping {
    /// The compiled form of `reference` (an object `{type, uid}`, a name string, or null).
    fn map(&self, reference: &Value) -> Value;
}

/// No mapping: references compare as written.
#[derive(Debug, Clone, Copy, Default)]
pub struct Unmapped;

impl DatasourceMapping for Unmapped {
    fn map(&self, reference: &Value) -> Value {
        reference.clone()
    }
}

/// Whether a variable's `current`/`options` are runtime state.
fn variable_runtime_keys(var_type: &str) -> &'static [&'static str] {
    match var_type {
        "query" | "datasource" => &["current", "options"],
        "custom" | "interval" => &["options"],
        _ => &[],
    }
}

/// Normalises a whole dashboard (see the module docs).
pub fn normalize_dashboard(dashboard: &Value, datasources: &dyn DatasourceMapping) -> Value {
    let Some(obj) = dashboard.as_object() else {
        return canonical(dashboard);
    };
    let mut d = obj.clone();
    super::normalize_legacy::drop_hash_keys_in(&mut d);
    super::normalize_legacy::dashboard(&mut d);
    for key in INSTANCE_FIELDS {
        d.shift_remove(*key);
    }
    // Schema v40 turned a non-string refresh into "".
    if let Some(r) = d.get("refresh")
        && !r.is_string()
    {
        d.insert("refresh".into(), json!(""));
    }
    if let Some(Value::Array(panels)) = d.get_mut("panels") {
        fill_panel_ids(panels);
        // Where Grafana shows them: gaps above panels close.
        super::layout::arrange(panels);
        for p in panels.iter_mut() {
            normalize_panel(p, datasources);
        }
    }
    if let Some(Value::Array(list)) = d.get_mut("templating").and_then(|t| t.get_mut("list")) {
        for v in list.iter_mut() {
            normalize_variable(v, datasources);
        }
    }
    if let Some(Value::Array(list)) = d.get_mut("annotations").and_then(|t| t.get_mut("list")) {
        list.retain(|a| !is_default_builtin_annotation(a));
        for a in list.iter_mut() {
            if let Some(ds) = a.get_mut("datasource") {
                *ds = datasources.map(ds);
            }
            strip(
                a,
                &[
                    ("enable", json!(true)),
                    ("hide", json!(false)),
                    ("iconColor", json!("")),
                ],
            );
        }
    }
    if let Some(Value::Array(links)) = d.get_mut("links") {
        for l in links.iter_mut() {
            normalize_link(l);
        }
    }
    let mut v = Value::Object(d);
    strip(
        &mut v,
        &[
            ("editable", json!(true)),
            ("graphTooltip", json!(0)),
            ("style", json!("dark")),
            ("timezone", json!("")),
            ("weekStart", json!("")),
            ("tags", json!([])),
            ("links", json!([])),
            ("panels", json!([])),
            ("refresh", json!("")),
            ("fiscalYearStartMonth", json!(0)),
            ("liveNow", json!(false)),
            ("description", json!("")),
            ("time", json!({"from": "now-6h", "to": "now"})),
            ("timepicker", json!({})),
            ("templating", json!({"list": []})),
            ("annotations", json!({"list": []})),
        ],
    );
    drop_nulls(&mut v);
    drop_nulls_deep(&mut v);
    canonical(&v)
}

/// `null` members of objects mean "absent" to Grafana's frontend (`x ?? default`), and a
/// merge patch cannot write them: removed everywhere (array elements stay).
fn drop_nulls_deep(v: &mut Value) {
    match v {
        Value::Object(o) => {
            o.retain(|_, x| !x.is_null());
            o.values_mut().for_each(drop_nulls_deep);
        }
        Value::Array(a) => a.iter_mut().for_each(drop_nulls_deep),
        _ => {}
    }
}

/// The built-in "Annotations & Alerts" query Grafana adds when a dashboard has none.
fn is_default_builtin_annotation(a: &Value) -> bool {
    let Some(o) = a.as_object() else {
        return false;
    };
    let builtin = o.get("builtIn").and_then(Value::as_i64) == Some(1);
    let name = o.get("name").and_then(Value::as_str) == Some("Annotations & Alerts");
    let shown = o.get("enable") != Some(&json!(false)) && o.get("hide") == Some(&json!(true));
    let plain = o.keys().all(|k| {
        matches!(
            k.as_str(),
            "builtIn" | "datasource" | "enable" | "hide" | "iconColor" | "name" | "type" | "target"
        )
    });
    let color = matches!(
        o.get("iconColor").and_then(Value::as_str),
        None | Some("rgba(0, 211, 255, 1)")
    );
    builtin && name && shown && plain && color
}

fn normalize_panel(panel: &mut Value, datasources: &dyn DatasourceMapping) {
    let Some(p) = panel.as_object_mut() else {
        return;
    };
    for key in PANEL_INSTANCE_FIELDS {
        p.shift_remove(*key);
    }
    // A panel with queries and no datasource runs them on its first query's datasource, and
    // saves that one (Grafana's `createPanelDataProvider`: `panel.datasource ??
    // findFirstDatasource(panel.targets)`, public/app/features/dashboard-scene/utils/
    // createPanelDataProvider.ts; `SceneQueryRunner` falls back the same way); without one,
    // on the default datasource (`null`).
    if p.contains_key("targets") && p.get("datasource").is_none_or(Value::is_null) {
        let first = first_target_datasource(p.get("targets"));
        p.insert("datasource".into(), first.unwrap_or(Value::Null));
    }
    let panel_ds = p.get("datasource").map(|d| datasources.map(d));
    if let Some(ds) = &panel_ds {
        p.insert("datasource".into(), ds.clone());
    }
    let mixed = panel_ds
        .as_ref()
        .and_then(|d| d.get("uid"))
        .and_then(Value::as_str)
        == Some("-- Mixed --");
    let kind = p
        .get("type")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_string();
    if let Some(Value::Array(targets)) = p.get_mut("targets") {
        fill_ref_ids(targets);
        for t in targets.iter_mut() {
            if let Some(ds) = t.get_mut("datasource") {
                *ds = datasources.map(ds);
            }
            // A target without its own datasource runs on the panel's.
            if !mixed
                && t.get("datasource").is_some()
                && t.get("datasource") == panel_ds.as_ref()
                && let Some(o) = t.as_object_mut()
            {
                o.shift_remove("datasource");
            }
            strip(
                t,
                &[
                    ("hide", json!(false)),
                    ("instant", json!(false)),
                    ("intervalFactor", json!(1)),
                    ("exemplar", json!(false)),
                    ("legendFormat", json!("")),
                    ("interval", json!("")),
                ],
            );
            // Without `range`, a query runs as a range query unless it is instant.
            if t.get("instant") == Some(&json!(true)) {
                strip(t, &[("range", json!(false))]);
            } else {
                strip(t, &[("range", json!(true))]);
            }
            // Which editor the query was last edited in: UI state.
            if let Some(o) = t.as_object_mut() {
                o.shift_remove("editorMode");
            }
            let kind = t
                .get("datasource")
                .or(panel_ds.as_ref())
                .and_then(|d| d.get("type"))
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_string();
            normalize_target_of(&kind, t);
            drop_nulls(t);
        }
    }
    if let Some(Value::Array(children)) = p.get_mut("panels") {
        for c in children.iter_mut() {
            normalize_panel(c, datasources);
        }
    }
    let row = p.get("type").and_then(Value::as_str) == Some("row");
    if let Some(Value::Object(g)) = p.get_mut("gridPos") {
        for k in ["x", "y"] {
            g.entry(k).or_insert(json!(0));
        }
        // Grafana draws a row header full width, one unit high.
        if row {
            g.insert("x".into(), json!(0));
            g.insert("w".into(), json!(24));
            g.insert("h".into(), json!(1));
        }
    }
    if let Some(Value::Array(ts)) = p.get_mut("transformations") {
        for t in ts.iter_mut() {
            strip(t, &[("options", json!({})), ("options", Value::Null)]);
        }
    }
    super::normalize_modern::field_config(&kind, p);
    if let Some(Value::Object(fc)) = p.get_mut("fieldConfig") {
        if let Some(d) = fc.get_mut("defaults") {
            // Grafana reads the first threshold step as the base (-Infinity, saved as `null`)
            // whatever value it holds.
            if let Some(Value::Array(steps)) =
                d.get_mut("thresholds").and_then(|t| t.get_mut("steps"))
                && let Some(Value::Object(first)) = steps.first_mut()
            {
                first.insert("value".into(), Value::Null);
            }
            // `fixedColor` only counts in the fixed and shades color modes.
            if let Some(Value::Object(color)) = d.get_mut("color")
                && !matches!(
                    color.get("mode").and_then(Value::as_str),
                    Some("fixed" | "shades")
                )
            {
                color.shift_remove("fixedColor");
            }
            if let Some(m) = d.get_mut("mappings") {
                normalize_mappings(m);
            }
            strip_tree(d, &field_defaults(&kind));
        }
        if fc.get("overrides") == Some(&json!([])) {
            fc.shift_remove("overrides");
        }
        if fc.get("defaults") == Some(&json!({})) {
            fc.shift_remove("defaults");
        }
    }
    if let Some(o) = p.get_mut("options") {
        strip_tree(o, &option_defaults(&kind));
    }
    if let Some(Value::Array(links)) = p.get_mut("links") {
        for l in links.iter_mut() {
            normalize_link(l);
        }
    }
    if kind == "graph" {
        super::normalize_legacy::graph(p);
    }
    if kind == "singlestat" {
        super::normalize_legacy::singlestat(p);
    }
    super::normalize_modern::panel(&kind, p);
    if p.get("panels") == Some(&json!([])) {
        p.shift_remove("panels");
    }
    strip(
        panel,
        &[
            ("transparent", json!(false)),
            ("options", json!({})),
            ("fieldConfig", json!({})),
            ("datasource", Value::Null),
            ("title", json!("")),
            ("description", json!("")),
            ("links", json!([])),
            ("transformations", json!([])),
            ("targets", json!([{"refId": "A"}])),
            ("targets", json!([])),
            ("repeatDirection", json!("h")),
            ("hideTimeOverride", json!(false)),
            ("interval", json!("")),
            ("collapsed", json!(false)),
        ],
    );
    drop_nulls(panel);
}

fn normalize_variable(var: &mut Value, datasources: &dyn DatasourceMapping) {
    let Some(v) = var.as_object_mut() else {
        return;
    };
    let var_type = v
        .get("type")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_string();
    for key in variable_runtime_keys(&var_type) {
        v.shift_remove(*key);
    }
    if let Some(ds) = v.get_mut("datasource") {
        *ds = datasources.map(ds);
    }
    // The Prometheus variable editor stores `{query, refId, qryType}`; a string is the same.
    if let Some(Value::Object(q)) = v.get("query")
        && let Some(text) = q.get("query").and_then(Value::as_str)
        && q.keys()
            .all(|k| matches!(k.as_str(), "query" | "refId" | "qryType"))
    {
        let text = text.to_string();
        v.insert("query".into(), Value::String(text));
    }
    // `definition` is the display form of the query.
    if v.get("definition").is_some() && v.get("definition") == v.get("query") {
        v.shift_remove("definition");
    }
    if var_type == "datasource" && v.get("refresh").and_then(Value::as_i64) == Some(1) {
        v.shift_remove("refresh");
    }
    if var_type == "query" && v.get("refresh").is_none() {
        v.insert("refresh".into(), json!(1));
    }
    strip(
        var,
        &[
            ("hide", json!(0)),
            ("skipUrlSync", json!(false)),
            ("description", json!("")),
            ("label", json!("")),
            ("multi", json!(false)),
            ("includeAll", json!(false)),
            ("allValue", json!("")),
            ("regex", json!("")),
            ("sort", json!(0)),
            ("tagsQuery", json!("")),
            ("tagValuesQuery", json!("")),
            ("tags", json!([])),
            ("useTags", json!(false)),
            ("definition", json!("")),
            ("error", Value::Null),
        ],
    );
    drop_nulls(var);
}

/// A dashboard link without Grafana's defaults (what an absent key means).
fn normalize_link(l: &mut Value) {
    strip(
        l,
        &[
            ("asDropdown", json!(false)),
            ("targetBlank", json!(false)),
            ("includeVars", json!(false)),
            ("keepTime", json!(false)),
            ("tags", json!([])),
            ("tooltip", json!("")),
            ("icon", json!("external link")),
            ("url", json!("")),
        ],
    );
    drop_nulls(l);
}

/// Scenes' `findFirstDatasource`: the datasource of the first target whose `datasource` is
/// not `null` (a target without the key ends the search, giving none).
pub(crate) fn first_target_datasource(targets: Option<&Value>) -> Option<Value> {
    targets?
        .as_array()?
        .iter()
        .find(|t| t.get("datasource").is_none_or(|d| !d.is_null()))?
        .get("datasource")
        .cloned()
}

/// What a datasource plugin reads the same as absent (its query defaults).
fn normalize_target_of(kind: &str, t: &mut Value) {
    // Any datasource: an empty format is the default one.
    strip(t, &[("format", json!(""))]);
    match kind {
        "prometheus" => strip(
            t,
            &[
                // The old editor's metric lookup box, and the query builder's options.
                ("metric", json!("")),
                ("disableTextWrap", json!(false)),
                ("fullMetaSearch", json!(false)),
                ("includeNullMetadata", json!(true)),
                ("useBackend", json!(false)),
            ],
        ),
        "loki" => {
            let Some(o) = t.as_object_mut() else {
                return;
            };
            // As the Loki datasource reads a query: `queryType` if set, else `instant`
            // decides, else a range query; `range` is not read.
            let instant = o.shift_remove("instant") == Some(json!(true));
            o.shift_remove("range");
            let query_type = match o.get("queryType").and_then(Value::as_str) {
                Some(q) => q.to_string(),
                None if instant => "instant".into(),
                None => "range".into(),
            };
            if query_type == "range" {
                o.shift_remove("queryType");
            } else {
                o.insert("queryType".into(), json!(query_type));
            }
            strip(t, &[("direction", json!("backward"))]);
        }
        _ => {}
    }
}

/// Value mappings without what does not change how values show: the editor's row `index`
/// (mappings apply in array order) and the `id` older editors left on mappings.
pub fn normalize_mappings(mappings: &mut Value) {
    let Value::Array(list) = mappings else {
        return;
    };
    for m in list.iter_mut().filter_map(Value::as_object_mut) {
        if !m.get("type").is_some_and(Value::is_string) {
            continue;
        }
        m.shift_remove("id");
        let Some(Value::Object(options)) = m.get_mut("options") else {
            continue;
        };
        let results: Vec<&mut Value> = match options.get("result") {
            Some(_) => options.get_mut("result").into_iter().collect(),
            None => options.values_mut().collect(),
        };
        for r in results.into_iter().filter_map(Value::as_object_mut) {
            r.shift_remove("index");
        }
    }
}

/// Gives panels without an id (or with a taken one) the next free id, as Grafana's
/// dashboard model does on load: one past the highest id, in order, rows' nested panels
/// after their row.
pub fn fill_panel_ids(panels: &mut [Value]) {
    fn each(panels: &mut [Value], f: &mut dyn FnMut(&mut Map<String, Value>)) {
        for p in panels.iter_mut() {
            if let Some(o) = p.as_object_mut() {
                f(o);
                if let Some(Value::Array(children)) = o.get_mut("panels") {
                    for c in children.iter_mut().filter_map(Value::as_object_mut) {
                        f(c);
                    }
                }
            }
        }
    }
    let id_of = |o: &Map<String, Value>| o.get("id").and_then(Value::as_f64).filter(|n| *n > 0.0);
    let mut max = 0.0f64;
    each(panels, &mut |o| max = max.max(id_of(o).unwrap_or(0.0)));
    let mut next = max.floor() as u64 + 1;
    let mut seen: Vec<f64> = Vec::new();
    each(panels, &mut |o| match id_of(o) {
        Some(id) if !seen.contains(&id) => seen.push(id),
        _ => {
            o.insert("id".into(), json!(next));
            seen.push(next as f64);
            next += 1;
        }
    });
}

/// Gives targets without a `refId` the first free letter, as Grafana does on load.
fn fill_ref_ids(targets: &mut [Value]) {
    let mut used: Vec<String> = targets
        .iter()
        .filter_map(|t| t.get("refId").and_then(Value::as_str))
        .filter(|r| !r.is_empty())
        .map(String::from)
        .collect();
    for t in targets.iter_mut() {
        let missing = t
            .get("refId")
            .and_then(Value::as_str)
            .is_none_or(str::is_empty);
        if missing && let Some(o) = t.as_object_mut() {
            let next = (0..)
                .map(letters)
                .find(|l| !used.contains(l))
                .unwrap_or_default();
            used.push(next.clone());
            o.insert("refId".into(), Value::String(next));
        }
    }
}

/// `A`…`Z`, `AA`, … for 0, 1, …
fn letters(i: usize) -> String {
    let mut s = String::new();
    let mut n = i;
    loop {
        s.insert(0, char::from(b'A' + (n % 26) as u8));
        if n < 26 {
            break;
        }
        n = n / 26 - 1;
    }
    s
}

/// Grafana's field config defaults of a panel plugin (what an absent key means).
fn field_defaults(kind: &str) -> Value {
    let mut d = json!({
        "thresholds": {"mode": "absolute", "steps": [{"color": "green", "value": null}, {"color": "red", "value": 80}]},
        "mappings": [],
        "fieldMinMax": false,
        "unit": "",
        "links": [],
    });
    let color = match kind {
        // Without a plugin default, a field with thresholds is colored by them.
        "stat" | "gauge" | "bargauge" | "table" => Some(json!({"mode": "thresholds"})),
        "timeseries" | "barchart" | "piechart" | "histogram" | "state-timeline"
        | "status-history" | "trend" | "xychart" => Some(json!({"mode": "palette-classic"})),
        _ => None,
    };
    if let (Some(c), Some(o)) = (color, d.as_object_mut()) {
        o.insert("color".into(), c);
    }
    if kind == "table" {
        d["custom"] = json!({"align": "auto", "cellOptions": {"type": "auto"}, "inspect": false, "filterable": false});
    }
    // The pie chart's only custom field option is `commonOptionsBuilder.addHideFrom`
    // (public/app/plugins/panel/piechart/module.tsx), whose default hides nothing.
    if kind == "piechart" {
        d["custom"] = json!({"hideFrom": {"tooltip": false, "viz": false, "legend": false}});
    }
    // Status history: `defaultStatusFieldConfig` (public/app/plugins/panel/status-history/
    // types.ts, the module's defaults for its two custom options); a `hideFrom` hiding nothing
    // is `addHideFrom`'s default where the plugin registers it, and unset on load where not.
    if kind == "status-history" {
        d["custom"] = json!({"lineWidth": 1, "fillOpacity": 70,
                             "hideFrom": {"tooltip": false, "viz": false, "legend": false}});
    }
    if matches!(kind, "timeseries" | "trend") {
        d["custom"] = json!({
            "drawStyle": "line", "lineInterpolation": "linear", "barAlignment": 0, "barWidthFactor": 0.6,
            "showValues": false,
            "axisGridShow": true, "lineWidth": 1,
            "fillOpacity": 0, "gradientMode": "none", "spanNulls": false, "insertNulls": false,
            "showPoints": "auto", "pointSize": 5, "stacking": {"mode": "none", "group": "A"},
            "axisPlacement": "auto", "axisLabel": "", "axisColorMode": "text", "axisBorderShow": false,
            "scaleDistribution": {"type": "linear"}, "axisCenteredZero": false,
            "hideFrom": {"tooltip": false, "viz": false, "legend": false},
            "thresholdsStyle": {"mode": "off"}
        });
    }
    d
}

/// Grafana's panel option defaults of a panel plugin.
pub(super) fn option_defaults(kind: &str) -> Value {
    let reduce = json!({"values": false, "calcs": ["lastNotNull"], "fields": ""});
    let legend =
        json!({"showLegend": true, "displayMode": "list", "placement": "bottom", "calcs": []});
    let tooltip = json!({"mode": "single", "sort": "none"});
    match kind {
        // Time series and trend offer hiding zeros in the tooltip (off by default).
        "timeseries" | "trend" => json!({
            "legend": legend,
            "tooltip": {"mode": "single", "sort": "none", "hideZeros": false}
        }),
        "barchart" | "histogram" | "state-timeline" | "status-history" | "xychart" => {
            json!({"legend": legend, "tooltip": tooltip})
        }
        "stat" => json!({
            "reduceOptions": reduce, "orientation": "auto", "textMode": "auto", "colorMode": "value",
            "graphMode": "area", "justifyMode": "auto", "wideLayout": true, "showPercentChange": false,
            "percentChangeColorMode": "standard", "text": {}
        }),
        "gauge" => json!({
            "reduceOptions": reduce, "orientation": "auto", "showThresholdLabels": false, "text": {},
            "showThresholdMarkers": true, "sizing": "auto", "minVizWidth": 75, "minVizHeight": 75
        }),
        "bargauge" => json!({
            "reduceOptions": reduce, "orientation": "auto", "displayMode": "gradient", "showUnfilled": true,
            "text": {},
            "valueMode": "color", "namePlacement": "auto", "sizing": "auto", "minVizWidth": 8,
            "minVizHeight": 16, "maxVizHeight": 300
        }),
        "piechart" => json!({
            "reduceOptions": reduce, "pieType": "pie", "tooltip": tooltip,
            // The pie chart's legend takes no calcs: an empty list is no list.
            "legend": {"showLegend": true, "displayMode": "list", "placement": "right", "values": [], "calcs": []}
        }),
        "table" => json!({
            "showHeader": true, "cellHeight": "sm",
            "footer": {"show": false, "reducer": ["sum"], "countRows": false, "fields": ""}
        }),
        "logs" => json!({
            "showTime": false, "wrapLogMessage": false, "sortOrder": "Descending", "enableLogDetails": true,
            "dedupStrategy": "none", "showLabels": false, "showCommonLabels": false, "prettifyLogMessage": false
        }),
        "text" => json!({
            "mode": "markdown",
            "code": {"language": "plaintext", "showLineNumbers": false, "showMiniMap": false}
        }),
        _ => json!({}),
    }
}

/// Removes, recursively, object members equal to the defaults tree; objects left empty go.
pub(super) fn strip_tree(v: &mut Value, defaults: &Value) {
    let (Some(o), Some(d)) = (v.as_object_mut(), defaults.as_object()) else {
        return;
    };
    let keys: Vec<String> = o.keys().cloned().collect();
    for k in keys {
        let Some(default) = d.get(&k) else {
            continue;
        };
        let Some(x) = o.get_mut(&k) else {
            continue;
        };
        if same(x, default) {
            o.shift_remove(&k);
        } else if x.is_object() && default.is_object() {
            strip_tree(x, default);
            if x.as_object().is_some_and(Map::is_empty) {
                o.shift_remove(&k);
            }
        }
    }
}

/// Removes keys whose value equals the given default.
fn strip(v: &mut Value, defaults: &[(&str, Value)]) {
    let Some(o) = v.as_object_mut() else {
        return;
    };
    for (key, default) in defaults {
        if o.get(*key).is_some_and(|x| same(x, default)) {
            o.shift_remove(*key);
        }
    }
}

/// Equality ignoring key order and integral-float spelling.
fn same(a: &Value, b: &Value) -> bool {
    canonical(a) == canonical(b)
}

/// Removes `null` members of an object (absent and null mean the same for optional keys).
fn drop_nulls(v: &mut Value) {
    if let Some(o) = v.as_object_mut() {
        o.retain(|_, x| !x.is_null());
    }
}

/// Sorted keys, integral floats as integers, recursively.
pub fn canonical(v: &Value) -> Value {
    match v {
        Value::Object(o) => {
            let mut keys: Vec<&String> = o.keys().collect();
            keys.sort();
            let mut out = Map::with_capacity(o.len());
            for k in keys {
                if let Some(x) = o.get(k) {
                    out.insert(k.clone(), canonical(x));
                }
            }
            Value::Object(out)
        }
        Value::Array(a) => Value::Array(a.iter().map(canonical).collect()),
        Value::Number(n) => Value::Number(integral(n)),
        other => other.clone(),
    }
}

fn integral(n: &Number) -> Number {
    match n.as_f64() {
        Some(f) if n.is_f64() && f.fract() == 0.0 && f.abs() < 9.0e15 => Number::from(f as i64),
        _ => n.clone(),
    }
}

/// One place where two normalised documents differ.
#[derive(Debug, Clone, PartialEq)]
pub struct Difference {
    /// JSON path, `panels[2].targets[0].expr`.
    pub path: String,
    /// The original's value there (`None`: absent).
    pub original: Option<Value>,
    /// The compiled value there (`None`: absent).
    pub compiled: Option<Value>,
}

impl fmt::Display for Difference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let show = |v: &Option<Value>| match v {
            None => "(absent)".to_string(),
            Some(v) => {
                let s = v.to_string();
                if s.chars().count() > 80 {
                    format!("{}…", s.chars().take(80).collect::<String>())
                } else {
                    s
                }
            }
        };
        write!(
            f,
            "{}: original {} ≠ compiled {}",
            self.path,
            show(&self.original),
            show(&self.compiled)
        )
    }
}

/// Lists where two normalised documents differ, depth first, in the original's key order.
pub fn diff(original: &Value, compiled: &Value) -> Vec<Difference> {
    let mut out = Vec::new();
    diff_at(String::new(), original, compiled, &mut out);
    out
}

fn join(path: &str, key: &str) -> String {
    let simple = !key.is_empty() && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    match (path.is_empty(), simple) {
        (true, true) => key.to_string(),
        (false, true) => format!("{path}.{key}"),
        (_, false) => format!("{path}[{}]", Value::String(key.to_string())),
    }
}

fn diff_at(path: String, a: &Value, b: &Value, out: &mut Vec<Difference>) {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            for (k, va) in x {
                match y.get(k) {
                    Some(vb) => diff_at(join(&path, k), va, vb, out),
                    None => out.push(Difference {
                        path: join(&path, k),
                        original: Some(va.clone()),
                        compiled: None,
                    }),
                }
            }
            for (k, vb) in y {
                if !x.contains_key(k) {
                    out.push(Difference {
                        path: join(&path, k),
                        original: None,
                        compiled: Some(vb.clone()),
                    });
                }
            }
        }
        (Value::Array(x), Value::Array(y)) => {
            for i in 0..x.len().max(y.len()) {
                let p = format!("{path}[{i}]");
                match (x.get(i), y.get(i)) {
                    (Some(va), Some(vb)) => diff_at(p, va, vb, out),
                    (va, vb) => out.push(Difference {
                        path: p,
                        original: va.cloned(),
                        compiled: vb.cloned(),
                    }),
                }
            }
        }
        _ if canonical(a) == canonical(b) => {}
        _ => out.push(Difference {
            path: if path.is_empty() { "$".into() } else { path },
            original: Some(a.clone()),
            compiled: Some(b.clone()),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Rename;
    impl DatasourceMapping for Rename {
        fn map(&self, r: &Value) -> Value {
            if r == &json!({"type": "prometheus", "uid": "${DS_PROM}"}) || r == &json!("Prometheus")
            {
                json!({"type": "prometheus", "uid": "prom"})
            } else {
                r.clone()
            }
        }
    }

    #[test]
    fn instance_fields_defaults_order_and_floats_are_ignored() {
        let original = json!({
            "id": 12, "version": 7, "iteration": 1690000000, "uid": "u", "title": "T",
            "editable": true, "graphTooltip": 0, "refresh": false, "timepicker": {},
            "panels": [{"id": 1, "type": "stat", "pluginVersion": "10.0.0", "transparent": false,
                        "gridPos": {"h": 4.0, "w": 6, "x": 0, "y": 0}, "timeFrom": null,
                        "datasource": "Prometheus",
                        "targets": [{"refId": "A", "expr": "up", "hide": false}]}],
            "templating": {"list": [{"name": "job", "type": "query", "current": {"text": "a"},
                                     "options": [{"text": "a"}], "hide": 0, "query": "label_values(job)"}]}
        });
        let compiled = json!({
            "title": "T", "uid": "u", "id": null,
            "panels": [{"type": "stat", "id": 1, "gridPos": {"x": 0, "y": 0, "w": 6, "h": 4},
                        "datasource": {"type": "prometheus", "uid": "prom"},
                        "targets": [{"expr": "up", "refId": "A",
                                     "datasource": {"type": "prometheus", "uid": "prom"}}]}],
            "templating": {"list": [{"query": "label_values(job)", "type": "query", "name": "job"}]}
        });
        let a = normalize_dashboard(&original, &Rename);
        let b = normalize_dashboard(&compiled, &Unmapped);
        assert_eq!(diff(&a, &b), vec![]);
    }

    #[test]
    fn real_differences_are_listed_by_path() {
        let a = normalize_dashboard(
            &json!({"title": "T", "panels": [{"type": "stat", "targets": [{"refId": "A", "expr": "up"}]}],
                    "tags": ["a"]}),
            &Unmapped,
        );
        let b = normalize_dashboard(
            &json!({"title": "T", "panels": [{"type": "stat", "targets": [{"refId": "A", "expr": "up == 1"}]}],
                    "links": [{"title": "x"}]}),
            &Unmapped,
        );
        let paths: Vec<String> = diff(&a, &b).iter().map(|d| d.path.clone()).collect();
        assert_eq!(paths, vec!["panels[0].targets[0].expr", "tags", "links"]);
        let shown = diff(&a, &b)[1].to_string();
        assert_eq!(shown, "tags: original [\"a\"] ≠ compiled (absent)");
    }

    #[test]
    fn builtin_annotation_equals_absence_but_a_changed_one_does_not() {
        let builtin = json!({"builtIn": 1, "datasource": {"type": "grafana", "uid": "-- Grafana --"},
            "enable": true, "hide": true, "iconColor": "rgba(0, 211, 255, 1)",
            "name": "Annotations & Alerts", "type": "dashboard"});
        let with = json!({"title": "T", "annotations": {"list": [builtin.clone()]}});
        let without = json!({"title": "T"});
        assert_eq!(
            normalize_dashboard(&with, &Unmapped),
            normalize_dashboard(&without, &Unmapped)
        );
        let mut changed = builtin;
        changed["enable"] = json!(false);
        let with = json!({"title": "T", "annotations": {"list": [changed]}});
        assert_ne!(
            normalize_dashboard(&with, &Unmapped),
            normalize_dashboard(&without, &Unmapped)
        );
    }

    #[test]
    fn a_panel_without_datasource_takes_its_first_querys() {
        let ds = json!({"type": "prometheus", "uid": "p"});
        let panel = |d: Option<Value>, targets: Value| {
            let mut p = json!({"type": "stat", "id": 1, "targets": targets});
            if let Some(d) = d {
                p["datasource"] = d;
            }
            json!({"title": "T", "panels": [p]})
        };
        let said = panel(
            Some(ds.clone()),
            json!([{"refId": "A", "datasource": ds.clone()}]),
        );
        let unsaid = panel(None, json!([{"refId": "A", "datasource": ds.clone()}]));
        let null = panel(
            Some(Value::Null),
            json!([{"refId": "A", "datasource": null}, {"refId": "B", "datasource": ds.clone()}]),
        );
        let n = |d: &Value| normalize_dashboard(d, &Unmapped);
        assert_eq!(n(&said), n(&unsaid));
        assert_eq!(n(&null)["panels"][0]["datasource"], ds);
        // A first query without the key ends the search: the default datasource.
        let first_unset = panel(
            None,
            json!([{"refId": "A"}, {"refId": "B", "datasource": ds.clone()}]),
        );
        assert_eq!(n(&first_unset)["panels"][0].get("datasource"), None);
    }

    #[test]
    fn odd_keys_are_quoted_in_paths() {
        let d = diff(&json!({"a": {"x.y": 1}}), &json!({"a": {"x.y": 2}}));
        assert_eq!(d[0].path, "a[\"x.y\"]");
    }

    #[test]
    fn loki_targets_read_as_the_datasource_reads_them() {
        let mut a = json!({"refId": "A", "expr": "{a=\"b\"}", "instant": true, "range": false});
        let mut b = json!({"refId": "A", "expr": "{a=\"b\"}", "queryType": "instant", "direction": "backward"});
        normalize_target_of("loki", &mut a);
        normalize_target_of("loki", &mut b);
        assert_eq!(a, b);
        let mut c = json!({"refId": "A", "queryType": "range"});
        normalize_target_of("loki", &mut c);
        assert_eq!(c, json!({"refId": "A"}));
        let mut p =
            json!({"refId": "A", "metric": "", "format": "", "useBackend": false, "step": 10});
        normalize_target_of("prometheus", &mut p);
        assert_eq!(p, json!({"refId": "A", "step": 10}));
    }

    #[test]
    fn pie_chart_and_status_history_custom_defaults_equal_absence() {
        let panel = |custom: Value| {
            json!({"panels": [{"type": "piechart", "id": 1, "gridPos": {"x": 0, "y": 0, "w": 6, "h": 3},
                               "fieldConfig": {"defaults": {"custom": custom}, "overrides": []}}]})
        };
        let plain = json!({"panels": [{"type": "piechart", "id": 1,
                                       "gridPos": {"x": 0, "y": 0, "w": 6, "h": 3}}]});
        let defaults =
            panel(json!({"hideFrom": {"legend": false, "tooltip": false, "viz": false}}));
        assert!(
            diff(
                &normalize_dashboard(&defaults, &Unmapped),
                &normalize_dashboard(&plain, &Unmapped)
            )
            .is_empty()
        );
        let mut status = defaults.clone();
        status["panels"][0]["type"] = json!("status-history");
        status["panels"][0]["fieldConfig"]["defaults"]["custom"]["lineWidth"] = json!(1);
        status["panels"][0]["fieldConfig"]["defaults"]["custom"]["fillOpacity"] = json!(70);
        let mut bare_status = plain.clone();
        bare_status["panels"][0]["type"] = json!("status-history");
        assert!(
            diff(
                &normalize_dashboard(&status, &Unmapped),
                &normalize_dashboard(&bare_status, &Unmapped)
            )
            .is_empty()
        );
        let hidden = panel(json!({"hideFrom": {"legend": true, "tooltip": false, "viz": false}}));
        assert!(
            !diff(
                &normalize_dashboard(&hidden, &Unmapped),
                &normalize_dashboard(&plain, &Unmapped)
            )
            .is_empty()
        );
    }

    #[test]
    fn panel_ids_are_filled_as_grafana_does() {
        let mut panels = vec![
            json!({"type": "row", "panels": [{"type": "stat"}]}),
            json!({"type": "stat", "id": 7}),
            json!({"type": "stat", "id": 7}),
        ];
        fill_panel_ids(&mut panels);
        assert_eq!(panels[0]["id"], json!(8));
        assert_eq!(panels[0]["panels"][0]["id"], json!(9));
        assert_eq!(panels[1]["id"], json!(7));
        assert_eq!(panels[2]["id"], json!(10));
    }
}
