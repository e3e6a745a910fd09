use std::io;
use std::path::{Path, PathBuf};

/// What a directory entry is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntryKind {
    /// A regular file (or a symlink to one, on disk).
    File,
    /// A directory.
    Dir,
}

/// One entry of a directory listing: its name and kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TreeEntry {
    /// The file name (no directory part).
    pub name: String,
    /// File or directory.
    pub kind: EntryKind,
}

/// A read-only file tree rooted at the monorepo root: the work tree on disk, or a git tree at
/// some revision (`crate::git`). The loader reads only through this, so a build of a base
/// revision never touches the work tree. Paths are relative to the root, `/`-separated.
pub trait SourceTree: Sync {
    /// The bytes of a file.
    fn read(&self, path: &Path) -> io::Result<Vec<u8>>;
    /// The entries of a directory, sorted by name. A missing directory is `NotFound`.
    fn list(&self, dir: &Path) -> io::Result<Vec<TreeEntry>>;
    /// Whether a file or directory exists at `path`.
    fn exists(&self, path: &Path) -> bool;
    /// A human-readable name of the root, for messages (a directory path or `git:REV`).
    fn describe(&self) -> String;
}

/// The work tree on disk.
#[derive(Debug, Clone)]
pub struct DiskTree {
    root: PathBuf,
}

impl DiskTree {
    /// A tree rooted at `root`.
    pub fn new(root: impl Into<PathBuf>) -> Self {
        DiskTree { root: root.into() }
    }

    /// The root directory.
    pub fn root(&self) -> &Path {
        &self.root
    }
}

impl SourceTree for DiskTree {
    fn read(&self, path: &Path) -> io::Result<Vec<u8>> {
        std::fs::read(self.root.join(path))
    }

    fn list(&self, dir: &Path) -> io::Result<Vec<TreeEntry>> {
        let mut entries = Vec::new();
        for entry in std::fs::read_dir(self.root.join(dir))? {
            let entry = entry?;
            // Follow symlinks: a linked file counts as a file.
            let meta = std::fs::metadata(entry.path())?;
            let kind = if meta.is_dir() {
                EntryKind::Dir
            } else {
                EntryKind::File
            };
            entries.push(TreeEntry {
                name: entry.file_name().to_string_lossy().into_owned(),
                kind,
            });
        }
        entries.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(entries)
    }

    fn exists(&self, path: &Path) -> bool {
        self.root.join(path).exists()
    }

    fn describe(&self) -> String {
        self.root.display().to_string()
    }
}
