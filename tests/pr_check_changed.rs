//! `grafcode check --changed-since REV`: a legacy error in an untouched dashboard is not
//! reported, the new error in the changed one is; without the flag both are.

mod git_support;
mod tree_copy;

use assert_cmd::Command;
use git_support::TestRepo;

fn dashboard(uid: &str, expr: &str) -> String {
    serde_json::json!({
        "uid": uid, "title": uid, "schemaVersion": 41,
        "panels": [{
            "type": "timeseries", "title": "Requests", "id": 1,
            "gridPos": {"x": 0, "y": 0, "w": 12, "h": 8},
            "datasource": {"type": "prometheus", "uid": "prom"},
            "targets": [{"refId": "A", "expr": expr, "datasource": {"type": "prometheus", "uid": "prom"}}]
        }]
    })
    .to_string()
}

fn check(repo: &TestRepo, extra: &[&str]) -> (i32, String) {
    let out = Command::cargo_bin("grafcode")
        .expect("binary")
        .current_dir(repo.path())
        .arg("check")
        .args(extra)
        .arg("dashboards")
        .output()
        .expect("runs");
    let text =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    (out.status.code().unwrap_or(-1), text)
}

#[test]
fn only_the_new_error_in_the_changed_dashboard_is_reported() {
    let repo = TestRepo::init();
    repo.write(
        "dashboards/legacy.json",
        &dashboard("legacy", "sum(rate(old_total[5m])"),
    );
    repo.write(
        "dashboards/api.json",
        &dashboard("api", "sum(rate(http_requests_total[5m]))"),
    );
    repo.commit_all("base: one legacy error");
    repo.write(
        "dashboards/api.json",
        &dashboard("api", "sum(rate(http_requests_total[5m])"),
    );

    let (code, all) = check(&repo, &[]);
    assert_eq!(code, 1, "{all}");
    assert!(all.contains("dashboards/legacy.json"), "{all}");
    assert!(all.contains("dashboards/api.json"), "{all}");

    let (code, changed) = check(&repo, &["--changed-since", "main"]);
    assert_eq!(code, 1, "{changed}");
    assert!(changed.contains("dashboards/api.json"), "{changed}");
    assert!(!changed.contains("legacy"), "{changed}");

    // Fixed: nothing left to report, the legacy error does not block.
    repo.write(
        "dashboards/api.json",
        &dashboard("api", "sum(rate(http_requests_total[1m]))"),
    );
    let (code, fixed) = check(&repo, &["--changed-since", "main"]);
    assert_eq!(code, 0, "{fixed}");
}

#[test]
fn unknown_base_is_a_usage_error() {
    let repo = TestRepo::init();
    repo.write("dashboards/api.json", &dashboard("api", "up"));
    repo.commit_all("base");
    let (code, out) = check(&repo, &["--changed-since", "nope"]);
    assert_eq!(code, 2, "{out}");
    assert!(out.contains("unknown revision `nope`"), "{out}");
}

/// Monorepo mode: a copy of the example monorepo with a legacy PromQL error committed in an
/// untouched dashboard; the work tree adds a new error to another team's dashboard.
#[test]
fn monorepo_mode_reports_only_the_new_error() {
    let repo = TestRepo::init();
    let here = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    for dir in ["library", "teams"] {
        tree_copy::copy_tree(&here.join(dir), &repo.path().join(dir));
    }
    std::fs::copy(
        here.join("grafcode.yaml"),
        repo.path().join("grafcode.yaml"),
    )
    .expect("copy");
    let edit = |path: &str, from: &str, to: &str| {
        let full = repo.path().join(path);
        let text = std::fs::read_to_string(&full).expect("read");
        assert_eq!(text.matches(from).count(), 1, "`{from}` once in {path}");
        std::fs::write(full, text.replacen(from, to, 1)).expect("write");
    };
    edit(
        "teams/platform/dashboards/kubernetes-nodes.yaml",
        "status=\"true\"})",
        "status=\"true\"}",
    );
    repo.commit_all("legacy error");
    edit(
        "teams/checkout/dashboards/payments-api.yaml",
        "[$__range]))",
        "[$__range])",
    );
    let run = |extra: &[&str]| {
        let out = Command::cargo_bin("grafcode")
            .expect("binary")
            .current_dir(repo.path())
            .arg("check")
            .arg("--root")
            .arg(repo.path())
            .args(extra)
            .output()
            .expect("runs");
        let text = String::from_utf8_lossy(&out.stdout).into_owned()
            + &String::from_utf8_lossy(&out.stderr);
        (out.status.code().unwrap_or(-1), text)
    };
    let (code, all) = run(&[]);
    assert_eq!(code, 1, "{all}");
    assert!(all.contains("kubernetes-nodes.yaml"), "{all}");
    assert!(all.contains("payments-api.yaml"), "{all}");
    let (code, changed) = run(&["--changed-since", "main"]);
    assert_eq!(code, 1, "{changed}");
    assert!(changed.contains("payments-api.yaml"), "{changed}");
    assert!(!changed.contains("kubernetes-nodes.yaml"), "{changed}");
}
