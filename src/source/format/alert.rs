//! Alert files: `teams/<team>/alerts/*.yaml`, Prometheus-style groups.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::StringMap;
use crate::source::de::Spanned;

/// An alert file.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AlertFile {
    /// Grafana folder of Grafana-managed rules (default: the team's folder).
    #[serde(default)]
    pub folder: Option<String>,
    /// The groups.
    pub groups: Vec<Spanned<GroupEntry>>,
    /// Metadata of the `PrometheusRule` object its `engine: prometheus` groups compile to
    /// (default: a generated name, the sidecar namespace, grafcode's labels).
    #[serde(default)]
    pub prometheus_rule: Option<Spanned<ObjectMeta>>,
}

/// Kubernetes object metadata set in source.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ObjectMeta {
    /// Object name (a DNS subdomain: lowercase letters, digits, `-` and `.`).
    #[serde(default)]
    pub name: Option<String>,
    /// Namespace.
    #[serde(default)]
    pub namespace: Option<String>,
    /// Labels, added to grafcode's own.
    #[serde(default)]
    pub labels: StringMap,
    /// Annotations.
    #[serde(default)]
    pub annotations: StringMap,
}

/// A group, or an instance of an alert-group template (`use:` + `with:`).
pub type GroupEntry = AlertGroup;

/// Who evaluates a group.
#[derive(Debug, Clone, Copy, Default, Deserialize, Serialize, JsonSchema, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Engine {
    /// Grafana-managed rules (query → reduce → threshold).
    #[default]
    Grafana,
    /// Prometheus (a PrometheusRule object).
    Prometheus,
    /// The Loki ruler.
    Loki,
}

/// A rule group.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AlertGroup {
    /// An alert-group template to instantiate.
    #[serde(default, rename = "use")]
    pub use_template: Option<Spanned<String>>,
    /// Parameters of the template.
    #[serde(default, rename = "with")]
    pub with: Option<Spanned<serde_json::Value>>,
    /// Group name (required unless given by a template).
    #[serde(default)]
    pub name: Option<Spanned<String>>,
    /// Evaluator (default `grafana`).
    #[serde(default)]
    pub engine: Option<Spanned<Engine>>,
    /// Evaluation interval (default `1m`).
    #[serde(default)]
    pub interval: Option<Spanned<String>>,
    /// Datasource (logical name) of the rules' queries.
    #[serde(default)]
    pub datasource: Option<Spanned<String>>,
    /// Labels added to every rule of the group.
    #[serde(default)]
    pub labels: StringMap,
    /// The rules.
    #[serde(default)]
    pub rules: Vec<Spanned<AlertRule>>,
    /// Grafana groups: an RFC 7386 merge patch over the compiled group (its `rules` aside),
    /// for fields the typed form does not cover (`orgId`, …).
    #[serde(default)]
    pub raw: Option<Spanned<serde_json::Value>>,
}

/// An alerting (`alert`) or recording (`record`) rule.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AlertRule {
    /// Alert name (title in Grafana).
    #[serde(default)]
    pub alert: Option<Spanned<String>>,
    /// Recorded metric name.
    #[serde(default)]
    pub record: Option<Spanned<String>>,
    /// The expression. For Grafana rules without `threshold`, any returned sample fires
    /// (Prometheus semantics); with `threshold`, the expression is the value compared.
    /// Required, except for a Grafana rule whose `raw:` gives its whole `data` pipeline.
    #[serde(default)]
    pub expr: Option<Spanned<String>>,
    /// Pending period (`5m`).
    #[serde(default, rename = "for")]
    pub for_: Option<Spanned<String>>,
    /// Keep firing for this long after the condition clears.
    #[serde(default)]
    pub keep_firing_for: Option<Spanned<String>>,
    /// Labels.
    #[serde(default)]
    pub labels: StringMap,
    /// Annotations (`summary`, `description`, `runbook_url`).
    #[serde(default)]
    pub annotations: StringMap,
    /// Grafana rules: condition on the reduced value, `"> 0.5"`, `"< 1"`.
    #[serde(default)]
    pub threshold: Option<Spanned<String>>,
    /// Datasource (logical name) overriding the group's.
    #[serde(default)]
    pub datasource: Option<Spanned<String>>,
    /// Grafana rules: UID (default: derived from team, group and rule name).
    #[serde(default)]
    pub uid: Option<Spanned<String>>,
    /// Grafana rules: state when the query returns nothing (`OK`, `NoData`, `Alerting`, `KeepLast`).
    #[serde(default)]
    pub no_data_state: Option<Spanned<String>>,
    /// Grafana rules: state on query errors (`Error`, `Alerting`, `OK`, `KeepLast`).
    #[serde(default)]
    pub exec_err_state: Option<Spanned<String>>,
    /// Grafana rules: paused.
    #[serde(default)]
    pub paused: bool,
    /// Grafana rules: an RFC 7386 merge patch over the compiled rule, for what the typed keys
    /// do not say. `data` may be a list (the whole pipeline) or a mapping from refId to a
    /// merge patch of that node (`null` removes it, a new refId appends a node).
    #[serde(default)]
    pub raw: Option<Spanned<serde_json::Value>>,
}

/// A parsed `threshold:`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Threshold {
    /// Comparison.
    pub op: ThresholdOp,
    /// Value compared with.
    pub value: f64,
}

/// Threshold comparisons Grafana supports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ThresholdOp {
    /// `>`.
    Gt,
    /// `<`.
    Lt,
}

impl Threshold {
    /// Parses `"> 0.5"` / `"< 1"`.
    pub fn parse(s: &str) -> Option<Threshold> {
        let s = s.trim();
        let (op, rest) = if let Some(r) = s.strip_prefix('>') {
            (ThresholdOp::Gt, r)
        } else if let Some(r) = s.strip_prefix('<') {
            (ThresholdOp::Lt, r)
        } else {
            return None;
        };
        let value: f64 = rest.trim().parse().ok()?;
        value.is_finite().then_some(Threshold { op, value })
    }
}
