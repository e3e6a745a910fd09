//! Source files on disk or in git: reading, spans and line/column lookup, templates.

mod file;
mod tree;
pub mod de;
pub mod format;
pub mod yaml;

pub use file::{LineCol, SourceFile};
pub use tree::{DiskTree, EntryKind, SourceTree, TreeEntry};
