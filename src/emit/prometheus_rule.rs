//! The `prometheus-rule` target: one prometheus-operator `PrometheusRule`
//! (`monitoring.coreos.com/v1`) per alert file whose groups say `engine: prometheus`
//! (A-formats §6.1), and a `kustomization.yaml` listing them.
//!
//! Objects carry `app.kubernetes.io/managed-by: grafcode` (and `grafcode.dev/team`); a
//! kube-prometheus-stack Prometheus selects rules by its `release` label by default, so add
//! that label with kustomize (`labels:` / `commonLabels`) or relax `ruleSelector`.

use serde::Serialize;

use super::names::unique_names;
use super::sidecar::{Metadata, base_labels, kustomization};
use super::yaml::to_yaml_file;
use super::{EmitError, OutputFile};
use crate::grafana::rules::RuleGroup;
use crate::model::{AlertRules, Model};

/// Directory of this target in the output tree.
pub const DIR: &str = "prometheus-rules";

#[derive(Serialize)]
struct PrometheusRule<'a> {
    #[serde(rename = "apiVersion")]
    api_version: &'static str,
    kind: &'static str,
    metadata: Metadata<'a>,
    spec: Spec<'a>,
}

#[derive(Serialize)]
struct Spec<'a> {
    groups: &'a [RuleGroup],
}

/// The target's files.
pub fn emit(model: &Model) -> Result<Vec<OutputFile>, EmitError> {
    let files: Vec<(&crate::model::AlertFile, &Vec<RuleGroup>)> = model
        .alert_files
        .iter()
        .filter_map(|f| match &f.rules {
            AlertRules::Prometheus(groups) => Some((f, groups)),
            _ => None,
        })
        .collect();
    let identities: Vec<String> = files
        .iter()
        .map(|(f, _)| format!("{}-{}", f.team, f.name))
        .collect();
    let names = unique_names(&identities);
    let namespace = model
        .outputs
        .sidecar
        .as_ref()
        .and_then(|s| s.namespace.as_deref());
    let mut out = Vec::with_capacity(files.len() + 1);
    for ((f, groups), name) in files.iter().zip(&names) {
        let obj = PrometheusRule {
            api_version: "monitoring.coreos.com/v1",
            kind: "PrometheusRule",
            metadata: Metadata {
                name,
                namespace,
                labels: base_labels(Some(&f.team)),
                annotations: Default::default(),
            },
            spec: Spec { groups },
        };
        out.push(OutputFile::new(
            format!("{DIR}/{name}.yaml"),
            to_yaml_file(&obj, &format!("PrometheusRule {name}"))?,
        ));
    }
    if !out.is_empty() {
        let resources: Vec<String> = names.iter().map(|n| format!("{n}.yaml")).collect();
        out.push(kustomization(DIR, &resources)?);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::emit::testmodel::test_model;

    #[test]
    fn one_object_per_prometheus_file() {
        let files = emit(&test_model()).unwrap();
        let paths: Vec<String> = files.iter().map(|f| f.path.display().to_string()).collect();
        assert_eq!(
            paths,
            [
                "prometheus-rules/platform-node.yaml",
                "prometheus-rules/kustomization.yaml"
            ]
        );
        let text = String::from_utf8(files[0].bytes.clone()).unwrap();
        assert!(text.contains("apiVersion: monitoring.coreos.com/v1\nkind: PrometheusRule\n"));
        // Prometheus does not interpolate `$`: templates are written as they are.
        assert!(text.contains("{{ $labels.instance }}"), "{text}");
    }
}
