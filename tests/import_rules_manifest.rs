//! A PrometheusRule manifest imports with its metadata (name, namespace, labels,
//! annotations) and builds back to a PrometheusRule carrying the same metadata and rules.
//! The rules are a real corpus file (kube-prometheus-stack's etcd rules, as the chart renders
//! `spec.groups`), wrapped in the metadata the chart gives its objects.

mod corpus;

use grafcode::import::batch::{self, Input, Options, Outcome};
use serde_json::{Value, json};

#[test]
fn prometheus_rule_metadata_survives_import_and_build() {
    let Some(corpus) = corpus::corpus("rules") else {
        return;
    };
    let spec: Value = serde_saphyr::from_str(
        &std::fs::read_to_string(corpus.join(
            "rules/kube-prometheus-stack/charts/kube-prometheus-stack/templates/prometheus/rules-1.14/etcd.yaml",
        ))
        .unwrap(),
    )
    .unwrap();
    let metadata = json!({
        "name": "kube-prometheus-stack-etcd",
        "namespace": "monitoring",
        "labels": {"app": "kube-prometheus-stack", "release": "kube-prometheus-stack",
                   "app.kubernetes.io/version": "79.4.1", "heritage": "Helm"},
        "annotations": {"meta.helm.sh/release-name": "kube-prometheus-stack"},
        "uid": "0d3c…",
        "resourceVersion": "12345",
    });
    let manifest = json!({
        "apiVersion": "monitoring.coreos.com/v1",
        "kind": "PrometheusRule",
        "metadata": metadata,
        "spec": spec,
    });
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("etcd-rule.yaml");
    std::fs::write(&input, serde_json::to_string_pretty(&manifest).unwrap()).unwrap();
    let repo = tempfile::tempdir().unwrap();
    let options = Options {
        repo: repo.path().to_path_buf(),
        team: Some("platform".into()),
        verify: true,
        ..Options::default()
    };
    let report = batch::run(&[Input::Path(input)], &options).unwrap();
    let item = &report.items[0];
    let Outcome::Imported(path) = &item.outcome else {
        panic!("{:?}", item.outcome);
    };
    assert_eq!(item.differences.as_deref(), Some(&[][..]));
    // Instance fields set by the cluster are named as not kept.
    assert!(
        item.notes
            .iter()
            .any(|n| n.contains("metadata.uid not kept")),
        "{:?}",
        item.notes
    );
    let source = std::fs::read_to_string(repo.path().join(path)).unwrap();
    assert!(source.contains("prometheus_rule:"), "{source}");

    // Build the imported repository: the PrometheusRule carries the metadata and the groups.
    let tree = grafcode::source::DiskTree::new(repo.path());
    let (loaded, diags) = grafcode::source::load(&tree).unwrap();
    assert!(diags.is_empty(), "{diags:?}");
    let env = grafcode::compile::environment(&loaded, None).unwrap();
    let (model, diags) = grafcode::compile::compile(&loaded, &env);
    assert!(diags.is_empty(), "{diags:?}");
    let files = grafcode::emit::prometheus_rule::emit(&model).unwrap();
    let built = files
        .iter()
        .find(|f| f.path.ends_with("kube-prometheus-stack-etcd.yaml"))
        .expect("the PrometheusRule keeps its name");
    let obj: Value = serde_saphyr::from_slice(&built.bytes).unwrap();
    for key in ["name", "namespace"] {
        assert_eq!(obj["metadata"][key], manifest["metadata"][key]);
    }
    for key in ["labels", "annotations"] {
        for (k, v) in manifest["metadata"][key].as_object().unwrap() {
            assert_eq!(&obj["metadata"][key][k], v, "{key}.{k}");
        }
    }
    assert_eq!(
        grafcode::import::rules::normalize_groups(obj["spec"]["groups"].as_array().unwrap()),
        grafcode::import::rules::normalize_groups(spec["groups"].as_array().unwrap())
    );
}
