//! Bad input, one case each: `grafcode build` exits 1 naming file:line:col and leaves an
//! existing output directory untouched; a missing file or unreadable directory exits 2.
//!
//! Tests run as root, where `chmod 000` does not stop reads; an unreadable directory is
//! made as a dangling symlink inside a listed directory (listing must stat it and fails)
//! and as a path that should be a directory but is a file.

use std::fs;
use std::path::Path;

use assert_cmd::Command;

const CONFIG: &str = "grafana: 12.2.0\noutputs:\n  provisioning: {}\n";
const DATASOURCES: &str =
    "datasources:\n  - name: prometheus\n    type: prometheus\n    url: http://prometheus:9090\n";
const TEAM: &str = "owners: [\"@acme/web\"]\nfolder: Web\n";
const DASHBOARD: &str = "uid: web-main\ntitle: Web\ndatasource: prometheus\npanels:\n  - type: timeseries\n    title: Requests\n    expr: sum(rate(http_requests_total[5m]))\n    unit: reqps\n";
const TEMPLATE: &str = "kind: panel\nparams:\n  job: {}\n---\ntype: stat\ntitle: Up {{ job }}\nexpr: up{job=\"{{ jobb }}\"}\n";

/// A small valid monorepo in a temp dir, with `out/` holding a marker file.
fn repo() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "grafcode.yaml", CONFIG);
    write(root, "library/datasources/prometheus.yaml", DATASOURCES);
    write(root, "teams/web/team.yaml", TEAM);
    write(root, "teams/web/dashboards/main.yaml", DASHBOARD);
    write(root, "out/marker.txt", "previous build\n");
    dir
}

fn write(root: &Path, path: &str, text: &str) {
    let p = root.join(path);
    fs::create_dir_all(p.parent().unwrap()).unwrap();
    fs::write(p, text).unwrap();
}

/// Runs `build --root`, returns (exit code, stderr).
fn build(root: &Path) -> (i32, String) {
    let out = Command::cargo_bin("grafcode")
        .unwrap()
        .args(["build", "--root"])
        .arg(root)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn out_untouched(root: &Path) {
    let entries: Vec<_> = fs::read_dir(root.join("out"))
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(entries, vec!["marker.txt"], "out/ changed");
    assert_eq!(
        fs::read_to_string(root.join("out/marker.txt")).unwrap(),
        "previous build\n"
    );
}

/// Exit 1, the message, `path:line:col`, and an untouched out/.
fn fails_at(root: &Path, id: &str, location: &str) -> String {
    let (code, stderr) = build(root);
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains(id), "expected {id} in:\n{stderr}");
    assert!(
        stderr.contains(location),
        "expected {location} in:\n{stderr}"
    );
    out_untouched(root);
    stderr
}

#[test]
fn unknown_key() {
    let dir = repo();
    let text = DASHBOARD.replace("    unit: reqps", "    unti: reqps");
    write(dir.path(), "teams/web/dashboards/main.yaml", &text);
    let err = fails_at(
        dir.path(),
        "source/unknown-key",
        "teams/web/dashboards/main.yaml:8:5",
    );
    assert!(err.contains("did you mean `unit`?"), "{err}");
}

#[test]
fn wrong_type() {
    let dir = repo();
    let text = DASHBOARD.replace("    unit: reqps", "    width: wide");
    write(dir.path(), "teams/web/dashboards/main.yaml", &text);
    let err = fails_at(
        dir.path(),
        "source/type",
        "teams/web/dashboards/main.yaml:8:12",
    );
    assert!(err.contains("found a string"), "{err}");
}

#[test]
fn missing_datasource() {
    let dir = repo();
    let text = DASHBOARD.replace("datasource: prometheus", "datasource: promethues");
    write(dir.path(), "teams/web/dashboards/main.yaml", &text);
    let err = fails_at(
        dir.path(),
        "source/datasource-unknown",
        "teams/web/dashboards/main.yaml:3:13",
    );
    assert!(err.contains("did you mean `prometheus`?"), "{err}");
}

#[test]
fn undefined_template_variable() {
    let dir = repo();
    write(dir.path(), "library/panels/up.yaml", TEMPLATE);
    let text = DASHBOARD.replace("panels:\n", "panels:\n  - use: up\n    with: {job: api}\n");
    write(dir.path(), "teams/web/dashboards/main.yaml", &text);
    let err = fails_at(dir.path(), "source/template", "library/panels/up.yaml:7:18");
    assert!(err.contains("undefined"), "{err}");
    assert!(err.contains("instantiated at"), "{err}");
}

#[test]
fn literal_secret() {
    let dir = repo();
    let text =
        format!("{DATASOURCES}    secureJsonData:\n      httpHeaderValue1: Bearer hunter2\n");
    write(dir.path(), "library/datasources/prometheus.yaml", &text);
    let err = fails_at(
        dir.path(),
        "source/secret",
        "library/datasources/prometheus.yaml:6:25",
    );
    assert!(err.contains("$__file{"), "{err}");
    assert!(err.contains("$__env{"), "{err}");
}

#[test]
fn two_dashboards_with_one_uid() {
    let dir = repo();
    write(dir.path(), "teams/web/dashboards/other.yaml", DASHBOARD);
    let err = fails_at(
        dir.path(),
        "source/duplicate-uid",
        "teams/web/dashboards/other.yaml:1:6",
    );
    assert!(err.contains("teams/web/dashboards/main.yaml:1:6"), "{err}");
}

#[test]
fn missing_config_exits_2() {
    let dir = repo();
    fs::remove_file(dir.path().join("grafcode.yaml")).unwrap();
    let (code, stderr) = build(dir.path());
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("grafcode.yaml"), "{stderr}");
    out_untouched(dir.path());
}

#[test]
fn unreadable_directory_exits_2() {
    // A dangling symlink in a listed directory: listing stats it and fails.
    let dir = repo();
    std::os::unix::fs::symlink(
        dir.path().join("nowhere"),
        dir.path().join("teams/web/dashboards/broken.yaml"),
    )
    .unwrap();
    let (code, stderr) = build(dir.path());
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("teams/web/dashboards"), "{stderr}");
    out_untouched(dir.path());

    // A file where a directory must be.
    let dir = repo();
    fs::remove_dir_all(dir.path().join("teams/web/dashboards")).unwrap();
    write(dir.path(), "teams/web/dashboards", "not a directory");
    let (code, stderr) = build(dir.path());
    assert_eq!(code, 2, "{stderr}");
    out_untouched(dir.path());
}
