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
const GRAPH_KEYS: &[&str] = &[
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
}
