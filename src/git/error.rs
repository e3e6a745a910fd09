use std::path::PathBuf;

/// What can go wrong reading a repository. Each variant has a [`GitError::help`] saying what to
/// do about it.
#[derive(Debug, thiserror::Error)]
pub enum GitError {
    /// No repository at or above the given directory.
    #[error("{} is not inside a git repository", path.display())]
    NotARepository {
        /// The directory searched from.
        path: PathBuf,
    },
    /// The revision names nothing in this repository.
    #[error("unknown revision `{rev}`: {reason}")]
    UnknownRevision {
        /// The revision as given.
        rev: String,
        /// What libgit2 said.
        reason: String,
    },
    /// The revision is not present because the clone is shallow.
    #[error("revision `{rev}` is not in this shallow clone (its history was not fetched)")]
    MissingInShallowClone {
        /// The revision as given.
        rev: String,
    },
    /// The repository has no work tree but the work tree was asked for.
    #[error("the repository at {} is bare: give the head side with --head REV", path.display())]
    Bare {
        /// The git directory.
        path: PathBuf,
    },
    /// Any other libgit2 failure, with what was being done.
    #[error("git: {context}: {source}")]
    Git {
        /// What grafcode was doing.
        context: String,
        /// The libgit2 error.
        #[source]
        source: git2::Error,
    },
}

impl GitError {
    /// One line saying how to fix it, when there is something to do.
    pub fn help(&self) -> Option<String> {
        match self {
            GitError::NotARepository { .. } => Some(
                "run grafcode inside the monorepo's git checkout, or pass --root DIR".to_string(),
            ),
            GitError::UnknownRevision { .. } => Some(
                "give a branch, tag or commit that `git rev-parse` knows; a remote branch may \
                 need fetching first: `git fetch origin main`"
                    .to_string(),
            ),
            GitError::MissingInShallowClone { .. } => Some(
                "fetch the history: in GitHub Actions set `fetch-depth: 0` on actions/checkout; \
                 locally run `git fetch --unshallow` or `git fetch origin main`"
                    .to_string(),
            ),
            GitError::Bare { .. } | GitError::Git { .. } => None,
        }
    }

    pub(crate) fn git(context: impl Into<String>, source: git2::Error) -> Self {
        GitError::Git {
            context: context.into(),
            source,
        }
    }
}
