//! The typed option blocks of single panel plugins (`heatmap:`, `bargauge:`, `dashlist:`, …)
//! → the plugin's `options`. A block holds exactly Grafana's option names, so it is written
//! as it stands, over the options the panel type's other keys made; keys left out are the
//! plugin's defaults, which Grafana fills on load.

use serde::Serialize;
use serde_json::{Map, Value};

use super::json::{merge_patch, put};
use crate::source::format::PanelSpec;

/// Writes the block of the panel's plugin (`plugin_id`) into `options`.
pub fn apply(spec: &PanelSpec, plugin_id: &str, options: &mut Map<String, Value>) {
    let block = match plugin_id {
        "heatmap" => to_json(&spec.heatmap),
        "gauge" => to_json(&spec.gauge),
        "bargauge" => to_json(&spec.bargauge),
        "barchart" => to_json(&spec.barchart),
        "state-timeline" | "status-history" => to_json(&spec.timeline),
        "histogram" => to_json(&spec.histogram),
        "dashlist" => to_json(&spec.dashlist),
        "alertlist" => to_json(&spec.alertlist),
        "stat" => to_json(&spec.stat),
        "table" => to_json(&spec.table),
        "logs" => to_json(&spec.logs),
        "nodeGraph" => to_json(&spec.node_graph),
        _ => None,
    };
    if matches!(plugin_id, "stat" | "gauge" | "bargauge" | "piechart") {
        reduce_extras(spec, options);
    }
    if let Some(block) = block {
        let mut target = Value::Object(std::mem::take(options));
        merge_patch(&mut target, &block);
        if let Value::Object(o) = target {
            *options = o;
        }
    }
}

/// The block key a panel plugin takes, if any.
pub fn block_key(plugin_id: &str) -> Option<&'static str> {
    Some(match plugin_id {
        "heatmap" => "heatmap",
        "gauge" => "gauge",
        "bargauge" => "bargauge",
        "barchart" => "barchart",
        "state-timeline" | "status-history" => "timeline",
        "histogram" => "histogram",
        "dashlist" => "dashlist",
        "alertlist" => "alertlist",
        "stat" => "stat",
        "table" => "table",
        "logs" => "logs",
        "nodeGraph" => "nodeGraph",
        _ => return None,
    })
}

/// `allValues`, `fields` and `limit` into `reduceOptions`, beside the `reduce` calculation.
fn reduce_extras(spec: &PanelSpec, options: &mut Map<String, Value>) {
    if spec.all_values.is_none() && spec.fields.is_none() && spec.limit.is_none() {
        return;
    }
    let reduce = options
        .entry("reduceOptions")
        .or_insert_with(|| Value::Object(Map::new()));
    if let Value::Object(r) = reduce {
        put(r, "values", spec.all_values);
        put(r, "fields", spec.fields.clone());
        put(r, "limit", spec.limit);
    }
}

fn to_json<T: Serialize>(block: &Option<T>) -> Option<Value> {
    let mut v = serde_json::to_value(block.as_ref()?).ok()?;
    integral_numbers(&mut v);
    Some(v)
}

/// Integral floats as integers (`2` rather than `2.0`), as Grafana's editors save them.
fn integral_numbers(v: &mut Value) {
    match v {
        Value::Number(n) => {
            if let Some(f) = n
                .as_f64()
                .filter(|f| n.is_f64() && f.fract() == 0.0 && f.abs() < 9.0e15)
            {
                *v = Value::from(f as i64);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(integral_numbers),
        Value::Object(m) => m.values_mut().for_each(integral_numbers),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::format::{HeatmapColor, HeatmapOptions};
    use serde_json::json;

    #[test]
    fn a_block_merges_over_the_panel_types_options() {
        let spec = PanelSpec {
            heatmap: Some(HeatmapOptions {
                cell_gap: Some(2),
                color: Some(HeatmapColor {
                    scheme: Some("Spectral".into()),
                    exponent: Some(1.0),
                    ..HeatmapColor::default()
                }),
                ..HeatmapOptions::default()
            }),
            ..PanelSpec::default()
        };
        let mut o = json!({"calculate": false, "color": {"mode": "scheme", "scheme": "Oranges"}})
            .as_object()
            .cloned()
            .unwrap_or_default();
        apply(&spec, "heatmap", &mut o);
        assert_eq!(
            Value::Object(o),
            json!({"calculate": false, "cellGap": 2,
                   "color": {"mode": "scheme", "scheme": "Spectral", "exponent": 1}})
        );
        // Another plugin's block is not read.
        let mut o = Map::new();
        apply(&spec, "bargauge", &mut o);
        assert!(o.is_empty());
    }
}
