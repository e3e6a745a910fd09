//! Field options and layout of current panels, both ways: an export imports into typed keys
//! with no `raw:`, `--verify` finds the compiled result identical, and the compiled JSON says
//! what the export said (as Grafana reads it).

mod import_support;

use serde_json::{Value, json};

/// Imports `panels` as a dashboard into a fresh monorepo, asserts `--verify` found it
/// identical, and returns the written source and the dashboard compiled from it.
fn round_trip(panels: Value) -> (Value, Value) {
    round_trip_dashboard(
        json!({"uid": "fc", "title": "Field config", "schemaVersion": 39, "panels": panels}),
    )
}

/// [`round_trip`] of a whole dashboard.
fn round_trip_dashboard(export: Value) -> (Value, Value) {
    let imported = import_support::import(&export);
    let compiled = import_support::build(&imported.dir).remove(0);
    (imported.source, compiled)
}

/// Every `raw:` in the source, by path.
fn raws(v: &Value, path: &str, out: &mut Vec<String>) {
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                if k == "raw" {
                    out.push(format!("{path}.raw = {x}"));
                } else {
                    raws(x, &format!("{path}.{k}"), out);
                }
            }
        }
        Value::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                raws(x, &format!("{path}[{i}]"), out);
            }
        }
        _ => {}
    }
}

fn assert_no_raw(source: &Value) {
    let mut found = Vec::new();
    raws(source, "", &mut found);
    assert!(found.is_empty(), "{found:#?}");
}

fn target() -> Value {
    json!([{"refId": "A", "expr": "up"}])
}

#[test]
fn field_options_grafana_unsets_on_load_need_no_raw() {
    let panel = json!({
        "type": "timeseries", "title": "Up", "id": 1,
        "gridPos": {"x": 0, "y": 0, "w": 12, "h": 8}, "targets": target(),
        "fieldConfig": {"defaults": {"unitScale": true, "unit": "s"}, "overrides": []}
    });
    let (source, compiled) = round_trip(json!([panel]));
    assert_no_raw(&source);
    assert_eq!(source["panels"][0]["unit"], "s");
    let defaults = &compiled["panels"][0]["fieldConfig"]["defaults"];
    assert_eq!(defaults["unit"], "s");
    assert!(defaults.get("unitScale").is_none());
}

#[test]
fn a_panel_without_grid_pos_sits_where_grafana_puts_it() {
    // Grafana gives the first panel {x: 0, y: 0, w: 6, h: 3}; the others sit beside and below.
    let panels = json!([
        {"type": "stat", "title": "A", "id": 1, "targets": target()},
        {"type": "stat", "title": "B", "id": 2, "targets": target(),
         "gridPos": {"x": 6, "y": 0, "w": 6, "h": 3}},
        {"type": "stat", "title": "C", "id": 3, "targets": target(),
         "gridPos": {"x": 0, "y": 3, "w": 6, "h": 3}}
    ]);
    let (source, compiled) = round_trip(panels);
    assert_no_raw(&source);
    let pos: Vec<&Value> = compiled["panels"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| &p["gridPos"])
        .collect();
    assert_eq!(
        pos,
        [
            &json!({"x": 0, "y": 0, "w": 6, "h": 3}),
            &json!({"x": 6, "y": 0, "w": 6, "h": 3}),
            &json!({"x": 0, "y": 3, "w": 6, "h": 3})
        ]
    );
}

#[test]
fn a_row_after_a_collapsed_row_follows_its_header() {
    // The collapsed row's panels are off the grid: the next row is right below its header,
    // and that row's panels (not in the flow: 9 wide, 5 high beside a 15 wide one) below it.
    let panels = json!([
        {"type": "row", "title": "Hidden", "id": 1, "collapsed": true,
         "gridPos": {"x": 0, "y": 0, "w": 24, "h": 1},
         "panels": [{"type": "timeseries", "title": "In", "id": 2, "targets": target(),
                     "gridPos": {"x": 0, "y": 1, "w": 12, "h": 9}}]},
        {"type": "row", "title": "Shown", "id": 3, "collapsed": false,
         "gridPos": {"x": 0, "y": 1, "w": 24, "h": 1}, "panels": []},
        {"type": "stat", "title": "S", "id": 4, "targets": target(),
         "gridPos": {"x": 15, "y": 2, "w": 9, "h": 5}},
        {"type": "stat", "title": "T", "id": 5, "targets": target(),
         "gridPos": {"x": 0, "y": 2, "w": 15, "h": 4}}
    ]);
    let (source, compiled) = round_trip(panels);
    assert_no_raw(&source);
    let top = compiled["panels"].as_array().unwrap();
    assert_eq!(top[0]["panels"][0]["gridPos"]["y"], 1);
    assert_eq!(top[1]["gridPos"]["y"], 1);
    // In Grafana's load order (sorted by position): T (x 0) before S (x 15).
    assert_eq!(top[2]["title"], "T");
    assert_eq!(top[2]["gridPos"], json!({"x": 0, "y": 2, "w": 15, "h": 4}));
    assert_eq!(top[3]["gridPos"], json!({"x": 15, "y": 2, "w": 9, "h": 5}));
}

#[test]
fn data_links_display_name_min_max_and_a_bare_fixed_scheme_are_typed() {
    let links = json!([
        {"title": "Drill down", "url": "/d/x?var-instance=${__field.labels.instance}&${__url_time_range}"},
        {"title": "Open", "url": "${__value.text}", "targetBlank": true}
    ]);
    let panel = json!({
        "type": "table", "title": "T", "id": 1,
        "gridPos": {"x": 0, "y": 0, "w": 12, "h": 8}, "targets": target(),
        "fieldConfig": {"defaults": {"links": links, "displayName": "", "fieldMinMax": true,
                                     "color": {"mode": "fixed"}}, "overrides": []}
    });
    let (source, compiled) = round_trip(json!([panel]));
    assert_no_raw(&source);
    let p = &source["panels"][0];
    assert_eq!(p["dataLinks"], links);
    assert_eq!(p["displayName"], "");
    assert_eq!(p["fieldMinMax"], true);
    assert_eq!(p["colorScheme"], "fixed");
    let defaults = &compiled["panels"][0]["fieldConfig"]["defaults"];
    assert_eq!(defaults["links"], links);
    assert_eq!(defaults["displayName"], "");
    assert_eq!(defaults["fieldMinMax"], true);
    assert_eq!(defaults["color"], json!({"mode": "fixed"}));
}

#[test]
fn a_data_link_with_keys_grafana_does_not_define_stays_in_raw() {
    let links = json!([{"title": "Go", "url": "/d/x", "type": "dashboard"}]);
    let panel = json!({
        "type": "stat", "title": "S", "id": 1,
        "gridPos": {"x": 0, "y": 0, "w": 12, "h": 8}, "targets": target(),
        "fieldConfig": {"defaults": {"links": links}, "overrides": []}
    });
    let (source, _) = round_trip(json!([panel]));
    assert!(source["panels"][0].get("dataLinks").is_none());
    assert_eq!(
        source["panels"][0]["raw"]["fieldConfig"]["defaults"]["links"],
        links
    );
}

#[test]
fn an_old_tables_display_mode_is_typed_as_the_cell_options_grafana_migrates_it_to() {
    // Schema 37: Grafana turns `displayMode` into `cellOptions` on load (schema 38 step).
    let panel = json!({
        "type": "table", "title": "T", "id": 1,
        "gridPos": {"x": 0, "y": 0, "w": 12, "h": 8}, "targets": target(),
        "fieldConfig": {"defaults": {"custom": {"displayMode": "color-background", "minWidth": 90}},
                        "overrides": []}
    });
    let work = json!({"uid": "fc", "title": "Old table", "schemaVersion": 37, "panels": [panel]});
    let (source, compiled) = round_trip_dashboard(work);
    assert_no_raw(&source);
    let p = &source["panels"][0];
    assert_eq!(p["cellType"], "color-background");
    assert_eq!(p["cellMode"], "gradient");
    assert_eq!(p["minWidth"], 90);
    assert_eq!(
        compiled["panels"][0]["fieldConfig"]["defaults"]["custom"],
        json!({"cellOptions": {"type": "color-background", "mode": "gradient"}, "minWidth": 90})
    );
}

#[test]
fn wrapped_auto_cells_are_typed() {
    let panel = json!({
        "type": "table", "title": "T", "id": 1,
        "gridPos": {"x": 0, "y": 0, "w": 12, "h": 8}, "targets": target(),
        "fieldConfig": {"defaults": {"custom": {"cellOptions": {"type": "auto", "wrapText": true}}},
                        "overrides": []}
    });
    let (source, compiled) = round_trip(json!([panel]));
    assert_no_raw(&source);
    assert_eq!(source["panels"][0]["wrapText"], true);
    assert!(source["panels"][0].get("cellType").is_none());
    assert_eq!(
        compiled["panels"][0]["fieldConfig"]["defaults"]["custom"]["cellOptions"],
        json!({"type": "auto", "wrapText": true})
    );
}
