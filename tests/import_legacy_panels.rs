#![recursion_limit = "256"]
//! Legacy panels in the typed source form, both ways: the typed `graph` keys compile to the
//! graph plugin's JSON, and importing that JSON (or an export as Grafana writes it, with every
//! default spelled out) gives back the same keys with no `raw:`, identical under `--verify`.

mod import_support;

use import_support::{build, repo};
use serde_json::{Value, json};

/// Imports `json` into a fresh monorepo; returns the written source (parsed) and asserts
/// `--verify` found it identical.
fn import(json: &Value) -> Value {
    import_support::import(json).source
}

const GRAPH_SOURCE: &str = r##"
title: Legacy
uid: legacy
datasource: prometheus
panels:
  - type: graph
    title: Requests
    queries:
      - expr: sum by (code) (rate(http_requests_total[5m]))
        legend: "{{code}}"
    unit: reqps
    min: 0
    max: 100
    decimals: 2
    axisLabel: per second
    logBase: 10
    rightAxis: {show: false}
    fill: 2
    fillGradient: 4
    lineWidth: 2
    drawStyle: bars
    pointRadius: 5
    stacking: percent
    nullPointMode: null as zero
    steppedLine: true
    dashes: true
    legend: {placement: right, mode: table, calcs: [mean, max], sortBy: max, sortDesc: true, width: 300, hideEmpty: true, hideZero: true}
    tooltip: {mode: single, sort: desc, valueType: cumulative}
    seriesOverrides: [{alias: "5xx", color: "#E02F44", yaxis: 2}]
    aliasColors: {"2xx": green}
"##;

fn panel_source(source: &Value) -> &Value {
    &source["panels"][0]
}

#[test]
fn typed_graph_keys_compile_to_the_graph_plugin_json() {
    let work = tempfile::tempdir().unwrap();
    repo(work.path(), &[("legacy.yaml", GRAPH_SOURCE)]);
    let dashboards = build(work.path());
    let p = &dashboards[0]["panels"][0];
    assert_eq!(p["type"], "graph");
    assert_eq!(
        p["yaxes"],
        json!([
            {"format": "reqps", "label": "per second", "logBase": 10, "min": 0, "max": 100, "show": true},
            {"format": "short", "logBase": 1, "show": false}
        ])
    );
    for (key, value) in [
        ("decimals", json!(2)),
        ("fill", json!(2)),
        ("fillGradient", json!(4)),
        ("linewidth", json!(2)),
        ("lines", json!(false)),
        ("bars", json!(true)),
        ("points", json!(false)),
        ("pointradius", json!(5)),
        ("stack", json!(true)),
        ("percentage", json!(true)),
        ("nullPointMode", json!("null as zero")),
        ("steppedLine", json!(true)),
        ("dashes", json!(true)),
        (
            "tooltip",
            json!({"shared": false, "sort": 2, "value_type": "cumulative"}),
        ),
        (
            "seriesOverrides",
            json!([{"alias": "5xx", "color": "#E02F44", "yaxis": 2}]),
        ),
        ("aliasColors", json!({"2xx": "green"})),
        (
            "legend",
            json!({"show": true, "values": true, "avg": true, "current": false, "max": true,
                   "min": false, "total": false, "alignAsTable": true, "rightSide": true,
                   "sideWidth": 300, "sort": "max", "sortDesc": true, "hideEmpty": true,
                   "hideZero": true}),
        ),
    ] {
        assert_eq!(p[key], value, "{key}");
    }
    assert_eq!(p["targets"][0]["legendFormat"], "{{code}}");
}

#[test]
fn compiled_graph_imports_back_to_the_same_keys_without_raw() {
    let work = tempfile::tempdir().unwrap();
    repo(work.path(), &[("legacy.yaml", GRAPH_SOURCE)]);
    let compiled = build(work.path()).remove(0);
    let source = import(&compiled);
    let written = panel_source(&source);
    let original: Value = grafcode::import::yaml::from_yaml(GRAPH_SOURCE).unwrap();
    let mut expected = panel_source(&original).clone();
    // The import keeps the panel id; nothing else is added.
    expected["id"] = json!(1);
    let mut written = written.clone();
    if written.get("id").is_none() {
        written["id"] = json!(1);
    }
    assert_eq!(written.get("raw"), None, "{written:#}");
    assert_eq!(
        grafcode::import::normalize::canonical(&written),
        grafcode::import::normalize::canonical(&expected)
    );
}

#[test]
fn a_grafana_export_with_every_default_spelled_out_imports_to_its_choices_only() {
    let export = json!({
        "title": "Exported", "uid": "exported", "schemaVersion": 27,
        "panels": [{
            "id": 1, "type": "graph", "title": "CPU", "gridPos": {"x": 0, "y": 0, "w": 12, "h": 8},
            "datasource": "Prometheus", "renderer": "flot",
            "targets": [{"refId": "A", "expr": "rate(cpu[5m])", "legendFormat": "{{cpu}}"}],
            "yaxes": [
                {"$$hashKey": "object:1", "format": "percentunit", "label": null, "logBase": 1, "max": null, "min": "0", "show": true},
                {"$$hashKey": "object:2", "format": "short", "label": null, "logBase": 1, "max": null, "min": null, "show": false}
            ],
            "xaxis": {"buckets": null, "mode": "time", "name": null, "show": true, "values": []},
            "yaxis": {"align": false, "alignLevel": null},
            "lines": true, "fill": 1, "fillGradient": 0, "linewidth": 1, "dashes": false,
            "hiddenSeries": false, "dashLength": 10, "spaceLength": 10, "points": false,
            "pointradius": 2, "bars": false, "stack": true, "percentage": false,
            "legend": {"alignAsTable": false, "avg": false, "current": true, "max": false, "min": false,
                       "rightSide": false, "show": true, "total": false, "values": true},
            "nullPointMode": "null", "steppedLine": false,
            "tooltip": {"shared": true, "sort": 2, "value_type": "individual"},
            "timeFrom": null, "timeShift": null, "aliasColors": {}, "seriesOverrides": [],
            "thresholds": [], "timeRegions": [], "options": {"alertThreshold": true},
            "fieldConfig": {"defaults": {"custom": {}}, "overrides": []}, "pluginVersion": "7.5.0"
        }]
    });
    let source = import(&export);
    let p = panel_source(&source);
    assert_eq!(p.get("raw"), None, "{p:#}");
    let mut keys: Vec<&str> = p.as_object().unwrap().keys().map(String::as_str).collect();
    keys.sort();
    assert_eq!(
        keys,
        [
            "legend",
            "min",
            "queries",
            "rightAxis",
            "stacking",
            "title",
            "tooltip",
            "type",
            "unit"
        ]
    );
    assert_eq!(p["unit"], "percentunit");
    assert_eq!(p["min"], 0);
    assert_eq!(p["rightAxis"], json!({"show": false}));
    assert_eq!(p["stacking"], "normal");
    assert_eq!(p["tooltip"], json!({"sort": "desc"}));
    assert_eq!(p["legend"], json!({"calcs": ["lastNotNull"]}));
    assert_eq!(
        p["queries"],
        json!([{"expr": "rate(cpu[5m])", "legend": "{{cpu}}"}])
    );
}

const DASHBOARD_SOURCE: &str = r#"
title: Older
uid: older
schemaVersion: 27
refreshIntervals: [30s, 1m, 5m]
datasource: prometheus
links:
  - {title: Docs, url: "https://example.com", icon: doc}
panels:
  - type: stat
    title: Up
    id: 3
    expr: up
  - type: stat
    title: Up again
    fromPanel: 3
"#;

#[test]
fn dashboard_level_keys_and_from_panel_compile_and_import_back() {
    let work = tempfile::tempdir().unwrap();
    repo(work.path(), &[("older.yaml", DASHBOARD_SOURCE)]);
    let compiled = build(work.path()).remove(0);
    assert_eq!(compiled["schemaVersion"], 27);
    assert_eq!(
        compiled["timepicker"],
        json!({"refresh_intervals": ["30s", "1m", "5m"]})
    );
    assert_eq!(compiled["links"][0]["icon"], "doc");
    let reuse = &compiled["panels"][1];
    let dashboard_ds = json!({"type": "datasource", "uid": "-- Dashboard --"});
    assert_eq!(reuse["datasource"], dashboard_ds);
    assert_eq!(
        reuse["targets"],
        json!([{"datasource": dashboard_ds, "panelId": 3, "refId": "A"}])
    );
    let source = import(&compiled);
    assert_eq!(source.get("raw"), None, "{source:#}");
    assert_eq!(source["schemaVersion"], 27);
    assert_eq!(source["refreshIntervals"], json!(["30s", "1m", "5m"]));
    assert_eq!(
        source["links"],
        json!([{"title": "Docs", "url": "https://example.com", "icon": "doc"}])
    );
    assert_eq!(source["panels"][1].get("raw"), None);
    assert_eq!(source["panels"][1]["fromPanel"], 3);
}

#[test]
fn from_panel_with_queries_is_an_error() {
    let work = tempfile::tempdir().unwrap();
    let text = "title: X\ndatasource: prometheus\npanels:\n  - {type: stat, title: A, fromPanel: 1, expr: up}\n";
    repo(work.path(), &[("x.yaml", text)]);
    let tree = grafcode::source::DiskTree::new(work.path());
    let (repo, _) = grafcode::source::load(&tree).unwrap();
    let env = grafcode::compile::environment(&repo, None).unwrap();
    let (_, diags) = grafcode::compile::compile(&repo, &env);
    assert!(
        diags
            .iter()
            .any(|d| d.id == "source/panel-key" && d.message.contains("fromPanel")),
        "{diags:?}"
    );
}

#[test]
fn old_dashboard_defaults_and_typeless_references_import_without_raw() {
    let builtin = json!({"builtIn": 1, "datasource": "-- Grafana --", "enable": true, "hide": true,
        "iconColor": "rgba(0, 211, 255, 1)", "limit": 100, "name": "Annotations & Alerts",
        "showIn": 0, "tags": [], "type": "dashboard",
        "target": {"limit": 100, "matchAny": false, "tags": [], "type": "dashboard"}});
    let export = json!({
        "title": "Old", "uid": "old", "schemaVersion": 16, "hideControls": false, "preload": false,
        "annotations": {"list": [builtin]},
        "timepicker": {
            "hidden": false,
            "refresh_intervals": ["5s", "10s", "30s", "1m", "5m", "15m", "30m", "1h", "2h", "1d"],
            "time_options": ["5m", "15m", "1h", "6h", "12h", "24h", "2d", "7d", "30d"]
        },
        "panels": [{
            "id": 1, "type": "stat", "title": "Up", "gridPos": {"x": 0, "y": 0, "w": 12, "h": 8},
            "datasource": {"uid": "PBFA97CFB590B2093"},
            "targets": [{"refId": "A", "expr": "up"}]
        }]
    });
    let source = import(&export);
    assert_eq!(
        source.get("raw"),
        None,
        "{}",
        serde_json::to_string_pretty(&source).unwrap()
    );
    assert_eq!(source["schemaVersion"], 16);
    assert_eq!(source["panels"][0].get("raw"), None, "{source:#}");
}

const SINGLESTAT_SOURCE: &str = r##"
title: Stats
uid: stats
datasource: prometheus
panels:
  - type: singlestat
    title: Uptime
    expr: time() - process_start_time_seconds
    unit: s
    decimals: 1
    reduce: lastNotNull
    thresholds: {base: "#d44a3a", 3600: orange, 86400: "#299c46"}
    colorMode: background
    graphMode: area
    nullPointMode: null as zero
"##;

#[test]
fn typed_singlestat_keys_compile_and_import_back() {
    let work = tempfile::tempdir().unwrap();
    repo(work.path(), &[("stats.yaml", SINGLESTAT_SOURCE)]);
    let compiled = build(work.path()).remove(0);
    let p = &compiled["panels"][0];
    for (key, value) in [
        ("type", json!("singlestat")),
        ("format", json!("s")),
        ("decimals", json!(1)),
        ("valueName", json!("current")),
        ("thresholds", json!("3600,86400")),
        ("colors", json!(["#d44a3a", "orange", "#299c46"])),
        ("colorBackground", json!(true)),
        ("colorValue", json!(false)),
        ("nullPointMode", json!("null as zero")),
        ("maxDataPoints", json!(100)),
    ] {
        assert_eq!(p[key], value, "{key}");
    }
    assert_eq!(p["sparkline"]["show"], true);
    let source = import(&compiled);
    let written = panel_source(&source);
    assert_eq!(written.get("raw"), None, "{written:#}");
    let original: Value = grafcode::import::yaml::from_yaml(SINGLESTAT_SOURCE).unwrap();
    for key in [
        "unit",
        "decimals",
        "reduce",
        "thresholds",
        "colorMode",
        "graphMode",
        "nullPointMode",
        "expr",
    ] {
        assert_eq!(written[key], panel_source(&original)[key], "{key}");
    }
}

#[test]
fn a_singlestat_export_with_its_defaults_imports_to_its_choices_only() {
    let export = json!({
        "title": "Old stat", "uid": "old-stat",
        "panels": [{
            "id": 1, "type": "singlestat", "title": "Up", "gridPos": {"x": 0, "y": 0, "w": 12, "h": 8},
            "datasource": "Prometheus", "targets": [{"refId": "A", "expr": "up"}],
            "format": "none", "prefix": "", "postfix": "", "nullText": null, "cacheTimeout": null,
            "valueMaps": [{"value": "null", "op": "=", "text": "N/A"}],
            "mappingTypes": [{"name": "value to text", "value": 1}, {"name": "range to text", "value": 2}],
            "rangeMaps": [{"from": "null", "to": "null", "text": "N/A"}], "mappingType": 1,
            "nullPointMode": "connected", "valueName": "avg", "prefixFontSize": "50%",
            "valueFontSize": "80%", "postfixFontSize": "50%", "thresholds": "1,2",
            "colorBackground": false, "colorValue": true, "maxDataPoints": 100, "tableColumn": "",
            "sparkline": {"show": false, "full": false, "ymin": null, "ymax": null,
                          "lineColor": "rgb(31, 120, 193)", "fillColor": "rgba(31, 118, 189, 0.18)"},
            "gauge": {"show": false, "minValue": 0, "maxValue": 100, "thresholdMarkers": true, "thresholdLabels": false}
        }]
    });
    let source = import(&export);
    let p = panel_source(&source);
    assert_eq!(p.get("raw"), None, "{p:#}");
    assert_eq!(p["colorMode"], "value");
    assert_eq!(
        p["thresholds"],
        json!({"base": "#299c46", "1": "rgba(237, 129, 40, 0.89)", "2": "#d44a3a"})
    );
    assert_eq!(p.get("unit"), None);
    assert_eq!(p.get("reduce"), None);
}

#[test]
fn min_span_of_old_schemas_imports_as_the_max_per_row_grafana_makes_of_it() {
    // Schema 14 rows: Grafana's grid upgrade doubles minSpan (12 → 24 columns), then its
    // schema 17 step turns minSpan 4 (now 8) into maxPerRow 3 and deletes it.
    let export = json!({
        "title": "Rows", "uid": "rows", "schemaVersion": 14,
        "rows": [{"title": "A", "height": 250, "panels": [
            {"id": 1, "type": "graph", "title": "CPU", "span": 6, "minSpan": 4,
             "targets": [{"refId": "A", "expr": "rate(cpu[5m])"}], "timeFrom": "1h"},
            {"id": 2, "type": "singlestat", "title": "Up", "span": 6, "minSpan": 1,
             "targets": [{"refId": "A", "expr": "up"}],
             "lines": true, "bars": false, "legend": {"show": true, "avg": false},
             "xaxis": {"show": true, "mode": "time", "values": []}, "aliasColors": {},
             "yaxes": [{"format": "short"}, {"format": "short"}], "seriesOverrides": [],
             "tooltip": {"shared": true}, "renderer": "flot", "linewidth": 1}
        ]}]
    });
    let source = import(&export);
    let graph = panel_source(&source);
    assert_eq!(graph.get("raw"), None, "{graph:#}");
    assert_eq!(graph["maxPerRow"], 3);
    assert_eq!(graph["timeFrom"], "1h");
    // minSpan 1 (2 after the grid upgrade): 12 per row.
    let stat = &source["panels"][1];
    assert_eq!(stat.get("raw"), None, "{stat:#}");
    assert_eq!(stat["maxPerRow"], 12);
    assert_eq!(stat.get("legend"), None);
}

#[test]
fn graph_keys_on_a_singlestat_are_not_what_it_shows() {
    // The single stat plugin never reads the graph's keys: with or without them it is the
    // same panel; its own `nullPointMode` and `thresholds` still count.
    let panel = |extra: Value| {
        let mut p = json!({"id": 1, "type": "singlestat", "title": "Up",
            "gridPos": {"x": 0, "y": 0, "w": 12, "h": 8},
            "targets": [{"refId": "A", "expr": "up"}], "nullPointMode": "null"});
        for (k, v) in extra.as_object().unwrap() {
            p[k] = v.clone();
        }
        grafcode::import::normalize::normalize_dashboard(
            &json!({"title": "S", "panels": [p]}),
            &grafcode::import::normalize::Unmapped,
        )
    };
    let bare = panel(json!({}));
    let with_graph_keys = panel(json!({"fill": 3, "stack": true, "yaxes": [{"min": 0}],
        "legend": {"show": false}, "tooltip": {"sort": 2}}));
    assert_eq!(bare, with_graph_keys);
    assert_ne!(
        bare,
        panel(json!({"nullPointMode": "connected", "thresholds": "1,2"}))
    );
}

#[test]
fn graph_field_defaults_compile_and_generator_leftovers_import_without_raw() {
    // A graph as the Loki and HAProxy mixins write it: the series unit in the field config,
    // time series options the graph never reads, Grafana 4 drilldown links (schema < 19).
    let export = json!({
        "title": "Mixin", "uid": "mixin", "schemaVersion": 16,
        "panels": [{
            "id": 1, "type": "graph", "title": "Requests", "gridPos": {"x": 0, "y": 0, "w": 12, "h": 8},
            "targets": [{"refId": "A", "expr": "rate(requests_total[5m])"}],
            "fieldConfig": {"defaults": {"unit": "reqps", "min": 0, "thresholds": {"steps": []},
                "custom": {"drawStyle": "line", "fillOpacity": 10}}, "overrides": []},
            "options": {"legend": {"showLegend": true}, "tooltip": {"mode": "single", "sort": "none"}},
            "yaxes": [{"decimals": null, "format": "percentunit", "label": "", "logBase": 1, "max": "1", "show": true},
                      {"format": "short", "label": null, "logBase": 1, "show": true}],
            "links": [{"dashboard": "Thanos / Query", "includeVars": true, "keepTime": true,
                       "title": "Thanos / Query", "type": "dashboard"}]
        }]
    });
    let source = import(&export);
    let p = panel_source(&source);
    assert_eq!(p.get("raw"), None, "{p:#}");
    assert_eq!(
        p["fieldDefaults"],
        json!({"unit": "reqps", "min": 0, "thresholds": {}})
    );
    assert_eq!((&p["unit"], &p["max"]), (&json!("percentunit"), &json!(1)));
    assert_eq!(
        p["links"],
        json!([{"title": "Thanos / Query",
                "url": "dashboard/db/thanos-query?$__url_time_range&$__all_variables"}])
    );
}

#[test]
fn typed_graph_field_defaults_compile_to_the_field_config() {
    let text = r##"
title: Fields
uid: fields
datasource: prometheus
panels:
  - type: graph
    title: Latency
    expr: histogram_quantile(0.99, rate(latency_bucket[5m]))
    fieldDefaults: {unit: s, max: 2.5, decimals: 1, thresholds: {base: green, 1: orange, 0.5: yellow}}
"##;
    let work = tempfile::tempdir().unwrap();
    repo(work.path(), &[("fields.yaml", text)]);
    let compiled = build(work.path()).remove(0);
    assert_eq!(
        compiled["panels"][0]["fieldConfig"]["defaults"],
        json!({"unit": "s", "max": 2.5, "decimals": 1, "thresholds": {"mode": "absolute", "steps": [
            {"color": "green", "value": null}, {"color": "yellow", "value": 0.5},
            {"color": "orange", "value": 1}]}})
    );
    let source = import(&compiled);
    assert_eq!(source["panels"][0].get("raw"), None);
    let original: Value = grafcode::import::yaml::from_yaml(text).unwrap();
    assert_eq!(
        source["panels"][0]["fieldDefaults"],
        original["panels"][0]["fieldDefaults"]
    );
}

#[test]
fn axes_with_members_left_out_import_whole_as_y_axes() {
    // The HAProxy mixin's axes: only a minimum, no format, log base or show.
    let export = json!({
        "title": "Bare", "uid": "bare", "schemaVersion": 25,
        "panels": [{
            "id": 1, "type": "graph", "title": "HTTP", "gridPos": {"x": 0, "y": 0, "w": 12, "h": 8},
            "targets": [{"refId": "A", "expr": "rate(http_requests_total[5m])"}],
            "fieldConfig": {"defaults": {"unit": "reqps"}, "overrides": []},
            "yaxes": [{"min": 0}, {"min": 0, "format": "short", "show": false, "$$hashKey": "object:2"}]
        }]
    });
    let source = import(&export);
    let p = panel_source(&source);
    assert_eq!(p.get("raw"), None, "{p:#}");
    assert_eq!(
        p["yAxes"],
        json!([{"min": 0}, {"min": 0, "unit": "short", "show": false}])
    );
    assert_eq!(p.get("unit"), None);
}

#[test]
fn y_axes_beside_an_axis_key_is_an_error() {
    let work = tempfile::tempdir().unwrap();
    let text = "title: X\ndatasource: prometheus\npanels:\n  - {type: graph, title: A, expr: up, unit: s, yAxes: [{min: 0}]}\n";
    repo(work.path(), &[("x.yaml", text)]);
    let tree = grafcode::source::DiskTree::new(work.path());
    let (repo, _) = grafcode::source::load(&tree).unwrap();
    let env = grafcode::compile::environment(&repo, None).unwrap();
    let (_, diags) = grafcode::compile::compile(&repo, &env);
    assert!(
        diags
            .iter()
            .any(|d| d.id == "source/panel-key"
                && d.message.contains("`unit` cannot go with `yAxes`")),
        "{diags:?}"
    );
}

#[test]
fn time_series_leftovers_on_a_singlestat_import_without_raw() {
    // The Cortex mixin builds its single stats from a time series template.
    let export = json!({
        "title": "Cortex", "uid": "cortex", "schemaVersion": 16,
        "panels": [{
            "id": 1, "type": "singlestat", "title": "Rules", "gridPos": {"x": 0, "y": 0, "w": 12, "h": 8},
            "targets": [{"refId": "A", "expr": "sum(rules)"}], "format": "short",
            "fieldConfig": {"defaults": {"custom": {"drawStyle": "line"}, "thresholds": {"steps": []},
                                         "unit": "short"}, "overrides": []},
            "options": {"legend": {"showLegend": true}, "tooltip": {"mode": "single"}}
        }]
    });
    let source = import(&export);
    let p = panel_source(&source);
    assert_eq!(p.get("raw"), None, "{p:#}");
    assert_eq!(p["unit"], "short");
}

const SINGLESTAT_MORE: &str = r##"
title: Gauges
uid: gauges
datasource: prometheus
panels:
  - type: singlestat
    title: Ratio
    expr: up
    singlestatGauge: {show: true, max: 1, thresholdLabels: true}
    colors: [red, yellow, green]
    prefix: "~"
    postfix: " s"
    valueFontSize: 50%
    mappings: [{value: "0", text: DOWN}, {value: "1", text: UP}]
"##;

#[test]
fn singlestat_gauge_colors_texts_and_value_maps_compile_and_import_back() {
    let work = tempfile::tempdir().unwrap();
    repo(work.path(), &[("gauges.yaml", SINGLESTAT_MORE)]);
    let compiled = build(work.path()).remove(0);
    let p = &compiled["panels"][0];
    assert_eq!(
        p["gauge"],
        json!({"show": true, "minValue": 0, "maxValue": 1, "thresholdMarkers": true, "thresholdLabels": true})
    );
    assert_eq!(p["colors"], json!(["red", "yellow", "green"]));
    assert_eq!((&p["prefix"], &p["postfix"]), (&json!("~"), &json!(" s")));
    assert_eq!(p["valueFontSize"], "50%");
    assert_eq!(
        p["valueMaps"],
        json!([{"value": "0", "op": "=", "text": "DOWN"}, {"value": "1", "op": "=", "text": "UP"}])
    );
    let source = import(&compiled);
    let written = panel_source(&source);
    assert_eq!(written.get("raw"), None, "{written:#}");
    let original: Value = grafcode::import::yaml::from_yaml(SINGLESTAT_MORE).unwrap();
    for key in [
        "singlestatGauge",
        "colors",
        "prefix",
        "postfix",
        "valueFontSize",
        "mappings",
    ] {
        assert_eq!(written[key], panel_source(&original)[key], "{key}");
    }
}

#[test]
fn singlestat_thresholds_read_as_numbers_and_conflicting_keys_are_errors() {
    // Grafana reads ".80, .90" as 0.8 and 0.9.
    let export = json!({
        "title": "T", "uid": "t", "panels": [{
            "id": 1, "type": "singlestat", "title": "Up", "gridPos": {"x": 0, "y": 0, "w": 12, "h": 8},
            "targets": [{"refId": "A", "expr": "up"}], "thresholds": ".80, .90",
            "colors": ["red", "yellow", "green"]}]
    });
    let source = import(&export);
    let p = panel_source(&source);
    assert_eq!(p.get("raw"), None, "{p:#}");
    assert_eq!(
        p["thresholds"],
        json!({"base": "red", "0.8": "yellow", "0.9": "green"})
    );
    let work = tempfile::tempdir().unwrap();
    let text = "title: X\ndatasource: prometheus\npanels:\n  - {type: singlestat, title: A, expr: up, colors: [red], thresholds: {base: red}, mappings: [{from: 1, to: 2, text: x}]}\n";
    repo(work.path(), &[("x.yaml", text)]);
    let tree = grafcode::source::DiskTree::new(work.path());
    let (repo, _) = grafcode::source::load(&tree).unwrap();
    let env = grafcode::compile::environment(&repo, None).unwrap();
    let (_, diags) = grafcode::compile::compile(&repo, &env);
    assert!(
        diags.iter().any(|d| d.id == "source/panel-key"
            && d.message.contains("`colors` cannot go with `thresholds`")),
        "{diags:?}"
    );
}

#[test]
fn graph_thresholds_compile_and_import_back() {
    let export = json!({
        "title": "Thr", "uid": "thr", "schemaVersion": 27,
        "panels": [{
            "id": 1, "type": "graph", "title": "Errors", "gridPos": {"x": 0, "y": 0, "w": 12, "h": 8},
            "targets": [{"refId": "A", "expr": "rate(errors_total[5m])"}],
            "xaxis": {"show": false, "mode": "time", "values": []},
            "thresholds": [
                {"colorMode": "warning", "fill": true, "line": true, "op": "gt", "value": 0.5, "yaxis": "left"},
                {"colorMode": "custom", "fillColor": "#ff0000", "op": "lt", "value": 1, "$$hashKey": "object:9"}
            ]
        }]
    });
    let source = import(&export);
    let p = panel_source(&source);
    assert_eq!(p.get("raw"), None, "{p:#}");
    assert_eq!(
        p["graphThresholds"],
        json!([
            {"colorMode": "warning", "fill": true, "line": true, "op": "gt", "value": 0.5, "yaxis": "left"},
            {"colorMode": "custom", "fillColor": "#ff0000", "op": "lt", "value": 1}
        ])
    );
    assert_eq!(p["showXAxis"], false);
}
