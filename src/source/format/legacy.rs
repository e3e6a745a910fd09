//! Option types of the legacy (Angular) panels that keep their own JSON shape: the `graph`
//! panel's axes and tooltip. Each key left out means Grafana's default for that panel.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A Y axis of a graph panel (`yaxes[]`). Absent keys: Grafana's axis defaults.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Axis {
    /// Unit (`format`; default `short`).
    #[serde(default)]
    pub unit: Option<String>,
    /// Minimum.
    #[serde(default)]
    pub min: Option<f64>,
    /// Maximum.
    #[serde(default)]
    pub max: Option<f64>,
    /// Decimals of the tick labels.
    #[serde(default)]
    pub decimals: Option<u32>,
    /// Logarithmic of this base (default 1: linear).
    #[serde(default)]
    pub log_base: Option<u32>,
    /// Label.
    #[serde(default)]
    pub label: Option<String>,
    /// Shown (default true).
    #[serde(default)]
    pub show: Option<bool>,
}

/// Standard field options of a graph panel's series (`fieldConfig.defaults`), apart from the
/// axes: the graph draws a series on an axis in its field's unit, and its data links and
/// Grafana's migration to the time series panel read them. Absent keys: not set.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct FieldDefaults {
    /// Unit of the series' values.
    #[serde(default)]
    pub unit: Option<String>,
    /// Minimum.
    #[serde(default)]
    pub min: Option<f64>,
    /// Maximum.
    #[serde(default)]
    pub max: Option<f64>,
    /// Decimals.
    #[serde(default)]
    pub decimals: Option<u32>,
    /// Threshold steps (`{base: green, 80: red}`; `{}` for none).
    #[serde(default)]
    pub thresholds: Option<super::StringMap>,
}

/// The gauge of a single stat panel (`gauge`). Absent keys: Grafana's single stat defaults.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct SinglestatGauge {
    /// Draw the value as a gauge (default false).
    #[serde(default)]
    pub show: Option<bool>,
    /// Start of the gauge (`minValue`, default 0).
    #[serde(default)]
    pub min: Option<f64>,
    /// End of the gauge (`maxValue`, default 100).
    #[serde(default)]
    pub max: Option<f64>,
    /// Threshold markers on the gauge (default true).
    #[serde(default)]
    pub threshold_markers: Option<bool>,
    /// Threshold labels on the gauge (default false).
    #[serde(default)]
    pub threshold_labels: Option<bool>,
}

/// A threshold of a graph panel (`thresholds[]`): a line and/or a filled region above (`gt`)
/// or below (`lt`) a value. Absent keys are absent in Grafana's JSON.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct GraphThreshold {
    /// The value.
    pub value: f64,
    /// `gt` (above) or `lt` (below).
    #[serde(default)]
    pub op: Option<String>,
    /// `critical`, `warning`, `ok` or `custom` (with `fillColor`/`lineColor`).
    #[serde(default)]
    pub color_mode: Option<String>,
    /// Fill the region.
    #[serde(default)]
    pub fill: Option<bool>,
    /// Draw the line.
    #[serde(default)]
    pub line: Option<bool>,
    /// `left` or `right`.
    #[serde(default)]
    pub yaxis: Option<String>,
    /// Fill color (`custom`).
    #[serde(default)]
    pub fill_color: Option<String>,
    /// Line color (`custom`).
    #[serde(default)]
    pub line_color: Option<String>,
}
