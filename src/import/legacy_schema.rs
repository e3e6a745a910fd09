//! Panel migrations of old schema versions that Grafana applies on load, applied by the import
//! so that the imported dashboard is the one Grafana shows (after [`super::legacy_rows`] has
//! done the grid upgrade of schema version 16). The schema version itself is kept: the steps
//! modelled here are idempotent, so Grafana running them again on the compiled dashboard
//! changes nothing.

use serde_json::{Map, Value, json};

/// Grafana's grid width, and its factors: the widths a row of equal panels can have.
const GRID_COLUMNS: f64 = 24.0;
const GRID_FACTORS: [u64; 8] = [1, 2, 3, 4, 6, 8, 12, 24];

/// Runs the panel migrations a dashboard of its schema version gets in Grafana. Returns
/// whether anything changed.
pub fn upgrade(dashboard: &mut Map<String, Value>) -> bool {
    let version = dashboard
        .get("schemaVersion")
        .and_then(Value::as_i64)
        .unwrap_or(0);
    let mut steps: Vec<fn(&mut Value) -> bool> = Vec::new();
    if version < 17 {
        steps.push(min_span_to_max_per_row);
    }
    if version < 19 {
        steps.push(upgrade_panel_links);
    }
    if version < 38 {
        steps.push(table_display_mode_to_cell_options);
    }
    let mut changed = false;
    let Some(Value::Array(panels)) = dashboard.get_mut("panels") else {
        return false;
    };
    // Like the migrator: each step over every top-level panel and the panels of its row.
    for p in panels.iter_mut() {
        for step in &steps {
            changed |= step(p);
            if let Some(Value::Array(children)) = p.get_mut("panels") {
                for c in children.iter_mut() {
                    changed |= step(c);
                }
            }
        }
    }
    changed
}

/// Schema version 17 (DashboardMigrator.ts, `oldVersion < 17`): a panel's `minSpan` becomes
/// `maxPerRow`, the largest factor of 24 not above `24 / minSpan` (none when even 24 panels
/// fit, as JavaScript's `factors[-2]` is undefined), and `minSpan` is deleted. The upgrade
/// runs over the top-level panels and the panels of (collapsed) rows.
fn min_span_to_max_per_row(panel: &mut Value) -> bool {
    let Some(p) = panel.as_object_mut() else {
        return false;
    };
    let Some(min_span) = p.shift_remove("minSpan") else {
        return false;
    };
    if let Some(span) = js_number(&min_span).filter(|s| *s != 0.0 && !s.is_nan()) {
        let max = GRID_COLUMNS / span;
        // `findIndex(factors, o => o > max) - 1`.
        let at = GRID_FACTORS.iter().position(|f| *f as f64 > max);
        match at.and_then(|i| i.checked_sub(1)) {
            Some(i) => {
                p.insert("maxPerRow".into(), json!(GRID_FACTORS[i]));
            }
            None => {
                p.shift_remove("maxPerRow");
            }
        }
    }
    true
}

/// Schema version 19 (DashboardMigrator.ts, `oldVersion < 19`, `upgradePanelLink`): the
/// drilldown links of Grafana 4 (`dashboard`/`dashUri`, `keepTime`, `includeVars`, `params`)
/// become data links `{url, title, targetBlank}`. A link whose members are not what the
/// migration reads as text is left alone (Grafana itself would fail on it).
fn upgrade_panel_links(panel: &mut Value) -> bool {
    let Some(Value::Array(links)) = panel.get_mut("links") else {
        return false;
    };
    let mut changed = false;
    for link in links.iter_mut() {
        if let Some(upgraded) = upgrade_panel_link(link) {
            changed |= *link != upgraded;
            *link = upgraded;
        }
    }
    changed
}

fn upgrade_panel_link(link: &Value) -> Option<Value> {
    let o = link.as_object()?;
    let text = |key: &str| -> Option<Option<&str>> {
        match o.get(key) {
            None | Some(Value::Null) => Some(None),
            Some(Value::String(s)) => Some((!s.is_empty()).then_some(s.as_str())),
            Some(Value::Bool(false)) => Some(None),
            Some(_) => None,
        }
    };
    let mut url = match (text("url")?, text("dashboard")?, text("dashUri")?) {
        (Some(url), _, _) => url.to_string(),
        (None, Some(dashboard), _) => format!("dashboard/db/{}", slugify_for_url(dashboard)),
        (None, None, Some(uri)) => format!("dashboard/{uri}"),
        (None, None, None) => "/".to_string(),
    };
    let truthy = |key: &str| match o.get(key) {
        None | Some(Value::Null) | Some(Value::Bool(false)) => false,
        Some(Value::String(s)) => !s.is_empty(),
        Some(Value::Number(n)) => n.as_f64().is_some_and(|f| f != 0.0),
        Some(_) => true,
    };
    // `$${DataLinkBuiltInVars.keepTime}` and `.includeVars` (grafana-data dataLinks.ts).
    if truthy("keepTime") {
        append_query(&mut url, "$__url_time_range");
    }
    if truthy("includeVars") {
        append_query(&mut url, "$__all_variables");
    }
    if let Some(params) = text("params")? {
        append_query(&mut url, params);
    }
    let mut out = Map::new();
    out.insert("url".into(), json!(url));
    // `undefined` members vanish from the saved JSON; present ones keep their value.
    for key in ["title", "targetBlank"] {
        if let Some(v) = o.get(key) {
            out.insert(key.into(), v.clone());
        }
    }
    Some(Value::Object(out))
}

/// `urlUtil.appendQueryToUrl` (grafana-data url.ts): `?` or, after a query with content, `&`.
fn append_query(url: &mut String, query: &str) {
    match url.find('?') {
        Some(at) if url.len() - at > 1 => url.push('&'),
        Some(_) => {}
        None => url.push('?'),
    }
    url.push_str(query);
}

/// `kbn.slugifyForUrl`: lower case, characters other than `[A-Za-z0-9_ ]` dropped, runs of
/// spaces to one `-`.
fn slugify_for_url(s: &str) -> String {
    let kept: String = s
        .to_lowercase()
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == ' ')
        .collect();
    let mut out = String::with_capacity(kept.len());
    let mut in_spaces = false;
    for c in kept.chars() {
        if c == ' ' {
            if !in_spaces {
                out.push('-');
            }
            in_spaces = true;
        } else {
            out.push(c);
            in_spaces = false;
        }
    }
    out
}

/// The number JavaScript's arithmetic makes of a JSON value (`"4"` is 4); `None` where it
/// makes NaN or the value is falsy.
fn js_number(v: &Value) -> Option<f64> {
    match v {
        Value::Number(n) => n.as_f64(),
        Value::String(s) if !s.trim().is_empty() => s.trim().parse().ok(),
        Value::Bool(true) => Some(1.0),
        _ => None,
    }
}

/// Schema version 38 (DashboardMigrator.ts, `oldVersion < 38`): a table's
/// `fieldConfig.defaults.custom.displayMode` becomes `custom.cellOptions`
/// (`migrateTableDisplayModeToCellOptions`, packages/grafana-ui Table utils.ts), and so does
/// every override property `custom.displayMode`.
fn table_display_mode_to_cell_options(panel: &mut Value) -> bool {
    if panel.get("type").and_then(Value::as_str) != Some("table") {
        return false;
    }
    let Some(fc) = panel.get_mut("fieldConfig").and_then(Value::as_object_mut) else {
        return false;
    };
    let mut changed = false;
    if let Some(Value::Object(custom)) = fc.get_mut("defaults").and_then(|d| d.get_mut("custom"))
        && let Some(mode) = custom.shift_remove("displayMode")
    {
        custom.insert("cellOptions".into(), cell_options(&mode));
        changed = true;
    }
    if let Some(Value::Array(overrides)) = fc.get_mut("overrides") {
        for o in overrides.iter_mut() {
            let Some(Value::Array(props)) = o.get_mut("properties") else {
                continue;
            };
            for prop in props.iter_mut() {
                if prop.get("id").and_then(Value::as_str) == Some("custom.displayMode")
                    && let Some(p) = prop.as_object_mut()
                {
                    p.insert("id".into(), json!("custom.cellOptions"));
                    let value = p.get("value").cloned().unwrap_or(Value::Null);
                    p.insert("value".into(), cell_options(&value));
                    changed = true;
                }
            }
        }
    }
    changed
}

/// `migrateTableDisplayModeToCellOptions`: the gauges and color backgrounds become a type
/// with a mode, `custom` (a nonsense case, in Grafana's words) becomes `auto`, any other mode
/// is the type itself.
fn cell_options(display_mode: &Value) -> Value {
    match display_mode.as_str() {
        Some("basic") => json!({"type": "gauge", "mode": "basic"}),
        Some("gradient-gauge") => json!({"type": "gauge", "mode": "gradient"}),
        Some("lcd-gauge") => json!({"type": "gauge", "mode": "lcd"}),
        Some("color-background") => json!({"type": "color-background", "mode": "gradient"}),
        Some("color-background-solid") => json!({"type": "color-background", "mode": "basic"}),
        Some("custom") => json!({"type": "auto"}),
        _ => json!({"type": display_mode}),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn upgraded(d: Value) -> Value {
        let mut m = d.as_object().cloned().unwrap();
        upgrade(&mut m);
        Value::Object(m)
    }

    #[test]
    fn min_span_becomes_max_per_row_like_grafana() {
        // Grafana's own migration test: minSpan 8 → maxPerRow 3; and the factor table.
        for (min_span, max_per_row) in
            [(8, json!(3)), (4, json!(6)), (2, json!(12)), (24, json!(1))]
        {
            let d = upgraded(json!({"schemaVersion": 16,
                "panels": [{"type": "graph", "minSpan": min_span}]}));
            assert_eq!(
                d["panels"][0],
                json!({"type": "graph", "maxPerRow": max_per_row}),
                "{min_span}"
            );
        }
        // 24 / 1 = 24: no factor is larger, so Grafana sets nothing (only deletes minSpan).
        let d = upgraded(json!({"schemaVersion": 16,
            "panels": [{"type": "graph", "minSpan": 1}]}));
        assert_eq!(d["panels"][0], json!({"type": "graph"}));
    }

    #[test]
    fn drilldown_links_become_data_links_like_grafana() {
        let d = upgraded(
            json!({"schemaVersion": 16, "panels": [{"type": "graph", "links": [
                {"dashboard": "Thanos / Query", "includeVars": true, "keepTime": true,
                 "title": "Thanos / Query", "type": "dashboard"},
                {"url": "http://x/?a=1", "params": "b=2", "title": "X", "targetBlank": true},
                {"dashUri": "db/home", "title": "Home"},
                {"title": "Nowhere"}
            ]}]}),
        );
        assert_eq!(
            d["panels"][0]["links"],
            json!([
                {"url": "dashboard/db/thanos-query?$__url_time_range&$__all_variables",
                 "title": "Thanos / Query"},
                {"url": "http://x/?a=1&b=2", "title": "X", "targetBlank": true},
                {"url": "dashboard/db/home", "title": "Home"},
                {"url": "/", "title": "Nowhere"}
            ])
        );
        // Schema 19 and later: links are already data links.
        let kept = json!({"schemaVersion": 19, "panels": [{"links": [{"dashboard": "A"}]}]});
        assert_eq!(upgraded(kept.clone()), kept);
        assert_eq!(
            slugify_for_url("Node  Exporter / Full (old)"),
            "node-exporter-full-old"
        );
        let mut url = "d?".to_string();
        append_query(&mut url, "x=1");
        assert_eq!(url, "d?x=1");
    }

    #[test]
    fn row_children_migrate_and_new_schemas_keep_min_span() {
        let d = upgraded(json!({"panels": [{"type": "row", "panels": [{"minSpan": 6}]}]}));
        assert_eq!(d["panels"][0]["panels"][0], json!({"maxPerRow": 4}));
        let kept = json!({"schemaVersion": 17, "panels": [{"minSpan": 6}]});
        assert_eq!(upgraded(kept.clone()), kept);
    }

    #[test]
    fn table_display_modes_become_cell_options_before_schema_38() {
        let table = |custom: Value, overrides: Value| {
            json!({"schemaVersion": 37, "panels": [{"type": "table",
                "fieldConfig": {"defaults": {"custom": custom}, "overrides": overrides}}]})
        };
        let mut d = table(
            json!({"displayMode": "color-background", "align": "auto"}),
            json!([{"matcher": {"id": "byName", "options": "v"},
                    "properties": [{"id": "custom.displayMode", "value": "lcd-gauge"},
                                   {"id": "unit", "value": "s"}]}]),
        );
        assert!(upgrade(d.as_object_mut().unwrap()));
        let fc = &d["panels"][0]["fieldConfig"];
        assert_eq!(
            fc["defaults"]["custom"],
            json!({"align": "auto", "cellOptions": {"type": "color-background", "mode": "gradient"}})
        );
        assert_eq!(
            fc["overrides"][0]["properties"],
            json!([{"id": "custom.cellOptions", "value": {"type": "gauge", "mode": "lcd"}},
                   {"id": "unit", "value": "s"}])
        );
        let mut plain = table(json!({"displayMode": "json-view"}), json!([]));
        upgrade(plain.as_object_mut().unwrap());
        assert_eq!(
            plain["panels"][0]["fieldConfig"]["defaults"]["custom"],
            json!({"cellOptions": {"type": "json-view"}})
        );
        // From schema 38 on, Grafana leaves the key as it is.
        let mut new = table(json!({"displayMode": "auto"}), json!([]));
        new["schemaVersion"] = json!(38);
        assert!(!upgrade(new.as_object_mut().unwrap()));
    }
}
