//! The `prometheus-rule` target: one prometheus-operator `PrometheusRule`
//! (`monitoring.coreos.com/v1`) per alert file whose groups say `engine: prometheus`
//! (A-formats §6.1), and a `kustomization.yaml` listing them.
//!
//! Objects carry `app.kubernetes.io/managed-by: grafcode` (and `grafcode.dev/team`); a
//! kube-prometheus-stack Prometheus selects rules by its `release` label by default, so add
//! that label with kustomize (`labels:` / `commonLabels`) or relax `ruleSelector`.

use std::collections::BTreeMap;

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
    // A name set in source (`prometheus_rule.name`) is used as it is.
    let names: Vec<String> = unique_names(&identities)
        .into_iter()
        .zip(&files)
        .map(|(generated, (f, _))| {
            f.prometheus_rule
                .as_ref()
                .and_then(|m| m.name.clone())
                .unwrap_or(generated)
        })
        .collect();
    let namespace = model
        .outputs
        .sidecar
        .as_ref()
        .and_then(|s| s.namespace.as_deref());
    let mut out = Vec::with_capacity(files.len() + 1);
    for ((f, groups), name) in files.iter().zip(&names) {
        let meta = f.prometheus_rule.as_ref();
        let mut labels = base_labels(Some(&f.team));
        let mut annotations = BTreeMap::new();
        if let Some(m) = meta {
            labels.extend(m.labels.iter().map(|(k, v)| (k.as_str(), v.as_str())));
            annotations.extend(m.annotations.iter().map(|(k, v)| (k.as_str(), v.as_str())));
        }
        let obj = PrometheusRule {
            api_version: "monitoring.coreos.com/v1",
            kind: "PrometheusRule",
            metadata: Metadata {
                name,
                namespace: meta.and_then(|m| m.namespace.as_deref()).or(namespace),
                labels,
                annotations,
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

    #[test]
    fn metadata_from_source_is_used() {
        let mut model = test_model();
        for f in &mut model.alert_files {
            if matches!(f.rules, AlertRules::Prometheus(_)) {
                f.prometheus_rule = Some(crate::model::ObjectMeta {
                    name: Some("kube-prometheus-stack-node.rules".into()),
                    namespace: Some("observability".into()),
                    labels: [("release".to_string(), "kps".to_string())].into(),
                    annotations: [("owner".to_string(), "platform".to_string())].into(),
                });
            }
        }
        let files = emit(&model).unwrap();
        assert_eq!(
            files[0].path.display().to_string(),
            "prometheus-rules/kube-prometheus-stack-node.rules.yaml"
        );
        let obj: serde_json::Value = serde_saphyr::from_slice(&files[0].bytes).unwrap();
        assert_eq!(obj["metadata"]["name"], "kube-prometheus-stack-node.rules");
        assert_eq!(obj["metadata"]["namespace"], "observability");
        assert_eq!(obj["metadata"]["labels"]["release"], "kps");
        assert_eq!(
            obj["metadata"]["labels"]["app.kubernetes.io/managed-by"],
            "grafcode"
        );
        assert_eq!(obj["metadata"]["annotations"]["owner"], "platform");
    }
}
