//! Reading a repository at a revision from git objects, behind a small trait, so `diff` and
//! `check --changed-since` can build a base revision without a checkout and without touching
//! the work tree.
//!
//! [`GitRepo`] is the libgit2 implementation; [`GitTree`] is a [`SourceTree`] over the blobs of
//! one commit. The head side of a comparison is the work tree, uncommitted changes included,
//! unless a revision is given ([`Head`]).

mod error;
mod repo;
mod tree;

pub use error::GitError;
pub use repo::GitRepo;
pub use tree::GitTree;

use std::collections::BTreeSet;
use std::path::PathBuf;

use crate::source::SourceTree;

/// A resolved revision: what the user wrote and the commit it names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Revision {
    /// The revision as given (`origin/main`, `HEAD~1`, a SHA).
    pub spec: String,
    /// The full hex id of the commit.
    pub commit: String,
}

impl Revision {
    /// The abbreviated commit id (12 hex digits), for messages.
    pub fn short(&self) -> &str {
        self.commit.get(..12).unwrap_or(&self.commit)
    }
}

/// The head side of a comparison.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Head {
    /// The work tree as it is on disk, uncommitted and untracked (not ignored) files included.
    #[default]
    WorkTree,
    /// A committed revision.
    Rev(String),
}

/// A git repository as grafcode needs it. Paths are relative to the monorepo root, which may
/// be a subdirectory of the repository.
pub trait Repository {
    /// The tree type revisions are read as.
    type Tree: SourceTree;

    /// Resolves a revision (branch, tag, `HEAD~n`, SHA) to a commit.
    fn resolve(&self, rev: &str) -> Result<Revision, GitError>;

    /// The monorepo as committed at `rev`, read straight from git objects.
    fn tree_at(&self, rev: &str) -> Result<Self::Tree, GitError>;

    /// Every path under the monorepo root that differs between `base` and `head` (both sides of
    /// a rename), sorted.
    fn changed_paths(&self, base: &str, head: &Head) -> Result<BTreeSet<PathBuf>, GitError>;

    /// Whether this is a shallow clone (history cut off, older revisions missing).
    fn is_shallow(&self) -> bool;
}
