//! Datasource provisioning files (`provisioning/datasources/*.yaml`, `apiVersion: 1`).
//!
//! Secrets belong in `secureJsonData` as `$__file{…}` / `$__env{…}` references
//! ([`is_secret_reference`]); the emitter escapes every other literal `$` as `$$`.
//!
//! ```
//! use grafcode::grafana::datasource::Datasource;
//!
//! let loki = Datasource::new("Loki", "loki")
//!     .uid("loki")
//!     .url("http://loki-gateway.logging.svc")
//!     .http_header("X-Scope-OrgID", "$__file{/etc/secrets/loki-tenant}");
//! assert_eq!(loki.json_data["httpHeaderName1"], "X-Scope-OrgID");
//! ```

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::grafana::enums::str_enum;

/// Free-form fields kept next to the typed ones.
pub type Extra = Map<String, Value>;

/// A datasource provisioning file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DatasourcesFile {
    /// Always 1.
    pub api_version: u32,
    /// Datasources deleted before the others are inserted.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub delete_datasources: Vec<DeleteDatasource>,
    /// Grafana ≥ 11.1: delete provisioned datasources no longer in any file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prune: Option<bool>,
    /// The datasources.
    #[serde(default)]
    pub datasources: Vec<Datasource>,
}

impl DatasourcesFile {
    /// A file with these datasources.
    pub fn new(datasources: Vec<Datasource>) -> Self {
        DatasourcesFile {
            api_version: 1,
            delete_datasources: Vec::new(),
            prune: None,
            datasources,
        }
    }
}

/// A datasource to delete, by name.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DeleteDatasource {
    /// Name.
    pub name: String,
    /// Organisation.
    pub org_id: i64,
}

str_enum! {
    /// How Grafana reaches the datasource.
    Access {
        /// Through the Grafana server (what almost every plugin needs).
        Proxy => "proxy",
        /// From the browser.
        Direct => "direct",
    }
}

/// One provisioned datasource.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Datasource {
    /// Display name (unique per org).
    pub name: String,
    /// Plugin id.
    #[serde(rename = "type")]
    pub kind: String,
    /// UID dashboards and rules refer to (≤ 40 of `[A-Za-z0-9_-]`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uid: Option<String>,
    /// Organisation (default 1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub org_id: Option<i64>,
    /// `proxy` or `direct`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub access: Option<Access>,
    /// URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Database user.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user: Option<String>,
    /// Database / index name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub database: Option<String>,
    /// Basic auth on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub basic_auth: Option<bool>,
    /// Basic auth user.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub basic_auth_user: Option<String>,
    /// Send browser credentials.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub with_credentials: Option<bool>,
    /// The org's default (at most one per org).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_default: Option<bool>,
    /// Plugin settings.
    #[serde(default, skip_serializing_if = "Map::is_empty")]
    pub json_data: Map<String, Value>,
    /// Secret settings (encrypted at rest): `$__file{…}` / `$__env{…}` references only.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub secure_json_data: BTreeMap<String, String>,
    /// Only applied when the stored version is not newer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<u32>,
    /// Editable in the UI (default false).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub editable: Option<bool>,
    /// Unknown fields, kept.
    #[serde(flatten)]
    pub extra: Extra,
}

impl Datasource {
    /// A datasource of plugin `kind` with server (proxy) access.
    pub fn new(name: impl Into<String>, kind: impl Into<String>) -> Self {
        Datasource {
            name: name.into(),
            kind: kind.into(),
            uid: None,
            org_id: None,
            access: Some(Access::Proxy),
            url: None,
            user: None,
            database: None,
            basic_auth: None,
            basic_auth_user: None,
            with_credentials: None,
            is_default: None,
            json_data: Map::new(),
            secure_json_data: BTreeMap::new(),
            version: None,
            editable: None,
            extra: Extra::new(),
        }
    }

    /// Sets the UID.
    pub fn uid(mut self, uid: impl Into<String>) -> Self {
        self.uid = Some(uid.into());
        self
    }

    /// Sets the URL.
    pub fn url(mut self, url: impl Into<String>) -> Self {
        self.url = Some(url.into());
        self
    }

    /// Marks it as the org default.
    pub fn default(mut self, on: bool) -> Self {
        self.is_default = Some(on);
        self
    }

    /// Sets the database / index.
    pub fn database(mut self, db: impl Into<String>) -> Self {
        self.database = Some(db.into());
        self
    }

    /// Sets whether it is editable in the UI.
    pub fn editable(mut self, on: bool) -> Self {
        self.editable = Some(on);
        self
    }

    /// Sets a `jsonData` key.
    pub fn json(mut self, key: impl Into<String>, value: impl Into<Value>) -> Self {
        self.json_data.insert(key.into(), value.into());
        self
    }

    /// Sets a `secureJsonData` key (write a `$__file{…}` / `$__env{…}` reference).
    pub fn secure(mut self, key: impl Into<String>, reference: impl Into<String>) -> Self {
        self.secure_json_data.insert(key.into(), reference.into());
        self
    }

    /// Basic auth with a user and a password reference.
    pub fn basic_auth(mut self, user: impl Into<String>, password_ref: impl Into<String>) -> Self {
        self.basic_auth = Some(true);
        self.basic_auth_user = Some(user.into());
        self.secure("basicAuthPassword", password_ref)
    }

    /// Adds a custom HTTP header sent with every request: `httpHeaderNameN` in `jsonData`,
    /// `httpHeaderValueN` in `secureJsonData`, N the next free number.
    pub fn http_header(mut self, name: impl Into<String>, value_ref: impl Into<String>) -> Self {
        let n = (1..)
            .find(|n| !self.json_data.contains_key(&format!("httpHeaderName{n}")))
            .unwrap_or(1);
        self.json_data
            .insert(format!("httpHeaderName{n}"), Value::from(name.into()));
        self.secure(format!("httpHeaderValue{n}"), value_ref)
    }
}

/// Whether `value` holds a Grafana secret reference: a complete `$__file{…}`, `$__env{…}` or
/// `$__vault{…}` (possibly with literal text around it, e.g. `Bearer $__file{…}`). A literal
/// secret in a provisioning file is what this rejects. `${VAR}` does not count: grafcode writes
/// it escaped (literal), so use `$__env{VAR}`.
pub fn is_secret_reference(value: &str) -> bool {
    ["$__file{", "$__env{", "$__vault{"].iter().any(|prefix| {
        value.match_indices(prefix).any(|(i, _)| {
            let body = &value[i + prefix.len()..];
            body.find('}').is_some_and(|close| close > 0)
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn builders_write_provisioning_keys() {
        let es = Datasource::new("ES logs", "elasticsearch")
            .uid("es-logs")
            .url("https://es:9200")
            .database("logs-*")
            .basic_auth("grafana", "$__file{/etc/secrets/es-password}")
            .json("timeField", "@timestamp")
            .json("tlsSkipVerify", true);
        let v = serde_json::to_value(DatasourcesFile::new(vec![es])).unwrap();
        assert_eq!(
            v,
            json!({"apiVersion": 1, "datasources": [{
                "name": "ES logs", "type": "elasticsearch", "uid": "es-logs", "access": "proxy",
                "url": "https://es:9200", "database": "logs-*", "basicAuth": true,
                "basicAuthUser": "grafana",
                "jsonData": {"timeField": "@timestamp", "tlsSkipVerify": true},
                "secureJsonData": {"basicAuthPassword": "$__file{/etc/secrets/es-password}"}
            }]})
        );
    }

    #[test]
    fn headers_are_numbered() {
        let d = Datasource::new("L", "loki")
            .http_header("X-Scope-OrgID", "$__file{/t}")
            .http_header("X-Other", "${OTHER}");
        assert_eq!(d.json_data["httpHeaderName2"], "X-Other");
        assert_eq!(d.secure_json_data["httpHeaderValue2"], "${OTHER}");
    }

    #[test]
    fn secret_references() {
        assert!(is_secret_reference("$__file{/etc/x}"));
        assert!(is_secret_reference("Bearer $__env{TOKEN}"));
        assert!(!is_secret_reference("${PASSWORD}"));
        assert!(!is_secret_reference("$__file{}"));
        assert!(!is_secret_reference("hunter2"));
        assert!(!is_secret_reference("$__file{unterminated"));
    }
}
