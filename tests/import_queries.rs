//! Queries and panel datasources in the typed source form, both ways: an export is imported
//! into a fresh monorepo, compiled back and found identical under `--verify`, with the
//! queries written in their typed keys (no `raw:` on the panel or its queries).

mod import_support;

use serde_json::{Value, json};

/// Imports `dashboard`; asserts `--verify` found it identical and returns the written source.
fn import(dashboard: &Value) -> Value {
    import_support::import(dashboard).source
}

/// Every panel of the source (top level and in rows).
fn panels(source: &Value) -> Vec<&Value> {
    let mut out: Vec<&Value> = source["panels"].as_array().into_iter().flatten().collect();
    for row in source["rows"].as_array().into_iter().flatten() {
        out.extend(row["panels"].as_array().into_iter().flatten());
    }
    out
}

/// No `raw:` anywhere in a panel (its own or its queries').
fn assert_typed(panel: &Value) {
    assert_eq!(panel.get("raw"), None, "{panel:#}");
    for q in panel["queries"].as_array().into_iter().flatten() {
        assert_eq!(q.get("raw"), None, "{panel:#}");
    }
}

fn prom(uid: &str) -> Value {
    json!({"type": "prometheus", "uid": uid})
}

fn dashboard(panels: Value) -> Value {
    json!({"title": "Q", "uid": "q", "schemaVersion": 41, "panels": panels})
}

#[test]
fn a_panel_without_datasource_runs_on_its_first_querys() {
    // Grafana's scenes: `panel.datasource ?? findFirstDatasource(panel.targets)`.
    let d = dashboard(json!([
        {"type": "stat", "title": "A", "gridPos": {"x": 0, "y": 0, "w": 12, "h": 8},
         "datasource": prom("main"), "targets": [{"refId": "A", "expr": "up"}]},
        {"type": "stat", "title": "B", "gridPos": {"x": 12, "y": 0, "w": 12, "h": 8},
         "datasource": prom("main"), "targets": [{"refId": "A", "expr": "up"}]},
        {"type": "stat", "title": "C", "gridPos": {"x": 0, "y": 8, "w": 12, "h": 8},
         "targets": [{"refId": "A", "expr": "up", "datasource": prom("other")}]}
    ]));
    let source = import(&d);
    let ps = panels(&source);
    ps.iter().for_each(|p| assert_typed(p));
    // The query's datasource is the panel's: said once, on the panel.
    assert!(ps[2].get("datasource").is_some(), "{:#}", ps[2]);
}

#[test]
fn a_panel_datasource_over_queries_on_other_datasources_is_kept() {
    let d = dashboard(json!([
        {"type": "timeseries", "title": "All elsewhere", "gridPos": {"x": 0, "y": 0, "w": 12, "h": 8},
         "datasource": prom("main"),
         "targets": [{"refId": "A", "expr": "up", "datasource": prom("other")}]},
        {"type": "timeseries", "title": "Some elsewhere", "gridPos": {"x": 12, "y": 0, "w": 12, "h": 8},
         "datasource": prom("main"),
         "targets": [{"refId": "A", "expr": "up", "datasource": prom("other")},
                     {"refId": "B", "expr": "up", "datasource": prom("main")}]},
        {"type": "timeseries", "title": "Mixed", "gridPos": {"x": 0, "y": 8, "w": 24, "h": 8},
         "datasource": {"type": "datasource", "uid": "-- Mixed --"},
         "targets": [{"refId": "A", "expr": "up", "datasource": prom("other")},
                     {"refId": "B", "expr": "up", "datasource": prom("main")}]}
    ]));
    let source = import(&d);
    let ps = panels(&source);
    ps.iter().for_each(|p| assert_typed(p));
    // Not "-- Mixed --": the panel's datasource is said, though it is the dashboard's.
    assert!(ps[0].get("datasource").is_some(), "{:#}", ps[0]);
    assert!(ps[1].get("datasource").is_some(), "{:#}", ps[1]);
    assert_eq!(ps[2].get("datasource"), None, "{:#}", ps[2]);
}

fn ds(kind: &str, uid: &str) -> Value {
    json!({"type": kind, "uid": uid})
}

/// One panel of `kind` on datasource `ds` with `targets`, imported; returns its source.
fn one_panel(kind: &str, ds: Value, targets: Value) -> Value {
    let d = dashboard(
        json!([{"type": kind, "title": "P", "gridPos": {"x": 0, "y": 0, "w": 24, "h": 8},
        "datasource": ds, "targets": targets}]),
    );
    let source = import(&d);
    let p = panels(&source)[0].clone();
    assert_typed(&p);
    p
}

#[test]
fn sql_queries_keep_their_editor_keys_typed() {
    let pg = ds("grafana-postgresql-datasource", "pg");
    let p = one_panel(
        "table",
        pg.clone(),
        json!([{"refId": "A", "datasource": pg, "format": "table", "rawQuery": true,
                "rawSql": "SELECT now() AS time, 1 AS value", "editorMode": "code",
                "table": "event", "timeColumn": "\"time\"", "timeColumnType": "timestamp",
                "metricColumn": "none", "group": [],
                "where": [{"name": "$__timeFilter", "params": [], "type": "macro"}],
                "select": [[{"params": ["value"], "type": "column"}]]}]),
    );
    let q = &p["queries"][0];
    assert_eq!(q["expr"], json!("SELECT now() AS time, 1 AS value"));
    assert_eq!(q["sql"]["where"][0]["name"], json!("$__timeFilter"));
}

#[test]
fn tempo_pyroscope_loki_prometheus_and_victorialogs_queries_are_typed() {
    let tempo = ds("tempo", "tempo");
    let p = one_panel(
        "table",
        tempo.clone(),
        json!([{"refId": "A", "datasource": tempo.clone(), "queryType": "traceql",
                "query": "{ status = error }", "limit": 20, "tableType": "traces",
                "filters": [{"id": "c50ad6ea", "operator": "=", "scope": "span", "tag": "name",
                             "value": ["GET", "POST"], "valueType": "string"},
                            {"id": "d1", "operator": "=", "scope": "intrinsic", "tag": "status",
                             "value": "error", "isCustomValue": false}]},
               // A search without text.
               {"refId": "B", "datasource": tempo, "queryType": "nativeSearch",
                "serviceName": "${service}", "minDuration": "100ms", "limit": 20}]),
    );
    assert_eq!(p["queries"][1].get("expr"), None, "{p:#}");
    assert_eq!(p["queries"][1]["tempo"]["serviceName"], json!("${service}"));
    let pyro = ds("grafana-pyroscope-datasource", "pyro");
    let p = one_panel(
        "flamegraph",
        pyro.clone(),
        json!([{"refId": "A", "datasource": pyro, "queryType": "profile",
                "profileTypeId": "process_cpu:cpu:nanoseconds:cpu:nanoseconds",
                "labelSelector": "{service_name=\"api\"}", "groupBy": ["pod"]}]),
    );
    assert_eq!(p["queries"][0]["expr"], json!("{service_name=\"api\"}"));
    let loki = ds("loki", "logs");
    let p = one_panel(
        "logs",
        loki.clone(),
        json!([{"refId": "A", "datasource": loki, "expr": "{app=\"api\"}", "maxLines": 25}]),
    );
    assert_eq!(p["queries"][0]["maxLines"], json!(25));
    let prom = ds("prometheus", "p");
    let p = one_panel(
        "stat",
        prom.clone(),
        json!([{"refId": "A", "datasource": prom, "expr": "up", "editorMode": "builder",
                "includeNullMetadata": false, "disableTextWrap": false, "fullMetaSearch": false,
                "useBackend": false, "range": true}]),
    );
    assert_eq!(
        p["queries"][0]["explorer"],
        json!({"includeNullMetadata": false})
    );
    let lite = ds("frser-sqlite-datasource", "lite");
    let p = one_panel(
        "timeseries",
        lite.clone(),
        json!([{"refId": "A", "datasource": lite, "queryType": "time series",
                "rawQueryText": "SELECT ts AS time, v FROM t", "timeColumns": ["time", "ts"]}]),
    );
    assert_eq!(
        p["queries"][0]["expr"],
        json!("SELECT ts AS time, v FROM t")
    );
    assert_eq!(
        p["queries"][0]["sqlite"],
        json!({"timeColumns": ["time", "ts"]})
    );
    let vl = ds("victoriametrics-logs-datasource", "vl");
    let p = one_panel(
        "logs",
        vl.clone(),
        json!([{"refId": "A", "datasource": vl, "expr": "service:app", "queryType": "logs"}]),
    );
    assert_eq!(p["queries"][0]["expr"], json!("service:app"));
}
