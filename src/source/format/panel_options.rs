//! Typed option blocks of panels that several panel types share (`tooltip:`), kept apart
//! from the panel keys themselves.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Tooltip settings: `options.tooltip` of timeseries, barchart, state-timeline, histogram,
/// piechart; the `tooltip` of the legacy graph panel (`mode`, `sort`, `valueType`).
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Tooltip {
    /// `single` (default; the graph's default is `multi`), `multi` (all series) or `none`
    /// (hidden).
    #[serde(default)]
    pub mode: Option<String>,
    /// Order of the series in a `multi` tooltip: `none` (default), `asc` or `desc`.
    #[serde(default)]
    pub sort: Option<String>,
    /// Leave out series whose value is zero (timeseries).
    #[serde(default)]
    pub hide_zeros: Option<bool>,
    /// Maximum height in px.
    #[serde(default)]
    pub max_height: Option<u32>,
    /// Maximum width in px.
    #[serde(default)]
    pub max_width: Option<u32>,
    /// Graph, stacked series: `individual` (default) or `cumulative` values.
    #[serde(default)]
    pub value_type: Option<String>,
}

/// The value axis of a time series (`fieldConfig.defaults.custom.axis*`).
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct ValueAxis {
    /// `auto` (default), `left`, `right` or `hidden`.
    #[serde(default)]
    pub placement: Option<String>,
    /// Axis label.
    #[serde(default)]
    pub label: Option<String>,
    /// Soft minimum: the axis starts here unless values go lower.
    #[serde(default)]
    pub soft_min: Option<f64>,
    /// Soft maximum.
    #[serde(default)]
    pub soft_max: Option<f64>,
    /// Scale: `linear` (default), `log2`, `log10`, `symlog2`, `symlog10`.
    #[serde(default)]
    pub scale: Option<String>,
    /// Center the axis on zero.
    #[serde(default)]
    pub centered_zero: Option<bool>,
    /// `text` (default) or `series` (the series color).
    #[serde(default)]
    pub color_mode: Option<String>,
    /// Show the axis border.
    #[serde(default)]
    pub border_show: Option<bool>,
    /// Show grid lines (default true).
    #[serde(default)]
    pub grid_show: Option<bool>,
    /// Width in px.
    #[serde(default)]
    pub width: Option<f64>,
}

/// `spanNulls:` connect across missing values always (`true`), never (`false`, the
/// default), or across gaps shorter than this many milliseconds.
#[derive(Debug, Clone, Copy, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(untagged)]
pub enum SpanNulls {
    /// Always or never.
    Always(bool),
    /// Gaps up to this many milliseconds.
    Below(f64),
}

/// One value mapping (`fieldConfig.defaults.mappings`), in the order Grafana applies them:
/// exactly one of `value`, `from`/`to`, `regex` or `special` says what it matches; `text`
/// and `color` what is shown.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Mapping {
    /// A value (compared as text).
    #[serde(default)]
    pub value: Option<String>,
    /// Start of a range (inclusive).
    #[serde(default)]
    pub from: Option<f64>,
    /// End of a range (inclusive).
    #[serde(default)]
    pub to: Option<f64>,
    /// A regular expression.
    #[serde(default)]
    pub regex: Option<String>,
    /// `null`, `nan`, `null+nan`, `true`, `false` or `empty`.
    #[serde(default)]
    pub special: Option<String>,
    /// Text shown instead of the value.
    #[serde(default)]
    pub text: Option<String>,
    /// Color shown.
    #[serde(default)]
    pub color: Option<String>,
}

/// A table's initial sort column.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct ColumnSort {
    /// The column's display name.
    pub display_name: String,
    /// Descending.
    #[serde(default)]
    pub desc: bool,
}

/// A data link of the fields (`fieldConfig.defaults.links`): shown on a value, its URL may
/// use `${__field.labels.x}`, `${__value.text}`, `${__data.fields.X}`, `${__url_time_range}`.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct DataLink {
    /// Title shown in the link menu.
    pub title: String,
    /// URL.
    pub url: String,
    /// Open in a new tab (`true`), or the same one (`false`; Grafana's default when absent).
    #[serde(default)]
    pub target_blank: Option<bool>,
}

/// A number, or the text an editor's text box saved in its place (`"0"`).
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(untagged)]
pub enum NumberOrText {
    /// A number.
    Number(f64),
    /// Text.
    Text(String),
}

/// A scale as Grafana saves it (`ScaleDistributionConfig`): `{type: log, log: 2}`.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct ScaleSpec {
    /// `linear`, `log`, `ordinal` or `symlog`.
    #[serde(rename = "type")]
    pub kind: String,
    /// Base of a `log` or `symlog` scale (2 or 10).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub log: Option<u32>,
    /// Range around zero that a `symlog` scale keeps linear.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub linear_threshold: Option<f64>,
}

/// A legend as Grafana's panels save it (`VizLegendOptions`), for panels whose legend has no
/// typed `legend:` key of its own (bar gauge, status history).
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct VizLegend {
    /// Shown.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub show_legend: Option<bool>,
    /// `list`, `table` or `hidden`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display_mode: Option<String>,
    /// `bottom` or `right`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub placement: Option<String>,
    /// Values shown per series.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub calcs: Option<Vec<String>>,
    /// Width of a legend on the right, in px.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub width: Option<f64>,
    /// Sort by this column.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sort_by: Option<String>,
    /// Sort descending.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sort_desc: Option<bool>,
}
