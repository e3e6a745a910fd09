//! Typed panel option blocks → Grafana JSON: the tooltip and the legend. Every value left
//! unset is Grafana's own default, so an imported dashboard need not restate it.

use serde_json::{Map, Value, json};

use super::json::put;
use crate::source::format::{
    Legend, LegendOrFormat, Mapping, PanelSpec, PanelType, QuerySpec, SpanNulls, ValueAxis,
};

/// `options.tooltip`: Grafana's default is a single-series tooltip, unsorted.
pub fn tooltip(spec: &PanelSpec) -> Value {
    let t = spec.tooltip.clone().unwrap_or_default();
    let mut m = Map::new();
    m.insert(
        "mode".into(),
        t.mode.unwrap_or_else(|| "single".into()).into(),
    );
    m.insert(
        "sort".into(),
        t.sort.unwrap_or_else(|| "none".into()).into(),
    );
    put(&mut m, "hideZeros", t.hide_zeros);
    put(&mut m, "maxHeight", t.max_height);
    put(&mut m, "maxWidth", t.max_width);
    Value::Object(m)
}

/// `options.legend`, placed at `placement` unless the source says otherwise.
pub fn legend(spec: &PanelSpec, placement: &str) -> Value {
    let settings: Legend = match spec.legend.as_ref().map(|l| &l.value) {
        Some(LegendOrFormat::Settings(s)) => s.clone(),
        _ => Legend::default(),
    };
    let mut m = Map::new();
    m.insert("showLegend".into(), settings.show.unwrap_or(true).into());
    m.insert(
        "displayMode".into(),
        settings.mode.unwrap_or_else(|| "list".into()).into(),
    );
    m.insert(
        "placement".into(),
        settings
            .placement
            .unwrap_or_else(|| placement.into())
            .into(),
    );
    m.insert("calcs".into(), json!(settings.calcs));
    put(&mut m, "asTable", settings.as_table);
    put(&mut m, "sortBy", settings.sort_by);
    put(&mut m, "sortDesc", settings.sort_desc);
    put(&mut m, "width", settings.width);
    if !settings.values.is_empty() {
        m.insert("values".into(), json!(settings.values));
    }
    Value::Object(m)
}

/// The series style of a time series (`fieldConfig.defaults.custom`): only what the source
/// sets, the rest is Grafana's default.
pub fn series_style(spec: &PanelSpec, c: &mut Map<String, Value>) {
    put(c, "lineInterpolation", spec.interpolation.clone());
    put(c, "gradientMode", spec.gradient_mode.clone());
    if let Some(fill) = &spec.line_style {
        let mut style = Map::new();
        style.insert("fill".into(), fill.clone().into());
        if !spec.dash.is_empty() {
            let dash: Vec<Value> = spec.dash.iter().map(|d| number(*d)).collect();
            style.insert("dash".into(), Value::Array(dash));
        }
        c.insert("lineStyle".into(), Value::Object(style));
    }
    match spec.span_nulls {
        Some(SpanNulls::Always(b)) => {
            c.insert("spanNulls".into(), b.into());
        }
        Some(SpanNulls::Below(ms)) => {
            c.insert("spanNulls".into(), number(ms));
        }
        None => {}
    }
    put(c, "showPoints", spec.show_points.clone());
    if let Some(size) = spec.point_size {
        c.insert("pointSize".into(), number(size));
    }
    put(c, "barAlignment", spec.bar_alignment);
    if let Some(mode) = &spec.thresholds_style {
        c.insert("thresholdsStyle".into(), json!({"mode": mode}));
    }
    if !spec.hide_from.is_empty() {
        let hidden = |k: &str| spec.hide_from.iter().any(|h| h == k);
        c.insert(
            "hideFrom".into(),
            json!({"legend": hidden("legend"), "tooltip": hidden("tooltip"), "viz": hidden("viz")}),
        );
    }
    if let Some(axis) = &spec.axis {
        axis_fields(axis, c);
    }
}

fn axis_fields(axis: &ValueAxis, c: &mut Map<String, Value>) {
    put(c, "axisPlacement", axis.placement.clone());
    put(c, "axisLabel", axis.label.clone());
    if let Some(v) = axis.soft_min {
        c.insert("axisSoftMin".into(), number(v));
    }
    if let Some(v) = axis.soft_max {
        c.insert("axisSoftMax".into(), number(v));
    }
    if let Some(scale) = axis.scale.as_deref().and_then(scale_distribution) {
        c.insert("scaleDistribution".into(), scale);
    }
    put(c, "axisCenteredZero", axis.centered_zero);
    put(c, "axisColorMode", axis.color_mode.clone());
    put(c, "axisBorderShow", axis.border_show);
    put(c, "axisGridShow", axis.grid_show);
    if let Some(v) = axis.width {
        c.insert("axisWidth".into(), number(v));
    }
}

/// `linear`, `log2`, `symlog10`, … → `scaleDistribution`.
pub fn scale_distribution(scale: &str) -> Option<Value> {
    if scale == "linear" {
        return Some(json!({"type": "linear"}));
    }
    let (kind, base) = match scale.strip_prefix("symlog") {
        Some(base) => ("symlog", base),
        None => ("log", scale.strip_prefix("log")?),
    };
    let base: u32 = base.parse().ok().filter(|b| *b == 2 || *b == 10)?;
    Some(json!({"type": kind, "log": base}))
}

/// An integral float as an integer, as Grafana's editors save it.
fn number(v: f64) -> Value {
    if v.fract() == 0.0 && v.abs() < 9.0e15 {
        json!(v as i64)
    } else {
        json!(v)
    }
}

/// Standard field options every typed panel with fields has: no-value text, display name,
/// color scheme and value mappings.
pub fn standard_fields(spec: &PanelSpec, d: &mut Map<String, Value>) {
    put(d, "noValue", spec.no_value.clone());
    put(d, "displayName", spec.display_name.clone());
    if let Some(scheme) = &spec.color_scheme {
        let mut color = Map::new();
        color.insert("mode".into(), scheme.clone().into());
        put(&mut color, "fixedColor", spec.color.clone());
        d.insert("color".into(), Value::Object(color));
    }
    if !spec.mappings.is_empty() {
        d.insert("mappings".into(), mappings(&spec.mappings));
    }
    if !spec.data_links.is_empty() {
        let links: Vec<Value> = spec
            .data_links
            .iter()
            .map(|l| {
                let mut m = Map::new();
                m.insert("title".into(), l.title.clone().into());
                m.insert("url".into(), l.url.clone().into());
                put(&mut m, "targetBlank", l.target_blank);
                Value::Object(m)
            })
            .collect();
        d.insert("links".into(), Value::Array(links));
    }
    put(d, "fieldMinMax", spec.field_min_max);
}

/// Value mappings as Grafana's editor saves them: every `value` entry in one mapping (at the
/// first one's place), each other entry its own, `index` the entry's position.
pub fn mappings(entries: &[Mapping]) -> Value {
    let mut out: Vec<Value> = Vec::new();
    let mut values_at: Option<usize> = None;
    for (index, e) in entries.iter().enumerate() {
        let mut result = Map::new();
        put(&mut result, "text", e.text.clone());
        put(&mut result, "color", e.color.clone());
        result.insert("index".into(), index.into());
        let result = Value::Object(result);
        if let Some(v) = &e.value {
            match values_at.and_then(|i| out.get_mut(i)) {
                Some(m) => {
                    if let Some(o) = m.get_mut("options").and_then(Value::as_object_mut) {
                        o.insert(v.clone(), result);
                    }
                }
                None => {
                    values_at = Some(out.len());
                    out.push(json!({"type": "value", "options": {v.clone(): result}}));
                }
            }
        } else if e.from.is_some() || e.to.is_some() {
            let bound = |b: Option<f64>| b.map_or(Value::Null, number);
            out.push(json!({"type": "range", "options": {"from": bound(e.from), "to": bound(e.to), "result": result}}));
        } else if let Some(pattern) = &e.regex {
            out.push(json!({"type": "regex", "options": {"pattern": pattern, "result": result}}));
        } else if let Some(m) = &e.special {
            out.push(json!({"type": "special", "options": {"match": m, "result": result}}));
        }
    }
    Value::Array(out)
}

/// Panel keys outside the field config: time overrides and data points.
pub fn panel_extras(spec: &PanelSpec, m: &mut Map<String, Value>) {
    put(m, "timeFrom", spec.time_from.clone());
    put(m, "timeShift", spec.time_shift.clone());
    put(m, "hideTimeOverride", spec.hide_time_override);
    put(m, "maxDataPoints", spec.max_data_points);
    put(m, "maxPerRow", spec.max_per_row);
}

/// Options of one panel type beyond the common ones (stat text, table, logs), merged into
/// the options the compiler writes.
pub fn type_options(spec: &PanelSpec, kind: PanelType, o: &mut Value) {
    let Some(o) = o.as_object_mut() else {
        return;
    };
    match kind {
        PanelType::Stat | PanelType::Gauge | PanelType::Bargauge => {
            put(o, "textMode", spec.text_mode.clone());
            if kind == PanelType::Stat {
                put(o, "justifyMode", spec.justify_mode.clone());
            }
            if spec.title_size.is_some() || spec.value_size.is_some() {
                let mut text = Map::new();
                put(&mut text, "titleSize", spec.title_size);
                put(&mut text, "valueSize", spec.value_size);
                o.insert("text".into(), Value::Object(text));
            }
        }
        PanelType::Piechart if !spec.display_labels.is_empty() => {
            o.insert("displayLabels".into(), json!(spec.display_labels));
        }
        PanelType::Table => {
            put(o, "showHeader", spec.show_header);
            put(o, "cellHeight", spec.cell_height.clone());
            put(o, "frameIndex", spec.frame_index);
            if !spec.sort_by.is_empty() {
                o.insert("sortBy".into(), json!(spec.sort_by));
            }
            if let Some(p) = spec.pagination {
                o.insert("footer".into(), json!({"enablePagination": p}));
            }
        }
        PanelType::Logs => {
            put(o, "prettifyLogMessage", spec.prettify);
            put(o, "dedupStrategy", spec.dedup.clone());
            put(o, "showLabels", spec.show_labels);
            put(o, "showCommonLabels", spec.show_common_labels);
            put(o, "enableLogDetails", spec.log_details);
        }
        _ => {}
    }
}

/// A table's column settings (`fieldConfig.defaults.custom`).
pub fn table_fields(spec: &PanelSpec, c: &mut Map<String, Value>) {
    put(c, "align", spec.align.clone());
    if spec.cell_type.is_some() || spec.cell_mode.is_some() || spec.wrap_text.is_some() {
        let mut o = Map::new();
        o.insert(
            "type".into(),
            spec.cell_type
                .clone()
                .unwrap_or_else(|| "auto".into())
                .into(),
        );
        put(&mut o, "mode", spec.cell_mode.clone());
        put(&mut o, "wrapText", spec.wrap_text);
        c.insert("cellOptions".into(), Value::Object(o));
    }
    put(c, "minWidth", spec.min_width);
    put(c, "filterable", spec.filterable);
    put(c, "inspect", spec.inspect);
}

/// Query keys beyond expression and legend: `step`, `intervalFactor`, `exemplar` and a
/// `queryType` the source names (over the one `instant` gives Loki queries).
pub fn query_fields(q: &QuerySpec, t: &mut Map<String, Value>) {
    if let Some(v) = q.step {
        t.insert("step".into(), number(v));
    }
    if let Some(v) = q.interval_factor {
        t.insert("intervalFactor".into(), number(v));
    }
    put(t, "exemplar", q.exemplar);
    put(t, "queryType", q.query_type.clone());
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::de::Spanned;
    use crate::source::format::Tooltip;

    #[test]
    fn unset_tooltip_is_grafanas_default() {
        assert_eq!(
            tooltip(&PanelSpec::default()),
            json!({"mode": "single", "sort": "none"})
        );
        let spec = PanelSpec {
            tooltip: Some(Tooltip {
                mode: Some("multi".into()),
                sort: Some("desc".into()),
                hide_zeros: Some(true),
                max_height: Some(600),
                max_width: None,
                value_type: None,
            }),
            ..Default::default()
        };
        assert_eq!(
            tooltip(&spec),
            json!({"mode": "multi", "sort": "desc", "hideZeros": true, "maxHeight": 600})
        );
    }

    #[test]
    fn legend_keys_map_to_grafana_fields() {
        let spec = PanelSpec {
            legend: Some(Spanned::new(
                LegendOrFormat::Settings(Legend {
                    mode: Some("table".into()),
                    as_table: Some(true),
                    sort_by: Some("Mean".into()),
                    sort_desc: Some(true),
                    width: Some(300),
                    calcs: vec!["mean".into()],
                    ..Default::default()
                }),
                0..0,
            )),
            ..Default::default()
        };
        assert_eq!(
            legend(&spec, "bottom"),
            json!({"showLegend": true, "displayMode": "table", "placement": "bottom",
                   "calcs": ["mean"], "asTable": true, "sortBy": "Mean", "sortDesc": true, "width": 300})
        );
    }

    #[test]
    fn series_style_writes_only_what_is_set() {
        let mut c = Map::new();
        series_style(&PanelSpec::default(), &mut c);
        assert!(c.is_empty());
        let spec = PanelSpec {
            interpolation: Some("smooth".into()),
            gradient_mode: Some("opacity".into()),
            line_style: Some("dash".into()),
            dash: vec![10.0, 10.0],
            span_nulls: Some(SpanNulls::Below(300000.0)),
            show_points: Some("never".into()),
            point_size: Some(4.0),
            bar_alignment: Some(-1),
            thresholds_style: Some("line".into()),
            hide_from: vec!["legend".into()],
            axis: Some(ValueAxis {
                placement: Some("right".into()),
                soft_min: Some(0.0),
                scale: Some("log2".into()),
                grid_show: Some(false),
                ..Default::default()
            }),
            ..Default::default()
        };
        series_style(&spec, &mut c);
        assert_eq!(
            Value::Object(c),
            json!({"lineInterpolation": "smooth", "gradientMode": "opacity",
                   "lineStyle": {"fill": "dash", "dash": [10, 10]}, "spanNulls": 300000,
                   "showPoints": "never", "pointSize": 4, "barAlignment": -1,
                   "thresholdsStyle": {"mode": "line"},
                   "hideFrom": {"legend": true, "tooltip": false, "viz": false},
                   "axisPlacement": "right", "axisSoftMin": 0,
                   "scaleDistribution": {"type": "log", "log": 2}, "axisGridShow": false})
        );
        assert_eq!(
            scale_distribution("symlog10"),
            Some(json!({"type": "symlog", "log": 10}))
        );
        assert_eq!(scale_distribution("log3"), None);
    }

    #[test]
    fn mappings_compile_as_grafanas_editor_saves_them() {
        let m = |f: fn(&mut Mapping)| {
            let mut x = Mapping::default();
            f(&mut x);
            x
        };
        let entries = vec![
            m(|x| {
                x.value = Some("0".into());
                x.text = Some("Down".into());
                x.color = Some("red".into());
            }),
            m(|x| {
                x.from = Some(2.0);
                x.text = Some("Many".into());
            }),
            m(|x| {
                x.value = Some("1".into());
                x.text = Some("Up".into());
            }),
            m(|x| {
                x.special = Some("null".into());
                x.text = Some("N/A".into());
            }),
        ];
        assert_eq!(
            mappings(&entries),
            json!([
                {"type": "value", "options": {"0": {"text": "Down", "color": "red", "index": 0},
                                              "1": {"text": "Up", "index": 2}}},
                {"type": "range", "options": {"from": 2, "to": null, "result": {"text": "Many", "index": 1}}},
                {"type": "special", "options": {"match": "null", "result": {"text": "N/A", "index": 3}}}
            ])
        );
    }

    #[test]
    fn standard_fields_and_panel_extras() {
        let spec = PanelSpec {
            no_value: Some("N/A".into()),
            color_scheme: Some("shades".into()),
            color: Some("red".into()),
            time_from: Some("1h".into()),
            max_data_points: Some(100),
            ..Default::default()
        };
        let mut d = Map::new();
        standard_fields(&spec, &mut d);
        assert_eq!(
            Value::Object(d),
            json!({"noValue": "N/A", "color": {"mode": "shades", "fixedColor": "red"}})
        );
        let mut m = Map::new();
        panel_extras(&spec, &mut m);
        assert_eq!(
            Value::Object(m),
            json!({"timeFrom": "1h", "maxDataPoints": 100})
        );
    }

    #[test]
    fn type_options_table_fields_and_query_fields() {
        let spec = PanelSpec {
            text_mode: Some("value".into()),
            value_size: Some(20),
            show_header: Some(false),
            sort_by: vec![crate::source::format::ColumnSort {
                display_name: "Value".into(),
                desc: true,
            }],
            pagination: Some(true),
            align: Some("center".into()),
            cell_type: Some("color-text".into()),
            prettify: Some(true),
            ..Default::default()
        };
        let mut o = json!({});
        type_options(&spec, PanelType::Stat, &mut o);
        assert_eq!(o, json!({"textMode": "value", "text": {"valueSize": 20}}));
        let mut o = json!({});
        type_options(&spec, PanelType::Table, &mut o);
        assert_eq!(
            o,
            json!({"showHeader": false, "sortBy": [{"displayName": "Value", "desc": true}],
                   "footer": {"enablePagination": true}})
        );
        let mut o = json!({});
        type_options(&spec, PanelType::Logs, &mut o);
        assert_eq!(o, json!({"prettifyLogMessage": true}));
        let mut c = Map::new();
        table_fields(&spec, &mut c);
        assert_eq!(
            Value::Object(c),
            json!({"align": "center", "cellOptions": {"type": "color-text"}})
        );
        let q = QuerySpec {
            step: Some(240.0),
            interval_factor: Some(2.0),
            exemplar: Some(true),
            query_type: Some("stream".into()),
            ..Default::default()
        };
        let mut t = Map::new();
        query_fields(&q, &mut t);
        assert_eq!(
            Value::Object(t),
            json!({"step": 240, "intervalFactor": 2, "exemplar": true, "queryType": "stream"})
        );
    }
}
