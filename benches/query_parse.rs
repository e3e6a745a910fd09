//! Parse throughput on every corpus expression: grafcode's PromQL front-end next to the
//! `promql-parser` crate on the same input in the same run, plus grafcode's LogQL front-end.
//!
//! `cargo bench --bench query_parse` (reads `$GRAFCODE_CORPUS`, else `../shared/corpus`).

#[allow(dead_code)]
#[path = "../tests/mutate/tsv.rs"]
mod tsv;

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use grafcode::query::{self, Lang, ParseOptions};

/// Runs `f` over all inputs repeatedly for at least `min`; returns expressions per second.
fn throughput(inputs: &[String], min: Duration, mut f: impl FnMut(&str) -> bool) -> (f64, usize) {
    let mut best = f64::MAX;
    let mut valid = 0;
    let started = Instant::now();
    let mut rounds = 0;
    while started.elapsed() < min || rounds < 3 {
        let t = Instant::now();
        valid = inputs.iter().filter(|s| black_box(f(s))).count();
        best = best.min(t.elapsed().as_secs_f64());
        rounds += 1;
    }
    (inputs.len() as f64 / best, valid)
}

fn column(path: &Path, col: &str) -> Vec<String> {
    tsv::read(path)
        .into_iter()
        .map(|r| r[col].clone())
        .collect()
}

fn main() {
    let corpus = std::env::var_os("GRAFCODE_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus"));
    let promql_tsv = corpus.join("exprs/promql_labels.tsv");
    if !promql_tsv.is_file() {
        eprintln!("corpus absent at {}, benchmark skipped", corpus.display());
        return;
    }
    let min = Duration::from_secs(
        std::env::var("BENCH_SECS")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or(3),
    );
    let opts = ParseOptions::default();

    let substituted = column(&promql_tsv, "substituted_expression");
    let raw = column(&promql_tsv, "expression");
    let bytes: usize = substituted.iter().map(String::len).sum();
    println!(
        "PromQL corpus: {} expressions, {} bytes (substituted)",
        substituted.len(),
        bytes
    );

    let (ours, ours_valid) = throughput(&substituted, min, |s| {
        query::check(Lang::PromQL, s, &opts).is_valid()
    });
    let (theirs, theirs_valid) = throughput(&substituted, min, |s| {
        promql_parser::parser::parse(s).is_ok()
    });
    let (ours_raw, _) = throughput(&raw, min, |s| {
        query::check(Lang::PromQL, s, &opts).is_valid()
    });
    println!("grafcode promql      (substituted): {ours:>12.0} expr/s  ({ours_valid} valid)");
    println!("promql-parser 0.11   (substituted): {theirs:>12.0} expr/s  ({theirs_valid} valid)");
    println!(
        "ratio grafcode / promql-parser:      {:>12.2}x",
        ours / theirs
    );
    println!("grafcode promql      (raw, Grafana variables as tokens): {ours_raw:.0} expr/s");

    let logql_tsv = corpus.join("exprs/logql_labels.tsv");
    if logql_tsv.is_file() {
        let logql = column(&logql_tsv, "expression");
        let (l, lv) = throughput(&logql, min, |s| {
            query::check(Lang::LogQL, s, &opts).is_valid()
        });
        println!(
            "grafcode logql       (raw, {} expressions): {l:.0} expr/s ({lv} valid)",
            logql.len()
        );
    }
}
