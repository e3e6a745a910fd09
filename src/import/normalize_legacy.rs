//! Normalisation of the legacy (Angular) panels for `import --verify`: what an absent key
//! means to the `graph` plugin (its `panelDefaults`, filled with `_.defaults` on load, also
//! inside `legend`, `tooltip`, `xaxis` and `options`), so a value equal to the default and its
//! absence compare equal. Flags the plugin only tests for truth (`legend.alignAsTable`, …)
//! are absent when false.

use serde_json::{Map, Value, json};

use super::normalize::{canonical, strip_tree};

/// The graph panel's top-level option defaults.
fn graph_defaults() -> Value {
    json!({
        "renderer": "flot",
        "lines": true,
        "fill": 1,
        "fillGradient": 0,
        "linewidth": 1,
        "dashes": false,
        "hiddenSeries": false,
        "dashLength": 10,
        "spaceLength": 10,
        "points": false,
        "pointradius": 2,
        "bars": false,
        "stack": false,
        "percentage": false,
        "nullPointMode": "null",
        "steppedLine": false,
        "aliasColors": {},
        "seriesOverrides": [],
        "thresholds": [],
        "timeRegions": [],
        "legend": {
            "show": true, "values": false, "min": false, "max": false, "current": false,
            "total": false, "avg": false, "alignAsTable": false, "rightSide": false,
            "hideEmpty": false, "hideZero": false
        },
        "tooltip": {"value_type": "individual", "shared": true, "sort": 0, "msResolution": false},
        "xaxis": {"show": true, "mode": "time", "values": []},
        "yaxis": {"align": false},
        "options": {"alertThreshold": true, "dataLinks": []},
    })
}

/// One default Y axis (`yaxes` holds two).
fn default_axis() -> Value {
    json!({"format": "short", "logBase": 1, "show": true})
}

/// Members of a graph panel neither of its readers reads: the Angular plugin (graph
/// module.ts) takes its legend and tooltip from the panel's own `legend`/`tooltip`, and
/// Grafana's migration to the time series panel (timeseries migrations.ts,
/// `flotToGraphOptions`) builds `options` afresh from those and replaces
/// `fieldConfig.defaults.custom` with the one it makes of `yaxes[0]` (`{...defaults, ...y1}`,
/// `y1.custom` always set when the first axis exists, as it does after the plugin's
/// `_.defaults` when the panel has no `yaxes`). So the time series options that
/// generators leave on graph panels (`options.legend`, `options.tooltip`, `custom`) go.
fn drop_unread(p: &mut Map<String, Value>) {
    if let Some(Value::Object(o)) = p.get_mut("options") {
        o.shift_remove("legend");
        o.shift_remove("tooltip");
    }
    // Without `yaxes` the plugin's `_.defaults` gives the panel its two default axes.
    let first_axis = match p.get("yaxes") {
        None | Some(Value::Null) => true,
        Some(y) => y.get(0).is_some_and(Value::is_object),
    };
    if let Some(Value::Object(d)) = p.get_mut("fieldConfig").and_then(|f| f.get_mut("defaults")) {
        if first_axis {
            d.shift_remove("custom");
        }
        // validateFieldConfig (grafana-data fieldOverrides.ts): thresholds without a mode
        // are absolute.
        if let Some(Value::Object(t)) = d.get_mut("thresholds")
            && t.get("mode").is_none_or(Value::is_null)
        {
            t.insert("mode".into(), json!("absolute"));
        }
    }
}

/// Normalises a `graph` panel in place (see the module docs).
pub fn graph(p: &mut Map<String, Value>) {
    drop_unread(p);
    if let Some(Value::Array(axes)) = p.get_mut("yaxes") {
        for axis in axes.iter_mut() {
            normalize_axis(axis);
        }
        if axes.len() == 2 && axes.iter().all(|a| canonical(a) == default_axis()) {
            p.shift_remove("yaxes");
        }
    }
    for key in ["xaxis", "yaxis", "legend"] {
        if let Some(Value::Object(o)) = p.get_mut(key) {
            o.retain(|_, v| !v.is_null());
        }
    }
    // Emptied sub-objects equal their defaults (the plugin fills every member).
    let mut v = Value::Object(std::mem::take(p));
    strip_tree(&mut v, &graph_defaults());
    if let Value::Object(o) = v {
        *p = o;
    }
    // Standard field options the graph plugin has none of: an empty `custom` is no setting.
    if let Some(Value::Object(d)) = p.get_mut("fieldConfig").and_then(|f| f.get_mut("defaults"))
        && d.get("custom") == Some(&json!({}))
    {
        d.shift_remove("custom");
    }
    if let Some(Value::Object(fc)) = p.get_mut("fieldConfig")
        && fc.get("defaults") == Some(&json!({}))
    {
        fc.shift_remove("defaults");
    }
    if p.get("fieldConfig") == Some(&json!({})) {
        p.shift_remove("fieldConfig");
    }
}

/// The single stat panel's option defaults (as of its last Grafana version, 7.5).
fn singlestat_defaults() -> Value {
    json!({
        "maxDataPoints": 100,
        "format": "none",
        "prefix": "",
        "postfix": "",
        "valueMaps": [{"value": "null", "op": "=", "text": "N/A"}],
        "mappingTypes": [{"name": "value to text", "value": 1}, {"name": "range to text", "value": 2}],
        "rangeMaps": [{"from": "null", "to": "null", "text": "N/A"}],
        "mappingType": 1,
        "nullPointMode": "connected",
        "valueName": "avg",
        "prefixFontSize": "50%",
        "valueFontSize": "80%",
        "postfixFontSize": "50%",
        "thresholds": "",
        "colorBackground": false,
        "colorValue": false,
        "colors": ["#299c46", "rgba(237, 129, 40, 0.89)", "#d44a3a"],
        "sparkline": {
            "show": false, "full": false, "lineColor": "rgb(31, 120, 193)",
            "fillColor": "rgba(31, 118, 189, 0.18)"
        },
        "gauge": {
            "show": false, "minValue": 0, "maxValue": 100, "thresholdMarkers": true,
            "thresholdLabels": false
        },
        "tableColumn": "",
    })
}

/// Graph keys a single stat reads, of [`super::normalize_modern::GRAPH_KEYS`]: panels changed
/// from a graph to a single stat (by hand-edited JSON or generators) still carry the others,
/// which the single stat plugin never reads: its controller
/// (public/app/plugins/panel/singlestat/module.ts, to 7.5) reads only its `panelDefaults`
/// keys, `decimals` and `colorPrefix`/`colorPostfix`, and the stat panel's migration from it
/// (`migrateFromAngularSinglestat` in grafana-ui's SingleStatBaseOptions.ts) reads no more.
const GRAPH_KEYS_READ_BY_SINGLESTAT: &[&str] = &["nullPointMode", "thresholds"];

/// Normalises a `singlestat` panel in place: values equal to the plugin's defaults go, and
/// the graph plugin's keys it never reads.
pub fn singlestat(p: &mut Map<String, Value>) {
    for key in super::normalize_modern::GRAPH_KEYS {
        if !GRAPH_KEYS_READ_BY_SINGLESTAT.contains(key) {
            p.shift_remove(*key);
        }
    }
    drop_unread_field_config(p);
    if let Some(Value::String(t)) = p.get("thresholds")
        && let Some(canonical) = singlestat_threshold_text(t)
    {
        p.insert("thresholds".into(), json!(canonical));
    }
    for key in ["sparkline", "gauge"] {
        if let Some(Value::Object(o)) = p.get_mut(key) {
            o.retain(|_, v| !v.is_null());
        }
    }
    let mut v = Value::Object(std::mem::take(p));
    strip_tree(&mut v, &singlestat_defaults());
    if let Value::Object(o) = v {
        *p = o;
    }
}

/// The single stat's `thresholds` text as the plugin reads it: split at commas, each part
/// trimmed and read as a number (module.ts `onFramesReceived`/`render`, `Number(v.trim())`),
/// so `.80, .90` is `0.8,0.9`; `None` when a part is not a plain finite number (an empty
/// part reads as 0 in JavaScript: such text is left as written).
pub fn singlestat_threshold_text(text: &str) -> Option<String> {
    let parts: Vec<String> = text
        .split(',')
        .map(|v| {
            let t = v.trim();
            let plain = !t.is_empty()
                && t.chars()
                    .all(|c| c.is_ascii_digit() || matches!(c, '.' | '-' | '+'));
            let f = t.parse::<f64>().ok().filter(|f| f.is_finite() && plain)?;
            Some(if f.fract() == 0.0 && f.abs() < 1e15 {
                format!("{}", f as i64)
            } else {
                format!("{f}")
            })
        })
        .collect::<Option<_>>()?;
    Some(parts.join(","))
}

/// Time series leftovers on a single stat (generators that build every panel from one
/// template): its controller takes the value's unit, decimals and mappings from its own keys
/// (`format`, `decimals`, `valueMaps`/`rangeMaps` over the field config, module.ts
/// `processField`) and colors by its own `thresholds`/`colors`; the stat panel's migration
/// from it returns fresh `options` and sets `panel.fieldConfig.defaults = defaults` built
/// from those keys alone (SingleStatBaseOptions.ts `migrateFromAngularSinglestat`). So
/// `options` and these members of `fieldConfig.defaults` are never read.
fn drop_unread_field_config(p: &mut Map<String, Value>) {
    p.shift_remove("options");
    if let Some(Value::Object(d)) = p.get_mut("fieldConfig").and_then(|f| f.get_mut("defaults")) {
        for key in [
            "custom",
            "unit",
            "decimals",
            "mappings",
            "thresholds",
            "color",
        ] {
            d.shift_remove(key);
        }
    }
    if let Some(Value::Object(fc)) = p.get_mut("fieldConfig") {
        if fc.get("defaults") == Some(&json!({})) {
            fc.shift_remove("defaults");
        }
        if fc.get("overrides") == Some(&json!([])) {
            fc.shift_remove("overrides");
        }
    }
    if p.get("fieldConfig") == Some(&json!({})) {
        p.shift_remove("fieldConfig");
    }
}

/// A Y axis: nulls are absent, and `min`/`max` numeric strings are the numbers the plugin
/// reads them as (it converts them with `toNumber`).
fn normalize_axis(axis: &mut Value) {
    let Some(o) = axis.as_object_mut() else {
        return;
    };
    o.retain(|_, v| !v.is_null());
    // An empty label draws none (graph.ts and the time series migration test it for truth).
    if o.get("label") == Some(&json!("")) {
        o.shift_remove("label");
    }
    for key in ["min", "max"] {
        if let Some(Value::String(s)) = o.get(key)
            && let Ok(n) = s.trim().parse::<f64>()
            && !s.trim().is_empty()
            && n.is_finite()
        {
            let n = if n.fract() == 0.0 && n.abs() < 1e15 {
                json!(n as i64)
            } else {
                json!(n)
            };
            o.insert(key.into(), n);
        }
    }
}

/// Dashboard keys of older schema versions at what Grafana assumes without them: a missing
/// `schemaVersion` (0), the
/// pre-5 `hideControls` and `preload` (false), the refresh picker's default intervals and the
/// old time picker's default `time_options`, and the built-in annotation query's defaults
/// (`limit` 100, all tags, `showIn` 0).
pub fn dashboard(d: &mut Map<String, Value>) {
    // Grafana reads a missing schema version as 0 (and migrates from there).
    if d.get("schemaVersion").is_none_or(Value::is_null) {
        d.insert("schemaVersion".into(), json!(0));
    }
    for key in ["hideControls", "preload"] {
        if d.get(key) == Some(&json!(false)) {
            d.shift_remove(key);
        }
    }
    if let Some(Value::Object(t)) = d.get_mut("timepicker") {
        let defaults = json!({
            "refresh_intervals": ["5s", "10s", "30s", "1m", "5m", "15m", "30m", "1h", "2h", "1d"],
            "time_options": ["5m", "15m", "1h", "6h", "12h", "24h", "2d", "7d", "30d"],
            "hidden": false,
        });
        let mut v = Value::Object(std::mem::take(t));
        strip_tree(&mut v, &defaults);
        if let Value::Object(o) = v {
            *t = o;
        }
    }
    if let Some(Value::Array(list)) = d.get_mut("annotations").and_then(|a| a.get_mut("list")) {
        let defaults = json!({
            "limit": 100, "showIn": 0, "tags": [],
            "target": {"limit": 100, "matchAny": false, "tags": [], "type": "dashboard"},
        });
        for a in list.iter_mut() {
            if a.get("builtIn").and_then(Value::as_i64) == Some(1) {
                strip_tree(a, &defaults);
            }
        }
    }
}

/// [`drop_hash_keys`] over a dashboard object.
pub fn drop_hash_keys_in(d: &mut Map<String, Value>) {
    d.values_mut().for_each(drop_hash_keys);
}

/// Removes AngularJS's `$$hashKey` members (list tracking state the UI leaked into saved
/// JSON; Angular's own serialiser drops them).
pub fn drop_hash_keys(v: &mut Value) {
    match v {
        Value::Object(o) => {
            o.shift_remove("$$hashKey");
            o.values_mut().for_each(drop_hash_keys);
        }
        Value::Array(a) => a.iter_mut().for_each(drop_hash_keys),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn normalized(v: Value) -> Value {
        let mut m = v.as_object().cloned().unwrap();
        graph(&mut m);
        canonical(&Value::Object(m))
    }

    #[test]
    fn grafana_defaults_equal_absence() {
        let exported = json!({
            "type": "graph", "renderer": "flot", "lines": true, "fill": 1, "linewidth": 1,
            "nullPointMode": "null", "pointradius": 2, "stack": false, "percentage": false,
            "aliasColors": {}, "seriesOverrides": [], "thresholds": [], "timeRegions": [],
            "legend": {"show": true, "values": false, "avg": false, "alignAsTable": false, "sideWidth": null},
            "tooltip": {"value_type": "individual"},
            "xaxis": {"show": true, "mode": "time", "name": null, "buckets": null, "values": []},
            "yaxis": {"align": false, "alignLevel": null},
            "yaxes": [{"format": "short", "label": null, "logBase": 1, "min": null, "max": null, "show": true, "$$hashKey": "object:1"},
                      {"format": "short", "logBase": 1, "show": true}],
            "options": {"dataLinks": []},
            "fieldConfig": {"defaults": {"custom": {}}}
        });
        let mut e = exported.clone();
        drop_hash_keys(&mut e);
        assert_eq!(normalized(e), json!({"type": "graph"}));
    }

    #[test]
    fn time_series_leftovers_on_a_graph_go_only_where_unread() {
        let leftovers = json!({"type": "graph",
            "options": {"legend": {"showLegend": true}, "tooltip": {"mode": "single"}},
            "fieldConfig": {"defaults": {"custom": {"fillOpacity": 10}, "unit": "s",
                                         "thresholds": {"steps": []}}}});
        assert_eq!(
            normalized(leftovers.clone()),
            canonical(
                &json!({"type": "graph", "fieldConfig": {"defaults": {"unit": "s",
                "thresholds": {"mode": "absolute", "steps": []}}}})
            )
        );
        // Without a first axis the time series migration keeps `custom`.
        let mut no_axis = leftovers;
        no_axis["yaxes"] = json!([]);
        assert_eq!(
            normalized(no_axis)["fieldConfig"]["defaults"]["custom"],
            json!({"fillOpacity": 10})
        );
    }

    #[test]
    fn singlestat_thresholds_read_as_the_plugin_reads_them() {
        assert_eq!(
            singlestat_threshold_text(".80, .90").as_deref(),
            Some("0.8,0.9")
        );
        assert_eq!(
            singlestat_threshold_text("85, 95").as_deref(),
            Some("85,95")
        );
        // Left as written: not plain numbers, or an empty part (JavaScript reads it as 0).
        for odd in ["", "1,,2", "current", "1e3", "0x10"] {
            assert_eq!(singlestat_threshold_text(odd), None, "{odd}");
        }
    }

    #[test]
    fn real_choices_stay() {
        let p = json!({
            "type": "graph", "fill": 0, "stack": true, "legend": {"show": true, "rightSide": true},
            "tooltip": {"shared": false, "sort": 0, "value_type": "individual"},
            "yaxes": [{"format": "bytes", "logBase": 1, "min": "0", "show": true},
                      {"format": "short", "logBase": 1, "show": false}]
        });
        assert_eq!(
            normalized(p),
            canonical(&json!({
                "type": "graph", "fill": 0, "stack": true, "legend": {"rightSide": true},
                "tooltip": {"shared": false},
                "yaxes": [{"format": "bytes", "logBase": 1, "min": 0, "show": true},
                          {"format": "short", "logBase": 1, "show": false}]
            }))
        );
    }
}
