//! The check input of a monorepo build: the compiled [`Model`]'s dashboards (as the JSON Grafana
//! receives), alert files and datasource files, with every query at the exact place of its
//! source (the model's [`crate::model::TextOrigin`]s). Rule names, durations, labels and
//! datasource fields are read from the source YAML itself, for their spans.

use std::sync::Arc;

use rayon::prelude::*;
use serde_json::Value;

use super::dashboard::{Dashboard, sub_origin};
use super::datasources;
use super::rules::{self, Engine, RuleFile};
use super::{Input, Place, Query, Team};
use crate::model::{AlertRules, Model};
use crate::source::SourceFile;
use crate::source::yaml::{self, Budget};

/// `panels[2].targets[0].expr` → `/panels/2/targets/0/expr`.
pub fn path_to_pointer(path: &str) -> String {
    let mut out = String::new();
    for part in path.split('.') {
        let (key, rest) = part.split_once('[').unwrap_or((part, ""));
        if !key.is_empty() {
            out.push('/');
            out.push_str(key);
        }
        for index in rest.split('[') {
            let index = index.trim_end_matches(']');
            if !index.is_empty() {
                out.push('/');
                out.push_str(index);
            }
        }
    }
    out
}

/// Builds the input of a monorepo build. `teams` carry the allow-lists of `team.yaml`.
pub fn from_model(model: &Model, teams: Vec<Team>) -> Input {
    let mut input = Input {
        teams,
        ..Input::default()
    };
    let mut files: Vec<Arc<SourceFile>> = Vec::new();
    for df in &model.datasource_files {
        files.push(Arc::clone(&df.origin.file));
        if let Ok(docs) = yaml::parse_stream(df.origin.file.text(), Budget::default()) {
            for doc in &docs {
                let mut found = datasources::from_provisioning(&df.origin.file, doc);
                for d in &mut found {
                    d.team = df.team.clone();
                }
                input.datasources.extend(found);
            }
        }
    }
    files.extend(model.dashboards.iter().map(|d| Arc::clone(&d.origin.file)));
    // Each dashboard is serialised, read and mapped to its source on its own: in parallel.
    let known = &input.datasources;
    let dashboards: Vec<Dashboard> = model
        .dashboards
        .par_iter()
        .map(|d| dashboard(d, known))
        .collect();
    input.dashboards = dashboards;
    for a in &model.alert_files {
        files.push(Arc::clone(&a.origin.file));
        if let Some(rf) = alert_file(a) {
            input.rule_files.push(rf);
        }
    }
    files.sort_by(|a, b| a.path().cmp(b.path()));
    files.dedup_by(|a, b| Arc::ptr_eq(a, b));
    input.files = files;
    input
}

/// A compiled dashboard as the checks see it, every value at its place in the source.
fn dashboard(
    d: &crate::model::DashboardObject,
    known: &[super::datasources::Datasource],
) -> Dashboard {
    let json = serde_json::to_value(&d.dashboard).unwrap_or(Value::Null);
    let mut dash = Dashboard::new(Arc::clone(&d.origin.file), json, String::new(), None, known);
    dash.whole = d.origin.span.clone();
    dash.source = Some(Arc::new(super::source_map::of_dashboard(d, &dash.json)));
    dash.team = Some(d.team.clone());
    dash.folder = Some(d.folder.clone());
    // Put each query at the place its source gives.
    for q in &mut dash.queries {
        let found = d
            .queries
            .iter()
            .find(|m| path_to_pointer(&m.path) == q.pointer && m.expr.contains(q.expr.as_str()));
        if let Some(m) = found {
            let offset = m.expr.find(q.expr.as_str()).unwrap_or(0);
            q.origin = sub_origin(&m.origin, offset);
        }
    }
    dash
}

/// An alert file: groups read from its source YAML, queries from the model.
fn alert_file(a: &crate::model::AlertFile) -> Option<RuleFile> {
    let engine = match a.rules {
        AlertRules::Loki(_) => Engine::Loki,
        _ => Engine::Prometheus,
    };
    let docs = yaml::parse_stream(a.origin.file.text(), Budget::default()).ok()?;
    let groups_node = docs.first()?.get("groups")?;
    let mut ignored = Vec::new();
    let groups = rules::read_groups(&a.origin.file, groups_node, engine, &mut ignored);
    let mut queries = Vec::new();
    for m in &a.queries {
        let Some(lang) = m.lang else { continue };
        // `groups[<group name>].rules[<i>]…`
        let Some(rest) = m.path.strip_prefix("groups[") else {
            continue;
        };
        let Some((name, rest)) = rest.split_once("].rules[") else {
            continue;
        };
        let Some(rule) = rest.split(']').next().and_then(|i| i.parse::<usize>().ok()) else {
            continue;
        };
        // A group instantiated from a library template is not in the file's own YAML: its
        // queries are placed out of range here, and `template_groups::attach` moves them to a
        // rule file of the instance (the queries are checked either way).
        let group = groups
            .iter()
            .position(|g| g.name.value == name)
            .unwrap_or(usize::MAX);
        queries.push(Query {
            expr: m.expr.clone(),
            lang,
            lang_known: true,
            origin: m.origin.clone(),
            pointer: m.path.clone(),
            datasource: super::DsRef::Named {
                uid: m.datasource.clone().unwrap_or_default(),
                kind: None,
            },
            place: Place::Rule { group, rule },
            legend: None,
            ref_id: None,
        });
    }
    Some(RuleFile {
        file: Arc::clone(&a.origin.file),
        team: Some(a.team.clone()),
        engine,
        groups,
        queries,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{AlertFile, DashboardObject, Origin, TextOrigin};

    #[test]
    fn paths_become_pointers() {
        assert_eq!(
            path_to_pointer("panels[2].targets[0].expr"),
            "/panels/2/targets/0/expr"
        );
        assert_eq!(
            path_to_pointer("templating.list[1].query"),
            "/templating/list/1/query"
        );
    }

    #[test]
    fn queries_keep_their_source_positions() {
        use crate::grafana::dashboard::{DataSourceRef, Panel, Target};
        let src =
            "title: A\npanels:\n  - timeseries: Req\n    targets:\n      - expr: rate(x[5m])\n";
        let file = SourceFile::new("teams/a/dashboards/a.yaml", src);
        let at = src.find("rate").unwrap();
        let dashboard = crate::grafana::dashboard::Dashboard::new("a", "A").panel(
            Panel::timeseries("Req")
                .datasource(DataSourceRef::new("prometheus", "prom"))
                .target(Target::expr("A", "rate(x[5m])")),
        );
        let json = serde_json::to_value(&dashboard).unwrap();
        let pointer = (0..4)
            .map(|i| format!("/panels/{i}/targets/0/expr"))
            .find(|p| json.pointer(p).is_some())
            .expect("a target");
        let path = pointer
            .trim_start_matches('/')
            .replacen("panels/", "panels[", 1)
            .replacen("/targets/", "].targets[", 1)
            .replacen("/expr", "].expr", 1);
        let alert_src =
            "groups:\n  - name: g\n    rules:\n      - alert: A\n        expr: up == 0\n";
        let alert_file = SourceFile::new("teams/a/alerts/a.yaml", alert_src);
        let model = Model {
            dashboards: vec![DashboardObject {
                team: "a".into(),
                folder: "A".into(),
                origin: Origin {
                    file: Arc::clone(&file),
                    span: 0..src.len(),
                },
                dashboard,
                queries: vec![crate::model::Query {
                    lang: Some(crate::query::Lang::PromQL),
                    expr: "rate(x[5m])".into(),
                    datasource: Some("prom".into()),
                    origin: TextOrigin::verbatim(&file, at),
                    path,
                }],
            }],
            alert_files: vec![AlertFile {
                team: "a".into(),
                name: "a".into(),
                folder: "A".into(),
                origin: Origin {
                    file: Arc::clone(&alert_file),
                    span: 0..alert_src.len(),
                },
                rules: AlertRules::Prometheus(vec![]),
                queries: vec![crate::model::Query {
                    lang: Some(crate::query::Lang::PromQL),
                    expr: "up == 0".into(),
                    datasource: None,
                    origin: TextOrigin::verbatim(&alert_file, alert_src.find("up ==").unwrap()),
                    path: "groups[g].rules[0].expr".into(),
                }],
                prometheus_rule: None,
            }],
            ..Model::default()
        };
        let input = from_model(&model, Vec::new());
        let q = &input.dashboards[0].queries[0];
        assert_eq!(q.origin.to_file(0), at);
        assert_eq!(input.dashboards[0].folder.as_deref(), Some("A"));
        let rf = &input.rule_files[0];
        assert_eq!(rf.groups[0].rules[0].name.value, "A");
        assert_eq!(rf.queries[0].place, Place::Rule { group: 0, rule: 0 });
        assert_eq!(
            rf.queries[0].origin.to_file(0),
            alert_src.find("up ==").unwrap()
        );
    }
}
