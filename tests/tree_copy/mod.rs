//! Copying a directory tree into a temp repository, for tests that build or import there.
#![allow(dead_code)] // each test binary uses a different part

use std::path::Path;

/// Copies a directory tree (files and directories only).
pub fn copy_tree(from: &Path, to: &Path) {
    copy_files(from, to, |_| true);
}

/// Copies a directory tree except the files under any `dashboards/` directory (the
/// directories themselves are made), so an import can write them afresh.
pub fn copy_tree_without_dashboards(from: &Path, to: &Path) {
    copy_files(from, to, |rel| {
        !rel.components().any(|c| c.as_os_str() == "dashboards")
    });
}

fn copy_files(from: &Path, to: &Path, keep_file: impl Fn(&Path) -> bool) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.expect("walk");
        let rel = entry.path().strip_prefix(from).expect("under from");
        let dest = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&dest).expect("mkdir");
        } else if keep_file(rel) {
            std::fs::copy(entry.path(), &dest).expect("copy");
        }
    }
}
