//! Building one side of a comparison from a [`SourceTree`]: load, compile, emit, and turn the
//! result into a [`Snapshot`] — the same steps as `grafcode build`, without writing.

use std::collections::BTreeMap;
use std::sync::Arc;

use serde_json::Value;

use super::{Entry, Snapshot};
use crate::compile::{compile, environment, has_errors};
use crate::diag::Diagnostic;
use crate::emit::emit_all;
use crate::model::Origin;
use crate::source::{LoadError, Repo, SourceTree, load};

/// Why a side could not be built.
#[derive(Debug)]
pub enum SideError {
    /// A file or directory could not be read (exit 2).
    Load(LoadError),
    /// The environment asked for does not exist, or none can be chosen (exit 2).
    Environment(String),
    /// The source has errors (exit 1); every finding, warnings included.
    Findings(Vec<Diagnostic>),
    /// An output could not be rendered (exit 1).
    Emit(String),
}

/// Builds the monorepo in `tree` (for environment `env`, default: the configured one) into a
/// snapshot named `label`.
pub fn build_side(
    tree: &dyn SourceTree,
    label: impl Into<String>,
    env: Option<&str>,
) -> Result<Snapshot, SideError> {
    let (repo, mut diagnostics) = load(tree).map_err(SideError::Load)?;
    let env = environment(&repo, env).map_err(SideError::Environment)?;
    let (model, more) = compile(&repo, &env);
    diagnostics.extend(more);
    if has_errors(&diagnostics) {
        return Err(SideError::Findings(diagnostics));
    }
    let files: BTreeMap<String, Vec<u8>> = emit_all(&model)
        .map_err(|e| SideError::Emit(e.to_string()))?
        .into_iter()
        .map(|f| (f.path.to_string_lossy().replace('\\', "/"), f.bytes))
        .collect();
    Ok(Snapshot::from_model(
        label,
        &model,
        team_entries(&repo),
        files,
    ))
}

/// Each team's `team.yaml` as an entry, pointing at the file.
fn team_entries(repo: &Repo) -> Vec<Entry> {
    repo.teams
        .iter()
        .filter_map(|team| {
            let doc = team.config.as_ref()?;
            let json = serde_json::to_value(&doc.value).unwrap_or(Value::Null);
            // Findings about a team are about where its objects go: point at `folder:`.
            let span = match doc.root.get("folder") {
                Some(node) => node.span.clone(),
                None => 0..doc.file.text().len(),
            };
            let origin = Origin {
                file: Arc::clone(&doc.file),
                span,
            };
            Some(Entry::team(&team.name, json).with_origin(&origin))
        })
        .collect()
}
