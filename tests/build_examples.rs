//! Acceptance over the example monorepo of this repository: every target's output is
//! snapshotted (insta), ConfigMaps parse and carry their sidecar labels, dashboards are
//! complete, `kubectl create configmap --dry-run` gives the same data, provisioning files have
//! `apiVersion: 1`, every Grafana rule is complete, promtool accepts the PrometheusRule
//! groups, and two CLI builds give byte-identical trees.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use grafcode::compile::{compile, environment};
use grafcode::emit::{OutputFile, emit_all, sidecar};
use grafcode::model::Model;
use grafcode::source::{DiskTree, load};
use serde_json::Value;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn model() -> Model {
    let tree = DiskTree::new(root());
    let (repo, diags) = load(&tree).expect("examples load");
    assert!(diags.is_empty(), "{diags:?}");
    let env = environment(&repo, None).unwrap();
    let (model, diags) = compile(&repo, &env);
    let text: Vec<String> = diags.iter().map(|d| d.render_text()).collect();
    assert!(diags.is_empty(), "{}", text.join("\n"));
    model
}

/// All files under `dir`, each under a `=== path ===` header.
fn render(files: &[OutputFile], dir: &str) -> String {
    let mut out = String::new();
    for f in files.iter().filter(|f| f.path.starts_with(dir)) {
        out.push_str(&format!("=== {} ===\n", f.path.display()));
        out.push_str(&String::from_utf8_lossy(&f.bytes));
        if !out.ends_with('\n') {
            out.push('\n');
        }
    }
    out
}

fn yaml(text: &str) -> Value {
    serde_saphyr::from_str(text).unwrap_or_else(|e| panic!("YAML does not parse: {e}\n{text}"))
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

#[test]
fn snapshots_of_every_target() {
    let files = emit_all(&model()).unwrap();
    for dir in ["sidecar", "provisioning", "prometheus-rules", "loki-rules"] {
        let text = render(&files, dir);
        assert!(!text.is_empty(), "no {dir} output");
        insta::assert_snapshot!(format!("examples_{}", dir.replace('-', "_")), text);
    }
}

#[test]
fn config_maps_parse_carry_labels_and_match_kubectl() {
    let model = model();
    let maps = sidecar::config_maps(&model).unwrap();
    assert_eq!(
        maps.iter()
            .filter(|m| m.kind == sidecar::Kind::Dashboard)
            .count(),
        model.dashboards.len()
    );
    let kubectl = tool("kubectl");
    let dir = tempfile::tempdir().unwrap();
    for m in &maps {
        let doc = yaml(std::str::from_utf8(&m.file.bytes).unwrap());
        assert_eq!(doc["kind"], "ConfigMap");
        assert_eq!(doc["metadata"]["labels"][m.kind.label()], "1", "{}", m.name);
        let data = doc["data"].as_object().unwrap();
        assert_eq!(data.len(), 1);
        if m.kind == sidecar::Kind::Dashboard {
            let json: Value = serde_json::from_str(data[&m.key].as_str().unwrap()).unwrap();
            assert!(json["uid"].is_string() && json["title"].is_string());
            assert!(json["schemaVersion"].is_u64());
            let panels = json["panels"].as_array().unwrap();
            assert!(!panels.is_empty());
            for p in panels {
                assert!(
                    p["gridPos"]["w"].is_u64() && p["gridPos"]["h"].is_u64(),
                    "{p}"
                );
            }
        }
        let Some(kubectl) = &kubectl else { continue };
        let path = dir.path().join(&m.key);
        std::fs::write(&path, &m.value).unwrap();
        let out = Command::new(kubectl)
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
        assert_eq!(doc["data"], theirs["data"], "ConfigMap {}", m.name);
    }
}

#[test]
fn provisioning_files_and_grafana_rules_are_complete() {
    let files = emit_all(&model()).unwrap();
    let mut rules = 0;
    for f in files.iter().filter(|f| {
        f.path.starts_with("provisioning") && f.path.extension().is_some_and(|e| e == "yaml")
    }) {
        let doc = yaml(std::str::from_utf8(&f.bytes).unwrap());
        assert_eq!(doc["apiVersion"], 1, "{}", f.path.display());
        for group in doc["groups"].as_array().into_iter().flatten() {
            for rule in group["rules"].as_array().unwrap() {
                rules += 1;
                for key in ["uid", "title", "condition", "for"] {
                    assert!(
                        rule[key].is_string(),
                        "{}: rule without {key}",
                        f.path.display()
                    );
                }
                let ref_ids: Vec<&str> = rule["data"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|q| q["refId"].as_str().unwrap())
                    .collect();
                assert!(ref_ids.contains(&rule["condition"].as_str().unwrap()));
                assert!(rule["uid"].as_str().unwrap().len() <= 40);
            }
        }
    }
    // payments-api (1) + storefront SLO template (2) + node health (2) + Loki volume (1).
    assert_eq!(rules, 6);
}

#[test]
fn prometheus_rules_pass_promtool() {
    let Some(promtool) = tool("promtool") else {
        return;
    };
    let files = emit_all(&model()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut checked = 0;
    for f in files.iter().filter(|f| {
        f.path.starts_with("prometheus-rules") && !f.path.ends_with("kustomization.yaml")
    }) {
        let doc = yaml(std::str::from_utf8(&f.bytes).unwrap());
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

/// Every file of a tree, by relative path.
fn tree(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path().strip_prefix(dir).unwrap().to_path_buf(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

#[test]
fn two_builds_are_byte_identical_and_check_finds_no_drift() {
    let dir = tempfile::tempdir().unwrap();
    let run = |out: &Path, check: bool| {
        let mut cmd = assert_cmd::Command::cargo_bin("grafcode").unwrap();
        cmd.args(["build", "--root"])
            .arg(root())
            .arg("--out")
            .arg(out);
        if check {
            cmd.arg("--check");
        }
        cmd.output().unwrap()
    };
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    assert!(run(&a, false).status.success());
    assert!(run(&b, false).status.success());
    let (ta, tb) = (tree(&a), tree(&b));
    assert!(ta.len() > 20);
    assert_eq!(ta, tb);
    assert!(run(&a, true).status.success());
    std::fs::write(a.join("sidecar/kustomization.yaml"), "changed\n").unwrap();
    let out = run(&a, true);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).contains("sidecar/kustomization.yaml"));
}
