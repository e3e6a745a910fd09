//! Label-matcher regular expressions, checked the way Prometheus does (Go RE2 syntax,
//! anchored as `^(?s:…)$`). Values containing Grafana variables are not checked: their
//! final text is only known after substitution.

use crate::query::vars;

/// Rewrites the Go-only literal uses of `{` (not a repetition) so the Rust parser accepts
/// what RE2 accepts.
fn go_compatible(re: &str) -> std::borrow::Cow<'_, str> {
    if !re.contains('{') {
        return std::borrow::Cow::Borrowed(re);
    }
    let bytes = re.as_bytes();
    let mut out = String::with_capacity(re.len() + 4);
    let mut i = 0;
    let mut escaped = false;
    for (pos, ch) in re.char_indices() {
        if pos < i {
            continue;
        }
        if escaped {
            escaped = false;
            out.push(ch);
            continue;
        }
        if ch == '\\' {
            escaped = true;
            out.push(ch);
            continue;
        }
        if ch == '{' && !is_repetition(&bytes[pos + 1..]) {
            out.push_str("\\{");
            i = pos + 1;
            continue;
        }
        out.push(ch);
    }
    std::borrow::Cow::Owned(out)
}

/// True when `rest` (after a `{`) is `n}`, `n,}` or `n,m}`.
fn is_repetition(rest: &[u8]) -> bool {
    let digits = |s: &[u8]| s.iter().take_while(|b| b.is_ascii_digit()).count();
    let n = digits(rest);
    if n == 0 {
        return false;
    }
    match rest.get(n) {
        Some(b'}') => true,
        Some(b',') => {
            let m = digits(&rest[n + 1..]);
            rest.get(n + 1 + m) == Some(&b'}')
        }
        _ => false,
    }
}

fn has_variables(re: &str) -> bool {
    (re.contains('$') || re.contains("[[")) && !vars::scan(re).is_empty()
}

/// Checks the syntax of a matcher regex; the error names what is wrong.
pub(crate) fn check(re: &str) -> Result<(), String> {
    if has_variables(re) {
        return Ok(());
    }
    let translated = go_compatible(re);
    regex_syntax::ParserBuilder::new()
        .octal(true)
        .build()
        .parse(&translated)
        .map(|_| ())
        .map_err(|e| {
            let first = e.to_string();
            let last = first.lines().last().unwrap_or("invalid").trim().to_string();
            format!("error parsing regexp {re:?}: {last}")
        })
}

/// True when the anchored regex matches the empty string (unknown: false).
pub(crate) fn matches_empty(re: &str) -> bool {
    if has_variables(re) {
        return false;
    }
    let anchored = format!("^(?s:{})$", go_compatible(re));
    regex::RegexBuilder::new(&anchored)
        .octal(true)
        .build()
        .is_ok_and(|r| r.is_match(""))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_go_syntax() {
        for re in [
            r"\_?x",
            "a{",
            "a{b}",
            "x{2}",
            ".*",
            r"\d+",
            "(?i)foo|bar",
            "${job:regex}",
        ] {
            assert!(check(re).is_ok(), "{re}");
        }
        for re in ["(", "a)", "[z-a]", "*"] {
            assert!(check(re).is_err(), "{re}");
        }
    }

    #[test]
    fn empty_matching() {
        assert!(matches_empty(".*"));
        assert!(matches_empty(""));
        assert!(!matches_empty(".+"));
        assert!(!matches_empty("$job"));
    }
}
