//! Normalisation of the panels of Grafana's current (React) plugins: what such a panel
//! carries that its plugin never reads.

use serde_json::{Map, Value};

/// Panel types of Grafana's current plugins whose JSON keeps no top-level plugin options
/// (everything lives in `options` and `fieldConfig`).
const MODERN: &[&str] = &[
    "timeseries",
    "stat",
    "gauge",
    "bargauge",
    "table",
    "piechart",
    "barchart",
    "histogram",
    "state-timeline",
    "status-history",
    "heatmap",
    "logs",
    "text",
    "xychart",
    "trend",
];

/// Top-level keys of the Angular graph plugin. Generators (and panels changed from graph
/// by hand-edited JSON) leave them on panels of other types, whose plugins never read them;
/// Grafana's dashboard scene (the default since 11.3) does not even keep them on load.
pub(super) const GRAPH_KEYS: &[&str] = &[
    "aliasColors",
    "bars",
    "dashLength",
    "dashes",
    "fill",
    "fillGradient",
    "hiddenSeries",
    "legend",
    "lines",
    "linewidth",
    "nullPointMode",
    "percentage",
    "pointradius",
    "points",
    "renderer",
    "seriesOverrides",
    "spaceLength",
    "stack",
    "steppedLine",
    "thresholds",
    "timeRegions",
    "tooltip",
    "xaxis",
    "yaxes",
    "yaxis",
];

/// Plugins that run no queries (`skipDataQuery`): a datasource or queries on them mean
/// nothing.
const NO_QUERIES: &[&str] = &["text", "dashlist", "alertlist", "news"];

/// The standard field options of Grafana's field config registry: `getAllStandardFieldConfigs`
/// (public/app/core/components/OptionsUI/registry.tsx) registers these ids and no others
/// (`unitScale`, added by grafana/grafana#79411 in 10.3, was removed again by #81893);
/// every other registry id of a panel plugin is a `custom.` one.
pub const STANDARD_FIELD_OPTIONS: &[&str] = &[
    "unit",
    "min",
    "max",
    "fieldMinMax",
    "decimals",
    "displayName",
    "color",
    "noValue",
    "links",
    "actions",
    "mappings",
    "thresholds",
    "filterable",
];

/// Panel plugins of the React kind that Grafana loads through `getPanelOptionsWithDefaults`
/// (with a field config registry) besides [`MODERN`].
const REACT_PLUGINS: &[&str] = &[
    "geomap",
    "nodeGraph",
    "traces",
    "flamegraph",
    "canvas",
    "candlestick",
    "dashlist",
    "alertlist",
    "annolist",
    "news",
];

/// Removes what the panel's plugin never reads.
pub fn panel(kind: &str, p: &mut Map<String, Value>) {
    if MODERN.contains(&kind) {
        for key in GRAPH_KEYS {
            p.shift_remove(*key);
        }
    }

    if NO_QUERIES.contains(&kind) {
        p.shift_remove("datasource");
        p.shift_remove("targets");
    }
    super::plugin_defaults::panel(kind, p);
}

/// What Grafana's loader keeps of a React panel's `fieldConfig`: `applyFieldConfigDefaults`
/// (public/app/features/panel/state/getPanelOptionsWithDefaults.ts) runs `cleanProperties`
/// over `defaults`, which unsets every property whose path is not in the plugin's registry
/// (an object without any registered property inside goes whole), and
/// `filterFieldConfigOverrides` drops override properties whose id is not registered
/// (overrides left without properties go). Only the standard part is modelled here: keys
/// outside [`STANDARD_FIELD_OPTIONS`] and `custom`, and a `custom` with no value inside.
pub fn field_config(kind: &str, p: &mut Map<String, Value>) {
    if !MODERN.contains(&kind) && !REACT_PLUGINS.contains(&kind) {
        return;
    }
    let Some(Value::Object(fc)) = p.get_mut("fieldConfig") else {
        return;
    };
    if let Some(Value::Object(d)) = fc.get_mut("defaults") {
        d.retain(|k, v| {
            STANDARD_FIELD_OPTIONS.contains(&k.as_str()) || (k == "custom" && has_leaf(v))
        });
    }
    if let Some(Value::Array(overrides)) = fc.get_mut("overrides") {
        for o in overrides.iter_mut() {
            if let Some(Value::Array(props)) = o.get_mut("properties") {
                props.retain(|prop| {
                    prop.get("id")
                        .and_then(Value::as_str)
                        .is_none_or(registrable)
                });
            }
        }
        overrides.retain(|o| {
            o.get("properties")
                .and_then(Value::as_array)
                .is_none_or(|props| !props.is_empty())
        });
    }
}

/// An override property id that some plugin's registry can hold.
fn registrable(id: &str) -> bool {
    STANDARD_FIELD_OPTIONS.contains(&id) || id.starts_with("custom.")
}

/// Whether an object holds any non-object value (an array or scalar) at some depth:
/// `cleanProperties` unsets objects with nothing registered inside, and a registered
/// property is never an empty object tree.
fn has_leaf(v: &Value) -> bool {
    match v {
        Value::Object(m) => m.values().any(has_leaf),
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn graph_keys_go_only_from_other_panel_types() {
        let mut ts =
            json!({"type": "timeseries", "yaxes": [], "nullPointMode": "null", "options": {}});
        panel("timeseries", ts.as_object_mut().unwrap());
        assert_eq!(ts, json!({"type": "timeseries", "options": {}}));
        let mut graph = json!({"type": "graph", "yaxes": []});
        panel("graph", graph.as_object_mut().unwrap());
        assert_eq!(graph, json!({"type": "graph", "yaxes": []}));
        let mut text = json!({"type": "text", "datasource": {"uid": "x"}});
        panel("text", text.as_object_mut().unwrap());
        assert_eq!(text, json!({"type": "text"}));
    }

    #[test]
    fn unregistered_standard_field_options_go_as_grafana_cleans_them() {
        let mut p = json!({"fieldConfig": {
        "defaults": {"unitScale": true, "nullValueMode": "connected", "custom": {"x": {}},
                     "unit": "s", "links": [], "decimals": 2},
        "overrides": [
            {"matcher": {"id": "byName", "options": "a"},
             "properties": [{"id": "unitScale", "value": true}]},
            {"matcher": {"id": "byName", "options": "b"},
             "properties": [{"id": "unitScale", "value": true},
                            {"id": "custom.lineWidth", "value": 2}]}
        ]}});
        field_config("stat", p.as_object_mut().unwrap());
        assert_eq!(
            p,
            json!({"fieldConfig": {
                "defaults": {"unit": "s", "links": [], "decimals": 2},
                "overrides": [{"matcher": {"id": "byName", "options": "b"},
                               "properties": [{"id": "custom.lineWidth", "value": 2}]}]}})
        );
        // A custom block with values stays whole (its registry is the plugin's own).
        let mut ts = json!({"fieldConfig": {"defaults": {"custom": {"insertNulls": 3600000}}}});
        field_config("timeseries", ts.as_object_mut().unwrap());
        assert_eq!(
            ts,
            json!({"fieldConfig": {"defaults": {"custom": {"insertNulls": 3600000}}}})
        );
        // Angular panels are not loaded through the registry.
        let mut graph = json!({"fieldConfig": {"defaults": {"unitScale": true}}});
        field_config("graph", graph.as_object_mut().unwrap());
        assert_eq!(
            graph,
            json!({"fieldConfig": {"defaults": {"unitScale": true}}})
        );
    }
}
