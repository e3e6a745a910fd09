//! Emit targets: one module per output format. Each turns the IR ([`crate::model::Model`])
//! into output files with deterministic bytes; [`write`] puts them on disk atomically or
//! compares them with what is there (`build --check`).
//!
//! Output tree (relative to the output directory):
//! - `sidecar/`: one ConfigMap per dashboard, datasource file and Grafana-managed alert file,
//!   and a `kustomization.yaml` listing them ([`sidecar`]).
//! - `provisioning/`: a Grafana provisioning tree to mount at `/etc/grafana/provisioning`
//!   ([`provisioning`]).
//! - `prometheus-rules/`: PrometheusRule objects for `engine: prometheus` groups
//!   ([`prometheus_rule`]).
//! - `loki-rules/`: Loki ruler files for `engine: loki` groups ([`loki_rules`]).

pub mod escape;
pub mod loki_rules;
pub mod names;
pub mod prometheus_rule;
pub mod provisioning;
pub mod sidecar;
pub mod write;
pub mod yaml;

use std::collections::BTreeSet;
use std::path::PathBuf;

use crate::model::Model;

/// One file of the output tree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    /// Path relative to the output directory, `/`-separated components, no `..`.
    pub path: PathBuf,
    /// The exact bytes.
    pub bytes: Vec<u8>,
}

impl OutputFile {
    /// A file at `path` with `bytes`.
    pub fn new(path: impl Into<PathBuf>, bytes: Vec<u8>) -> Self {
        OutputFile {
            path: path.into(),
            bytes,
        }
    }
}

/// Why a target could not render the model. These are bugs in the model (the loader should
/// have rejected the input) or values no output format can represent.
#[derive(Debug, thiserror::Error)]
pub enum EmitError {
    /// Serialising an object failed.
    #[error("cannot serialise {what}: {message}")]
    Serialize {
        /// The object (e.g. `dashboard api-overview`).
        what: String,
        /// The serialiser's message.
        message: String,
    },
    /// A value cannot be represented in the target (e.g. a folder title with `/` for the
    /// sidecar, which turns titles into directory names).
    #[error("{what}: {message}")]
    Unrepresentable {
        /// The object.
        what: String,
        /// What is wrong and what to do.
        message: String,
    },
    /// Two objects would be written to the same file.
    #[error("two outputs would be written to {0}")]
    DuplicatePath(String),
}

/// Runs every target chosen in `model.outputs` and returns all files, sorted by path.
/// Fails if a target fails or two files share a path.
pub fn emit_all(model: &Model) -> Result<Vec<OutputFile>, EmitError> {
    let mut files = Vec::new();
    if model.outputs.sidecar.is_some() {
        files.extend(sidecar::emit(model)?);
    }
    if model.outputs.provisioning {
        files.extend(provisioning::emit(model)?);
    }
    if model.outputs.prometheus_rule {
        files.extend(prometheus_rule::emit(model)?);
    }
    if model.outputs.loki_rules {
        files.extend(loki_rules::emit(model)?);
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    let mut seen = BTreeSet::new();
    for f in &files {
        if !seen.insert(&f.path) {
            return Err(EmitError::DuplicatePath(f.path.display().to_string()));
        }
    }
    Ok(files)
}

#[cfg(test)]
pub(crate) mod testmodel;

#[cfg(test)]
mod tests {
    use super::*;

    /// All files of one target, each under a `=== path ===` header.
    fn render(files: &[OutputFile], dir: &str) -> String {
        let mut out = String::new();
        for f in files.iter().filter(|f| f.path.starts_with(dir)) {
            out.push_str(&format!("=== {} ===\n", f.path.display()));
            out.push_str(&String::from_utf8_lossy(&f.bytes));
        }
        out
    }

    #[test]
    fn snapshots_of_every_target() {
        let files = emit_all(&testmodel::test_model()).unwrap();
        insta::assert_snapshot!("sidecar", render(&files, sidecar::DIR));
        insta::assert_snapshot!("provisioning", render(&files, provisioning::DIR));
        insta::assert_snapshot!("prometheus_rule", render(&files, prometheus_rule::DIR));
        insta::assert_snapshot!("loki_rules", render(&files, loki_rules::DIR));
    }

    #[test]
    fn output_is_byte_identical_across_runs_and_sorted() {
        let a = emit_all(&testmodel::test_model()).unwrap();
        let b = emit_all(&testmodel::test_model()).unwrap();
        assert_eq!(a, b);
        let mut paths: Vec<_> = a.iter().map(|f| f.path.clone()).collect();
        let sorted = {
            let mut p = paths.clone();
            p.sort();
            p
        };
        assert_eq!(paths, sorted);
        paths.dedup();
        assert_eq!(paths.len(), a.len());
    }

    #[test]
    fn only_chosen_targets_run() {
        let mut model = testmodel::test_model();
        model.outputs.sidecar = None;
        model.outputs.prometheus_rule = false;
        model.outputs.loki_rules = false;
        let files = emit_all(&model).unwrap();
        assert!(files.iter().all(|f| f.path.starts_with(provisioning::DIR)));
        assert!(!files.is_empty());
    }
}
