//! Query keys of one datasource family: the editor state a SQL, Tempo or Pyroscope query
//! saves beside its text (`expr:`), named as the datasource's query model names them.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A SQL query (PostgreSQL, MySQL, Microsoft SQL Server): `expr:` is its `rawSql`; these are
/// the editor's keys, including the visual builder's parts that Grafana keeps beside a raw
/// query.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct SqlQuery {
    /// Edited as raw SQL (`true`) or in the builder (`false`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub raw_query: Option<bool>,
    /// Builder: the table.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub table: Option<String>,
    /// Builder: the time column.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time_column: Option<String>,
    /// Builder: the time column's SQL type.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time_column_type: Option<String>,
    /// Builder: the metric column (`none` for none).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metric_column: Option<String>,
    /// Builder: `WHERE` parts.
    #[serde(default, rename = "where", skip_serializing_if = "Option::is_none")]
    pub where_parts: Option<Vec<SqlPart>>,
    /// Builder: `GROUP BY` parts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<Vec<SqlPart>>,
    /// Builder: the selected columns, each a chain of parts (column, aggregate, alias).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub select: Option<Vec<Vec<SqlPart>>>,
}

/// One part of the SQL builder: `{type: macro, name: $__timeFilter, params: []}`.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct SqlPart {
    /// `column`, `aggregate`, `alias`, `macro`, `expression`, `time`, …
    #[serde(rename = "type")]
    pub kind: String,
    /// The part's name (macros, functions).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Its parameters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub params: Option<Vec<String>>,
    /// The SQL type of an expression's operands.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub datatype: Option<String>,
}

/// A Tempo query: `expr:` is its TraceQL (`query`); these are the search options.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct TempoQuery {
    /// Most traces returned.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<u64>,
    /// Most spans per span set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub spss: Option<u64>,
    /// Results as `traces`, `spans` or `raw`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub table_type: Option<String>,
    /// The search editor's filters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub filters: Option<Vec<TraceqlFilter>>,
    /// The search editor's aggregation attributes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group_by: Option<Vec<TraceqlFilter>>,
    /// Older search: service name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service_name: Option<String>,
    /// Older search: span name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub span_name: Option<String>,
    /// Older search: minimum duration (`100ms`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_duration: Option<String>,
    /// Older search: maximum duration.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_duration: Option<String>,
}

/// One filter of Tempo's search editor.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct TraceqlFilter {
    /// The editor's id of the filter.
    pub id: String,
    /// `span`, `resource`, `intrinsic`, `event`, `link`, `unscoped`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope: Option<String>,
    /// The attribute.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tag: Option<String>,
    /// `=`, `!=`, `=~`, `>`, …
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub operator: Option<String>,
    /// The value, or values (joined with `|` by the editor).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<FilterValue>,
    /// `string`, `int`, `duration`, `keyword`, …
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value_type: Option<String>,
    /// Whether the value was typed rather than picked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_custom_value: Option<bool>,
}

/// A filter value: one string, or several.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(untagged)]
pub enum FilterValue {
    /// One value.
    One(String),
    /// Several values.
    Many(Vec<String>),
}

/// A Pyroscope query: `expr:` is its `labelSelector`; these pick the profile.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct PyroscopeQuery {
    /// The profile type (`process_cpu:cpu:nanoseconds:cpu:nanoseconds`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub profile_type_id: Option<String>,
    /// Labels the metric series are grouped by.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group_by: Option<Vec<String>>,
    /// Most nodes of the flame graph.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_nodes: Option<u64>,
}

/// Prometheus: the metrics explorer's settings a query keeps (`PromQuery`'s `useBackend`,
/// `disableTextWrap`, `fullMetaSearch`, `includeNullMetadata`).
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct MetricsExplorer {
    /// Search metrics on the backend.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub use_backend: Option<bool>,
    /// Do not wrap long metric descriptions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disable_text_wrap: Option<bool>,
    /// Search metric metadata too.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub full_meta_search: Option<bool>,
    /// List metrics without metadata.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub include_null_metadata: Option<bool>,
}

/// A SQLite query (the `frser-sqlite-datasource` plugin): `expr:` is its `rawQueryText`.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct SqliteQuery {
    /// Columns converted to time values.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time_columns: Option<Vec<String>>,
}
