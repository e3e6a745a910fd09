//! Acceptance: a fixture repository (`tests/fixtures/check`) with one seeded mistake per
//! check. `grafcode check --format json` reports each with the right id, file, line and
//! column (snapshot), and nothing else: suppressed and excluded findings stay out.

use std::path::Path;

use assert_cmd::Command;
use serde_json::Value;

fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.expect("walk fixture");
        let rel = entry.path().strip_prefix(from).expect("inside fixture");
        let target = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).expect("mkdir");
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

/// A dashboard of about `bytes` bytes, clean apart from its size.
fn sized_dashboard(title: &str, uid: &str, bytes: usize) -> String {
    format!(
        r#"{{"title": "{title}", "uid": "{uid}", "description": "{}", "panels": []}}"#,
        "x".repeat(bytes)
    )
}

#[test]
fn one_finding_per_seeded_mistake() {
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/check");
    let dir = tempfile::tempdir().expect("temp dir");
    copy_dir(&fixture, dir.path());
    // Size mistakes are generated rather than committed: 300 KB and 1.1 MB of JSON.
    let infra = dir.path().join("teams/infra/dashboards");
    std::fs::create_dir_all(&infra).expect("mkdir");
    std::fs::write(
        infra.join("wide.json"),
        sized_dashboard("Wide", "infra-wide", 300_000),
    )
    .expect("write");
    std::fs::write(
        infra.join("huge.json"),
        sized_dashboard("Huge", "infra-huge", 1_100_000),
    )
    .expect("write");

    let out = Command::cargo_bin("grafcode")
        .expect("binary")
        .current_dir(dir.path())
        .args([
            "check",
            "teams",
            "library/datasources",
            "--config",
            "grafcode.yaml",
            "--catalog",
            "library/catalog/prod.yaml",
            "--format",
            "json",
        ])
        .output()
        .expect("run");
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8(out.stdout).expect("utf-8");
    let findings: Value = serde_json::from_str(&stdout).expect("json");

    // Exactly one finding per check of the registry.
    let mut ids: Vec<&str> = findings
        .as_array()
        .expect("array")
        .iter()
        .filter_map(|f| f["id"].as_str())
        .collect();
    ids.sort_unstable();
    let mut all: Vec<&str> = grafcode::check::registry().iter().map(|c| c.id).collect();
    all.sort_unstable();
    assert_eq!(ids, all);

    insta::assert_snapshot!(stdout);
}
