//! The teams of a monorepo as the checks see them: what each `team.yaml` allows and every
//! datasource its dashboards and alerts name, read from the source YAML (so a reference the
//! compiler refused is still seen, at its own key).

use std::sync::Arc;

use super::{Team, Text};
use crate::source::SourceFile;
use crate::source::load::Repo;
use crate::source::yaml::{Node, NodeKind};

/// The teams of `repo`, with their allow-lists and datasource references.
pub fn from_repo(repo: &Repo) -> Vec<Team> {
    repo.teams
        .iter()
        .map(|t| {
            let allowed_datasources = t.config.as_ref().and_then(|c| {
                c.value
                    .datasources
                    .as_ref()
                    .map(|list| list.iter().map(|s| s.value.clone()).collect())
            });
            let mut datasource_refs = Vec::new();
            let docs = t
                .dashboards
                .iter()
                .map(|d| (&d.file, &d.root))
                .chain(t.alerts.iter().map(|d| (&d.file, &d.root)));
            for (file, root) in docs {
                references(file, root, &mut datasource_refs);
            }
            Team {
                name: t.name.clone(),
                allowed_datasources,
                datasource_refs,
            }
        })
        .collect()
}

/// Every `datasource: <name>` under `node` naming a datasource by logical name (not a
/// `$variable`); `raw:` blocks hold Grafana JSON, not references, and are skipped.
fn references(file: &Arc<SourceFile>, node: &Node, out: &mut Vec<(Arc<SourceFile>, Text)>) {
    match &node.kind {
        NodeKind::Map(entries) => {
            for (k, v) in entries {
                match k.as_str() {
                    Some("raw") => {}
                    Some("datasource") => {
                        if let Some(name) = v.as_str().filter(|n| !n.starts_with('$')) {
                            out.push((Arc::clone(file), text(file, v, name)));
                        }
                    }
                    _ => references(file, v, out),
                }
            }
        }
        NodeKind::Seq(items) => items.iter().for_each(|n| references(file, n, out)),
        NodeKind::Scalar(..) => {}
    }
}

/// The value with the span of its content (quotes excluded).
fn text(file: &Arc<SourceFile>, node: &Node, value: &str) -> Text {
    let raw = file.text().get(node.span.clone()).unwrap_or("");
    let quoted = raw.len() >= 2 && (raw.starts_with('"') || raw.starts_with('\''));
    let span = if quoted {
        node.span.start + 1..node.span.end - 1
    } else {
        node.span.clone()
    };
    Text {
        value: value.to_string(),
        span,
    }
}
