//! build → import → build on this repository's example monorepo: every compiled example
//! dashboard, imported back into a copy of the monorepo (its dashboard sources removed),
//! compiles to byte-identical dashboard JSON.

mod tree_copy;

use std::path::{Path, PathBuf};

use grafcode::import::batch::{self, Input, Options, Outcome};
use grafcode::model::Model;
use grafcode::source::DiskTree;
use tree_copy::{copy_tree, copy_tree_without_dashboards};

fn build(root: &Path) -> Model {
    let tree = DiskTree::new(root);
    let (repo, diags) = grafcode::source::load(&tree).unwrap();
    assert!(!grafcode::compile::has_errors(&diags), "{diags:?}");
    let env = grafcode::compile::environment(&repo, None).unwrap();
    let (model, diags) = grafcode::compile::compile(&repo, &env);
    assert!(!grafcode::compile::has_errors(&diags), "{diags:?}");
    model
}

#[test]
fn example_dashboards_build_import_build_byte_identical() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let before = build(&root);
    assert!(before.dashboards.len() >= 3);
    let work = tempfile::tempdir().unwrap();
    let repo = work.path().join("repo");
    std::fs::create_dir_all(&repo).unwrap();
    std::fs::copy(root.join("grafcode.yaml"), repo.join("grafcode.yaml")).unwrap();
    copy_tree(&root.join("library"), &repo.join("library"));
    copy_tree_without_dashboards(&root.join("teams"), &repo.join("teams"));
    let exports = work.path().join("exports");
    for d in &before.dashboards {
        let dir = exports.join(&d.team);
        std::fs::create_dir_all(&dir).unwrap();
        let json = serde_json::to_string_pretty(&d.dashboard).unwrap();
        std::fs::write(dir.join(format!("{}.json", d.dashboard.uid)), json).unwrap();
    }
    for team in before
        .dashboards
        .iter()
        .map(|d| d.team.clone())
        .collect::<std::collections::BTreeSet<_>>()
    {
        let options = Options {
            repo: repo.clone(),
            team: Some(team.clone()),
            verify: true,
            ..Options::default()
        };
        let report = batch::run(&[Input::Path(exports.join(&team))], &options).unwrap();
        for item in &report.items {
            assert!(
                matches!(item.outcome, Outcome::Imported(_)),
                "{}: {:?}",
                item.input,
                item.outcome
            );
            assert_eq!(item.differences.as_deref(), Some(&[][..]), "{}", item.input);
        }
        assert!(
            report.proposed_datasources.is_empty(),
            "{:?}",
            report.proposed_datasources
        );
    }
    let after = build(&repo);
    assert_eq!(after.dashboards.len(), before.dashboards.len());
    for (a, b) in before.dashboards.iter().zip(&after.dashboards) {
        assert_eq!(
            serde_json::to_string_pretty(&a.dashboard).unwrap(),
            serde_json::to_string_pretty(&b.dashboard).unwrap(),
            "{} differs after build → import → build",
            a.dashboard.uid
        );
    }
}
