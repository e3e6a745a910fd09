//! Target keys of one datasource family (`sql:`, `tempo:`, `pyroscope:`, `explorer:`, Loki's
//! `maxLines`),
//! written under the names the datasource's query model gives them.

use serde::Serialize;
use serde_json::{Map, Value};

use crate::source::format::QuerySpec;

/// Adds the family keys the query sets to its target `t`.
pub fn family_fields(q: &QuerySpec, t: &mut Map<String, Value>) {
    if let Some(n) = q.max_lines {
        t.insert("maxLines".into(), n.into());
    }
    if let Some(sql) = &q.sql {
        merge(sql, t);
    }
    if let Some(tempo) = &q.tempo {
        merge(tempo, t);
    }
    if let Some(p) = &q.pyroscope {
        merge(p, t);
    }
    if let Some(e) = &q.explorer {
        merge(e, t);
    }
    if let Some(s) = &q.sqlite {
        merge(s, t);
    }
}

/// The block's set keys, camelCased by its serde names, into the target.
fn merge(block: &impl Serialize, t: &mut Map<String, Value>) {
    if let Ok(Value::Object(keys)) = serde_json::to_value(block) {
        t.extend(keys.into_iter().filter(|(_, v)| !v.is_null()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::format::{
        FilterValue, PyroscopeQuery, SqlPart, SqlQuery, TempoQuery, TraceqlFilter,
    };
    use serde_json::json;

    #[test]
    fn the_text_goes_to_the_field_each_datasource_reads() {
        use crate::compile::expr_field;
        assert_eq!(expr_field("prometheus"), "expr");
        assert_eq!(expr_field("victoriametrics-logs-datasource"), "expr");
        assert_eq!(expr_field("grafana-postgresql-datasource"), "rawSql");
        assert_eq!(expr_field("grafana-pyroscope-datasource"), "labelSelector");
        assert_eq!(expr_field("frser-sqlite-datasource"), "rawQueryText");
        assert_eq!(expr_field("graphite"), "target");
        assert_eq!(expr_field("tempo"), "query");
        assert_eq!(expr_field("influxdb"), "query");
    }

    #[test]
    fn family_keys_take_the_datasources_names() {
        let q = QuerySpec {
            max_lines: Some(100),
            sql: Some(SqlQuery {
                raw_query: Some(true),
                metric_column: Some("none".into()),
                where_parts: Some(vec![SqlPart {
                    kind: "macro".into(),
                    name: Some("$__timeFilter".into()),
                    ..Default::default()
                }]),
                group: Some(vec![]),
                ..Default::default()
            }),
            tempo: Some(TempoQuery {
                limit: Some(20),
                table_type: Some("spans".into()),
                filters: Some(vec![TraceqlFilter {
                    id: "a1".into(),
                    scope: Some("span".into()),
                    value: Some(FilterValue::Many(vec!["x".into()])),
                    ..Default::default()
                }]),
                ..Default::default()
            }),
            pyroscope: Some(PyroscopeQuery {
                profile_type_id: Some("cpu".into()),
                group_by: Some(vec!["pod".into()]),
                ..Default::default()
            }),
            ..Default::default()
        };
        let mut t = Map::new();
        family_fields(&q, &mut t);
        assert_eq!(
            Value::Object(t),
            json!({"maxLines": 100, "rawQuery": true, "metricColumn": "none",
                   "where": [{"type": "macro", "name": "$__timeFilter"}],
                   "group": [], "limit": 20, "tableType": "spans",
                   "filters": [{"id": "a1", "scope": "span", "value": ["x"]}],
                   "profileTypeId": "cpu", "groupBy": ["pod"]})
        );
    }
}
