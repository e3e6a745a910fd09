//! Panels, rows and their parts: grid position, datasource reference, queries (targets),
//! field config (unit, thresholds, mappings, overrides), transformations, links.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};

use super::Extra;
use super::options::PanelOptions;
use crate::grafana::enums::str_enum;
use crate::grafana::json::{opt_num, serialize_opt_num};

/// Position and size on the 24-column grid (`h` in 30-px units).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct GridPos {
    /// Height.
    #[serde(default)]
    pub h: u32,
    /// Width, 1–24.
    #[serde(default)]
    pub w: u32,
    /// Column, 0–23 (Grafana reads a missing one as 0).
    #[serde(default)]
    pub x: u32,
    /// Row.
    #[serde(default)]
    pub y: u32,
}

/// A reference to a datasource: `{"type": plugin id, "uid": uid or ${variable}}`. Dashboards
/// from before Grafana 8.3 name the datasource by a bare string, kept in `legacy_name`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DataSourceRef {
    /// Plugin id (`prometheus`, `loki`, `__expr__`, `datasource` for "-- Mixed --").
    pub kind: Option<String>,
    /// UID, or a variable reference such as `${datasource}`.
    pub uid: Option<String>,
    /// The legacy bare-string form (a datasource name); when set it is what is written.
    pub legacy_name: Option<String>,
    /// Unknown fields, kept.
    pub extra: Extra,
}

impl DataSourceRef {
    /// A reference by plugin id and UID.
    pub fn new(kind: impl Into<String>, uid: impl Into<String>) -> Self {
        DataSourceRef {
            kind: Some(kind.into()),
            uid: Some(uid.into()),
            legacy_name: None,
            extra: Extra::new(),
        }
    }

    /// Grafana's "-- Mixed --" datasource (each target names its own).
    pub fn mixed() -> Self {
        Self::new("datasource", "-- Mixed --")
    }
}

#[derive(Serialize, Deserialize)]
struct DataSourceRefObject {
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    kind: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    uid: Option<String>,
    #[serde(flatten)]
    extra: Extra,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum DataSourceRefRepr {
    Name(String),
    Object(DataSourceRefObject),
}

impl Serialize for DataSourceRef {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match &self.legacy_name {
            Some(name) => s.serialize_str(name),
            None => DataSourceRefObject {
                kind: self.kind.clone(),
                uid: self.uid.clone(),
                extra: self.extra.clone(),
            }
            .serialize(s),
        }
    }
}

impl<'de> Deserialize<'de> for DataSourceRef {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(match DataSourceRefRepr::deserialize(d)? {
            DataSourceRefRepr::Name(name) => DataSourceRef {
                legacy_name: Some(name),
                ..DataSourceRef::default()
            },
            DataSourceRefRepr::Object(o) => DataSourceRef {
                kind: o.kind,
                uid: o.uid,
                legacy_name: None,
                extra: o.extra,
            },
        })
    }
}

/// One query of a panel (`targets[]`). Prometheus and Loki use `expr`; Flux, SQL and
/// Elasticsearch use `query` plus plugin fields in `extra`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Target {
    /// Query letter/id, unique within the panel.
    #[serde(default)]
    pub ref_id: String,
    /// Datasource, when it differs from the panel's (or to be explicit).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub datasource: Option<DataSourceRef>,
    /// PromQL / LogQL expression.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expr: Option<String>,
    /// Query text of other datasources (Flux, SQL, Lucene).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub query: Option<String>,
    /// Series name template (`{{job}}`, `__auto`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub legend_format: Option<String>,
    /// Query disabled.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hide: Option<bool>,
    /// Instant query.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instant: Option<bool>,
    /// Range query.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub range: Option<bool>,
    /// Result format (`time_series`, `table`, `heatmap`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub format: Option<String>,
    /// Minimum step.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interval: Option<String>,
    /// Resolution divisor (legacy; a number, though old exports hold `""`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interval_factor: Option<Value>,
    /// `code` or `builder`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub editor_mode: Option<String>,
    /// Plugin query type (Loki `range`/`instant`, …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub query_type: Option<String>,
    /// Unknown fields, kept.
    #[serde(flatten)]
    pub extra: Extra,
}

impl Target {
    /// A PromQL/LogQL query written in code mode.
    pub fn expr(ref_id: impl Into<String>, expr: impl Into<String>) -> Self {
        Target {
            ref_id: ref_id.into(),
            datasource: None,
            expr: Some(expr.into()),
            query: None,
            legend_format: None,
            hide: None,
            instant: None,
            range: None,
            format: None,
            interval: None,
            interval_factor: None,
            editor_mode: Some("code".into()),
            query_type: None,
            extra: Extra::new(),
        }
    }

    /// A query of a datasource that uses `query` (Flux, SQL, Elasticsearch Lucene).
    pub fn query(ref_id: impl Into<String>, query: impl Into<String>) -> Self {
        Target {
            expr: None,
            query: Some(query.into()),
            editor_mode: None,
            ..Target::expr(ref_id, "")
        }
    }

    /// Sets the legend format.
    pub fn legend(mut self, format: impl Into<String>) -> Self {
        self.legend_format = Some(format.into());
        self
    }

    /// Sets the datasource of this query.
    pub fn datasource(mut self, ds: DataSourceRef) -> Self {
        self.datasource = Some(ds);
        self
    }

    /// Makes it an instant query (`instant: true, range: false`).
    pub fn instant(mut self) -> Self {
        self.instant = Some(true);
        self.range = Some(false);
        self
    }

    /// Makes it a range query (`instant: false, range: true`).
    pub fn range(mut self) -> Self {
        self.instant = Some(false);
        self.range = Some(true);
        self
    }

    /// Sets the result format (`time_series`, `table`, `heatmap`).
    pub fn format(mut self, format: impl Into<String>) -> Self {
        self.format = Some(format.into());
        self
    }

    /// Sets the minimum step.
    pub fn interval(mut self, interval: impl Into<String>) -> Self {
        self.interval = Some(interval.into());
        self
    }

    /// Disables the query.
    pub fn hide(mut self, hidden: bool) -> Self {
        self.hide = Some(hidden);
        self
    }

    /// Sets a plugin field not covered by the typed model.
    pub fn extra(mut self, key: impl Into<String>, value: Value) -> Self {
        self.extra.insert(key.into(), value);
        self
    }
}

str_enum! {
    /// How threshold values are read.
    ThresholdsMode {
        /// Absolute values.
        Absolute => "absolute",
        /// Percent of the min–max range.
        Percentage => "percentage",
    }
}

/// Field thresholds: steps sorted by value, the first at `null` (-∞).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Thresholds {
    /// `absolute` or `percentage`.
    #[serde(default = "absolute")]
    pub mode: ThresholdsMode,
    /// The steps.
    #[serde(default)]
    pub steps: Vec<ThresholdStep>,
    /// Unknown fields, kept.
    #[serde(flatten)]
    pub extra: Extra,
}

fn absolute() -> ThresholdsMode {
    ThresholdsMode::Absolute
}

impl Thresholds {
    /// Absolute thresholds: `base` colour from -∞, then `(value, colour)` steps.
    pub fn absolute(
        base: impl Into<String>,
        steps: impl IntoIterator<Item = (f64, impl Into<String>)>,
    ) -> Self {
        Self::with_mode(ThresholdsMode::Absolute, base, steps)
    }

    /// Percentage thresholds.
    pub fn percentage(
        base: impl Into<String>,
        steps: impl IntoIterator<Item = (f64, impl Into<String>)>,
    ) -> Self {
        Self::with_mode(ThresholdsMode::Percentage, base, steps)
    }

    fn with_mode(
        mode: ThresholdsMode,
        base: impl Into<String>,
        steps: impl IntoIterator<Item = (f64, impl Into<String>)>,
    ) -> Self {
        let mut all = vec![ThresholdStep {
            color: base.into(),
            value: None,
            extra: Extra::new(),
        }];
        all.extend(steps.into_iter().map(|(value, color)| ThresholdStep {
            color: color.into(),
            value: Some(value),
            extra: Extra::new(),
        }));
        Thresholds {
            mode,
            steps: all,
            extra: Extra::new(),
        }
    }
}

/// One threshold step. `value: null` is written (it means -∞, as Grafana writes it).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ThresholdStep {
    /// Colour name or `#rrggbb`.
    pub color: String,
    /// Lower bound; `None` for the base step.
    #[serde(default, serialize_with = "serialize_opt_num")]
    pub value: Option<f64>,
    /// Unknown fields, kept.
    #[serde(flatten)]
    pub extra: Extra,
}

/// Field colour scheme (`color`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FieldColor {
    /// `palette-classic`, `thresholds`, `fixed`, `continuous-GrYlRd`, …
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mode: Option<String>,
    /// Colour for `fixed` mode.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fixed_color: Option<String>,
    /// `min`, `max` or `last` for continuous schemes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub series_by: Option<String>,
    /// Unknown fields, kept.
    #[serde(flatten)]
    pub extra: Extra,
}

impl FieldColor {
    /// A colour mode without further settings.
    pub fn mode(mode: impl Into<String>) -> Self {
        FieldColor {
            mode: Some(mode.into()),
            fixed_color: None,
            series_by: None,
            extra: Extra::new(),
        }
    }

    /// A fixed colour.
    pub fn fixed(color: impl Into<String>) -> Self {
        FieldColor {
            fixed_color: Some(color.into()),
            ..Self::mode("fixed")
        }
    }
}

/// A value mapping (`value`, `range`, `regex` or `special`), options kept as JSON because
/// their shape depends on the type.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ValueMapping {
    /// `"value"`, `"range"`, `"regex"`, `"special"` (pre-7.0 dashboards: the numbers 1, 2).
    #[serde(default, rename = "type")]
    pub kind: Value,
    /// Type-specific options.
    #[serde(default)]
    pub options: Value,
    /// Unknown fields, kept.
    #[serde(flatten)]
    pub extra: Extra,
}

impl ValueMapping {
    /// Maps exact values to display texts (and optional colours), in order.
    pub fn values<'a>(
        entries: impl IntoIterator<Item = (&'a str, &'a str, Option<&'a str>)>,
    ) -> Self {
        let mut options = Map::new();
        for (index, (value, text, color)) in entries.into_iter().enumerate() {
            let mut result = Map::new();
            result.insert("index".into(), Value::from(index));
            result.insert("text".into(), Value::from(text));
            if let Some(c) = color {
                result.insert("color".into(), Value::from(c));
            }
            options.insert(value.to_string(), Value::Object(result));
        }
        ValueMapping {
            kind: Value::from("value"),
            options: Value::Object(options),
            extra: Extra::new(),
        }
    }

    /// Maps a numeric range to a text (and optional colour).
    pub fn range(from: Option<f64>, to: Option<f64>, text: &str, color: Option<&str>) -> Self {
        let mut result = Map::new();
        result.insert("index".into(), Value::from(0));
        result.insert("text".into(), Value::from(text));
        if let Some(c) = color {
            result.insert("color".into(), Value::from(c));
        }
        let mut options = Map::new();
        options.insert("from".into(), opt_num(from));
        options.insert("to".into(), opt_num(to));
        options.insert("result".into(), Value::Object(result));
        ValueMapping {
            kind: Value::from("range"),
            options: Value::Object(options),
            extra: Extra::new(),
        }
    }
}

/// Per-field defaults (`fieldConfig.defaults`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FieldDefaults {
    /// Unit id (`reqps`, `percentunit`, `bytes`, `s`, …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// Axis/colour minimum.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "serialize_opt_num"
    )]
    pub min: Option<f64>,
    /// Axis/colour maximum.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "serialize_opt_num"
    )]
    pub max: Option<f64>,
    /// Decimals shown (some exports hold -1 for "auto").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decimals: Option<i32>,
    /// Display name override (may use `${__field.labels.x}`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display_name: Option<String>,
    /// Text shown when there is no value (a string; some exports hold a number).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub no_value: Option<Value>,
    /// Colour scheme.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub color: Option<FieldColor>,
    /// Thresholds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub thresholds: Option<Thresholds>,
    /// Value mappings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mappings: Option<Vec<ValueMapping>>,
    /// Data links.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub links: Option<Vec<Value>>,
    /// Panel-plugin field config (`custom`: line width, fill, stacking, …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub custom: Option<Map<String, Value>>,
    /// Unknown fields, kept.
    #[serde(flatten)]
    pub extra: Extra,
}

/// Which fields an override applies to.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Matcher {
    /// `byName`, `byRegexp`, `byType`, `byFrameRefID`, `byValue`, …
    #[serde(default)]
    pub id: String,
    /// The matcher's argument (a name, regex, refId, …).
    #[serde(default, skip_serializing_if = "Value::is_null")]
    pub options: Value,
    /// Unknown fields, kept.
    #[serde(flatten)]
    pub extra: Extra,
}

/// One overridden property (`unit`, `color`, `custom.fillOpacity`, …).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Property {
    /// Property path.
    #[serde(default)]
    pub id: String,
    /// New value.
    #[serde(default)]
    pub value: Value,
    /// Unknown fields, kept.
    #[serde(flatten)]
    pub extra: Extra,
}

/// A field override: a matcher and the properties it sets.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FieldOverride {
    /// Which fields.
    #[serde(default)]
    pub matcher: Matcher,
    /// What to set.
    #[serde(default)]
    pub properties: Vec<Property>,
    /// Unknown fields, kept.
    #[serde(flatten)]
    pub extra: Extra,
}

impl FieldOverride {
    /// An override for fields matched by `matcher_id` with `options` (`byName`, "errors").
    pub fn new(matcher_id: impl Into<String>, options: impl Into<Value>) -> Self {
        FieldOverride {
            matcher: Matcher {
                id: matcher_id.into(),
                options: options.into(),
                extra: Extra::new(),
            },
            properties: Vec::new(),
            extra: Extra::new(),
        }
    }

    /// Adds a property.
    pub fn property(mut self, id: impl Into<String>, value: impl Into<Value>) -> Self {
        self.properties.push(Property {
            id: id.into(),
            value: value.into(),
            extra: Extra::new(),
        });
        self
    }
}

/// `fieldConfig`: defaults and overrides.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct FieldConfig {
    /// Defaults for every field.
    #[serde(default)]
    pub defaults: FieldDefaults,
    /// Overrides.
    #[serde(default)]
    pub overrides: Vec<FieldOverride>,
    /// Unknown fields, kept.
    #[serde(flatten)]
    pub extra: Extra,
}

/// A data transformation (`organize`, `merge`, `reduce`, …).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Transformation {
    /// Transformation id.
    #[serde(default)]
    pub id: String,
    /// Its options.
    #[serde(default)]
    pub options: Value,
    /// Disabled.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disabled: Option<bool>,
    /// Which frames it applies to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub filter: Option<Value>,
    /// Unknown fields, kept.
    #[serde(flatten)]
    pub extra: Extra,
}

impl Transformation {
    /// A transformation with options.
    pub fn new(id: impl Into<String>, options: Value) -> Self {
        Transformation {
            id: id.into(),
            options,
            disabled: None,
            filter: None,
            extra: Extra::new(),
        }
    }
}

/// A panel link (in the panel header menu).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PanelLink {
    /// Link text.
    #[serde(default)]
    pub title: String,
    /// Target URL (may use variables).
    #[serde(default)]
    pub url: String,
    /// Open in a new tab.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_blank: Option<bool>,
    /// Unknown fields, kept.
    #[serde(flatten)]
    pub extra: Extra,
}

str_enum! {
    /// Direction in which a repeated panel is repeated.
    RepeatDirection {
        /// Side by side.
        Horizontal => "h",
        /// Stacked.
        Vertical => "v",
    }
}

/// A panel or a row (`type: row`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Panel {
    /// Panel id, unique in the dashboard ([`super::Dashboard::auto_layout`] assigns them).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<u32>,
    /// Panel plugin id (`timeseries`, `stat`, …, `row`).
    #[serde(rename = "type")]
    pub kind: String,
    /// Title.
    #[serde(default)]
    pub title: String,
    /// Description (shown as an info tooltip).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Position and size.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub grid_pos: Option<GridPos>,
    /// Datasource of the targets.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub datasource: Option<DataSourceRef>,
    /// Queries.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub targets: Option<Vec<Target>>,
    /// Field config.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field_config: Option<FieldConfig>,
    /// Panel-plugin options (see [`super::options`] for typed builders).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub options: Option<Map<String, Value>>,
    /// Transformations.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transformations: Option<Vec<Transformation>>,
    /// Panel links.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub links: Option<Vec<PanelLink>>,
    /// Variable to repeat the panel (or row) over.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub repeat: Option<String>,
    /// Repeat direction.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub repeat_direction: Option<RepeatDirection>,
    /// Maximum repeats per row (horizontal repeats).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_per_row: Option<u32>,
    /// Rows only: collapsed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub collapsed: Option<bool>,
    /// Rows only: the row's panels when collapsed (`[]` when expanded).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub panels: Option<Vec<Panel>>,
    /// Minimum query interval.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interval: Option<String>,
    /// Maximum data points (a number; some exports hold `""`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_data_points: Option<Value>,
    /// Relative time override (`1h`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time_from: Option<String>,
    /// Time shift (`1d`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time_shift: Option<String>,
    /// Transparent background.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transparent: Option<bool>,
    /// Plugin version the options were written for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plugin_version: Option<String>,
    /// Unknown fields (`libraryPanel`, `hideTimeOverride`, …), kept.
    #[serde(flatten)]
    pub extra: Extra,
}

impl Panel {
    /// A visualisation panel of plugin `kind` with empty options and field config.
    pub fn new(kind: impl Into<String>, title: impl Into<String>) -> Self {
        Panel {
            id: None,
            kind: kind.into(),
            title: title.into(),
            description: None,
            grid_pos: None,
            datasource: None,
            targets: None,
            field_config: Some(FieldConfig::default()),
            options: Some(Map::new()),
            transformations: None,
            links: None,
            repeat: None,
            repeat_direction: None,
            max_per_row: None,
            collapsed: None,
            panels: None,
            interval: None,
            max_data_points: None,
            time_from: None,
            time_shift: None,
            transparent: None,
            plugin_version: None,
            extra: Extra::new(),
        }
    }

    /// A panel whose type and options come from typed options ([`super::options`]).
    pub fn with_options<O: PanelOptions>(title: impl Into<String>, options: O) -> Self {
        Panel::new(O::PANEL_TYPE, title).options(options)
    }

    /// An expanded row; the panels after it (up to the next row) belong to it.
    pub fn row(title: impl Into<String>) -> Self {
        Panel {
            collapsed: Some(false),
            panels: Some(Vec::new()),
            field_config: None,
            options: None,
            ..Panel::new("row", title)
        }
    }

    /// A collapsed row holding `children`.
    pub fn collapsed_row(title: impl Into<String>, children: Vec<Panel>) -> Self {
        Panel {
            collapsed: Some(true),
            panels: Some(children),
            ..Panel::row(title)
        }
    }

    /// A time series panel.
    pub fn timeseries(title: impl Into<String>) -> Self {
        Panel::new("timeseries", title)
    }

    /// A stat panel.
    pub fn stat(title: impl Into<String>) -> Self {
        Panel::new("stat", title)
    }

    /// A gauge panel.
    pub fn gauge(title: impl Into<String>) -> Self {
        Panel::new("gauge", title)
    }

    /// A bar gauge panel.
    pub fn bargauge(title: impl Into<String>) -> Self {
        Panel::new("bargauge", title)
    }

    /// A table panel.
    pub fn table(title: impl Into<String>) -> Self {
        Panel::new("table", title)
    }

    /// A heatmap panel.
    pub fn heatmap(title: impl Into<String>) -> Self {
        Panel::new("heatmap", title)
    }

    /// A logs panel.
    pub fn logs(title: impl Into<String>) -> Self {
        Panel::new("logs", title)
    }

    /// A pie chart panel.
    pub fn piechart(title: impl Into<String>) -> Self {
        Panel::new("piechart", title)
    }

    /// A text panel showing markdown `content`.
    pub fn text(title: impl Into<String>, content: impl Into<String>) -> Self {
        Panel::with_options(title, super::options::TextOptions::markdown(content))
    }

    /// Whether this is a row.
    pub fn is_row(&self) -> bool {
        self.kind == "row"
    }

    /// Sets the id.
    pub fn id(mut self, id: u32) -> Self {
        self.id = Some(id);
        self
    }

    /// Sets the description.
    pub fn description(mut self, text: impl Into<String>) -> Self {
        self.description = Some(text.into());
        self
    }

    /// Sets the full grid position.
    pub fn grid_pos(mut self, x: u32, y: u32, w: u32, h: u32) -> Self {
        self.grid_pos = Some(GridPos { h, w, x, y });
        self
    }

    /// Sets width and height; [`super::Dashboard::auto_layout`] computes `x`/`y`.
    pub fn size(mut self, w: u32, h: u32) -> Self {
        let pos = self.grid_pos.get_or_insert(GridPos { h, w, x: 0, y: 0 });
        pos.w = w;
        pos.h = h;
        self
    }

    /// Sets the datasource.
    pub fn datasource(mut self, ds: DataSourceRef) -> Self {
        self.datasource = Some(ds);
        self
    }

    /// Sets the datasource by plugin id and UID (or `${variable}`).
    pub fn datasource_uid(self, kind: impl Into<String>, uid: impl Into<String>) -> Self {
        self.datasource(DataSourceRef::new(kind, uid))
    }

    /// Adds a query. Without a datasource of its own it gets the panel's (Grafana writes both).
    pub fn target(mut self, mut target: Target) -> Self {
        if target.datasource.is_none() {
            target.datasource = self.datasource.clone();
        }
        self.targets.get_or_insert_with(Vec::new).push(target);
        self
    }

    /// Replaces the panel options with typed options; the panel type follows them.
    pub fn options<O: PanelOptions>(mut self, options: O) -> Self {
        self.kind = O::PANEL_TYPE.to_string();
        self.options = Some(options.to_map());
        self
    }

    /// Sets one panel option (a top-level key of `options`) to raw JSON.
    pub fn option(mut self, key: impl Into<String>, value: Value) -> Self {
        self.options
            .get_or_insert_with(Map::new)
            .insert(key.into(), value);
        self
    }

    fn defaults_mut(&mut self) -> &mut FieldDefaults {
        &mut self
            .field_config
            .get_or_insert_with(FieldConfig::default)
            .defaults
    }

    /// Sets the unit.
    pub fn unit(mut self, unit: impl Into<String>) -> Self {
        self.defaults_mut().unit = Some(unit.into());
        self
    }

    /// Sets the minimum.
    pub fn min(mut self, min: f64) -> Self {
        self.defaults_mut().min = Some(min);
        self
    }

    /// Sets the maximum.
    pub fn max(mut self, max: f64) -> Self {
        self.defaults_mut().max = Some(max);
        self
    }

    /// Sets the decimals.
    pub fn decimals(mut self, decimals: i32) -> Self {
        self.defaults_mut().decimals = Some(decimals);
        self
    }

    /// Sets the text shown when there is no value.
    pub fn no_value(mut self, text: impl Into<String>) -> Self {
        self.defaults_mut().no_value = Some(Value::from(text.into()));
        self
    }

    /// Sets the maximum number of data points.
    pub fn max_data_points(mut self, n: u64) -> Self {
        self.max_data_points = Some(Value::from(n));
        self
    }

    /// Sets the minimum query interval.
    pub fn interval(mut self, interval: impl Into<String>) -> Self {
        self.interval = Some(interval.into());
        self
    }

    /// Sets the thresholds.
    pub fn thresholds(mut self, thresholds: Thresholds) -> Self {
        self.defaults_mut().thresholds = Some(thresholds);
        self
    }

    /// Sets the colour scheme.
    pub fn color(mut self, color: FieldColor) -> Self {
        self.defaults_mut().color = Some(color);
        self
    }

    /// Adds a value mapping.
    pub fn mapping(mut self, mapping: ValueMapping) -> Self {
        self.defaults_mut()
            .mappings
            .get_or_insert_with(Vec::new)
            .push(mapping);
        self
    }

    /// Sets one plugin field-config key (`fieldConfig.defaults.custom.<key>`).
    pub fn custom(mut self, key: impl Into<String>, value: Value) -> Self {
        self.defaults_mut()
            .custom
            .get_or_insert_with(Map::new)
            .insert(key.into(), value);
        self
    }

    /// Adds a field override.
    pub fn override_field(mut self, o: FieldOverride) -> Self {
        self.field_config
            .get_or_insert_with(FieldConfig::default)
            .overrides
            .push(o);
        self
    }

    /// Adds a transformation.
    pub fn transformation(mut self, t: Transformation) -> Self {
        self.transformations.get_or_insert_with(Vec::new).push(t);
        self
    }

    /// Adds a panel link.
    pub fn link(mut self, title: impl Into<String>, url: impl Into<String>) -> Self {
        self.links.get_or_insert_with(Vec::new).push(PanelLink {
            title: title.into(),
            url: url.into(),
            target_blank: None,
            extra: Extra::new(),
        });
        self
    }

    /// Repeats the panel for each value of `variable`.
    pub fn repeat(
        mut self,
        variable: impl Into<String>,
        direction: RepeatDirection,
        max_per_row: Option<u32>,
    ) -> Self {
        self.repeat = Some(variable.into());
        self.repeat_direction = Some(direction);
        self.max_per_row = max_per_row;
        self
    }

    /// Rows: adds a child panel (held by the row; use with [`Panel::collapsed_row`]).
    pub fn child(mut self, panel: Panel) -> Self {
        self.panels.get_or_insert_with(Vec::new).push(panel);
        self
    }

    /// Sets an extra field not covered by the typed model.
    pub fn extra(mut self, key: impl Into<String>, value: Value) -> Self {
        self.extra.insert(key.into(), value);
        self
    }
}
