//! The human rendering, like rustc's: a header with severity and id, `--> file:line:col`, the
//! source line, a caret line under the exact span, and a help line.

use std::fmt::Write as _;

use super::{Diagnostic, Severity};

/// Renders one finding.
pub fn render(d: &Diagnostic) -> String {
    let mut out = format!("{}[{}]: {}\n", d.severity.as_str(), d.id, d.message);
    if let Some(label) = &d.label {
        let region = label.region();
        let line = label.file.line_text(region.start_line);
        let gutter = region.start_line.to_string().len();
        let _ = writeln!(
            out,
            "{:gutter$}--> {}:{}:{}",
            "",
            label.path(),
            region.start_line,
            region.start_column
        );
        let _ = writeln!(out, "{:gutter$} |", "");
        let _ = writeln!(out, "{} | {}", region.start_line, expand_tabs(line));
        let line_chars = line.chars().count();
        let width = if region.end_line == region.start_line {
            region.end_column.saturating_sub(region.start_column)
        } else {
            // A span over several lines: underline to the end of its first line.
            (line_chars + 1).saturating_sub(region.start_column)
        }
        .max(1);
        // Tabs before the span widen the indent the same way they widen the line.
        let indent: usize = line
            .chars()
            .take(region.start_column.saturating_sub(1))
            .map(|c| if c == '\t' { 4 } else { 1 })
            .sum();
        let _ = writeln!(
            out,
            "{:gutter$} | {}{}",
            "",
            " ".repeat(indent),
            "^".repeat(width)
        );
    }
    if let Some(help) = &d.help {
        let _ = writeln!(out, "  = help: {help}");
    }
    out
}

/// Renders every finding, a blank line between them, then a summary line.
pub fn render_all(diags: &[Diagnostic]) -> String {
    let mut out = String::new();
    for d in diags {
        out.push_str(&render(d));
        out.push('\n');
    }
    let count = |s: Severity| diags.iter().filter(|d| d.severity == s).count();
    let _ = writeln!(
        out,
        "{} error(s), {} warning(s), {} info",
        count(Severity::Error),
        count(Severity::Warning),
        count(Severity::Info)
    );
    out
}

fn expand_tabs(line: &str) -> String {
    line.replace('\t', "    ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::SourceFile;

    #[test]
    fn caret_sits_under_the_span() {
        let file = SourceFile::new("a.yaml", "groups:\n  expr: rate(x[5m) > 1\n");
        let d = Diagnostic::error("promql/syntax", "unclosed bracket")
            .at(&file, 21..22)
            .with_help("close it with `]`");
        let text = render(&d);
        assert_eq!(
            text,
            "error[promql/syntax]: unclosed bracket\n \
             --> a.yaml:2:14\n  |\n2 |   expr: rate(x[5m) > 1\n  |              ^\n  \
             = help: close it with `]`\n"
        );
    }

    #[test]
    fn multi_line_span_underlines_to_end_of_first_line() {
        let file = SourceFile::new("a.yaml", "ab\ncd\n");
        let d = Diagnostic::warning("x/y", "m").at(&file, 1..4);
        assert!(render(&d).contains("1 | ab\n  |  ^\n"), "{}", render(&d));
    }
}
