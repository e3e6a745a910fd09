//! `--format github`: GitHub Actions workflow commands
//! (`::error file=…,line=…,col=…,endLine=…,endColumn=…,title=…::message`), one per finding, and
//! a markdown table of every finding for `$GITHUB_STEP_SUMMARY` (GitHub shows only the first
//! ten annotations of each severity per step, so the summary carries the full list).
//!
//! Escaping follows the Actions toolkit (`toCommandValue`/`escapeData`/`escapeProperty`): in the
//! message `%`, `\r`, `\n` become `%25`, `%0D`, `%0A`; property values additionally escape `:`
//! and `,` as `%3A` and `%2C`.

use std::fmt::Write as _;

use super::{Diagnostic, Severity};

/// Escapes a command's data (the message after `::`).
pub fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a command property value (`file=`, `title=`, …).
pub fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

fn command(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "notice",
    }
}

/// One workflow command line (without the trailing newline).
pub fn render_one(d: &Diagnostic) -> String {
    let mut props = Vec::new();
    if let Some(label) = &d.label {
        let r = label.region();
        props.push(format!("file={}", escape_property(&label.path())));
        props.push(format!("line={}", r.start_line));
        props.push(format!("col={}", r.start_column));
        props.push(format!("endLine={}", r.end_line));
        props.push(format!("endColumn={}", r.end_column));
    }
    props.push(format!("title={}", escape_property(&d.id)));
    let mut message = d.message.clone();
    if let Some(help) = &d.help {
        message.push_str("\nhelp: ");
        message.push_str(help);
    }
    format!(
        "::{} {}::{}",
        command(d.severity),
        props.join(","),
        escape_data(&message)
    )
}

/// Every finding as a workflow command, one per line.
pub fn render(diags: &[Diagnostic]) -> String {
    let mut out = String::new();
    for d in diags {
        out.push_str(&render_one(d));
        out.push('\n');
    }
    out
}

/// The markdown summary: a count line and a table of every finding.
pub fn step_summary(diags: &[Diagnostic]) -> String {
    let mut out = String::from("## grafcode check\n\n");
    if diags.is_empty() {
        out.push_str("No findings.\n");
        return out;
    }
    let count = |s: Severity| diags.iter().filter(|d| d.severity == s).count();
    let _ = writeln!(
        out,
        "{} error(s), {} warning(s), {} info\n",
        count(Severity::Error),
        count(Severity::Warning),
        count(Severity::Info)
    );
    out.push_str("| severity | check | location | message |\n|---|---|---|---|\n");
    for d in diags {
        let place = match &d.label {
            Some(l) => {
                let r = l.region();
                format!("`{}:{}:{}`", l.path(), r.start_line, r.start_column)
            }
            None => String::new(),
        };
        let _ = writeln!(
            out,
            "| {} | `{}` | {} | {} |",
            d.severity.as_str(),
            d.id,
            place,
            markdown_cell(&d.message)
        );
    }
    out
}

fn markdown_cell(s: &str) -> String {
    s.replace('|', "\\|").replace(['\r', '\n'], " ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::SourceFile;

    #[test]
    fn data_escapes_percent_and_line_breaks_only() {
        assert_eq!(escape_data("100% a:b,c\r\nd"), "100%25 a:b,c%0D%0Ad");
    }

    #[test]
    fn properties_also_escape_colon_and_comma() {
        assert_eq!(escape_property("a:b,c%\n"), "a%3Ab%2Cc%25%0A");
    }

    #[test]
    fn renders_a_full_command() {
        let file = SourceFile::new("teams/a,b/x:y.yaml", "expr: up\n");
        let d = Diagnostic::warning("promql/x", "50% of\nthings: bad, really")
            .at(&file, 6..8)
            .with_help("fix");
        assert_eq!(
            render_one(&d),
            "::warning file=teams/a%2Cb/x%3Ay.yaml,line=1,col=7,endLine=1,endColumn=9,\
             title=promql/x::50%25 of%0Athings: bad, really%0Ahelp: fix"
        );
    }

    #[test]
    fn summary_lists_every_finding() {
        let file = SourceFile::new("a.yaml", "x\n");
        let diags = vec![
            Diagnostic::error("a/b", "one | two").at(&file, 0..1),
            Diagnostic::new(Severity::Info, "c/d", "three"),
        ];
        let s = step_summary(&diags);
        assert!(s.contains("1 error(s), 0 warning(s), 1 info"));
        assert!(s.contains("| error | `a/b` | `a.yaml:1:1` | one \\| two |"));
        assert!(s.contains("| info | `c/d` |  | three |"));
    }
}
