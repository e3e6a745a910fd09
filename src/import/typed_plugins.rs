//! The typed option block of a single panel plugin (`heatmap:`, `bargauge:`, `dashlist:`,
//! …) from the panel's `options`: the members that differ from the plugin's defaults and
//! that the block's schema holds, each taken only when the block still parses with it. What
//! is left (an unknown key, a value of the wrong type) is for the `raw:` patch.

use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use crate::compile::plugin_options::block_key;
use crate::source::format::{
    AlertlistOptions, BarGaugeOptions, BarchartOptions, DashlistOptions, GaugeOptions,
    HeatmapOptions, HistogramOptions, LogsOptions, NodeGraphOptions, StatOptions, TableOptions,
    TimelineOptions,
};

/// Adds the plugin's block to the panel source `s`, if it has one and it holds anything.
pub fn block(p: &Value, kind: &str, s: &mut Map<String, Value>) {
    if matches!(kind, "stat" | "gauge" | "bargauge" | "piechart")
        && let Some(r) = p.get("options").and_then(|o| o.get("reduceOptions"))
    {
        reduce_extras(r, s);
    }
    let Some(key) = block_key(kind) else {
        return;
    };
    let Some(options) = p.get("options").filter(|o| o.is_object()) else {
        return;
    };
    let mut o = options.clone();
    super::normalize::strip_tree(&mut o, &super::normalize::option_defaults(kind));
    super::normalize::strip_tree(&mut o, &super::plugin_defaults::options(kind));
    let fitted = match key {
        "heatmap" => fit::<HeatmapOptions>(&o),
        "gauge" => fit::<GaugeOptions>(&o),
        "bargauge" => fit::<BarGaugeOptions>(&o),
        "barchart" => fit::<BarchartOptions>(&o),
        "timeline" => fit::<TimelineOptions>(&o),
        "histogram" => fit::<HistogramOptions>(&o),
        "dashlist" => fit::<DashlistOptions>(&o),
        "alertlist" => fit::<AlertlistOptions>(&o),
        "stat" => fit::<StatOptions>(&o),
        "table" => fit::<TableOptions>(&o),
        "logs" => fit::<LogsOptions>(&o),
        "nodeGraph" => fit::<NodeGraphOptions>(&o),
        _ => Map::new(),
    };
    if !fitted.is_empty() {
        s.insert(key.into(), Value::Object(fitted));
    }
}

/// `allValues`, `fields`, `limit` from `reduceOptions` where they differ from Grafana's
/// defaults (one calculation, the numeric fields, no limit).
fn reduce_extras(r: &Value, s: &mut Map<String, Value>) {
    if r.get("values") == Some(&Value::Bool(true)) {
        s.insert("allValues".into(), Value::Bool(true));
    }
    if let Some(f) = r
        .get("fields")
        .and_then(Value::as_str)
        .filter(|f| !f.is_empty())
    {
        s.insert("fields".into(), Value::from(f));
    }
    if let Some(n) = r
        .get("limit")
        .and_then(Value::as_u64)
        .filter(|n| *n <= u64::from(u32::MAX))
    {
        s.insert("limit".into(), Value::from(n));
    }
}

/// The members of `o` that `T` holds: each top-level member whole when `T` parses with it,
/// else those of its own members that parse.
fn fit<T: DeserializeOwned>(o: &Value) -> Map<String, Value> {
    let mut accepted = Map::new();
    let Some(o) = o.as_object() else {
        return accepted;
    };
    for (key, value) in o {
        if value.is_null() {
            continue;
        }
        let mut trial = accepted.clone();
        trial.insert(key.clone(), value.clone());
        if parses::<T>(&trial) {
            accepted = trial;
            continue;
        }
        let Value::Object(members) = value else {
            continue;
        };
        let mut kept = Map::new();
        for (k, v) in members {
            if v.is_null() {
                continue;
            }
            let mut candidate = kept.clone();
            candidate.insert(k.clone(), v.clone());
            let mut trial = accepted.clone();
            trial.insert(key.clone(), Value::Object(candidate.clone()));
            if parses::<T>(&trial) {
                kept = candidate;
            }
        }
        if !kept.is_empty() {
            accepted.insert(key.clone(), Value::Object(kept));
        }
    }
    accepted
}

fn parses<T: DeserializeOwned>(m: &Map<String, Value>) -> bool {
    serde_json::from_value::<T>(Value::Object(m.clone())).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn heatmap_block_leaves_out_defaults_and_what_it_cannot_hold() {
        let p = json!({"options": {
            "calculate": true, "cellGap": 1,
            "color": {"mode": "scheme", "scheme": "Spectral", "steps": 64, "exponent": 0.5, "bogus": 1},
            "yAxis": {"axisPlacement": "left", "unit": "s", "min": "0"},
            "legend": "true"
        }});
        let mut s = Map::new();
        block(&p, "heatmap", &mut s);
        assert_eq!(
            Value::Object(s),
            json!({"heatmap": {"calculate": true, "color": {"scheme": "Spectral"},
                               "yAxis": {"unit": "s", "min": "0"}}})
        );
    }

    #[test]
    fn bargauge_block_types_the_sizes_and_the_legend() {
        let p = json!({"options": {
            "displayMode": "lcd", "minVizWidth": 0, "minVizHeight": 10, "showUnfilled": false,
            "maxVizHeight": 300,
            "legend": {"calcs": [], "displayMode": "list", "placement": "bottom", "showLegend": false}
        }});
        let mut s = Map::new();
        block(&p, "bargauge", &mut s);
        assert_eq!(
            Value::Object(s),
            json!({"bargauge": {"minVizWidth": 0, "minVizHeight": 10, "showUnfilled": false,
                   "legend": {"calcs": [], "displayMode": "list", "placement": "bottom",
                              "showLegend": false}}})
        );
    }

    #[test]
    fn reduce_extras_stat_table_and_logs_blocks() {
        let p = json!({"options": {
            "reduceOptions": {"values": true, "fields": "/^Value$/", "limit": 5, "calcs": []},
            "showPercentChange": true, "percentChangeColorMode": "inverted", "wideLayout": true
        }});
        let mut s = Map::new();
        block(&p, "stat", &mut s);
        assert_eq!(
            Value::Object(s),
            json!({"allValues": true, "fields": "/^Value$/", "limit": 5,
                   "stat": {"showPercentChange": true, "percentChangeColorMode": "inverted"}})
        );
        let p = json!({"options": {"frameIndex": 0, "sortBy": [], "enablePagination": true,
            "footer": {"show": false, "reducer": ["sum"], "fields": [""]}}});
        let mut s = Map::new();
        block(&p, "table", &mut s);
        assert_eq!(
            Value::Object(s),
            json!({"table": {"enablePagination": true, "footer": {"fields": [""]}}})
        );
        let mut s = Map::new();
        block(
            &json!({"options": {"enableInfiniteScrolling": false}}),
            "logs",
            &mut s,
        );
        assert_eq!(
            Value::Object(s),
            json!({"logs": {"enableInfiniteScrolling": false}})
        );
    }

    /// Imports `options` of a `kind` panel, compiles the block back and compares both with
    /// the plugin's defaults left out.
    fn round_trip(kind: &str, options: Value) {
        let mut s = Map::new();
        block(&json!({ "options": options.clone() }), kind, &mut s);
        assert!(!s.is_empty(), "{kind}: nothing typed");
        let spec: crate::source::format::PanelSpec =
            serde_json::from_value(Value::Object(s.clone())).expect("the typed keys parse");
        let mut compiled = Map::new();
        crate::compile::plugin_options::apply(&spec, kind, &mut compiled);
        let normal = |mut o: Value| {
            super::super::normalize::strip_tree(
                &mut o,
                &super::super::normalize::option_defaults(kind),
            );
            super::super::normalize::strip_tree(
                &mut o,
                &super::super::plugin_defaults::options(kind),
            );
            super::super::normalize::canonical(&o)
        };
        assert_eq!(
            normal(Value::Object(compiled)),
            normal(options),
            "{kind}: {s:?}"
        );
    }

    #[test]
    fn every_block_compiles_back_to_its_options() {
        round_trip(
            "heatmap",
            json!({"calculate": true, "cellGap": 2, "showValue": "never",
                   "calculation": {"yBuckets": {"mode": "count", "value": "1",
                                                "scale": {"type": "log", "log": 2}}},
                   "color": {"mode": "opacity", "fill": "#73BF69", "steps": 128, "exponent": 0.5},
                   "yAxis": {"unit": "ms", "min": "0", "decimals": 2, "axisPlacement": "left"},
                   "rowsFrame": {"layout": "ge"}, "tooltip": {"show": true, "yHistogram": true},
                   "legend": {"show": false}, "cellValues": {"decimals": 5},
                   "filterValues": {"le": 1e-9}, "exemplars": {"color": "red"}}),
        );
        round_trip(
            "gauge",
            json!({"showThresholdMarkers": false, "minVizWidth": 200, "sizing": "manual"}),
        );
        round_trip(
            "bargauge",
            json!({"showUnfilled": false, "valueMode": "text", "namePlacement": "top",
                   "minVizHeight": 10, "maxVizHeight": 30,
                   "legend": {"showLegend": false, "displayMode": "list", "placement": "bottom",
                              "calcs": []}}),
        );
        round_trip(
            "barchart",
            json!({"barRadius": 0.1, "barWidth": 0.8, "groupWidth": 0.7, "showValue": "never",
                   "xTickLabelRotation": -45, "xTickLabelSpacing": 100, "fullHighlight": true}),
        );
        round_trip(
            "state-timeline",
            json!({"alignValue": "center", "mergeValues": false, "rowHeight": 0.8,
                   "showValue": "never"}),
        );
        round_trip(
            "status-history",
            json!({"colWidth": 0.7, "rowHeight": 0.98, "showValue": "always"}),
        );
        round_trip(
            "histogram",
            json!({"bucketCount": 60, "bucketSize": 50, "combine": true}),
        );
        round_trip(
            "dashlist",
            json!({"showSearch": true, "showStarred": false, "showHeadings": false,
                   "maxItems": 20, "query": "Siddhi", "tags": ["k8s"], "keepTime": true,
                   "folderUID": "abc"}),
        );
        round_trip(
            "alertlist",
            json!({"viewMode": "list", "groupMode": "default", "groupBy": [], "maxItems": 20,
                   "sortOrder": 1, "dashboardAlerts": false, "alertName": "",
                   "alertInstanceLabelFilter": "{job=~\"$job\"}",
                   "folder": {"title": "health", "uid": "aeif"},
                   "datasource": {"type": "prometheus", "uid": "datasource"},
                   "stateFilter": {"firing": true, "pending": true, "noData": false,
                                   "normal": false, "error": true, "recovering": true}}),
        );
        round_trip(
            "stat",
            json!({"reduceOptions": {"values": true, "fields": "/^(version)$/", "limit": 2,
                                     "calcs": ["lastNotNull"]},
                   "showPercentChange": true, "percentChangeColorMode": "inverted",
                   "wideLayout": false}),
        );
        round_trip(
            "table",
            json!({"enablePagination": true, "showTypeIcons": true,
                   "footer": {"show": true, "reducer": ["mean"], "fields": ["Value"],
                              "countRows": false}}),
        );
        round_trip(
            "nodeGraph",
            json!({"edges": {"mainStatUnit": "r/s"}, "layoutAlgorithm": "force",
                   "nodes": {"arcs": [{"color": "red", "field": "arc__failed"}],
                             "mainStatUnit": "r/s"}}),
        );
        round_trip(
            "logs",
            json!({"enableInfiniteScrolling": true, "showControls": true,
                   "detailsMode": "sidebar"}),
        );
    }

    #[test]
    fn plugins_without_a_block_get_none() {
        let mut s = Map::new();
        block(&json!({"options": {"x": 1}}), "news", &mut s);
        block(
            &json!({"options": {"showStarred": true}}),
            "dashlist",
            &mut s,
        );
        assert!(s.is_empty());
    }
}
