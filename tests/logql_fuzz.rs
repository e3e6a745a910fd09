//! Fuzzing the LogQL front-end: arbitrary bytes, token soup from LogQL's vocabulary, and
//! splices of corpus expressions. Properties: never panics; every error span lies inside the
//! input on character boundaries; every variable span too; a valid expression prints to text
//! that parses back to the same tree.
//!
//! `cargo test` runs a short, deterministic pass. `GRAFCODE_FUZZ_SECS=600` runs for that many
//! seconds (seed from `GRAFCODE_FUZZ_SEED`, default 1) and reports how many inputs it tried.

mod logql_support;

use std::time::{Duration, Instant};

use grafcode::query::ParseOptions;
use grafcode::query::logql;

/// xorshift64*: small, deterministic, good enough to drive input generation.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

const VOCAB: &[&str] = &[
    "{",
    "}",
    "(",
    ")",
    "[",
    "]",
    ",",
    "|",
    "|=",
    "!=",
    "|~",
    "!~",
    "|>",
    "!>",
    "=",
    "=~",
    "==",
    ">",
    ">=",
    "<",
    "<=",
    "+",
    "-",
    "*",
    "/",
    "%",
    "^",
    "job",
    "app",
    "\"a\"",
    "\"\\d\"",
    "`x`",
    "\"",
    "`",
    "5m",
    "1h30m",
    "10MB",
    "0.5",
    "1e3",
    "0x1f",
    "-",
    "sum",
    "by",
    "without",
    "rate",
    "count_over_time",
    "quantile_over_time",
    "sum_over_time",
    "topk",
    "approx_topk",
    "json",
    "logfmt",
    "--strict",
    "--keep-empty",
    "regexp",
    "pattern",
    "unpack",
    "line_format",
    "label_format",
    "drop",
    "keep",
    "decolorize",
    "unwrap",
    "bytes",
    "duration",
    "ip",
    "or",
    "and",
    "unless",
    "bool",
    "on",
    "ignoring",
    "group_left",
    "group_right",
    "offset",
    "vector",
    "label_replace",
    "$x",
    "${y:regex}",
    "[[z]]",
    "$__auto",
    "#c\n",
    " ",
    "\n",
    "µs",
    "\u{0}",
    "é",
    "__error__",
    "irate",
];

fn token_soup(rng: &mut Rng) -> String {
    let n = 1 + rng.below(40);
    (0..n)
        .map(|_| VOCAB[rng.below(VOCAB.len())])
        .collect::<Vec<_>>()
        .join(if rng.below(2) == 0 { " " } else { "" })
}

fn bytes(rng: &mut Rng) -> String {
    let n = rng.below(64);
    let raw: Vec<u8> = (0..n).map(|_| (rng.next() & 0xff) as u8).collect();
    String::from_utf8_lossy(&raw).into_owned()
}

fn splice(rng: &mut Rng, seeds: &[String]) -> String {
    if seeds.is_empty() {
        return token_soup(rng);
    }
    let a = &seeds[rng.below(seeds.len())];
    let b = &seeds[rng.below(seeds.len())];
    let cut = |s: &str, at: usize| {
        let mut i = at.min(s.len());
        while !s.is_char_boundary(i) {
            i -= 1;
        }
        i
    };
    let i = cut(a, rng.below(a.len() + 1));
    let j = cut(b, rng.below(b.len() + 1));
    let mut s = format!("{}{}", &a[..i], &b[j..]);
    if rng.below(3) == 0 {
        let at = cut(&s, rng.below(s.len() + 1));
        s.insert_str(at, VOCAB[rng.below(VOCAB.len())]);
    }
    s
}

fn check_one(src: &str, opts: &ParseOptions) {
    let p = logql::parse(src, opts);
    for e in &p.errors {
        assert!(
            e.span.start <= e.span.end && e.span.end <= src.len(),
            "error span {:?} outside {src:?}",
            e.span
        );
        assert!(
            src.is_char_boundary(e.span.start) && src.is_char_boundary(e.span.end),
            "{src:?} {:?}",
            e.span
        );
    }
    for v in &p.variables {
        assert!(
            src.get(v.span.clone()).is_some(),
            "variable span {:?} in {src:?}",
            v.span
        );
    }
    if let (true, Some(tree)) = (p.errors.is_empty(), &p.expr) {
        let printed = logql::print(tree);
        let again = logql::parse(&printed, opts);
        assert_eq!(
            again.expr.as_ref(),
            Some(tree),
            "round trip of {src:?} via {printed:?}"
        );
    }
}

fn seeds() -> Vec<String> {
    let Some(corpus) = logql_support::corpus() else {
        return Vec::new();
    };
    let mut v: Vec<String> = logql_support::read_tsv(&corpus.join("exprs/logql_labels.tsv"))
        .into_iter()
        .map(|r| r["expression"].clone())
        .collect();
    v.sort();
    v.dedup();
    v
}

#[test]
fn never_panics_and_keeps_invariants() {
    let secs: u64 = std::env::var("GRAFCODE_FUZZ_SECS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let seed: u64 = std::env::var("GRAFCODE_FUZZ_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1);
    let seeds = seeds();
    let opts = ParseOptions::default();
    let mut rng = Rng(seed.max(1));
    let deadline = Instant::now() + Duration::from_secs(secs);
    let mut n: u64 = 0;
    let mut valid: u64 = 0;
    loop {
        let src = match rng.below(3) {
            0 => bytes(&mut rng),
            1 => token_soup(&mut rng),
            _ => splice(&mut rng, &seeds),
        };
        check_one(&src, &opts);
        if logql::parse(&src, &opts).errors.is_empty() {
            valid += 1;
        }
        n += 1;
        let done = if secs == 0 {
            n >= 20_000
        } else {
            n.is_multiple_of(1024) && Instant::now() >= deadline
        };
        if done {
            break;
        }
    }
    eprintln!("logql fuzz: {n} inputs ({valid} valid) in {secs}s mode, seed {seed}, no panic");
}
