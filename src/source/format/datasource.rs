//! Datasource files: `library/datasources/*.yaml` (org-wide) and
//! `teams/<team>/datasources/*.yaml` (team-scoped).

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::source::de::Spanned;

/// A datasource file: a list of datasources.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DatasourceFileSpec {
    /// The datasources.
    pub datasources: Vec<Spanned<DatasourceSpec>>,
}

/// One datasource, referenced from dashboards and alerts by its logical `name`.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct DatasourceSpec {
    /// Logical name, used by `datasource:` keys in dashboards and alerts.
    pub name: Spanned<String>,
    /// Plugin id: `prometheus`, `loki`, `elasticsearch`, `influxdb`, …
    #[serde(rename = "type")]
    pub kind: Spanned<String>,
    /// Name shown in Grafana (default: the logical name).
    #[serde(default)]
    pub display_name: Option<String>,
    /// Grafana UID (default: derived from the logical name).
    #[serde(default)]
    pub uid: Option<Spanned<String>>,
    /// URL.
    #[serde(default)]
    pub url: Option<String>,
    /// `proxy` (default) or `direct`.
    #[serde(default)]
    pub access: Option<String>,
    /// Database / index name (Elasticsearch index, InfluxQL database).
    #[serde(default)]
    pub database: Option<String>,
    /// User name (SQL datasources).
    #[serde(default)]
    pub user: Option<String>,
    /// Basic auth on.
    #[serde(default)]
    pub basic_auth: Option<bool>,
    /// Basic auth user.
    #[serde(default)]
    pub basic_auth_user: Option<String>,
    /// Send browser credentials.
    #[serde(default)]
    pub with_credentials: Option<bool>,
    /// The org's default datasource (at most one).
    #[serde(default)]
    pub default: Option<bool>,
    /// Editable in the UI (default false: provisioned datasources are read-only).
    #[serde(default)]
    pub editable: Option<bool>,
    /// Plugin settings, passed through.
    #[serde(default)]
    pub json_data: Option<Spanned<serde_json::Value>>,
    /// Secrets: every value must be a `$__file{…}` or `$__env{…}` reference.
    #[serde(default)]
    pub secure_json_data: BTreeMap<String, Spanned<String>>,
    /// Settings per environment, merged over the ones above.
    #[serde(default)]
    pub environments: BTreeMap<String, Spanned<DatasourceOverride>>,
}

/// Per-environment settings of a datasource.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct DatasourceOverride {
    /// URL in this environment.
    #[serde(default)]
    pub url: Option<String>,
    /// Database / index in this environment.
    #[serde(default)]
    pub database: Option<String>,
    /// Basic auth user in this environment.
    #[serde(default)]
    pub basic_auth_user: Option<String>,
    /// Plugin settings merged key by key over the base `jsonData`.
    #[serde(default)]
    pub json_data: Option<Spanned<serde_json::Value>>,
    /// Secrets replacing the base ones key by key.
    #[serde(default)]
    pub secure_json_data: BTreeMap<String, Spanned<String>>,
}
