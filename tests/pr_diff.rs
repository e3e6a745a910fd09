//! `grafcode diff` on a git repository made from this repository's example monorepo: each
//! change is named with its object and exact values, in text, markdown and json; an unchanged
//! repository gives an empty diff; a shallow clone without the base gives the clear error.

mod git_support;
mod tree_copy;

use std::path::Path;

use assert_cmd::Command;
use git_support::TestRepo;
use tree_copy::copy_tree;

/// A repository holding a copy of the example monorepo, committed on `main`.
fn example_repo() -> TestRepo {
    let repo = TestRepo::init();
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    for dir in ["library", "teams"] {
        copy_tree(&here.join(dir), &repo.path().join(dir));
    }
    std::fs::copy(
        here.join("grafcode.yaml"),
        repo.path().join("grafcode.yaml"),
    )
    .expect("copy");
    repo.commit_all("example monorepo");
    repo
}

/// Replaces `from` (which must occur exactly once) with `to` in a file of the repository.
fn edit(repo: &TestRepo, path: &str, from: &str, to: &str) {
    let full = repo.path().join(path);
    let text = std::fs::read_to_string(&full).expect("read");
    assert_eq!(
        text.matches(from).count(),
        1,
        "`{from}` must occur once in {path}"
    );
    std::fs::write(full, text.replacen(from, to, 1)).expect("write");
}

fn diff(root: &Path, args: &[&str]) -> (i32, String, String) {
    let out = Command::cargo_bin("grafcode")
        .expect("binary")
        .arg("diff")
        .arg("--root")
        .arg(root)
        .args(args)
        .output()
        .expect("runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The five changes of the acceptance test: a panel's query, a panel's width, an alert's
/// threshold, a datasource URL and a team's owners.
fn change_everything(repo: &TestRepo) {
    let dashboard = "teams/checkout/dashboards/payments-api.yaml";
    edit(
        repo,
        dashboard,
        "histogram_quantile(0.99, sum by (le, route)",
        "histogram_quantile(0.95, sum by (le, route)",
    );
    edit(repo, dashboard, "width: 16", "width: 24");
    edit(
        repo,
        "teams/checkout/alerts/payments-api.yaml",
        "threshold: \"> 0.5\"",
        "threshold: \"> 0.8\"",
    );
    edit(
        repo,
        "library/datasources/loki.yaml",
        "url: http://loki-gateway.logging.svc\n",
        "url: http://loki-gateway.loki.svc\n",
    );
    edit(
        repo,
        "teams/checkout/team.yaml",
        "owners: [\"@acme/checkout\"]",
        "owners: [\"@acme/checkout\", \"@alice\"]",
    );
}

fn settings() -> insta::Settings {
    let mut s = insta::Settings::clone_current();
    s.add_filter(r"\([0-9a-f]{12}\)", "([commit])");
    s
}

#[test]
fn unchanged_repository_gives_an_empty_diff_and_exit_0() {
    let repo = example_repo();
    let (code, out, err) = diff(repo.path(), &["--base", "main"]);
    assert_eq!((code, out.as_str()), (0, ""), "{err}");
    let (code, out, _) = diff(repo.path(), &["--base", "main", "--format", "json"]);
    assert_eq!(code, 0);
    let json: serde_json::Value = serde_json::from_str(&out).expect("json");
    assert_eq!(json["objects"], serde_json::json!([]));
    assert_eq!(json["files"], serde_json::json!([]));
    let (code, _, _) = diff(repo.path(), &["--base", "main", "--exit-code"]);
    assert_eq!(code, 0);
}

#[test]
fn each_change_is_named_with_its_object_and_values() {
    let repo = example_repo();
    change_everything(&repo);
    let (code, text, err) = diff(repo.path(), &["--base", "main"]);
    assert_eq!(code, 0, "{err}");
    for expected in [
        "dashboard \"Payments API\" (checkout-payments-api) modified",
        "~ panel \"p99 by route\" query A:",
        "- histogram_quantile(0.99, sum by (le, route)",
        "+ histogram_quantile(0.95, sum by (le, route)",
        "~ panel \"p99 by route\" width: 16 → 24",
        "alert rule \"PaymentsApiHighP99Latency\"",
        "threshold C: B > 0.5 → B > 0.8",
        "datasource \"Loki\" (loki) modified",
        "url: http://loki-gateway.logging.svc → http://loki-gateway.loki.svc",
        "team \"checkout\" (checkout) modified",
        "+ owners: @alice",
    ] {
        assert!(text.contains(expected), "missing `{expected}` in:\n{text}");
    }
    settings().bind(|| insta::assert_snapshot!("diff_text", text));
    let (_, markdown, _) = diff(repo.path(), &["--base", "main", "--format", "markdown"]);
    settings().bind(|| insta::assert_snapshot!("diff_markdown", markdown));
    let (_, json, _) = diff(repo.path(), &["--base", "main", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&json).expect("json");
    settings().bind(|| insta::assert_json_snapshot!("diff_json", json));
    let (code, _, _) = diff(repo.path(), &["--base", "main", "--exit-code"]);
    assert_eq!(code, 1);
}

#[test]
fn committed_head_compares_revisions_and_ignores_the_work_tree() {
    let repo = example_repo();
    edit(
        &repo,
        "teams/checkout/dashboards/payments-api.yaml",
        "width: 16",
        "width: 20",
    );
    let head = repo.commit_all("wider");
    // An uncommitted change on top is not part of --head.
    edit(
        &repo,
        "teams/checkout/team.yaml",
        "@acme/checkout\"",
        "@acme/checkout\", \"@bob\"",
    );
    let (code, text, err) = diff(repo.path(), &["--base", "main~1", "--head", &head]);
    assert_eq!(code, 0, "{err}");
    assert!(
        text.contains("~ panel \"p99 by route\" width: 16 → 20"),
        "{text}"
    );
    assert!(!text.contains("@bob"), "{text}");
}

#[test]
fn shallow_clone_without_the_base_is_a_clear_error() {
    let repo = example_repo();
    edit(
        &repo,
        "teams/checkout/team.yaml",
        "@acme/checkout\"",
        "@acme/checkout\", \"@bob\"",
    );
    repo.commit_all("second");
    let clone = repo.shallow_clone();
    let (code, out, err) = diff(&clone.path().join("clone"), &["--base", "HEAD~1"]);
    assert_eq!(code, 2, "{out}{err}");
    assert!(
        err.contains("revision `HEAD~1` is not in this shallow clone"),
        "{err}"
    );
    assert!(err.contains("fetch-depth: 0"), "{err}");
    assert!(err.contains("git fetch origin main"), "{err}");
}

#[test]
fn unknown_base_and_missing_repository_are_usage_errors() {
    let repo = example_repo();
    let (code, _, err) = diff(repo.path(), &["--base", "no-such-branch"]);
    assert_eq!(code, 2);
    assert!(err.contains("unknown revision `no-such-branch`"), "{err}");
    let dir = tempfile::tempdir().expect("tempdir");
    let (code, _, err) = diff(dir.path(), &["--base", "main"]);
    assert_eq!(code, 2);
    assert!(err.contains("is not inside a git repository"), "{err}");
}

#[test]
fn repository_owned_by_another_uid_is_diffed() {
    if !git_support::running_as_root() {
        eprintln!("not root: cannot chown to another uid, skipped");
        return;
    }
    let repo = example_repo();
    change_everything(&repo);
    git_support::chown_recursive(repo.path(), 4343);
    let (code, text, err) = diff(repo.path(), &["--base", "main"]);
    assert_eq!(code, 0, "{err}");
    assert!(text.contains("threshold C: B > 0.5 → B > 0.8"), "{text}");
}
