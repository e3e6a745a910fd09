//! The metric catalog: snapshots of metric names, types, help and label names
//! (`library/catalog/*.yaml`), so CI checks metric references with no access to production.
//! [`pull`] takes a snapshot from a Prometheus-compatible HTTP API.
//!
//! ```yaml
//! source: http://prometheus:9090
//! metrics:
//!   http_requests_total:
//!     type: counter
//!     help: Total HTTP requests.
//!     labels: [code, handler, instance, job]
//! ```

pub mod pull;

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

/// What is known about one metric.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Metric {
    /// `counter`, `gauge`, `histogram`, `summary`, `unknown`, … (empty: not known).
    #[serde(rename = "type", default, skip_serializing_if = "String::is_empty")]
    pub kind: String,
    /// Help text.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub help: String,
    /// Label names seen on its series.
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub labels: BTreeSet<String>,
}

/// A catalog: metrics by name.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Catalog {
    /// Where the snapshot was taken.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// Metrics by name, sorted.
    #[serde(default)]
    pub metrics: BTreeMap<String, Metric>,
}

/// Suffixes of the series a histogram or summary exposes.
const HISTOGRAM_SUFFIXES: [&str; 4] = ["_bucket", "_sum", "_count", "_created"];

impl Catalog {
    /// Reads a catalog file's text.
    pub fn from_yaml(text: &str) -> Result<Catalog, String> {
        serde_saphyr::from_str(text).map_err(|e| e.to_string())
    }

    /// The catalog as YAML (sorted, deterministic).
    pub fn to_yaml(&self) -> Result<String, String> {
        serde_saphyr::to_string(self).map_err(|e| e.to_string())
    }

    /// Adds every metric of `other` (labels are merged).
    pub fn merge(&mut self, other: Catalog) {
        for (name, m) in other.metrics {
            let e = self.metrics.entry(name).or_default();
            if e.kind.is_empty() {
                e.kind = m.kind;
            }
            if e.help.is_empty() {
                e.help = m.help;
            }
            e.labels.extend(m.labels);
        }
    }

    /// The metric a series name belongs to: itself, or the histogram/summary whose
    /// `_bucket`/`_sum`/`_count` it is, or the counter whose `_total` it is.
    pub fn lookup(&self, name: &str) -> Option<(&str, &Metric)> {
        if let Some((k, m)) = self.metrics.get_key_value(name) {
            return Some((k, m));
        }
        for suffix in HISTOGRAM_SUFFIXES {
            if let Some(base) = name.strip_suffix(suffix)
                && let Some((k, m)) = self.metrics.get_key_value(base)
                && matches!(m.kind.as_str(), "histogram" | "summary" | "gaugehistogram")
            {
                return Some((k, m));
            }
        }
        if let Some(base) = name.strip_suffix("_total")
            && let Some((k, m)) = self.metrics.get_key_value(base)
            && m.kind == "counter"
        {
            return Some((k, m));
        }
        None
    }

    /// True when `label` is known on `metric` (every series has `__name__`; `le` on
    /// histogram buckets and `quantile` on summaries).
    pub fn has_label(&self, series: &str, label: &str) -> bool {
        let Some((_, m)) = self.lookup(series) else {
            return true;
        };
        label == "__name__"
            || m.labels.contains(label)
            || (label == "le" && series.ends_with("_bucket"))
            || (label == "quantile" && m.kind == "summary")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn histogram_series_resolve_to_their_metric() {
        let c = Catalog::from_yaml(
            "metrics:\n  req_seconds:\n    type: histogram\n    labels: [job]\n  up:\n    type: gauge\n",
        )
        .unwrap();
        assert_eq!(
            c.lookup("req_seconds_bucket").map(|m| m.0),
            Some("req_seconds")
        );
        assert!(c.lookup("up_bucket").is_none());
        assert!(c.has_label("req_seconds_bucket", "le"));
        assert!(!c.has_label("req_seconds_sum", "instance"));
        let back = Catalog::from_yaml(&c.to_yaml().unwrap()).unwrap();
        assert_eq!(back, c);
    }
}
