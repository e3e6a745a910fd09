//! The source format: the typed shape of every file the loader reads. Each type is strict
//! (`deny_unknown_fields`, with "did you mean" from [`crate::source::de`]) and derives
//! `JsonSchema`, so `schemas/*.json` for editors come from the same definitions.
//! `docs/source-format.md` documents the format with examples.

mod alert;
mod config;
mod dashboard;
mod datasource;
mod team;
mod template;

pub use alert::{AlertFile, AlertGroup, AlertRule, Engine, GroupEntry, Threshold, ThresholdOp};
pub use config::{Config, EnvironmentConfig, OutputsConfig, SidecarConfig};
pub use dashboard::{
    Annotation, DashboardFile, DashboardSpec, Legend, Link, PanelEntry, PanelSpec, PanelType,
    QuerySpec, Row, Stacking, TimeRange, Variable, VariableType,
};
pub use datasource::{DatasourceFileSpec, DatasourceOverride, DatasourceSpec};
pub use team::TeamConfig;
pub use template::{TemplateHeader, TemplateKind, TemplateParam, UseSite};

use std::collections::BTreeMap;

/// String-to-string map, sorted so output is deterministic.
pub type StringMap = BTreeMap<String, String>;
