//! Options of Grafana's single-value panels, stat (`stat:`), gauge (`gauge:`) and bar gauge
//! (`bargauge:`), beyond the typed keys they share (`reduce`, `orientation`, `textMode`, …),
//! named as in Grafana's `public/app/plugins/panel/<plugin>/panelcfg.cue`.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::VizLegend;

/// Gauge options.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct GaugeOptions {
    /// Show the threshold band around the gauge (default true).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub show_threshold_markers: Option<bool>,
    /// Show the threshold values (default false).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub show_threshold_labels: Option<bool>,
    /// `auto` (default) or `manual` (then `minVizWidth`/`minVizHeight` apply).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sizing: Option<String>,
    /// Minimum width of a gauge in px (default 75).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_viz_width: Option<u32>,
    /// Minimum height of a gauge in px (default 75).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_viz_height: Option<u32>,
}

/// Bar gauge options.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct BarGaugeOptions {
    /// Draw the unfilled part of each bar (default true).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub show_unfilled: Option<bool>,
    /// Value text color: `color` (default), `text` or `hidden`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value_mode: Option<String>,
    /// Name position: `auto` (default), `top`, `left` or `hidden`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name_placement: Option<String>,
    /// `auto` (default) or `manual` (then the sizes below apply).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sizing: Option<String>,
    /// Minimum bar width in px (default 8).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_viz_width: Option<u32>,
    /// Minimum bar height in px (default 16).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_viz_height: Option<u32>,
    /// Maximum bar height in px (default 300).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_viz_height: Option<u32>,
    /// The legend.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub legend: Option<VizLegend>,
}

/// Stat options.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct StatOptions {
    /// Show the change from the first value in percent (default false).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub show_percent_change: Option<bool>,
    /// Its color: `standard` (default; up is green), `inverted`, `same_as_value`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub percent_change_color_mode: Option<String>,
    /// Wide layout: name and value side by side when there is room (default true).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wide_layout: Option<bool>,
}
