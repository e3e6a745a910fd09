//! Shared test harness for the query front-ends: corpus location, the corpus' TSV format,
//! the oracle runner with a label cache, and a deterministic, language-parameterised
//! mutation generator that derives broken expressions from valid ones.
//!
//! Used as `mod mutate;` from `tests/promql_*.rs` (and the LogQL tests).
#![allow(dead_code)]

pub mod oracle;
pub mod tsv;

use std::ops::Range;
use std::path::PathBuf;

/// The corpus directory, or `None` (after printing why) when it is absent and not required.
/// Panics when `GRAFCODE_REQUIRE_CORPUS=1` and the corpus is missing.
pub fn corpus_dir() -> Option<PathBuf> {
    let dir = std::env::var_os("GRAFCODE_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus"));
    if dir.join("exprs").is_dir() {
        return Some(dir);
    }
    if std::env::var("GRAFCODE_REQUIRE_CORPUS").as_deref() == Ok("1") {
        panic!(
            "corpus required (GRAFCODE_REQUIRE_CORPUS=1) but absent at {}",
            dir.display()
        );
    }
    eprintln!("corpus absent at {}, skipped", dir.display());
    None
}

/// What a language looks like to the mutator.
pub struct LangSpec {
    /// `promql` or `logql` (as `check.sh` expects).
    pub name: &'static str,
    /// Binary operators that may be swapped for an invalid token.
    pub binary_ops: &'static [&'static str],
    /// Tokens that are never valid where a binary operator stands.
    pub invalid_ops: &'static [&'static str],
    /// Aggregation operators (for misplacing `by`).
    pub aggregators: &'static [&'static str],
    /// Function names after which a `by (…)` clause is invalid.
    pub by_after: &'static [&'static str],
    /// Characters that can never appear outside strings.
    pub garbage: &'static [char],
}

/// PromQL for the mutator.
pub const PROMQL: LangSpec = LangSpec {
    name: "promql",
    binary_ops: &[
        "+", "-", "*", "/", "%", "^", "==", "!=", ">=", "<=", ">", "<", "and", "or", "unless",
    ],
    invalid_ops: &["=>", "<>", "**", "&&", "=<", "!"],
    aggregators: &[
        "sum", "avg", "min", "max", "count", "topk", "bottomk", "quantile", "group", "stddev",
        "stdvar",
    ],
    by_after: &[
        "rate",
        "irate",
        "increase",
        "delta",
        "idelta",
        "deriv",
        "histogram_quantile",
        "avg_over_time",
        "max_over_time",
        "min_over_time",
        "sum_over_time",
        "label_replace",
        "abs",
        "round",
        "clamp_min",
        "clamp_max",
    ],
    garbage: &[';', '?', '&', '\\'],
};

/// How an expression was broken.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    DropBracket,
    CorruptDuration,
    MisplaceBy,
    InvalidOperator,
    UnterminatedString,
    Truncate,
    DoubleEqualsMatcher,
    DropComma,
    Garbage,
}

/// One broken expression and where it was broken.
#[derive(Debug, Clone)]
pub struct Mutation {
    /// The broken text.
    pub text: String,
    /// What was done.
    pub kind: Kind,
    /// The mutated spot in `text`: an error span overlapping it points at the mistake.
    pub spot: Range<usize>,
}

/// splitmix64: tiny, deterministic, good enough to pick mutation sites.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
}

/// Byte classes of a text: which bytes are code (outside strings and comments).
fn code_mask(s: &str) -> Vec<bool> {
    let b = s.as_bytes();
    let mut mask = vec![true; b.len()];
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            q @ (b'"' | b'\'' | b'`') => {
                let start = i;
                i += 1;
                while i < b.len() && b[i] != q {
                    if b[i] == b'\\' && q != b'`' {
                        i += 1;
                    }
                    i += 1;
                }
                let end = (i + 1).min(b.len());
                mask[start..end].iter_mut().for_each(|m| *m = false);
                i = end;
            }
            b'#' => {
                while i < b.len() && b[i] != b'\n' {
                    mask[i] = false;
                    i += 1;
                }
            }
            _ => i += 1,
        }
    }
    mask
}

/// Positions (in code) of every occurrence of `pat`, as whole words when `pat` is a word.
fn find_all(s: &str, mask: &[bool], pat: &str) -> Vec<usize> {
    let word = pat.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'_');
    let b = s.as_bytes();
    s.match_indices(pat)
        .map(|(i, _)| i)
        .filter(|&i| mask.get(i).copied().unwrap_or(false))
        .filter(|&i| {
            if !word {
                return true;
            }
            let before = i
                .checked_sub(1)
                .and_then(|j| b.get(j))
                .copied()
                .unwrap_or(b' ');
            let after = b.get(i + pat.len()).copied().unwrap_or(b' ');
            let w = |c: u8| c.is_ascii_alphanumeric() || c == b'_' || c == b'$' || c == b':';
            !w(before) && !w(after)
        })
        .collect()
}

/// The matching closer of the bracket at `open` (code only), if any.
fn matching(s: &str, mask: &[bool], open: usize) -> Option<usize> {
    let b = s.as_bytes();
    let (o, c) = match b[open] {
        b'(' => (b'(', b')'),
        b'[' => (b'[', b']'),
        b'{' => (b'{', b'}'),
        _ => return None,
    };
    let mut depth = 0;
    for i in open..b.len() {
        if !mask[i] {
            continue;
        }
        if b[i] == o {
            depth += 1;
        } else if b[i] == c {
            depth -= 1;
            if depth == 0 {
                return Some(i);
            }
        }
    }
    None
}

/// The matching opener of the bracket at `close`.
fn matching_open(s: &str, mask: &[bool], close: usize) -> Option<usize> {
    let b = s.as_bytes();
    let (o, c) = match b[close] {
        b')' => (b'(', b')'),
        b']' => (b'[', b']'),
        b'}' => (b'{', b'}'),
        _ => return None,
    };
    let mut depth = 0;
    for i in (0..=close).rev() {
        if !mask[i] {
            continue;
        }
        if b[i] == c {
            depth += 1;
        } else if b[i] == o {
            depth -= 1;
            if depth == 0 {
                return Some(i);
            }
        }
    }
    None
}

fn pick<T: Copy>(rng: &mut Rng, v: &[T]) -> Option<T> {
    if v.is_empty() {
        None
    } else {
        Some(v[rng.below(v.len())])
    }
}

fn splice(s: &str, at: Range<usize>, with: &str) -> String {
    let mut out = String::with_capacity(s.len() + with.len());
    out.push_str(&s[..at.start]);
    out.push_str(with);
    out.push_str(&s[at.end..]);
    out
}

/// End of the token starting at or after `i` (skipping spaces): the "next token" region.
fn next_token_end(s: &str, mut i: usize) -> usize {
    let b = s.as_bytes();
    while i < b.len() && b[i].is_ascii_whitespace() {
        i += 1;
    }
    let start = i;
    while i < b.len()
        && (b[i].is_ascii_alphanumeric() || b[i] == b'_' || b[i] == b':' || b[i] == b'$')
    {
        i += 1;
    }
    if i == start { (i + 1).min(b.len()) } else { i }
}

/// Applies one mutation of `kind` to `s`, or `None` when `s` offers no site for it.
pub fn mutate(lang: &LangSpec, s: &str, kind: Kind, rng: &mut Rng) -> Option<Mutation> {
    let mask = code_mask(s);
    let b = s.as_bytes();
    let code_positions = |pred: &dyn Fn(u8) -> bool| -> Vec<usize> {
        (0..b.len()).filter(|&i| mask[i] && pred(b[i])).collect()
    };
    let m = |text: String, spot: Range<usize>| Some(Mutation { text, kind, spot });
    match kind {
        Kind::DropBracket => {
            let at = pick(rng, &code_positions(&|c| b"()[]{}".contains(&c)))?;
            let partner = if b"([{".contains(&b[at]) {
                matching(s, &mask, at)?
            } else {
                matching_open(s, &mask, at)?
            };
            let text = splice(s, at..at + 1, "");
            // The broken pair's region, in the new text (one byte shorter after `at`).
            let (lo, hi) = (at.min(partner), at.max(partner));
            let hi_new = if hi > at { hi - 1 } else { hi };
            let end = next_token_end(&text, hi_new + usize::from(hi != at));
            m(text, lo..end.max(lo + 1))
        }
        Kind::CorruptDuration => {
            let sites: Vec<usize> = (0..b.len())
                .filter(|&i| {
                    mask[i]
                        && b[i].is_ascii_digit()
                        && (i == 0
                            || !(b[i - 1].is_ascii_alphanumeric()
                                || b[i - 1] == b'.'
                                || b[i - 1] == b'_'))
                })
                .filter(|&i| {
                    let mut j = i;
                    while j < b.len() && b[j].is_ascii_digit() {
                        j += 1;
                    }
                    j < b.len() && b"smhdwy".contains(&b[j])
                })
                .collect();
            let at = pick(rng, &sites)?;
            let mut j = at;
            while j < b.len() && (b[j].is_ascii_alphanumeric()) {
                j += 1;
            }
            let bad = ["5mx", "5q", "m5", "1.5.m", "5m5x", "5__m"];
            let text = splice(s, at..j, bad[rng.below(bad.len())]);
            let len = text.len() as isize - s.len() as isize;
            let end = (j as isize + len) as usize;
            m(text, at..end)
        }
        Kind::MisplaceBy => {
            let mut sites = Vec::new();
            for f in lang.by_after {
                for i in find_all(s, &mask, f) {
                    let open = i + f.len();
                    if b.get(open) == Some(&b'(')
                        && let Some(close) = matching(s, &mask, open)
                    {
                        sites.push(close + 1);
                    }
                }
            }
            let at = pick(rng, &sites)?;
            let ins = " by (job)";
            let text = splice(s, at..at, ins);
            m(text, at + 1..at + 3)
        }
        Kind::InvalidOperator => {
            let mut sites = Vec::new();
            for op in lang.binary_ops {
                for i in find_all(s, &mask, op) {
                    // Skip matcher operators and durations inside brackets.
                    let prev = s[..i].trim_end().bytes().last().unwrap_or(b'(');
                    if b"({[,=!~<>".contains(&prev) {
                        continue;
                    }
                    let next = b.get(i + op.len()).copied().unwrap_or(b' ');
                    if b"=~/".contains(&next) {
                        continue;
                    }
                    if (*op == "<" || *op == ">" || *op == "!") && b.get(i + 1) == Some(&b'=') {
                        continue;
                    }
                    if *op == "=" {
                        continue;
                    }
                    sites.push((i, op.len()));
                }
            }
            let (at, len) = pick(rng, &sites)?;
            let with = lang.invalid_ops[rng.below(lang.invalid_ops.len())];
            let text = splice(s, at..at + len, with);
            m(text, at..at + with.len())
        }
        Kind::UnterminatedString => {
            let closes: Vec<usize> = (1..b.len())
                .filter(|&i| {
                    !mask[i] && b"\"'`".contains(&b[i]) && mask.get(i + 1).is_none_or(|m| *m)
                })
                .collect();
            let at = pick(rng, &closes)?;
            let q = b[at];
            let open = (0..at)
                .rev()
                .find(|&i| b[i] == q && (i == 0 || mask[i - 1] || b[i - 1] != b'\\'))?;
            let text = splice(s, at..at + 1, "");
            // The string now runs on to the next quote of its kind (or the end).
            let next_q = text[at..]
                .find(q as char)
                .map_or(text.len(), |k| at + k + 1);
            let end = next_token_end(&text, next_q).max(next_q);
            m(text, open..end.max(open + 1))
        }
        Kind::Truncate => {
            let ops: Vec<usize> = lang
                .binary_ops
                .iter()
                .flat_map(|op| {
                    find_all(s, &mask, op)
                        .into_iter()
                        .map(move |i| i + op.len())
                })
                .collect();
            let at = pick(rng, &ops)?;
            let text = s[..at].to_string();
            let n = text.len();
            m(text, n.saturating_sub(1)..n)
        }
        Kind::DoubleEqualsMatcher => {
            let sites: Vec<usize> = (1..b.len())
                .filter(|&i| {
                    mask[i]
                        && b[i] == b'='
                        && !b"=!~<>".contains(&b[i - 1])
                        && !b"=~".contains(b.get(i + 1).unwrap_or(&b' '))
                })
                .filter(|&i| {
                    s[..i]
                        .rfind('{')
                        .is_some_and(|o| s[o..i].rfind('}').is_none())
                })
                .collect();
            let at = pick(rng, &sites)?;
            let text = splice(s, at..at + 1, "==");
            m(text, at..at + 2)
        }
        Kind::DropComma => {
            let at = pick(rng, &code_positions(&|c| c == b','))?;
            let before = s[..at].trim_end().bytes().last().unwrap_or(b'(');
            let after_i = at + 1 + (s[at + 1..].len() - s[at + 1..].trim_start().len());
            let after = b.get(after_i).copied().unwrap_or(b')');
            if b"({[,".contains(&before) || b")}]".contains(&after) {
                return None;
            }
            let text = splice(s, at..at + 1, " ");
            let end = next_token_end(&text, at + 1);
            m(text, at.saturating_sub(1)..end)
        }
        Kind::Garbage => {
            let at = pick(
                rng,
                &code_positions(&|c| c == b' ' || c == b'(' || c == b','),
            )?;
            let g = lang.garbage[rng.below(lang.garbage.len())];
            let text = splice(s, at + 1..at + 1, &g.to_string());
            m(text, at + 1..at + 2)
        }
    }
}

/// Every kind, in the order the generator cycles through them.
pub const KINDS: [Kind; 9] = [
    Kind::DropBracket,
    Kind::CorruptDuration,
    Kind::MisplaceBy,
    Kind::InvalidOperator,
    Kind::UnterminatedString,
    Kind::Truncate,
    Kind::DoubleEqualsMatcher,
    Kind::DropComma,
    Kind::Garbage,
];

/// Derives up to `want` distinct mutations from `valid` expressions, deterministically.
pub fn generate(lang: &LangSpec, valid: &[String], want: usize, seed: u64) -> Vec<Mutation> {
    let mut rng = Rng::new(seed);
    let mut seen = std::collections::HashSet::new();
    let mut out = Vec::with_capacity(want);
    if valid.is_empty() {
        return out;
    }
    let mut attempts = 0;
    while out.len() < want && attempts < want * 20 {
        attempts += 1;
        let src = &valid[rng.below(valid.len())];
        let kind = KINDS[attempts % KINDS.len()];
        if let Some(mu) = mutate(lang, src, kind, &mut rng)
            && mu.text != *src
            && !mu.text.trim().is_empty()
            && seen.insert(mu.text.clone())
        {
            out.push(mu);
        }
    }
    out
}

/// True when an error span overlaps the mutated spot (an empty span touching it counts).
pub fn overlaps(err: &Range<usize>, spot: &Range<usize>) -> bool {
    if err.start == err.end {
        return spot.start <= err.start && err.start <= spot.end;
    }
    err.start < spot.end.max(spot.start + 1) && spot.start < err.end
}
