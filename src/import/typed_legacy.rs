//! The typed source keys of a legacy (Angular) `graph` panel, read back from its JSON: each
//! key written only where the original's value differs from what the key's absence compiles
//! to (Grafana's graph defaults; for `rightAxis`, the left axis). Whatever the keys cannot
//! say (odd combinations, `thresholds`, `timeRegions`, …) is left to the `raw:` patch.

use crate::compile::legacy_panel::STAT_VALUES;
use serde_json::{Map, Value, json};

/// Legend value flags of the graph panel and the reducer names the source uses.
const LEGEND_VALUES: &[(&str, &str)] = &[
    ("avg", "mean"),
    ("current", "lastNotNull"),
    ("max", "max"),
    ("min", "min"),
    ("total", "sum"),
];

fn truthy(v: Option<&Value>) -> bool {
    match v {
        Some(Value::Bool(b)) => *b,
        Some(Value::Null) | None => false,
        Some(Value::Number(n)) => n.as_f64().is_some_and(|f| f != 0.0),
        Some(Value::String(s)) => !s.is_empty(),
        Some(_) => true,
    }
}

/// A number, or a string holding one (how the plugin reads axis bounds).
fn numeric(v: Option<&Value>) -> Option<Value> {
    match v? {
        Value::Number(n) => Some(Value::Number(n.clone())),
        Value::String(s) if !s.trim().is_empty() => {
            let f: f64 = s.trim().parse().ok().filter(|f: &f64| f.is_finite())?;
            Some(if f.fract() == 0.0 && f.abs() < 1e15 {
                json!(f as i64)
            } else {
                json!(f)
            })
        }
        _ => None,
    }
}

/// A Y axis as the source keys of an `Axis` would compile it: `(unit, min, max, logBase,
/// label, show)`, absent members at Grafana's defaults.
#[derive(Debug, Clone, PartialEq)]
struct AxisKeys {
    unit: String,
    min: Option<Value>,
    max: Option<Value>,
    log_base: u64,
    label: Option<String>,
    show: bool,
}

fn axis_keys(a: &Value) -> Option<AxisKeys> {
    let o = a.as_object()?;
    // Keys the typed axis cannot say leave the axis to `raw:` (a null one is absent).
    if o.iter().any(|(k, v)| {
        !v.is_null()
            && !matches!(
                k.as_str(),
                "format" | "min" | "max" | "logBase" | "label" | "show" | "$$hashKey"
            )
    }) {
        return None;
    }
    let unit = match o.get("format") {
        Some(Value::String(f)) => f.clone(),
        None | Some(Value::Null) => return None,
        _ => return None,
    };
    let bound = |k: &str| match o.get(k) {
        None | Some(Value::Null) => Some(None),
        v => numeric(v).map(Some),
    };
    Some(AxisKeys {
        unit,
        min: bound("min")?,
        max: bound("max")?,
        log_base: match o.get("logBase") {
            Some(v) => v.as_u64()?,
            None => return None,
        },
        label: match o.get("label") {
            None | Some(Value::Null) => None,
            Some(Value::String(s)) if s.is_empty() => None,
            Some(Value::String(s)) => Some(s.clone()),
            _ => return None,
        },
        show: match o.get("show") {
            Some(Value::Bool(b)) => *b,
            _ => return None,
        },
    })
}

/// Writes the typed graph keys of panel `p` into `s`.
pub fn graph(p: &Value, s: &mut Map<String, Value>) {
    axes(p, s);
    if let Some(d) = p.get("decimals").and_then(Value::as_u64) {
        s.insert("decimals".into(), json!(d));
    }
    let (lines, bars, points) = (
        p.get("lines").is_none_or(|v| truthy(Some(v))),
        truthy(p.get("bars")),
        truthy(p.get("points")),
    );
    match (lines, bars, points) {
        (false, true, false) => {
            s.insert("drawStyle".into(), json!("bars"));
        }
        (false, false, true) => {
            s.insert("drawStyle".into(), json!("points"));
        }
        _ => {}
    }
    match (truthy(p.get("stack")), truthy(p.get("percentage"))) {
        (true, true) => {
            s.insert("stacking".into(), json!("percent"));
        }
        (true, false) => {
            s.insert("stacking".into(), json!("normal"));
        }
        _ => {}
    }
    number_key(p, s, "fill", "fill", 1.0);
    number_key(p, s, "fillGradient", "fillGradient", 0.0);
    number_key(p, s, "linewidth", "lineWidth", 1.0);
    if let Some(r) = p.get("pointradius").filter(|r| r.is_number())
        && r.as_f64().is_some_and(|r| r != 2.0 && r >= 0.0)
    {
        s.insert("pointRadius".into(), r.clone());
    }
    if let Some(m) = p.get("nullPointMode").and_then(Value::as_str)
        && m != "null"
    {
        s.insert("nullPointMode".into(), json!(m));
    }
    for key in ["steppedLine", "dashes"] {
        if p.get(key) == Some(&json!(true)) {
            s.insert(key.into(), json!(true));
        }
    }
    legend(p, s);
    tooltip(p, s);
    if let Some(Value::Array(o)) = p.get("seriesOverrides")
        && !o.is_empty()
    {
        s.insert("seriesOverrides".into(), Value::Array(o.clone()));
    }
    if let Some(Value::Object(c)) = p.get("aliasColors")
        && !c.is_empty()
        && c.values().all(Value::is_string)
    {
        s.insert("aliasColors".into(), Value::Object(c.clone()));
    }
    if let Some(Value::Array(o)) = p.get("fieldConfig").and_then(|f| f.get("overrides"))
        && !o.is_empty()
    {
        s.insert("overrides".into(), Value::Array(o.clone()));
    }
    field_defaults(p, s);
    if p.get("xaxis").and_then(|x| x.get("show")) == Some(&json!(false)) {
        s.insert("showXAxis".into(), json!(false));
    }
    if let Some(Value::Array(t)) = p.get("thresholds")
        && !t.is_empty()
        && let Some(typed) = t.iter().map(graph_threshold).collect::<Option<Vec<_>>>()
    {
        s.insert("graphThresholds".into(), Value::Array(typed));
    }
    super::typed::panel_extras(p, s);
}

/// A graph threshold under its source names (nulls absent); `None` when a member is not
/// what the typed threshold holds.
fn graph_threshold(t: &Value) -> Option<Value> {
    let mut out = Map::new();
    for (k, v) in t.as_object()? {
        if v.is_null() || k == "$$hashKey" {
            continue;
        }
        let value = match k.as_str() {
            "value" => v.as_f64().map(|_| v.clone())?,
            "op" | "colorMode" | "yaxis" | "fillColor" | "lineColor" => json!(v.as_str()?),
            "fill" | "line" => json!(v.as_bool()?),
            _ => return None,
        };
        out.insert(k.clone(), value);
    }
    out.contains_key("value").then_some(Value::Object(out))
}

/// `fieldDefaults:` from the standard field options the typed keys can say (unit, min, max,
/// decimals, absolute thresholds); the rest of `fieldConfig.defaults` is left to the patch.
fn field_defaults(p: &Value, s: &mut Map<String, Value>) {
    let Some(d) = p
        .get("fieldConfig")
        .and_then(|f| f.get("defaults"))
        .and_then(Value::as_object)
    else {
        return;
    };
    let mut out = Map::new();
    if let Some(Value::String(u)) = d.get("unit") {
        out.insert("unit".into(), json!(u));
    }
    for key in ["min", "max"] {
        if let Some(v) = d.get(key).filter(|v| v.is_number()) {
            out.insert(key.into(), v.clone());
        }
    }
    if let Some(n) = d
        .get("decimals")
        .and_then(Value::as_u64)
        .filter(|n| *n <= u64::from(u32::MAX))
    {
        out.insert("decimals".into(), json!(n));
    }
    if let Some(t) = d.get("thresholds").and_then(field_thresholds) {
        out.insert("thresholds".into(), t);
    }
    if !out.is_empty() {
        s.insert("fieldDefaults".into(), Value::Object(out));
    }
}

/// Absolute threshold steps as `{base: color, <value>: color}`: the first step is the base
/// (Grafana reads it as -Infinity whatever its value), the others distinct numbers.
fn field_thresholds(t: &Value) -> Option<Value> {
    let o = t.as_object()?;
    if o.keys().any(|k| k != "mode" && k != "steps") {
        return None;
    }
    match o.get("mode") {
        None | Some(Value::Null) => {}
        Some(Value::String(m)) if m == "absolute" => {}
        _ => return None,
    }
    let mut m = Map::new();
    for (i, step) in o.get("steps")?.as_array()?.iter().enumerate() {
        let so = step.as_object()?;
        if so.keys().any(|k| k != "color" && k != "value") {
            return None;
        }
        let color = so.get("color")?.as_str()?;
        let key = if i == 0 {
            "base".to_string()
        } else {
            let f = so.get("value")?.as_f64()?;
            if f.fract() == 0.0 && f.abs() < 1e15 {
                format!("{}", f as i64)
            } else {
                format!("{f}")
            }
        };
        if m.insert(key, json!(color)).is_some() {
            return None;
        }
    }
    Some(Value::Object(m))
}

/// `key` when a non-negative integer other than the default.
fn number_key(p: &Value, s: &mut Map<String, Value>, from: &str, key: &str, default: f64) {
    if let Some(n) = p.get(from).and_then(Value::as_f64)
        && n != default
        && n >= 0.0
        && n.fract() == 0.0
        && n <= f64::from(u32::MAX)
    {
        s.insert(key.into(), json!(n as u64));
    }
}

fn axes(p: &Value, s: &mut Map<String, Value>) {
    let Some(list) = p.get("yaxes").and_then(Value::as_array) else {
        return;
    };
    let keyed = match list.as_slice() {
        [left, right] => axis_keys(left).filter(|l| l.show).zip(axis_keys(right)),
        _ => None,
    };
    let Some((l, r)) = keyed else {
        // Not what the axis keys say (a member left out, a hidden left axis, …): the axes
        // whole, if each is typed; else the patch keeps them.
        if let Some(bare) = list.iter().map(bare_axis).collect::<Option<Vec<_>>>()
            && !bare.is_empty()
        {
            s.insert("yAxes".into(), Value::Array(bare));
        }
        return;
    };
    if l.unit != "short" {
        s.insert("unit".into(), json!(l.unit));
    }
    if let Some(m) = &l.min {
        s.insert("min".into(), m.clone());
    }
    if let Some(m) = &l.max {
        s.insert("max".into(), m.clone());
    }
    if l.log_base != 1 {
        s.insert("logBase".into(), json!(l.log_base));
    }
    if let Some(label) = &l.label {
        s.insert("axisLabel".into(), json!(label));
    }
    if r == l {
        return;
    }
    let mut a = Map::new();
    if r.unit != "short" {
        a.insert("unit".into(), json!(r.unit));
    }
    if let Some(m) = &r.min {
        a.insert("min".into(), m.clone());
    }
    if let Some(m) = &r.max {
        a.insert("max".into(), m.clone());
    }
    if r.log_base != 1 {
        a.insert("logBase".into(), json!(r.log_base));
    }
    if let Some(label) = &r.label {
        a.insert("label".into(), json!(label));
    }
    if !r.show {
        a.insert("show".into(), json!(false));
    }
    s.insert("rightAxis".into(), Value::Object(a));
}

/// An axis of `yAxes`: its members under their source names, nulls absent; `None` when a
/// member is not what the typed axis holds.
fn bare_axis(a: &Value) -> Option<Value> {
    let mut out = Map::new();
    for (k, v) in a.as_object()? {
        if v.is_null() || k == "$$hashKey" {
            continue;
        }
        let (key, value) = match k.as_str() {
            "format" => ("unit", json!(v.as_str()?)),
            "label" => ("label", json!(v.as_str()?)),
            "logBase" => (
                "logBase",
                json!(v.as_u64().filter(|n| *n <= u64::from(u32::MAX))?),
            ),
            "decimals" => (
                "decimals",
                json!(v.as_u64().filter(|n| *n <= u64::from(u32::MAX))?),
            ),
            "show" => ("show", json!(v.as_bool()?)),
            "min" | "max" => (k.as_str(), numeric(Some(v))?),
            _ => return None,
        };
        out.insert(key.into(), value);
    }
    Some(Value::Object(out))
}

fn legend(p: &Value, s: &mut Map<String, Value>) {
    let Some(l) = p.get("legend").and_then(Value::as_object) else {
        return;
    };
    let mut out = Map::new();
    if l.get("show") == Some(&json!(false)) {
        out.insert("show".into(), json!(false));
    }
    if truthy(l.get("rightSide")) {
        out.insert("placement".into(), json!("right"));
    }
    if truthy(l.get("alignAsTable")) {
        out.insert("mode".into(), json!("table"));
    }
    if truthy(l.get("values")) {
        let calcs: Vec<Value> = LEGEND_VALUES
            .iter()
            .filter(|(flag, _)| truthy(l.get(*flag)))
            .map(|(_, calc)| json!(calc))
            .collect();
        if !calcs.is_empty() {
            out.insert("calcs".into(), Value::Array(calcs));
        }
    }
    if let Some(by) = l.get("sort").and_then(Value::as_str) {
        let calc = LEGEND_VALUES
            .iter()
            .find(|(flag, _)| *flag == by)
            .map_or(by, |(_, calc)| calc);
        out.insert("sortBy".into(), json!(calc));
    }
    if l.get("sortDesc") == Some(&json!(true)) {
        out.insert("sortDesc".into(), json!(true));
    }
    if let Some(w) = l.get("sideWidth").and_then(Value::as_u64)
        && w <= u64::from(u32::MAX)
    {
        out.insert("width".into(), json!(w));
    }
    for key in ["hideEmpty", "hideZero"] {
        if l.get(key) == Some(&json!(true)) {
            out.insert(key.into(), json!(true));
        }
    }
    if out.is_empty() {
        return;
    }
    // `legend:` holds the settings: a short-form query's legend format moves to `queries:`.
    if let Some(Value::String(_)) = s.get("legend") {
        to_queries_form(s);
    }
    s.insert("legend".into(), Value::Object(out));
}

/// `expr:` + `legend:` → `queries: [{expr, legend}]`.
fn to_queries_form(s: &mut Map<String, Value>) {
    let Some(expr) = s.shift_remove("expr") else {
        return;
    };
    let mut q = Map::new();
    q.insert("expr".into(), expr);
    if let Some(l) = s.shift_remove("legend") {
        q.insert("legend".into(), l);
    }
    s.insert("queries".into(), json!([q]));
}

fn tooltip(p: &Value, s: &mut Map<String, Value>) {
    let Some(t) = p.get("tooltip").and_then(Value::as_object) else {
        return;
    };
    let mut out = Map::new();
    if t.get("shared") == Some(&json!(false)) {
        out.insert("mode".into(), json!("single"));
    }
    match t.get("sort").and_then(Value::as_i64) {
        Some(1) => {
            out.insert("sort".into(), json!("asc"));
        }
        Some(2) => {
            out.insert("sort".into(), json!("desc"));
        }
        _ => {}
    }
    if let Some(v) = t.get("value_type").and_then(Value::as_str)
        && v != "individual"
    {
        out.insert("valueType".into(), json!(v));
    }
    if !out.is_empty() {
        s.insert("tooltip".into(), Value::Object(out));
    }
}

/// Grafana's refresh picker intervals when a dashboard names none.
const DEFAULT_REFRESH_INTERVALS: &[&str] = &[
    "5s", "10s", "30s", "1m", "5m", "15m", "30m", "1h", "2h", "1d",
];

/// Typed dashboard keys of older dashboards: `refreshIntervals` (`timepicker.refresh_intervals`)
/// when it is not Grafana's default list.
pub fn dashboard_keys(d: &Map<String, Value>, s: &mut Map<String, Value>) {
    if let Some(Value::Array(list)) = d.get("timepicker").and_then(|t| t.get("refresh_intervals"))
        && !list.is_empty()
        && list.iter().all(Value::is_string)
        && *list
            != DEFAULT_REFRESH_INTERVALS
                .iter()
                .map(|i| json!(i))
                .collect::<Vec<_>>()
    {
        s.insert("refreshIntervals".into(), Value::Array(list.clone()));
    }
}

/// Moves dashboard `raw:` members that have a typed key into it: `schemaVersion` (only known
/// once the patch against the compiler's schema version is computed).
pub fn lift_dashboard_raw(source: &mut Map<String, Value>) {
    let Some(Value::Object(raw)) = source.get_mut("raw") else {
        return;
    };
    let Some(version) = raw
        .get("schemaVersion")
        .and_then(Value::as_u64)
        .filter(|v| *v <= u64::from(u32::MAX))
    else {
        return;
    };
    raw.shift_remove("schemaVersion");
    if raw.is_empty() {
        source.shift_remove("raw");
    }
    // Near the top, after the identity keys, where a reader looks for it.
    let at = ["uid", "title", "description", "tags"]
        .iter()
        .filter(|k| source.contains_key(**k))
        .count();
    let mut out = Map::new();
    for (i, (k, v)) in std::mem::take(source).into_iter().enumerate() {
        if i == at {
            out.insert("schemaVersion".into(), json!(version));
        }
        out.insert(k, v);
    }
    if !out.contains_key("schemaVersion") {
        out.insert("schemaVersion".into(), json!(version));
    }
    *source = out;
}

/// The panel whose results a panel on the `-- Dashboard --` datasource shows, when that is
/// all its one query says.
pub fn from_panel(p: &Value) -> Option<u64> {
    let is_dashboard = |d: Option<&Value>| match d {
        Some(Value::String(s)) => s == "-- Dashboard --",
        Some(Value::Object(o)) => o.get("uid").and_then(Value::as_str) == Some("-- Dashboard --"),
        _ => false,
    };
    if !is_dashboard(p.get("datasource")) {
        return None;
    }
    let [t] = p.get("targets")?.as_array()?.as_slice() else {
        return None;
    };
    let o = t.as_object()?;
    let plain = o.iter().all(|(k, v)| match k.as_str() {
        "panelId" => true,
        "refId" => v == "A",
        "datasource" => is_dashboard(Some(v)),
        _ => false,
    });
    let id = o
        .get("panelId")?
        .as_u64()
        .filter(|n| *n <= u64::from(u32::MAX))?;
    plain.then_some(id)
}

/// Writes the typed single stat keys of panel `p` into `s`.
pub fn singlestat(p: &Value, s: &mut Map<String, Value>) {
    if let Some(f) = p.get("format").and_then(Value::as_str)
        && f != "none"
    {
        s.insert("unit".into(), json!(f));
    }
    if let Some(d) = p.get("decimals").and_then(Value::as_u64) {
        s.insert("decimals".into(), json!(d));
    }
    if let Some(v) = p.get("valueName").and_then(Value::as_str)
        && v != "avg"
        && let Some((_, calc)) = STAT_VALUES.iter().find(|(name, _)| *name == v)
    {
        s.insert("reduce".into(), json!(calc));
    }
    match (truthy(p.get("colorBackground")), p.get("colorValue")) {
        (true, None | Some(Value::Bool(false))) => {
            s.insert("colorMode".into(), json!("background"));
        }
        (false, Some(Value::Bool(true))) => {
            s.insert("colorMode".into(), json!("value"));
        }
        _ => {}
    }
    if p.get("sparkline").and_then(|x| x.get("show")) == Some(&json!(true)) {
        s.insert("graphMode".into(), json!("area"));
    }
    if let Some(m) = p.get("nullPointMode").and_then(Value::as_str)
        && m != "connected"
    {
        s.insert("nullPointMode".into(), json!(m));
    }
    if let Some(t) = singlestat_thresholds(p) {
        s.insert("thresholds".into(), t);
    } else if let Some(Value::Array(c)) = p.get("colors")
        && c.len() <= 3
        && c.iter().all(Value::is_string)
        && *c != SINGLESTAT_COLORS.map(|c| json!(c))
    {
        s.insert("colors".into(), Value::Array(c.clone()));
    }
    for (key, default) in [
        ("prefix", ""),
        ("postfix", ""),
        ("prefixFontSize", "50%"),
        ("valueFontSize", "80%"),
        ("postfixFontSize", "50%"),
    ] {
        if let Some(Value::String(v)) = p.get(key)
            && v != default
        {
            s.insert(key.into(), json!(v));
        }
    }
    if let Some(g) = p.get("gauge").and_then(singlestat_gauge) {
        s.insert("singlestatGauge".into(), g);
    }
    if let Some(m) = value_maps(p) {
        s.insert("mappings".into(), m);
    }
    super::typed::panel_extras(p, s);
    // The single stat's own default (its `panelDefaults`), which the compiler writes.
    if s.get("maxDataPoints") == Some(&json!(100)) {
        s.shift_remove("maxDataPoints");
    }
}

/// The single stat's default band colors.
const SINGLESTAT_COLORS: [&str; 3] = ["#299c46", "rgba(237, 129, 40, 0.89)", "#d44a3a"];

/// `singlestatGauge:` with the members that differ from the single stat's defaults; `None` when a
/// member is not what the typed gauge holds (or all are defaults).
fn singlestat_gauge(g: &Value) -> Option<Value> {
    let mut out = Map::new();
    for (k, v) in g.as_object()? {
        if v.is_null() {
            continue;
        }
        let (key, value, default) = match k.as_str() {
            "show" => ("show", json!(v.as_bool()?), json!(false)),
            "minValue" => ("min", numeric(Some(v))?, json!(0)),
            "maxValue" => ("max", numeric(Some(v))?, json!(100)),
            "thresholdMarkers" => ("thresholdMarkers", json!(v.as_bool()?), json!(true)),
            "thresholdLabels" => ("thresholdLabels", json!(v.as_bool()?), json!(false)),
            _ => return None,
        };
        if value != default {
            out.insert(key.into(), value);
        }
    }
    (!out.is_empty()).then_some(Value::Object(out))
}

/// `mappings: [{value, text}]` from value → text maps (`valueMaps`, mapping type 1), when
/// they are not the single stat's default `null → N/A`.
fn value_maps(p: &Value) -> Option<Value> {
    if !matches!(p.get("mappingType"), None | Some(Value::Null))
        && p.get("mappingType").and_then(Value::as_u64) != Some(1)
    {
        return None;
    }
    let maps = p.get("valueMaps")?.as_array()?;
    if maps.is_empty() || *maps == [json!({"value": "null", "op": "=", "text": "N/A"})] {
        return None;
    }
    maps.iter()
        .map(value_map)
        .collect::<Option<Vec<_>>>()
        .map(Value::Array)
}

/// `{value, text}` of a `{value, op: "=", text}` map with text members.
fn value_map(m: &Value) -> Option<Value> {
    let o = m.as_object()?;
    let plain = o.iter().all(|(k, v)| match k.as_str() {
        "op" => v == "=",
        "value" | "text" => v.is_string(),
        "$$hashKey" => true,
        _ => false,
    });
    if !plain {
        return None;
    }
    Some(json!({"value": o.get("value")?, "text": o.get("text")?}))
}

/// `thresholds: "70,80"` with three `colors` → `{base: c0, 70: c1, 80: c2}`, when the compiler
/// writes back exactly that string (ascending distinct numbers, no spaces).
fn singlestat_thresholds(p: &Value) -> Option<Value> {
    let text = p.get("thresholds")?.as_str()?;
    if text.is_empty() {
        return None;
    }
    // Without `colors`, the plugin's default bands.
    let colors: Vec<&str> = match p.get("colors") {
        None => vec!["#299c46", "rgba(237, 129, 40, 0.89)", "#d44a3a"],
        Some(c) => c
            .as_array()?
            .iter()
            .map(Value::as_str)
            .collect::<Option<_>>()?,
    };
    let values: Vec<f64> = text
        .split(',')
        .map(|v| v.trim().parse::<f64>().ok().filter(|f| f.is_finite()))
        .collect::<Option<_>>()?;
    if colors.len() != values.len() + 1 {
        return None;
    }
    let mut m = Map::new();
    m.insert("base".into(), json!(colors.first()?));
    let mut last = f64::NEG_INFINITY;
    let mut printed = Vec::new();
    for (v, c) in values.iter().zip(colors.iter().skip(1)) {
        if *v <= last {
            return None;
        }
        last = *v;
        let key = if v.fract() == 0.0 && v.abs() < 1e15 {
            format!("{}", *v as i64)
        } else {
            format!("{v}")
        };
        printed.push(key.clone());
        m.insert(key, json!(c));
    }
    // The normalised text (see `normalize_legacy::singlestat_threshold_text`) is what the
    // compiler writes back.
    (Some(printed.join(",")) == super::normalize_legacy::singlestat_threshold_text(text))
        .then_some(Value::Object(m))
}
