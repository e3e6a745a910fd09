//! Grafana-managed alert rules as an alerting provisioning file
//! (`provisioning/alerting/*.yaml`, `apiVersion: 1`): rule groups, rules, their data queries
//! and the server-side `__expr__` expressions (reduce, threshold, math, resample, classic).
//!
//! ```
//! use grafcode::grafana::alerting::{Evaluator, QuerySource, Rule, RuleGroup};
//!
//! let prom = QuerySource::new("prometheus", "prometheus");
//! let rule = Rule::query_reduce_threshold(
//!     "api-p99-latency",
//!     "API p99 latency high",
//!     &prom,
//!     "histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket[5m])))",
//!     Evaluator::gt(0.5),
//! )
//! .for_duration("5m")
//! .label("severity", "page");
//! let group = RuleGroup::new("api", "API", "1m").rule(rule);
//! assert_eq!(group.rules[0].condition, "C");
//! ```

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};

use crate::grafana::enums::str_enum;
use crate::grafana::json::{serialize_nums, sort_keys};

/// Free-form fields kept next to the typed ones.
pub type Extra = Map<String, Value>;

/// UID of Grafana's server-side expression "datasource".
pub const EXPR_DATASOURCE_UID: &str = "__expr__";

/// Longest UID Grafana accepts.
pub const MAX_UID_LEN: usize = 40;

/// An alerting provisioning file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AlertingFile {
    /// Always 1.
    pub api_version: u32,
    /// Rule groups.
    #[serde(default)]
    pub groups: Vec<RuleGroup>,
    /// Rules to delete (removing a rule from a file does not delete it in Grafana).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub delete_rules: Vec<DeleteRule>,
    /// Other sections (contact points, policies, templates, mute timings), kept.
    #[serde(flatten)]
    pub extra: Extra,
}

impl AlertingFile {
    /// A file with these groups.
    pub fn new(groups: Vec<RuleGroup>) -> Self {
        AlertingFile {
            api_version: 1,
            groups,
            delete_rules: Vec::new(),
            extra: Extra::new(),
        }
    }
}

/// A rule to delete, by UID.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DeleteRule {
    /// Organisation.
    pub org_id: i64,
    /// Rule UID.
    pub uid: String,
}

/// A rule group: rules evaluated together at one interval, in one folder.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RuleGroup {
    /// Organisation (1, also when a file leaves it out).
    #[serde(default = "default_org")]
    pub org_id: i64,
    /// Group name.
    pub name: String,
    /// Folder title (created if missing).
    pub folder: String,
    /// Evaluation interval, a multiple of 10s (`1m`).
    pub interval: String,
    /// The rules.
    pub rules: Vec<Rule>,
    /// Unknown fields, kept.
    #[serde(flatten)]
    pub extra: Extra,
}

impl RuleGroup {
    /// An empty group in org 1.
    pub fn new(
        name: impl Into<String>,
        folder: impl Into<String>,
        interval: impl Into<String>,
    ) -> Self {
        RuleGroup {
            org_id: 1,
            name: name.into(),
            folder: folder.into(),
            interval: interval.into(),
            rules: Vec::new(),
            extra: Extra::new(),
        }
    }

    /// Adds a rule.
    pub fn rule(mut self, rule: Rule) -> Self {
        self.rules.push(rule);
        self
    }
}

str_enum! {
    /// State when the query returns no data.
    NoDataState {
        /// A `DatasourceNoData` alert.
        NoData => "NoData",
        /// Firing.
        Alerting => "Alerting",
        /// Normal.
        Ok => "OK",
        /// Keep the last state.
        KeepLast => "KeepLast",
    }
}

str_enum! {
    /// State when evaluation fails.
    ExecErrState {
        /// A `DatasourceError` alert.
        Error => "Error",
        /// Firing.
        Alerting => "Alerting",
        /// Normal.
        Ok => "OK",
        /// Keep the last state.
        KeepLast => "KeepLast",
    }
}

/// Simplified routing: send this rule's notifications straight to a contact point.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NotificationSettings {
    /// Contact point name.
    pub receiver: String,
    /// Grouping labels (Grafana's UI requires `alertname` and `grafana_folder`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub group_by: Vec<String>,
    /// Wait before the first notification.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group_wait: Option<String>,
    /// Wait between notifications of a group.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group_interval: Option<String>,
    /// Wait before repeating.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub repeat_interval: Option<String>,
    /// Mute timings.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub mute_time_intervals: Vec<String>,
    /// Active timings.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub active_time_intervals: Vec<String>,
}

/// Grafana-managed recording rule target.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RecordSpec {
    /// Metric name written.
    pub metric: String,
    /// refId whose result is recorded.
    pub from: String,
    /// Prometheus datasource written to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_datasource_uid: Option<String>,
}

/// One alert (or recording) rule.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Rule {
    /// Stable UID, ≤ 40 of `[A-Za-z0-9_-]` (see [`stable_uid`]).
    pub uid: String,
    /// Title (the `alertname`).
    pub title: String,
    /// refId of the node that decides firing.
    #[serde(default)]
    pub condition: String,
    /// Queries and expressions, evaluated in order.
    pub data: Vec<AlertQuery>,
    /// Linked dashboard.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dashboard_uid: Option<String>,
    /// Linked panel.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub panel_id: Option<u32>,
    /// State on no data.
    #[serde(default = "default_no_data")]
    pub no_data_state: NoDataState,
    /// State on error.
    #[serde(default = "default_exec_err")]
    pub exec_err_state: ExecErrState,
    /// Pending period (`5m`; `0s` fires at once).
    #[serde(rename = "for", default = "zero_duration")]
    pub for_: String,
    /// Keep firing this long after the condition clears.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub keep_firing_for: Option<String>,
    /// Evaluations without the series before it resolves.
    #[serde(
        default,
        rename = "missing_series_evals_to_resolve",
        skip_serializing_if = "Option::is_none"
    )]
    pub missing_series_evals_to_resolve: Option<u32>,
    /// Annotations (Go templates; not `$`-interpolated by provisioning).
    #[serde(default)]
    pub annotations: BTreeMap<String, String>,
    /// Labels (`$`-interpolated by provisioning: the emitter escapes them).
    #[serde(default)]
    pub labels: BTreeMap<String, String>,
    /// Paused.
    #[serde(default)]
    pub is_paused: bool,
    /// Simplified routing.
    #[serde(
        default,
        rename = "notification_settings",
        skip_serializing_if = "Option::is_none"
    )]
    pub notification_settings: Option<NotificationSettings>,
    /// Recording rule target (then `condition` may be empty).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub record: Option<RecordSpec>,
    /// Unknown fields, kept.
    #[serde(flatten)]
    pub extra: Extra,
}

fn default_org() -> i64 {
    1
}

fn default_no_data() -> NoDataState {
    NoDataState::NoData
}

fn default_exec_err() -> ExecErrState {
    ExecErrState::Error
}

fn zero_duration() -> String {
    "0s".into()
}

/// The datasource a rule queries: plugin id and UID.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuerySource {
    /// Plugin id (`prometheus`, `loki`).
    pub kind: String,
    /// Datasource UID.
    pub uid: String,
}

impl QuerySource {
    /// A datasource by plugin id and UID.
    pub fn new(kind: impl Into<String>, uid: impl Into<String>) -> Self {
        QuerySource {
            kind: kind.into(),
            uid: uid.into(),
        }
    }
}

impl Rule {
    /// A rule with the given nodes and condition; `for: 0s`, `NoData`/`Error` states.
    pub fn new(
        uid: impl Into<String>,
        title: impl Into<String>,
        condition: impl Into<String>,
        data: Vec<AlertQuery>,
    ) -> Self {
        Rule {
            uid: uid.into(),
            title: title.into(),
            condition: condition.into(),
            data,
            dashboard_uid: None,
            panel_id: None,
            no_data_state: default_no_data(),
            exec_err_state: default_exec_err(),
            for_: zero_duration(),
            keep_firing_for: None,
            missing_series_evals_to_resolve: None,
            annotations: BTreeMap::new(),
            labels: BTreeMap::new(),
            is_paused: false,
            notification_settings: None,
            record: None,
            extra: Extra::new(),
        }
    }

    /// The classic chain: `A` = instant query `expr` on `source` (last 10 minutes),
    /// `B` = reduce `A` to its last value (dropping NaN), `C` = threshold on `B`; condition `C`.
    pub fn query_reduce_threshold(
        uid: impl Into<String>,
        title: impl Into<String>,
        source: &QuerySource,
        expr: impl Into<String>,
        evaluator: Evaluator,
    ) -> Self {
        let data = vec![
            AlertQuery::instant("A", source, expr, 600),
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
        Rule::new(uid, title, "C", data)
    }

    /// Sets the pending period.
    pub fn for_duration(mut self, d: impl Into<String>) -> Self {
        self.for_ = d.into();
        self
    }

    /// Sets keep-firing-for.
    pub fn keep_firing_for(mut self, d: impl Into<String>) -> Self {
        self.keep_firing_for = Some(d.into());
        self
    }

    /// Adds a label.
    pub fn label(mut self, k: impl Into<String>, v: impl Into<String>) -> Self {
        self.labels.insert(k.into(), v.into());
        self
    }

    /// Adds an annotation.
    pub fn annotation(mut self, k: impl Into<String>, v: impl Into<String>) -> Self {
        self.annotations.insert(k.into(), v.into());
        self
    }

    /// Sets the no-data state.
    pub fn no_data_state(mut self, s: NoDataState) -> Self {
        self.no_data_state = s;
        self
    }

    /// Sets the error state.
    pub fn exec_err_state(mut self, s: ExecErrState) -> Self {
        self.exec_err_state = s;
        self
    }

    /// Pauses the rule.
    pub fn paused(mut self, paused: bool) -> Self {
        self.is_paused = paused;
        self
    }

    /// Routes notifications straight to `settings.receiver`.
    pub fn notify(mut self, settings: NotificationSettings) -> Self {
        self.notification_settings = Some(settings);
        self
    }

    /// refIds of its data nodes.
    pub fn ref_ids(&self) -> impl Iterator<Item = &str> {
        self.data.iter().map(|q| q.ref_id.as_str())
    }
}

/// Query time range relative to evaluation time, in seconds (`from` > `to` for datasource
/// queries; `0`/`0` for expressions, also when a file leaves it out, as Grafana reads it).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RelativeTimeRange {
    /// Seconds before now where the range starts.
    pub from: u64,
    /// Seconds before now where it ends.
    pub to: u64,
}

/// One node of a rule: a datasource query or an `__expr__` expression.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AlertQuery {
    /// Node id, referenced by expressions and the condition.
    pub ref_id: String,
    /// Plugin query type.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub query_type: Option<String>,
    /// Time range (seconds).
    #[serde(default)]
    pub relative_time_range: RelativeTimeRange,
    /// Datasource UID, or `__expr__`.
    #[serde(default)]
    pub datasource_uid: String,
    /// The raw query model (not `$`-interpolated by provisioning).
    #[serde(default)]
    pub model: Map<String, Value>,
}

impl AlertQuery {
    /// An instant PromQL/LogQL query over the last `from_secs` seconds.
    pub fn instant(
        ref_id: impl Into<String>,
        source: &QuerySource,
        expr: impl Into<String>,
        from_secs: u64,
    ) -> Self {
        let ref_id = ref_id.into();
        let mut model = json!({
            "datasource": {"type": source.kind, "uid": source.uid},
            "editorMode": "code",
            "expr": expr.into(),
            "instant": true,
            "intervalMs": 1000,
            "maxDataPoints": 43200,
            "range": false,
            "refId": ref_id,
        });
        if source.kind == "loki" {
            model["queryType"] = Value::from("instant");
        }
        AlertQuery {
            ref_id,
            query_type: None,
            relative_time_range: RelativeTimeRange {
                from: from_secs,
                to: 0,
            },
            datasource_uid: source.uid.clone(),
            model: into_sorted_map(model),
        }
    }

    /// A server-side expression node.
    pub fn expression(ref_id: impl Into<String>, expr: Expression) -> Self {
        let ref_id = ref_id.into();
        AlertQuery {
            model: expr.to_model(&ref_id),
            ref_id,
            query_type: None,
            relative_time_range: RelativeTimeRange { from: 0, to: 0 },
            datasource_uid: EXPR_DATASOURCE_UID.into(),
        }
    }

    /// Whether it is a server-side expression.
    pub fn is_expression(&self) -> bool {
        self.datasource_uid == EXPR_DATASOURCE_UID || self.datasource_uid == "-100"
    }
}

fn into_sorted_map(mut v: Value) -> Map<String, Value> {
    sort_keys(&mut v);
    match v {
        Value::Object(m) => m,
        _ => Map::new(),
    }
}

str_enum! {
    /// Threshold evaluator type.
    EvaluatorType {
        /// Above.
        Gt => "gt",
        /// Below.
        Lt => "lt",
        /// At or above (newer Grafana).
        Gte => "gte",
        /// At or below (newer Grafana).
        Lte => "lte",
        /// Equal (newer Grafana).
        Eq => "eq",
        /// Not equal (newer Grafana).
        Ne => "ne",
        /// Strictly inside `[a, b]`.
        WithinRange => "within_range",
        /// Strictly outside `[a, b]`.
        OutsideRange => "outside_range",
    }
}

/// A threshold evaluator: type and parameters.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Evaluator {
    /// Comparison.
    #[serde(rename = "type")]
    pub kind: EvaluatorType,
    /// One parameter, or two for ranges.
    #[serde(serialize_with = "serialize_nums")]
    pub params: Vec<f64>,
}

impl Evaluator {
    /// `> x`
    pub fn gt(x: f64) -> Self {
        Evaluator {
            kind: EvaluatorType::Gt,
            params: vec![x],
        }
    }

    /// `< x`
    pub fn lt(x: f64) -> Self {
        Evaluator {
            kind: EvaluatorType::Lt,
            params: vec![x],
        }
    }

    /// Inside `(a, b)`.
    pub fn within_range(a: f64, b: f64) -> Self {
        Evaluator {
            kind: EvaluatorType::WithinRange,
            params: vec![a, b],
        }
    }

    /// Outside `(a, b)`.
    pub fn outside_range(a: f64, b: f64) -> Self {
        Evaluator {
            kind: EvaluatorType::OutsideRange,
            params: vec![a, b],
        }
    }
}

/// A classic condition (legacy "classic_conditions" expression).
#[derive(Debug, Clone, PartialEq)]
pub struct ClassicCondition {
    /// refId queried.
    pub query: String,
    /// Reducer (`last`, `avg`, `max`, …).
    pub reducer: String,
    /// Comparison.
    pub evaluator: Evaluator,
    /// `and` / `or` with the previous condition.
    pub operator: String,
}

/// A server-side expression (`datasourceUid: __expr__`).
#[derive(Debug, Clone, PartialEq)]
pub enum Expression {
    /// Reduce each series of `expression` to one number.
    Reduce {
        /// Input refId (no `$`).
        expression: String,
        /// `last`, `mean`, `min`, `max`, `sum`, `count`, `median`.
        reducer: String,
        /// `dropNN`, `replaceNN` or `None` (strict).
        mode: Option<String>,
    },
    /// 1 where the input meets the evaluator, else 0.
    Threshold {
        /// Input refId (no `$`).
        expression: String,
        /// Firing condition.
        evaluator: Evaluator,
        /// Recovery condition.
        unload_evaluator: Option<Evaluator>,
    },
    /// Arithmetic over refIds written `$A`.
    Math {
        /// e.g. `$A > 0.05`.
        expression: String,
    },
    /// Resample a series to a window.
    Resample {
        /// Input refId.
        expression: String,
        /// Window (`1m`).
        window: String,
        /// Reducer used to downsample.
        downsampler: String,
        /// `fillna`, `pad`, `backfilling`.
        upsampler: String,
    },
    /// Legacy classic conditions.
    Classic(Vec<ClassicCondition>),
}

impl Expression {
    /// The `model` object Grafana stores for this expression, keys sorted.
    pub fn to_model(&self, ref_id: &str) -> Map<String, Value> {
        let mut m = json!({
            "datasource": {"type": EXPR_DATASOURCE_UID, "uid": EXPR_DATASOURCE_UID},
            "refId": ref_id,
        });
        match self {
            Expression::Reduce {
                expression,
                reducer,
                mode,
            } => {
                m["type"] = "reduce".into();
                m["expression"] = expression.as_str().into();
                m["reducer"] = reducer.as_str().into();
                if let Some(mode) = mode {
                    m["settings"] = json!({"mode": mode});
                }
            }
            Expression::Threshold {
                expression,
                evaluator,
                unload_evaluator,
            } => {
                m["type"] = "threshold".into();
                m["expression"] = expression.as_str().into();
                let mut cond = json!({"evaluator": evaluator});
                if let Some(u) = unload_evaluator {
                    cond["unloadEvaluator"] = json!(u);
                }
                m["conditions"] = json!([cond]);
            }
            Expression::Math { expression } => {
                m["type"] = "math".into();
                m["expression"] = expression.as_str().into();
            }
            Expression::Resample {
                expression,
                window,
                downsampler,
                upsampler,
            } => {
                m["type"] = "resample".into();
                m["expression"] = expression.as_str().into();
                m["window"] = window.as_str().into();
                m["downsampler"] = downsampler.as_str().into();
                m["upsampler"] = upsampler.as_str().into();
            }
            Expression::Classic(conds) => {
                m["type"] = "classic_conditions".into();
                m["conditions"] = conds
                    .iter()
                    .map(|c| {
                        json!({
                            "type": "query",
                            "evaluator": c.evaluator,
                            "operator": {"type": c.operator},
                            "query": {"params": [c.query]},
                            "reducer": {"type": c.reducer, "params": []},
                        })
                    })
                    .collect();
            }
        }
        into_sorted_map(m)
    }
}

/// Whether `uid` is a valid Grafana UID (1–40 of `[A-Za-z0-9_-]`).
pub fn is_valid_uid(uid: &str) -> bool {
    !uid.is_empty()
        && uid.len() <= MAX_UID_LEN
        && uid
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// A stable, valid UID from `parts` (e.g. team, group, rule title).
///
/// The parts joined with `-` are used as they are when that is already a valid UID.
/// Otherwise they are slugged (lowercase, runs of other characters → `-`), cut to 31
/// characters and suffixed with `-` and 8 hex digits of a 64-bit FNV-1a hash of the joined
/// original, so different inputs stay different and the same input always gives the same UID.
pub fn stable_uid(parts: &[&str]) -> String {
    let joined = parts.join("-");
    if is_valid_uid(&joined) {
        return joined;
    }
    let mut slug = String::with_capacity(joined.len());
    for c in joined.chars() {
        if c.is_ascii_alphanumeric() || c == '_' {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.ends_with('-') {
            slug.push('-');
        }
    }
    let mut slug: String = slug.trim_matches('-').chars().take(31).collect();
    while slug.ends_with('-') {
        slug.pop();
    }
    let hash = fnv1a64(joined.as_bytes());
    if slug.is_empty() {
        format!("{:016x}", hash)
    } else {
        format!("{slug}-{:08x}", hash >> 32)
    }
}

/// 64-bit FNV-1a: tiny, fixed and platform-independent (stable UIDs across builds).
pub(crate) fn fnv1a64(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chain_has_query_reduce_threshold() {
        let src = QuerySource::new("prometheus", "prom");
        let r = Rule::query_reduce_threshold("u", "T", &src, "up == 0", Evaluator::gt(0.0));
        assert_eq!(r.condition, "C");
        assert_eq!(r.ref_ids().collect::<Vec<_>>(), ["A", "B", "C"]);
        let a = serde_json::to_value(&r.data[0]).unwrap();
        assert_eq!(
            a,
            json!({"refId": "A", "relativeTimeRange": {"from": 600, "to": 0}, "datasourceUid": "prom",
                   "model": {"datasource": {"type": "prometheus", "uid": "prom"}, "editorMode": "code",
                             "expr": "up == 0", "instant": true, "intervalMs": 1000, "maxDataPoints": 43200,
                             "range": false, "refId": "A"}})
        );
        assert_eq!(
            serde_json::to_value(&r.data[1].model).unwrap(),
            json!({"datasource": {"type": "__expr__", "uid": "__expr__"}, "expression": "A",
                   "reducer": "last", "refId": "B", "settings": {"mode": "dropNN"}, "type": "reduce"})
        );
        assert_eq!(
            serde_json::to_value(&r.data[2].model).unwrap(),
            json!({"conditions": [{"evaluator": {"params": [0], "type": "gt"}}],
                   "datasource": {"type": "__expr__", "uid": "__expr__"}, "expression": "B",
                   "refId": "C", "type": "threshold"})
        );
        assert!(r.data[2].is_expression());
    }

    #[test]
    fn loki_instant_query_sets_query_type() {
        let q = AlertQuery::instant(
            "A",
            &QuerySource::new("loki", "loki"),
            "sum(rate({a=\"b\"}[5m]))",
            300,
        );
        assert_eq!(q.model["queryType"], "instant");
    }

    #[test]
    fn rule_serialises_grafana_keys() {
        let r = Rule::new("u", "T", "A", vec![])
            .for_duration("5m")
            .label("severity", "page")
            .notify(NotificationSettings {
                receiver: "team".into(),
                group_by: vec!["alertname".into()],
                group_wait: None,
                group_interval: None,
                repeat_interval: None,
                mute_time_intervals: vec![],
                active_time_intervals: vec![],
            });
        let v = serde_json::to_value(&r).unwrap();
        let keys: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(
            keys,
            [
                "uid",
                "title",
                "condition",
                "data",
                "noDataState",
                "execErrState",
                "for",
                "annotations",
                "labels",
                "isPaused",
                "notification_settings"
            ]
        );
        let back: Rule = serde_json::from_value(v).unwrap();
        assert_eq!(back, r);
    }

    #[test]
    fn classic_and_math_models() {
        let m = Expression::Math {
            expression: "$A > 0.05".into(),
        }
        .to_model("B");
        assert_eq!(m["type"], "math");
        let c = Expression::Classic(vec![ClassicCondition {
            query: "A".into(),
            reducer: "avg".into(),
            evaluator: Evaluator::within_range(1.0, 2.5),
            operator: "and".into(),
        }])
        .to_model("C");
        assert_eq!(
            Value::Object(c)["conditions"][0],
            json!({"evaluator": {"params": [1, 2.5], "type": "within_range"}, "operator": {"type": "and"},
                   "query": {"params": ["A"]}, "reducer": {"params": [], "type": "avg"}, "type": "query"})
        );
    }

    #[test]
    fn stable_uids_are_valid_short_and_distinct() {
        assert_eq!(stable_uid(&["team-a", "api_high"]), "team-a-api_high");
        let long = stable_uid(&[
            "payments",
            "checkout latency",
            "P99 latency above SLO for 10 minutes",
        ]);
        assert!(is_valid_uid(&long), "{long}");
        assert_eq!(
            long,
            stable_uid(&[
                "payments",
                "checkout latency",
                "P99 latency above SLO for 10 minutes"
            ])
        );
        let other = stable_uid(&[
            "payments",
            "checkout latency",
            "P99 latency above SLO for 15 minutes",
        ]);
        assert_ne!(long, other);
        assert!(long.starts_with("payments-checkout-latency-p99"));
        // Lossy slugging never merges two inputs: "a b" and "a-b" differ.
        assert_ne!(
            stable_uid(&["a b"]),
            stable_uid(&["a", "b"]).to_string() + "x"
        );
        assert_ne!(stable_uid(&["a b"]), stable_uid(&["a-b"]));
        assert!(is_valid_uid(&stable_uid(&["日本"])));
    }
}
