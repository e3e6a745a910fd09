//! Typed Grafana objects and their builders: the public Rust API, and what the YAML compiler
//! builds. Serialising them gives exactly what Grafana reads.
//!
//! - [`dashboard`]: the dashboard JSON model (panels, variables, annotations, links, layout).
//! - [`alerting`]: Grafana-managed alert rules as an alerting provisioning file.
//! - [`datasource`]: datasource provisioning files.
//! - [`rules`]: Prometheus-style rule groups (PrometheusRule, Loki ruler).
//! - [`convert`]: Prometheus-style groups → Grafana-managed rule groups.
//! - [`templates`]: `$value` in annotations, Prometheus idiom ↔ Grafana idiom.
//! - [`json`]: canonical JSON output (sorted keys, stable bytes).

mod enums;

pub mod alerting;
pub mod convert;
pub mod dashboard;
pub mod datasource;
pub mod json;
pub mod rules;
pub mod templates;
