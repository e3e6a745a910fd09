//! `grafcode check` in monorepo mode: the team allow-list is reported once, by the
//! `datasource/not-allowed` check at the reference in the team's source (quoted or not), and
//! the compiler's finding stays for references inside library templates, which the check does
//! not read.

use assert_cmd::Command;
use serde_json::Value;

fn write(root: &std::path::Path, path: &str, text: &str) {
    let full = root.join(path);
    std::fs::create_dir_all(full.parent().expect("parent")).expect("mkdir");
    std::fs::write(full, text).expect("write");
}

/// `(id, file, line, column)` of each finding.
fn check(root: &std::path::Path) -> Vec<(String, String, u64, u64)> {
    let out = Command::cargo_bin("grafcode")
        .expect("binary")
        .args(["check", "--format", "json", "--root"])
        .arg(root)
        .output()
        .expect("runs");
    let found: Value = serde_json::from_slice(&out.stdout).expect("json");
    found
        .as_array()
        .expect("array")
        .iter()
        .map(|f| {
            (
                f["id"].as_str().unwrap_or("").to_string(),
                f["file"].as_str().unwrap_or("").to_string(),
                f["line"].as_u64().unwrap_or(0),
                f["column"].as_u64().unwrap_or(0),
            )
        })
        .collect()
}

#[test]
fn allow_list_findings_once_each() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    write(root, "grafcode.yaml", "grafana: 12.2.0\n");
    write(
        root,
        "library/datasources/main.yaml",
        "datasources:\n  - {name: prometheus, type: prometheus, url: http://p:9090}\n  - {name: audit, type: loki, url: http://l:3100}\n",
    );
    write(
        root,
        "library/panels/audit-logs.yaml",
        "kind: panel\n---\ntype: logs\ntitle: Audit\ndatasource: audit\nexpr: '{app=\"x\"}'\n",
    );
    write(root, "teams/a/team.yaml", "datasources: [prometheus]\n");
    write(
        root,
        "teams/a/dashboards/d.yaml",
        "uid: d\ntitle: D\ndatasource: prometheus\npanels:\n  - type: logs\n    title: Logs\n    datasource: \"audit\"\n    expr: '{app=\"x\"}'\n  - use: audit-logs\n",
    );
    let found = check(root);
    assert_eq!(
        found,
        vec![
            (
                "source/datasource-not-allowed".to_string(),
                "library/panels/audit-logs.yaml".to_string(),
                5,
                13
            ),
            (
                "datasource/not-allowed".to_string(),
                "teams/a/dashboards/d.yaml".to_string(),
                7,
                18
            ),
        ]
    );
}

#[test]
fn templated_alert_groups_are_checked_in_the_template() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    write(root, "grafcode.yaml", "grafana: 12.2.0\n");
    write(
        root,
        "library/datasources/main.yaml",
        "datasources:\n  - {name: prometheus, type: prometheus, url: http://p:9090}\n",
    );
    write(
        root,
        "library/panels/slo.yaml",
        "kind: alert-group\nparams: {job: {}}\n---\nname: {{ job }}-slo\ndatasource: prometheus\nrules:\n  - alert: Slow\n    expr: sum(rate(x{job=\"{{ job }}\"}[5m]) > 1\n    labels: {severity: page}\n    annotations: {summary: slow}\n  - alert: Quiet\n    expr: absent(up{job=\"{{ job }}\"})\n    labels: {severity: page}\n",
    );
    write(root, "teams/a/team.yaml", "folder: A\n");
    write(
        root,
        "teams/a/alerts/slo.yaml",
        "groups:\n  - use: slo\n    with: {job: payments-api}\n",
    );
    let found = check(root);
    // The unclosed `sum(`, at the end of the expression in the template (line 8), and the
    // rule without `summary` (its name on line 11): templated rules get the rule checks too.
    let got: Vec<(&str, &str, u64, u64)> = found
        .iter()
        .map(|(id, file, line, col)| (id.as_str(), file.as_str(), *line, *col))
        .collect();
    assert_eq!(got.len(), 2, "{found:?}");
    assert_eq!(
        (got[0].0, got[0].1, got[0].2),
        ("promql/syntax", "library/panels/slo.yaml", 8)
    );
    assert_eq!(
        got[1],
        ("alert/required", "library/panels/slo.yaml", 11, 12)
    );
}

#[test]
fn no_size_findings_without_the_sidecar_output() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    write(root, "library/datasources/main.yaml", "datasources: []\n");
    write(root, "teams/a/team.yaml", "folder: A\n");
    let big = format!(
        "uid: big\ntitle: Big\ndescription: {}\n",
        "x".repeat(300_000)
    );
    write(root, "teams/a/dashboards/big.yaml", &big);
    // Provisioning only: files on disk have no ConfigMap limits.
    write(
        root,
        "grafcode.yaml",
        "grafana: 12.2.0\noutputs:\n  provisioning: {}\n",
    );
    assert_eq!(check(root), vec![]);
    // With the sidecar output, the rendered ConfigMap is over 256 KiB.
    write(
        root,
        "grafcode.yaml",
        "grafana: 12.2.0\noutputs:\n  sidecar: {}\n",
    );
    let found = check(root);
    assert_eq!(
        found,
        vec![(
            "size/client-apply".to_string(),
            "teams/a/dashboards/big.yaml".to_string(),
            1,
            6
        )]
    );
}
