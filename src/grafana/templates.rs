//! `$value` in rule annotations, between the Prometheus and the Grafana idiom.
//!
//! In Prometheus `{{ $value }}` is the sample value of the alert. In a Grafana-managed rule
//! `$value` is Grafana's "value string" (`[ var='B' labels={…} value=3 ]`, or the query value
//! when a single datasource is used, depending on the version), and the number is
//! `{{ $values.<RefId>.Value }}` for an instant query or expression node. `$labels` means the
//! same in both. So a Prometheus-style rule compiled to a Grafana rule has its `$value`
//! written `$values.<R>.Value`, where `R` is the node holding the value Prometheus would have
//! given ([`value_ref`]); importing a Grafana rule translates `$values.<R>.Value` back.
//! Only template actions (`{{ … }}`) are rewritten; the text around them is left alone.

use super::alerting::{AlertQuery, EXPR_DATASOURCE_UID};

/// The Grafana math expression that makes "any returned sample fires" (Prometheus semantics).
pub const ANY_SAMPLE_MATH: &str = "is_number($A) || is_nan($A) || is_inf($A)";

/// The refId whose value Prometheus would call `$value`: the input of the threshold node the
/// condition names (the reduced or computed value compared), or, when that input is the
/// "any sample fires" math over a query (`is_number($X) || …`), that query. `None` when the
/// condition is not a threshold over one input.
pub fn value_ref(data: &[AlertQuery], condition: &str) -> Option<String> {
    let node = |r: &str| data.iter().find(|q| q.ref_id == r);
    let cond = node(condition)?;
    if !is_expr(cond) || cond.model.get("type")?.as_str()? != "threshold" {
        return None;
    }
    let input = cond
        .model
        .get("expression")?
        .as_str()?
        .trim_start_matches('$');
    let input_node = node(input)?;
    if is_expr(input_node)
        && input_node.model.get("type").and_then(|t| t.as_str()) == Some("math")
        && let Some(math) = input_node.model.get("expression").and_then(|e| e.as_str())
        && let Some(x) = any_sample_query(math)
    {
        return node(x).map(|q| q.ref_id.clone());
    }
    Some(input.to_string())
}

fn is_expr(q: &AlertQuery) -> bool {
    q.datasource_uid == EXPR_DATASOURCE_UID
        || q.model
            .get("datasource")
            .and_then(|d| d.get("uid"))
            .and_then(|u| u.as_str())
            == Some(EXPR_DATASOURCE_UID)
}

/// `X` of `is_number($X) || is_nan($X) || is_inf($X)`.
fn any_sample_query(math: &str) -> Option<&str> {
    let rest = math.trim().strip_prefix("is_number($")?;
    let end = rest.find(')')?;
    let x = &rest[..end];
    (ANY_SAMPLE_MATH.replace("$A", &format!("${x}")) == math.trim()).then_some(x)
}

/// Prometheus idiom → Grafana: `$value` → `$values.<value_ref>.Value` inside `{{ … }}`.
pub fn to_grafana(template: &str, value_ref: &str) -> String {
    let grafana = format!("$values.{value_ref}.Value");
    in_actions(template, |action| replace_ident(action, "$value", &grafana))
}

/// Grafana idiom → Prometheus: `$values.<value_ref>.Value` → `$value` inside `{{ … }}`.
pub fn to_prometheus(template: &str, value_ref: &str) -> String {
    let grafana = format!("$values.{value_ref}.Value");
    in_actions(template, |action| replace_ident(action, &grafana, "$value"))
}

/// Applies `f` to the inside of every `{{ … }}` action.
fn in_actions(template: &str, f: impl Fn(&str) -> String) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(open) = rest.find("{{") {
        let Some(close) = rest[open + 2..].find("}}") else {
            break;
        };
        let inner_end = open + 2 + close;
        out.push_str(&rest[..open + 2]);
        out.push_str(&f(&rest[open + 2..inner_end]));
        out.push_str("}}");
        rest = &rest[inner_end + 2..];
    }
    out.push_str(rest);
    out
}

/// Replaces `from` where it is a whole name (not followed by a name character).
fn replace_ident(text: &str, from: &str, to: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find(from) {
        out.push_str(&rest[..i]);
        let after = &rest[i + from.len()..];
        if after
            .bytes()
            .next()
            .is_some_and(|b| b.is_ascii_alphanumeric() || b == b'_')
        {
            out.push_str(from);
        } else {
            out.push_str(to);
        }
        rest = after;
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grafana::alerting::{Evaluator, QuerySource, Rule};

    #[test]
    fn value_is_translated_inside_actions_only_and_both_ways() {
        let p = "{{ $value | humanize }} at $value; {{ $labels.job }} {{ $values.A.Value }}";
        let g = to_grafana(p, "B");
        assert_eq!(
            g,
            "{{ $values.B.Value | humanize }} at $value; {{ $labels.job }} {{ $values.A.Value }}"
        );
        assert_eq!(to_prometheus(&g, "B"), p);
        assert_eq!(
            to_grafana("{{$value}}{{ $value_x }}", "C"),
            "{{$values.C.Value}}{{ $value_x }}"
        );
        assert_eq!(to_grafana("{{ unclosed $value", "B"), "{{ unclosed $value");
    }

    #[test]
    fn value_ref_follows_the_condition() {
        let src = QuerySource::new("prometheus", "p");
        let r = Rule::query_reduce_threshold("u", "t", &src, "up", Evaluator::gt(1.0));
        assert_eq!(value_ref(&r.data, &r.condition).as_deref(), Some("B"));
        assert_eq!(value_ref(&r.data, "A"), None);
        let any = vec![
            AlertQuery::instant("Q", &src, "up == 0", 600),
            AlertQuery::expression(
                "M",
                super::super::alerting::Expression::Math {
                    expression: "is_number($Q) || is_nan($Q) || is_inf($Q)".into(),
                },
            ),
            AlertQuery::expression(
                "T",
                super::super::alerting::Expression::Threshold {
                    expression: "M".into(),
                    evaluator: Evaluator::gt(0.0),
                    unload_evaluator: None,
                },
            ),
        ];
        assert_eq!(value_ref(&any, "T").as_deref(), Some("Q"));
    }
}
