use std::fmt::Write as _;

use super::{is_expr, marker, secret_note, status_text};
use crate::diff::{Change, ChangeKind, ObjectDiff, ObjectKind, Report, ValueKind};

/// A pull request comment: a summary table, then one collapsible `<details>` per object
/// (grouped by team, as the report is sorted), then the rendered files.
pub(super) fn render(report: &Report) -> String {
    let mut out = String::from("## grafcode diff\n\n");
    let _ = writeln!(
        out,
        "Comparing {} with {}.\n",
        code(&report.base),
        code(&report.head)
    );
    if report.is_empty() {
        out.push_str(
            "No changes to dashboards, alert rules, datasources, teams or rendered files.\n",
        );
        return out;
    }
    out.push_str("| | added | removed | modified |\n|---|---:|---:|---:|\n");
    for kind in ObjectKind::ALL {
        let (a, r, m) = report.counts(kind);
        let _ = writeln!(out, "| {} | {a} | {r} | {m} |", kind.plural());
    }
    let count = |status: &str| report.files.iter().filter(|f| f.status == status).count();
    let _ = writeln!(
        out,
        "| Rendered files | {} | {} | {} |\n",
        count("added"),
        count("removed"),
        count("modified")
    );
    for o in &report.objects {
        object(&mut out, o);
    }
    if !report.files.is_empty() {
        let _ = writeln!(
            out,
            "<details>\n<summary>Rendered files: {} changed</summary>\n\n| file | status | lines |\n|---|---|---|",
            report.files.len()
        );
        for f in &report.files {
            let _ = writeln!(
                out,
                "| {} | {} | +{} −{} |",
                code(&f.path),
                f.status,
                f.lines_added,
                f.lines_removed
            );
        }
        out.push_str("\n</details>\n");
    }
    out
}

fn object(out: &mut String, o: &ObjectDiff) {
    let changes = match o.changes.len() {
        0 => String::new(),
        1 => ", 1 change".to_string(),
        n => format!(", {n} changes"),
    };
    let _ = writeln!(
        out,
        "<details>\n<summary><b>{}</b> · {} <b>{}</b> (<code>{}</code>) — {}{changes}</summary>\n",
        html(o.team.as_deref().unwrap_or("org-wide")),
        o.kind.noun(),
        html(&o.title),
        html(&o.key),
        html(&status_text(o)),
    );
    for c in &o.changes {
        change(out, c);
    }
    out.push_str("\n</details>\n\n");
}

fn change(out: &mut String, c: &Change) {
    let head = if c.subject.is_empty() {
        format!("`{}` **{}**", marker(c.kind), md_escape(&c.field))
    } else if c.field.is_empty() {
        format!("`{}` **{}**", marker(c.kind), md_escape(&c.subject))
    } else {
        format!(
            "`{}` **{}** {}",
            marker(c.kind),
            md_escape(&c.subject),
            md_escape(&c.field)
        )
    };
    if c.value == ValueKind::Secret {
        let _ = writeln!(out, "- {head}: {}", secret_note(c.kind));
    } else if is_expr(c) {
        let _ = writeln!(out, "- {head}\n\n  ````diff");
        for (sign, value) in [('-', &c.before), ('+', &c.after)] {
            for line in value.iter().flat_map(|v| v.lines()) {
                let _ = writeln!(out, "  {sign} {line}");
            }
        }
        out.push_str("  ````\n");
    } else {
        let value = match (c.kind, &c.before, &c.after) {
            (ChangeKind::Changed, Some(b), Some(a)) => format!(": {} → {}", code(b), code(a)),
            (ChangeKind::Added, _, Some(a)) => format!(": {}", code(a)),
            (ChangeKind::Removed, Some(b), _) => format!(": {}", code(b)),
            _ => String::new(),
        };
        let _ = writeln!(out, "- {head}{value}");
    }
}

/// Inline code that survives backticks in the value.
fn code(s: &str) -> String {
    if s.contains('`') {
        format!("`` {s} ``")
    } else {
        format!("`{s}`")
    }
}

/// Escapes what Markdown would interpret in bold text.
fn md_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(c, '\\' | '*' | '_' | '`' | '[' | ']' | '<' | '>' | '|') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

fn html(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}
