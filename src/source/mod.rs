//! Source files on disk or in git: reading, spans and line/column lookup, templates.

mod file;
mod tree;

pub use file::{LineCol, SourceFile};
pub use tree::{DiskTree, EntryKind, SourceTree, TreeEntry};
