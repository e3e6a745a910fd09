//! Printing a [`Report`]: `text` (for terminals, coloured on a TTY), `markdown` (a pull
//! request comment) and `json` (for machines).

mod markdown;
mod text;

use super::{Change, ChangeKind, ObjectDiff, Report, ValueKind};

/// An output format of `grafcode diff`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Format {
    /// Human-readable lines, coloured on a terminal.
    #[default]
    Text,
    /// A pull request comment: summary table and one collapsible section per object.
    Markdown,
    /// The report as JSON.
    Json,
}

/// Renders `report` in `format`; `color` applies to text only.
pub fn render(report: &Report, format: Format, color: bool) -> String {
    match format {
        Format::Text => text::render(report, color),
        Format::Markdown => markdown::render(report),
        Format::Json => {
            let mut s = serde_json::to_string_pretty(report).unwrap_or_default();
            s.push('\n');
            s
        }
    }
}

/// `subject: field`, or whichever of them is present.
fn heading(change: &Change) -> String {
    match (change.subject.is_empty(), change.field.is_empty()) {
        (true, _) => change.field.clone(),
        (false, true) => change.subject.clone(),
        (false, false) => format!("{} {}", change.subject, change.field),
    }
}

/// `+`, `-` or `~`.
fn marker(kind: ChangeKind) -> char {
    match kind {
        ChangeKind::Added => '+',
        ChangeKind::Removed => '-',
        ChangeKind::Changed => '~',
    }
}

/// What a secret change says instead of its values.
fn secret_note(kind: ChangeKind) -> &'static str {
    match kind {
        ChangeKind::Added => "(secret set)",
        ChangeKind::Removed => "(secret removed)",
        ChangeKind::Changed => "(secret changed)",
    }
}

/// `api · dashboard "HTTP API" (uid http-api)`, or `org-wide · …`.
fn object_title(o: &ObjectDiff) -> String {
    format!(
        "{} · {} {:?} ({})",
        o.team.as_deref().unwrap_or("org-wide"),
        o.kind.noun(),
        o.title,
        o.key
    )
}

/// `modified`, `renamed from "Old"`, …
fn status_text(o: &ObjectDiff) -> String {
    match &o.status {
        super::Status::Renamed { from } => format!("renamed from {from:?}"),
        other => other.as_str().to_string(),
    }
}

/// Whether a change shows its values as expression lines.
fn is_expr(change: &Change) -> bool {
    change.value == ValueKind::Expr
}

#[cfg(test)]
mod tests;
