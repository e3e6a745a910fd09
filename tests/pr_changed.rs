//! `changed_since`: what `check --changed-since` reports — changed files, objects changed
//! through a library template, and ownership conflicts — on a copy of the example monorepo.

mod git_support;
mod tree_copy;

use std::path::Path;

use git_support::TestRepo;
use grafcode::diag::{Diagnostic, Severity};
use grafcode::diff::changed_since;
use grafcode::git::Head;
use grafcode::source::SourceFile;
use tree_copy::copy_tree;

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

fn edit(repo: &TestRepo, path: &str, from: &str, to: &str) {
    let full = repo.path().join(path);
    let text = std::fs::read_to_string(&full).expect("read");
    assert_eq!(text.matches(from).count(), 1, "`{from}` once in {path}");
    std::fs::write(full, text.replacen(from, to, 1)).expect("write");
}

fn finding_in(path: &str) -> Diagnostic {
    Diagnostic::error("test/x", format!("in {path}")).at(&SourceFile::new(path, "x\n"), 0..1)
}

#[test]
fn a_template_change_counts_for_every_dashboard_using_it() {
    let repo = example_repo();
    edit(
        &repo,
        "library/panels/http-latency.yaml",
        "unit: s\n",
        "unit: ms\n",
    );
    let changed = changed_since(repo.path(), "main", &Head::WorkTree).expect("changed");
    assert!(!changed.files_only);
    let set = &changed.set;
    assert!(set.contains_file(Path::new("library/panels/http-latency.yaml")));
    assert!(set.contains_file(Path::new("teams/checkout/dashboards/payments-api.yaml")));
    assert!(!set.contains_file(Path::new("teams/observability/dashboards/logs.yaml")));
    let kept = changed.filter(vec![
        finding_in("teams/checkout/dashboards/payments-api.yaml"),
        finding_in("teams/observability/dashboards/logs.yaml"),
        Diagnostic::warning("test/global", "about the whole build"),
    ]);
    let messages: Vec<&str> = kept.iter().map(|d| d.message.as_str()).collect();
    assert_eq!(
        messages,
        vec![
            "in teams/checkout/dashboards/payments-api.yaml",
            "about the whole build"
        ]
    );
    // Absolute paths under the root match too.
    let abs = repo
        .path()
        .join("teams/checkout/dashboards/payments-api.yaml");
    assert!(set.contains_file(&abs));
}

#[test]
fn nothing_changed_keeps_only_findings_that_point_nowhere() {
    let repo = example_repo();
    let changed = changed_since(repo.path(), "main", &Head::WorkTree).expect("changed");
    assert!(changed.set.paths.is_empty() && changed.set.objects.is_empty());
    assert!(
        changed
            .filter(vec![finding_in("teams/platform/team.yaml")])
            .is_empty()
    );
}

#[test]
fn moving_a_team_into_another_teams_folder_is_an_ownership_error() {
    let repo = example_repo();
    edit(
        &repo,
        "teams/observability/team.yaml",
        "folder: Observability",
        "folder: Checkout",
    );
    let changed = changed_since(repo.path(), "main", &Head::WorkTree).expect("changed");
    let found: Vec<(String, Severity, String)> = changed
        .ownership
        .iter()
        .map(|d| (d.id.clone(), d.severity, d.message.clone()))
        .collect();
    assert!(!found.is_empty(), "no ownership finding");
    for (id, severity, message) in &found {
        assert_eq!(id, "ownership/folder-collision");
        assert_eq!(*severity, Severity::Error);
        assert_eq!(
            message,
            "team observability puts its objects in Grafana folder \"Checkout\", which team checkout uses"
        );
    }
    let at: Vec<Option<String>> = changed.ownership.iter().map(|d| d.location()).collect();
    assert_eq!(
        at,
        vec![Some("teams/observability/team.yaml:3:9".to_string())]
    );
    // Reported once per team and folder.
    assert_eq!(found.len(), 1, "{found:?}");
}

#[test]
fn a_base_missing_from_a_shallow_clone_is_the_git_error() {
    let repo = example_repo();
    edit(
        &repo,
        "teams/platform/team.yaml",
        "folder: Platform",
        "folder: Infra",
    );
    repo.commit_all("second");
    let clone = repo.shallow_clone();
    let err =
        changed_since(&clone.path().join("clone"), "HEAD~1", &Head::WorkTree).expect_err("shallow");
    assert!(err.help().expect("help").contains("fetch-depth: 0"));
}
