//! The example monorepo in this repository loads and compiles without findings, and the IR
//! carries what later stages need (queries with languages and exact origins).

use std::path::Path;

use grafcode::compile::{compile, environment};
use grafcode::query::Lang;
use grafcode::source::{DiskTree, load};

fn examples() -> (grafcode::model::Model, Vec<grafcode::diag::Diagnostic>) {
    let tree = DiskTree::new(Path::new(env!("CARGO_MANIFEST_DIR")));
    let (repo, mut diags) = load(&tree).expect("example repo loads");
    let env = environment(&repo, None).expect("default environment");
    let (model, more) = compile(&repo, &env);
    diags.extend(more);
    (model, diags)
}

#[test]
fn examples_compile_cleanly() {
    let (model, diags) = examples();
    let rendered: Vec<String> = diags.iter().map(|d| d.render_text()).collect();
    assert!(diags.is_empty(), "{}", rendered.join("\n"));
    assert_eq!(model.environment, "production");
    let teams: std::collections::BTreeSet<&str> =
        model.dashboards.iter().map(|d| d.team.as_str()).collect();
    assert!(teams.len() >= 3, "{teams:?}");
    assert!(model.dashboards.len() >= 6);
    assert!(!model.alert_files.is_empty());
}

#[test]
fn every_query_maps_back_to_its_text_in_the_source() {
    let (model, _) = examples();
    let queries = model
        .dashboards
        .iter()
        .flat_map(|d| &d.queries)
        .chain(model.alert_files.iter().flat_map(|a| &a.queries));
    let mut langs = std::collections::BTreeSet::new();
    let mut checked = 0;
    for q in queries {
        langs.insert(format!("{:?}", q.lang));
        // Whole-line comparison for expressions written verbatim in the file they point at.
        let Some(first_line) = q.expr.lines().next() else {
            continue;
        };
        let start = q.origin.to_file(0);
        let text = q.origin.file.text();
        let written = text.get(start..).unwrap_or("");
        if written.starts_with(first_line) || written.starts_with(&format!("'{first_line}")) {
            checked += 1;
        } else if !q.origin.file.path().starts_with("library") {
            // Template instances may have substituted text; team files must map exactly.
            let after = q.origin.to_file(q.expr.len().saturating_sub(1));
            let last = q.expr.chars().last().unwrap_or(' ');
            assert_eq!(
                text.get(after..).and_then(|t| t.chars().next()),
                Some(last),
                "{} {:?} → {start}",
                q.path,
                q.expr
            );
            checked += 1;
        }
    }
    assert!(checked > 20, "{checked}");
    assert!(langs.contains(&format!("{:?}", Some(Lang::PromQL))));
    assert!(langs.contains(&format!("{:?}", Some(Lang::LogQL))));
    assert!(
        langs.contains("None"),
        "Flux / Lucene queries carry no language"
    );
}

#[test]
fn staging_overrides_datasource_urls() {
    let tree = DiskTree::new(Path::new(env!("CARGO_MANIFEST_DIR")));
    let (repo, _) = load(&tree).unwrap();
    let (model, diags) = compile(&repo, "staging");
    assert!(diags.is_empty());
    let prom = model
        .datasource_files
        .iter()
        .flat_map(|f| &f.datasources)
        .find(|d| d.name == "Prometheus")
        .unwrap();
    assert_eq!(
        prom.url.as_deref(),
        Some("http://prometheus-operated.monitoring-staging.svc:9090")
    );
    assert!(
        environment(&repo, Some("prodution"))
            .unwrap_err()
            .contains("did you mean `production`")
    );
}
