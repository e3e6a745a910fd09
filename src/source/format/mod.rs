//! The source format: the typed shape of every file the loader reads. Each type is strict
//! (`deny_unknown_fields`, with "did you mean" from [`crate::source::de`]) and derives
//! `JsonSchema`, so `schemas/*.json` for editors come from the same definitions.
//! `docs/source-format.md` documents the format with examples.

mod alert;
mod charts;
mod config;
mod dashboard;
mod datasource;
mod gauges;
mod heatmap;
mod legacy;
mod lists;
mod panel_options;
mod query;
mod records;
mod team;
mod template;

pub use alert::*;
pub use charts::*;
pub use config::*;
pub use dashboard::*;
pub use datasource::*;
pub use gauges::*;
pub use heatmap::*;
pub use legacy::*;
pub use lists::*;
pub use panel_options::*;
pub use query::*;
pub use records::*;
pub use team::*;
pub use template::*;

use std::collections::BTreeMap;

/// String-to-string map, sorted so output is deterministic.
pub type StringMap = BTreeMap<String, String>;
