use std::collections::BTreeSet;
use std::path::{Component, Path, PathBuf};
use std::sync::Once;

use git2::{DiffOptions, ErrorCode, Oid};

use super::tree::GitTree;
use super::{GitError, Head, Repository, Revision};

/// A git repository read with libgit2, and where the monorepo root sits inside it.
pub struct GitRepo {
    repo: git2::Repository,
    /// The monorepo root relative to the repository's work tree (`""` at the top), `/`-separated.
    prefix: String,
}

impl std::fmt::Debug for GitRepo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("GitRepo")
            .field("git_dir", &self.repo.path())
            .field("prefix", &self.prefix)
            .finish()
    }
}

/// Turns libgit2's owner check off, once per process. CI containers commonly check the
/// repository out as one uid and run grafcode as another (root in a container, or the
/// reverse); we only read, so the check protects nothing here and `git`'s `safe.directory`
/// dance would only get in the way.
fn allow_any_owner() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        // SAFETY: libgit2's global options are plain globals without locking; setting one while
        // another thread is inside libgit2 would be a data race. Every repository grafcode opens
        // is opened through `open_repository`, which runs this `Once` first, and `Once`
        // guarantees the call finishes before any thread gets past it, so no libgit2 object of
        // ours exists yet while the option is written. (It must come before any open: the check
        // runs when a repository is opened.)
        let result = unsafe { git2::opts::set_verify_owner_validation(false) };
        // The call cannot fail for this option (libgit2 only rejects unknown options).
        let _ = result;
    });
}

/// Opens the repository at `git_dir` exactly (no discovery), owner check off.
pub(super) fn open_repository(git_dir: &Path) -> Result<git2::Repository, git2::Error> {
    allow_any_owner();
    git2::Repository::open(git_dir)
}

impl GitRepo {
    /// Finds the repository containing `root` (the monorepo root) and remembers where `root`
    /// sits in it.
    pub fn discover(root: &Path) -> Result<Self, GitError> {
        allow_any_owner();
        let repo = git2::Repository::discover(root).map_err(|e| match e.code() {
            ErrorCode::NotFound => GitError::NotARepository {
                path: root.to_path_buf(),
            },
            _ => GitError::git(format!("opening the repository at {}", root.display()), e),
        })?;
        let prefix = match repo.workdir() {
            Some(workdir) => relative_prefix(workdir, root)?,
            None => String::new(),
        };
        Ok(GitRepo { repo, prefix })
    }

    /// The monorepo root relative to the top of the work tree (`""` when it is the top).
    pub fn prefix(&self) -> &str {
        &self.prefix
    }

    /// The work tree directory, `None` for a bare repository.
    pub fn workdir(&self) -> Option<&Path> {
        self.repo.workdir()
    }

    fn commit(&self, rev: &str) -> Result<git2::Commit<'_>, GitError> {
        let missing = |e: git2::Error| {
            if self.repo.is_shallow() {
                GitError::MissingInShallowClone {
                    rev: rev.to_string(),
                }
            } else {
                GitError::UnknownRevision {
                    rev: rev.to_string(),
                    reason: e.message().to_string(),
                }
            }
        };
        let object = self.repo.revparse_single(rev).map_err(missing)?;
        object.peel_to_commit().map_err(missing)
    }

    fn tree_of(&self, rev: &str) -> Result<(Oid, git2::Tree<'_>), GitError> {
        let commit = self.commit(rev)?;
        let tree = commit
            .tree()
            .map_err(|e| GitError::git(format!("reading the tree of `{rev}`"), e))?;
        Ok((commit.id(), tree))
    }

    /// Strips the monorepo prefix from a repository path; `None` when outside the monorepo.
    fn under_prefix(&self, path: &Path) -> Option<PathBuf> {
        if self.prefix.is_empty() {
            return Some(path.to_path_buf());
        }
        path.strip_prefix(&self.prefix).ok().map(Path::to_path_buf)
    }
}

impl Repository for GitRepo {
    type Tree = GitTree;

    fn resolve(&self, rev: &str) -> Result<Revision, GitError> {
        Ok(Revision {
            spec: rev.to_string(),
            commit: self.commit(rev)?.id().to_string(),
        })
    }

    fn tree_at(&self, rev: &str) -> Result<GitTree, GitError> {
        let (commit, tree) = self.tree_of(rev)?;
        let revision = Revision {
            spec: rev.to_string(),
            commit: commit.to_string(),
        };
        GitTree::from_tree(self.repo.path(), &tree, &self.prefix, revision)
    }

    fn changed_paths(&self, base: &str, head: &Head) -> Result<BTreeSet<PathBuf>, GitError> {
        let (_, base_tree) = self.tree_of(base)?;
        let mut opts = DiffOptions::new();
        if !self.prefix.is_empty() {
            opts.pathspec(format!("{}/", self.prefix));
        }
        let diff = match head {
            Head::Rev(rev) => {
                let (_, head_tree) = self.tree_of(rev)?;
                self.repo
                    .diff_tree_to_tree(Some(&base_tree), Some(&head_tree), Some(&mut opts))
            }
            Head::WorkTree => {
                if self.repo.is_bare() {
                    return Err(GitError::Bare {
                        path: self.repo.path().to_path_buf(),
                    });
                }
                opts.include_untracked(true).recurse_untracked_dirs(true);
                self.repo
                    .diff_tree_to_workdir_with_index(Some(&base_tree), Some(&mut opts))
            }
        }
        .map_err(|e| GitError::git(format!("comparing `{base}` with the head side"), e))?;
        let mut paths = BTreeSet::new();
        for delta in diff.deltas() {
            for file in [delta.old_file(), delta.new_file()] {
                if let Some(path) = file.path().and_then(|p| self.under_prefix(p)) {
                    paths.insert(path);
                }
            }
        }
        Ok(paths)
    }

    fn is_shallow(&self) -> bool {
        self.repo.is_shallow()
    }
}

/// `root` relative to `workdir` as a `/`-separated string (both canonicalised, so symlinked
/// temp dirs and `..` compare equal).
fn relative_prefix(workdir: &Path, root: &Path) -> Result<String, GitError> {
    let canon = |p: &Path| {
        p.canonicalize().map_err(|e| GitError::NotARepository {
            path: PathBuf::from(format!("{} ({e})", p.display())),
        })
    };
    let workdir = canon(workdir)?;
    let root = canon(root)?;
    let rel = root
        .strip_prefix(&workdir)
        .map_err(|_| GitError::NotARepository { path: root.clone() })?;
    let parts: Vec<String> = rel
        .components()
        .filter_map(|c| match c {
            Component::Normal(s) => Some(s.to_string_lossy().into_owned()),
            _ => None,
        })
        .collect();
    Ok(parts.join("/"))
}
