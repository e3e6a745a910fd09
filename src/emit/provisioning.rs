//! The `provisioning` target: a Grafana file-provisioning tree (A-formats §1) to mount at
//! [`MOUNT_PATH`]:
//!
//! ```text
//! provisioning/dashboards/grafcode.yaml          providers, one per folder
//! provisioning/dashboards/<folder-dir>/<uid>.json
//! provisioning/datasources/<owner>-<name>.yaml
//! provisioning/alerting/<team>-<name>.yaml       flat: Grafana does not recurse here
//! ```
//!
//! One dashboard provider per folder (rather than one provider with
//! `foldersFromFilesStructure`): the folder title is then a plain provider value, so any title
//! works (a directory name cannot hold `/`, and foldersFromFilesStructure names folders after
//! directories), and each folder's dashboards live in a directory of their own. Grafana reads
//! only `*.yaml` in `dashboards/`, so the JSON sub-directories beside the providers file are
//! ignored there and read through the providers' `options.path`.
//!
//! `$` in provider fields, datasources and alert rules is escaped as Grafana's interpolation
//! requires ([`super::escape`]); dashboard JSON is never interpolated.

use std::collections::BTreeMap;

use rayon::prelude::*;
use serde::Serialize;

use super::escape::{escape_datasource, escape_dollars, escape_rule_group};
use super::names::unique_names;
use super::yaml::to_yaml_file;
use super::{EmitError, OutputFile};
use crate::grafana::alerting::AlertingFile;
use crate::grafana::datasource::DatasourcesFile;
use crate::model::{AlertRules, Model};

/// Directory of this target in the output tree.
pub const DIR: &str = "provisioning";
/// Where Grafana's packages and images read provisioning from; providers' paths point here.
pub const MOUNT_PATH: &str = "/etc/grafana/provisioning";
/// Seconds between provider rescans.
pub const UPDATE_INTERVAL_SECONDS: u32 = 30;

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ProvidersFile {
    api_version: u32,
    providers: Vec<Provider>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Provider {
    name: String,
    org_id: u32,
    folder: String,
    #[serde(rename = "type")]
    kind: &'static str,
    disable_deletion: bool,
    update_interval_seconds: u32,
    allow_ui_updates: bool,
    options: ProviderOptions,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ProviderOptions {
    path: String,
    folders_from_files_structure: bool,
}

/// The target's files.
pub fn emit(model: &Model) -> Result<Vec<OutputFile>, EmitError> {
    let mut files = dashboards(model)?;
    files.extend(datasources(model)?);
    files.extend(alerting(model)?);
    Ok(files)
}

fn dashboards(model: &Model) -> Result<Vec<OutputFile>, EmitError> {
    // Folder title → directory; BTreeMap: providers sorted by title.
    let titles: Vec<String> = model
        .dashboards
        .iter()
        .map(|d| d.folder.clone())
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    if titles.is_empty() {
        return Ok(Vec::new());
    }
    let identities: Vec<String> = titles
        .iter()
        .map(|t| {
            if t.is_empty() {
                "general".to_string()
            } else {
                t.clone()
            }
        })
        .collect();
    let dirs: BTreeMap<&str, String> = titles
        .iter()
        .map(String::as_str)
        .zip(unique_names(&identities))
        .collect();
    let mut files = Vec::new();
    let providers = titles
        .iter()
        .map(|title| {
            let dir = &dirs[title.as_str()];
            Provider {
                name: escape_dollars(&format!("grafcode-{dir}")).into_owned(),
                org_id: 1,
                folder: escape_dollars(title).into_owned(),
                kind: "file",
                disable_deletion: false,
                update_interval_seconds: UPDATE_INTERVAL_SECONDS,
                allow_ui_updates: false,
                options: ProviderOptions {
                    path: escape_dollars(&format!("{MOUNT_PATH}/dashboards/{dir}")).into_owned(),
                    folders_from_files_structure: false,
                },
            }
        })
        .collect();
    files.push(OutputFile::new(
        format!("{DIR}/dashboards/grafcode.yaml"),
        to_yaml_file(
            &ProvidersFile {
                api_version: 1,
                providers,
            },
            "dashboard providers",
        )?,
    ));
    let jsons = model
        .dashboards
        .par_iter()
        .map(|d| {
            let uid = &d.dashboard.uid;
            let json = d.dashboard.to_json().map_err(|e| EmitError::Serialize {
                what: format!("dashboard {uid}"),
                message: e.to_string(),
            })?;
            let file_name = safe_file_name(uid, "json", &format!("dashboard {uid}"))?;
            Ok(OutputFile::new(
                format!("{DIR}/dashboards/{}/{file_name}", dirs[d.folder.as_str()]),
                json,
            ))
        })
        .collect::<Result<Vec<_>, EmitError>>()?;
    files.extend(jsons);
    Ok(files)
}

/// `<stem>.<ext>` when `stem` is a plain file name (UIDs are `[A-Za-z0-9_-]`).
fn safe_file_name(stem: &str, ext: &str, what: &str) -> Result<String, EmitError> {
    let ok = !stem.is_empty()
        && !stem.starts_with('.')
        && stem
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'));
    if ok {
        Ok(format!("{stem}.{ext}"))
    } else {
        Err(EmitError::Unrepresentable {
            what: what.to_string(),
            message: format!("{stem:?} is not a valid file name; UIDs are [A-Za-z0-9_-]"),
        })
    }
}

fn datasources(model: &Model) -> Result<Vec<OutputFile>, EmitError> {
    let identities: Vec<String> = model
        .datasource_files
        .iter()
        .map(|f| format!("{}-{}", f.team.as_deref().unwrap_or("org"), f.name))
        .collect();
    let names = unique_names(&identities);
    model
        .datasource_files
        .iter()
        .zip(names)
        .map(|(f, name)| {
            let file = DatasourcesFile::new(f.datasources.iter().map(escape_datasource).collect());
            Ok(OutputFile::new(
                format!("{DIR}/datasources/{name}.yaml"),
                to_yaml_file(&file, &format!("datasource file {}", f.name))?,
            ))
        })
        .collect()
}

fn alerting(model: &Model) -> Result<Vec<OutputFile>, EmitError> {
    let grafana: Vec<(&crate::model::AlertFile, &Vec<_>)> = model
        .alert_files
        .iter()
        .filter_map(|f| match &f.rules {
            AlertRules::Grafana(groups) => Some((f, groups)),
            _ => None,
        })
        .collect();
    let identities: Vec<String> = grafana
        .iter()
        .map(|(f, _)| format!("{}-{}", f.team, f.name))
        .collect();
    let names = unique_names(&identities);
    grafana
        .iter()
        .zip(names)
        .map(|((f, groups), name)| {
            let file = AlertingFile::new(groups.iter().map(escape_rule_group).collect());
            Ok(OutputFile::new(
                format!("{DIR}/alerting/{name}.yaml"),
                to_yaml_file(&file, &format!("alert file {}/{}", f.team, f.name))?,
            ))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::emit::testmodel::test_model;

    #[test]
    fn tree_layout() {
        let files = emit(&test_model()).unwrap();
        let paths: Vec<String> = files.iter().map(|f| f.path.display().to_string()).collect();
        assert_eq!(
            paths,
            [
                "provisioning/dashboards/grafcode.yaml",
                "provisioning/dashboards/payments/api-overview.json",
                "provisioning/dashboards/platform-team-a-b/node-overview.json",
                "provisioning/datasources/org-main.yaml",
                "provisioning/alerting/payments-api.yaml",
            ]
        );
    }

    #[test]
    fn providers_point_at_their_folder_directories() {
        let files = emit(&test_model()).unwrap();
        let text = String::from_utf8(files[0].bytes.clone()).unwrap();
        assert!(text.contains("folder: Payments\n"), "{text}");
        assert!(
            text.contains("path: /etc/grafana/provisioning/dashboards/payments\n"),
            "{text}"
        );
        // `$` in a folder title is escaped (provider values are interpolated).
        assert!(text.contains("folder: Platform $$team (a:b)\n"), "{text}");
    }
}
