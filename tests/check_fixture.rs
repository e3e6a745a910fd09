//! Acceptance: a fixture monorepo (`tests/fixtures/check`: grafcode.yaml, library/, teams/)
//! with one seeded mistake per check. `grafcode check --format json` reports each with the
//! right id, file, line and column (snapshot), and nothing else: suppressed and excluded
//! findings stay out, and the monorepo compiles (no loader or compiler finding).
//!
//! Three checks cannot be seeded in monorepo source, because there the compiler already
//! refuses the mistake (`source/uid`, `source/secret`) or the source cannot express it (a
//! Grafana rule's `condition` is generated): `identity/uid`, `datasource/secret` and
//! `alert/condition` get their seed in `tests/fixtures/check-standalone`, files checked as
//! `grafcode check PATH…` checks exported files. Together the two runs report every check of
//! the registry exactly once.

mod tree_copy;

use std::path::Path;

use assert_cmd::Command;
use serde_json::Value;

/// Checks whose seed is in the standalone fixture.
const STANDALONE_ONLY: [&str; 3] = ["alert/condition", "datasource/secret", "identity/uid"];

/// A dashboard source of about `bytes` bytes, clean apart from its size.
fn sized_dashboard(title: &str, uid: &str, bytes: usize) -> String {
    format!(
        "uid: {uid}\ntitle: {title}\ndescription: {}\n",
        "x".repeat(bytes)
    )
}

/// Runs `grafcode check ARGS --format json` in `dir`: exit code and stdout.
fn check_json(dir: &Path, args: &[&str]) -> (Option<i32>, String) {
    let out = Command::cargo_bin("grafcode")
        .expect("binary")
        .current_dir(dir)
        .arg("check")
        .args(args)
        .args(["--format", "json"])
        .output()
        .expect("run");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.is_empty(), "{stderr}");
    (
        out.status.code(),
        String::from_utf8(out.stdout).expect("utf-8"),
    )
}

fn ids(json: &str) -> Vec<String> {
    let findings: Value = serde_json::from_str(json).expect("json");
    findings
        .as_array()
        .expect("array")
        .iter()
        .filter_map(|f| f["id"].as_str().map(str::to_string))
        .collect()
}

#[test]
fn one_finding_per_seeded_mistake() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let dir = tempfile::tempdir().expect("temp dir");
    tree_copy::copy_tree(&fixtures.join("check"), dir.path());
    // Size mistakes are generated rather than committed: dashboards whose rendered ConfigMaps
    // are about 300 KB and 1.1 MB.
    let infra = dir.path().join("teams/infra");
    std::fs::create_dir_all(infra.join("dashboards")).expect("mkdir");
    std::fs::write(infra.join("team.yaml"), "folder: Infra\n").expect("write");
    std::fs::write(
        infra.join("dashboards/wide.yaml"),
        sized_dashboard("Wide", "infra-wide", 300_000),
    )
    .expect("write");
    std::fs::write(
        infra.join("dashboards/huge.yaml"),
        sized_dashboard("Huge", "infra-huge", 1_100_000),
    )
    .expect("write");

    let (code, monorepo) = check_json(dir.path(), &[]);
    assert_eq!(code, Some(1), "{monorepo}");
    let (code, standalone) = check_json(&fixtures, &["check-standalone"]);
    assert_eq!(code, Some(1), "{standalone}");

    let mut standalone_ids = ids(&standalone);
    standalone_ids.sort_unstable();
    assert_eq!(standalone_ids, STANDALONE_ONLY, "{standalone}");
    // Exactly one finding per check of the registry, over both runs.
    let mut all_found = ids(&monorepo);
    all_found.extend(standalone_ids);
    all_found.sort_unstable();
    let mut all: Vec<&str> = grafcode::check::registry().iter().map(|c| c.id).collect();
    all.sort_unstable();
    assert_eq!(all_found, all);

    insta::assert_snapshot!("monorepo", monorepo);
    insta::assert_snapshot!("standalone", standalone);
}
