//! `grafcode schema`: the checked-in `schemas/` equal what the Rust types generate, and the
//! schemas accept valid source and reject what the loader rejects.

use std::path::Path;

use assert_cmd::Command;
use grafcode::source::yaml::{self, Budget, NodeKind, Plain, Style, resolve_plain};
use serde_json::Value;

/// A YAML file as JSON, scalars resolved the YAML 1.2 core-schema way (as editors do).
fn yaml_to_json(text: &str) -> Value {
    let node = yaml::parse(text, Budget::default()).expect("valid YAML");
    node_to_json(&node)
}

fn node_to_json(node: &yaml::Node) -> Value {
    match &node.kind {
        NodeKind::Scalar(s, Style::Plain) => match resolve_plain(s) {
            Plain::Null => Value::Null,
            Plain::Bool(b) => Value::Bool(b),
            Plain::Int(i) => Value::from(i),
            Plain::Float(f) => Value::from(f),
            Plain::Str => Value::String(s.clone()),
        },
        NodeKind::Scalar(s, _) => Value::String(s.clone()),
        NodeKind::Seq(items) => Value::Array(items.iter().map(node_to_json).collect()),
        NodeKind::Map(entries) => Value::Object(
            entries
                .iter()
                .map(|(k, v)| (k.as_str().unwrap_or_default().to_string(), node_to_json(v)))
                .collect(),
        ),
    }
}

fn schema(name: &str) -> jsonschema::Validator {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("schemas")
        .join(name);
    let text = std::fs::read_to_string(&path).expect("schema file");
    let value: Value = serde_json::from_str(&text).expect("schema is JSON");
    jsonschema::validator_for(&value).expect("valid schema")
}

fn errors(validator: &jsonschema::Validator, instance: &Value) -> Vec<String> {
    validator
        .iter_errors(instance)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

#[test]
fn checked_in_schemas_equal_the_generated_ones() {
    let out = tempfile::tempdir().expect("tempdir");
    Command::cargo_bin("grafcode")
        .expect("binary")
        .args(["schema", "--out"])
        .arg(out.path())
        .assert()
        .success();
    let checked_in = Path::new(env!("CARGO_MANIFEST_DIR")).join("schemas");
    let mut generated: Vec<String> = std::fs::read_dir(out.path())
        .expect("read")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    generated.sort();
    let mut on_disk: Vec<String> = std::fs::read_dir(&checked_in)
        .expect("schemas/ exists")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    on_disk.sort();
    assert_eq!(
        generated, on_disk,
        "schemas/ has other files than `grafcode schema` writes"
    );
    for name in generated {
        let new = std::fs::read_to_string(out.path().join(&name)).expect("read");
        let old = std::fs::read_to_string(checked_in.join(&name)).expect("read");
        assert!(
            new == old,
            "schemas/{name} is stale: run `cargo run -- schema` and commit the result"
        );
    }
    // --check agrees.
    Command::cargo_bin("grafcode")
        .expect("binary")
        .args(["schema", "--check", "--out"])
        .arg(&checked_in)
        .assert()
        .success();
}

#[test]
fn schema_check_fails_on_a_stale_directory() {
    let out = tempfile::tempdir().expect("tempdir");
    std::fs::write(out.path().join("team.schema.json"), "{}\n").expect("write");
    let assert = Command::cargo_bin("grafcode")
        .expect("binary")
        .args(["schema", "--check", "--out"])
        .arg(out.path())
        .assert()
        .code(1);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    assert!(stderr.contains("team.schema.json is stale"), "{stderr}");
}

#[test]
fn schemas_accept_valid_files_and_reject_unknown_keys_and_wrong_types() {
    let team = schema("team.schema.json");
    let ok = yaml_to_json("owners: [\"@acme/api\"]\nfolder: API\nlabels: {team: api}\n");
    assert_eq!(errors(&team, &ok), Vec::<String>::new());
    let unknown = yaml_to_json("owner: [\"@acme/api\"]\n");
    assert!(!errors(&team, &unknown).is_empty());
    let wrong = yaml_to_json("owners: \"@acme/api\"\n");
    assert!(!errors(&team, &wrong).is_empty());

    let config = schema("grafcode.schema.json");
    let ok = yaml_to_json("grafana: 12.2.0\noutputs:\n  sidecar: {namespace: monitoring}\n");
    assert_eq!(errors(&config, &ok), Vec::<String>::new());
    assert!(!errors(&config, &yaml_to_json("outputs: {sidecars: {}}\n")).is_empty());
}

/// Every example source file of this repository that has a schema.
fn example_files() -> Vec<(String, &'static str)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = vec![("grafcode.yaml".to_string(), "grafcode.schema.json")];
    for dir in ["teams", "library"] {
        for entry in walkdir::WalkDir::new(root.join(dir)).sort_by_file_name() {
            let entry = entry.expect("walk");
            let rel = entry.path().strip_prefix(root).expect("under root");
            let rel = rel.to_string_lossy().replace('\\', "/");
            if let Some(schema) = grafcode::schema::for_path(&rel) {
                files.push((rel, schema));
            }
        }
    }
    files
}

#[test]
fn every_example_file_validates_against_its_schema() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let files = example_files();
    // The example monorepo has at least a config, three teams, dashboards, alerts, datasources.
    for schema in [
        "grafcode.schema.json",
        "team.schema.json",
        "dashboard.schema.json",
        "alerts.schema.json",
        "datasources.schema.json",
    ] {
        assert!(
            files.iter().any(|(_, s)| *s == schema),
            "no example for {schema}"
        );
    }
    let mut failures = Vec::new();
    for (path, schema_name) in &files {
        let text = std::fs::read_to_string(root.join(path)).expect("read");
        let found = errors(&schema(schema_name), &yaml_to_json(&text));
        if !found.is_empty() {
            failures.push(format!("{path} ({schema_name}): {found:?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_example_file_names_its_schema_for_editors() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for (path, schema_name) in example_files() {
        let text = std::fs::read_to_string(root.join(&path)).expect("read");
        let first = text.lines().next().unwrap_or_default();
        let depth = path.matches('/').count();
        let expected = format!(
            "# yaml-language-server: $schema={}schemas/{schema_name}",
            "../".repeat(depth)
        );
        assert_eq!(first, expected, "first line of {path}");
    }
}
