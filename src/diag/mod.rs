//! Diagnostics: what every stage reports, pointing at the exact source span, and their
//! renderings (text like rustc's; json, github and sarif for machines).

use std::fmt::Write as _;
use std::ops::Range;
use std::sync::Arc;

use crate::source::SourceFile;

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

    /// A short rustc-like rendering: header, location, the source line and a caret line.
    pub fn render_text(&self) -> String {
        let mut out = format!(
            "{}[{}]: {}\n",
            self.severity.as_str(),
            self.id,
            self.message
        );
        if let Some(label) = &self.label {
            let start = label.file.line_col(label.span.start);
            let line = label.file.line_text(start.line);
            let gutter = start.line.to_string().len();
            let _ = writeln!(
                out,
                "{:gutter$}--> {}",
                "",
                self.location().unwrap_or_default()
            );
            let _ = writeln!(out, "{:gutter$} |", "");
            let _ = writeln!(out, "{} | {}", start.line, line);
            let end = label.file.line_col(label.span.end.max(label.span.start));
            let width = if end.line == start.line {
                end.column.saturating_sub(start.column).max(1)
            } else {
                line.chars().count().saturating_sub(start.column - 1).max(1)
            };
            let _ = writeln!(
                out,
                "{:gutter$} | {}{}",
                "",
                " ".repeat(start.column - 1),
                "^".repeat(width)
            );
        }
        if let Some(help) = &self.help {
            let _ = writeln!(out, "  = help: {help}");
        }
        out
    }
}
