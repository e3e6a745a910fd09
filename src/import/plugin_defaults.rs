//! Grafana's option defaults of single panel plugins that have a typed option block
//! (`heatmap:`, `barchart:`, `timeline:`, `histogram:`, `dashlist:`): what an absent option
//! means, so normalisation can leave out a value equal to it on both sides and the importer
//! need not restate it. Each table cites the Grafana file it is read from.

use serde_json::{Map, Value, json};

/// The option defaults of a plugin (`{}` when it has none here).
pub fn options(kind: &str) -> Value {
    match kind {
        // public/app/plugins/panel/heatmap/panelcfg.gen.ts (`defaultOptions`) with the
        // overrides of heatmap/types.ts (color mode `scheme`, scale `exponential`, Y axis
        // `left`, rows layout `auto`) and the defaults of heatmap/module.tsx's editors.
        "heatmap" => json!({
            "calculate": false,
            "cellGap": 1,
            "cellValues": {},
            "color": {
                "mode": "scheme", "scale": "exponential", "scheme": "Oranges",
                "fill": "dark-orange", "reverse": false, "exponent": 0.5, "steps": 64
            },
            "exemplars": {"color": "rgba(255,0,255,0.7)"},
            "filterValues": {"le": 1e-9},
            "legend": {"show": true},
            "selectionMode": "x",
            "showValue": "auto",
            "tooltip": {"mode": "single", "yHistogram": false, "showColorScale": false},
            "yAxis": {"axisPlacement": "left", "reverse": false},
            "rowsFrame": {"layout": "auto"}
        }),
        // public/app/plugins/panel/barchart/panelcfg.cue
        "barchart" => json!({
            "orientation": "auto", "barRadius": 0, "xTickLabelRotation": 0,
            "xTickLabelSpacing": 0, "stacking": "none", "showValue": "auto",
            "barWidth": 0.97, "groupWidth": 0.7, "fullHighlight": false
        }),
        // public/app/plugins/panel/state-timeline/panelcfg.cue
        "state-timeline" => json!({
            "showValue": "auto", "rowHeight": 0.9, "mergeValues": true,
            "alignValue": "left", "perPage": 20
        }),
        // public/app/plugins/panel/status-history/panelcfg.cue
        "status-history" => json!({"showValue": "auto", "colWidth": 0.9}),
        // public/app/plugins/panel/histogram/panelcfg.cue
        "histogram" => json!({"bucketOffset": 0}),
        // public/app/plugins/panel/table/panelcfg.cue; `sortBy` is optional there and an
        // empty list sorts by nothing, as its absence does.
        "table" => json!({
            "frameIndex": 0, "showTypeIcons": false, "showRowNumbers": false, "sortBy": []
        }),
        // public/app/plugins/panel/dashlist/panelcfg.cue
        "dashlist" => json!({
            "keepTime": false, "includeVars": false, "showStarred": true,
            "showRecentlyViewed": false, "showSearch": false, "showHeadings": true,
            "maxItems": 10, "query": "", "tags": []
        }),
        _ => json!({}),
    }
}

/// Normalises what these plugins read of a panel: option values equal to the plugin's
/// defaults, and keys the plugin never reads.
pub fn panel(kind: &str, p: &mut Map<String, Value>) {
    // The list reads `options.tags` before the panel's own `tags` of the Angular dashlist
    // (public/app/plugins/panel/dashlist/migrations.ts): with the former set, the latter
    // is never read.
    if kind == "dashlist"
        && p.get("options")
            .and_then(|o| o.get("tags"))
            .is_some_and(|t| !t.is_null())
    {
        p.shift_remove("tags");
    }
    if let Some(o) = p.get_mut("options") {
        super::normalize::strip_tree(o, &options(kind));
    }
    if kind == "heatmap" {
        heatmap_fields(p);
    }
}

/// The heatmap disables every standard field option but links
/// (public/app/plugins/panel/heatmap/module.tsx, `disableStandardOptions`), so a color
/// never counts; its custom options default to a linear scale and nothing hidden (the same
/// file's `scaleDistribution` editor and `addHideFrom`).
fn heatmap_fields(p: &mut Map<String, Value>) {
    let Some(Value::Object(fc)) = p.get_mut("fieldConfig") else {
        return;
    };
    if let Some(Value::Object(d)) = fc.get_mut("defaults") {
        d.shift_remove("color");
        if let Some(c) = d.get_mut("custom") {
            super::normalize::strip_tree(
                c,
                &json!({
                    "scaleDistribution": {"type": "linear"},
                    "hideFrom": {"legend": false, "tooltip": false, "viz": false}
                }),
            );
        }
        if d.get("custom") == Some(&json!({})) {
            d.shift_remove("custom");
        }
    }
    if fc.get("defaults") == Some(&json!({})) {
        fc.shift_remove("defaults");
    }
    if p.get("fieldConfig") == Some(&json!({})) {
        p.shift_remove("fieldConfig");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heatmap_defaults_and_unread_field_options_go() {
        let mut p = json!({
            "type": "heatmap",
            "options": {"calculate": false, "cellGap": 2,
                        "color": {"mode": "scheme", "scheme": "Spectral", "steps": 64},
                        "exemplars": {"color": "rgba(255,0,255,0.7)"}},
            "fieldConfig": {"defaults": {"color": {"mode": "palette-classic"}, "custom": {
                "scaleDistribution": {"type": "linear"},
                "hideFrom": {"legend": false, "tooltip": false, "viz": false}}}}
        });
        panel("heatmap", p.as_object_mut().unwrap());
        assert_eq!(
            p,
            json!({"type": "heatmap",
                   "options": {"cellGap": 2, "color": {"scheme": "Spectral"}}})
        );
    }

    #[test]
    fn dashlist_panel_tags_go_when_the_options_say_them() {
        let mut p = json!({"tags": ["a"], "options": {"tags": [], "showSearch": true}});
        panel("dashlist", p.as_object_mut().unwrap());
        assert_eq!(p, json!({"options": {"showSearch": true}}));
        let mut p = json!({"tags": [], "options": {"tags": [], "showSearch": false}});
        panel("dashlist", p.as_object_mut().unwrap());
        assert_eq!(p, json!({"options": {}}));
        // Without `options.tags`, the panel's own tags are read.
        let mut p = json!({"tags": ["a"], "options": {"showSearch": true}});
        panel("dashlist", p.as_object_mut().unwrap());
        assert_eq!(p, json!({"tags": ["a"], "options": {"showSearch": true}}));
    }
}
