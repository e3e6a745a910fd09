//! Rendered output files: which are added, removed or modified, and by how many lines.

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

/// One rendered file that differs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FileChange {
    /// Path relative to the output directory.
    pub path: String,
    /// `added`, `removed` or `modified`.
    pub status: &'static str,
    /// Lines only on the head side (counted as a multiset: a moved line is not a change).
    pub lines_added: usize,
    /// Lines only on the base side.
    pub lines_removed: usize,
}

/// The files that differ between two sets of rendered outputs, sorted by path.
pub(super) fn diff_files(
    base: &BTreeMap<String, Vec<u8>>,
    head: &BTreeMap<String, Vec<u8>>,
) -> Vec<FileChange> {
    let mut out = Vec::new();
    for (path, b) in base {
        match head.get(path) {
            Some(h) if h == b => {}
            Some(h) => {
                let (lines_added, lines_removed) = line_counts(b, h);
                out.push(FileChange {
                    path: path.clone(),
                    status: "modified",
                    lines_added,
                    lines_removed,
                });
            }
            None => out.push(FileChange {
                path: path.clone(),
                status: "removed",
                lines_added: 0,
                lines_removed: lines(b).count(),
            }),
        }
    }
    for (path, h) in head {
        if !base.contains_key(path) {
            out.push(FileChange {
                path: path.clone(),
                status: "added",
                lines_added: lines(h).count(),
                lines_removed: 0,
            });
        }
    }
    out.sort_by(|a, b| a.path.cmp(&b.path));
    out
}

fn lines(bytes: &[u8]) -> impl Iterator<Item = &[u8]> {
    bytes.split(|&b| b == b'\n').filter(|l| !l.is_empty())
}

/// (lines only in `head`, lines only in `base`), counting repeats.
fn line_counts(base: &[u8], head: &[u8]) -> (usize, usize) {
    let mut balance: HashMap<&[u8], isize> = HashMap::new();
    for l in lines(base) {
        *balance.entry(l).or_default() -= 1;
    }
    for l in lines(head) {
        *balance.entry(l).or_default() += 1;
    }
    let added = balance
        .values()
        .filter(|&&n| n > 0)
        .map(|&n| n as usize)
        .sum();
    let removed = balance
        .values()
        .filter(|&&n| n < 0)
        .map(|&n| (-n) as usize)
        .sum();
    (added, removed)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(list: &[(&str, &str)]) -> BTreeMap<String, Vec<u8>> {
        list.iter()
            .map(|(p, t)| (p.to_string(), t.as_bytes().to_vec()))
            .collect()
    }

    #[test]
    fn added_removed_and_modified_with_line_counts() {
        let base = files(&[
            ("a.yaml", "x\ny\nz\n"),
            ("gone.yaml", "1\n2\n"),
            ("same", "s\n"),
        ]);
        let head = files(&[
            ("a.yaml", "x\nY\nz\nw\n"),
            ("new.yaml", "n\n"),
            ("same", "s\n"),
        ]);
        let got: Vec<(String, &str, usize, usize)> = diff_files(&base, &head)
            .into_iter()
            .map(|f| (f.path, f.status, f.lines_added, f.lines_removed))
            .collect();
        assert_eq!(
            got,
            vec![
                ("a.yaml".into(), "modified", 2, 1),
                ("gone.yaml".into(), "removed", 0, 2),
                ("new.yaml".into(), "added", 1, 0),
            ]
        );
    }
}
