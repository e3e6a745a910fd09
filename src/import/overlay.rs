//! A source tree with files added in memory over a base tree: what the repository will look
//! like once the import is written, so it can be compiled (for `raw:` patches and
//! `--verify`) before anything touches the disk.

use std::collections::BTreeMap;
use std::io;
use std::path::{Path, PathBuf};

use crate::source::{EntryKind, SourceTree, TreeEntry};

/// In-memory files over an optional base tree (files here win).
pub struct Overlay<'a> {
    base: Option<&'a dyn SourceTree>,
    files: BTreeMap<PathBuf, Vec<u8>>,
}

impl<'a> Overlay<'a> {
    /// An overlay over `base` (or over nothing).
    pub fn new(base: Option<&'a dyn SourceTree>) -> Self {
        Overlay {
            base,
            files: BTreeMap::new(),
        }
    }

    /// Adds or replaces a file (`/`-separated path relative to the root).
    pub fn insert(&mut self, path: impl Into<PathBuf>, text: impl Into<Vec<u8>>) {
        self.files.insert(path.into(), text.into());
    }

    /// Removes an added file.
    pub fn remove(&mut self, path: &Path) {
        self.files.remove(path);
    }

    /// Whether a file was added at `path`.
    pub fn has_added(&self, path: &Path) -> bool {
        self.files.contains_key(path)
    }
}

impl SourceTree for Overlay<'_> {
    fn read(&self, path: &Path) -> io::Result<Vec<u8>> {
        match self.files.get(path) {
            Some(b) => Ok(b.clone()),
            None => match self.base {
                Some(base) => base.read(path),
                None => Err(io::Error::new(io::ErrorKind::NotFound, "no such file")),
            },
        }
    }

    fn list(&self, dir: &Path) -> io::Result<Vec<TreeEntry>> {
        let mut entries: BTreeMap<String, EntryKind> = BTreeMap::new();
        let mut found = false;
        if let Some(base) = self.base {
            match base.list(dir) {
                Ok(list) => {
                    found = true;
                    for e in list {
                        entries.insert(e.name, e.kind);
                    }
                }
                Err(e) if e.kind() == io::ErrorKind::NotFound => {}
                Err(e) => return Err(e),
            }
        }
        for path in self.files.keys() {
            let Ok(rest) = path.strip_prefix(dir) else {
                continue;
            };
            let mut parts = rest.components();
            let Some(first) = parts.next() else {
                continue;
            };
            found = true;
            let name = first.as_os_str().to_string_lossy().into_owned();
            let kind = if parts.next().is_some() {
                EntryKind::Dir
            } else {
                EntryKind::File
            };
            entries.insert(name, kind);
        }
        if !found {
            return Err(io::Error::new(io::ErrorKind::NotFound, "no such directory"));
        }
        Ok(entries
            .into_iter()
            .map(|(name, kind)| TreeEntry { name, kind })
            .collect())
    }

    fn exists(&self, path: &Path) -> bool {
        self.files.contains_key(path)
            || self.files.keys().any(|p| p.starts_with(path))
            || self.base.is_some_and(|b| b.exists(path))
    }

    fn describe(&self) -> String {
        match self.base {
            Some(b) => format!("{} (with imported files)", b.describe()),
            None => "imported files".into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_added_files_and_directories_over_the_base() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("teams/a")).unwrap();
        std::fs::write(dir.path().join("teams/a/team.yaml"), "{}").unwrap();
        let base = crate::source::DiskTree::new(dir.path());
        let mut o = Overlay::new(Some(&base));
        o.insert("teams/b/dashboards/x.yaml", "title: X\n");
        let names: Vec<(String, EntryKind)> = o
            .list(Path::new("teams"))
            .unwrap()
            .into_iter()
            .map(|e| (e.name, e.kind))
            .collect();
        assert_eq!(
            names,
            vec![("a".into(), EntryKind::Dir), ("b".into(), EntryKind::Dir)]
        );
        assert_eq!(
            o.read(Path::new("teams/b/dashboards/x.yaml")).unwrap(),
            b"title: X\n"
        );
        assert!(o.exists(Path::new("teams/b")));
        assert!(o.list(Path::new("nope")).is_err());
        assert_eq!(o.read(Path::new("teams/a/team.yaml")).unwrap(), b"{}");
    }
}
