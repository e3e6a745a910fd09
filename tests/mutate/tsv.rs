//! The corpus' TSV format: header line, PostgreSQL-COPY escaping (`\\`, `\t`, `\n`, `\r`).

use std::collections::HashMap;
use std::path::Path;

/// Undoes the escaping of one field.
pub fn unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('\\') => out.push('\\'),
            Some('t') => out.push('\t'),
            Some('n') => out.push('\n'),
            Some('r') => out.push('\r'),
            Some(o) => {
                out.push('\\');
                out.push(o);
            }
            None => out.push('\\'),
        }
    }
    out
}

/// Escapes one field.
pub fn escape(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('\t', "\\t")
        .replace('\n', "\\n")
        .replace('\r', "\\r")
}

/// Reads a TSV into rows keyed by column name.
pub fn read(path: &Path) -> Vec<HashMap<String, String>> {
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let mut lines = text.lines();
    let header: Vec<String> = lines
        .next()
        .unwrap_or("")
        .split('\t')
        .map(str::to_string)
        .collect();
    lines
        .filter(|l| !l.is_empty())
        .map(|l| {
            header
                .iter()
                .cloned()
                .zip(l.split('\t').map(unescape))
                .collect()
        })
        .collect()
}

/// Writes rows with the given columns.
pub fn write(path: &Path, header: &[&str], rows: &[Vec<String>]) {
    let mut out = header.join("\t");
    out.push('\n');
    for r in rows {
        let fields: Vec<String> = r.iter().map(|f| escape(f)).collect();
        out.push_str(&fields.join("\t"));
        out.push('\n');
    }
    std::fs::write(path, out).unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
}
