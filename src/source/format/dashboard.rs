//! Dashboard files: `teams/<team>/dashboards/*.yaml`.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::StringMap;
use crate::source::de::Spanned;

/// A dashboard file: a dashboard, or an instance of a dashboard template (`use:` + `with:`).
pub type DashboardFile = DashboardSpec;

/// A dashboard.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct DashboardSpec {
    /// A dashboard template from `library/panels/` to instantiate (the other keys then only
    /// override `uid`, `title` and `tags`).
    #[serde(default, rename = "use")]
    pub use_template: Option<Spanned<String>>,
    /// Parameters of the template.
    #[serde(default, rename = "with")]
    pub with: Option<Spanned<serde_json::Value>>,
    /// Grafana UID (default: `<team>-<file stem>`); at most 40 of `[A-Za-z0-9_-]`.
    #[serde(default)]
    pub uid: Option<Spanned<String>>,
    /// Title (required unless given by a template).
    #[serde(default)]
    pub title: Option<Spanned<String>>,
    /// Description.
    #[serde(default)]
    pub description: Option<String>,
    /// Tags.
    #[serde(default)]
    pub tags: Vec<String>,
    /// Auto-refresh interval (`30s`, `1m`; default off).
    #[serde(default)]
    pub refresh: Option<String>,
    /// Default time range (default `now-6h` to `now`).
    #[serde(default)]
    pub time: Option<TimeRange>,
    /// `browser` (default), `utc` or an IANA zone.
    #[serde(default)]
    pub timezone: Option<String>,
    /// Shared crosshair (`crosshair`) or shared tooltip (`tooltip`) across panels.
    #[serde(default)]
    pub shared: Option<SharedTooltip>,
    /// Editable in the UI (default true, as in Grafana).
    #[serde(default)]
    pub editable: Option<bool>,
    /// Default datasource (logical name) of every query, variable and annotation.
    #[serde(default)]
    pub datasource: Option<Spanned<String>>,
    /// Template variables, in order.
    #[serde(default)]
    pub variables: Vec<Spanned<Variable>>,
    /// Annotation queries.
    #[serde(default)]
    pub annotations: Vec<Spanned<Annotation>>,
    /// Links in the dashboard header.
    #[serde(default)]
    pub links: Vec<Link>,
    /// Panels above the first row.
    #[serde(default)]
    pub panels: Vec<Spanned<PanelEntry>>,
    /// Rows of panels.
    #[serde(default)]
    pub rows: Vec<Spanned<Row>>,
    /// The schema version the dashboard JSON is written in (default: the one of the target
    /// Grafana version); Grafana migrates older ones when it loads them.
    #[serde(default)]
    pub schema_version: Option<u32>,
    /// Auto-refresh intervals offered by the refresh picker (default Grafana's: 5s … 1d).
    #[serde(default)]
    pub refresh_intervals: Vec<String>,
    /// Any other dashboard JSON field, merged over the generated dashboard (JSON merge patch).
    #[serde(default)]
    pub raw: Option<serde_json::Value>,
}

/// How tooltips are shared across panels (`graphTooltip`).
#[derive(Debug, Clone, Copy, Deserialize, Serialize, JsonSchema, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum SharedTooltip {
    /// Each panel on its own (0).
    Off,
    /// Shared crosshair (1).
    Crosshair,
    /// Shared crosshair and tooltip (2).
    Tooltip,
}

/// A time range.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TimeRange {
    /// Start (`now-6h`).
    pub from: String,
    /// End (`now`).
    pub to: String,
}

/// A row of panels: a collapsible header, then its panels laid out left to right.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Row {
    /// A row template to instantiate.
    #[serde(default, rename = "use")]
    pub use_template: Option<Spanned<String>>,
    /// Parameters of the template.
    #[serde(default, rename = "with")]
    pub with: Option<Spanned<serde_json::Value>>,
    /// Row title (required unless given by a template).
    #[serde(default)]
    pub title: Option<String>,
    /// Collapsed when the dashboard opens.
    #[serde(default)]
    pub collapsed: bool,
    /// Default height of its panels, in grid units (default 8).
    #[serde(default)]
    pub height: Option<u32>,
    /// Repeat the row for each value of this variable.
    #[serde(default)]
    pub repeat: Option<String>,
    /// Its panels.
    #[serde(default)]
    pub panels: Vec<Spanned<PanelEntry>>,
    /// Collapsed rows only: panels that follow the row in the dashboard's panel list without
    /// being in it; Grafana shows them under the collapsed header, outside the row.
    #[serde(default)]
    pub below: Vec<Spanned<PanelEntry>>,
    /// Any other row panel JSON field, merged over the generated row (JSON merge patch).
    #[serde(default)]
    pub raw: Option<serde_json::Value>,
}

/// A panel, or an instance of a panel template (`use:` + `with:`, optionally with layout keys).
pub type PanelEntry = PanelSpec;

/// Panel types with typed options.
#[derive(Debug, Clone, Copy, Deserialize, Serialize, JsonSchema, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum PanelType {
    /// Time series graph.
    Timeseries,
    /// Single stat.
    Stat,
    /// Gauge.
    Gauge,
    /// Bar gauge.
    Bargauge,
    /// Table.
    Table,
    /// Heatmap.
    Heatmap,
    /// Logs.
    Logs,
    /// Text (markdown / HTML).
    Text,
    /// Pie chart.
    Piechart,
    /// Bar chart.
    Barchart,
    /// State timeline.
    #[serde(rename = "state-timeline")]
    StateTimeline,
    /// Histogram.
    Histogram,
    /// Status history.
    #[serde(rename = "status-history")]
    StatusHistory,
    /// The legacy (Angular) graph panel, with its own options (see [`super::legacy`]).
    Graph,
    /// The legacy (Angular) single stat panel.
    Singlestat,
}

impl PanelType {
    /// The Grafana plugin id.
    pub fn plugin_id(self) -> &'static str {
        match self {
            PanelType::Timeseries => "timeseries",
            PanelType::Stat => "stat",
            PanelType::Gauge => "gauge",
            PanelType::Bargauge => "bargauge",
            PanelType::Table => "table",
            PanelType::Heatmap => "heatmap",
            PanelType::Logs => "logs",
            PanelType::Text => "text",
            PanelType::Piechart => "piechart",
            PanelType::Barchart => "barchart",
            PanelType::StateTimeline => "state-timeline",
            PanelType::Histogram => "histogram",
            PanelType::StatusHistory => "status-history",
            PanelType::Graph => "graph",
            PanelType::Singlestat => "singlestat",
        }
    }
}

/// A panel. Keys that do not apply to its `type` are errors.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct PanelSpec {
    /// A panel template to instantiate.
    #[serde(default, rename = "use")]
    pub use_template: Option<Spanned<String>>,
    /// Parameters of the template.
    #[serde(default, rename = "with")]
    pub with: Option<Spanned<serde_json::Value>>,
    /// Panel type (required unless given by a template).
    #[serde(default, rename = "type")]
    pub kind: Option<Spanned<PanelType>>,
    /// A panel plugin without typed options, by id (`graph`, `alertlist`, `nodeGraph`, …),
    /// instead of `type`: it takes the keys every panel has, queries, `unit`, `min`, `max`,
    /// `decimals` and `overrides`; anything else through `raw:`.
    #[serde(default)]
    pub plugin: Option<String>,
    /// Title.
    #[serde(default)]
    pub title: Option<String>,
    /// Description (the (i) tooltip).
    #[serde(default)]
    pub description: Option<String>,
    /// Width in 24ths of the dashboard (default 12).
    #[serde(default)]
    pub width: Option<Spanned<u32>>,
    /// Height in grid units (default: the row's, else 8).
    #[serde(default)]
    pub height: Option<u32>,
    /// Explicit position; skips the computed layout.
    #[serde(default)]
    pub grid_pos: Option<GridPos>,
    /// Panel id (default: sequential in layout order); kept by imports so links to
    /// `viewPanel=<id>` keep working.
    #[serde(default)]
    pub id: Option<u32>,
    /// Datasource (logical name) of its queries (default: the dashboard's).
    #[serde(default)]
    pub datasource: Option<Spanned<String>>,
    /// Show the query results of the panel with this id instead of running queries (Grafana's
    /// `-- Dashboard --` datasource); no `expr`/`queries` then.
    #[serde(default)]
    pub from_panel: Option<u32>,
    /// One query, short form (with `legend`).
    #[serde(default)]
    pub expr: Option<Spanned<String>>,
    /// Legend format of the short-form query (`{{instance}}`).
    #[serde(default)]
    pub legend: Option<Spanned<LegendOrFormat>>,
    /// Queries.
    #[serde(default)]
    pub queries: Vec<Spanned<QuerySpec>>,
    /// Unit (`s`, `bytes`, `percentunit`, `reqps`, …).
    #[serde(default)]
    pub unit: Option<String>,
    /// Minimum of the axis / gauge.
    #[serde(default)]
    pub min: Option<f64>,
    /// Maximum of the axis / gauge.
    #[serde(default)]
    pub max: Option<f64>,
    /// Decimals shown.
    #[serde(default)]
    pub decimals: Option<u32>,
    /// Threshold steps: `{base: green, 80: orange, 90: red}`.
    #[serde(default)]
    pub thresholds: Option<Spanned<StringMap>>,
    /// `absolute` (default) or `percentage`.
    #[serde(default)]
    pub thresholds_mode: Option<ThresholdsMode>,
    /// Fixed color of the series.
    #[serde(default)]
    pub color: Option<String>,
    /// Stacking of series (timeseries, barchart).
    #[serde(default)]
    pub stacking: Option<Stacking>,
    /// Fill opacity 0–100 (timeseries).
    #[serde(default)]
    pub fill: Option<u32>,
    /// Line width (timeseries).
    #[serde(default)]
    pub line_width: Option<u32>,
    /// `line`, `bars` or `points` (timeseries).
    #[serde(default)]
    pub draw_style: Option<DrawStyle>,
    /// Reduction of each series to one value (stat, gauge, bargauge, piechart):
    /// `lastNotNull`, `mean`, `max`, …
    #[serde(default)]
    pub reduce: Option<String>,
    /// `auto`, `horizontal` or `vertical` (stat, gauge, bargauge).
    #[serde(default)]
    pub orientation: Option<String>,
    /// Stat: `value`, `background`, `none`.
    #[serde(default)]
    pub color_mode: Option<String>,
    /// Stat: `area` or `none`.
    #[serde(default)]
    pub graph_mode: Option<String>,
    /// Bar gauge: `gradient`, `lcd`, `basic`.
    #[serde(default)]
    pub display_mode: Option<String>,
    /// Text: the content.
    #[serde(default)]
    pub content: Option<String>,
    /// Text: `markdown` (default) or `html`.
    #[serde(default)]
    pub mode: Option<String>,
    /// Pie chart: `pie` or `donut`.
    #[serde(default)]
    pub pie_type: Option<String>,
    /// Time series: `linear` (default), `smooth`, `stepBefore` or `stepAfter`.
    #[serde(default)]
    pub interpolation: Option<String>,
    /// Time series: fill gradient, `none` (default), `opacity`, `hue` or `scheme`.
    #[serde(default)]
    pub gradient_mode: Option<String>,
    /// Time series: `solid` (default), `dash` or `dot`.
    #[serde(default)]
    pub line_style: Option<String>,
    /// Time series: dash and gap lengths of a `dash` or `dot` line (`[10, 10]`).
    #[serde(default)]
    pub dash: Vec<f64>,
    /// Time series: connect lines across missing values (`true`, or below a gap in ms).
    #[serde(default)]
    pub span_nulls: Option<super::SpanNulls>,
    /// Time series: `auto` (default), `always` or `never`.
    #[serde(default)]
    pub show_points: Option<String>,
    /// Time series: point size in px (default 5).
    #[serde(default)]
    pub point_size: Option<f64>,
    /// Time series: bar alignment, -1 (before), 0 (center, default) or 1 (after).
    #[serde(default)]
    pub bar_alignment: Option<i32>,
    /// Time series: how thresholds are drawn, `off` (default), `line`, `area`,
    /// `line+area`, `dashed`, `dashed+area`.
    #[serde(default)]
    pub thresholds_style: Option<String>,
    /// Time series: where the series are hidden from (`legend`, `tooltip`, `viz`).
    #[serde(default)]
    pub hide_from: Vec<String>,
    /// Time series: the value axis.
    #[serde(default)]
    pub axis: Option<super::ValueAxis>,
    /// Text shown when there is no data.
    #[serde(default)]
    pub no_value: Option<String>,
    /// Display name of the fields (`${__field.labels.pod}`).
    #[serde(default)]
    pub display_name: Option<String>,
    /// Color scheme (`fieldConfig.defaults.color.mode`) other than a fixed `color`:
    /// `thresholds`, `palette-classic`, `continuous-GrYlRd`, `shades`, …
    #[serde(default)]
    pub color_scheme: Option<String>,
    /// Value mappings, in order.
    #[serde(default)]
    pub mappings: Vec<super::Mapping>,
    /// Data links of the fields (`fieldConfig.defaults.links`), in order.
    #[serde(default)]
    pub data_links: Vec<super::DataLink>,
    /// Min and max computed per field rather than over all fields (`fieldMinMax`).
    #[serde(default)]
    pub field_min_max: Option<bool>,
    /// Relative time of this panel (`1h`), overriding the dashboard's.
    #[serde(default)]
    pub time_from: Option<String>,
    /// Time shift of this panel (`1d`).
    #[serde(default)]
    pub time_shift: Option<String>,
    /// Hide the time override from the panel header.
    #[serde(default)]
    pub hide_time_override: Option<bool>,
    /// Maximum data points per series.
    #[serde(default)]
    pub max_data_points: Option<u64>,
    /// Repeated panels: at most this many side by side.
    #[serde(default)]
    pub max_per_row: Option<u32>,
    /// Pie chart: labels on the slices (`name`, `value`, `percent`).
    #[serde(default)]
    pub display_labels: Vec<String>,
    /// Stat, gauge, bar gauge: `auto` (default), `value`, `value_and_name`, `name`, `none`.
    #[serde(default)]
    pub text_mode: Option<String>,
    /// Stat: `auto` (default) or `center`.
    #[serde(default)]
    pub justify_mode: Option<String>,
    /// Stat, gauge, bar gauge: title text size in px.
    #[serde(default)]
    pub title_size: Option<u32>,
    /// Stat, gauge, bar gauge: value text size in px.
    #[serde(default)]
    pub value_size: Option<u32>,
    /// Table: cell alignment, `auto` (default), `left`, `center`, `right`.
    #[serde(default)]
    pub align: Option<String>,
    /// Table: cell type, `auto` (default), `color-text`, `color-background`, `gauge`,
    /// `json-view`, `image`, …
    #[serde(default)]
    pub cell_type: Option<String>,
    /// Table: the cell type's mode, `basic` or `gradient` (`color-background`), `basic`,
    /// `gradient` or `lcd` (`gauge`).
    #[serde(default)]
    pub cell_mode: Option<String>,
    /// Table: wrap the cell text.
    #[serde(default)]
    pub wrap_text: Option<bool>,
    /// Table: minimum column width in px.
    #[serde(default)]
    pub min_width: Option<u32>,
    /// Table: column filters.
    #[serde(default)]
    pub filterable: Option<bool>,
    /// Table: cell value inspection.
    #[serde(default)]
    pub inspect: Option<bool>,
    /// Table: show the header row (default true).
    #[serde(default)]
    pub show_header: Option<bool>,
    /// Table: `sm` (default), `md`, `lg`.
    #[serde(default)]
    pub cell_height: Option<String>,
    /// Table: which frame is shown (default 0).
    #[serde(default)]
    pub frame_index: Option<u32>,
    /// Table: initial sort, `[{displayName, desc}]`.
    #[serde(default)]
    pub sort_by: Vec<super::ColumnSort>,
    /// Table: paginate the rows.
    #[serde(default)]
    pub pagination: Option<bool>,
    /// Logs: pretty-print JSON lines.
    #[serde(default)]
    pub prettify: Option<bool>,
    /// Logs: deduplication, `none` (default), `exact`, `numbers`, `signature`.
    #[serde(default)]
    pub dedup: Option<String>,
    /// Logs: show each line's unique labels.
    #[serde(default)]
    pub show_labels: Option<bool>,
    /// Logs: show the labels common to all lines.
    #[serde(default)]
    pub show_common_labels: Option<bool>,
    /// Logs: expandable log details (default true).
    #[serde(default)]
    pub log_details: Option<bool>,
    /// Logs: show time.
    #[serde(default)]
    pub show_time: Option<bool>,
    /// Logs: wrap lines.
    #[serde(default)]
    pub wrap_lines: Option<bool>,
    /// Logs: `Descending` (default) or `Ascending`.
    #[serde(default)]
    pub sort_order: Option<String>,
    /// Repeat the panel for each value of this variable.
    #[serde(default)]
    pub repeat: Option<String>,
    /// `h` or `v`.
    #[serde(default)]
    pub repeat_direction: Option<String>,
    /// Minimum query interval (`1m`).
    #[serde(default)]
    pub interval: Option<String>,
    /// Panel links.
    #[serde(default)]
    pub links: Vec<Link>,
    /// Transparent background.
    #[serde(default)]
    pub transparent: Option<bool>,
    /// Field overrides (Grafana JSON, passed through).
    #[serde(default)]
    pub overrides: Vec<serde_json::Value>,
    /// Transformations (Grafana JSON, passed through).
    #[serde(default)]
    pub transformations: Vec<serde_json::Value>,
    // Option blocks of single panel plugins (see `super::heatmap`, `super::gauges`, …).
    /// Heatmap: its options (`calculate`, `color`, `yAxis`, …).
    #[serde(default)]
    pub heatmap: Option<super::HeatmapOptions>,
    /// Gauge: options beyond those it shares with stat.
    #[serde(default)]
    pub gauge: Option<super::GaugeOptions>,
    /// Bar gauge: options beyond those it shares with stat.
    #[serde(default)]
    pub bargauge: Option<super::BarGaugeOptions>,
    /// Bar chart: bar layout and labels.
    #[serde(default)]
    pub barchart: Option<super::BarchartOptions>,
    /// State timeline, status history: rows, cells and values.
    #[serde(default)]
    pub timeline: Option<super::TimelineOptions>,
    /// Histogram: buckets.
    #[serde(default)]
    pub histogram: Option<super::HistogramOptions>,
    /// `plugin: dashlist`: what the dashboard list shows.
    #[serde(default)]
    pub dashlist: Option<super::DashlistOptions>,
    /// `plugin: alertlist`: what the alert list shows.
    #[serde(default)]
    pub alertlist: Option<super::AlertlistOptions>,
    /// `plugin: nodeGraph`: node and edge stats, layout.
    #[serde(default)]
    pub node_graph: Option<super::NodeGraphOptions>,
    /// Stat: percent change and layout.
    #[serde(default)]
    pub stat: Option<super::StatOptions>,
    /// Table: footer, pagination, icons.
    #[serde(default)]
    pub table: Option<super::TableOptions>,
    /// Logs: scrolling, controls, details.
    #[serde(default)]
    pub logs: Option<super::LogsOptions>,
    /// Stat, gauge, bar gauge, pie chart: show every value (`reduceOptions.values`) instead
    /// of the `reduce` calculation.
    #[serde(default)]
    pub all_values: Option<bool>,
    /// Stat, gauge, bar gauge, pie chart: the fields shown (`reduceOptions.fields`): a field
    /// name or `/regex/` (default: the numeric fields).
    #[serde(default)]
    pub fields: Option<String>,
    /// Stat, gauge, bar gauge, pie chart: at most this many values with `allValues`.
    #[serde(default)]
    pub limit: Option<u32>,
    // Legacy graph panel options (`type: graph`); see `super::legacy`.
    /// Graph: label of the left Y axis.
    #[serde(default)]
    pub axis_label: Option<String>,
    /// Graph: logarithmic left Y axis of this base (2, 10, 32, 1024).
    #[serde(default)]
    pub log_base: Option<u32>,
    /// Graph: the right Y axis (default: the same as the left one).
    #[serde(default)]
    pub right_axis: Option<super::legacy::Axis>,
    /// Graph: fill gradient 0–10.
    #[serde(default)]
    pub fill_gradient: Option<u32>,
    /// Graph: point radius (when points are drawn; Grafana's default 2).
    #[serde(default)]
    pub point_radius: Option<f64>,
    /// Graph: `null` (gaps, the default), `connected` or `null as zero`.
    #[serde(default)]
    pub null_point_mode: Option<String>,
    /// Graph: staircase lines.
    #[serde(default)]
    pub stepped_line: Option<bool>,
    /// Graph: dashed lines.
    #[serde(default)]
    pub dashes: Option<bool>,
    /// Hover tooltip (graph, and the panels with a tooltip: timeseries, piechart, …).
    #[serde(default)]
    pub tooltip: Option<super::Tooltip>,
    /// Graph: per-series overrides (Grafana JSON, passed through).
    #[serde(default)]
    pub series_overrides: Vec<serde_json::Value>,
    /// Graph: series colors by series name.
    #[serde(default)]
    pub alias_colors: Option<super::StringMap>,
    /// Graph: standard field options of the series (`fieldConfig.defaults`).
    #[serde(default)]
    pub field_defaults: Option<super::legacy::FieldDefaults>,
    /// Single stat: its gauge (`gauge`; the `gauge:` key is the gauge panel's options).
    #[serde(default)]
    pub singlestat_gauge: Option<super::legacy::SinglestatGauge>,
    /// Single stat: the three colors of its bands (ok, warning, critical) where no
    /// `thresholds` map gives them.
    #[serde(default)]
    pub colors: Vec<String>,
    /// Single stat: text before the value.
    #[serde(default)]
    pub prefix: Option<String>,
    /// Single stat: text after the value.
    #[serde(default)]
    pub postfix: Option<String>,
    /// Single stat: font size of the prefix (`50%`, default).
    #[serde(default)]
    pub prefix_font_size: Option<String>,
    /// Single stat: font size of the value (`80%`, default).
    #[serde(default)]
    pub value_font_size: Option<String>,
    /// Single stat: font size of the postfix (`50%`, default).
    #[serde(default)]
    pub postfix_font_size: Option<String>,
    /// Graph: show the X (time) axis (`xaxis.show`, default true).
    #[serde(default)]
    pub show_x_axis: Option<bool>,
    /// Graph: threshold lines and regions (`thresholds`).
    #[serde(default)]
    pub graph_thresholds: Vec<super::legacy::GraphThreshold>,
    /// Graph: the Y axes whole, each member absent where Grafana's JSON leaves it out
    /// (instead of `unit`, `min`, `max`, `axisLabel`, `logBase`, `rightAxis`).
    #[serde(default)]
    pub y_axes: Vec<super::legacy::Axis>,
    /// Any other panel JSON field, merged over the generated panel (JSON merge patch).
    #[serde(default)]
    pub raw: Option<serde_json::Value>,
}

/// `legend:` on a panel: either a legend format string for the short-form query, or the
/// legend settings.
#[derive(Debug, Clone, Serialize, JsonSchema)]
#[serde(untagged)]
pub enum LegendOrFormat {
    /// The short-form query's legend format (`{{pod}}`).
    Format(String),
    /// Legend settings of the panel.
    Settings(Legend),
}

impl<'de> Deserialize<'de> for LegendOrFormat {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = LegendOrFormat;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a legend format string or legend settings")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(LegendOrFormat::Format(v.to_owned()))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                map: A,
            ) -> Result<Self::Value, A::Error> {
                // Keeps reading through the same deserializer: key errors keep their spans.
                Legend::deserialize(serde::de::value::MapAccessDeserializer::new(map))
                    .map(LegendOrFormat::Settings)
            }
        }
        d.deserialize_any(V)
    }
}

/// A grid position (24 columns wide).
#[derive(Debug, Clone, Copy, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct GridPos {
    /// Column 0–23.
    pub x: u32,
    /// Row.
    pub y: u32,
    /// Width.
    pub w: u32,
    /// Height.
    pub h: u32,
}

/// One query of a panel.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct QuerySpec {
    /// The query: PromQL, LogQL, Flux, a Lucene query, SQL, a TraceQL query, a Pyroscope
    /// label selector, … (absent for a query without text, such as a Tempo search by
    /// filters). It goes to the field the datasource reads: `expr` (Prometheus, Loki,
    /// VictoriaMetrics), `rawSql` (SQL), `labelSelector` (Pyroscope), `rawQueryText`
    /// (SQLite), `target` (Graphite), else `query`.
    #[serde(default)]
    pub expr: Option<Spanned<String>>,
    /// Legend format (`{{instance}}`).
    #[serde(default)]
    pub legend: Option<String>,
    /// Ref id (default `A`, `B`, … by position).
    #[serde(default)]
    pub ref_id: Option<String>,
    /// Datasource (logical name) overriding the panel's.
    #[serde(default)]
    pub datasource: Option<Spanned<String>>,
    /// Instant query.
    #[serde(default)]
    pub instant: Option<bool>,
    /// `time_series`, `table` or `heatmap`.
    #[serde(default)]
    pub format: Option<String>,
    /// Minimum step (`1m`).
    #[serde(default)]
    pub interval: Option<String>,
    /// Hidden from the panel (used by expressions or transformations).
    #[serde(default)]
    pub hide: Option<bool>,
    /// Prometheus: the step of older editors (seconds).
    #[serde(default)]
    pub step: Option<f64>,
    /// Prometheus: resolution 1/N (`intervalFactor`, default 1).
    #[serde(default)]
    pub interval_factor: Option<f64>,
    /// Prometheus: also query exemplars.
    #[serde(default)]
    pub exemplar: Option<bool>,
    /// The datasource's query type (Loki: `range`, `instant`, `stream`; others their own),
    /// when `instant` does not say it.
    #[serde(default)]
    pub query_type: Option<String>,
    /// Loki: most log lines returned.
    #[serde(default)]
    pub max_lines: Option<u64>,
    /// SQL datasources: the editor's keys.
    #[serde(default)]
    pub sql: Option<super::SqlQuery>,
    /// Tempo: the search options.
    #[serde(default)]
    pub tempo: Option<super::TempoQuery>,
    /// Pyroscope: the profile type and grouping.
    #[serde(default)]
    pub pyroscope: Option<super::PyroscopeQuery>,
    /// Prometheus: the metrics explorer's settings.
    #[serde(default)]
    pub explorer: Option<super::MetricsExplorer>,
    /// SQLite (`frser-sqlite-datasource`): its time columns.
    #[serde(default)]
    pub sqlite: Option<super::SqliteQuery>,
    /// Any other target JSON field, merged over the generated target.
    #[serde(default)]
    pub raw: Option<serde_json::Value>,
}

/// Legend settings.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Legend {
    /// Shown (default true).
    #[serde(default)]
    pub show: Option<bool>,
    /// `bottom` (default) or `right`.
    #[serde(default)]
    pub placement: Option<String>,
    /// `list` (default) or `table`.
    #[serde(default)]
    pub mode: Option<String>,
    /// Values shown per series: `mean`, `max`, `lastNotNull`, …
    #[serde(default)]
    pub calcs: Vec<String>,
    /// Shown as a table (the older spelling of `mode: table`, still honoured by Grafana).
    #[serde(default)]
    pub as_table: Option<bool>,
    /// Sort the series by this value (graph: `mean`, `lastNotNull`, `max`, `min`, `sum`;
    /// others: the legend column, `Mean`, `Max`, `Name`, …).
    #[serde(default)]
    pub sort_by: Option<String>,
    /// Sort descending.
    #[serde(default)]
    pub sort_desc: Option<bool>,
    /// Width of a legend on the right, in pixels.
    #[serde(default)]
    pub width: Option<u32>,
    /// Graph: hide series whose values are all null.
    #[serde(default)]
    pub hide_empty: Option<bool>,
    /// Graph: hide series whose values are all zero.
    #[serde(default)]
    pub hide_zero: Option<bool>,
    /// Pie chart: values shown per slice (`value`, `percent`).
    #[serde(default)]
    pub values: Vec<String>,
}

/// Series stacking.
#[derive(Debug, Clone, Copy, Deserialize, Serialize, JsonSchema, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Stacking {
    /// Not stacked.
    None,
    /// Stacked values.
    Normal,
    /// Stacked to 100%.
    Percent,
}

/// How threshold steps are read.
#[derive(Debug, Clone, Copy, Deserialize, Serialize, JsonSchema, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum ThresholdsMode {
    /// Values.
    Absolute,
    /// Percent of min..max.
    Percentage,
}

/// Time series draw style.
#[derive(Debug, Clone, Copy, Deserialize, Serialize, JsonSchema, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum DrawStyle {
    /// Lines.
    Line,
    /// Bars.
    Bars,
    /// Points.
    Points,
}

/// Variable types.
#[derive(Debug, Clone, Copy, Default, Deserialize, Serialize, JsonSchema, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum VariableType {
    /// Values from a datasource query (the default).
    #[default]
    Query,
    /// A fixed list.
    Custom,
    /// A datasource picker.
    Datasource,
    /// An interval picker.
    Interval,
    /// A hidden constant.
    Constant,
    /// A free text box.
    Textbox,
    /// Ad hoc filters.
    Adhoc,
}

/// A template variable.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Variable {
    /// Name (`$name` in queries).
    pub name: Spanned<String>,
    /// Type (default `query`).
    #[serde(default, rename = "type")]
    pub kind: VariableType,
    /// Label shown.
    #[serde(default)]
    pub label: Option<String>,
    /// Description.
    #[serde(default)]
    pub description: Option<String>,
    /// Hide the label (`label`) or the whole variable (`variable`).
    #[serde(default)]
    pub hide: Option<String>,
    /// Datasource (logical name) of a query or adhoc variable.
    #[serde(default)]
    pub datasource: Option<Spanned<String>>,
    /// Query (query variables: `label_values(up, job)`), plugin type (datasource variables).
    #[serde(default)]
    pub query: Option<Spanned<String>>,
    /// Regex applied to the values.
    #[serde(default)]
    pub regex: Option<String>,
    /// Refresh on `load` (default) or `time` change.
    #[serde(default)]
    pub refresh: Option<String>,
    /// Sort order (Grafana's numeric code, 0–8).
    #[serde(default)]
    pub sort: Option<u32>,
    /// Allow several values.
    #[serde(default)]
    pub multi: bool,
    /// Offer "All".
    #[serde(default)]
    pub include_all: bool,
    /// Value of "All" (`.*`).
    #[serde(default)]
    pub all_value: Option<String>,
    /// Values (custom, interval).
    #[serde(default)]
    pub values: Vec<String>,
    /// Value (constant, textbox) or default selection.
    #[serde(default)]
    pub value: Option<String>,
    /// Any other variable JSON field, merged over the generated one.
    #[serde(default)]
    pub raw: Option<serde_json::Value>,
}

/// An annotation query.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Annotation {
    /// Name.
    pub name: String,
    /// Datasource (logical name).
    #[serde(default)]
    pub datasource: Option<Spanned<String>>,
    /// Query.
    #[serde(default)]
    pub expr: Option<Spanned<String>>,
    /// Shown by default (default true).
    #[serde(default)]
    pub enabled: Option<bool>,
    /// Icon color.
    #[serde(default)]
    pub color: Option<String>,
    /// Title format (`{{job}}`).
    #[serde(default)]
    pub title: Option<String>,
    /// Text format.
    #[serde(default)]
    pub text: Option<String>,
    /// Labels turned into tags.
    #[serde(default)]
    pub tag_keys: Option<String>,
    /// Any other annotation JSON field.
    #[serde(default)]
    pub raw: Option<serde_json::Value>,
}

/// A link: to a URL, or to dashboards with tags.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Link {
    /// Title.
    pub title: String,
    /// URL (a link), or absent with `tags` (dashboards with these tags).
    #[serde(default)]
    pub url: Option<String>,
    /// Dashboard tags (a dashboards link).
    #[serde(default)]
    pub tags: Vec<String>,
    /// Show the dashboards as a dropdown.
    #[serde(default)]
    pub as_dropdown: bool,
    /// Open in a new tab.
    #[serde(default)]
    pub target_blank: bool,
    /// Carry the variables.
    #[serde(default)]
    pub include_vars: bool,
    /// Carry the time range.
    #[serde(default)]
    pub keep_time: bool,
    /// Tooltip.
    #[serde(default)]
    pub tooltip: Option<String>,
    /// Dashboard links: the icon (`external link` by default, `dashboard`, `doc`, `info`, …).
    #[serde(default)]
    pub icon: Option<String>,
}
