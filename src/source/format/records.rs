//! Options of Grafana's panels that show records, the table (`table:`) and logs (`logs:`),
//! beyond their flat typed keys, named as in `public/app/plugins/panel/table/panelcfg.cue`
//! (and `packages/grafana-schema/src/common/table.cue` for the footer) and
//! `public/app/plugins/panel/logs/panelcfg.cue`.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Table options.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct TableOptions {
    /// The footer (its `enablePagination` is the panel's `pagination:`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub footer: Option<TableFooter>,
    /// Paginate the rows (Grafana 12's table; older ones read `pagination:`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enable_pagination: Option<bool>,
    /// Show each column's type icon (default false).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub show_type_icons: Option<bool>,
    /// Show row numbers (default false).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub show_row_numbers: Option<bool>,
    /// Maximum row height in px.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_row_height: Option<f64>,
}

/// The table footer.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct TableFooter {
    /// Shown (default false).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub show: Option<bool>,
    /// Its calculations (`sum`, `mean`, …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reducer: Option<Vec<String>>,
    /// Count the rows instead.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub count_rows: Option<bool>,
    /// The fields calculated: a list of names, or `""` for every numeric field.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fields: Option<FooterFields>,
}

/// The footer's fields, as Grafana saves them: a list of names or a string.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(untagged)]
pub enum FooterFields {
    /// Field names.
    Names(Vec<String>),
    /// `""`: every numeric field.
    All(String),
}

/// Logs options.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct LogsOptions {
    /// Load older lines when scrolled to the end.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enable_infinite_scrolling: Option<bool>,
    /// Show the controls beside the lines.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub show_controls: Option<bool>,
    /// Show the lines' attributes (OpenTelemetry).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub show_log_attributes: Option<bool>,
    /// Log details `inline` or in a `sidebar`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub details_mode: Option<String>,
    /// `default` or `small`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub font_size: Option<String>,
    /// Highlight the lines' syntax.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub syntax_highlighting: Option<bool>,
    /// Show the level of each line.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub show_level: Option<bool>,
    /// Show the log context toggle.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub show_log_context_toggle: Option<bool>,
}
