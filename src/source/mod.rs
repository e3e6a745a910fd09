//! Source files on disk or in git: reading, spans and line/column lookup, templates.
//!
//! [`yaml`] parses YAML into a span-carrying node tree, [`de`] reads node trees into the typed
//! [`format`] of each file with spanned errors, [`template`] renders library templates, and
//! [`load`] reads a whole monorepo through a [`SourceTree`].

pub mod de;
mod file;
pub mod format;
pub mod load;
pub mod template;
mod tree;
pub mod yaml;

pub use file::{LineCol, SourceFile};
pub use load::{Doc, LoadError, Repo, Team, load};
pub use tree::{DiskTree, EntryKind, SourceTree, TreeEntry};
