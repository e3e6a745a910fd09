//! Snapshots a catalog from a Prometheus-compatible HTTP API: metric types and help from
//! `/api/v1/metadata`, label names per metric from the series of `/api/v1/series` (one request
//! per `match[]` selector; default: every series).

use std::collections::BTreeSet;
use std::time::Duration;

use serde::Deserialize;
use serde_json::Value;

use super::{Catalog, Metric};

/// The selector that matches every series.
pub const ALL_SERIES: &str = "{__name__=~\".+\"}";

/// Largest API response read (a big server's series list).
const MAX_BODY: u64 = 512 * 1024 * 1024;

#[derive(Debug, Deserialize)]
struct ApiResponse {
    status: String,
    #[serde(default)]
    data: Value,
    #[serde(default)]
    error: Option<String>,
}

/// A Prometheus HTTP API client.
pub struct Client {
    base: String,
    agent: ureq::Agent,
}

impl Client {
    /// A client for the server at `base` (`http://host:9090`), with a timeout per request.
    pub fn new(base: &str, timeout: Duration) -> Self {
        let config = ureq::Agent::config_builder()
            .timeout_global(Some(timeout))
            .http_status_as_error(false)
            .build();
        Client {
            base: base.trim_end_matches('/').to_string(),
            agent: ureq::Agent::new_with_config(config),
        }
    }

    fn get(&self, path: &str, query: &[(&str, &str)]) -> Result<Value, String> {
        let url = format!("{}{}", self.base, path);
        let mut req = self.agent.get(&url);
        for (k, v) in query {
            req = req.query(*k, *v);
        }
        let mut resp = req.call().map_err(|e| format!("GET {url}: {e}"))?;
        let status = resp.status();
        let body = resp
            .body_mut()
            .with_config()
            .limit(MAX_BODY)
            .read_to_string()
            .map_err(|e| format!("GET {url}: {e}"))?;
        let parsed: ApiResponse = serde_json::from_str(&body).map_err(|e| {
            format!(
                "GET {url}: HTTP {status}, not a Prometheus API response ({e}): {}",
                body.chars().take(200).collect::<String>()
            )
        })?;
        if parsed.status != "success" {
            return Err(format!(
                "GET {url}: HTTP {status}: {}",
                parsed.error.unwrap_or_else(|| parsed.status.clone())
            ));
        }
        Ok(parsed.data)
    }

    /// Takes the snapshot. `matches` are `match[]` selectors; empty means every series.
    pub fn catalog(&self, matches: &[String]) -> Result<Catalog, String> {
        let mut catalog = Catalog {
            source: Some(self.base.clone()),
            ..Catalog::default()
        };
        let selectors: Vec<&str> = if matches.is_empty() {
            vec![ALL_SERIES]
        } else {
            matches.iter().map(String::as_str).collect()
        };
        let mut seen = BTreeSet::new();
        for sel in selectors {
            let series = self.get("/api/v1/series", &[("match[]", sel)])?;
            for labels in series.as_array().map(Vec::as_slice).unwrap_or_default() {
                let Some(obj) = labels.as_object() else {
                    continue;
                };
                let Some(name) = obj.get("__name__").and_then(Value::as_str) else {
                    continue;
                };
                seen.insert(name.to_string());
                let m = catalog.metrics.entry(name.to_string()).or_default();
                m.labels
                    .extend(obj.keys().filter(|k| *k != "__name__").cloned());
            }
        }
        let metadata = self.get("/api/v1/metadata", &[])?;
        for (name, entries) in metadata.as_object().into_iter().flatten() {
            let Some(first) = entries.as_array().and_then(|a| a.first()) else {
                continue;
            };
            // With --match, keep only metrics whose series matched (or whose histogram
            // series did).
            let related = seen.contains(name)
                || ["_bucket", "_sum", "_count", "_total"]
                    .iter()
                    .any(|s| seen.contains(&format!("{name}{s}")));
            if !matches.is_empty() && !related {
                continue;
            }
            let m: &mut Metric = catalog.metrics.entry(name.clone()).or_default();
            m.kind = first
                .get("type")
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_string();
            m.help = first
                .get("help")
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_string();
        }
        fold_series_labels(&mut catalog);
        Ok(catalog)
    }
}

/// Gives a histogram/summary/counter metric the labels of its `_bucket`/`_sum`/`_count`/
/// `_total` series, so label checks on the base name work.
fn fold_series_labels(catalog: &mut Catalog) {
    let names: Vec<String> = catalog.metrics.keys().cloned().collect();
    for name in names {
        let mut labels = BTreeSet::new();
        for s in ["_bucket", "_sum", "_count", "_total"] {
            if let Some(m) = catalog.metrics.get(&format!("{name}{s}")) {
                labels.extend(m.labels.iter().filter(|l| *l != "le").cloned());
            }
        }
        if let Some(m) = catalog.metrics.get_mut(&name) {
            m.labels.extend(labels);
        }
    }
}
