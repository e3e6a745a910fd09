//! Import round trips for integration tests: a fresh monorepo with the example config and the
//! Prometheus datasource, an export imported into it under `--verify`, and the dashboards
//! compiled from its source.

#![allow(dead_code)] // each test binary uses its own part

use std::path::{Path, PathBuf};

use grafcode::import::batch::{self, Input, Item, Options, Outcome};
use serde_json::Value;

/// Writes a monorepo into `dir`: the example `grafcode.yaml`, the Prometheus datasource and
/// team `t` holding `dashboards` (file name, source text).
pub fn repo(dir: &Path, dashboards: &[(&str, &str)]) {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    std::fs::copy(root.join("grafcode.yaml"), dir.join("grafcode.yaml")).unwrap();
    let ds = dir.join("library/datasources");
    std::fs::create_dir_all(&ds).unwrap();
    std::fs::copy(
        root.join("library/datasources/prometheus.yaml"),
        ds.join("prometheus.yaml"),
    )
    .unwrap();
    let team = dir.join("teams/t/dashboards");
    std::fs::create_dir_all(&team).unwrap();
    std::fs::write(dir.join("teams/t/team.yaml"), "folder: T\n").unwrap();
    for (name, text) in dashboards {
        std::fs::write(team.join(name), text).unwrap();
    }
}

/// Compiles the monorepo at `root` (asserting no errors) and returns its dashboards' JSON.
pub fn build(root: &Path) -> Vec<Value> {
    let tree = grafcode::source::DiskTree::new(root);
    let (repo, diags) = grafcode::source::load(&tree).unwrap();
    assert!(!grafcode::compile::has_errors(&diags), "{diags:?}");
    let env = grafcode::compile::environment(&repo, None).unwrap();
    let (model, diags) = grafcode::compile::compile(&repo, &env);
    assert!(!grafcode::compile::has_errors(&diags), "{diags:?}");
    model
        .dashboards
        .iter()
        .map(|d| serde_json::to_value(&d.dashboard).unwrap())
        .collect()
}

/// One export imported into a fresh monorepo for team `t`.
pub struct Imported {
    /// Holds the monorepo until the test is done with it.
    pub work: tempfile::TempDir,
    /// The monorepo's root.
    pub dir: PathBuf,
    /// The written source, parsed.
    pub source: Value,
    /// The import's report for the file.
    pub item: Item,
}

/// Imports `export` with `--verify` and asserts it was found identical.
pub fn import(export: &Value) -> Imported {
    let work = tempfile::tempdir().unwrap();
    let dir = work.path().join("repo");
    std::fs::create_dir_all(&dir).unwrap();
    repo(&dir, &[]);
    let file = work.path().join("export.json");
    std::fs::write(&file, serde_json::to_string_pretty(export).unwrap()).unwrap();
    let options = Options {
        repo: dir.clone(),
        team: Some("t".into()),
        verify: true,
        ..Options::default()
    };
    let mut report = batch::run(&[Input::Path(file)], &options).unwrap();
    let item = report.items.remove(0);
    let Outcome::Imported(path) = &item.outcome else {
        panic!("{:?}", item.outcome);
    };
    assert_eq!(item.differences.as_deref(), Some(&[][..]));
    let text = std::fs::read_to_string(dir.join(path)).unwrap();
    let source = grafcode::import::yaml::from_yaml(&text).unwrap();
    Imported {
        work,
        dir,
        source,
        item,
    }
}
