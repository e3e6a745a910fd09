//! Diagnostics: what every stage reports, pointing at the exact source span, and their
//! renderings (text like rustc's; json, github and sarif for machines).

use std::ops::Range;
use std::sync::Arc;

use crate::source::SourceFile;

pub mod github;
pub mod json;
pub mod sarif;
pub mod text;

/// How bad a finding is. Ordered: `Info < Warning < Error`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// Worth knowing; never fails a run by default.
    Info,
    /// Likely a mistake.
    Warning,
    /// Wrong: the output would be broken or rejected.
    Error,
}

impl Severity {
    /// The lowercase name used in every output format.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// A place in a source file: the file and a byte range of its text.
#[derive(Debug, Clone)]
pub struct Label {
    /// The file pointed into.
    pub file: Arc<SourceFile>,
    /// Byte range inside the file's text (may be empty: a point).
    pub span: Range<usize>,
}

/// One finding: an id (`promql/syntax`, `source/unknown-key`, …), a severity, a message, the
/// place it points at (when it has one) and an optional help line.
#[derive(Debug, Clone)]
pub struct Diagnostic {
    /// Stable id of the check or stage that produced it.
    pub id: String,
    /// How bad it is.
    pub severity: Severity,
    /// One sentence saying what is wrong.
    pub message: String,
    /// Where it is, when it is somewhere.
    pub label: Option<Label>,
    /// What to do about it.
    pub help: Option<String>,
}

impl Diagnostic {
    /// An error with the given id and message, pointing nowhere yet.
    pub fn error(id: impl Into<String>, message: impl Into<String>) -> Self {
        Self::new(Severity::Error, id, message)
    }

    /// A warning with the given id and message.
    pub fn warning(id: impl Into<String>, message: impl Into<String>) -> Self {
        Self::new(Severity::Warning, id, message)
    }

    /// A finding of any severity.
    pub fn new(severity: Severity, id: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic {
            id: id.into(),
            severity,
            message: message.into(),
            label: None,
            help: None,
        }
    }

    /// Points the finding at `span` of `file`.
    pub fn at(mut self, file: &Arc<SourceFile>, span: Range<usize>) -> Self {
        self.label = Some(Label {
            file: Arc::clone(file),
            span,
        });
        self
    }

    /// Adds a help line.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// `path:line:col` of the start of the label, or `None`.
    pub fn location(&self) -> Option<String> {
        let label = self.label.as_ref()?;
        let lc = label.file.line_col(label.span.start);
        Some(format!(
            "{}:{}:{}",
            label.file.path().display(),
            lc.line,
            lc.column
        ))
    }

    /// The rustc-like rendering (see [`text::render`]).
    pub fn render_text(&self) -> String {
        text::render(self)
    }
}

/// The 1-based region a label covers: start line/column and the line/column just past its end
/// (columns count characters, as editors and SARIF's `unicodeCodePoints` do).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Region {
    /// First line.
    pub start_line: usize,
    /// First column.
    pub start_column: usize,
    /// Last line.
    pub end_line: usize,
    /// Column after the last character (equal to `start_column` for a point).
    pub end_column: usize,
}

impl Label {
    /// The file path as written in every output format (`/`-separated).
    pub fn path(&self) -> String {
        self.file.path().to_string_lossy().replace('\\', "/")
    }

    /// The region of the span, 1-based, end exclusive.
    pub fn region(&self) -> Region {
        let start = self.file.line_col(self.span.start);
        let end = self.file.line_col(self.span.end.max(self.span.start));
        Region {
            start_line: start.line,
            start_column: start.column,
            end_line: end.line,
            end_column: end.column,
        }
    }
}

/// What a machine-readable report says about a rule: its id, a one-line summary and the help
/// text (SARIF `tool.driver.rules`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleInfo {
    /// Stable id.
    pub id: String,
    /// One line.
    pub summary: String,
    /// The full explanation, markdown.
    pub help: String,
}

/// Sorts findings by file, position, then id, so every output is deterministic.
pub fn sort(diags: &mut [Diagnostic]) {
    diags.sort_by_cached_key(sort_key);
}

fn sort_key(d: &Diagnostic) -> (Option<(String, usize, usize)>, String, String) {
    let place = d
        .label
        .as_ref()
        .map(|l| (l.path(), l.span.start, l.span.end));
    (place, d.id.clone(), d.message.clone())
}
