//! The git layer against real repositories made with the `git` CLI.

mod git_support;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use git_support::{TestRepo, chown_recursive, running_as_root};
use grafcode::git::{GitError, GitRepo, Head, Repository};
use grafcode::source::{EntryKind, SourceTree};

fn read_str(tree: &impl SourceTree, path: &str) -> String {
    String::from_utf8(tree.read(Path::new(path)).expect("read")).expect("utf-8")
}

fn names(tree: &impl SourceTree, dir: &str) -> Vec<(String, EntryKind)> {
    tree.list(Path::new(dir))
        .expect("list")
        .into_iter()
        .map(|e| (e.name, e.kind))
        .collect()
}

fn paths(list: &[&str]) -> BTreeSet<PathBuf> {
    list.iter().map(PathBuf::from).collect()
}

/// Two commits: a team dashboard and a library file, then a change to the dashboard.
fn two_commits() -> (TestRepo, String, String) {
    let repo = TestRepo::init();
    repo.write("grafcode.yaml", "grafana: 12.0.0\n");
    repo.write("teams/api/dashboards/http.yaml", "title: HTTP v1\n");
    repo.write("library/panels/p.yaml", "panel: 1\n");
    let first = repo.commit_all("first");
    repo.write("teams/api/dashboards/http.yaml", "title: HTTP v2\n");
    let second = repo.commit_all("second");
    (repo, first, second)
}

#[test]
fn tree_at_reads_blobs_of_the_revision_not_the_work_tree() {
    let (repo, first, _) = two_commits();
    repo.write("teams/api/dashboards/http.yaml", "title: uncommitted\n");
    let git = GitRepo::discover(repo.path()).expect("open");
    let base = git.tree_at(&first).expect("tree");
    assert_eq!(
        read_str(&base, "teams/api/dashboards/http.yaml"),
        "title: HTTP v1\n"
    );
    let head = git.tree_at("HEAD").expect("tree");
    assert_eq!(
        read_str(&head, "teams/api/dashboards/http.yaml"),
        "title: HTTP v2\n"
    );
    assert_eq!(base.revision().commit, first);
    assert!(base.describe().starts_with(&format!("git:{first} (")));
    // The work tree is untouched by reading revisions.
    let on_disk = std::fs::read_to_string(repo.path().join("teams/api/dashboards/http.yaml"));
    assert_eq!(on_disk.expect("read"), "title: uncommitted\n");
}

#[test]
fn tree_lists_directories_sorted_and_answers_exists() {
    let (repo, _, _) = two_commits();
    let git = GitRepo::discover(repo.path()).expect("open");
    let tree = git.tree_at("main").expect("tree");
    assert_eq!(
        names(&tree, ""),
        vec![
            ("grafcode.yaml".to_string(), EntryKind::File),
            ("library".to_string(), EntryKind::Dir),
            ("teams".to_string(), EntryKind::Dir),
        ]
    );
    assert_eq!(
        names(&tree, "teams/api"),
        vec![("dashboards".to_string(), EntryKind::Dir)]
    );
    assert_eq!(names(&tree, "./teams/api/dashboards").len(), 1);
    assert!(tree.exists(Path::new("teams/api")));
    assert!(tree.exists(Path::new("library/panels/p.yaml")));
    assert!(!tree.exists(Path::new("teams/web")));
    let err = tree
        .read(Path::new("teams/web/team.yaml"))
        .expect_err("missing");
    assert_eq!(err.kind(), std::io::ErrorKind::NotFound);
    let err = tree.list(Path::new("nope")).expect_err("missing");
    assert_eq!(err.kind(), std::io::ErrorKind::NotFound);
    assert!(tree.read(Path::new("../outside")).is_err());
    assert_eq!(tree.file_count(), 3);
}

#[test]
fn reads_from_many_threads_at_once() {
    let repo = TestRepo::init();
    for i in 0..64 {
        repo.write(
            &format!("teams/t/dashboards/d{i}.yaml"),
            &format!("n: {i}\n"),
        );
    }
    repo.commit_all("many");
    let git = GitRepo::discover(repo.path()).expect("open");
    let tree = git.tree_at("HEAD").expect("tree");
    std::thread::scope(|s| {
        for t in 0..4 {
            let tree = &tree;
            s.spawn(move || {
                for i in (t..64).step_by(4) {
                    let text = read_str(tree, &format!("teams/t/dashboards/d{i}.yaml"));
                    assert_eq!(text, format!("n: {i}\n"));
                }
            });
        }
    });
}

#[test]
fn file_symlinks_are_followed_inside_the_tree() {
    let repo = TestRepo::init();
    repo.write("library/panels/cpu.yaml", "cpu: 1\n");
    std::fs::create_dir_all(repo.path().join("teams/a")).expect("mkdir");
    std::os::unix::fs::symlink(
        "../../library/panels/cpu.yaml",
        repo.path().join("teams/a/cpu.yaml"),
    )
    .expect("symlink");
    std::os::unix::fs::symlink("/etc/hostname", repo.path().join("teams/a/outside.yaml"))
        .expect("symlink");
    repo.commit_all("links");
    let git = GitRepo::discover(repo.path()).expect("open");
    let tree = git.tree_at("HEAD").expect("tree");
    assert_eq!(read_str(&tree, "teams/a/cpu.yaml"), "cpu: 1\n");
    assert!(!tree.exists(Path::new("teams/a/outside.yaml")));
}

#[test]
fn monorepo_in_a_subdirectory_is_rooted_there() {
    let repo = TestRepo::init();
    repo.write("README.md", "top\n");
    repo.write("observability/grafcode.yaml", "grafana: 12.0.0\n");
    repo.write("observability/teams/a/team.yaml", "owners: [\"@a\"]\n");
    let first = repo.commit_all("first");
    repo.write("observability/teams/a/team.yaml", "owners: [\"@b\"]\n");
    repo.write("README.md", "changed outside the monorepo\n");
    let root = repo.path().join("observability");
    let git = GitRepo::discover(&root).expect("open");
    assert_eq!(git.prefix(), "observability");
    let tree = git.tree_at(&first).expect("tree");
    assert_eq!(read_str(&tree, "grafcode.yaml"), "grafana: 12.0.0\n");
    assert!(!tree.exists(Path::new("README.md")));
    let changed = git.changed_paths(&first, &Head::WorkTree).expect("diff");
    assert_eq!(changed, paths(&["teams/a/team.yaml"]));
}

#[test]
fn changed_paths_between_revisions() {
    let (repo, first, second) = two_commits();
    let git = GitRepo::discover(repo.path()).expect("open");
    let changed = git
        .changed_paths(&first, &Head::Rev(second.clone()))
        .expect("diff");
    assert_eq!(changed, paths(&["teams/api/dashboards/http.yaml"]));
    let none = git
        .changed_paths(&second, &Head::Rev("HEAD".into()))
        .expect("diff");
    assert!(none.is_empty());
}

#[test]
fn changed_paths_to_the_work_tree_include_uncommitted_staged_untracked_and_deleted() {
    let (repo, _, second) = two_commits();
    let git = GitRepo::discover(repo.path()).expect("open");
    assert!(
        git.changed_paths(&second, &Head::WorkTree)
            .expect("diff")
            .is_empty()
    );
    repo.write("teams/api/dashboards/http.yaml", "title: edited\n");
    repo.write("teams/web/team.yaml", "owners: []\n");
    repo.write("library/panels/new.yaml", "staged: 1\n");
    repo.git(&["add", "library/panels/new.yaml"]);
    std::fs::remove_file(repo.path().join("grafcode.yaml")).expect("rm");
    let changed = git.changed_paths(&second, &Head::WorkTree).expect("diff");
    assert_eq!(
        changed,
        paths(&[
            "grafcode.yaml",
            "library/panels/new.yaml",
            "teams/api/dashboards/http.yaml",
            "teams/web/team.yaml",
        ])
    );
}

#[test]
fn unknown_revision_is_a_clear_error() {
    let (repo, _, _) = two_commits();
    let git = GitRepo::discover(repo.path()).expect("open");
    let err = git.tree_at("no-such-branch").expect_err("unknown");
    assert!(matches!(err, GitError::UnknownRevision { .. }), "{err:?}");
    assert!(
        err.to_string()
            .contains("unknown revision `no-such-branch`"),
        "{err}"
    );
    assert!(err.help().expect("help").contains("git fetch origin main"));
    assert!(git.resolve("HEAD~5").is_err());
}

#[test]
fn not_a_repository_is_a_clear_error() {
    let dir = tempfile::tempdir().expect("tempdir");
    // A ceiling would be cleaner, but temp dirs are not inside repositories here.
    let err = GitRepo::discover(dir.path()).expect_err("no repo");
    assert!(matches!(err, GitError::NotARepository { .. }), "{err:?}");
    assert!(
        err.to_string().contains("is not inside a git repository"),
        "{err}"
    );
}

#[test]
fn shallow_clone_without_the_base_says_how_to_fetch_it() {
    let (repo, first, second) = two_commits();
    let clone = repo.shallow_clone();
    let git = GitRepo::discover(&clone.path().join("clone")).expect("open");
    assert!(git.is_shallow());
    // The tip is there; its parent and the first commit are not.
    assert_eq!(git.resolve("HEAD").expect("head").commit, second);
    for rev in ["HEAD~1", first.as_str()] {
        let err = git.tree_at(rev).expect_err("missing in shallow clone");
        assert!(
            matches!(err, GitError::MissingInShallowClone { .. }),
            "{rev}: {err:?}"
        );
        assert!(err.to_string().contains("shallow clone"), "{err}");
        let help = err.help().expect("help");
        assert!(help.contains("fetch-depth: 0"), "{help}");
        assert!(help.contains("git fetch --unshallow"), "{help}");
        assert!(help.contains("git fetch origin main"), "{help}");
    }
    let err = git
        .changed_paths(&first, &Head::WorkTree)
        .expect_err("missing");
    assert!(
        matches!(err, GitError::MissingInShallowClone { .. }),
        "{err:?}"
    );
}

#[test]
fn repository_owned_by_another_user_is_read() {
    if !running_as_root() {
        eprintln!("not root: cannot chown to another uid, skipped");
        return;
    }
    let (repo, first, _) = two_commits();
    chown_recursive(repo.path(), 4242);
    // The git CLI itself now refuses this repository without safe.directory; grafcode reads it.
    let refused = std::process::Command::new("git")
        .args(["status"])
        .current_dir(repo.path())
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .output()
        .expect("git runs");
    assert!(
        !refused.status.success(),
        "git should refuse a repo owned by another uid"
    );
    let git = GitRepo::discover(repo.path()).expect("open despite the owner");
    let tree = git.tree_at(&first).expect("tree");
    assert_eq!(
        read_str(&tree, "teams/api/dashboards/http.yaml"),
        "title: HTTP v1\n"
    );
    let changed = git.changed_paths(&first, &Head::WorkTree).expect("diff");
    assert_eq!(changed, paths(&["teams/api/dashboards/http.yaml"]));
}
