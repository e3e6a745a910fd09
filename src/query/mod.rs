//! PromQL and LogQL front-ends: lexers, parsers and ASTs with byte spans, type checks, Grafana
//! variables as first-class tokens, version awareness, and canonical printers.
//!
//! This module depends on nothing else in the crate. Every span is a byte range into the
//! expression text as written (before any variable substitution).

pub mod logql;
pub mod promql;
pub mod vars;
mod version;

pub use vars::{VarSyntax, VarUse};
pub use version::Version;

use std::ops::Range;

/// A byte range into the expression text.
pub type Span = Range<usize>;

/// The query language of an expression.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Lang {
    /// Prometheus query language.
    PromQL,
    /// Loki query language.
    LogQL,
}

/// A problem with an expression: what is wrong, where, and what to do about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryError {
    /// One sentence, naming what was found and what was expected.
    pub message: String,
    /// The offending bytes (may be empty at end of input).
    pub span: Span,
    /// A hint for a classic mistake, when one applies.
    pub hint: Option<String>,
}

/// What the front-ends accept: the target versions decide which syntax is valid.
#[derive(Debug, Clone)]
pub struct ParseOptions {
    /// Target Prometheus version (default: the newest the parser knows).
    pub prometheus: Version,
    /// Target Loki version (default: the newest the parser knows).
    pub loki: Version,
    /// Maximum nesting depth before the parser gives up with an error.
    pub max_depth: usize,
}

impl Default for ParseOptions {
    fn default() -> Self {
        ParseOptions {
            prometheus: Version::LATEST_PROMETHEUS,
            loki: Version::LATEST_LOKI,
            max_depth: 256,
        }
    }
}

/// The verdict on one expression: its errors (empty when valid) and every variable use.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Checked {
    /// Syntax, type and version errors, in source order.
    pub errors: Vec<QueryError>,
    /// Every Grafana variable used, in source order.
    pub variables: Vec<VarUse>,
}

impl Checked {
    /// True when the expression has no errors.
    pub fn is_valid(&self) -> bool {
        self.errors.is_empty()
    }
}

/// Parses and type-checks `src` in `lang`.
pub fn check(lang: Lang, src: &str, opts: &ParseOptions) -> Checked {
    match lang {
        Lang::PromQL => promql::check(src, opts),
        Lang::LogQL => logql::check(src, opts),
    }
}
