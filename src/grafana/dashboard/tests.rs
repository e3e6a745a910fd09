use serde_json::{Value, json};

use super::options::{ReduceOptions, StatOptions};
use super::*;

fn to_value(d: &Dashboard) -> Value {
    serde_json::from_slice(&d.to_json().unwrap()).unwrap()
}

#[test]
fn schema_versions_by_grafana_version() {
    assert_eq!(schema_version_for("10.4.1"), 39);
    assert_eq!(schema_version_for("11.4.0"), 39);
    assert_eq!(schema_version_for("11.5.2"), 40);
    assert_eq!(schema_version_for("11.6.0"), 41);
    assert_eq!(schema_version_for("12.0.0"), 41);
    assert_eq!(schema_version_for("v12.3.1"), 42);
    assert_eq!(schema_version_for("13"), 42);
    assert_eq!(schema_version_for("9.5.0"), 37);
    assert_eq!(schema_version_for("nonsense"), LATEST_SCHEMA_VERSION);
}

#[test]
fn new_dashboard_has_grafana_top_level_fields() {
    let v = to_value(&Dashboard::new("u1", "T"));
    let keys: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(
        keys,
        [
            "annotations",
            "editable",
            "fiscalYearStartMonth",
            "graphTooltip",
            "id",
            "links",
            "panels",
            "refresh",
            "schemaVersion",
            "tags",
            "templating",
            "time",
            "timepicker",
            "timezone",
            "title",
            "uid"
        ]
    );
    assert_eq!(v["id"], Value::Null);
    assert_eq!(v["refresh"], "");
    assert_eq!(
        v["annotations"]["list"][0],
        json!({"builtIn": 1, "datasource": {"type": "grafana", "uid": "-- Grafana --"},
               "enable": true, "hide": true, "iconColor": "rgba(0, 211, 255, 1)",
               "name": "Annotations & Alerts", "type": "dashboard"})
    );
}

#[test]
fn panel_builder_writes_grafana_shapes() {
    let d = Dashboard::new("u", "T")
        .panel(
            Panel::timeseries("Req")
                .datasource_uid("prometheus", "${datasource}")
                .target(Target::expr("A", "up").legend("{{job}}"))
                .unit("reqps")
                .min(0.0)
                .thresholds(Thresholds::absolute("green", [(80.0, "red")]))
                .override_field(
                    FieldOverride::new("byName", "errors")
                        .property("color", json!({"mode": "fixed", "fixedColor": "red"})),
                ),
        )
        .auto_layout();
    let p = &to_value(&d)["panels"][0];
    assert_eq!(p["id"], 1);
    assert_eq!(p["type"], "timeseries");
    assert_eq!(p["gridPos"], json!({"h": 8, "w": 12, "x": 0, "y": 0}));
    assert_eq!(
        p["targets"][0],
        json!({"datasource": {"type": "prometheus", "uid": "${datasource}"}, "editorMode": "code",
               "expr": "up", "legendFormat": "{{job}}", "refId": "A"})
    );
    assert_eq!(
        p["fieldConfig"]["defaults"],
        json!({"min": 0, "thresholds": {"mode": "absolute", "steps": [{"color": "green", "value": null}, {"color": "red", "value": 80}]}, "unit": "reqps"})
    );
    assert_eq!(
        p["fieldConfig"]["overrides"][0]["matcher"],
        json!({"id": "byName", "options": "errors"})
    );
    assert_eq!(p["options"], json!({}));
}

#[test]
fn typed_options_set_panel_type() {
    let p = Panel::with_options(
        "Up",
        StatOptions {
            reduce_options: Some(ReduceOptions::calc("lastNotNull")),
            ..Default::default()
        },
    );
    assert_eq!(p.kind, "stat");
    assert_eq!(
        p.options.unwrap()["reduceOptions"]["calcs"],
        json!(["lastNotNull"])
    );
}

#[test]
fn flow_layout_wraps_and_rows_span_full_width() {
    let d = Dashboard::new("u", "T")
        .panel(Panel::row("A"))
        .panel(Panel::stat("s1").size(6, 4))
        .panel(Panel::stat("s2").size(6, 4))
        .panel(Panel::timeseries("t1").size(12, 8))
        .panel(Panel::timeseries("t2").size(24, 8))
        .panel(Panel::collapsed_row(
            "B",
            vec![Panel::logs("l").size(24, 10), Panel::stat("x")],
        ))
        .panel(Panel::row("C"))
        .panel(Panel::text("note", "hi"))
        .auto_layout();
    let pos: Vec<(u32, u32, u32, u32)> = d
        .all_panels()
        .iter()
        .map(|p| {
            let g = p.grid_pos.unwrap();
            (g.x, g.y, g.w, g.h)
        })
        .collect();
    assert_eq!(
        pos,
        [
            (0, 0, 24, 1),  // row A
            (0, 1, 6, 4),   // s1
            (6, 1, 6, 4),   // s2
            (12, 1, 12, 8), // t1 fits on the same line
            (0, 9, 24, 8),  // t2 wraps below the tallest
            (0, 17, 24, 1), // collapsed row B
            (0, 18, 24, 10),
            (0, 28, 12, 8),
            (0, 18, 24, 1), // row C: collapsed children take no space
            (0, 19, 12, 8),
        ]
    );
    let ids: Vec<u32> = d.all_panels().iter().map(|p| p.id.unwrap()).collect();
    assert_eq!(ids, (1..=10).collect::<Vec<_>>());
}

#[test]
fn assign_ids_skips_taken_ids() {
    let d = Dashboard::new("u", "T")
        .panel(Panel::stat("a"))
        .panel(Panel::stat("b").id(1))
        .panel(Panel::stat("c"))
        .assign_panel_ids();
    let ids: Vec<u32> = d.panels.iter().map(|p| p.id.unwrap()).collect();
    assert_eq!(ids, [2, 1, 3]);
}

#[test]
fn variables_of_every_kind() {
    let prom = DataSourceRef::new("prometheus", "${datasource}");
    let d = Dashboard::new("u", "T")
        .variable(Variable::datasource("datasource", "prometheus").label("Data source"))
        .variable(
            Variable::query("job", prom.clone(), "label_values(up, job)")
                .multi(true)
                .include_all(Some(".*"))
                .sort(1),
        )
        .variable(Variable::custom("env", ["prod", "dev"]))
        .variable(Variable::interval("step", ["1m", "5m"]))
        .variable(Variable::constant("cluster", "eu-1"))
        .variable(Variable::textbox("filter", ""))
        .variable(Variable::adhoc("filters", prom));
    let v = to_value(&d);
    let list = v["templating"]["list"].as_array().unwrap();
    let kinds: Vec<&str> = list.iter().map(|v| v["type"].as_str().unwrap()).collect();
    assert_eq!(
        kinds,
        [
            "datasource",
            "query",
            "custom",
            "interval",
            "constant",
            "textbox",
            "adhoc"
        ]
    );
    assert_eq!(
        list[1],
        json!({"allValue": ".*", "datasource": {"type": "prometheus", "uid": "${datasource}"},
               "definition": "label_values(up, job)", "includeAll": true, "multi": true,
               "name": "job", "options": [], "query": "label_values(up, job)", "refresh": 2,
               "sort": 1, "type": "query"})
    );
    assert_eq!(list[2]["query"], "prod,dev");
    assert_eq!(list[2]["current"], json!({"text": "prod", "value": "prod"}));
    assert_eq!(list[4]["hide"], 2);
}

#[test]
fn deserialise_keeps_unknown_fields_and_legacy_datasource_names() {
    let src = json!({
        "uid": "x", "title": "X", "schemaVersion": 16, "refresh": false,
        "weird": {"a": 1},
        "panels": [{"type": "graph", "title": "g", "datasource": "Prometheus", "yaxes": [1, 2],
                    "targets": [{"refId": "A", "expr": "up", "step": 10}]}]
    });
    let d: Dashboard = serde_json::from_value(src).unwrap();
    assert_eq!(d.refresh, "");
    assert_eq!(
        d.panels[0]
            .datasource
            .as_ref()
            .unwrap()
            .legacy_name
            .as_deref(),
        Some("Prometheus")
    );
    let v = to_value(&d);
    assert_eq!(v["weird"], json!({"a": 1}));
    assert_eq!(v["panels"][0]["datasource"], "Prometheus");
    assert_eq!(v["panels"][0]["yaxes"], json!([1, 2]));
    assert_eq!(v["panels"][0]["targets"][0]["step"], 10);
}

#[test]
fn output_is_byte_stable_and_newline_terminated() {
    let build = || {
        Dashboard::new("u", "T")
            .variable(Variable::custom("a", ["1", "2"]))
            .panel(
                Panel::stat("s")
                    .extra("zzz", json!(1))
                    .extra("aaa", json!(2)),
            )
            .auto_layout()
            .to_json()
            .unwrap()
    };
    let a = build();
    assert_eq!(a, build());
    assert_eq!(a.last(), Some(&b'\n'));
    let text = String::from_utf8(a).unwrap();
    assert!(text.find("\"aaa\"").unwrap() < text.find("\"zzz\"").unwrap());
}

#[test]
fn example_dashboard_snapshot() {
    let d = Dashboard::new("api-overview", "API overview")
        .tag("api")
        .refresh("30s")
        .graph_tooltip(GraphTooltip::SharedCrosshair)
        .variable(Variable::datasource("datasource", "prometheus").label("Data source"))
        .panel(Panel::row("Traffic"))
        .panel(
            Panel::timeseries("Requests/s")
                .datasource_uid("prometheus", "${datasource}")
                .target(
                    Target::expr(
                        "A",
                        "sum by (job) (rate(http_requests_total[$__rate_interval]))",
                    )
                    .legend("{{job}}"),
                )
                .unit("reqps"),
        )
        .panel(Panel::text("Notes", "**hello**").size(12, 4))
        .link(DashboardLink::dashboards("API", ["api"]).as_dropdown(true))
        .auto_layout();
    insta::assert_snapshot!(String::from_utf8(d.to_json().unwrap()).unwrap());
}
