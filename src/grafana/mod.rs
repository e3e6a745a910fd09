//! Typed Grafana objects and their builders: the public Rust API, and what the YAML compiler
//! builds. Serialising them gives exactly what Grafana reads.

pub mod alerting;
pub mod dashboard;
pub mod datasource;
pub mod rules;
