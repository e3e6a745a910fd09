//! Prometheus-style rule groups → Grafana-managed rule groups (A-formats §7), for importing
//! Prometheus/Loki rule files and for compiling `engine: grafana` groups.
//!
//! Each alerting rule becomes:
//! - when its expression ends in a top-level comparison with a number (`X > 0.05`,
//!   `X < 1`): `A` = instant query `X`, `B` = reduce `A` to its last value, `C` = threshold
//!   `B > 0.05`. `$values.A.Value` is then the number Prometheus called `$value`.
//! - otherwise, like Grafana's own converter ("any returned sample fires"): `A` = the whole
//!   expression, `B` = math `is_number($A) || is_nan($A) || is_inf($A)`, `C` = threshold
//!   `B > 0`.
//!
//! Condition `C`; `for`/`keep_firing_for` copied; group labels merged under rule labels;
//! annotations copied with `$value` rewritten to the value node (`$values.B.Value`, the reduced
//! value, or `$values.A.Value`, the query, in the "any sample" form; [`super::templates`]); `noDataState: OK`,
//! `execErrState: Error` and `missing_series_evals_to_resolve: 1` so rules behave like
//! Prometheus (a vanished series resolves). Recording rules become Grafana recording rules
//! (`record: {metric, from: A, targetDatasourceUid}`), which need a target datasource.

use super::alerting::{
    AlertQuery, Evaluator, ExecErrState, Expression, NoDataState, QuerySource, RecordSpec, Rule,
    RuleGroup, stable_uid,
};
use super::rules;
use super::templates;

/// Settings of a conversion.
#[derive(Debug, Clone)]
pub struct ConvertOptions {
    /// Datasource the expressions run on (`prometheus` / `loki` plugin and UID).
    pub source: QuerySource,
    /// Grafana folder title of the groups.
    pub folder: String,
    /// Interval for groups that do not set one.
    pub default_interval: String,
    /// Prefix of generated rule UIDs (e.g. the team), for uniqueness across files.
    pub uid_prefix: String,
    /// Prometheus datasource UID recording rules write to; `None`: recording rules are errors.
    pub record_target: Option<String>,
    /// No-data state.
    pub no_data_state: NoDataState,
    /// Error state.
    pub exec_err_state: ExecErrState,
    /// Seconds of data each query looks at (before the group's `query_offset`).
    pub query_window_secs: u64,
}

impl ConvertOptions {
    /// Defaults: interval `1m`, `OK`/`Error` states, 10-minute query window.
    pub fn new(
        source: QuerySource,
        folder: impl Into<String>,
        uid_prefix: impl Into<String>,
    ) -> Self {
        ConvertOptions {
            source,
            folder: folder.into(),
            default_interval: "1m".into(),
            uid_prefix: uid_prefix.into(),
            record_target: None,
            no_data_state: NoDataState::Ok,
            exec_err_state: ExecErrState::Error,
            query_window_secs: 600,
        }
    }
}

/// Why a rule cannot be converted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ConvertError {
    /// A recording rule without a target datasource.
    #[error("group {group:?}: recording rule {metric:?} needs a target Prometheus datasource")]
    RecordingWithoutTarget {
        /// Group name.
        group: String,
        /// Recorded metric.
        metric: String,
    },
    /// A rule with neither `alert` nor `record`.
    #[error("group {group:?}: rule {index} has neither `alert` nor `record`")]
    Unnamed {
        /// Group name.
        group: String,
        /// 0-based position.
        index: usize,
    },
    /// A duration Prometheus would not accept.
    #[error("group {group:?}: invalid duration {value:?}")]
    Duration {
        /// Group name.
        group: String,
        /// The text.
        value: String,
    },
}

/// Converts one Prometheus-style group. Rule UIDs are stable: built from the prefix, group
/// and rule name, plus the position when a name repeats in the group.
pub fn to_grafana_group(
    group: &rules::RuleGroup,
    opts: &ConvertOptions,
) -> Result<RuleGroup, ConvertError> {
    let offset = match &group.query_offset {
        Some(d) => parse_duration_secs(d).ok_or_else(|| ConvertError::Duration {
            group: group.name.clone(),
            value: d.clone(),
        })?,
        None => 0,
    };
    let mut out = RuleGroup::new(
        group.name.clone(),
        opts.folder.clone(),
        group
            .interval
            .clone()
            .unwrap_or_else(|| opts.default_interval.clone()),
    );
    let mut seen = std::collections::BTreeMap::<&str, usize>::new();
    for (index, r) in group.rules.iter().enumerate() {
        let name = r.name();
        if name.is_empty() {
            return Err(ConvertError::Unnamed {
                group: group.name.clone(),
                index,
            });
        }
        let n = seen.entry(name).or_default();
        let uid = if *n == 0 {
            stable_uid(&[&opts.uid_prefix, &group.name, name])
        } else {
            stable_uid(&[&opts.uid_prefix, &group.name, name, &n.to_string()])
        };
        *n += 1;
        out.rules.push(convert_rule(group, r, uid, offset, opts)?);
    }
    Ok(out)
}

fn convert_rule(
    group: &rules::RuleGroup,
    r: &rules::Rule,
    uid: String,
    offset: u64,
    opts: &ConvertOptions,
) -> Result<Rule, ConvertError> {
    let query = |expr: &str| {
        let mut q = AlertQuery::instant("A", &opts.source, expr, opts.query_window_secs + offset);
        q.relative_time_range.to = offset;
        q
    };
    let mut rule = if let Some(metric) = &r.record {
        let target =
            opts.record_target
                .clone()
                .ok_or_else(|| ConvertError::RecordingWithoutTarget {
                    group: group.name.clone(),
                    metric: metric.clone(),
                })?;
        let mut rule = Rule::new(uid, metric.clone(), "A", vec![query(&r.expr)]);
        rule.record = Some(RecordSpec {
            metric: metric.clone(),
            from: "A".into(),
            target_datasource_uid: Some(target),
        });
        rule
    } else {
        let (data, _) = alert_nodes(&r.expr, &query);
        let value_ref = templates::value_ref(&data, "C").unwrap_or_else(|| "A".into());
        let mut rule = Rule::new(uid, r.name().to_string(), "C", data);
        rule.no_data_state = opts.no_data_state.clone();
        rule.exec_err_state = opts.exec_err_state.clone();
        rule.missing_series_evals_to_resolve = Some(1);
        rule.for_ = r.for_.clone().unwrap_or_else(|| "0s".into());
        rule.keep_firing_for = r.keep_firing_for.clone();
        rule.annotations = r
            .annotations
            .iter()
            .map(|(k, v)| (k.clone(), templates::to_grafana(v, &value_ref)))
            .collect();
        rule
    };
    rule.labels = group.labels.clone();
    rule.labels
        .extend(r.labels.iter().map(|(k, v)| (k.clone(), v.clone())));
    Ok(rule)
}

/// The data nodes of an alerting expression, and whether the comparison was split off.
fn alert_nodes(expr: &str, query: &dyn Fn(&str) -> AlertQuery) -> (Vec<AlertQuery>, bool) {
    if let Some((lhs, evaluator)) = split_comparison(expr) {
        let data = vec![
            query(lhs),
            AlertQuery::expression(
                "B",
                Expression::Reduce {
                    expression: "A".into(),
                    reducer: "last".into(),
                    mode: Some("dropNN".into()),
                },
            ),
            AlertQuery::expression(
                "C",
                Expression::Threshold {
                    expression: "B".into(),
                    evaluator,
                    unload_evaluator: None,
                },
            ),
        ];
        return (data, true);
    }
    let data = vec![
        query(expr),
        AlertQuery::expression(
            "B",
            Expression::Math {
                expression: templates::ANY_SAMPLE_MATH.into(),
            },
        ),
        AlertQuery::expression(
            "C",
            Expression::Threshold {
                expression: "B".into(),
                evaluator: Evaluator::gt(0.0),
                unload_evaluator: None,
            },
        ),
    ];
    (data, false)
}

/// Splits `X > N` / `X < N` (a top-level comparison with a number on the right, no `bool`,
/// nothing binding looser in `X`) into `X` and the evaluator. Conservative: anything else is
/// `None`, and the caller keeps the whole expression.
pub fn split_comparison(expr: &str) -> Option<(&str, Evaluator)> {
    let tops = top_level_operators(expr)?;
    let &(pos, op) = tops.last()?;
    // Exactly one loose operator at top level: the comparison itself.
    if tops.len() != 1 || !matches!(op, ">" | "<") {
        return None;
    }
    let lhs = expr[..pos].trim();
    let rhs = expr[pos + op.len()..].trim();
    if lhs.is_empty() || rhs.starts_with("bool") {
        return None;
    }
    let n: f64 = rhs.parse().ok().filter(|n: &f64| n.is_finite())?;
    let evaluator = if op == ">" {
        Evaluator::gt(n)
    } else {
        Evaluator::lt(n)
    };
    Some((lhs, evaluator))
}

/// Byte positions of top-level comparison operators and `and`/`or`/`unless`; `None` if the
/// expression is unbalanced or has a comment.
fn top_level_operators(expr: &str) -> Option<Vec<(usize, &'static str)>> {
    let b = expr.as_bytes();
    let mut depth = 0i32;
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        match c {
            b'"' | b'\'' | b'`' => {
                i += 1;
                while i < b.len() && b[i] != c {
                    if b[i] == b'\\' && c != b'`' {
                        i += 1;
                    }
                    i += 1;
                }
                if i >= b.len() {
                    return None;
                }
            }
            b'#' => return None,
            b'(' | b'[' | b'{' => depth += 1,
            b')' | b']' | b'}' => {
                depth -= 1;
                if depth < 0 {
                    return None;
                }
            }
            _ if depth == 0 => {
                let rest = &expr[i..];
                let two = rest.get(..2).unwrap_or("");
                if matches!(two, "==" | "!=" | ">=" | "<=") {
                    out.push((i, if two == "==" { "==" } else { "op2" }));
                    i += 2;
                    continue;
                }
                if c == b'>' {
                    out.push((i, ">"));
                } else if c == b'<' {
                    out.push((i, "<"));
                } else if c.is_ascii_alphabetic() && (i == 0 || !is_ident(b[i - 1])) {
                    let end = rest
                        .bytes()
                        .position(|x| !is_ident(x))
                        .map_or(b.len(), |p| i + p);
                    let word = &expr[i..end];
                    if matches!(word.to_ascii_lowercase().as_str(), "and" | "or" | "unless") {
                        out.push((i, "set"));
                    }
                    i = end;
                    continue;
                }
            }
            _ => {}
        }
        i += 1;
    }
    (depth == 0).then_some(out)
}

fn is_ident(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b':'
}

/// Seconds of a Prometheus duration (`1h30m`, `90s`, `500ms` rounds down); `None` if invalid.
pub fn parse_duration_secs(d: &str) -> Option<u64> {
    if d == "0" {
        return Some(0);
    }
    let mut total_ms: u64 = 0;
    let mut rest = d;
    if rest.is_empty() {
        return None;
    }
    while !rest.is_empty() {
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 {
            return None;
        }
        let n: u64 = rest[..digits].parse().ok()?;
        rest = &rest[digits..];
        let unit_len = rest.bytes().take_while(u8::is_ascii_alphabetic).count();
        let ms = match &rest[..unit_len] {
            "ms" => 1,
            "s" => 1000,
            "m" => 60_000,
            "h" => 3_600_000,
            "d" => 86_400_000,
            "w" => 604_800_000,
            "y" => 31_536_000_000,
            _ => return None,
        };
        total_ms = total_ms.checked_add(n.checked_mul(ms)?)?;
        rest = &rest[unit_len..];
    }
    Some(total_ms / 1000)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn opts() -> ConvertOptions {
        ConvertOptions::new(QuerySource::new("prometheus", "prom"), "Team A", "team-a")
    }

    #[test]
    fn comparison_split_only_when_safe() {
        let (lhs, ev) = split_comparison("sum(rate(x[5m])) / sum(rate(y[5m])) > 0.05").unwrap();
        assert_eq!(lhs, "sum(rate(x[5m])) / sum(rate(y[5m]))");
        assert_eq!(ev, Evaluator::gt(0.05));
        assert_eq!(split_comparison("up < 1").unwrap().1, Evaluator::lt(1.0));
        for keep in [
            "up == 0",
            "a > 5 or b > 3",
            "a > bool 1",
            "a > b",
            "x{l=\">\"} > on(job) y",
            "absent(up{job=\"x\"})",
            "a > 1 # comment",
            "rate(x[5m]) > 1e400",
            "a >= 1",
        ] {
            assert!(split_comparison(keep).is_none(), "{keep}");
        }
        assert_eq!(
            split_comparison("max by (le) (x{a=\"<b\"}) > 2").unwrap().0,
            "max by (le) (x{a=\"<b\"})"
        );
    }

    #[test]
    fn alert_with_comparison_becomes_query_reduce_threshold() {
        let g = rules::RuleGroup::new("api").rule(
            rules::Rule::alert("HighErrors", "sum(rate(errors[5m])) > 5")
                .for_duration("10m")
                .label("severity", "page")
                .annotation("summary", "{{ $value }} errors/s; {{ $values.A.Value }}"),
        );
        let out = to_grafana_group(&g, &opts()).unwrap();
        assert_eq!(out.folder, "Team A");
        assert_eq!(out.interval, "1m");
        let r = &out.rules[0];
        assert_eq!(r.uid, "team-a-api-HighErrors");
        assert_eq!(r.title, "HighErrors");
        assert_eq!(r.condition, "C");
        assert_eq!(r.for_, "10m");
        assert_eq!(r.data[0].model["expr"], "sum(rate(errors[5m]))");
        assert_eq!(r.data[1].model["type"], "reduce");
        assert_eq!(
            serde_json::to_value(&r.data[2].model["conditions"]).unwrap(),
            json!([{"evaluator": {"params": [5], "type": "gt"}}])
        );
        assert_eq!(
            r.annotations["summary"],
            "{{ $values.B.Value }} errors/s; {{ $values.A.Value }}"
        );
        assert_eq!(r.no_data_state, NoDataState::Ok);
        assert_eq!(r.missing_series_evals_to_resolve, Some(1));
    }

    #[test]
    fn other_alerts_fire_on_any_sample() {
        let mut g = rules::RuleGroup::new("g").interval("30s");
        g.query_offset = Some("1m".into());
        g.labels.insert("team".into(), "a".into());
        g = g
            .rule(
                rules::Rule::alert("Down", "up == 0")
                    .label("team", "b")
                    .annotation("summary", "{{ $labels.job }} down ({{ $value }})"),
            )
            .rule(rules::Rule::alert("Down", "absent(up)"));
        let out = to_grafana_group(&g, &opts()).unwrap();
        let r = &out.rules[0];
        assert_eq!(
            r.data[1].model["expression"],
            "is_number($A) || is_nan($A) || is_inf($A)"
        );
        assert_eq!(r.data[0].relative_time_range.from, 660);
        assert_eq!(r.data[0].relative_time_range.to, 60);
        assert_eq!(r.labels["team"], "b", "rule labels win over group labels");
        // "Any sample fires": `$value` is the query's value.
        assert_eq!(
            r.annotations["summary"],
            "{{ $labels.job }} down ({{ $values.A.Value }})"
        );
        assert_eq!(out.interval, "30s");
        assert_ne!(
            out.rules[0].uid, out.rules[1].uid,
            "repeated names get distinct UIDs"
        );
        assert_eq!(out.rules[1].labels["team"], "a");
    }

    #[test]
    fn recording_rules_need_a_target() {
        let g = rules::RuleGroup::new("rec")
            .rule(rules::Rule::record("job:x:rate5m", "sum(rate(x[5m]))"));
        assert!(matches!(
            to_grafana_group(&g, &opts()),
            Err(ConvertError::RecordingWithoutTarget { .. })
        ));
        let mut o = opts();
        o.record_target = Some("prom-write".into());
        let r = &to_grafana_group(&g, &o).unwrap().rules[0];
        assert_eq!(r.record.as_ref().unwrap().metric, "job:x:rate5m");
        assert_eq!(r.condition, "A");
    }

    #[test]
    fn durations() {
        assert_eq!(parse_duration_secs("1h30m"), Some(5400));
        assert_eq!(parse_duration_secs("0"), Some(0));
        assert_eq!(parse_duration_secs("1500ms"), Some(1));
        assert_eq!(parse_duration_secs("5x"), None);
        assert_eq!(parse_duration_secs(""), None);
    }
}
