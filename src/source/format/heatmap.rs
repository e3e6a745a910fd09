//! The options of Grafana's heatmap panel (`type: heatmap`, `heatmap:`), key for key as
//! Grafana's `public/app/plugins/panel/heatmap/panelcfg.cue` names them. Every key left out
//! is the plugin's default (see `import::plugin_defaults`).

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{NumberOrText, ScaleSpec};

/// `options` of a heatmap panel.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct HeatmapOptions {
    /// Calculate the buckets from the data (default false: the data are buckets).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub calculate: Option<bool>,
    /// How buckets are calculated when `calculate` is on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub calculation: Option<HeatmapCalculation>,
    /// Gap between cells in px (default 1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cell_gap: Option<u32>,
    /// Corner radius of the cells.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cell_radius: Option<f64>,
    /// Unit and decimals of the cell values.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cell_values: Option<HeatmapCellValues>,
    /// Cell colors.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub color: Option<HeatmapColor>,
    /// Exemplar markers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exemplars: Option<HeatmapExemplars>,
    /// Hide cells whose value is in this range (default: at most 1e-9).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub filter_values: Option<HeatmapFilter>,
    /// The color legend.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub legend: Option<HeatmapLegend>,
    /// Reading buckets from the data (`calculate` off).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rows_frame: Option<HeatmapRowsFrame>,
    /// Which axis a drag selects: `x` (default), `y`, `xy`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub selection_mode: Option<String>,
    /// Values in the cells: `auto` (default), `always`, `never`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub show_value: Option<String>,
    /// The hover tooltip.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tooltip: Option<HeatmapTooltip>,
    /// The Y axis.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub y_axis: Option<HeatmapYAxis>,
}

/// `calculation`: the X and Y buckets.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct HeatmapCalculation {
    /// Buckets along time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub x_buckets: Option<HeatmapBuckets>,
    /// Buckets along values.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub y_buckets: Option<HeatmapBuckets>,
}

/// One axis's buckets.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct HeatmapBuckets {
    /// `size` (bucket size) or `count` (number of buckets).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mode: Option<String>,
    /// The size or count, as typed in the editor (`1m`, `10`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    /// The scale of the buckets.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scale: Option<ScaleSpec>,
}

/// `cellValues`.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct HeatmapCellValues {
    /// Unit of the values.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// Decimals shown.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decimals: Option<f64>,
}

/// `color`: a color scheme (`mode: scheme`, the default) or one color's opacity.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct HeatmapColor {
    /// `scheme` (default) or `opacity`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mode: Option<String>,
    /// The scheme (default `Oranges`): `Spectral`, `RdYlGn`, `Blues`, …
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scheme: Option<String>,
    /// The color of `opacity` mode (default `dark-orange`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fill: Option<String>,
    /// Opacity scale: `exponential` (default) or `linear`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scale: Option<String>,
    /// Exponent of the exponential scale (default 0.5).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exponent: Option<f64>,
    /// Number of color steps (default 64).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub steps: Option<u32>,
    /// Reverse the scheme (default false).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reverse: Option<bool>,
    /// Value at the start of the scale (default: the data's minimum).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<f64>,
    /// Value at the end of the scale (default: the data's maximum).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<f64>,
}

/// `exemplars`.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct HeatmapExemplars {
    /// Marker color (default `rgba(255,0,255,0.7)`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub color: Option<String>,
}

/// `filterValues`: cells hidden.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct HeatmapFilter {
    /// Hide values at most this.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub le: Option<f64>,
    /// Hide values at least this.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ge: Option<f64>,
}

/// `legend` of a heatmap: the color scale.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct HeatmapLegend {
    /// Shown (default true).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub show: Option<bool>,
    /// `bottom` or `right`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub placement: Option<String>,
}

/// `rowsFrame`: buckets read from the data.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct HeatmapRowsFrame {
    /// Tick alignment: `auto` (default), `le`, `ge`, `unknown`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub layout: Option<String>,
    /// Name of the cell value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
}

/// `tooltip` of a heatmap.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct HeatmapTooltip {
    /// `single` (default) or `none` (Grafana 10.3 on).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mode: Option<String>,
    /// Shown (before Grafana 10.3; default true).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub show: Option<bool>,
    /// A histogram of the Y buckets in the tooltip (default false).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub y_histogram: Option<bool>,
    /// The color scale in the tooltip (default false).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub show_color_scale: Option<bool>,
    /// Maximum height in px.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_height: Option<f64>,
    /// Maximum width in px.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_width: Option<f64>,
}

/// `yAxis` of a heatmap.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct HeatmapYAxis {
    /// `left` (default), `right` or `hidden`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub axis_placement: Option<String>,
    /// Axis label.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub axis_label: Option<String>,
    /// Axis width in px.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub axis_width: Option<f64>,
    /// Unit of the bucket values.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// Decimals shown.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decimals: Option<f64>,
    /// Minimum (the editor saves a number or, from a text box, text).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<NumberOrText>,
    /// Maximum (as `min`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<NumberOrText>,
    /// Reverse the axis (default false).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reverse: Option<bool>,
}
