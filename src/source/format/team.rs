//! `teams/<team>/team.yaml`.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::StringMap;
use crate::source::de::Spanned;

/// A team: who owns its folder, where its dashboards go, what it may query.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TeamConfig {
    /// Owners for CODEOWNERS: GitHub handles (`@alice`) or teams (`@org/team`).
    #[serde(default)]
    pub owners: Vec<Spanned<String>>,
    /// Grafana folder title for the team's dashboards and alerts (default: the team name).
    #[serde(default)]
    pub folder: Option<String>,
    /// Logical datasource names the team may use (default: every org-wide one).
    #[serde(default)]
    pub datasources: Option<Vec<Spanned<String>>>,
    /// Labels added to every alert rule of the team (a rule's own labels win).
    #[serde(default)]
    pub labels: StringMap,
}
