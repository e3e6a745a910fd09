//! Writing the output tree all-or-nothing, and comparing it with what is on disk (the
//! `build --check` drift gate).
//!
//! The output directory belongs to grafcode: [`write_tree`] replaces it as a whole, so files
//! not in the new output disappear, and [`check_tree`] reports them as extra.

use std::fmt;
use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};

use super::OutputFile;

/// Why the tree could not be written or read.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    /// An output path is absolute, empty or leaves the output directory.
    #[error("invalid output path {0:?}: must be relative, without `..`")]
    InvalidPath(PathBuf),
    /// The output directory has no usable name (`/`, `..`) or is not a directory.
    #[error("invalid output directory {0:?}")]
    InvalidOutDir(PathBuf),
    /// A file system operation failed.
    #[error("{op} {path}: {source}")]
    Io {
        /// What was being done.
        op: &'static str,
        /// On which path.
        path: PathBuf,
        /// The error.
        source: io::Error,
    },
}

fn io_err(op: &'static str, path: &Path) -> impl FnOnce(io::Error) -> WriteError + use<> {
    let path = path.to_path_buf();
    move |source| WriteError::Io { op, path, source }
}

/// How a file on disk differs from the build.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum DriftKind {
    /// Built but not on disk.
    Missing,
    /// On disk with other bytes.
    Differs,
    /// On disk but not built (stale output).
    Extra,
}

/// One drifted file.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Drift {
    /// Path relative to the output directory.
    pub path: PathBuf,
    /// How it drifted.
    pub kind: DriftKind,
}

impl fmt::Display for Drift {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = match self.kind {
            DriftKind::Missing => "missing (not on disk)",
            DriftKind::Differs => "differs from the build",
            DriftKind::Extra => "extra (no longer built)",
        };
        write!(f, "{}: {what}", self.path.display())
    }
}

/// Checks that `path` is relative and made of normal components only.
fn validate(path: &Path) -> Result<(), WriteError> {
    let ok = path.components().next().is_some()
        && path.components().all(|c| matches!(c, Component::Normal(_)));
    if ok {
        Ok(())
    } else {
        Err(WriteError::InvalidPath(path.to_path_buf()))
    }
}

/// Writes `files` as the whole content of `out_dir`: first into a new hidden directory beside
/// it, then swapped in by two renames. If anything fails before the swap, the temporary
/// directory is removed and an existing `out_dir` is left untouched.
pub fn write_tree(out_dir: &Path, files: &[OutputFile]) -> Result<(), WriteError> {
    for f in files {
        validate(&f.path)?;
    }
    let name = out_dir
        .file_name()
        .ok_or_else(|| WriteError::InvalidOutDir(out_dir.to_path_buf()))?;
    if out_dir.exists() && !out_dir.is_dir() {
        return Err(WriteError::InvalidOutDir(out_dir.to_path_buf()));
    }
    let parent = match out_dir.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    fs::create_dir_all(&parent).map_err(io_err("create", &parent))?;
    let tmp = fresh_dir(
        &parent,
        &format!(".{}.grafcode-new", name.to_string_lossy()),
    )?;
    if let Err(e) = fill(&tmp, files) {
        let _ = fs::remove_dir_all(&tmp);
        return Err(e);
    }
    swap_in(&tmp, out_dir, &parent, &name.to_string_lossy())
}

/// Creates a new, empty directory `<parent>/<stem>-<pid>-<n>` that did not exist before.
fn fresh_dir(parent: &Path, stem: &str) -> Result<PathBuf, WriteError> {
    let pid = std::process::id();
    for n in 0..1000 {
        let dir = parent.join(format!("{stem}-{pid}-{n}"));
        match fs::create_dir(&dir) {
            Ok(()) => return Ok(dir),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(io_err("create", &dir)(e)),
        }
    }
    Err(WriteError::InvalidOutDir(parent.join(stem)))
}

fn fill(root: &Path, files: &[OutputFile]) -> Result<(), WriteError> {
    for f in files {
        let path = root.join(&f.path);
        if let Some(dir) = path.parent() {
            fs::create_dir_all(dir).map_err(io_err("create", dir))?;
        }
        fs::write(&path, &f.bytes).map_err(io_err("write", &path))?;
    }
    Ok(())
}

/// Moves the old tree aside, the new one in, and deletes the old one. If the second rename
/// fails the old tree is moved back.
fn swap_in(tmp: &Path, out_dir: &Path, parent: &Path, name: &str) -> Result<(), WriteError> {
    if !out_dir.exists() {
        return fs::rename(tmp, out_dir).map_err(|e| {
            let _ = fs::remove_dir_all(tmp);
            io_err("rename into", out_dir)(e)
        });
    }
    let old = fresh_dir(parent, &format!(".{name}.grafcode-old"))?;
    // `rename` onto an existing empty directory replaces it on Unix.
    if let Err(e) = fs::rename(out_dir, &old) {
        let _ = fs::remove_dir_all(tmp);
        let _ = fs::remove_dir(&old);
        return Err(io_err("move aside", out_dir)(e));
    }
    if let Err(e) = fs::rename(tmp, out_dir) {
        let _ = fs::rename(&old, out_dir);
        let _ = fs::remove_dir_all(tmp);
        return Err(io_err("rename into", out_dir)(e));
    }
    // The new tree is in place; a leftover old tree is only garbage.
    let _ = fs::remove_dir_all(&old);
    Ok(())
}

/// Compares `files` with the content of `out_dir`: every built file missing or with other
/// bytes, and every file on disk that is not built, sorted by path. A missing `out_dir`
/// means every file is missing.
pub fn check_tree(out_dir: &Path, files: &[OutputFile]) -> Result<Vec<Drift>, WriteError> {
    for f in files {
        validate(&f.path)?;
    }
    let mut drift = Vec::new();
    let mut built = std::collections::BTreeSet::new();
    for f in files {
        built.insert(f.path.clone());
        let path = out_dir.join(&f.path);
        match fs::read(&path) {
            Ok(bytes) if bytes == f.bytes => {}
            Ok(_) => drift.push(Drift {
                path: f.path.clone(),
                kind: DriftKind::Differs,
            }),
            Err(e)
                if matches!(
                    e.kind(),
                    io::ErrorKind::NotFound | io::ErrorKind::NotADirectory
                ) =>
            {
                drift.push(Drift {
                    path: f.path.clone(),
                    kind: DriftKind::Missing,
                })
            }
            Err(e) if path.is_dir() => {
                let _ = e;
                drift.push(Drift {
                    path: f.path.clone(),
                    kind: DriftKind::Differs,
                })
            }
            Err(e) => return Err(io_err("read", &path)(e)),
        }
    }
    if out_dir.is_dir() {
        for entry in walkdir::WalkDir::new(out_dir).sort_by_file_name() {
            let entry = entry.map_err(|e| WriteError::Io {
                op: "list",
                path: e.path().unwrap_or(out_dir).to_path_buf(),
                source: e
                    .into_io_error()
                    .unwrap_or_else(|| io::Error::other("file system loop")),
            })?;
            if entry.file_type().is_dir() {
                continue;
            }
            let rel = entry
                .path()
                .strip_prefix(out_dir)
                .map(Path::to_path_buf)
                .unwrap_or_else(|_| entry.path().to_path_buf());
            if !built.contains(&rel) {
                drift.push(Drift {
                    path: rel,
                    kind: DriftKind::Extra,
                });
            }
        }
    }
    drift.sort();
    Ok(drift)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(list: &[(&str, &str)]) -> Vec<OutputFile> {
        list.iter()
            .map(|(p, b)| OutputFile::new(*p, b.as_bytes().to_vec()))
            .collect()
    }

    fn read_tree(dir: &Path) -> Vec<(String, String)> {
        let mut out: Vec<(String, String)> = walkdir::WalkDir::new(dir)
            .sort_by_file_name()
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                (
                    e.path().strip_prefix(dir).unwrap().display().to_string(),
                    fs::read_to_string(e.path()).unwrap(),
                )
            })
            .collect();
        out.sort();
        out
    }

    fn siblings(parent: &Path) -> Vec<String> {
        let mut v: Vec<String> = fs::read_dir(parent)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    }

    #[test]
    fn writes_then_replaces_the_whole_tree() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("out");
        write_tree(&out, &files(&[("a/x.json", "1"), ("b.yaml", "2")])).unwrap();
        assert_eq!(
            read_tree(&out),
            [
                ("a/x.json".into(), "1".into()),
                ("b.yaml".into(), "2".into())
            ]
        );
        write_tree(&out, &files(&[("b.yaml", "3")])).unwrap();
        assert_eq!(read_tree(&out), [("b.yaml".into(), "3".into())]);
        assert_eq!(
            siblings(tmp.path()),
            ["out"],
            "no temporary directories left"
        );
    }

    #[test]
    fn failure_leaves_existing_output_untouched() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("out");
        write_tree(&out, &files(&[("keep.yaml", "old")])).unwrap();
        // `a` is a file, so `a/b` cannot be written: the build fails half-way.
        let err = write_tree(&out, &files(&[("a", "x"), ("a/b", "y")])).unwrap_err();
        assert!(matches!(err, WriteError::Io { .. }), "{err}");
        assert_eq!(read_tree(&out), [("keep.yaml".into(), "old".into())]);
        assert_eq!(siblings(tmp.path()), ["out"]);
    }

    #[test]
    fn paths_leaving_the_tree_are_rejected_before_writing() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("out");
        for bad in ["../evil", "/abs", "a/../../b", ""] {
            let err = write_tree(&out, &files(&[("ok", "1"), (bad, "2")])).unwrap_err();
            assert!(matches!(err, WriteError::InvalidPath(_)), "{bad}: {err}");
        }
        assert!(!out.exists());
        assert!(siblings(tmp.path()).is_empty());
    }

    #[test]
    fn check_names_every_drifted_file() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("out");
        let built = files(&[("same", "1"), ("changed", "2"), ("new/file", "3")]);
        assert_eq!(
            check_tree(&out, &built).unwrap().len(),
            3,
            "missing dir: all missing"
        );
        write_tree(
            &out,
            &files(&[("same", "1"), ("changed", "old"), ("stale/x", "4")]),
        )
        .unwrap();
        let drift = check_tree(&out, &built).unwrap();
        let got: Vec<String> = drift.iter().map(ToString::to_string).collect();
        assert_eq!(
            got,
            [
                "changed: differs from the build",
                "new/file: missing (not on disk)",
                "stale/x: extra (no longer built)"
            ]
        );
        write_tree(&out, &built).unwrap();
        assert!(check_tree(&out, &built).unwrap().is_empty());
    }
}
