//! Locating the shared real-world corpus from integration tests.

use std::path::{Path, PathBuf};

/// The corpus root (`$GRAFCODE_CORPUS`, else `../shared/corpus` beside the crate) when its
/// `subdir` exists (`""` for the root itself). When absent: a panic if
/// `GRAFCODE_REQUIRE_CORPUS=1` (CI), else a "skipped" line and `None`.
pub fn corpus(subdir: &str) -> Option<PathBuf> {
    let dir = std::env::var_os("GRAFCODE_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus"));
    if dir.join(subdir).is_dir() {
        return Some(dir);
    }
    if std::env::var("GRAFCODE_REQUIRE_CORPUS").as_deref() == Ok("1") {
        panic!(
            "corpus required but absent at {}",
            dir.join(subdir).display()
        );
    }
    eprintln!("corpus absent at {}, skipped", dir.join(subdir).display());
    None
}
