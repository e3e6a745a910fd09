//! Typed option blocks of the source written from a panel's Grafana JSON: each key only
//! when the original's value is one the typed key reproduces, and differs from Grafana's
//! default (which the compiler emits when the key is absent).

use serde_json::{Map, Value, json};

fn text(v: Option<&Value>) -> Option<Value> {
    v.and_then(Value::as_str).map(|s| json!(s))
}

/// `legend:` settings from `options.legend`, leaving out the compiler's defaults (shown, a
/// list, at `placement`).
pub fn legend(l: &Value, placement: &str) -> Map<String, Value> {
    let mut legend = Map::new();
    if l.get("showLegend") == Some(&json!(false)) {
        legend.insert("show".into(), json!(false));
    }
    if let Some(p) = text(l.get("placement")).filter(|p| p != "" && p != placement) {
        legend.insert("placement".into(), p);
    }
    if let Some(m) = text(l.get("displayMode")).filter(|m| m != "" && m != "list") {
        legend.insert("mode".into(), m);
    }
    if let Some(Value::Array(calcs)) = l.get("calcs")
        && !calcs.is_empty()
        && calcs.iter().all(Value::is_string)
    {
        legend.insert("calcs".into(), Value::Array(calcs.clone()));
    }
    if let Some(b) = l.get("asTable").filter(|b| b.is_boolean()) {
        legend.insert("asTable".into(), b.clone());
    }
    if let Some(by) = text(l.get("sortBy")) {
        legend.insert("sortBy".into(), by);
    }
    if let Some(b) = l.get("sortDesc").filter(|b| b.is_boolean()) {
        legend.insert("sortDesc".into(), b.clone());
    }
    if let Some(w) = l
        .get("width")
        .and_then(Value::as_u64)
        .filter(|w| *w <= u64::from(u32::MAX))
    {
        legend.insert("width".into(), json!(w));
    }
    if let Some(Value::Array(values)) = l.get("values")
        && !values.is_empty()
        && values.iter().all(Value::is_string)
    {
        legend.insert("values".into(), Value::Array(values.clone()));
    }
    legend
}

/// `tooltip:` settings from `options.tooltip` (mode and sort only when not Grafana's
/// `single` / `none`).
pub fn tooltip(t: &Value) -> Map<String, Value> {
    let mut out = Map::new();
    if let Some(m) = text(t.get("mode")).filter(|m| m != "single") {
        out.insert("mode".into(), m);
    }
    if let Some(s) = text(t.get("sort")).filter(|s| s != "none") {
        out.insert("sort".into(), s);
    }
    if let Some(b) = t.get("hideZeros").filter(|b| b.is_boolean()) {
        out.insert("hideZeros".into(), b.clone());
    }
    for key in ["maxHeight", "maxWidth"] {
        if let Some(n) = t.get(key).and_then(Value::as_u64) {
            out.insert(key.into(), json!(n));
        }
    }
    out
}

/// Time series style keys from `fieldConfig.defaults.custom`.
pub fn series_style(c: &Value, s: &mut Map<String, Value>) {
    let str_key = |k: &str, default: &str| text(c.get(k)).filter(|v| v != default);
    if let Some(v) = str_key("lineInterpolation", "linear") {
        s.insert("interpolation".into(), v);
    }
    if let Some(v) = str_key("gradientMode", "none") {
        s.insert("gradientMode".into(), v);
    }
    if let Some(style) = c.get("lineStyle").and_then(Value::as_object)
        && let Some(fill) = style.get("fill").and_then(Value::as_str)
        && style.keys().all(|k| k == "fill" || k == "dash")
    {
        let dash = style.get("dash").and_then(Value::as_array);
        let numeric = dash.is_none_or(|d| !d.is_empty() && d.iter().all(Value::is_number));
        if numeric {
            s.insert("lineStyle".into(), json!(fill));
            if let Some(d) = dash {
                s.insert("dash".into(), Value::Array(d.clone()));
            }
        }
    }
    match c.get("spanNulls") {
        Some(Value::Bool(true)) => {
            s.insert("spanNulls".into(), json!(true));
        }
        Some(n @ Value::Number(_)) => {
            s.insert("spanNulls".into(), n.clone());
        }
        _ => {}
    }
    if let Some(v) = str_key("showPoints", "auto") {
        s.insert("showPoints".into(), v);
    }
    if let Some(n) = c
        .get("pointSize")
        .filter(|n| n.is_number() && n.as_f64() != Some(5.0))
    {
        s.insert("pointSize".into(), n.clone());
    }
    if let Some(n) = c
        .get("barAlignment")
        .and_then(Value::as_i64)
        .filter(|n| *n != 0 && n.abs() <= 1)
    {
        s.insert("barAlignment".into(), json!(n));
    }
    if let Some(t) = c.get("thresholdsStyle").and_then(Value::as_object)
        && t.len() == 1
        && let Some(mode) = t
            .get("mode")
            .and_then(Value::as_str)
            .filter(|m| *m != "off")
    {
        s.insert("thresholdsStyle".into(), json!(mode));
    }
    if let Some(h) = c.get("hideFrom").and_then(Value::as_object)
        && h.len() == 3
        && ["legend", "tooltip", "viz"]
            .iter()
            .all(|k| h.get(*k).is_some_and(Value::is_boolean))
    {
        let hidden: Vec<Value> = ["legend", "tooltip", "viz"]
            .iter()
            .filter(|k| h.get(**k) == Some(&json!(true)))
            .map(|k| json!(k))
            .collect();
        if !hidden.is_empty() {
            s.insert("hideFrom".into(), Value::Array(hidden));
        }
    }
    let axis = axis(c);
    if !axis.is_empty() {
        s.insert("axis".into(), Value::Object(axis));
    }
}

fn axis(c: &Value) -> Map<String, Value> {
    let mut a = Map::new();
    let str_key = |k: &str, default: &str| text(c.get(k)).filter(|v| v != default);
    if let Some(v) = str_key("axisPlacement", "auto") {
        a.insert("placement".into(), v);
    }
    if let Some(v) = str_key("axisLabel", "") {
        a.insert("label".into(), v);
    }
    for (json_key, key) in [("axisSoftMin", "softMin"), ("axisSoftMax", "softMax")] {
        if let Some(n) = c.get(json_key).filter(|n| n.is_number()) {
            a.insert(key.into(), n.clone());
        }
    }
    if let Some(d) = c.get("scaleDistribution")
        && let Some(scale) = scale_name(d)
        && scale != "linear"
    {
        a.insert("scale".into(), json!(scale));
    }
    for (json_key, key, default) in [
        ("axisCenteredZero", "centeredZero", false),
        ("axisBorderShow", "borderShow", false),
        ("axisGridShow", "gridShow", true),
    ] {
        if let Some(b) = c
            .get(json_key)
            .and_then(Value::as_bool)
            .filter(|b| *b != default)
        {
            a.insert(key.into(), json!(b));
        }
    }
    if let Some(v) = str_key("axisColorMode", "text") {
        a.insert("colorMode".into(), v);
    }
    if let Some(n) = c.get("axisWidth").filter(|n| n.is_number()) {
        a.insert("width".into(), n.clone());
    }
    a
}

/// `{type: log, log: 2}` → `log2`, when the typed scale names it exactly.
fn scale_name(d: &Value) -> Option<String> {
    let o = d.as_object()?;
    let kind = o.get("type")?.as_str()?;
    match (kind, o.get("log").and_then(Value::as_u64), o.len()) {
        ("linear", None, 1) => Some("linear".into()),
        ("log" | "symlog", Some(b @ (2 | 10)), 2) => Some(format!("{kind}{b}")),
        _ => None,
    }
}

/// Standard field options: `noValue`, `displayName`, `colorScheme`, `mappings`.
pub fn standard_fields(d: &Value, kind: &str, s: &mut Map<String, Value>) {
    if let Some(v) = text(d.get("noValue")) {
        s.insert("noValue".into(), v);
    }
    // Grafana keeps `""` as saved (it shows the field's own name, as without the key).
    if let Some(v) = text(d.get("displayName")) {
        s.insert("displayName".into(), v);
    }
    if let Some(c) = d.get("color")
        && let Some(mode) = c.get("mode").and_then(Value::as_str)
        && mode != default_color_mode(kind)
    {
        match mode {
            // A fixed color is `color:` (written by the caller); fixed without one, the
            // scheme alone.
            "fixed" => {
                if c.get("fixedColor").is_none() {
                    s.insert("colorScheme".into(), json!(mode));
                }
            }
            _ => {
                s.insert("colorScheme".into(), json!(mode));
                if matches!(mode, "shades")
                    && let Some(f) = text(c.get("fixedColor"))
                {
                    s.insert("color".into(), f);
                }
            }
        }
    }
    if let Some(Value::Array(m)) = d.get("mappings")
        && !m.is_empty()
        && let Some(typed) = mappings(m)
    {
        s.insert("mappings".into(), Value::Array(typed));
    }
    if let Some(Value::Array(links)) = d.get("links")
        && !links.is_empty()
        && let Some(typed) = data_links(links)
    {
        s.insert("dataLinks".into(), Value::Array(typed));
    }
    // `false` is Grafana's default.
    if d.get("fieldMinMax") == Some(&json!(true)) {
        s.insert("fieldMinMax".into(), json!(true));
    }
}

/// Field data links in typed form, when each has only the keys the typed form writes
/// (`title`, `url`, `targetBlank`).
fn data_links(links: &[Value]) -> Option<Vec<Value>> {
    links
        .iter()
        .map(|l| {
            let o = l.as_object()?;
            let typed_keys = o
                .keys()
                .all(|k| matches!(k.as_str(), "title" | "url" | "targetBlank"));
            let well_typed = o.get("title").is_some_and(Value::is_string)
                && o.get("url").is_some_and(Value::is_string)
                && o.get("targetBlank").is_none_or(Value::is_boolean);
            (typed_keys && well_typed).then(|| l.clone())
        })
        .collect()
}

/// The color mode the compiler gives a panel type without `color`/`colorScheme`.
fn default_color_mode(kind: &str) -> &'static str {
    match kind {
        "stat" | "gauge" | "bargauge" | "table" => "thresholds",
        _ => "palette-classic",
    }
}

/// Grafana value mappings in the compact typed form, when compiling it back gives them
/// exactly (same grouping, order and indexes).
pub fn mappings(m: &[Value]) -> Option<Vec<Value>> {
    let mut entries: Vec<(u64, Map<String, Value>)> = Vec::new();
    for mapping in m {
        let o = mapping.as_object()?;
        let options = o.get("options")?.as_object()?;
        let result = |r: &Value| -> Option<(u64, Map<String, Value>)> {
            let r = r.as_object()?;
            if !r
                .keys()
                .all(|k| matches!(k.as_str(), "text" | "color" | "index"))
            {
                return None;
            }
            let mut e = Map::new();
            for k in ["text", "color"] {
                if let Some(v) = r.get(k) {
                    e.insert(k.into(), json!(v.as_str()?));
                }
            }
            // Without an index, in the order they come.
            let index = match r.get("index") {
                Some(i) => i.as_u64()?,
                None => u64::MAX,
            };
            Some((index, e))
        };
        match o.get("type")?.as_str()? {
            "value" => {
                for (value, r) in options {
                    let (i, mut e) = result(r)?;
                    e.insert("value".into(), json!(value));
                    entries.push((i, e));
                }
            }
            "range" => {
                let (i, mut e) = result(options.get("result")?)?;
                for k in ["from", "to"] {
                    match options.get(k) {
                        Some(n @ Value::Number(_)) => {
                            e.insert(k.into(), n.clone());
                        }
                        None | Some(Value::Null) => {}
                        _ => return None,
                    }
                }
                entries.push((i, e));
            }
            "regex" => {
                let (i, mut e) = result(options.get("result")?)?;
                e.insert("regex".into(), json!(options.get("pattern")?.as_str()?));
                entries.push((i, e));
            }
            "special" => {
                let (i, mut e) = result(options.get("result")?)?;
                e.insert("special".into(), json!(options.get("match")?.as_str()?));
                entries.push((i, e));
            }
            _ => return None,
        }
    }
    entries.sort_by_key(|(i, _)| *i);
    let typed: Vec<Value> = entries.into_iter().map(|(_, e)| Value::Object(e)).collect();
    // Only when it compiles back to exactly these mappings.
    let parsed: Vec<crate::source::format::Mapping> =
        serde_json::from_value(Value::Array(typed.clone())).ok()?;
    let mut back = crate::compile::value_mappings(&parsed);
    let mut original = Value::Array(m.to_vec());
    super::normalize::normalize_mappings(&mut back);
    super::normalize::normalize_mappings(&mut original);
    let same = super::normalize::canonical(&back) == super::normalize::canonical(&original);
    same.then_some(typed)
}

/// Options of one panel type: stat text, table, logs.
pub fn type_options(o: &Value, kind: &str, s: &mut Map<String, Value>) {
    let str_key = |k: &str, default: &str| text(o.get(k)).filter(|v| v != default);
    let bool_key = |k: &str, default: bool| {
        o.get(k)
            .and_then(Value::as_bool)
            .filter(|b| *b != default)
            .map(Value::Bool)
    };
    let mut put = |key: &str, v: Option<Value>| {
        if let Some(v) = v {
            s.insert(key.into(), v);
        }
    };
    match kind {
        "stat" | "gauge" | "bargauge" => {
            put("textMode", str_key("textMode", "auto"));
            if kind == "stat" {
                put("justifyMode", str_key("justifyMode", "auto"));
            }
            if let Some(t) = o.get("text").and_then(Value::as_object)
                && t.keys().all(|k| k == "titleSize" || k == "valueSize")
                && t.values()
                    .all(|v| v.as_u64().is_some_and(|n| n <= u64::from(u32::MAX)))
            {
                put("titleSize", t.get("titleSize").cloned());
                put("valueSize", t.get("valueSize").cloned());
            }
        }
        "piechart" => {
            if let Some(Value::Array(labels)) = o.get("displayLabels")
                && !labels.is_empty()
                && labels.iter().all(Value::is_string)
            {
                put("displayLabels", Some(Value::Array(labels.clone())));
            }
        }
        "table" => {
            put("showHeader", bool_key("showHeader", true));
            put("cellHeight", str_key("cellHeight", "sm"));
            put(
                "frameIndex",
                o.get("frameIndex")
                    .and_then(Value::as_u64)
                    .filter(|n| *n != 0 && *n <= u64::from(u32::MAX))
                    .map(|n| json!(n)),
            );
            if let Some(Value::Array(sort)) = o.get("sortBy")
                && !sort.is_empty()
                && sort.iter().all(|x| {
                    x.as_object().is_some_and(|m| {
                        m.get("displayName").is_some_and(Value::is_string)
                            && m.get("desc").is_none_or(Value::is_boolean)
                            && m.keys().all(|k| k == "displayName" || k == "desc")
                    })
                })
            {
                let typed: Vec<Value> = sort
                    .iter()
                    .map(|x| {
                        json!({"displayName": x.get("displayName"),
                               "desc": x.get("desc").and_then(Value::as_bool).unwrap_or(false)})
                    })
                    .collect();
                put("sortBy", Some(Value::Array(typed)));
            }
            put(
                "pagination",
                o.get("footer")
                    .and_then(|f| f.get("enablePagination"))
                    .filter(|b| b.is_boolean())
                    .cloned(),
            );
        }
        "logs" => {
            put("prettify", bool_key("prettifyLogMessage", false));
            put("dedup", str_key("dedupStrategy", "none"));
            put("showLabels", bool_key("showLabels", false));
            put("showCommonLabels", bool_key("showCommonLabels", false));
            put("logDetails", bool_key("enableLogDetails", true));
        }
        _ => {}
    }
}

/// A table's column settings from `fieldConfig.defaults.custom`.
pub fn table_fields(c: &Value, s: &mut Map<String, Value>) {
    if let Some(a) = text(c.get("align")).filter(|a| a != "auto") {
        s.insert("align".into(), a);
    }
    // `cellOptions` as the compiler writes it: a `type` (when absent, Grafana's `auto`),
    // with a `mode` and `wrapText` when set.
    if let Some(o) = c.get("cellOptions").and_then(Value::as_object)
        && let Some(t) = text(o.get("type"))
        && o.keys()
            .all(|k| matches!(k.as_str(), "type" | "mode" | "wrapText"))
        && o.get("mode").is_none_or(Value::is_string)
        && o.get("wrapText").is_none_or(Value::is_boolean)
    {
        if t != "auto" {
            s.insert("cellType".into(), t);
        }
        if let Some(m) = o.get("mode") {
            s.insert("cellMode".into(), m.clone());
        }
        if let Some(w) = o.get("wrapText") {
            s.insert("wrapText".into(), w.clone());
        }
    }
    if let Some(n) = c
        .get("minWidth")
        .and_then(Value::as_u64)
        .filter(|n| *n <= u64::from(u32::MAX))
    {
        s.insert("minWidth".into(), json!(n));
    }
    for key in ["filterable", "inspect"] {
        if c.get(key) == Some(&json!(true)) {
            s.insert(key.into(), json!(true));
        }
    }
}

/// Query keys: `instant` (as the datasource reads it), `step`, `intervalFactor`,
/// `exemplar`, `queryType`.
pub fn query_keys(t: &Value, kind: &str, q: &mut Map<String, Value>) {
    let instant = t.get("instant") == Some(&json!(true));
    let query_type = text(t.get("queryType"));
    if kind == "loki" {
        // Loki reads `queryType` first, then `instant`; the compiler writes `queryType`.
        match query_type.as_ref().and_then(Value::as_str) {
            Some("instant") => {
                q.insert("instant".into(), json!(true));
            }
            Some("range") => {}
            Some(other) => {
                q.insert("queryType".into(), json!(other));
            }
            None if instant => {
                q.insert("instant".into(), json!(true));
            }
            None => {}
        }
    } else {
        if instant {
            q.insert("instant".into(), json!(true));
        }
        if let Some(v) = query_type {
            q.insert("queryType".into(), v);
        }
    }
    for key in ["step", "intervalFactor"] {
        if let Some(n) = t
            .get(key)
            .filter(|n| n.is_number() && !(key == "intervalFactor" && n.as_f64() == Some(1.0)))
        {
            q.insert(key.into(), n.clone());
        }
    }
    if t.get("exemplar") == Some(&json!(true)) {
        q.insert("exemplar".into(), json!(true));
    }
}

/// Panel keys outside the field config: `timeFrom`, `timeShift`, `hideTimeOverride`,
/// `maxDataPoints`.
pub fn panel_extras(p: &Value, s: &mut Map<String, Value>) {
    for key in ["timeFrom", "timeShift"] {
        if let Some(v) = text(p.get(key)).filter(|v| v != "") {
            s.insert(key.into(), v);
        }
    }
    if p.get("hideTimeOverride") == Some(&json!(true)) {
        s.insert("hideTimeOverride".into(), json!(true));
    }
    if let Some(n) = p.get("maxDataPoints").and_then(Value::as_u64) {
        s.insert("maxDataPoints".into(), json!(n));
    }
    if let Some(n) = p
        .get("maxPerRow")
        .and_then(Value::as_u64)
        .filter(|n| *n <= u64::from(u32::MAX))
    {
        s.insert("maxPerRow".into(), json!(n));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tooltip_leaves_out_grafanas_defaults() {
        assert!(tooltip(&json!({"mode": "single", "sort": "none"})).is_empty());
        assert_eq!(
            Value::Object(tooltip(
                &json!({"mode": "multi", "sort": "desc", "hideZeros": true, "maxHeight": 600})
            )),
            json!({"mode": "multi", "sort": "desc", "hideZeros": true, "maxHeight": 600})
        );
    }

    #[test]
    fn legend_leaves_out_the_defaults() {
        let l =
            json!({"showLegend": true, "displayMode": "list", "placement": "bottom", "calcs": []});
        assert!(legend(&l, "bottom").is_empty());
        assert_eq!(
            Value::Object(legend(&l, "right")),
            json!({"placement": "bottom"})
        );
    }

    #[test]
    fn legend_reads_every_typed_key() {
        let l = json!({"showLegend": false, "displayMode": "table", "placement": "right",
            "calcs": ["mean"], "asTable": true, "sortBy": "Max", "sortDesc": true, "width": 250});
        assert_eq!(
            Value::Object(legend(&l, "bottom")),
            json!({"show": false, "mode": "table", "placement": "right", "calcs": ["mean"],
                   "asTable": true, "sortBy": "Max", "sortDesc": true, "width": 250})
        );
    }

    #[test]
    fn series_style_types_every_non_default_key() {
        let custom = json!({
            "lineInterpolation": "smooth", "gradientMode": "opacity", "spanNulls": 300000,
            "showPoints": "never", "pointSize": 4, "barAlignment": -1,
            "lineStyle": {"fill": "dash", "dash": [10, 10]},
            "thresholdsStyle": {"mode": "line"},
            "hideFrom": {"legend": true, "tooltip": false, "viz": false},
            "axisPlacement": "right", "axisLabel": "s", "axisSoftMin": 0,
            "scaleDistribution": {"type": "log", "log": 2}, "axisGridShow": false,
            // Grafana's defaults: not restated.
            "drawStyle": "line", "axisColorMode": "text", "axisCenteredZero": false
        });
        let mut s = Map::new();
        series_style(&custom, &mut s);
        assert_eq!(
            Value::Object(s),
            json!({"interpolation": "smooth", "gradientMode": "opacity", "lineStyle": "dash",
                   "dash": [10, 10], "spanNulls": 300000, "showPoints": "never", "pointSize": 4,
                   "barAlignment": -1, "thresholdsStyle": "line", "hideFrom": ["legend"],
                   "axis": {"placement": "right", "label": "s", "softMin": 0, "scale": "log2",
                            "gridShow": false}})
        );
        // A scale the typed key cannot say stays out (for `raw:`).
        let mut s = Map::new();
        series_style(
            &json!({"scaleDistribution": {"type": "symlog", "log": 2, "linearThreshold": 1}}),
            &mut s,
        );
        assert!(s.is_empty());
    }

    #[test]
    fn mappings_are_typed_only_when_they_compile_back_the_same() {
        let grafana = json!([
            {"type": "value", "options": {"0": {"text": "Down", "color": "red", "index": 0},
                                          "1": {"text": "Up", "color": "green", "index": 1}}},
            {"type": "range", "options": {"from": 2, "to": null, "result": {"text": "Many", "index": 2}}},
            {"type": "special", "options": {"match": "null", "result": {"text": "N/A", "index": 3}}}
        ]);
        let typed = mappings(grafana.as_array().unwrap()).unwrap();
        assert_eq!(
            Value::Array(typed),
            json!([{"text": "Down", "color": "red", "value": "0"},
                   {"text": "Up", "color": "green", "value": "1"},
                   {"text": "Many", "from": 2},
                   {"text": "N/A", "special": "null"}])
        );
        // An extra key in a result: not expressible.
        let odd = json!([{"type": "value", "options": {"0": {"text": "x", "icon": "y"}}}]);
        assert!(mappings(odd.as_array().unwrap()).is_none());
    }

    #[test]
    fn standard_fields_and_panel_extras() {
        let mut s = Map::new();
        standard_fields(
            &json!({"noValue": "N/A", "displayName": "${__field.labels.pod}",
                    "color": {"mode": "continuous-GrYlRd"}}),
            "stat",
            &mut s,
        );
        // The panel type's own color mode is not restated.
        standard_fields(&json!({"color": {"mode": "thresholds"}}), "stat", &mut s);
        assert_eq!(
            Value::Object(s),
            json!({"noValue": "N/A", "displayName": "${__field.labels.pod}",
                   "colorScheme": "continuous-GrYlRd"})
        );
        let mut s = Map::new();
        panel_extras(
            &json!({"timeFrom": "1h", "timeShift": "", "hideTimeOverride": true, "maxDataPoints": 100,
                    "maxPerRow": 6}),
            &mut s,
        );
        assert_eq!(
            Value::Object(s),
            json!({"timeFrom": "1h", "hideTimeOverride": true, "maxDataPoints": 100, "maxPerRow": 6})
        );
        let mut s = Map::new();
        type_options(&json!({"displayLabels": ["percent"]}), "piechart", &mut s);
        assert_eq!(Value::Object(s), json!({"displayLabels": ["percent"]}));
    }

    #[test]
    fn query_keys_read_loki_and_prometheus_targets() {
        let mut q = Map::new();
        query_keys(&json!({"queryType": "instant"}), "loki", &mut q);
        assert_eq!(Value::Object(q), json!({"instant": true}));
        let mut q = Map::new();
        query_keys(
            &json!({"queryType": "range", "instant": true}),
            "loki",
            &mut q,
        );
        assert!(q.is_empty());
        let mut q = Map::new();
        query_keys(
            &json!({"instant": true, "step": 240, "intervalFactor": 2, "exemplar": true}),
            "prometheus",
            &mut q,
        );
        assert_eq!(
            Value::Object(q),
            json!({"instant": true, "step": 240, "intervalFactor": 2, "exemplar": true})
        );
    }

    #[test]
    fn type_options_of_stat_table_and_logs() {
        let mut s = Map::new();
        type_options(
            &json!({"textMode": "value", "justifyMode": "center", "text": {"valueSize": 20}}),
            "stat",
            &mut s,
        );
        assert_eq!(
            Value::Object(s),
            json!({"textMode": "value", "justifyMode": "center", "valueSize": 20})
        );
        let mut s = Map::new();
        type_options(
            &json!({"showHeader": false, "cellHeight": "sm", "frameIndex": 1,
                    "sortBy": [{"displayName": "Value", "desc": true}],
                    "footer": {"show": false, "enablePagination": true}}),
            "table",
            &mut s,
        );
        table_fields(
            &json!({"align": "center", "cellOptions": {"type": "color-text"}, "inspect": false}),
            &mut s,
        );
        assert_eq!(
            Value::Object(s),
            json!({"showHeader": false, "frameIndex": 1,
                   "sortBy": [{"displayName": "Value", "desc": true}], "pagination": true,
                   "align": "center", "cellType": "color-text"})
        );
        let mut s = Map::new();
        type_options(
            &json!({"prettifyLogMessage": true, "dedupStrategy": "exact", "enableLogDetails": true}),
            "logs",
            &mut s,
        );
        assert_eq!(
            Value::Object(s),
            json!({"prettify": true, "dedup": "exact"})
        );
    }
}
