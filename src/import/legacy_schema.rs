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
    if version >= 17 {
        return false;
    }
    let mut changed = false;
    if let Some(Value::Array(panels)) = dashboard.get_mut("panels") {
        for p in panels.iter_mut() {
            changed |= min_span_to_max_per_row(p);
            if let Some(Value::Array(children)) = p.get_mut("panels") {
                for c in children.iter_mut() {
                    changed |= min_span_to_max_per_row(c);
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
    fn row_children_migrate_and_new_schemas_keep_min_span() {
        let d = upgraded(json!({"panels": [{"type": "row", "panels": [{"minSpan": 6}]}]}));
        assert_eq!(d["panels"][0]["panels"][0], json!({"maxPerRow": 4}));
        let kept = json!({"schemaVersion": 17, "panels": [{"minSpan": 6}]});
        assert_eq!(upgraded(kept.clone()), kept);
    }
}
