//! `$` escaping for Grafana provisioning files.
//!
//! Grafana interpolates most values of provisioning YAML: it splits a value on `$$`, expands
//! `$__file{…}`, `$__env{…}`, `$__vault{…}`, `${VAR}` and bare `$VAR` in each part, and joins
//! the parts with a single `$` (A-formats §1.2). So `$$` is a literal `$`, and any other `$`
//! may be eaten (`$labels` becomes the empty string).
//!
//! grafcode source values are literal text, with one exception: `$__file{…}`, `$__env{…}` and
//! `$__vault{…}` references (the way to name secrets) are kept for Grafana to expand. Every
//! other `$` — including `${VAR}` and `$VAR` — is written `$$`. Use `$__env{VAR}` for an
//! environment variable.
//!
//! Which fields are interpolated (and so escaped here) follows Grafana's provisioning
//! structs: datasource fields, `jsonData` (recursively) and `secureJsonData`; dashboard
//! provider fields; alert group and rule scalar fields, query `refId`/`queryType`/
//! `datasourceUid`, and rule **labels**. Alert **annotations** and query **models** are not
//! interpolated, so they are written as they are (`{{ $labels.job }}` stays intact).

use std::borrow::Cow;

use serde_json::Value;

use crate::grafana::alerting::{AlertQuery, Rule, RuleGroup};
use crate::grafana::datasource::Datasource;

/// Expander prefixes kept as references.
const REFERENCES: [&str; 3] = ["$__file{", "$__env{", "$__vault{"];

/// Escapes `s` for an interpolated provisioning field: every `$` becomes `$$`, except the `$`
/// that starts a complete `$__file{…}`, `$__env{…}` or `$__vault{…}` reference.
pub fn escape_dollars(s: &str) -> Cow<'_, str> {
    if !s.contains('$') {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 4);
    let mut rest = s;
    while let Some(i) = rest.find('$') {
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        match reference_len(tail) {
            Some(n) => {
                out.push_str(&tail[..n]);
                rest = &tail[n..];
            }
            None => {
                out.push_str("$$");
                rest = &tail[1..];
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// Length of the reference `tail` starts with (`$__file{…}` up to its `}`), if any. Grafana's
/// expander regex is `\$(|__\w+){([^}]+)}`: the body is non-empty and has no `}`.
fn reference_len(tail: &str) -> Option<usize> {
    let prefix = REFERENCES.iter().find(|p| tail.starts_with(**p))?;
    let body = &tail[prefix.len()..];
    let close = body.find('}')?;
    (close > 0).then_some(prefix.len() + close + 1)
}

/// Escapes every string inside a JSON value (keys are not interpolated).
pub fn escape_value(v: &Value) -> Value {
    match v {
        Value::String(s) => Value::String(escape_dollars(s).into_owned()),
        Value::Array(items) => Value::Array(items.iter().map(escape_value).collect()),
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(k, v)| (k.clone(), escape_value(v)))
                .collect(),
        ),
        other => other.clone(),
    }
}

fn esc(s: &str) -> String {
    escape_dollars(s).into_owned()
}

fn esc_opt(s: &Option<String>) -> Option<String> {
    s.as_deref().map(esc)
}

/// A datasource with every interpolated field escaped.
pub fn escape_datasource(ds: &Datasource) -> Datasource {
    Datasource {
        name: esc(&ds.name),
        kind: esc(&ds.kind),
        uid: esc_opt(&ds.uid),
        org_id: ds.org_id,
        access: ds.access.clone(),
        url: esc_opt(&ds.url),
        user: esc_opt(&ds.user),
        database: esc_opt(&ds.database),
        basic_auth: ds.basic_auth,
        basic_auth_user: esc_opt(&ds.basic_auth_user),
        with_credentials: ds.with_credentials,
        is_default: ds.is_default,
        json_data: ds
            .json_data
            .iter()
            .map(|(k, v)| (k.clone(), escape_value(v)))
            .collect(),
        secure_json_data: ds
            .secure_json_data
            .iter()
            .map(|(k, v)| (k.clone(), esc(v)))
            .collect(),
        version: ds.version,
        editable: ds.editable,
        extra: ds
            .extra
            .iter()
            .map(|(k, v)| (k.clone(), escape_value(v)))
            .collect(),
    }
}

/// A Grafana-managed rule group with every interpolated field escaped (labels yes,
/// annotations and query models no).
pub fn escape_rule_group(g: &RuleGroup) -> RuleGroup {
    RuleGroup {
        org_id: g.org_id,
        name: esc(&g.name),
        folder: esc(&g.folder),
        interval: esc(&g.interval),
        rules: g.rules.iter().map(escape_rule).collect(),
        extra: g.extra.clone(),
    }
}

fn escape_rule(r: &Rule) -> Rule {
    Rule {
        uid: esc(&r.uid),
        title: esc(&r.title),
        condition: esc(&r.condition),
        data: r.data.iter().map(escape_query).collect(),
        dashboard_uid: esc_opt(&r.dashboard_uid),
        for_: esc(&r.for_),
        keep_firing_for: esc_opt(&r.keep_firing_for),
        labels: r.labels.iter().map(|(k, v)| (k.clone(), esc(v))).collect(),
        ..r.clone()
    }
}

fn escape_query(q: &AlertQuery) -> AlertQuery {
    AlertQuery {
        ref_id: esc(&q.ref_id),
        query_type: esc_opt(&q.query_type),
        datasource_uid: esc(&q.datasource_uid),
        ..q.clone()
    }
}

/// Undoes Grafana's interpolation for text without references: what Grafana reads from an
/// escaped value. Used by tests to prove the escaping round-trips.
#[cfg(test)]
pub(crate) fn grafana_reads(s: &str) -> String {
    // Split on `$$`, drop each remaining `$`-reference the way os.ExpandEnv would for unset
    // variables, rejoin with `$`. Only literal text and `$__file{}` references are expected.
    s.split("$$")
        .map(|part| {
            let mut out = String::new();
            let mut rest = part;
            while let Some(i) = rest.find('$') {
                out.push_str(&rest[..i]);
                let tail = &rest[i..];
                if let Some(n) = reference_len(tail) {
                    out.push_str(&tail[..n]); // a real expander would substitute it
                    rest = &tail[n..];
                } else {
                    // `$name` / `${name}` of an unset variable expands to nothing.
                    let body = &tail[1..];
                    let skip = if let Some(b) = body.strip_prefix('{') {
                        b.find('}').map_or(body.len(), |c| c + 2)
                    } else {
                        body.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                            .unwrap_or(body.len())
                    };
                    rest = &body[skip..];
                }
            }
            out.push_str(rest);
            out
        })
        .collect::<Vec<_>>()
        .join("$")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literal_dollars_doubled_references_kept() {
        assert_eq!(escape_dollars("no dollars"), "no dollars");
        assert_eq!(escape_dollars("{{ $labels.job }}"), "{{ $$labels.job }}");
        assert_eq!(escape_dollars("$3"), "$$3");
        assert_eq!(escape_dollars("${HOME}"), "$${HOME}");
        assert_eq!(escape_dollars("$$"), "$$$$");
        assert_eq!(
            escape_dollars("Bearer $__file{/etc/secrets/token}"),
            "Bearer $__file{/etc/secrets/token}"
        );
        assert_eq!(escape_dollars("$__env{A}$x"), "$__env{A}$$x");
        // Incomplete references are literal text.
        assert_eq!(escape_dollars("$__file{}"), "$$__file{}");
        assert_eq!(escape_dollars("$__file{/x"), "$$__file{/x");
        assert_eq!(escape_dollars("trailing $"), "trailing $$");
    }

    #[test]
    fn grafana_reads_back_the_literal_text() {
        for s in [
            "{{ $labels.job }} at {{ $value }}",
            "price $3 ${X} $$ end$",
            "$__file{/a} and $b",
        ] {
            let escaped = escape_dollars(s);
            assert_eq!(grafana_reads(&escaped), s, "{s}");
        }
        // Unescaped, Grafana would eat the variables.
        assert_eq!(grafana_reads("{{ $labels.job }}"), "{{ .job }}");
    }

    #[test]
    fn rule_labels_escaped_annotations_and_models_not() {
        use crate::grafana::alerting::{Evaluator, QuerySource};
        let r = Rule::query_reduce_threshold(
            "u",
            "T",
            &QuerySource::new("prometheus", "p"),
            "sum(x{a=\"$y\"})",
            Evaluator::gt(1.0),
        )
        .label("team", "$team")
        .annotation("summary", "{{ $labels.job }}");
        let g = escape_rule_group(&RuleGroup::new("g", "F", "1m").rule(r));
        let r = &g.rules[0];
        assert_eq!(r.labels["team"], "$$team");
        assert_eq!(r.annotations["summary"], "{{ $labels.job }}");
        assert_eq!(r.data[0].model["expr"], "sum(x{a=\"$y\"})");
    }

    #[test]
    fn datasource_json_data_escaped_recursively() {
        let ds = Datasource::new("P", "prometheus")
            .json("customQueryParameters", "a=$b")
            .json("nested", serde_json::json!({"k": ["$x", 1]}))
            .secure("httpHeaderValue1", "$__file{/t}");
        let e = escape_datasource(&ds);
        assert_eq!(e.json_data["customQueryParameters"], "a=$$b");
        assert_eq!(e.json_data["nested"], serde_json::json!({"k": ["$$x", 1]}));
        assert_eq!(e.secure_json_data["httpHeaderValue1"], "$__file{/t}");
    }
}
