//! Datasources: every setting, with secrets masked (`secureJsonData`, passwords, tokens).

use serde_json::Value;

use super::json::leaf_changes_except;
use super::{Change, ValueKind};

/// Field names whose values are never shown, wherever they appear.
const SECRET_WORDS: [&str; 5] = ["password", "token", "secret", "apikey", "credential"];

/// Every change between two versions of one datasource's JSON.
pub(super) fn compare(base: &Value, head: &Value, out: &mut Vec<Change>) {
    let start = out.len();
    leaf_changes_except("", "", base, head, &[], out);
    for change in &mut out[start..] {
        if is_secret(&change.field) {
            *change = change.clone().shown_as(ValueKind::Secret);
        }
    }
}

/// Whether a field path holds a secret: anything under `secureJsonData`, or a key naming one.
fn is_secret(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    lower.starts_with("securejsondata") || SECRET_WORDS.iter().any(|w| lower.contains(w))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn url_changes_show_and_secrets_do_not() {
        let a = json!({"name": "loki", "url": "http://a", "basicAuthPassword": "p1",
            "secureJsonData": {"httpHeaderValue1": "$__file{/a}"}, "jsonData": {"maxLines": 1000}});
        let b = json!({"name": "loki", "url": "http://b", "basicAuthPassword": "p2",
            "secureJsonData": {"httpHeaderValue1": "$__file{/b}"}, "jsonData": {"maxLines": 500}});
        let mut out = Vec::new();
        compare(&a, &b, &mut out);
        let rendered = format!("{out:?}");
        assert!(
            !rendered.contains("p1") && !rendered.contains("$__file{/b}"),
            "{rendered}"
        );
        let fields: Vec<(&str, ValueKind)> =
            out.iter().map(|c| (c.field.as_str(), c.value)).collect();
        assert_eq!(
            fields,
            vec![
                ("basicAuthPassword", ValueKind::Secret),
                ("jsonData.maxLines", ValueKind::Plain),
                ("secureJsonData.httpHeaderValue1", ValueKind::Secret),
                ("url", ValueKind::Plain),
            ]
        );
        assert_eq!(out[3].before.as_deref(), Some("http://a"));
    }
}
