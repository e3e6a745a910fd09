//! Typed query keys of one datasource family, read from a target: Loki's `maxLines`, the SQL
//! editor's keys (`sql:`), Tempo's search options (`tempo:`), Pyroscope's profile
//! (`pyroscope:`). Each key only when its value has the shape the typed key holds; anything
//! else stays for `raw:`.

use serde_json::{Map, Value};

use crate::source::format::{
    MetricsExplorer, PyroscopeQuery, SqlPart, SqlQuery, SqliteQuery, TempoQuery, TraceqlFilter,
};

/// Whether a datasource plugin is one of Grafana's SQL datasources.
pub fn is_sql(kind: &str) -> bool {
    crate::compile::expr_field(kind) == "rawSql"
}

/// Adds the family keys of target `t` (on a datasource of `kind`) to the query `q`.
pub fn family_keys(t: &Value, kind: &str, q: &mut Map<String, Value>) {
    if let Some(n) = t.get("maxLines").and_then(Value::as_u64) {
        q.insert("maxLines".into(), n.into());
    }
    let block = match kind {
        k if is_sql(k) => to_block(&sql(t), "sql"),
        "tempo" => to_block(&tempo(t), "tempo"),
        "grafana-pyroscope-datasource" | "phlare" => to_block(&pyroscope(t), "pyroscope"),
        "prometheus" => to_block(&explorer(t), "explorer"),
        "frser-sqlite-datasource" => to_block(
            &SqliteQuery {
                time_columns: exact::<Vec<String>>(t.get("timeColumns")),
            },
            "sqlite",
        ),
        _ => None,
    };
    if let Some((key, v)) = block {
        q.insert(key.into(), v);
    }
}

/// The block as source, when it sets anything.
fn to_block<T: serde::Serialize>(block: &T, key: &'static str) -> Option<(&'static str, Value)> {
    match serde_json::to_value(block).ok()? {
        Value::Object(m) if !m.is_empty() => Some((key, Value::Object(m))),
        _ => None,
    }
}

fn text(t: &Value, key: &str) -> Option<String> {
    t.get(key).and_then(Value::as_str).map(String::from)
}

/// A typed value read through serde: only when the JSON has exactly the typed shape (the
/// types deny unknown fields, and serialising back gives the same JSON).
fn exact<T: serde::de::DeserializeOwned + serde::Serialize>(v: Option<&Value>) -> Option<T> {
    let v = v?;
    let typed: T = serde_json::from_value(v.clone()).ok()?;
    (serde_json::to_value(&typed).ok()? == *v).then_some(typed)
}

fn sql(t: &Value) -> SqlQuery {
    SqlQuery {
        raw_query: t.get("rawQuery").and_then(Value::as_bool),
        table: text(t, "table"),
        time_column: text(t, "timeColumn"),
        time_column_type: text(t, "timeColumnType"),
        metric_column: text(t, "metricColumn"),
        where_parts: exact::<Vec<SqlPart>>(t.get("where")),
        group: exact::<Vec<SqlPart>>(t.get("group")),
        select: exact::<Vec<Vec<SqlPart>>>(t.get("select")),
    }
}

fn tempo(t: &Value) -> TempoQuery {
    TempoQuery {
        limit: t.get("limit").and_then(Value::as_u64),
        spss: t.get("spss").and_then(Value::as_u64),
        table_type: text(t, "tableType"),
        filters: exact::<Vec<TraceqlFilter>>(t.get("filters")),
        group_by: exact::<Vec<TraceqlFilter>>(t.get("groupBy")),
        service_name: text(t, "serviceName"),
        span_name: text(t, "spanName"),
        min_duration: text(t, "minDuration"),
        max_duration: text(t, "maxDuration"),
    }
}

/// The explorer settings that differ from what Grafana assumes without them (the defaults
/// `normalize` drops: off, off, off, and metrics without metadata listed).
fn explorer(t: &Value) -> MetricsExplorer {
    let set = |key: &str, default: bool| {
        t.get(key)
            .and_then(Value::as_bool)
            .filter(|b| *b != default)
    };
    MetricsExplorer {
        use_backend: set("useBackend", false),
        disable_text_wrap: set("disableTextWrap", false),
        full_meta_search: set("fullMetaSearch", false),
        include_null_metadata: set("includeNullMetadata", true),
    }
}

fn pyroscope(t: &Value) -> PyroscopeQuery {
    PyroscopeQuery {
        profile_type_id: text(t, "profileTypeId"),
        group_by: exact::<Vec<String>>(t.get("groupBy")),
        max_nodes: t.get("maxNodes").and_then(Value::as_u64),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn keys(t: Value, kind: &str) -> Value {
        let mut q = Map::new();
        family_keys(&t, kind, &mut q);
        Value::Object(q)
    }

    #[test]
    fn sql_targets_keep_the_builders_parts() {
        let t = json!({"rawSql": "SELECT 1", "rawQuery": true, "format": "table",
            "table": "event", "timeColumn": "\"time\"", "timeColumnType": "timestamp",
            "metricColumn": "none", "group": [],
            "where": [{"name": "$__timeFilter", "params": [], "type": "macro"}],
            "select": [[{"params": ["value"], "type": "column"}]]});
        assert_eq!(
            keys(t, "postgres"),
            json!({"sql": {"rawQuery": true, "table": "event", "timeColumn": "\"time\"",
                "timeColumnType": "timestamp", "metricColumn": "none",
                "where": [{"type": "macro", "name": "$__timeFilter", "params": []}],
                "group": [], "select": [[{"type": "column", "params": ["value"]}]]}})
        );
        // A part the typed form cannot hold (a number parameter) stays out.
        let odd = json!({"where": [{"type": "expression", "params": [1]}]});
        assert_eq!(keys(odd, "mysql"), json!({}));
    }

    #[test]
    fn tempo_and_pyroscope_options() {
        let t = json!({"queryType": "traceql", "limit": 20, "tableType": "traces",
            "filters": [{"id": "c50ad6ea", "operator": "=", "scope": "span"}],
            "groupBy": [{"id": "aa0005e2", "scope": "span"}]});
        assert_eq!(
            keys(t, "tempo"),
            json!({"tempo": {"limit": 20, "tableType": "traces",
                "filters": [{"id": "c50ad6ea", "scope": "span", "operator": "="}],
                "groupBy": [{"id": "aa0005e2", "scope": "span"}]}})
        );
        let p = json!({"profileTypeId": "process_cpu:cpu:nanoseconds:cpu:nanoseconds",
            "groupBy": ["provider"], "labelSelector": "{}"});
        assert_eq!(
            keys(p, "grafana-pyroscope-datasource"),
            json!({"pyroscope": {"profileTypeId": "process_cpu:cpu:nanoseconds:cpu:nanoseconds",
                "groupBy": ["provider"]}})
        );
        // Another family's keys are not read as these (InfluxQL's `groupBy` on Prometheus).
        let influx =
            json!({"groupBy": [{"params": ["$interval"], "type": "time"}], "maxLines": 50});
        assert_eq!(keys(influx, "prometheus"), json!({"maxLines": 50}));
    }
}
