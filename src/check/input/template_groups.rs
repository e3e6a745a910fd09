//! Alert groups made by library templates (`groups: [{use: http-slo-alerts, with: …}]`), as
//! the rule checks see them: each instance rendered again and read like a group written by
//! hand, as a rule file of its own in the file its spans point into (the template file when
//! the body renders line for line, else the using file). Its queries move over from the alert
//! file that used the template, so names, labels, annotations and durations of templated rules
//! are checked too.

use std::sync::Arc;

use super::Input;
use super::rules::{self, Engine, RuleFile};
use super::{Place, Query};
use crate::source::format::{TemplateKind, UseSite};
use crate::source::load::Repo;
use crate::source::template::instantiate;
use crate::source::yaml::{Node, NodeKind};

/// Adds a rule file per alert-group template instance of `repo` to `input`.
pub fn attach(input: &mut Input, repo: &Repo) {
    for team in &repo.teams {
        for doc in &team.alerts {
            for entry in &doc.value.groups {
                let Some(name) = &entry.value.use_template else {
                    continue;
                };
                let Some(template) = repo.templates.get(&name.value) else {
                    continue;
                };
                let site = UseSite {
                    name: name.clone(),
                    with: entry.value.with.clone(),
                };
                // Errors here are the compiler's, already reported.
                let Ok(inst) = instantiate(template, TemplateKind::AlertGroup, &site, &doc.file)
                else {
                    continue;
                };
                let node = inst.node;
                let engine = match node.get("engine").and_then(Node::as_str) {
                    Some("loki") => Engine::Loki,
                    _ => Engine::Prometheus,
                };
                let list = Node {
                    span: node.span.clone(),
                    kind: NodeKind::Seq(vec![node]),
                };
                let mut ignored = Vec::new();
                let groups = rules::read_groups(&inst.file, &list, engine, &mut ignored);
                let Some(group_name) = groups.first().map(|g| g.name.value.clone()) else {
                    continue;
                };
                let queries = take_queries(input, &doc.file, &group_name);
                input.rule_files.push(RuleFile {
                    file: Arc::clone(&inst.file),
                    team: Some(team.name.clone()),
                    engine,
                    groups,
                    queries,
                });
            }
        }
    }
}

/// The queries of group `name` of the alert file `file` that no group of it holds (they were
/// placed out of range by `from_model`), placed in group 0 of their own file.
fn take_queries(
    input: &mut Input,
    file: &Arc<crate::source::SourceFile>,
    name: &str,
) -> Vec<Query> {
    let prefix = format!("groups[{name}].");
    let mut out = Vec::new();
    for rf in input
        .rule_files
        .iter_mut()
        .filter(|rf| rf.file.path() == file.path())
    {
        let (mine, rest): (Vec<Query>, Vec<Query>) =
            std::mem::take(&mut rf.queries).into_iter().partition(|q| {
                q.pointer.starts_with(&prefix)
                    && matches!(q.place, Place::Rule { group, .. } if group >= rf.groups.len())
            });
        rf.queries = rest;
        out.extend(mine.into_iter().map(|mut q| {
            if let Place::Rule { rule, .. } = q.place {
                q.place = Place::Rule { group: 0, rule };
            }
            q
        }));
    }
    out
}
