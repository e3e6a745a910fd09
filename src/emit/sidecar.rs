//! The `sidecar` target: ConfigMaps for the kiwigrid k8s-sidecar of the Grafana Helm chart
//! (A-formats §3), and a `kustomization.yaml` listing them for Argo CD / Flux.
//!
//! - One ConfigMap per dashboard: label `grafana_dashboard: "1"`, data key `<uid>.json`, the
//!   folder as annotations `grafana_folder` and `k8s-sidecar-target-directory` (the sidecar
//!   writes the file into a directory named after the folder; Grafana turns it into the
//!   folder with the chart values `sidecar.dashboards.folderAnnotation: grafana_folder` or the
//!   default annotation, plus `sidecar.dashboards.provider.foldersFromFilesStructure: true`).
//! - One per datasource file: label `grafana_datasource: "1"`, key `<name>.yaml`.
//! - One per Grafana-managed alert file: label `grafana_alert: "1"`, key `<name>.yaml`, no
//!   folder annotation (Grafana reads the alerting directory flat).
//!
//! Data keys of datasource and alert ConfigMaps are their (unique) object names, because the
//! sidecar writes every key of every selected ConfigMap into one directory.

use std::collections::BTreeMap;

use rayon::prelude::*;
use serde::Serialize;

use super::escape::{escape_datasource, escape_rule_group};
use super::names::{is_label_value, unique_names};
use super::yaml::{to_yaml, to_yaml_file};
use super::{EmitError, OutputFile};
use crate::grafana::alerting::AlertingFile;
use crate::grafana::datasource::DatasourcesFile;
use crate::model::{AlertRules, Model};

/// Directory of this target in the output tree.
pub const DIR: &str = "sidecar";
/// Kubernetes' limit on a ConfigMap's data (keys + values): 1 MiB.
pub const CONFIGMAP_MAX_BYTES: usize = 1_048_576;
/// Limit on all annotations of an object, which client-side `kubectl apply` fills with the
/// whole object (`last-applied-configuration`): 256 KiB.
pub const CLIENT_APPLY_MAX_BYTES: usize = 262_144;
/// Annotation naming the dashboard's folder (set `sidecar.dashboards.folderAnnotation` to it).
pub const FOLDER_ANNOTATION: &str = "grafana_folder";
/// The sidecar's default target-directory annotation (works without chart settings).
pub const TARGET_DIRECTORY_ANNOTATION: &str = "k8s-sidecar-target-directory";

/// What a ConfigMap carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    /// One dashboard.
    Dashboard,
    /// One datasource provisioning file.
    Datasource,
    /// One alerting provisioning file.
    Alert,
}

impl Kind {
    /// The sidecar selector label of this kind.
    pub fn label(self) -> &'static str {
        match self {
            Kind::Dashboard => "grafana_dashboard",
            Kind::Datasource => "grafana_datasource",
            Kind::Alert => "grafana_alert",
        }
    }
}

/// One rendered ConfigMap with its sizes, for the size checks (1 MiB error, 256 KiB warning).
#[derive(Debug, Clone)]
pub struct RenderedConfigMap {
    /// Its kind.
    pub kind: Kind,
    /// `metadata.name`.
    pub name: String,
    /// What it was made from: the dashboard UID, or `<team>/<file name>`.
    pub source: String,
    /// Owning team (`None` for org-wide datasource files).
    pub team: Option<String>,
    /// The identity its name is made from (`dashboard-<team>-<uid>`): the name is its slug
    /// unless that slug is shared, empty or too long (then a hash is appended).
    pub identity: String,
    /// The data key (the file name the sidecar writes).
    pub key: String,
    /// The data value: the file content the sidecar writes (dashboard JSON, provisioning YAML).
    pub value: String,
    /// The YAML file.
    pub file: OutputFile,
    /// Bytes of `data` as Kubernetes counts them against [`CONFIGMAP_MAX_BYTES`]
    /// (keys + values).
    pub data_bytes: usize,
    /// Bytes of the object as compact JSON: what client-side `kubectl apply` stores in the
    /// `last-applied-configuration` annotation, checked against [`CLIENT_APPLY_MAX_BYTES`].
    pub object_bytes: usize,
}

#[derive(Serialize)]
struct ConfigMap<'a> {
    #[serde(rename = "apiVersion")]
    api_version: &'static str,
    kind: &'static str,
    metadata: Metadata<'a>,
    data: BTreeMap<&'a str, &'a str>,
}

/// Object metadata shared with the other Kubernetes targets.
#[derive(Serialize)]
pub(crate) struct Metadata<'a> {
    pub name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub namespace: Option<&'a str>,
    pub labels: BTreeMap<&'a str, &'a str>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub annotations: BTreeMap<&'a str, &'a str>,
}

/// Labels every Kubernetes object grafcode writes carries.
pub(crate) fn base_labels(team: Option<&str>) -> BTreeMap<&str, &str> {
    let mut labels = BTreeMap::from([("app.kubernetes.io/managed-by", "grafcode")]);
    if let Some(team) = team.filter(|t| is_label_value(t)) {
        labels.insert("grafcode.dev/team", team);
    }
    labels
}

/// One ConfigMap before naming.
struct Pending {
    kind: Kind,
    identity: String,
    source: String,
    team: Option<String>,
    folder: Option<String>,
    /// Data key, or `None` to use `<name>.yaml`.
    key: Option<String>,
    content: String,
}

/// Renders every ConfigMap of the model, sorted by name.
pub fn config_maps(model: &Model) -> Result<Vec<RenderedConfigMap>, EmitError> {
    let pending = collect(model)?;
    let identities: Vec<String> = pending.iter().map(|p| p.identity.clone()).collect();
    let names = unique_names(&identities);
    let namespace = model
        .outputs
        .sidecar
        .as_ref()
        .and_then(|s| s.namespace.as_deref());
    let mut out = pending
        .par_iter()
        .zip(names.par_iter())
        .map(|(p, name)| render(p, name, namespace))
        .collect::<Result<Vec<_>, _>>()?;
    out.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(out)
}

/// The target: every ConfigMap and `sidecar/kustomization.yaml`.
pub fn emit(model: &Model) -> Result<Vec<OutputFile>, EmitError> {
    let maps = config_maps(model)?;
    let resources: Vec<String> = maps.iter().map(|m| format!("{}.yaml", m.name)).collect();
    let mut files: Vec<OutputFile> = maps.into_iter().map(|m| m.file).collect();
    files.push(kustomization(DIR, &resources)?);
    Ok(files)
}

/// A `kustomization.yaml` in `dir` listing `resources` (sorted).
pub(crate) fn kustomization(dir: &str, resources: &[String]) -> Result<OutputFile, EmitError> {
    #[derive(Serialize)]
    struct Kustomization<'a> {
        #[serde(rename = "apiVersion")]
        api_version: &'static str,
        kind: &'static str,
        resources: Vec<&'a str>,
    }
    let mut sorted: Vec<&str> = resources.iter().map(String::as_str).collect();
    sorted.sort_unstable();
    let k = Kustomization {
        api_version: "kustomize.config.k8s.io/v1beta1",
        kind: "Kustomization",
        resources: sorted,
    };
    Ok(OutputFile::new(
        format!("{dir}/kustomization.yaml"),
        to_yaml_file(&k, "kustomization.yaml")?,
    ))
}

fn collect(model: &Model) -> Result<Vec<Pending>, EmitError> {
    // Dashboards are most of the work: render them in parallel (order is kept).
    let mut out = model
        .dashboards
        .par_iter()
        .map(|d| {
            let uid = &d.dashboard.uid;
            let what = format!("dashboard {uid}");
            let key = format!("{uid}.json");
            if !is_data_key(&key) {
                return Err(EmitError::Unrepresentable {
                    what,
                    message: "its UID is not a valid ConfigMap key; use [A-Za-z0-9._-]".into(),
                });
            }
            let json = d.dashboard.to_json().map_err(|e| EmitError::Serialize {
                what: what.clone(),
                message: e.to_string(),
            })?;
            let content = String::from_utf8(json).map_err(|e| EmitError::Serialize {
                what: what.clone(),
                message: e.to_string(),
            })?;
            Ok(Pending {
                kind: Kind::Dashboard,
                identity: format!("dashboard-{}-{uid}", d.team),
                source: uid.clone(),
                team: Some(d.team.clone()),
                folder: folder_directory(&d.folder, &what)?,
                key: Some(key),
                content,
            })
        })
        .collect::<Result<Vec<_>, EmitError>>()?;
    for f in &model.datasource_files {
        let owner = f.team.as_deref().unwrap_or("org");
        let what = format!("datasource file {owner}/{}", f.name);
        let file = DatasourcesFile::new(f.datasources.iter().map(escape_datasource).collect());
        out.push(Pending {
            kind: Kind::Datasource,
            identity: format!("datasource-{owner}-{}", f.name),
            source: format!("{owner}/{}", f.name),
            team: f.team.clone(),
            folder: None,
            key: None,
            content: to_yaml(&file, &what)?,
        });
    }
    for f in &model.alert_files {
        let AlertRules::Grafana(groups) = &f.rules else {
            continue;
        };
        let what = format!("alert file {}/{}", f.team, f.name);
        let file = AlertingFile::new(groups.iter().map(escape_rule_group).collect());
        out.push(Pending {
            kind: Kind::Alert,
            identity: format!("alert-{}-{}", f.team, f.name),
            source: format!("{}/{}", f.team, f.name),
            team: Some(f.team.clone()),
            folder: None,
            key: None,
            content: to_yaml(&file, &what)?,
        });
    }
    Ok(out)
}

/// The directory annotation value of a folder: `None` for the root folder; an error for titles
/// that cannot be a single directory name.
fn folder_directory(folder: &str, what: &str) -> Result<Option<String>, EmitError> {
    if folder.is_empty() {
        return Ok(None);
    }
    if folder.contains('/') || folder == "." || folder == ".." || folder.contains('\0') {
        return Err(EmitError::Unrepresentable {
            what: what.to_string(),
            message: format!(
                "folder {folder:?} cannot be a sidecar target directory (no '/', '.' or '..'): \
                 the sidecar turns the folder into a directory name"
            ),
        });
    }
    Ok(Some(folder.to_string()))
}

/// ConfigMap data keys: `[-._a-zA-Z0-9]+`.
fn is_data_key(key: &str) -> bool {
    !key.is_empty()
        && key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
}

fn render(
    p: &Pending,
    name: &str,
    namespace: Option<&str>,
) -> Result<RenderedConfigMap, EmitError> {
    let key = p.key.clone().unwrap_or_else(|| format!("{name}.yaml"));
    let mut labels = base_labels(p.team.as_deref());
    labels.insert(p.kind.label(), "1");
    let mut annotations = BTreeMap::new();
    if let Some(folder) = &p.folder {
        annotations.insert(FOLDER_ANNOTATION, folder.as_str());
        annotations.insert(TARGET_DIRECTORY_ANNOTATION, folder.as_str());
    }
    let cm = ConfigMap {
        api_version: "v1",
        kind: "ConfigMap",
        metadata: Metadata {
            name,
            namespace,
            labels,
            annotations,
        },
        data: BTreeMap::from([(key.as_str(), p.content.as_str())]),
    };
    let what = format!("ConfigMap {name}");
    let object_bytes = serde_json::to_vec(&cm)
        .map_err(|e| EmitError::Serialize {
            what: what.clone(),
            message: e.to_string(),
        })?
        .len();
    let bytes = to_yaml_file(&cm, &what)?;
    Ok(RenderedConfigMap {
        kind: p.kind,
        name: name.to_string(),
        source: p.source.clone(),
        team: p.team.clone(),
        identity: p.identity.clone(),
        data_bytes: key.len() + p.content.len(),
        key,
        value: p.content.clone(),
        file: OutputFile::new(format!("{DIR}/{name}.yaml"), bytes),
        object_bytes,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::emit::testmodel::test_model;

    #[test]
    fn one_config_map_per_object_with_sidecar_labels() {
        let model = test_model();
        let maps = config_maps(&model).unwrap();
        let kinds: Vec<(Kind, &str)> = maps.iter().map(|m| (m.kind, m.name.as_str())).collect();
        assert_eq!(
            kinds,
            [
                (Kind::Alert, "alert-payments-api"),
                (Kind::Dashboard, "dashboard-payments-api-overview"),
                (Kind::Dashboard, "dashboard-platform-node-overview"),
                (Kind::Datasource, "datasource-org-main"),
            ]
        );
        for m in &maps {
            let text = String::from_utf8(m.file.bytes.clone()).unwrap();
            assert!(
                text.contains(&format!("    {}: \"1\"\n", m.kind.label())),
                "{text}"
            );
            assert!(text.contains("  namespace: monitoring\n"), "{text}");
            assert_eq!(m.data_bytes, m.key.len() + data_value(&text).len());
            assert!(m.object_bytes > m.data_bytes);
        }
        let dash = &maps[1];
        assert_eq!(dash.key, "api-overview.json");
        let text = String::from_utf8(dash.file.bytes.clone()).unwrap();
        assert!(text.contains("    grafana_folder: Payments\n"), "{text}");
        assert!(
            text.contains("    k8s-sidecar-target-directory: Payments\n"),
            "{text}"
        );
        let alert = String::from_utf8(maps[0].file.bytes.clone()).unwrap();
        assert!(!alert.contains("k8s-sidecar-target-directory"));
    }

    /// The data value as parsed back from the ConfigMap YAML.
    fn data_value(text: &str) -> String {
        #[derive(serde::Deserialize)]
        struct Cm {
            data: BTreeMap<String, String>,
        }
        let cm: Cm = serde_saphyr::from_str(text).unwrap();
        cm.data.into_values().next().unwrap()
    }

    #[test]
    fn dashboard_json_survives_the_yaml_exactly() {
        let model = test_model();
        let maps = config_maps(&model).unwrap();
        let dash = maps.iter().find(|m| m.kind == Kind::Dashboard).unwrap();
        let text = String::from_utf8(dash.file.bytes.clone()).unwrap();
        let expected = model.dashboards[0].dashboard.to_json().unwrap();
        assert_eq!(data_value(&text).as_bytes(), expected.as_slice());
    }

    #[test]
    fn folder_with_slash_is_rejected() {
        let mut model = test_model();
        model.dashboards[0].folder = "a/b".into();
        let err = config_maps(&model).unwrap_err().to_string();
        assert!(err.contains("a/b"), "{err}");
    }

    #[test]
    fn kustomization_lists_every_config_map() {
        let files = emit(&test_model()).unwrap();
        let k = files
            .iter()
            .find(|f| f.path.ends_with("kustomization.yaml"))
            .unwrap();
        let text = String::from_utf8(k.bytes.clone()).unwrap();
        for f in &files {
            if f != k {
                let name = f.path.file_name().unwrap().to_str().unwrap();
                assert!(
                    text.contains(&format!("- {name}\n")),
                    "{name} missing from {text}"
                );
            }
        }
    }
}
