//! Fuzzing the PromQL front-end with proptest: arbitrary text, token soup from PromQL's
//! vocabulary, and near-valid expressions with random edits. Properties: no panic; error
//! spans lie inside the input on character boundaries; every accepted expression survives
//! the printer round-trip.
//!
//! `cargo test` runs a short pass. `GRAFCODE_FUZZ_SECS=600 cargo test --release --test
//! promql_fuzz -- --nocapture` runs each strategy in a loop for that long (split evenly).

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::time::{Duration, Instant};

use grafcode::query::{ParseOptions, promql};
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::TestRunner;

const VOCAB: &[&str] = &[
    "sum",
    "rate",
    "by",
    "without",
    "(",
    ")",
    "{",
    "}",
    "[",
    "]",
    ",",
    ":",
    "@",
    "offset",
    "-",
    "+",
    "*",
    "/",
    "%",
    "^",
    "==",
    "!=",
    ">",
    "<",
    ">=",
    "<=",
    "=",
    "=~",
    "!~",
    "and",
    "or",
    "unless",
    "bool",
    "on",
    "ignoring",
    "group_left",
    "group_right",
    "topk",
    "quantile",
    "count_values",
    "x",
    "up",
    "job",
    "\"a\"",
    "'b'",
    "`c`",
    "5m",
    "1h30m",
    "0x1F",
    "1e3",
    "Inf",
    "NaN",
    "$var",
    "${v:csv}",
    "[[w]]",
    "$__rate_interval",
    "start()",
    "end()",
    "histogram_quantile",
    "label_replace",
    "#c\n",
    "\"",
    "step()",
    "min_of",
    "fill",
    "anchored",
    "smoothed",
    "limitk",
    "</",
    ">/",
    "atan2",
    "1_000",
    ".5",
    "|=",
    "| json",
    " ",
    "\n",
];

const SEEDS: &[&str] = &[
    "sum by (job) (rate(http_requests_total{code=~\"5..\"}[5m]))",
    "histogram_quantile(0.99, sum by (le) (rate(x_bucket{job=\"$job\"}[$__rate_interval])))",
    "a / on(b) group_left(c) d offset -5m @ end()",
    "topk(5, max_over_time(x[1h:5m])) > bool 3",
    "{\"my.metric\", \"a.b\"=\"c\"} unless x[5m+1m]",
    "label_replace(up, \"a\", \"$1\", \"b\", \"(.*)\") or vector(1)",
];

fn soup() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(VOCAB), 0..40).prop_map(|v| v.join(" "))
}

fn tight_soup() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(VOCAB), 0..40).prop_map(|v| v.concat())
}

fn near_valid() -> impl Strategy<Value = String> {
    (
        prop::sample::select(SEEDS),
        prop::collection::vec((any::<prop::sample::Index>(), 0u8..4, any::<char>()), 1..4),
    )
        .prop_map(|(seed, edits)| {
            let mut s: Vec<char> = seed.chars().collect();
            for (idx, op, c) in edits {
                if s.is_empty() {
                    break;
                }
                let i = idx.index(s.len());
                match op {
                    0 => {
                        s.remove(i);
                    }
                    1 => s.insert(i, c),
                    2 => s[i] = c,
                    _ => s.truncate(i),
                }
            }
            s.into_iter().collect()
        })
}

/// The properties every input must satisfy.
fn check_one(src: &str) -> Result<(), String> {
    let opts = ParseOptions::default();
    let (expr, checked) = promql::analyze(src, &opts);
    for e in &checked.errors {
        if e.span.start > e.span.end
            || e.span.end > src.len()
            || !src.is_char_boundary(e.span.start)
            || !src.is_char_boundary(e.span.end)
        {
            return Err(format!("bad error span {:?} for {src:?}", e.span));
        }
    }
    for v in &checked.variables {
        if src.get(v.span.clone()).is_none() {
            return Err(format!("bad variable span {:?} for {src:?}", v.span));
        }
    }
    if let (Some(e), true) = (expr, checked.is_valid()) {
        let printed = promql::print(&e);
        match promql::parse(&printed, &opts) {
            Ok(again) if again.same_as(&e) => {}
            Ok(_) => {
                return Err(format!(
                    "round-trip changed the tree: {src:?} -> {printed:?}"
                ));
            }
            Err(errs) => {
                return Err(format!(
                    "printed form rejected: {src:?} -> {printed:?}: {}",
                    errs[0].message
                ));
            }
        }
    }
    Ok(())
}

fn guarded(src: &str) -> Result<(), String> {
    catch_unwind(AssertUnwindSafe(|| check_one(src)))
        .unwrap_or_else(|_| Err(format!("panic on {src:?}")))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_text(s in any::<String>()) {
        prop_assert!(guarded(&s).is_ok(), "{}", guarded(&s).unwrap_err());
    }

    #[test]
    fn arbitrary_bytes(b in prop::collection::vec(any::<u8>(), 0..200)) {
        let s = String::from_utf8_lossy(&b).into_owned();
        prop_assert!(guarded(&s).is_ok(), "{}", guarded(&s).unwrap_err());
    }

    #[test]
    fn token_soup(s in soup()) {
        prop_assert!(guarded(&s).is_ok(), "{}", guarded(&s).unwrap_err());
    }

    #[test]
    fn tight_token_soup(s in tight_soup()) {
        prop_assert!(guarded(&s).is_ok(), "{}", guarded(&s).unwrap_err());
    }

    #[test]
    fn near_valid_expressions(s in near_valid()) {
        prop_assert!(guarded(&s).is_ok(), "{}", guarded(&s).unwrap_err());
    }
}

/// Long mode: `GRAFCODE_FUZZ_SECS` seconds over all strategies, with random seeds.
#[test]
fn long_fuzz_run() {
    let Some(secs) = std::env::var("GRAFCODE_FUZZ_SECS")
        .ok()
        .and_then(|s| s.parse::<u64>().ok())
    else {
        eprintln!("GRAFCODE_FUZZ_SECS not set: long fuzz run skipped");
        return;
    };
    let strategies: Vec<(&str, BoxedStrategy<String>)> = vec![
        ("arbitrary text", any::<String>().boxed()),
        (
            "arbitrary bytes",
            prop::collection::vec(any::<u8>(), 0..300)
                .prop_map(|b| String::from_utf8_lossy(&b).into_owned())
                .boxed(),
        ),
        ("token soup", soup().boxed()),
        ("tight token soup", tight_soup().boxed()),
        ("near-valid", near_valid().boxed()),
    ];
    let per = Duration::from_secs(secs) / strategies.len() as u32;
    let started = Instant::now();
    let mut runner = TestRunner::default();
    let mut failures = Vec::new();
    let mut total = 0u64;
    for (name, strategy) in &strategies {
        let until = Instant::now() + per;
        let mut n = 0u64;
        while Instant::now() < until {
            let Ok(tree) = strategy.new_tree(&mut runner) else {
                continue;
            };
            let input = tree.current();
            if let Err(e) = guarded(&input) {
                failures.push(e);
            }
            n += 1;
        }
        eprintln!("fuzz {name}: {n} inputs");
        total += n;
    }
    eprintln!(
        "long fuzz run: {total} inputs in {:.0} s, {} failures",
        started.elapsed().as_secs_f64(),
        failures.len()
    );
    assert!(
        failures.is_empty(),
        "{}",
        failures
            .iter()
            .take(20)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
}
