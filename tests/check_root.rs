//! `grafcode check --root DIR` run from anywhere: the same findings as run inside DIR, with
//! or without `--changed-since` (what changed is read from the repository at DIR, not from
//! the working directory).

mod git_support;

use assert_cmd::Command;
use git_support::TestRepo;
use serde_json::Value;

const CONFIG: &str = "grafana: 12.2.0\noutputs:\n  sidecar: {}\n";
const DATASOURCES: &str =
    "datasources:\n  - name: prometheus\n    type: prometheus\n    url: http://prometheus:9090\n";
const TEAM: &str = "folder: Api\n";

fn dashboard(uid: &str, expr: &str) -> String {
    format!(
        "uid: {uid}\ntitle: {uid}\ndatasource: prometheus\npanels:\n  - type: timeseries\n    title: Requests\n    expr: {expr}\n"
    )
}

/// `(exit code, [(id, file, line)])` of `grafcode check --format json` run in `cwd`.
fn check(cwd: &std::path::Path, args: &[&str]) -> (i32, Vec<(String, String, u64)>) {
    let out = Command::cargo_bin("grafcode")
        .expect("binary")
        .current_dir(cwd)
        .arg("check")
        .args(args)
        .args(["--format", "json"])
        .output()
        .expect("runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let found: Value = serde_json::from_str(&stdout)
        .unwrap_or_else(|e| panic!("{e}: {stdout}\n{}", String::from_utf8_lossy(&out.stderr)));
    let found = found
        .as_array()
        .expect("array")
        .iter()
        .map(|f| {
            (
                f["id"].as_str().unwrap_or("").to_string(),
                f["file"].as_str().unwrap_or("").to_string(),
                f["line"].as_u64().unwrap_or(0),
            )
        })
        .collect();
    (out.status.code().unwrap_or(-1), found)
}

#[test]
fn root_from_another_directory_finds_the_same() {
    let repo = TestRepo::init();
    repo.write("grafcode.yaml", CONFIG);
    repo.write("library/datasources/main.yaml", DATASOURCES);
    repo.write("teams/api/team.yaml", TEAM);
    repo.write(
        "teams/api/dashboards/legacy.yaml",
        &dashboard("legacy", "sum(rate(old_total[5m])"),
    );
    repo.write(
        "teams/api/dashboards/api.yaml",
        &dashboard("api", "sum(rate(http_requests_total[$__rate_interval]))"),
    );
    repo.commit_all("base: one legacy error");
    repo.write(
        "teams/api/dashboards/api.yaml",
        &dashboard("api", "sum(rate(http_requests_total[$__rate_interval])"),
    );
    let root = repo.path().to_str().expect("utf-8").to_string();
    // Another directory, itself inside a different git repository (like a developer's
    // checkout of grafcode): what changed must not be read from there.
    let elsewhere = TestRepo::init();
    elsewhere.write("README", "x");
    elsewhere.commit_all("unrelated");

    let (code_in, inside) = check(repo.path(), &[]);
    let (code_out, outside) = check(elsewhere.path(), &["--root", &root]);
    assert_eq!((code_in, code_out), (1, 1));
    assert_eq!(inside, outside);
    let files: Vec<&str> = inside.iter().map(|f| f.1.as_str()).collect();
    assert_eq!(
        files,
        [
            "teams/api/dashboards/api.yaml",
            "teams/api/dashboards/legacy.yaml"
        ],
        "{inside:?}"
    );

    let (_, changed_in) = check(repo.path(), &["--changed-since", "main"]);
    let (code, changed_out) = check(
        elsewhere.path(),
        &["--root", &root, "--changed-since", "main"],
    );
    assert_eq!(code, 1);
    assert_eq!(changed_in, changed_out);
    assert_eq!(changed_out.len(), 1, "{changed_out:?}");
    assert_eq!(changed_out[0].1, "teams/api/dashboards/api.yaml");
}
