//! Query expressions in a diff: printed canonically so layout-only edits do not show as
//! changes of meaning, and real changes read cleanly.

use crate::query::{ParseOptions, logql, promql};

/// The query text of a target/model: `expr` (Prometheus, Loki), `query` (Flux, Lucene, …),
/// `expression` (server-side expressions) or `rawSql`.
pub(super) fn query_text(target: &serde_json::Value) -> Option<&str> {
    ["expr", "query", "expression", "rawSql"]
        .iter()
        .find_map(|k| target.get(*k).and_then(serde_json::Value::as_str))
}

/// The field `query_text` found, for skipping it in the generic comparison.
pub(super) const QUERY_FIELDS: [&str; 4] = ["expr", "query", "expression", "rawSql"];

/// The expressions as the diff shows them: canonically printed ([`canonical`]); when that
/// hides the difference, as written.
pub(super) fn shown_pair(before: &str, after: &str) -> (String, String) {
    let (b, a) = (canonical(before), canonical(after));
    if b == a {
        (before.to_string(), after.to_string())
    } else {
        (b, a)
    }
}

/// Whether two expressions differ in more than layout. When both parse, their canonical
/// printings are compared; otherwise their texts, where outside string literals whitespace
/// only matters between two word characters (`sum by`).
pub(super) fn differs(before: &str, after: &str) -> bool {
    if before == after {
        return false;
    }
    match (printed(before), printed(after)) {
        (Some(b), Some(a)) => b != a,
        _ => normalize(before, Style::Tight) != normalize(after, Style::Tight),
    }
}

/// The canonical form: printed by the PromQL or LogQL front-end's canonical printer when the
/// expression parses, else the text with whitespace outside string literals (`"…"`, `'…'`,
/// `` `…` ``) collapsed to one space, none just inside brackets or before a comma.
pub(super) fn canonical(expr: &str) -> String {
    printed(expr).unwrap_or_else(|| normalize(expr, Style::Display))
}

/// The expression printed by a query front-end's canonical printer, when it parses: PromQL
/// first (most queries), then LogQL (a log query is never valid PromQL).
fn printed(expr: &str) -> Option<String> {
    let opts = ParseOptions::default();
    if let (Some(e), _) = promql::analyze(expr, &opts) {
        return Some(promql::print(&e));
    }
    let parsed = logql::parse(expr, &opts);
    parsed.expr.as_ref().map(logql::print)
}

#[derive(Clone, Copy, PartialEq)]
enum Style {
    /// Spaces kept only between word characters: equal iff the layout is all that differs.
    Tight,
    /// Readable: single spaces, none inside brackets.
    Display,
}

fn normalize(expr: &str, style: Style) -> String {
    let mut out = String::with_capacity(expr.len());
    let mut quote: Option<char> = None;
    let mut escaped = false;
    let mut pending_space = false;
    for c in expr.trim().chars() {
        if let Some(q) = quote {
            out.push(c);
            if escaped {
                escaped = false;
            } else if c == '\\' && q != '`' {
                escaped = true;
            } else if c == q {
                quote = None;
            }
            continue;
        }
        if c.is_whitespace() {
            pending_space = true;
            continue;
        }
        if pending_space && keeps_space(out.chars().last(), c, style) {
            out.push(' ');
        }
        pending_space = false;
        if matches!(c, '"' | '\'' | '`') {
            quote = Some(c);
        }
        out.push(c);
    }
    out
}

/// Whether a run of whitespace between `prev` and `next` survives.
fn keeps_space(prev: Option<char>, next: char, style: Style) -> bool {
    let Some(prev) = prev else { return false };
    let word = |c: char| c.is_alphanumeric() || matches!(c, '_' | '.' | ':');
    match style {
        Style::Tight => word(prev) && word(next),
        Style::Display => {
            !matches!(prev, '(' | '[' | '{') && !matches!(next, ')' | ']' | '}' | ',')
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn promql_is_printed_canonically() {
        let a = "sum by(job)(rate(x[5m]))";
        let b = "sum by (job) (\n  rate(x[5m])\n)";
        assert!(!differs(a, b));
        assert_eq!(
            canonical(a),
            promql::print(&promql::parse(b, &ParseOptions::default()).expect("parses"))
        );
        assert!(differs(a, "sum by (job) (rate(x[1m]))"));
    }

    #[test]
    fn logql_is_printed_canonically() {
        let a = r#"sum by (app) (rate({job="x"}|json [5m]))"#;
        let b = "sum by (app) (\n  rate({job=\"x\"} | json [5m])\n)";
        assert!(!differs(a, b));
        assert_eq!(
            canonical(b),
            r#"sum by (app) (rate({job="x"} | json [5m]))"#
        );
        assert!(differs(a, r#"sum by (app) (rate({job="y"} | json [5m]))"#));
    }

    #[test]
    fn layout_is_not_a_change_but_literals_are() {
        assert!(!differs("sum(rate(x[5m]))", "sum(\n  rate(x[5m])\n)  "));
        assert_eq!(
            canonical("sum by (job)\n  (rate(x[5m]))"),
            "sum by (job) (rate(x[5m]))"
        );
        assert!(differs(r#"x{a="b  c"}"#, r#"x{a="b c"}"#));
        assert_eq!(
            shown_pair(r#"x{a="b  c"}"#, r#"x{a="b c"}"#),
            (r#"x{a="b  c"}"#.to_string(), r#"x{a="b c"}"#.to_string())
        );
        assert_eq!(
            canonical(r#"{a="\"  "}  |= `x  y`"#),
            r#"{a="\"  "} |= `x  y`"#
        );
    }
}
