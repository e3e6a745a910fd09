//! Deterministic LogQL mutations: broken variants of valid expressions, each with the spot
//! (byte range in the mutated text) where it was broken. The scanner here is deliberately
//! independent of grafcode's lexer: it only needs strings, brackets, operators and words.

/// One broken variant.
#[derive(Debug, Clone)]
pub struct Mutant {
    /// The mutated expression.
    pub text: String,
    /// Where the mutation is, in `text` (empty for a deletion: the gap).
    pub spot: std::ops::Range<usize>,
    /// Which operator produced it.
    pub kind: &'static str,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Class {
    Str,
    Punct,
    Word,
    Num,
    Var,
}

#[derive(Debug, Clone)]
struct Tok {
    class: Class,
    start: usize,
    end: usize,
}

fn scan(src: &str) -> Vec<Tok> {
    let b = src.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        let start = i;
        let class = if c.is_ascii_whitespace() {
            i += 1;
            continue;
        } else if c == b'#' {
            while i < b.len() && b[i] != b'\n' {
                i += 1;
            }
            continue;
        } else if c == b'"' || c == b'`' {
            i += 1;
            while i < b.len() && b[i] != c {
                if b[i] == b'\\' && c == b'"' {
                    i += 1;
                }
                i += 1;
            }
            i = (i + 1).min(b.len());
            Class::Str
        } else if c == b'$' || (c == b'[' && b.get(i + 1) == Some(&b'[')) {
            i += 1;
            while i < b.len() && (b[i].is_ascii_alphanumeric() || b"_{}:.[]".contains(&b[i])) {
                let closing = b[i] == b'}' || (b[i] == b']' && b.get(i + 1) == Some(&b']'));
                i += 1;
                if closing {
                    if b.get(i) == Some(&b']') {
                        i += 1;
                    }
                    break;
                }
            }
            Class::Var
        } else if c.is_ascii_digit() {
            while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'.') {
                i += 1;
            }
            Class::Num
        } else if c.is_ascii_alphabetic() || c == b'_' {
            while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'_' || b[i] == b':') {
                i += 1;
            }
            Class::Word
        } else {
            let two = src.get(i..i + 2).unwrap_or("");
            i += if ["|=", "|~", "|>", "!=", "!~", "!>", "=~", "==", "<=", ">="].contains(&two) {
                2
            } else {
                src[i..].chars().next().map_or(1, char::len_utf8)
            };
            Class::Punct
        };
        out.push(Tok {
            class,
            start,
            end: i,
        });
    }
    out
}

fn splice(src: &str, range: std::ops::Range<usize>, with: &str) -> String {
    format!("{}{}{}", &src[..range.start], with, &src[range.end..])
}

const PROMQL_FUNCS: &[&str] = &["irate", "increase", "delta", "histogram_quantile"];
const RANGE_FUNCS: &[&str] = &[
    "rate",
    "count_over_time",
    "bytes_over_time",
    "bytes_rate",
    "sum_over_time",
    "avg_over_time",
    "max_over_time",
    "min_over_time",
    "quantile_over_time",
    "absent_over_time",
];

/// Every mutant of `src`, deterministic, without duplicates of `src` itself.
pub fn mutants(src: &str) -> Vec<Mutant> {
    let toks = scan(src);
    let text = |t: &Tok| &src[t.start..t.end];
    let mut out = Vec::new();
    let mut push = |text: String, spot: std::ops::Range<usize>, kind: &'static str| {
        // Empty text would be an empty TSV line, which the oracle's reader skips.
        if text != src && !text.is_empty() {
            // A deletion's spot is the gap it leaves, whitespace after it included.
            let mut end = spot.end;
            if spot.is_empty() {
                end += text[end..].len() - text[end..].trim_start().len();
            }
            out.push(Mutant {
                text,
                spot: spot.start..end,
                kind,
            });
        }
    };
    let mut in_brackets = 0usize;
    let mut in_braces = 0usize;
    for (k, t) in toks.iter().enumerate() {
        let s = text(t);
        match (t.class, s) {
            (Class::Punct, "(" | ")" | "{" | "}" | "[" | "]") => {
                push(
                    splice(src, t.start..t.end, ""),
                    t.start..t.start,
                    "drop-bracket",
                );
                match s {
                    "[" => in_brackets += 1,
                    "]" => in_brackets = in_brackets.saturating_sub(1),
                    "{" => in_braces += 1,
                    "}" => in_braces = in_braces.saturating_sub(1),
                    _ => {}
                }
            }
            (Class::Str, _) if t.end - t.start >= 2 => {
                push(
                    splice(src, t.end - 1..t.end, ""),
                    t.start..t.end - 1,
                    "unterminated-string",
                );
            }
            (Class::Num, _) if in_brackets > 0 => {
                let unit_at = s.find(|c: char| c.is_ascii_alphabetic()).unwrap_or(s.len());
                push(
                    splice(src, t.start + unit_at..t.end, "x"),
                    t.start..t.start + unit_at + 1,
                    "corrupt-duration",
                );
                push(
                    splice(src, t.start + unit_at..t.end, ""),
                    t.start..t.start + unit_at,
                    "duration-without-unit",
                );
                push(
                    splice(src, t.start..t.end, ""),
                    t.start..t.start,
                    "empty-range",
                );
            }
            (Class::Punct, "=" | "=~" | "!=" | "!~") if in_braces > 0 => {
                let bad = if s == "=" { "==" } else { "~=" };
                push(
                    splice(src, t.start..t.end, bad),
                    t.start..t.start + bad.len(),
                    "bad-matcher-op",
                );
            }
            (Class::Punct, "+" | "-" | "*" | "/" | "%" | "^" | ">" | "<" | ">=" | "<=" | "==")
                if in_braces == 0 =>
            {
                push(
                    splice(src, t.start..t.end, "=>"),
                    t.start..t.start + 2,
                    "invalid-operator",
                );
                push(
                    splice(src, t.start..t.end, "!"),
                    t.start..t.start + 1,
                    "invalid-operator",
                );
            }
            (Class::Punct, "|") => {
                push(
                    splice(src, t.start..t.end, "||"),
                    t.start..t.start + 2,
                    "invalid-pipe",
                );
            }
            (Class::Punct, "|=" | "|~" | "|>") if in_braces == 0 => {
                push(
                    splice(src, t.start..t.end, "=|"),
                    t.start..t.start + 2,
                    "invalid-filter-op",
                );
            }
            (Class::Punct, ",") => {
                push(
                    splice(src, t.start..t.end, ",,"),
                    t.start..t.start + 2,
                    "double-comma",
                );
            }
            (Class::Word, w) if RANGE_FUNCS.contains(&w) => {
                let f = PROMQL_FUNCS[k % PROMQL_FUNCS.len()];
                push(
                    splice(src, t.start..t.end, f),
                    t.start..t.start + f.len(),
                    "promql-function",
                );
            }
            (Class::Word, "by" | "without") => {
                // Misplace the grouping: move `by (…)` right after the first stream selector.
                if let Some(g) = grouping_end(&toks, k, src)
                    && let Some(close) = toks.iter().position(|t| text(t) == "}")
                    && toks[close].end < t.start
                {
                    let clause = &src[t.start..g];
                    let without = splice(src, t.start..g, "");
                    let at = toks[close].end;
                    let moved = format!("{} {}{}", &without[..at], clause, &without[at..]);
                    push(moved, at + 1..at + 1 + clause.len(), "misplaced-by");
                }
            }
            _ => {}
        }
        if k % 4 == 1 {
            push(src[..t.end].to_string(), t.end..t.end, "truncated");
        }
        if k % 3 == 0 {
            push(
                splice(src, t.start..t.end, ""),
                t.start..t.start,
                "drop-token",
            );
        }
        if k % 7 == 3
            && let Some(n) = toks.get(k + 1)
        {
            let swapped = format!("{}{}{}", text(n), &src[t.end..n.start], s);
            push(
                splice(src, t.start..n.end, &swapped),
                t.start..n.end,
                "swap-tokens",
            );
        }
        if k % 5 == 2 && t.class != Class::Str {
            push(
                splice(src, t.end..t.end, " )"),
                t.end + 1..t.end + 2,
                "stray-paren",
            );
        }
    }
    out
}

/// The end of `by (…)` starting at token `k`.
fn grouping_end(toks: &[Tok], k: usize, src: &str) -> Option<usize> {
    let open = toks.get(k + 1)?;
    if &src[open.start..open.end] != "(" {
        return None;
    }
    toks[k + 2..]
        .iter()
        .find(|t| &src[t.start..t.end] == ")")
        .map(|t| t.end)
}
