//! Prometheus-style rule groups: the `groups:` format shared by Prometheus rule files, the
//! `spec` of a prometheus-operator `PrometheusRule`, and Loki ruler files (LogQL `expr`).
//!
//! ```
//! use grafcode::grafana::rules::{Rule, RuleGroup};
//!
//! let g = RuleGroup::new("api.rules")
//!     .interval("1m")
//!     .rule(Rule::record("job:http_requests:rate5m", "sum by (job) (rate(http_requests_total[5m]))"))
//!     .rule(Rule::alert("APIDown", "up{job=\"api\"} == 0").for_duration("5m").label("severity", "page"));
//! assert_eq!(g.rules.len(), 2);
//! ```

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// Free-form fields kept next to the typed ones.
pub type Extra = Map<String, Value>;

/// A rule file: `groups:` (Prometheus / Loki ruler).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct RuleFile {
    /// The groups.
    pub groups: Vec<RuleGroup>,
}

/// A rule group.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RuleGroup {
    /// Name (unique in the file).
    pub name: String,
    /// Evaluation interval (default: the global one).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interval: Option<String>,
    /// Evaluation time offset (Prometheus ≥ 2.53).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub query_offset: Option<String>,
    /// Series/alerts limit (Prometheus ≥ 2.31).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<u64>,
    /// Labels added to every rule (Prometheus ≥ 3.0).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub labels: BTreeMap<String, String>,
    /// The rules.
    #[serde(default)]
    pub rules: Vec<Rule>,
    /// Unknown fields, kept.
    #[serde(flatten)]
    pub extra: Extra,
}

impl RuleGroup {
    /// An empty group.
    pub fn new(name: impl Into<String>) -> Self {
        RuleGroup {
            name: name.into(),
            interval: None,
            query_offset: None,
            limit: None,
            labels: BTreeMap::new(),
            rules: Vec::new(),
            extra: Extra::new(),
        }
    }

    /// Sets the interval.
    pub fn interval(mut self, d: impl Into<String>) -> Self {
        self.interval = Some(d.into());
        self
    }

    /// Adds a rule.
    pub fn rule(mut self, rule: Rule) -> Self {
        self.rules.push(rule);
        self
    }
}

/// An alerting (`alert`) or recording (`record`) rule.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Rule {
    /// Alert name (alerting rules).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alert: Option<String>,
    /// Recorded metric name (recording rules).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub record: Option<String>,
    /// PromQL or LogQL expression.
    pub expr: String,
    /// Pending period.
    #[serde(rename = "for", default, skip_serializing_if = "Option::is_none")]
    pub for_: Option<String>,
    /// Keep firing this long after the condition clears.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub keep_firing_for: Option<String>,
    /// Labels.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub labels: BTreeMap<String, String>,
    /// Annotations (alerting rules).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub annotations: BTreeMap<String, String>,
    /// Unknown fields, kept.
    #[serde(flatten)]
    pub extra: Extra,
}

impl Rule {
    /// An alerting rule.
    pub fn alert(name: impl Into<String>, expr: impl Into<String>) -> Self {
        Rule {
            alert: Some(name.into()),
            record: None,
            expr: expr.into(),
            for_: None,
            keep_firing_for: None,
            labels: BTreeMap::new(),
            annotations: BTreeMap::new(),
            extra: Extra::new(),
        }
    }

    /// A recording rule.
    pub fn record(metric: impl Into<String>, expr: impl Into<String>) -> Self {
        Rule {
            alert: None,
            record: Some(metric.into()),
            ..Rule::alert("", expr)
        }
    }

    /// The alert or record name.
    pub fn name(&self) -> &str {
        self.alert
            .as_deref()
            .or(self.record.as_deref())
            .unwrap_or("")
    }

    /// Sets the pending period.
    pub fn for_duration(mut self, d: impl Into<String>) -> Self {
        self.for_ = Some(d.into());
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
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn alert_and_record_serialise_in_prometheus_order() {
        let g = RuleGroup::new("g")
            .interval("1m")
            .rule(Rule::record("m:x", "sum(x)"))
            .rule(
                Rule::alert("X", "x > 1")
                    .for_duration("5m")
                    .label("severity", "warning")
                    .annotation("summary", "{{ $labels.job }} is high"),
            );
        let v = serde_json::to_value(&g).unwrap();
        assert_eq!(
            v,
            json!({"name": "g", "interval": "1m", "rules": [
                {"record": "m:x", "expr": "sum(x)"},
                {"alert": "X", "expr": "x > 1", "for": "5m", "labels": {"severity": "warning"},
                 "annotations": {"summary": "{{ $labels.job }} is high"}}
            ]})
        );
        let keys: Vec<&str> = v["rules"][1]
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(keys, ["alert", "expr", "for", "labels", "annotations"]);
        assert_eq!(serde_json::from_value::<RuleGroup>(v).unwrap(), g);
    }
}
