//! Options of Grafana's bar chart (`barchart:`), state timeline and status history
//! (`timeline:`) and histogram (`histogram:`) panels beyond their typed legend and tooltip,
//! named as in `public/app/plugins/panel/<plugin>/panelcfg.cue`.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Bar chart options.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct BarchartOptions {
    /// Field used as the X axis (default: the first string or time field).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub x_field: Option<String>,
    /// Fraction of the space a group of bars takes (default 0.7).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group_width: Option<f64>,
    /// Fraction of the group a bar takes (default 0.97).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bar_width: Option<f64>,
    /// Corner radius, 0–0.5 (default 0).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bar_radius: Option<f64>,
    /// Values on the bars: `auto` (default), `always`, `never`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub show_value: Option<String>,
    /// Stacking: `none` (default), `normal`, `percent`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stacking: Option<String>,
    /// Rotation of the X tick labels in degrees (default 0).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub x_tick_label_rotation: Option<f64>,
    /// Minimum spacing of the X tick labels (default 0).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub x_tick_label_spacing: Option<f64>,
    /// Maximum length of the X tick labels.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub x_tick_label_max_length: Option<f64>,
    /// Highlight the whole group area on hover (default false).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub full_highlight: Option<bool>,
    /// Field whose values color the bars.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub color_by_field: Option<String>,
}

/// State timeline and status history options.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct TimelineOptions {
    /// Values in the cells: `auto` (default), `always`, `never`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub show_value: Option<String>,
    /// Fraction of the row height a row takes (default 0.9).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub row_height: Option<f64>,
    /// Status history: fraction of the column width a cell takes (default 0.9).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub col_width: Option<f64>,
    /// State timeline: merge equal consecutive values (default true).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub merge_values: Option<bool>,
    /// State timeline: value alignment, `left` (default), `center`, `right`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub align_value: Option<String>,
    /// Rows per page (pagination off when absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub per_page: Option<u32>,
}

/// Histogram options.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct HistogramOptions {
    /// Number of buckets (default 30).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bucket_count: Option<u32>,
    /// Size of a bucket (default: from `bucketCount`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bucket_size: Option<f64>,
    /// Offset of the first bucket (default 0).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bucket_offset: Option<f64>,
    /// Combine every series into one histogram (default false).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub combine: Option<bool>,
}

/// Node graph options (`plugin: nodeGraph`), as in
/// `public/app/plugins/panel/nodeGraph/panelcfg.cue`.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct NodeGraphOptions {
    /// The nodes' stats and arcs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nodes: Option<NodeOptions>,
    /// The edges' stats.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub edges: Option<EdgeOptions>,
    /// `layered`, `force` or `grid`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub layout_algorithm: Option<String>,
    /// `cooperative` (zoom with ctrl) or `greedy`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub zoom_mode: Option<String>,
}

/// Node settings of a node graph.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct NodeOptions {
    /// Unit of the main stat.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub main_stat_unit: Option<String>,
    /// Unit of the secondary stat.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secondary_stat_unit: Option<String>,
    /// Arc sections around a node: a field and its color.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub arcs: Option<Vec<NodeArc>>,
}

/// One arc section of a node.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct NodeArc {
    /// Field with the section's share (0–1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// Its color.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub color: Option<String>,
}

/// Edge settings of a node graph.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct EdgeOptions {
    /// Unit of the main stat.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub main_stat_unit: Option<String>,
    /// Unit of the secondary stat.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secondary_stat_unit: Option<String>,
}
