//! grafcode: the GitOps compiler for Grafana dashboards, alert rules and datasources.
//!
//! Data flows one way: [`source`] (files with spans, templates) → [`model`] (the IR of typed
//! [`grafana`] objects, every query with its language and span) → [`check`] → [`emit`] (one
//! target per module) → write. [`import`] runs the reverse way, [`diff`] compares two builds.
//! [`query`] holds the PromQL and LogQL front-ends; it depends on nothing else in the crate.

pub mod catalog;
pub mod check;
pub mod cli;
pub mod compile;
pub mod diag;
pub mod diff;
pub mod emit;
pub mod git;
pub mod grafana;
pub mod import;
pub mod model;
pub mod owners;
pub mod query;
pub mod schema;
pub mod source;
