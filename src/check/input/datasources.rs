//! Datasource definitions as the checks see them: name, UID, plugin type, owner, and the
//! places secrets could be written (`secureJsonData`, passwords, tokens).

use std::ops::Range;
use std::sync::Arc;

use super::Text;
use crate::source::SourceFile;
use crate::source::yaml::Node;

/// One datasource.
#[derive(Debug, Clone)]
pub struct Datasource {
    /// The file it is defined in.
    pub file: Arc<SourceFile>,
    /// Owning team, `None` for org-wide ones.
    pub team: Option<String>,
    /// Its name (the logical name in a monorepo).
    pub name: Text,
    /// Its UID, when set.
    pub uid: Option<Text>,
    /// Plugin type (`prometheus`, `loki`, …).
    pub kind: String,
    /// Values that may hold secrets: `(key path, value)`.
    pub secret_fields: Vec<(String, Text)>,
    /// Span of the whole definition.
    pub span: Range<usize>,
}

impl Datasource {
    /// True when `reference` (a UID or a name) names this datasource.
    pub fn matches(&self, reference: &str) -> bool {
        self.name.value == reference || self.uid.as_ref().is_some_and(|u| u.value == reference)
    }
}

/// Keys whose values are secrets wherever they appear.
pub const SECRET_KEYS: &[&str] = &[
    "password",
    "basicAuthPassword",
    "token",
    "apiKey",
    "api_key",
    "secret",
    "clientSecret",
    "accessToken",
    "privateKey",
    "tlsClientKey",
    "sigV4SecretKey",
    "httpHeaderValue",
];

/// True when `key` holds a secret (`httpHeaderValue1` included).
pub fn is_secret_key(key: &str) -> bool {
    let k = key.trim_end_matches(|c: char| c.is_ascii_digit());
    SECRET_KEYS.iter().any(|s| s.eq_ignore_ascii_case(k))
}

/// Reads the `datasources:` list of a Grafana provisioning file.
pub fn from_provisioning(file: &Arc<SourceFile>, doc: &Node) -> Vec<Datasource> {
    let mut out = Vec::new();
    let Some(list) = doc.get("datasources") else {
        return out;
    };
    for ds in list.items() {
        let text = |n: &Node| -> Option<Text> {
            Some(Text {
                value: n.as_str()?.to_string(),
                span: n.value_span(file),
            })
        };
        let Some(name) = ds.get("name").and_then(text) else {
            continue;
        };
        let mut secret_fields = Vec::new();
        collect_secrets(file, ds, "", &mut secret_fields);
        out.push(Datasource {
            file: Arc::clone(file),
            team: None,
            name,
            uid: ds.get("uid").and_then(text),
            kind: ds
                .get("type")
                .and_then(Node::as_str)
                .unwrap_or("")
                .to_string(),
            secret_fields,
            span: ds.span.clone(),
        });
    }
    out
}

/// Every scalar under a secret key, or anywhere under `secureJsonData`.
fn collect_secrets(file: &Arc<SourceFile>, node: &Node, path: &str, out: &mut Vec<(String, Text)>) {
    for (k, v) in node.entries() {
        let Some(key) = k.as_str() else { continue };
        let p = if path.is_empty() {
            key.to_string()
        } else {
            format!("{path}.{key}")
        };
        match v.as_str() {
            Some(value) if path.starts_with("secureJsonData") || is_secret_key(key) => {
                out.push((
                    p,
                    Text {
                        value: value.to_string(),
                        span: v.value_span(file),
                    },
                ));
            }
            Some(_) => {}
            None => collect_secrets(file, v, &p, out),
        }
    }
}
