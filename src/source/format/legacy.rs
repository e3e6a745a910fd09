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
