//! Source files on disk or in git: reading, spans and line/column lookup, templates.

pub mod de;
mod file;
pub mod format;
mod tree;
pub mod yaml;

pub use file::{LineCol, SourceFile};
pub use tree::{DiskTree, EntryKind, SourceTree, TreeEntry};
