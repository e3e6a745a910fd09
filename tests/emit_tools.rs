//! The emitted files, read by the real tools: kubectl (ConfigMap data identical to
//! `kubectl create configmap --from-file`, and `kubectl kustomize` reads the sidecar tree),
//! promtool (PrometheusRule groups), and the provisioning invariants Grafana relies on
//! (`apiVersion: 1`; every alert rule with uid, title, for, and a condition naming a refId).
//! The model is built with the public builders only.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use grafcode::emit::{OutputFile, emit_all, sidecar};
use grafcode::grafana::alerting::{Evaluator, QuerySource, Rule, RuleGroup};
use grafcode::grafana::dashboard::{Dashboard, DataSourceRef, Panel, Target, Variable};
use grafcode::grafana::datasource::Datasource;
use grafcode::grafana::rules;
use grafcode::model::{
    AlertFile, AlertRules, DashboardObject, DatasourceFile, Model, Origin, Outputs, SidecarOutput,
};
use grafcode::source::SourceFile;
use serde_json::Value;

fn origin(path: &str) -> Origin {
    Origin {
        file: SourceFile::new(path, ""),
        span: 0..0,
    }
}

/// Values chosen to trip YAML emitters: YAML 1.1 booleans and numbers as strings, `: ` and
/// `#`, leading spaces, multi-line text, `$`, quotes, NEL / LINE SEPARATOR, long lines.
fn tricky_model() -> Model {
    let prom = DataSourceRef::new("prometheus", "prom");
    let mut dashboards = Vec::new();
    for (i, title) in [
        "yes",
        "1",
        "on: off # not a comment",
        "  leading",
        "NEL\u{85}LS\u{2028}end",
    ]
    .iter()
    .enumerate()
    {
        let d = Dashboard::new(format!("tricky-{i}"), *title)
            .description("line one\nline two\n\n  indented: yes\n")
            .variable(Variable::custom("v", ["yes", "no", "0755"]))
            .panel(
                Panel::timeseries(format!("{title} — “quoted” 'single'"))
                    .datasource(prom.clone())
                    .target(
                        Target::expr(
                            "A",
                            "sum by (job) (\n  rate(http_requests_total{job=~\"$v\", path!~\"/health.*\"}[$__rate_interval])\n)",
                        )
                        .legend("{{job}}: $v"),
                    )
                    .description("long ".repeat(100)),
            )
            .auto_layout();
        dashboards.push(DashboardObject {
            team: "team-a".into(),
            folder: ["Team A", "yes", "Ops: on-call", "x", "Ünïcode"][i].into(),
            origin: origin("teams/team-a/dashboards/x.yaml"),
            dashboard: d,
            queries: vec![],
        });
    }
    let src = QuerySource::new("prometheus", "prom");
    let grafana_rules = vec![
        RuleGroup::new("api: yes", "Team A", "1m")
            .rule(
                Rule::query_reduce_threshold(
                    "team-a-api-errors",
                    "API errors",
                    &src,
                    "sum(rate(http_requests_total{code=~\"5..\"}[5m]))\n/\nsum(rate(http_requests_total[5m]))",
                    Evaluator::gt(0.05),
                )
                .for_duration("5m")
                .label("severity", "on")
                .label("price", "$3")
                .annotation("summary", "{{ $labels.job }}: {{ $values.B.Value }}"),
            )
            .rule(
                Rule::query_reduce_threshold("team-a-up", "Up", &src, "up", Evaluator::lt(1.0))
                    .for_duration("0s"),
            ),
    ];
    let prom_rules = vec![
        rules::RuleGroup::new("node.rules")
            .interval("1m")
            .rule(rules::Rule::record(
                "instance:node_cpu:rate5m",
                "sum by (instance) (rate(node_cpu_seconds_total{mode!=\"idle\"}[5m]))",
            ))
            .rule(
                rules::Rule::alert("NodeDown", "up{job=\"node\"} == 0")
                    .for_duration("5m")
                    .label("severity", "yes")
                    .annotation("summary", "{{ $labels.instance }} down: {{ $value }}"),
            ),
    ];
    Model {
        environment: "default".into(),
        grafana_version: "12.1.0".into(),
        outputs: Outputs {
            sidecar: Some(SidecarOutput {
                namespace: Some("monitoring".into()),
            }),
            provisioning: true,
            prometheus_rule: true,
            loki_rules: true,
        },
        dashboards,
        alert_files: vec![
            AlertFile {
                team: "team-a".into(),
                name: "api".into(),
                folder: "Team A".into(),
                origin: origin("teams/team-a/alerts/api.yaml"),
                rules: AlertRules::Grafana(grafana_rules),
                queries: vec![],
                prometheus_rule: None,
            },
            AlertFile {
                team: "team-a".into(),
                name: "node".into(),
                folder: "Team A".into(),
                origin: origin("teams/team-a/alerts/node.yaml"),
                rules: AlertRules::Prometheus(prom_rules),
                queries: vec![],
                prometheus_rule: None,
            },
        ],
        datasource_files: vec![DatasourceFile {
            team: None,
            name: "main".into(),
            origin: origin("library/datasources/main.yaml"),
            datasources: vec![
                Datasource::new("Prometheus", "prometheus")
                    .uid("prom")
                    .url("http://prometheus:9090")
                    .default(true)
                    .json("timeInterval", "30s"),
                Datasource::new("ES logs", "elasticsearch")
                    .uid("es-logs")
                    .url("https://es:9200")
                    .database("logs-*")
                    .basic_auth("grafana", "$__file{/etc/secrets/es}")
                    .json("timeField", "@timestamp")
                    .json("tlsSkipVerify", true),
            ],
        }],
    }
}

fn tool(name: &str) -> Option<PathBuf> {
    let found = std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|p| p.join(name))
            .find(|p| p.is_file())
    });
    if found.is_none() {
        println!("{name} not installed, skipped (.ci/run installs it)");
    }
    found
}

/// `data` of a ConfigMap YAML document.
fn data_of(doc: &Value) -> BTreeMap<String, String> {
    doc["data"]
        .as_object()
        .expect("ConfigMap has data")
        .iter()
        .map(|(k, v)| (k.clone(), v.as_str().expect("string data").to_string()))
        .collect()
}

fn yaml(text: &str) -> Value {
    serde_saphyr::from_str(text).unwrap_or_else(|e| panic!("YAML does not parse: {e}\n{text}"))
}

#[test]
fn config_map_data_equals_kubectl_create_configmap() {
    let Some(kubectl) = tool("kubectl") else {
        return;
    };
    let model = tricky_model();
    let maps = sidecar::config_maps(&model).unwrap();
    assert_eq!(
        maps.len(),
        5 + 1 + 1,
        "5 dashboards, 1 alert file, 1 datasource file"
    );
    let dir = tempfile::tempdir().unwrap();
    for m in &maps {
        // The file the ConfigMap is meant to carry, handed to kubectl as a file.
        let path = dir.path().join(&m.key);
        std::fs::write(&path, &m.value).unwrap();
        let out = Command::new(&kubectl)
            .args(["create", "configmap", &m.name])
            .arg(format!("--from-file={}={}", m.key, path.display()))
            .args(["--dry-run=client", "-o", "yaml"])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let theirs = yaml(std::str::from_utf8(&out.stdout).unwrap());
        let ours = yaml(std::str::from_utf8(&m.file.bytes).unwrap());
        assert_eq!(data_of(&ours), data_of(&theirs), "ConfigMap {}", m.name);
        assert_eq!(ours["metadata"]["name"], theirs["metadata"]["name"]);
        assert_eq!(m.data_bytes, m.key.len() + m.value.len());
    }
    // The dashboard data is exactly the dashboard's canonical JSON.
    let first = maps.iter().find(|m| m.source == "tricky-0").unwrap();
    assert_eq!(
        first.value.as_bytes(),
        model.dashboards[0].dashboard.to_json().unwrap().as_slice()
    );
}

#[test]
fn kubectl_kustomize_reads_the_sidecar_tree_with_the_same_data() {
    let Some(kubectl) = tool("kubectl") else {
        return;
    };
    let model = tricky_model();
    let files = sidecar::emit(&model).unwrap();
    let dir = tempfile::tempdir().unwrap();
    grafcode::emit::write::write_tree(dir.path(), &files).unwrap();
    // write_tree wrote the files under `sidecar/`.
    let out = Command::new(&kubectl)
        .arg("kustomize")
        .arg(dir.path().join(sidecar::DIR))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let docs: Vec<Value> = serde_saphyr::from_multiple(std::str::from_utf8(&out.stdout).unwrap())
        .expect("kustomize output parses");
    let by_name: BTreeMap<String, &Value> = docs
        .iter()
        .map(|d| (d["metadata"]["name"].as_str().unwrap().to_string(), d))
        .collect();
    let maps = sidecar::config_maps(&model).unwrap();
    assert_eq!(by_name.len(), maps.len());
    for m in &maps {
        let theirs = by_name[&m.name];
        let ours = yaml(std::str::from_utf8(&m.file.bytes).unwrap());
        assert_eq!(data_of(theirs), data_of(&ours), "{}", m.name);
        assert_eq!(theirs["metadata"]["labels"][m.kind.label()], "1");
        assert_eq!(theirs["metadata"]["labels"], ours["metadata"]["labels"]);
        assert_eq!(
            theirs["metadata"]["annotations"],
            ours["metadata"]["annotations"]
        );
    }
}

#[test]
fn dashboard_config_maps_hold_complete_dashboards() {
    let model = tricky_model();
    for m in sidecar::config_maps(&model).unwrap() {
        if m.kind != sidecar::Kind::Dashboard {
            continue;
        }
        let doc = yaml(std::str::from_utf8(&m.file.bytes).unwrap());
        let data = data_of(&doc);
        let (key, json) = data.iter().next().unwrap();
        let d: Value = serde_json::from_str(json).unwrap();
        assert_eq!(*key, format!("{}.json", d["uid"].as_str().unwrap()));
        assert!(d["title"].is_string() && d["schemaVersion"].is_u64());
        for p in d["panels"].as_array().unwrap() {
            assert!(p["gridPos"].is_object(), "{p}");
        }
        // The folder annotations name the dashboard's folder.
        let folder = &doc["metadata"]["annotations"]["grafana_folder"];
        assert_eq!(
            folder,
            &doc["metadata"]["annotations"]["k8s-sidecar-target-directory"]
        );
        assert!(
            model
                .dashboards
                .iter()
                .any(|o| o.folder == folder.as_str().unwrap())
        );
    }
}

fn provisioning_yaml(files: &[OutputFile]) -> Vec<(&Path, Value)> {
    files
        .iter()
        .filter(|f| {
            f.path.starts_with("provisioning") && f.path.extension().is_some_and(|e| e == "yaml")
        })
        .map(|f| {
            (
                f.path.as_path(),
                yaml(std::str::from_utf8(&f.bytes).unwrap()),
            )
        })
        .collect()
}

#[test]
fn provisioning_files_parse_with_api_version_1_and_complete_rules() {
    let files = emit_all(&tricky_model()).unwrap();
    let docs = provisioning_yaml(&files);
    assert!(docs.len() >= 3, "providers, datasources, alerting");
    let mut rules = 0;
    for (path, doc) in &docs {
        assert_eq!(doc["apiVersion"], 1, "{}", path.display());
        for group in doc["groups"].as_array().into_iter().flatten() {
            for rule in group["rules"].as_array().unwrap() {
                rules += 1;
                for key in ["uid", "title", "condition", "for"] {
                    assert!(
                        rule[key].is_string(),
                        "{}: rule without {key}",
                        path.display()
                    );
                }
                let uid = rule["uid"].as_str().unwrap();
                assert!(uid.len() <= 40, "{uid}");
                let ref_ids: Vec<&str> = rule["data"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|q| q["refId"].as_str().unwrap())
                    .collect();
                assert!(
                    ref_ids.contains(&rule["condition"].as_str().unwrap()),
                    "{uid}: condition not among {ref_ids:?}"
                );
            }
        }
    }
    assert_eq!(rules, 2);
    // Labels are interpolated by Grafana: the literal `$3` is written `$$3`.
    let alerting = docs
        .iter()
        .find(|(p, _)| p.starts_with("provisioning/alerting"))
        .unwrap();
    assert_eq!(
        alerting.1["groups"][0]["rules"][0]["labels"]["price"],
        "$$3"
    );
    assert_eq!(
        alerting.1["groups"][0]["rules"][0]["annotations"]["summary"],
        "{{ $labels.job }}: {{ $values.B.Value }}"
    );
}

#[test]
fn prometheus_rule_groups_pass_promtool() {
    let Some(promtool) = tool("promtool") else {
        return;
    };
    let files = emit_all(&tricky_model()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut checked = 0;
    for f in files.iter().filter(|f| {
        f.path.starts_with("prometheus-rules") && !f.path.ends_with("kustomization.yaml")
    }) {
        let doc = yaml(std::str::from_utf8(&f.bytes).unwrap());
        assert_eq!(doc["kind"], "PrometheusRule");
        let rule_file = dir.path().join(f.path.file_name().unwrap());
        std::fs::write(&rule_file, serde_json::to_vec(&doc["spec"]).unwrap()).unwrap();
        let out = Command::new(&promtool)
            .args(["check", "rules"])
            .arg(&rule_file)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        checked += 1;
    }
    assert_eq!(checked, 1);
}

#[test]
fn write_then_check_finds_no_drift_and_names_changes() {
    let files = emit_all(&tricky_model()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    grafcode::emit::write::write_tree(&out, &files).unwrap();
    assert!(
        grafcode::emit::write::check_tree(&out, &files)
            .unwrap()
            .is_empty()
    );
    let mut changed = tricky_model();
    changed.dashboards[0].dashboard.title = "changed".into();
    let drift = grafcode::emit::write::check_tree(&out, &emit_all(&changed).unwrap()).unwrap();
    let paths: Vec<String> = drift.iter().map(|d| d.path.display().to_string()).collect();
    assert_eq!(
        paths,
        [
            "provisioning/dashboards/team-a/tricky-0.json",
            "sidecar/dashboard-team-a-tricky-0.yaml"
        ]
    );
}
