//! Typed `options` of the built-in panel plugins. Fields left `None` are not written, so
//! Grafana applies its own defaults; `extra` carries any option not typed here.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::Extra;

/// Options of one panel plugin.
pub trait PanelOptions: Serialize {
    /// The panel plugin id these options belong to.
    const PANEL_TYPE: &'static str;

    /// The options as the JSON object stored in `panel.options`.
    fn to_map(&self) -> Map<String, Value> {
        match serde_json::to_value(self) {
            Ok(Value::Object(map)) => map,
            // Option structs always serialise to objects; anything else has no options.
            _ => Map::new(),
        }
    }
}

/// Legend options (time series, pie chart, …).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LegendOptions {
    /// Show the legend.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub show_legend: Option<bool>,
    /// `list`, `table` or `hidden`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display_mode: Option<String>,
    /// `bottom` or `right`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub placement: Option<String>,
    /// Reducers shown in the legend (`mean`, `max`, `lastNotNull`, …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub calcs: Option<Vec<String>>,
    /// Pie chart: values shown (`value`, `percent`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub values: Option<Vec<String>>,
    /// Unknown fields, kept.
    #[serde(flatten)]
    pub extra: Extra,
}

/// Tooltip options.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TooltipOptions {
    /// `single`, `multi` or `none`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mode: Option<String>,
    /// `none`, `asc` or `desc`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sort: Option<String>,
    /// Unknown fields, kept.
    #[serde(flatten)]
    pub extra: Extra,
}

/// How a stat/gauge/bar gauge/pie chart reduces each series to one value.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ReduceOptions {
    /// Show every value instead of reducing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub values: Option<bool>,
    /// Reducers (`lastNotNull`, `mean`, `max`, …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub calcs: Option<Vec<String>>,
    /// Fields to include (`""` = numeric fields).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fields: Option<String>,
    /// Row limit when `values` is true.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
    /// Unknown fields, kept.
    #[serde(flatten)]
    pub extra: Extra,
}

impl ReduceOptions {
    /// Reduce with one calculation (`lastNotNull`, `mean`, …).
    pub fn calc(calc: impl Into<String>) -> Self {
        ReduceOptions {
            values: Some(false),
            calcs: Some(vec![calc.into()]),
            fields: Some(String::new()),
            ..Default::default()
        }
    }
}

/// `timeseries` options.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct TimeseriesOptions {
    /// Legend.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub legend: Option<LegendOptions>,
    /// Tooltip.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tooltip: Option<TooltipOptions>,
    /// Unknown fields, kept.
    #[serde(flatten)]
    pub extra: Extra,
}

impl PanelOptions for TimeseriesOptions {
    const PANEL_TYPE: &'static str = "timeseries";
}

/// `stat` options.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StatOptions {
    /// Reduction.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reduce_options: Option<ReduceOptions>,
    /// `auto`, `horizontal`, `vertical`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub orientation: Option<String>,
    /// `auto`, `value`, `value_and_name`, `name`, `none`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text_mode: Option<String>,
    /// `value`, `background`, `background_solid`, `none`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub color_mode: Option<String>,
    /// `area` or `none` (sparkline).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub graph_mode: Option<String>,
    /// `auto` or `center`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub justify_mode: Option<String>,
    /// Wide layout.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wide_layout: Option<bool>,
    /// Show percent change.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub show_percent_change: Option<bool>,
    /// Unknown fields, kept.
    #[serde(flatten)]
    pub extra: Extra,
}

impl PanelOptions for StatOptions {
    const PANEL_TYPE: &'static str = "stat";
}

/// `gauge` options.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GaugeOptions {
    /// Reduction.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reduce_options: Option<ReduceOptions>,
    /// `auto`, `horizontal`, `vertical`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub orientation: Option<String>,
    /// Show threshold labels.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub show_threshold_labels: Option<bool>,
    /// Show threshold markers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub show_threshold_markers: Option<bool>,
    /// Unknown fields, kept.
    #[serde(flatten)]
    pub extra: Extra,
}

impl PanelOptions for GaugeOptions {
    const PANEL_TYPE: &'static str = "gauge";
}

/// `bargauge` options.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BarGaugeOptions {
    /// Reduction.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reduce_options: Option<ReduceOptions>,
    /// `auto`, `horizontal`, `vertical`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub orientation: Option<String>,
    /// `basic`, `lcd`, `gradient`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display_mode: Option<String>,
    /// `color`, `text`, `hidden`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value_mode: Option<String>,
    /// Show the unfilled area.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub show_unfilled: Option<bool>,
    /// Unknown fields, kept.
    #[serde(flatten)]
    pub extra: Extra,
}

impl PanelOptions for BarGaugeOptions {
    const PANEL_TYPE: &'static str = "bargauge";
}

/// A table sort column.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TableSortBy {
    /// Column display name.
    pub display_name: String,
    /// Descending.
    #[serde(default)]
    pub desc: bool,
}

/// `table` options.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TableOptions {
    /// Show the header row.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub show_header: Option<bool>,
    /// `sm`, `md`, `lg`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cell_height: Option<String>,
    /// Initial sort.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sort_by: Option<Vec<TableSortBy>>,
    /// Footer (`{show, reducer, fields}`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub footer: Option<Value>,
    /// Unknown fields, kept.
    #[serde(flatten)]
    pub extra: Extra,
}

impl PanelOptions for TableOptions {
    const PANEL_TYPE: &'static str = "table";
}

/// `heatmap` options.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct HeatmapOptions {
    /// Compute buckets from raw series (false for pre-bucketed Prometheus histograms).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub calculate: Option<bool>,
    /// Gap between cells in px.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cell_gap: Option<u32>,
    /// Colour scheme (`{mode, scheme, steps, …}`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub color: Option<Value>,
    /// Y axis (`{axisPlacement, unit, reverse}`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub y_axis: Option<Value>,
    /// Bucket layout of the rows (`{layout: le|ge|unknown}`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rows_frame: Option<Value>,
    /// Legend (`{show}`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub legend: Option<Value>,
    /// Tooltip.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tooltip: Option<Value>,
    /// Unknown fields, kept.
    #[serde(flatten)]
    pub extra: Extra,
}

impl PanelOptions for HeatmapOptions {
    const PANEL_TYPE: &'static str = "heatmap";
}

/// `logs` options.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LogsOptions {
    /// Show timestamps.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub show_time: Option<bool>,
    /// Show unique labels.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub show_labels: Option<bool>,
    /// Show common labels.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub show_common_labels: Option<bool>,
    /// Wrap lines.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wrap_log_message: Option<bool>,
    /// Pretty-print JSON lines.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prettify_log_message: Option<bool>,
    /// Expandable log details.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enable_log_details: Option<bool>,
    /// `none`, `exact`, `numbers`, `signature`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dedup_strategy: Option<String>,
    /// `Descending` or `Ascending`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sort_order: Option<String>,
    /// Unknown fields, kept.
    #[serde(flatten)]
    pub extra: Extra,
}

impl PanelOptions for LogsOptions {
    const PANEL_TYPE: &'static str = "logs";
}

/// `text` options.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct TextOptions {
    /// `markdown`, `html` or `code`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mode: Option<String>,
    /// The text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content: Option<String>,
    /// Code mode settings (`{language, showLineNumbers, showMiniMap}`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<Value>,
    /// Unknown fields, kept.
    #[serde(flatten)]
    pub extra: Extra,
}

impl TextOptions {
    /// Markdown content.
    pub fn markdown(content: impl Into<String>) -> Self {
        TextOptions {
            mode: Some("markdown".into()),
            content: Some(content.into()),
            ..Default::default()
        }
    }
}

impl PanelOptions for TextOptions {
    const PANEL_TYPE: &'static str = "text";
}

/// `piechart` options.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PieChartOptions {
    /// Reduction.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reduce_options: Option<ReduceOptions>,
    /// `pie` or `donut`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pie_type: Option<String>,
    /// Labels on slices (`name`, `value`, `percent`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display_labels: Option<Vec<String>>,
    /// Legend.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub legend: Option<LegendOptions>,
    /// Tooltip.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tooltip: Option<TooltipOptions>,
    /// Unknown fields, kept.
    #[serde(flatten)]
    pub extra: Extra,
}

impl PanelOptions for PieChartOptions {
    const PANEL_TYPE: &'static str = "piechart";
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unset_options_are_not_written() {
        let o = StatOptions {
            color_mode: Some("background".into()),
            reduce_options: Some(ReduceOptions::calc("lastNotNull")),
            ..Default::default()
        };
        assert_eq!(
            Value::Object(o.to_map()),
            serde_json::json!({
                "colorMode": "background",
                "reduceOptions": {"calcs": ["lastNotNull"], "fields": "", "values": false}
            })
        );
        assert!(TimeseriesOptions::default().to_map().is_empty());
    }
}
