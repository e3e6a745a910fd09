//! Errors for names LogQL does not know, with hints for the classic mistakes: a PromQL
//! function or a Prometheus metric name in a LogQL query.

use super::super::{QueryError, Span};

/// PromQL functions that LogQL lacks, each with what to use instead in LogQL (if anything).
const PROMQL_ONLY: &[(&str, &str)] = &[
    ("irate", "rate({…}[5m])"),
    (
        "increase",
        "count_over_time({…}[5m]) or sum_over_time(… | unwrap x [5m])",
    ),
    ("delta", "sum_over_time(… | unwrap x [5m])"),
    ("idelta", "last_over_time(… | unwrap x [5m])"),
    ("deriv", ""),
    ("predict_linear", ""),
    (
        "histogram_quantile",
        "quantile_over_time(0.99, {…} | unwrap x [5m])",
    ),
    ("histogram_fraction", ""),
    ("holt_winters", ""),
    ("double_exponential_smoothing", ""),
    ("clamp", ""),
    ("clamp_min", ""),
    ("clamp_max", ""),
    ("abs", ""),
    ("ceil", ""),
    ("floor", ""),
    ("round", ""),
    ("exp", ""),
    ("ln", ""),
    ("log2", ""),
    ("log10", ""),
    ("sqrt", ""),
    ("sgn", ""),
    ("time", ""),
    ("timestamp", ""),
    ("label_join", "label_format"),
    ("absent", "absent_over_time({…}[5m])"),
    ("changes", ""),
    ("resets", ""),
    ("scalar", ""),
    ("sort_by_label", "sort / sort_desc"),
    ("sort_by_label_desc", "sort / sort_desc"),
    ("day_of_month", ""),
    ("day_of_week", ""),
    ("day_of_year", ""),
    ("days_in_month", ""),
    ("hour", ""),
    ("minute", ""),
    ("month", ""),
    ("year", ""),
    ("present_over_time", "count_over_time({…}[5m])"),
    ("count_values", ""),
    ("quantile", "quantile_over_time"),
    ("group", ""),
    ("limitk", "topk"),
    ("limit_ratio", ""),
    ("mad_over_time", ""),
    ("info", ""),
];

/// An identifier where an expression should start: a PromQL function, an unknown function,
/// or a metric name.
pub(super) fn unknown_name(name: &str, call: bool, span: Span) -> QueryError {
    if call {
        if let Some((_, instead)) = PROMQL_ONLY
            .iter()
            .find(|(f, _)| f.eq_ignore_ascii_case(name))
        {
            let hint = if instead.is_empty() {
                format!("{name} is a PromQL function; LogQL has no equivalent")
            } else {
                format!("{name} is a PromQL function; in LogQL use {instead}")
            };
            return QueryError {
                message: format!("unknown function \"{name}\": not a LogQL function"),
                span,
                hint: Some(hint),
            };
        }
        return QueryError {
            message: format!("unknown function \"{name}\""),
            span,
            hint: Some(
                "LogQL functions are the range aggregations (rate, count_over_time, …), the vector aggregations (sum, topk, …), label_replace and vector".into(),
            ),
        };
    }
    metric_name(name, span)
}

/// A name where a range aggregation's stream selector belongs: a metric name, or a function
/// call (a metric query cannot be aggregated over a range again).
pub(super) fn metric_in_range(name: &str, call: bool, span: Span) -> QueryError {
    if call {
        return QueryError {
            message: format!("expected a log query with a range, found a call to \"{name}\""),
            span,
            hint: Some(
                "a range aggregation takes a log query ({…}[5m]); aggregate metric results with sum, avg, max, … instead".into(),
            ),
        };
    }
    metric_name(name, span)
}

fn metric_name(name: &str, span: Span) -> QueryError {
    QueryError {
        message: format!("expected a stream selector {{label=\"value\"}}, found name \"{name}\""),
        span,
        hint: Some(format!(
            "LogQL selects log streams with {{label=\"value\"}}; \"{name}\" looks like a Prometheus metric name (query it with PromQL)"
        )),
    }
}
