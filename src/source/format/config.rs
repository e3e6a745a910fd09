//! `grafcode.yaml` at the repository root.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The root configuration: target versions, outputs, environments.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Config {
    /// Grafana version the output targets (`major.minor.patch`), decides `schemaVersion`.
    #[serde(default = "default_grafana")]
    pub grafana: String,
    /// Prometheus version rules are checked against.
    #[serde(default)]
    pub prometheus: Option<String>,
    /// Loki version LogQL is checked against.
    #[serde(default)]
    pub loki: Option<String>,
    /// Which outputs `grafcode build` writes.
    #[serde(default)]
    pub outputs: OutputsConfig,
    /// Environments by name; datasources may override settings per environment.
    #[serde(default)]
    pub environments: BTreeMap<String, EnvironmentConfig>,
    /// Environment built when `--env` is not given (default: the first by name).
    #[serde(default)]
    pub default_environment: Option<String>,
    /// `grafcode check` settings (severities, exclusions, alert policy, target versions),
    /// read by `crate::check::Config`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub check: Option<serde_json::Value>,
}

fn default_grafana() -> String {
    "12.2.0".into()
}

/// The outputs to emit; an absent key is off.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct OutputsConfig {
    /// Sidecar-labelled ConfigMaps (`out/sidecar/`).
    #[serde(default)]
    pub sidecar: Option<SidecarConfig>,
    /// A Grafana provisioning tree (`out/provisioning/`); write `provisioning: {}`.
    #[serde(default)]
    pub provisioning: Option<Empty>,
    /// PrometheusRule objects for `engine: prometheus` groups.
    #[serde(default)]
    pub prometheus_rule: Option<Empty>,
    /// Loki ruler files for `engine: loki` groups.
    #[serde(default)]
    pub loki_rules: Option<Empty>,
}

/// An output with no settings (`provisioning: {}`).
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Empty {}

/// Settings of the sidecar output.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SidecarConfig {
    /// Namespace written on every ConfigMap (none: left to kustomize / Argo CD).
    #[serde(default)]
    pub namespace: Option<String>,
}

/// One environment (production, staging, …).
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EnvironmentConfig {
    /// What it is, for humans.
    #[serde(default)]
    pub description: Option<String>,
}
