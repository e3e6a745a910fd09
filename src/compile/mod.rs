//! The compiler: loaded source ([`crate::source::Repo`]) → the IR ([`crate::model::Model`])
//! for one environment. Resolves templates, datasources by logical name (per environment,
//! per team), lays out panels, builds Grafana objects with the typed builders of
//! [`crate::grafana`], and records every query with its language and origin.

pub mod alert_raw;
mod alerts;
mod dashboard;
mod datasource;
mod json;
mod layout;
pub(crate) mod legacy_panel;
mod origin;
mod panel_options;
pub(crate) mod plugin_options;
mod query_family;
mod uid;

pub use dashboard::expr_field;
pub use datasource::{DsRef, Registry};
pub use json::merge_patch;
pub use origin::text_origin;
pub use panel_options::mappings as value_mappings;

use std::collections::BTreeMap;
use std::ops::Range;
use std::sync::Arc;

use crate::diag::{Diagnostic, Severity};
use crate::model::{Model, Outputs, SidecarOutput};
use crate::source::template::Template;
use crate::source::{Repo, SourceFile};
use datasource::Scope;

/// What is shared while compiling one team's files.
pub struct Ctx<'a> {
    team: &'a str,
    folder: &'a str,
    scope: Scope<'a>,
    labels: BTreeMap<String, String>,
    registry: &'a Registry,
    templates: &'a BTreeMap<String, Template>,
    schema_version: u32,
    rule_uids: BTreeMap<String, (Arc<SourceFile>, Range<usize>)>,
    diagnostics: Vec<Diagnostic>,
}

/// The environment to build: `--env`, else `default-environment`, else the first declared,
/// else `default`. An undeclared `--env` is an error.
pub fn environment(repo: &Repo, requested: Option<&str>) -> Result<String, String> {
    let config = repo.config.as_ref().map(|c| &c.value);
    let declared: Vec<&str> = config
        .map(|c| c.environments.keys().map(String::as_str).collect())
        .unwrap_or_default();
    match requested {
        Some(env) if declared.is_empty() || declared.contains(&env) => Ok(env.to_owned()),
        Some(env) => Err(format!(
            "environment `{env}` is not declared in grafcode.yaml ({})",
            crate::source::de::suggest_help(env, &declared, "environments")
        )),
        None => Ok(config
            .and_then(|c| c.default_environment.clone())
            .or_else(|| declared.first().map(|s| (*s).to_owned()))
            .unwrap_or_else(|| "default".into())),
    }
}

/// Compiles `repo` for `environment`. Findings come back as diagnostics; the model is
/// complete only when none of them is an error.
pub fn compile(repo: &Repo, environment: &str) -> (Model, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let config = repo
        .config
        .as_ref()
        .map(|c| c.value.clone())
        .unwrap_or_default();
    let environments: Vec<&str> = config.environments.keys().map(String::as_str).collect();
    let team_ds: Vec<(&str, &[crate::source::Doc<_>])> = repo
        .teams
        .iter()
        .map(|t| (t.name.as_str(), t.datasources.as_slice()))
        .collect();
    let (datasource_files, registry) = datasource::compile(
        &repo.datasources,
        &team_ds,
        environment,
        &environments,
        &mut diagnostics,
    );
    let schema_version = crate::grafana::dashboard::schema_version_for(&config.grafana);
    let mut model = Model {
        environment: environment.to_owned(),
        grafana_version: config.grafana.clone(),
        outputs: Outputs {
            sidecar: config.outputs.sidecar.as_ref().map(|s| SidecarOutput {
                namespace: s.namespace.clone(),
            }),
            provisioning: config.outputs.provisioning.is_some(),
            prometheus_rule: config.outputs.prometheus_rule.is_some(),
            loki_rules: config.outputs.loki_rules.is_some(),
        },
        dashboards: Vec::new(),
        alert_files: Vec::new(),
        datasource_files,
    };
    let mut rule_uids = BTreeMap::new();
    for team in &repo.teams {
        let Some(team_config) = &team.config else {
            continue;
        };
        let folder = team_config
            .value
            .folder
            .clone()
            .unwrap_or_else(|| team.name.clone());
        let mut ctx = Ctx {
            team: &team.name,
            folder: &folder,
            scope: Scope {
                team: &team.name,
                allowed: team_config.value.datasources.as_deref(),
            },
            labels: team_config.value.labels.clone(),
            registry: &registry,
            templates: &repo.templates,
            schema_version,
            rule_uids: std::mem::take(&mut rule_uids),
            diagnostics: Vec::new(),
        };
        for doc in &team.dashboards {
            if let Some(d) = dashboard::compile(&mut ctx, doc) {
                model.dashboards.push(d);
            }
        }
        for doc in &team.alerts {
            model.alert_files.extend(alerts::compile(&mut ctx, doc));
        }
        rule_uids = std::mem::take(&mut ctx.rule_uids);
        diagnostics.append(&mut ctx.diagnostics);
    }
    check_dashboard_uids(&model, &mut diagnostics);
    model
        .dashboards
        .sort_by(|a, b| (&a.team, &a.dashboard.uid).cmp(&(&b.team, &b.dashboard.uid)));
    model
        .alert_files
        .sort_by(|a, b| (&a.team, &a.name).cmp(&(&b.team, &b.name)));
    (model, diagnostics)
}

/// Two dashboards with one UID: the second (in path order) is the error.
fn check_dashboard_uids(model: &Model, diagnostics: &mut Vec<Diagnostic>) {
    let mut seen: BTreeMap<&str, &crate::model::DashboardObject> = BTreeMap::new();
    for d in &model.dashboards {
        match seen.get(d.dashboard.uid.as_str()) {
            Some(first) => {
                let at = first.origin.file.line_col(first.origin.span.start);
                diagnostics.push(
                    Diagnostic::error(
                        "source/duplicate-uid",
                        format!("dashboard UID `{}` is used twice", d.dashboard.uid),
                    )
                    .at(&d.origin.file, d.origin.span.clone())
                    .with_help(format!(
                        "also used by {}:{}:{}",
                        first.origin.file.path().display(),
                        at.line,
                        at.column
                    )),
                );
            }
            None => {
                seen.insert(&d.dashboard.uid, d);
            }
        }
    }
}

/// Whether any diagnostic is an error.
pub fn has_errors(diagnostics: &[Diagnostic]) -> bool {
    diagnostics.iter().any(|d| d.severity == Severity::Error)
}
