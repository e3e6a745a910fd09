//! `check --changed-since REV`: which findings belong to the change. Everything is still
//! evaluated (cross-references need the whole monorepo); this only decides what is reported.

use std::path::Path;

use super::{ChangedSet, Snapshot, build_side, diff, ownership_findings};
use crate::diag::Diagnostic;
use crate::git::{GitError, GitRepo, Head, Repository};
use crate::source::DiskTree;

/// What changed since a base revision, and the ownership conflicts the change causes.
#[derive(Debug, Clone, Default)]
pub struct ChangedSince {
    /// The changed files and objects: report a finding when [`ChangedSet::keeps`] it.
    pub set: ChangedSet,
    /// Conflicts with other teams' objects (UID or folder collisions), to report as well.
    pub ownership: Vec<Diagnostic>,
    /// True when a side did not build, so only changed files (not objects changed through a
    /// template) are known.
    pub files_only: bool,
}

impl ChangedSince {
    /// The findings to report: those [`ChangedSet::keeps`], then the ownership findings.
    pub fn filter(&self, findings: Vec<Diagnostic>) -> Vec<Diagnostic> {
        let mut kept: Vec<Diagnostic> =
            findings.into_iter().filter(|d| self.set.keeps(d)).collect();
        kept.extend(self.ownership.iter().cloned());
        kept
    }
}

/// What changed between `base` and the work tree (or `head`) of the monorepo at `root`.
/// Git problems (no repository, unknown or unfetched base) are errors; a side that does not
/// build falls back to changed files only (its errors are reported by the check itself).
pub fn changed_since(root: &Path, base: &str, head: &Head) -> Result<ChangedSince, GitError> {
    let repo = GitRepo::discover(root)?;
    let paths = repo.changed_paths(base, head)?;
    let base_tree = repo.tree_at(base)?;
    let (base_side, head_side) = match head {
        Head::Rev(rev) => {
            let head_tree = repo.tree_at(rev)?;
            rayon::join(
                || build_side(&base_tree, base, None),
                || build_side(&head_tree, rev.as_str(), None),
            )
        }
        Head::WorkTree => {
            let disk = DiskTree::new(root);
            rayon::join(
                || build_side(&base_tree, base, None),
                || build_side(&disk, "work tree", None),
            )
        }
    };
    Ok(match (base_side, head_side) {
        (Ok(b), Ok(h)) => from_snapshots(paths, &b, &h, root),
        _ => ChangedSince {
            set: ChangedSet {
                paths,
                ..ChangedSet::default()
            }
            .with_root(root),
            ownership: Vec::new(),
            files_only: true,
        },
    })
}

fn from_snapshots(
    paths: std::collections::BTreeSet<std::path::PathBuf>,
    base: &Snapshot,
    head: &Snapshot,
    root: &Path,
) -> ChangedSince {
    let report = diff(base, head);
    let set = ChangedSet::new(paths, &report, head).with_root(root);
    let ownership = ownership_findings(base, head, &set);
    ChangedSince {
        set,
        ownership,
        files_only: false,
    }
}
