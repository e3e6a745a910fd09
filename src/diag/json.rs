//! `--format json`: a JSON array of findings, each
//! `{"id","severity","file","line","column","end_line","end_column","message"}` with 1-based
//! lines and columns (`end_column` is the column just past the span, as in SARIF). Findings
//! that point nowhere have `null` file and positions.

use serde_json::{Value, json};

use super::Diagnostic;

/// One finding as a JSON object.
pub fn to_value(d: &Diagnostic) -> Value {
    match &d.label {
        Some(label) => {
            let r = label.region();
            json!({
                "id": d.id,
                "severity": d.severity.as_str(),
                "file": label.path(),
                "line": r.start_line,
                "column": r.start_column,
                "end_line": r.end_line,
                "end_column": r.end_column,
                "message": d.message,
            })
        }
        None => json!({
            "id": d.id,
            "severity": d.severity.as_str(),
            "file": null,
            "line": null,
            "column": null,
            "end_line": null,
            "end_column": null,
            "message": d.message,
        }),
    }
}

/// One finding as written by [`render`]: the fields of [`to_value`], in its order, borrowed.
#[derive(serde::Serialize)]
struct Finding<'a> {
    id: &'a str,
    severity: &'a str,
    file: Option<String>,
    line: Option<usize>,
    column: Option<usize>,
    end_line: Option<usize>,
    end_column: Option<usize>,
    message: &'a str,
}

impl<'a> Finding<'a> {
    fn of(d: &'a Diagnostic) -> Self {
        let at = d.label.as_ref().map(|l| (l.path(), l.region()));
        Finding {
            id: &d.id,
            severity: d.severity.as_str(),
            line: at.as_ref().map(|(_, r)| r.start_line),
            column: at.as_ref().map(|(_, r)| r.start_column),
            end_line: at.as_ref().map(|(_, r)| r.end_line),
            end_column: at.as_ref().map(|(_, r)| r.end_column),
            file: at.map(|(p, _)| p),
            message: &d.message,
        }
    }
}

/// The whole report, pretty-printed, with a trailing newline.
pub fn render(diags: &[Diagnostic]) -> String {
    let findings: Vec<Finding<'_>> = diags.iter().map(Finding::of).collect();
    let mut out = serde_json::to_string_pretty(&findings).unwrap_or_else(|_| "[]".to_string());
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::SourceFile;

    #[test]
    fn positions_are_one_based_and_end_exclusive() {
        let file = SourceFile::new("d.json", "{\n  \"expr\": \"sum(é x)\"\n}\n");
        // `x` is at byte 20 (after the two-byte `é`): column 18.
        let d = Diagnostic::error("promql/syntax", "unexpected identifier").at(&file, 20..21);
        let v = to_value(&d);
        assert_eq!(v["line"], 2);
        assert_eq!(v["column"], 18);
        assert_eq!(v["end_line"], 2);
        assert_eq!(v["end_column"], 19);
        assert_eq!(v["file"], "d.json");
        let none = to_value(&Diagnostic::warning("a/b", "m"));
        assert_eq!(none["line"], Value::Null);
    }

    #[test]
    fn render_writes_the_objects_of_to_value_byte_for_byte() {
        let file = SourceFile::new("d.json", "{\n  \"expr\": \"sum(é x)\"\n}\n");
        let diags = [
            Diagnostic::error("promql/syntax", "unexpected \"x\"\n").at(&file, 20..21),
            Diagnostic::warning("a/b", "m"),
        ];
        let values = Value::Array(diags.iter().map(to_value).collect());
        let expected = serde_json::to_string_pretty(&values).unwrap() + "\n";
        assert_eq!(render(&diags), expected);
    }
}
