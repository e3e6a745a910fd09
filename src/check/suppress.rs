//! Suppression comments in YAML: `# grafcode-disable ID[, ID…] -- reason` on the line of a
//! finding, or alone on the line above it, silences those checks there. `*` silences all.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use crate::diag::Diagnostic;
use crate::source::SourceFile;

const MARKER: &str = "# grafcode-disable ";

/// The disable comments of a set of files: (file, line) → ids.
#[derive(Debug, Default)]
pub struct Comments {
    by_line: HashMap<(PathBuf, usize), Vec<String>>,
}

/// The ids a comment line disables, or `None` when it has no disable comment.
pub fn parse_line(line: &str) -> Option<Vec<String>> {
    let at = line.find(MARKER)?;
    let rest = &line[at + MARKER.len()..];
    let ids = rest.split(" -- ").next().unwrap_or("");
    let ids: Vec<String> = ids
        .split([',', ' '])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect();
    (!ids.is_empty()).then_some(ids)
}

impl Comments {
    /// Collects the comments of every YAML file.
    pub fn of(files: &[Arc<SourceFile>]) -> Self {
        let mut by_line = HashMap::new();
        for f in files {
            let is_yaml = f
                .path()
                .extension()
                .is_some_and(|e| e == "yaml" || e == "yml");
            if !is_yaml || !f.text().contains(MARKER) {
                continue;
            }
            for (i, line) in f.text().lines().enumerate() {
                if let Some(ids) = parse_line(line) {
                    by_line.insert((f.path().to_path_buf(), i + 1), ids);
                }
            }
        }
        Comments { by_line }
    }

    /// True when a comment on the finding's line, or on the line above, names its id.
    pub fn suppresses(&self, d: &Diagnostic) -> bool {
        if self.by_line.is_empty() {
            return false;
        }
        let Some(label) = &d.label else { return false };
        let line = label.file.line_col(label.span.start).line;
        let path = label.file.path().to_path_buf();
        [line, line.saturating_sub(1)].iter().any(|l| {
            self.by_line
                .get(&(path.clone(), *l))
                .is_some_and(|ids| ids.iter().any(|id| id == &d.id || id == "*"))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn disables_on_the_line_and_the_line_above() {
        let text = "a: 1 # grafcode-disable x/y -- reason\n# grafcode-disable p/q, r/s -- why\nb: 2\nc: 3\n";
        let f = SourceFile::new("f.yaml", text);
        let c = Comments::of(&[Arc::clone(&f)]);
        let at = |id: &str, off: usize| Diagnostic::error(id, "m").at(&f, off..off);
        assert!(c.suppresses(&at("x/y", 0)));
        assert!(!c.suppresses(&at("p/q", 0)));
        let b = text.find("b:").unwrap();
        assert!(c.suppresses(&at("r/s", b)));
        let cc = text.find("c:").unwrap();
        assert!(!c.suppresses(&at("r/s", cc)));
        assert_eq!(
            parse_line("# grafcode-disable *"),
            Some(vec!["*".to_string()])
        );
    }
}
