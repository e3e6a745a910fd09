//! The legacy (Angular) `graph` panel: typed source keys → Grafana's graph panel JSON, with
//! every option the graph plugin's own defaults would fill written out, so the output reads
//! the same in any Grafana that still draws (or auto-migrates) graph panels.

use serde_json::{Map, Value, json};

use super::json::put;
use crate::source::format::{Axis, DrawStyle, FieldDefaults, LegendOrFormat, PanelSpec, Stacking};

/// Source keys a `graph` panel takes besides those every panel has.
pub const GRAPH_KEYS: &[&str] = &[
    "datasource",
    "fromPanel",
    "expr",
    "queries",
    "unit",
    "min",
    "max",
    "decimals",
    "overrides",
    "legend",
    "stacking",
    "fill",
    "lineWidth",
    "drawStyle",
    "axisLabel",
    "logBase",
    "rightAxis",
    "fillGradient",
    "pointRadius",
    "nullPointMode",
    "steppedLine",
    "dashes",
    "tooltip",
    "seriesOverrides",
    "aliasColors",
    "fieldDefaults",
    "yAxes",
    "graphThresholds",
    "showXAxis",
];

/// Legend value names of the graph panel and the reducer each means elsewhere.
pub const LEGEND_VALUES: &[(&str, &str)] = &[
    ("avg", "mean"),
    ("current", "lastNotNull"),
    ("max", "max"),
    ("min", "min"),
    ("total", "sum"),
];

/// Adds the graph panel's options to `m` (a panel with its common keys already set).
pub fn graph_options(spec: &PanelSpec, m: &mut Map<String, Value>) {
    let left = Axis {
        unit: spec.unit.clone(),
        min: spec.min,
        max: spec.max,
        decimals: None,
        log_base: spec.log_base,
        label: spec.axis_label.clone(),
        show: None,
    };
    let right = spec.right_axis.clone().unwrap_or_else(|| left.clone());
    m.insert("renderer".into(), "flot".into());
    let yaxes = if spec.y_axes.is_empty() {
        json!([axis_json(&left), axis_json(&right)])
    } else {
        spec.y_axes.iter().map(bare_axis_json).collect()
    };
    m.insert("yaxes".into(), yaxes);
    m.insert(
        "xaxis".into(),
        json!({"show": spec.show_x_axis.unwrap_or(true), "mode": "time", "values": []}),
    );
    m.insert("yaxis".into(), json!({"align": false}));
    let (lines, bars, points) = match spec.draw_style {
        Some(DrawStyle::Bars) => (false, true, false),
        Some(DrawStyle::Points) => (false, false, true),
        _ => (true, false, false),
    };
    m.insert("lines".into(), lines.into());
    m.insert("fill".into(), spec.fill.unwrap_or(1).into());
    m.insert(
        "fillGradient".into(),
        spec.fill_gradient.unwrap_or(0).into(),
    );
    m.insert("linewidth".into(), spec.line_width.unwrap_or(1).into());
    m.insert("dashes".into(), spec.dashes.unwrap_or(false).into());
    m.insert("hiddenSeries".into(), false.into());
    m.insert("dashLength".into(), 10.into());
    m.insert("spaceLength".into(), 10.into());
    m.insert("points".into(), points.into());
    m.insert(
        "pointradius".into(),
        number(spec.point_radius.unwrap_or(2.0)),
    );
    m.insert("bars".into(), bars.into());
    let (stack, percentage) = match spec.stacking {
        Some(Stacking::Normal) => (true, false),
        Some(Stacking::Percent) => (true, true),
        _ => (false, false),
    };
    m.insert("stack".into(), stack.into());
    m.insert("percentage".into(), percentage.into());
    m.insert("legend".into(), legend_json(spec));
    m.insert(
        "nullPointMode".into(),
        spec.null_point_mode
            .clone()
            .unwrap_or_else(|| "null".into())
            .into(),
    );
    m.insert(
        "steppedLine".into(),
        spec.stepped_line.unwrap_or(false).into(),
    );
    m.insert("tooltip".into(), tooltip_json(spec));
    put(m, "decimals", spec.decimals);
    m.insert(
        "aliasColors".into(),
        spec.alias_colors.as_ref().map_or(json!({}), |c| json!(c)),
    );
    m.insert(
        "seriesOverrides".into(),
        spec.series_overrides.clone().into(),
    );
    let thresholds: Vec<Value> = spec.graph_thresholds.iter().map(threshold_json).collect();
    m.insert("thresholds".into(), thresholds.into());
    m.insert("timeRegions".into(), json!([]));
    m.insert("options".into(), json!({"alertThreshold": true}));
    let defaults = spec
        .field_defaults
        .as_ref()
        .map_or_else(Map::new, field_defaults_json);
    m.insert(
        "fieldConfig".into(),
        json!({"defaults": defaults, "overrides": spec.overrides}),
    );
}

/// `fieldConfig.defaults` of a graph panel: the keys given, thresholds as absolute steps
/// (the base first, then ascending values).
fn field_defaults_json(f: &FieldDefaults) -> Map<String, Value> {
    let mut d = Map::new();
    put(&mut d, "unit", f.unit.clone());
    put(&mut d, "min", f.min.map(number));
    put(&mut d, "max", f.max.map(number));
    put(&mut d, "decimals", f.decimals);
    if let Some(t) = &f.thresholds {
        let mut steps: Vec<(f64, &String)> = t
            .iter()
            .filter_map(|(k, c)| k.parse::<f64>().ok().map(|v| (v, c)))
            .collect();
        steps.sort_by(|a, b| a.0.total_cmp(&b.0));
        let mut list: Vec<Value> = Vec::new();
        if let Some(base) = t.get("base") {
            list.push(json!({"color": base, "value": null}));
        }
        list.extend(
            steps
                .iter()
                .map(|(v, c)| json!({"color": c, "value": number(*v)})),
        );
        d.insert(
            "thresholds".into(),
            json!({"mode": "absolute", "steps": list}),
        );
    }
    d
}

/// An integral float as an integer (`2`, not `2.0`).
fn number(f: f64) -> Value {
    if f.fract() == 0.0 && f.abs() < 1e15 {
        json!(f as i64)
    } else {
        json!(f)
    }
}

fn axis_json(a: &Axis) -> Value {
    let mut m = Map::new();
    m.insert(
        "format".into(),
        a.unit.clone().unwrap_or_else(|| "short".into()).into(),
    );
    put(&mut m, "label", a.label.clone());
    m.insert("logBase".into(), a.log_base.unwrap_or(1).into());
    put(&mut m, "min", a.min.map(number));
    put(&mut m, "max", a.max.map(number));
    put(&mut m, "decimals", a.decimals);
    m.insert("show".into(), a.show.unwrap_or(true).into());
    Value::Object(m)
}

/// A graph threshold: the members given.
fn threshold_json(t: &crate::source::format::GraphThreshold) -> Value {
    let mut m = Map::new();
    m.insert("value".into(), number(t.value));
    put(&mut m, "op", t.op.clone());
    put(&mut m, "colorMode", t.color_mode.clone());
    put(&mut m, "fill", t.fill);
    put(&mut m, "line", t.line);
    put(&mut m, "yaxis", t.yaxis.clone());
    put(&mut m, "fillColor", t.fill_color.clone());
    put(&mut m, "lineColor", t.line_color.clone());
    Value::Object(m)
}

/// An axis of `yAxes`: only the members given.
fn bare_axis_json(a: &Axis) -> Value {
    let mut m = Map::new();
    put(&mut m, "format", a.unit.clone());
    put(&mut m, "label", a.label.clone());
    put(&mut m, "logBase", a.log_base);
    put(&mut m, "min", a.min.map(number));
    put(&mut m, "max", a.max.map(number));
    put(&mut m, "decimals", a.decimals);
    put(&mut m, "show", a.show);
    Value::Object(m)
}

/// Keys of a legacy panel that cannot go together: `(key, why)` for the first such key.
pub fn conflicting_key(spec: &PanelSpec) -> Option<(&'static str, &'static str)> {
    if let Some(key) = axis_key_beside_y_axes(spec) {
        return Some((key, "cannot go with `yAxes`, which gives the axes whole"));
    }
    if !spec.colors.is_empty() && spec.thresholds.is_some() {
        return Some((
            "colors",
            "cannot go with `thresholds`, which gives the colors",
        ));
    }
    if spec.colors.len() > 3 {
        return Some((
            "colors",
            "holds at most three colors (ok, warning, critical)",
        ));
    }
    let value_only = |e: &crate::source::format::Mapping| {
        e.value.is_some()
            && e.text.is_some()
            && e.from.is_none()
            && e.to.is_none()
            && e.regex.is_none()
            && e.special.is_none()
            && e.color.is_none()
    };
    if spec.mappings.iter().any(|e| !value_only(e)) {
        return Some((
            "mappings",
            "of a singlestat map a value to a text: `{value, text}` only",
        ));
    }
    None
}

/// The first axis key set beside `yAxes` (which gives the axes whole), if any.
fn axis_key_beside_y_axes(spec: &PanelSpec) -> Option<&'static str> {
    if spec.y_axes.is_empty() {
        return None;
    }
    [
        ("unit", spec.unit.is_some()),
        ("min", spec.min.is_some()),
        ("max", spec.max.is_some()),
        ("axisLabel", spec.axis_label.is_some()),
        ("logBase", spec.log_base.is_some()),
        ("rightAxis", spec.right_axis.is_some()),
    ]
    .into_iter()
    .find_map(|(key, set)| set.then_some(key))
}

fn legend_json(spec: &PanelSpec) -> Value {
    let settings = match spec.legend.as_ref().map(|l| &l.value) {
        Some(LegendOrFormat::Settings(s)) => s.clone(),
        _ => Default::default(),
    };
    let mut m = Map::new();
    m.insert("show".into(), settings.show.unwrap_or(true).into());
    m.insert("values".into(), (!settings.calcs.is_empty()).into());
    for (name, calc) in LEGEND_VALUES {
        m.insert(
            (*name).into(),
            settings.calcs.iter().any(|c| c == calc).into(),
        );
    }
    m.insert(
        "alignAsTable".into(),
        (settings.mode.as_deref() == Some("table")).into(),
    );
    m.insert(
        "rightSide".into(),
        (settings.placement.as_deref() == Some("right")).into(),
    );
    put(&mut m, "sideWidth", settings.width);
    if let Some(by) = &settings.sort_by {
        let name = LEGEND_VALUES
            .iter()
            .find(|(_, calc)| calc == by)
            .map_or(by.as_str(), |(name, _)| name);
        m.insert("sort".into(), name.into());
        m.insert(
            "sortDesc".into(),
            settings.sort_desc.unwrap_or(false).into(),
        );
    } else {
        put(&mut m, "sortDesc", settings.sort_desc);
    }
    put(&mut m, "hideEmpty", settings.hide_empty);
    put(&mut m, "hideZero", settings.hide_zero);
    Value::Object(m)
}

fn tooltip_json(spec: &PanelSpec) -> Value {
    let t = spec.tooltip.clone().unwrap_or_default();
    let sort = match t.sort.as_deref() {
        Some("asc") => 1,
        Some("desc") => 2,
        _ => 0,
    };
    json!({
        "shared": t.mode.as_deref() != Some("single"),
        "sort": sort,
        "value_type": t.value_type.unwrap_or_else(|| "individual".into()),
    })
}

/// The `-- Dashboard --` datasource: the panel shows the results of panel `source`'s queries.
pub fn from_panel(source: u32, m: &mut Map<String, Value>) {
    let ds = json!({"type": "datasource", "uid": "-- Dashboard --"});
    m.insert("datasource".into(), ds.clone());
    m.insert(
        "targets".into(),
        json!([{"datasource": ds, "panelId": source, "refId": "A"}]),
    );
}

/// Source keys a `singlestat` panel takes besides those every panel has.
pub const SINGLESTAT_KEYS: &[&str] = &[
    "datasource",
    "fromPanel",
    "expr",
    "queries",
    "unit",
    "decimals",
    "reduce",
    "thresholds",
    "colorMode",
    "graphMode",
    "nullPointMode",
    "singlestatGauge",
    "colors",
    "prefix",
    "postfix",
    "prefixFontSize",
    "valueFontSize",
    "postfixFontSize",
    "mappings",
];

/// Single stat value names (`valueName`) and the reducer each is elsewhere.
pub const STAT_VALUES: &[(&str, &str)] = &[
    ("avg", "mean"),
    ("current", "lastNotNull"),
    ("first", "firstNotNull"),
    ("total", "sum"),
    ("min", "min"),
    ("max", "max"),
    ("delta", "delta"),
    ("diff", "diff"),
    ("range", "range"),
];

/// Grafana's single stat colors for the three threshold bands (ok, warning, critical).
pub const SINGLESTAT_COLORS: [&str; 3] = ["#299c46", "rgba(237, 129, 40, 0.89)", "#d44a3a"];

/// Threshold steps of a singlestat `thresholds:` map: `("70,80", [base, c70, c80])`, values
/// ascending; `None` when absent.
pub fn singlestat_thresholds(spec: &PanelSpec) -> Option<(String, Vec<String>)> {
    let t = spec.thresholds.as_ref()?;
    let mut steps: Vec<(f64, &String)> = Vec::new();
    let mut base = None;
    for (k, color) in &t.value {
        if k == "base" {
            base = Some(color.clone());
        } else if let Ok(v) = k.parse::<f64>() {
            steps.push((v, color));
        }
    }
    steps.sort_by(|a, b| a.0.total_cmp(&b.0));
    let values: Vec<String> = steps.iter().map(|(v, _)| format_number(*v)).collect();
    let mut colors = vec![base.unwrap_or_else(|| SINGLESTAT_COLORS[0].to_string())];
    colors.extend(steps.iter().map(|(_, c)| (*c).clone()));
    Some((values.join(","), colors))
}

fn format_number(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        format!("{v}")
    }
}

/// Adds the single stat panel's options to `m` (Grafana's panel defaults, with the typed keys).
pub fn singlestat_options(spec: &PanelSpec, m: &mut Map<String, Value>) {
    let (thresholds, colors) = singlestat_thresholds(spec).unwrap_or_else(|| {
        let colors = if spec.colors.is_empty() {
            SINGLESTAT_COLORS.iter().map(|c| c.to_string()).collect()
        } else {
            spec.colors.clone()
        };
        (String::new(), colors)
    });
    let value_name = match &spec.reduce {
        Some(r) => STAT_VALUES
            .iter()
            .find(|(_, calc)| calc == r)
            .map_or(r.as_str(), |(name, _)| name)
            .to_string(),
        None => "avg".into(),
    };
    let mode = spec.color_mode.as_deref();
    m.insert(
        "format".into(),
        spec.unit.clone().unwrap_or_else(|| "none".into()).into(),
    );
    put(m, "decimals", spec.decimals);
    m.insert("valueName".into(), value_name.into());
    m.insert("thresholds".into(), thresholds.into());
    m.insert("colors".into(), colors.into());
    m.insert(
        "colorBackground".into(),
        (mode == Some("background")).into(),
    );
    m.insert("colorValue".into(), (mode == Some("value")).into());
    m.insert(
        "nullPointMode".into(),
        spec.null_point_mode
            .clone()
            .unwrap_or_else(|| "connected".into())
            .into(),
    );
    let text = |v: &Option<String>, default: &str| v.clone().unwrap_or_else(|| default.into());
    m.insert("prefix".into(), text(&spec.prefix, "").into());
    m.insert("postfix".into(), text(&spec.postfix, "").into());
    m.insert(
        "prefixFontSize".into(),
        text(&spec.prefix_font_size, "50%").into(),
    );
    m.insert(
        "valueFontSize".into(),
        text(&spec.value_font_size, "80%").into(),
    );
    m.insert(
        "postfixFontSize".into(),
        text(&spec.postfix_font_size, "50%").into(),
    );
    m.insert("maxDataPoints".into(), 100.into());
    let value_maps: Vec<Value> = if spec.mappings.is_empty() {
        vec![json!({"value": "null", "op": "=", "text": "N/A"})]
    } else {
        spec.mappings
            .iter()
            .map(|e| json!({"value": e.value, "op": "=", "text": e.text}))
            .collect()
    };
    m.insert("valueMaps".into(), value_maps.into());
    m.insert(
        "mappingTypes".into(),
        json!([{"name": "value to text", "value": 1}, {"name": "range to text", "value": 2}]),
    );
    m.insert(
        "rangeMaps".into(),
        json!([{"from": "null", "to": "null", "text": "N/A"}]),
    );
    m.insert("mappingType".into(), 1.into());
    m.insert(
        "sparkline".into(),
        json!({"show": spec.graph_mode.as_deref() == Some("area"), "full": false,
               "lineColor": "rgb(31, 120, 193)", "fillColor": "rgba(31, 118, 189, 0.18)"}),
    );
    let g = spec.singlestat_gauge.clone().unwrap_or_default();
    m.insert(
        "gauge".into(),
        json!({"show": g.show.unwrap_or(false), "minValue": number(g.min.unwrap_or(0.0)),
               "maxValue": number(g.max.unwrap_or(100.0)),
               "thresholdMarkers": g.threshold_markers.unwrap_or(true),
               "thresholdLabels": g.threshold_labels.unwrap_or(false)}),
    );
    m.insert("tableColumn".into(), "".into());
}
