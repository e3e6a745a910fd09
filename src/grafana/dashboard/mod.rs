//! The classic Grafana dashboard JSON model (the "v1" API schema that file provisioning and
//! the sidecar read), with builders.
//!
//! Every struct keeps unknown fields in `extra` so nothing read from an export is lost.
//! [`Dashboard::to_json`] writes what Grafana writes when it saves a dashboard: keys sorted,
//! nulls only where Grafana keeps them (`id`, the first threshold step), two-space indentation.
//!
//! ```
//! use grafcode::grafana::dashboard::{Dashboard, Panel, Target, Thresholds, Variable};
//!
//! let dash = Dashboard::new("api-overview", "API overview")
//!     .tag("api")
//!     .refresh("30s")
//!     .variable(Variable::datasource("datasource", "prometheus"))
//!     .panel(Panel::row("Traffic"))
//!     .panel(
//!         Panel::timeseries("Requests/s")
//!             .datasource_uid("prometheus", "${datasource}")
//!             .target(Target::expr("A", "sum(rate(http_requests_total[$__rate_interval]))"))
//!             .unit("reqps")
//!             .thresholds(Thresholds::absolute("green", [(100.0, "red")])),
//!     )
//!     .auto_layout();
//! let json = String::from_utf8(dash.to_json().unwrap()).unwrap();
//! assert!(json.contains("\"gridPos\""));
//! ```

mod annotation;
mod layout;
pub mod options;
mod panel;
mod variable;

pub use annotation::{AnnotationQuery, Annotations, DashboardLink, LinkType};
pub use layout::{DEFAULT_PANEL_HEIGHT, DEFAULT_PANEL_WIDTH, GRID_COLUMNS};
pub use options::PanelOptions;
pub use panel::{
    DataSourceRef, FieldColor, FieldConfig, FieldDefaults, FieldOverride, GridPos, Matcher, Panel,
    PanelLink, Property, RepeatDirection, Target, ThresholdStep, Thresholds, ThresholdsMode,
    Transformation, ValueMapping,
};
pub use variable::{
    Templating, Variable, VariableCurrent, VariableHide, VariableKind, VariableRefresh,
};

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::grafana::enums::int_enum;

/// Free-form JSON fields kept next to the typed ones.
pub type Extra = Map<String, Value>;

/// The newest dashboard `schemaVersion` grafcode writes (Grafana ≥ 12.3).
pub const LATEST_SCHEMA_VERSION: u32 = 42;

/// The dashboard `schemaVersion` a given Grafana version writes (`"12.1.0"`, `"11.6"`, `"13"`).
///
/// Conservative: when a version's exact number is uncertain the lower one is used, because
/// Grafana migrates older dashboards on load but may misread newer ones. Unparseable input
/// gets [`LATEST_SCHEMA_VERSION`].
/// Known points: 10.4–11.4 → 39, 11.5 → 40, 11.6–12.2 → 41, 12.3+ → 42 (final v1 version).
pub fn schema_version_for(grafana_version: &str) -> u32 {
    let mut parts = grafana_version
        .trim_start_matches('v')
        .split(['.', '-', '+'])
        .map(|p| p.parse::<u32>().ok());
    let (Some(Some(major)), minor) = (parts.next(), parts.next().flatten().unwrap_or(0)) else {
        return LATEST_SCHEMA_VERSION;
    };
    match (major, minor) {
        (0..=8, _) => 36,
        (9, _) => 37,
        (10, 0..=3) => 38,
        (10, _) | (11, 0..=4) => 39,
        (11, 5) => 40,
        (11, _) | (12, 0..=2) => 41,
        _ => LATEST_SCHEMA_VERSION,
    }
}

int_enum! {
    /// How the crosshair/tooltip is shared between panels (`graphTooltip`).
    GraphTooltip {
        /// Each panel on its own (Grafana's default).
        Default => 0,
        /// Shared crosshair.
        SharedCrosshair => 1,
        /// Shared crosshair and tooltip.
        SharedTooltip => 2,
    }
}

#[allow(clippy::derivable_impls)] // the enum comes from a macro with a fixed derive list
impl Default for GraphTooltip {
    fn default() -> Self {
        GraphTooltip::Default
    }
}

/// The dashboard time range (`time`), e.g. `now-6h` to `now`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TimeRange {
    /// Start, relative (`now-6h`) or absolute.
    pub from: String,
    /// End.
    pub to: String,
    /// Unknown fields, kept.
    #[serde(flatten)]
    pub extra: Extra,
}

impl Default for TimeRange {
    fn default() -> Self {
        TimeRange {
            from: "now-6h".into(),
            to: "now".into(),
            extra: Extra::new(),
        }
    }
}

/// Time picker settings (`timepicker`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Timepicker {
    /// Hide the time picker.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hidden: Option<bool>,
    /// Refresh intervals offered (`refresh_intervals`).
    #[serde(
        default,
        rename = "refresh_intervals",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub refresh_intervals: Vec<String>,
    /// Unknown fields, kept.
    #[serde(flatten)]
    pub extra: Extra,
}

/// A dashboard in the classic JSON model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Dashboard {
    /// Database id: always `null` in files (provisioning assigns it).
    #[serde(default)]
    pub id: Option<i64>,
    /// Stable identifier, ≤ 40 characters of `[A-Za-z0-9_-]`.
    pub uid: String,
    /// Title (non-empty; unique within its folder).
    pub title: String,
    /// Description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Tags.
    #[serde(default)]
    pub tags: Vec<String>,
    /// `browser`, `utc` or an IANA zone.
    #[serde(default = "default_timezone")]
    pub timezone: String,
    /// Whether users may edit it in the UI.
    #[serde(default)]
    pub editable: bool,
    /// Shared crosshair/tooltip mode.
    #[serde(default)]
    pub graph_tooltip: GraphTooltip,
    /// Default time range.
    #[serde(default)]
    pub time: TimeRange,
    /// Time picker settings.
    #[serde(default)]
    pub timepicker: Timepicker,
    /// Auto-refresh interval; `""` is off (always a string since schema 40).
    #[serde(default, deserialize_with = "refresh_string")]
    pub refresh: String,
    /// Schema version of this JSON model (some exports write it as a string; read as a number).
    #[serde(deserialize_with = "number_or_numeric_string")]
    pub schema_version: u32,
    /// First month of the fiscal year, 0–11.
    #[serde(default)]
    pub fiscal_year_start_month: u8,
    /// Live-now mode.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub live_now: Option<bool>,
    /// First day of the week (`""`, `monday`, …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub week_start: Option<String>,
    /// Panels and rows, top to bottom.
    #[serde(default)]
    pub panels: Vec<Panel>,
    /// Template variables.
    #[serde(default)]
    pub templating: Templating,
    /// Annotation queries.
    #[serde(default)]
    pub annotations: Annotations,
    /// Links in the dashboard header.
    #[serde(default)]
    pub links: Vec<DashboardLink>,
    /// Grafana's save counter: left out of generated dashboards.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<u64>,
    /// Unknown fields, kept.
    #[serde(flatten)]
    pub extra: Extra,
}

fn default_timezone() -> String {
    "browser".into()
}

/// Old dashboards wrote `refresh: false`; schema 40 turned every non-string into `""`.
fn refresh_string<'de, D: serde::Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    Ok(match Value::deserialize(d)? {
        Value::String(s) => s,
        _ => String::new(),
    })
}

fn number_or_numeric_string<'de, D: serde::Deserializer<'de>>(d: D) -> Result<u32, D::Error> {
    use serde::de::Error;
    match Value::deserialize(d)? {
        Value::Number(n) => n
            .as_u64()
            .and_then(|n| u32::try_from(n).ok())
            .ok_or_else(|| D::Error::custom(format!("invalid schemaVersion {n}"))),
        Value::String(s) => s
            .trim()
            .parse()
            .map_err(|_| D::Error::custom(format!("invalid schemaVersion {s:?}"))),
        other => Err(D::Error::custom(format!("invalid schemaVersion {other}"))),
    }
}

impl Dashboard {
    /// A new dashboard with Grafana's defaults, the built-in annotation, not editable (it is
    /// managed as code) and the latest schema version.
    pub fn new(uid: impl Into<String>, title: impl Into<String>) -> Self {
        Dashboard {
            id: None,
            uid: uid.into(),
            title: title.into(),
            description: None,
            tags: Vec::new(),
            timezone: default_timezone(),
            editable: false,
            graph_tooltip: GraphTooltip::Default,
            time: TimeRange::default(),
            timepicker: Timepicker::default(),
            refresh: String::new(),
            schema_version: LATEST_SCHEMA_VERSION,
            fiscal_year_start_month: 0,
            live_now: None,
            week_start: None,
            panels: Vec::new(),
            templating: Templating::default(),
            annotations: Annotations {
                list: vec![AnnotationQuery::grafana_builtin()],
                extra: Extra::new(),
            },
            links: Vec::new(),
            version: None,
            extra: Extra::new(),
        }
    }

    /// Same as [`Dashboard::new`]; reads well at the head of a builder chain.
    pub fn builder(uid: impl Into<String>, title: impl Into<String>) -> Self {
        Self::new(uid, title)
    }

    /// Sets the description.
    pub fn description(mut self, text: impl Into<String>) -> Self {
        self.description = Some(text.into());
        self
    }

    /// Adds a tag.
    pub fn tag(mut self, tag: impl Into<String>) -> Self {
        self.tags.push(tag.into());
        self
    }

    /// Sets the time zone (`browser`, `utc`, IANA name).
    pub fn timezone(mut self, tz: impl Into<String>) -> Self {
        self.timezone = tz.into();
        self
    }

    /// Sets whether the dashboard is editable in the UI.
    pub fn editable(mut self, editable: bool) -> Self {
        self.editable = editable;
        self
    }

    /// Sets the shared crosshair/tooltip mode.
    pub fn graph_tooltip(mut self, mode: GraphTooltip) -> Self {
        self.graph_tooltip = mode;
        self
    }

    /// Sets the default time range.
    pub fn time(mut self, from: impl Into<String>, to: impl Into<String>) -> Self {
        self.time.from = from.into();
        self.time.to = to.into();
        self
    }

    /// Sets the auto-refresh interval (`""` for off).
    pub fn refresh(mut self, every: impl Into<String>) -> Self {
        self.refresh = every.into();
        self
    }

    /// Sets the schema version (see [`schema_version_for`]).
    pub fn schema_version(mut self, v: u32) -> Self {
        self.schema_version = v;
        self
    }

    /// Appends a panel or row. For an expanded row, its panels follow it at the top level;
    /// a collapsed row holds them itself ([`Panel::child`]).
    pub fn panel(mut self, panel: impl Into<Panel>) -> Self {
        self.panels.push(panel.into());
        self
    }

    /// Appends a template variable.
    pub fn variable(mut self, var: Variable) -> Self {
        self.templating.list.push(var);
        self
    }

    /// Appends an annotation query.
    pub fn annotation(mut self, a: AnnotationQuery) -> Self {
        self.annotations.list.push(a);
        self
    }

    /// Appends a dashboard link.
    pub fn link(mut self, link: DashboardLink) -> Self {
        self.links.push(link);
        self
    }

    /// Sets an extra top-level field not covered by the typed model.
    pub fn extra(mut self, key: impl Into<String>, value: Value) -> Self {
        self.extra.insert(key.into(), value);
        self
    }

    /// Places every panel on the 24-column grid (see [`layout`](self::layout)) and numbers
    /// panels that have no id. Deterministic: the same panels give the same positions.
    pub fn auto_layout(mut self) -> Self {
        layout::flow(&mut self.panels);
        layout::assign_ids(&mut self.panels);
        self
    }

    /// Numbers panels without an id (1, 2, … skipping ids already taken), depth-first.
    pub fn assign_panel_ids(mut self) -> Self {
        layout::assign_ids(&mut self.panels);
        self
    }

    /// Every panel, rows' children included, depth-first in document order.
    pub fn all_panels(&self) -> Vec<&Panel> {
        fn walk<'a>(ps: &'a [Panel], out: &mut Vec<&'a Panel>) {
            for p in ps {
                out.push(p);
                if let Some(children) = &p.panels {
                    walk(children, out);
                }
            }
        }
        let mut out = Vec::new();
        walk(&self.panels, &mut out);
        out
    }

    /// Canonical JSON bytes, as Grafana saves them (see [`crate::grafana::json`]).
    pub fn to_json(&self) -> Result<Vec<u8>, serde_json::Error> {
        crate::grafana::json::to_canonical_json(self)
    }
}

#[cfg(test)]
mod tests;
