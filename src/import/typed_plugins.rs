//! The typed option block of a single panel plugin (`heatmap:`, `bargauge:`, `dashlist:`,
//! …) from the panel's `options`: the members that differ from the plugin's defaults and
//! that the block's schema holds, each taken only when the block still parses with it. What
//! is left (an unknown key, a value of the wrong type) is for the `raw:` patch.

use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use crate::compile::plugin_options::block_key;
use crate::source::format::{
    AlertlistOptions, BarGaugeOptions, BarchartOptions, DashlistOptions, GaugeOptions,
    HeatmapOptions, HistogramOptions, TimelineOptions,
};

/// Adds the plugin's block to the panel source `s`, if it has one and it holds anything.
pub fn block(p: &Value, kind: &str, s: &mut Map<String, Value>) {
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
        _ => Map::new(),
    };
    if !fitted.is_empty() {
        s.insert(key.into(), Value::Object(fitted));
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
