//! Grafana template variables as tokens: `$var`, `${var}`, `${var.field}`, `${var:format}`,
//! `[[var]]`, `[[var:format]]`, following Grafana's own variable regex
//! (`\$(\w+)|\[\[(\w+?)(?::(\w+))?\]\]|\${(\w+)(?:\.([^:^\}]+))?(?::([^\}]+))?}`).
//! The lexers of both languages call [`lex_at`] wherever a `$` or `[[` may start a variable.

use super::Span;

/// How a variable was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VarSyntax {
    /// `$name`
    Dollar,
    /// `${name}`, `${name.field}`, `${name:format}`
    Braced,
    /// `[[name]]`, `[[name:format]]` (deprecated in Grafana)
    Brackets,
}

/// One use of a Grafana variable inside an expression.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VarUse {
    /// The variable name (`__rate_interval`, `job`, …).
    pub name: String,
    /// The `:format` part, if any.
    pub format: Option<String>,
    /// The `.field` path of `${var.field}`, if any.
    pub field: Option<String>,
    /// How it was written.
    pub syntax: VarSyntax,
    /// The whole token, `$` to the closing bracket.
    pub span: Span,
}

impl VarUse {
    /// True for Grafana's built-in variables (`$__interval`, `$__rate_interval`, …).
    pub fn is_builtin(&self) -> bool {
        is_builtin(&self.name)
    }
}

/// Grafana's built-in (global) variables.
pub const BUILTINS: &[&str] = &[
    "__auto",
    "__dashboard",
    "__from",
    "__interval",
    "__interval_ms",
    "__name",
    "__org",
    "__range",
    "__range_ms",
    "__range_s",
    "__rate_interval",
    "__rate_interval_ms",
    "__timeFilter",
    "__timezone",
    "__to",
    "__user",
    "timeFilter",
];

/// True when `name` is one of Grafana's built-in variables.
pub fn is_builtin(name: &str) -> bool {
    BUILTINS.contains(&name)
}

fn is_word(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

fn word_end(bytes: &[u8], from: usize) -> usize {
    let mut i = from;
    while i < bytes.len() && is_word(bytes[i]) {
        i += 1;
    }
    i
}

/// Recognises a variable starting exactly at byte `at` of `src`, or returns `None`.
pub fn lex_at(src: &str, at: usize) -> Option<VarUse> {
    let bytes = src.as_bytes();
    match bytes.get(at..at + 2)? {
        [b'$', b'{'] => braced(src, at),
        [b'[', b'['] => brackets(src, at),
        [b'$', c] if is_word(*c) => {
            let end = word_end(bytes, at + 1);
            Some(VarUse {
                name: src[at + 1..end].to_string(),
                format: None,
                field: None,
                syntax: VarSyntax::Dollar,
                span: at..end,
            })
        }
        _ => None,
    }
}

fn braced(src: &str, at: usize) -> Option<VarUse> {
    let bytes = src.as_bytes();
    let name_end = word_end(bytes, at + 2);
    if name_end == at + 2 {
        return None;
    }
    let mut i = name_end;
    let mut field = None;
    if bytes.get(i) == Some(&b'.') {
        let start = i + 1;
        while i < bytes.len() && !matches!(bytes[i], b':' | b'^' | b'}') {
            i += 1;
        }
        i = i.max(start);
        if i == start {
            return None;
        }
        field = Some(src[start..i].to_string());
    }
    let mut format = None;
    if bytes.get(i) == Some(&b':') {
        let start = i + 1;
        let close = src[start..].find('}')? + start;
        if close == start {
            return None;
        }
        format = Some(src[start..close].to_string());
        i = close;
    }
    if bytes.get(i) != Some(&b'}') {
        return None;
    }
    Some(VarUse {
        name: src[at + 2..name_end].to_string(),
        format,
        field,
        syntax: VarSyntax::Braced,
        span: at..i + 1,
    })
}

fn brackets(src: &str, at: usize) -> Option<VarUse> {
    let bytes = src.as_bytes();
    let name_end = word_end(bytes, at + 2);
    if name_end == at + 2 {
        return None;
    }
    let mut i = name_end;
    let mut format = None;
    if bytes.get(i) == Some(&b':') {
        let end = word_end(bytes, i + 1);
        if end == i + 1 {
            return None;
        }
        format = Some(src[i + 1..end].to_string());
        i = end;
    }
    if bytes.get(i..i + 2) != Some(b"]]") {
        return None;
    }
    Some(VarUse {
        name: src[at + 2..name_end].to_string(),
        format,
        field: None,
        syntax: VarSyntax::Brackets,
        span: at..i + 2,
    })
}

/// Every variable use in `src`, scanning the raw text (strings and comments included), in
/// order. The parsers record variables from their tokens instead; this is for plain text
/// such as legends, titles and link URLs.
pub fn scan(src: &str) -> Vec<VarUse> {
    let bytes = src.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if matches!(bytes[i], b'$' | b'[')
            && let Some(v) = lex_at(src, i)
        {
            i = v.span.end;
            out.push(v);
            continue;
        }
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(s: &str) -> VarUse {
        lex_at(s, 0).unwrap_or_else(|| panic!("no variable in {s:?}"))
    }

    #[test]
    fn recognises_every_form() {
        let v = one("$__rate_interval]");
        assert_eq!(
            (v.name.as_str(), v.span.clone()),
            ("__rate_interval", 0..16)
        );
        assert!(v.is_builtin());
        let v = one("${job:regex}\"");
        assert_eq!(v.name, "job");
        assert_eq!(v.format.as_deref(), Some("regex"));
        assert_eq!(v.span, 0..12);
        let v = one("${ds.uid}");
        assert_eq!(v.field.as_deref(), Some("uid"));
        let v = one("[[instance:pipe]]");
        assert_eq!(v.syntax, VarSyntax::Brackets);
        assert_eq!(v.format.as_deref(), Some("pipe"));
        assert_eq!(v.span, 0..17);
    }

    #[test]
    fn rejects_non_variables() {
        for s in ["$", "$ x", "${}", "${x", "[[x]", "[[]]", "${x:}", "[1m]"] {
            assert!(lex_at(s, 0).is_none(), "{s:?}");
        }
    }

    #[test]
    fn scan_finds_all_in_order() {
        let names: Vec<_> = scan("rate(x{a=~\"$a\"}[$__rate_interval]) / [[b]] ${c}")
            .into_iter()
            .map(|v| v.name)
            .collect();
        assert_eq!(names, ["a", "__rate_interval", "b", "c"]);
    }
}
