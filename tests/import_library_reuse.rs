//! Library reuse on import: the example monorepo's `payments-api` dashboard instantiates the
//! `http-red` row template and the `http-latency` panel template twice (`with: {job:
//! payments-api}` and `{…, quantile: 0.5}`). Built, exported as JSON and imported into a copy
//! of the monorepo without its dashboards, they come back as `use:` + the same `with:`, and
//! the import verifies identical.

mod tree_copy;

use std::path::PathBuf;

use grafcode::import::batch::{self, Input, Options, Outcome};
use serde_json::{Value, json};
use tree_copy::{copy_tree, copy_tree_without_dashboards};

#[test]
fn library_panels_come_back_as_use_and_with() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let tree = grafcode::source::DiskTree::new(&root);
    let (loaded, _) = grafcode::source::load(&tree).unwrap();
    let env = grafcode::compile::environment(&loaded, None).unwrap();
    let (model, _) = grafcode::compile::compile(&loaded, &env);
    let built = model
        .dashboards
        .iter()
        .find(|d| d.dashboard.uid == "checkout-payments-api")
        .expect("the example payments-api dashboard");
    let work = tempfile::tempdir().unwrap();
    let repo = work.path().join("repo");
    std::fs::create_dir_all(&repo).unwrap();
    std::fs::copy(root.join("grafcode.yaml"), repo.join("grafcode.yaml")).unwrap();
    copy_tree(&root.join("library"), &repo.join("library"));
    copy_tree_without_dashboards(&root.join("teams"), &repo.join("teams"));
    let export = work.path().join("payments-api.json");
    std::fs::write(
        &export,
        serde_json::to_string_pretty(&built.dashboard).unwrap(),
    )
    .unwrap();
    let options = Options {
        repo: repo.clone(),
        team: Some("checkout".into()),
        verify: true,
        ..Options::default()
    };
    let report = batch::run(&[Input::Path(export)], &options).unwrap();
    let item = &report.items[0];
    let Outcome::Imported(path) = &item.outcome else {
        panic!("{:?}", item.outcome);
    };
    assert_eq!(item.differences.as_deref(), Some(&[][..]));
    let text = std::fs::read_to_string(repo.join(path)).unwrap();
    let source: Value = grafcode::import::yaml::from_yaml(&text).unwrap();
    let rows = source["rows"].as_array().unwrap();
    assert_eq!(
        rows[0],
        json!({"use": "http-red", "with": {"job": "payments-api", "title": "Traffic (RED)"}}),
        "{text}"
    );
    let uses: Vec<Value> = rows
        .iter()
        .filter_map(|r| r.get("panels").and_then(Value::as_array))
        .flatten()
        .filter(|p| p.get("use").is_some())
        .cloned()
        .collect();
    assert_eq!(
        uses,
        [
            json!({"use": "http-latency", "with": {"job": "payments-api"}}),
            json!({"use": "http-latency", "with": {"job": "payments-api", "quantile": 0.5}}),
        ],
        "{text}"
    );
}
