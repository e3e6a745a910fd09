use std::fmt::Write as _;

use super::{heading, is_expr, marker, object_title, secret_note, status_text};
use crate::diff::{Change, ChangeKind, Report, ValueKind};

const RED: &str = "\x1b[31m";
const GREEN: &str = "\x1b[32m";
const YELLOW: &str = "\x1b[33m";
const BOLD: &str = "\x1b[1m";
const RESET: &str = "\x1b[0m";

/// Paints with ANSI colours only when asked.
struct Paint {
    on: bool,
}

impl Paint {
    fn paint(&self, style: &str, text: &str) -> String {
        if self.on {
            format!("{style}{text}{RESET}")
        } else {
            text.to_string()
        }
    }

    fn for_kind(&self, kind: ChangeKind, text: &str) -> String {
        let style = match kind {
            ChangeKind::Added => GREEN,
            ChangeKind::Removed => RED,
            ChangeKind::Changed => YELLOW,
        };
        self.paint(style, text)
    }
}

/// Nothing at all when the report is empty (like `git diff`).
pub(super) fn render(report: &Report, color: bool) -> String {
    let p = Paint { on: color };
    let mut out = String::new();
    if report.is_empty() {
        return out;
    }
    let _ = writeln!(
        out,
        "grafcode diff {} → {}: {} object(s), {} rendered file(s) changed",
        report.base,
        report.head,
        report.objects.len(),
        report.files.len()
    );
    for o in &report.objects {
        let _ = writeln!(
            out,
            "\n{} {}",
            p.paint(BOLD, &object_title(o)),
            status_text(o)
        );
        for c in &o.changes {
            change(&mut out, &p, c);
        }
    }
    if !report.files.is_empty() {
        let _ = writeln!(out, "\n{}", p.paint(BOLD, "rendered files"));
        for f in &report.files {
            let (mark, kind) = match f.status {
                "added" => ("A", ChangeKind::Added),
                "removed" => ("D", ChangeKind::Removed),
                _ => ("M", ChangeKind::Changed),
            };
            let _ = writeln!(
                out,
                "  {} {} (+{} -{})",
                p.for_kind(kind, mark),
                f.path,
                f.lines_added,
                f.lines_removed
            );
        }
    }
    out
}

fn change(out: &mut String, p: &Paint, c: &Change) {
    let mark = p.for_kind(c.kind, &marker(c.kind).to_string());
    let head = heading(c);
    if c.value == ValueKind::Secret {
        let _ = writeln!(out, "  {mark} {head}: {}", secret_note(c.kind));
    } else if is_expr(c) {
        let _ = writeln!(out, "  {mark} {head}:");
        for (sign, value) in [('-', &c.before), ('+', &c.after)] {
            let kind = if sign == '-' {
                ChangeKind::Removed
            } else {
                ChangeKind::Added
            };
            for line in value.iter().flat_map(|v| v.lines()) {
                let _ = writeln!(out, "      {}", p.for_kind(kind, &format!("{sign} {line}")));
            }
        }
    } else {
        let value = match (c.kind, &c.before, &c.after) {
            (ChangeKind::Changed, Some(b), Some(a)) => format!(": {b} → {a}"),
            (_, _, Some(a)) if c.kind == ChangeKind::Added => format!(": {a}"),
            (_, Some(b), _) if c.kind == ChangeKind::Removed => format!(": {b}"),
            _ => String::new(),
        };
        let _ = writeln!(out, "  {mark} {head}{value}");
    }
}
