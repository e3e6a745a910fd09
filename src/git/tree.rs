use std::collections::HashMap;
use std::io;
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;

use git2::{ObjectType, Oid, TreeWalkMode, TreeWalkResult};

use super::repo::open_repository;
use super::{GitError, Revision};
use crate::source::{EntryKind, SourceTree, TreeEntry};

/// Symlinks followed in a row before giving up (a loop, or a chain nobody means).
const MAX_SYMLINK_HOPS: usize = 8;

/// The monorepo as committed at one revision: a [`SourceTree`] whose reads come straight from
/// git objects. The path index is built once; blobs are read on demand, by as many threads as
/// ask (each borrows its own libgit2 handle, which is not thread-safe to share).
///
/// File symlinks are followed inside the tree; symlinks to directories, to outside the tree
/// and submodules are left out.
pub struct GitTree {
    git_dir: PathBuf,
    revision: Revision,
    /// Every file, by `/`-separated path relative to the monorepo root.
    files: HashMap<String, Oid>,
    /// Every directory's entries, sorted by name (`""` is the root).
    dirs: HashMap<String, Vec<TreeEntry>>,
    /// Idle libgit2 handles, reused across reads.
    handles: Mutex<Vec<git2::Repository>>,
}

impl std::fmt::Debug for GitTree {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("GitTree")
            .field("git_dir", &self.git_dir)
            .field("revision", &self.revision)
            .field("files", &self.files.len())
            .finish()
    }
}

/// One entry met while walking the git tree.
enum Walked {
    File(Oid),
    Symlink(Oid),
    Dir,
}

impl GitTree {
    /// Indexes `tree` (a commit's root tree) below `prefix`.
    pub(super) fn from_tree(
        git_dir: &Path,
        tree: &git2::Tree<'_>,
        prefix: &str,
        revision: Revision,
    ) -> Result<Self, GitError> {
        let walked = walk(tree, prefix)
            .map_err(|e| GitError::git(format!("listing the tree of `{}`", revision.spec), e))?;
        let repo = tree_repo(git_dir)?;
        let mut files = HashMap::new();
        let mut dirs: HashMap<String, Vec<TreeEntry>> = HashMap::new();
        dirs.insert(String::new(), Vec::new());
        let mut links = Vec::new();
        for (path, entry) in &walked {
            match entry {
                Walked::File(oid) => {
                    files.insert(path.clone(), *oid);
                }
                Walked::Symlink(oid) => links.push((path.clone(), *oid)),
                Walked::Dir => {
                    dirs.entry(path.clone()).or_default();
                }
            }
        }
        for (path, oid) in links {
            if let Some(target) = follow_symlink(&repo, &walked, &path, oid) {
                files.insert(path, target);
            }
        }
        for path in files.keys() {
            add_to_parent(&mut dirs, path, EntryKind::File);
        }
        let dir_paths: Vec<String> = dirs.keys().filter(|p| !p.is_empty()).cloned().collect();
        for path in dir_paths {
            add_to_parent(&mut dirs, &path, EntryKind::Dir);
        }
        for entries in dirs.values_mut() {
            entries.sort_by(|a, b| a.name.cmp(&b.name));
        }
        Ok(GitTree {
            git_dir: git_dir.to_path_buf(),
            revision,
            files,
            dirs,
            handles: Mutex::new(vec![repo]),
        })
    }

    /// The revision this tree is.
    pub fn revision(&self) -> &Revision {
        &self.revision
    }

    /// Number of files in the tree.
    pub fn file_count(&self) -> usize {
        self.files.len()
    }

    /// Runs `f` with an idle libgit2 handle, opening one when all are busy.
    fn with_handle<R>(&self, f: impl FnOnce(&git2::Repository) -> R) -> io::Result<R> {
        let idle = self.handles.lock().ok().and_then(|mut h| h.pop());
        let repo = match idle {
            Some(repo) => repo,
            None => open_repository(&self.git_dir).map_err(io::Error::other)?,
        };
        let result = f(&repo);
        if let Ok(mut handles) = self.handles.lock() {
            handles.push(repo);
        }
        Ok(result)
    }
}

impl SourceTree for GitTree {
    fn read(&self, path: &Path) -> io::Result<Vec<u8>> {
        let key = normalize(path).ok_or_else(|| not_found(path, &self.revision))?;
        let oid = *self
            .files
            .get(&key)
            .ok_or_else(|| not_found(path, &self.revision))?;
        self.with_handle(|repo| {
            repo.find_blob(oid)
                .map(|blob| blob.content().to_vec())
                .map_err(io::Error::other)
        })?
    }

    fn list(&self, dir: &Path) -> io::Result<Vec<TreeEntry>> {
        let key = normalize(dir).ok_or_else(|| not_found(dir, &self.revision))?;
        self.dirs
            .get(&key)
            .cloned()
            .ok_or_else(|| not_found(dir, &self.revision))
    }

    fn exists(&self, path: &Path) -> bool {
        normalize(path).is_some_and(|k| self.files.contains_key(&k) || self.dirs.contains_key(&k))
    }

    fn describe(&self) -> String {
        format!("git:{} ({})", self.revision.spec, self.revision.short())
    }
}

fn tree_repo(git_dir: &Path) -> Result<git2::Repository, GitError> {
    open_repository(git_dir).map_err(|e| GitError::git(format!("opening {}", git_dir.display()), e))
}

fn not_found(path: &Path, revision: &Revision) -> io::Error {
    io::Error::new(
        io::ErrorKind::NotFound,
        format!("{} does not exist at {}", path.display(), revision.spec),
    )
}

/// Every entry below `prefix`, by path relative to it.
fn walk(tree: &git2::Tree<'_>, prefix: &str) -> Result<Vec<(String, Walked)>, git2::Error> {
    let dir_prefix = if prefix.is_empty() {
        String::new()
    } else {
        format!("{prefix}/")
    };
    let mut out = Vec::new();
    tree.walk(TreeWalkMode::PreOrder, |parent, entry| {
        let Ok(name) = entry.name() else {
            return TreeWalkResult::Skip; // not UTF-8: no source file is named so
        };
        let full = format!("{parent}{name}");
        let rel = if dir_prefix.is_empty() {
            Some(full.as_str())
        } else {
            full.strip_prefix(dir_prefix.as_str())
        };
        let Some(rel) = rel else {
            // Outside the prefix: descend only into directories on the way to it.
            return if dir_prefix.starts_with(&format!("{full}/")) {
                TreeWalkResult::Ok
            } else {
                TreeWalkResult::Skip
            };
        };
        let walked = match entry.kind() {
            Some(ObjectType::Tree) => Walked::Dir,
            Some(ObjectType::Blob) if entry.filemode() == 0o120000 => Walked::Symlink(entry.id()),
            Some(ObjectType::Blob) => Walked::File(entry.id()),
            _ => return TreeWalkResult::Skip, // submodules
        };
        out.push((rel.to_string(), walked));
        TreeWalkResult::Ok
    })?;
    Ok(out)
}

/// The blob a file symlink ends at, following chains inside the tree.
fn follow_symlink(
    repo: &git2::Repository,
    walked: &[(String, Walked)],
    path: &str,
    oid: Oid,
) -> Option<Oid> {
    let (mut path, mut oid) = (path.to_string(), oid);
    for _ in 0..MAX_SYMLINK_HOPS {
        let blob = repo.find_blob(oid).ok()?;
        let target = std::str::from_utf8(blob.content()).ok()?;
        let parent = Path::new(&path).parent().unwrap_or(Path::new(""));
        let next = normalize(&parent.join(target))?;
        let (_, entry) = walked.iter().find(|(p, _)| *p == next)?;
        match entry {
            Walked::File(found) => return Some(*found),
            Walked::Symlink(found) => (path, oid) = (next, *found),
            Walked::Dir => return None,
        }
    }
    None
}

fn add_to_parent(dirs: &mut HashMap<String, Vec<TreeEntry>>, path: &str, kind: EntryKind) {
    let (parent, name) = match path.rsplit_once('/') {
        Some((parent, name)) => (parent, name),
        None => ("", path),
    };
    dirs.entry(parent.to_string()).or_default().push(TreeEntry {
        name: name.to_string(),
        kind,
    });
}

/// A relative path as an index key: `/`-separated, `.` dropped, `..` resolved; `None` when it
/// climbs out of the root or is absolute.
fn normalize(path: &Path) -> Option<String> {
    let mut parts: Vec<String> = Vec::new();
    for component in path.components() {
        match component {
            Component::Normal(s) => parts.push(s.to_str()?.to_string()),
            Component::CurDir => {}
            Component::ParentDir => {
                parts.pop()?;
            }
            Component::RootDir | Component::Prefix(_) => return None,
        }
    }
    Some(parts.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalize_keeps_paths_inside_the_root() {
        assert_eq!(normalize(Path::new("a/./b")).as_deref(), Some("a/b"));
        assert_eq!(normalize(Path::new("a/../b")).as_deref(), Some("b"));
        assert_eq!(normalize(Path::new("")).as_deref(), Some(""));
        assert_eq!(normalize(Path::new("../x")), None);
        assert_eq!(normalize(Path::new("/etc/passwd")), None);
    }
}
