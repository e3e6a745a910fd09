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

/// What RE2 rejects and the Rust parser accepts: a repetition of a repetition (`a**`,
/// `a+*`; the lazy `?` suffix excepted) and counts above 1000.
fn go_only_rules(re: &str) -> Result<(), String> {
    let b = re.as_bytes();
    let mut i = 0;
    // True right after a quantifier; `lazy_ok` while a single `?` may still follow.
    let (mut after_rep, mut lazy_ok) = (false, false);
    while i < b.len() {
        let c = b[i];
        match c {
            b'\\' => {
                i += 2;
                after_rep = false;
                continue;
            }
            b'[' => {
                // Skip a character class: a leading `]` (or `^]`) is literal.
                let mut j = i + 1;
                if b.get(j) == Some(&b'^') {
                    j += 1;
                }
                if b.get(j) == Some(&b']') {
                    j += 1;
                }
                while j < b.len() && b[j] != b']' {
                    if b[j] == b'\\' {
                        j += 1;
                    } else if b[j] == b'['
                        && b.get(j + 1) == Some(&b':')
                        && let Some(k) = re[j + 2..].find(":]")
                    {
                        j += k + 3;
                        continue;
                    }
                    j += 1;
                }
                i = j + 1;
                after_rep = false;
                continue;
            }
            b'*' | b'+' | b'?' => {
                if after_rep {
                    if c == b'?' && lazy_ok {
                        lazy_ok = false;
                        i += 1;
                        continue;
                    }
                    return Err(format!(
                        "invalid nested repetition operator: `{}`",
                        &re[i.saturating_sub(1)..=i]
                    ));
                }
                after_rep = true;
                lazy_ok = true;
            }
            b'{' if is_repetition(&b[i + 1..]) => {
                let end = re[i..].find('}').map_or(b.len(), |k| i + k);
                let counts = &re[i + 1..end];
                if counts
                    .split(',')
                    .any(|n| n.parse::<u32>().is_ok_and(|n| n > 1000))
                {
                    return Err(format!(
                        "invalid repeat count: `{}`",
                        &re[i..=end.min(b.len() - 1)]
                    ));
                }
                if after_rep {
                    return Err(format!(
                        "invalid nested repetition operator: `{}`",
                        &re[i..=end.min(b.len() - 1)]
                    ));
                }
                after_rep = true;
                lazy_ok = true;
                i = end + 1;
                continue;
            }
            _ => after_rep = false,
        }
        i += 1;
    }
    Ok(())
}

/// Checks the syntax of a matcher regex; the error names what is wrong. Verdicts are kept
/// per thread: rule files repeat the same matchers (`job=~"…"`) hundreds of times.
pub(crate) fn check(re: &str) -> Result<(), String> {
    if has_variables(re) {
        return Ok(());
    }
    thread_local! {
        static SEEN: std::cell::RefCell<std::collections::HashMap<String, Result<(), String>>> =
            std::cell::RefCell::default();
    }
    if let Some(known) = SEEN.with(|s| s.borrow().get(re).cloned()) {
        return known;
    }
    let verdict = parse(re);
    SEEN.with(|s| s.borrow_mut().insert(re.to_string(), verdict.clone()));
    verdict
}

fn parse(re: &str) -> Result<(), String> {
    go_only_rules(re).map_err(|m| format!("error parsing regexp {re:?}: {m}"))?;
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
        for re in ["a*?", "a+?b", "[*+]+", "x{2}?", r"\*+", "[[:alpha:]]+"] {
            assert!(check(re).is_ok(), "{re}");
        }
        for re in [
            "(", "a)", "[z-a]", "*", "a**", "a++", "a{2}*", "x{1001}", "a???",
        ] {
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
