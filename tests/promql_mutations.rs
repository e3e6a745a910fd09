//! Mutation test: ≥ 10,000 broken expressions derived deterministically from the corpus'
//! valid PromQL, labelled by the real oracles (lezer-promql + promtool via
//! `oracle/check.sh`, cached under `target/oracle-cache/`). grafcode must reject every one
//! both oracles reject, with an error span overlapping the mutated spot for ≥ 95%, and
//! must never panic.

mod mutate;

use std::collections::{BTreeMap, HashSet};

use grafcode::query::{ParseOptions, promql};

const WANT: usize = 12_000;
const SEED: u64 = 0x6772_6166_636f_6465;

fn valid_corpus_expressions(corpus: &std::path::Path) -> Vec<String> {
    let mut seen = HashSet::new();
    let mut out: Vec<String> = mutate::tsv::read(&corpus.join("exprs/promql_labels.tsv"))
        .into_iter()
        .filter(|r| r["lezer_verdict"] == "valid" && r["promtool_verdict"] == "valid")
        .map(|r| r["expression"].clone())
        .filter(|e| seen.insert(e.clone()))
        .collect();
    out.sort();
    out
}

#[test]
fn mutations_are_rejected_where_both_oracles_reject() {
    let Some(corpus) = mutate::corpus_dir() else {
        return;
    };
    let required = std::env::var("GRAFCODE_REQUIRE_CORPUS").as_deref() == Ok("1");
    if let Some(why) = mutate::oracle::unavailable(&corpus) {
        assert!(!required, "oracles required but unavailable: {why}");
        eprintln!("oracles unavailable ({why}), mutation test skipped");
        return;
    }
    let valid = valid_corpus_expressions(&corpus);
    let muts = mutate::generate(&mutate::PROMQL, &valid, WANT, SEED);
    assert!(
        muts.len() >= 10_000,
        "only {} mutations generated",
        muts.len()
    );
    let texts: Vec<String> = muts.iter().map(|m| m.text.clone()).collect();
    let labels = mutate::oracle::label(&corpus, "promql", &texts)
        .unwrap_or_else(|e| panic!("oracle labelling failed: {e}"));

    let opts = ParseOptions::default();
    let mut both_reject = 0;
    let mut missed = Vec::new();
    let mut off_spot = Vec::new();
    let mut per_kind: BTreeMap<String, (usize, usize, usize)> = BTreeMap::new();
    let (mut lezer_only, mut promtool_only, mut both_accept) = (0, 0, 0);
    for (m, l) in muts.iter().zip(&labels) {
        let checked = promql::check(&m.text, &opts);
        let entry = per_kind.entry(format!("{:?}", m.kind)).or_default();
        match (l.lezer_valid, l.promtool_valid) {
            (false, Some(false)) => {}
            (true, Some(true)) => {
                both_accept += 1;
                continue;
            }
            (false, _) => {
                lezer_only += 1;
                continue;
            }
            _ => {
                promtool_only += 1;
                continue;
            }
        }
        both_reject += 1;
        entry.0 += 1;
        let Some(first) = checked.errors.first() else {
            missed.push(m.text.clone());
            entry.1 += 1;
            continue;
        };
        if !checked
            .errors
            .iter()
            .any(|e| mutate::overlaps(&e.span, &m.spot))
        {
            entry.2 += 1;
            if off_spot.len() < 30 {
                off_spot.push(format!(
                    "{:?} spot {:?} {:?} / error {:?} {:?}: {:?}",
                    m.kind,
                    m.spot,
                    m.text.get(m.spot.clone()).unwrap_or(""),
                    first.span,
                    m.text.get(first.span.clone()).unwrap_or(""),
                    first.message
                ));
            }
        }
    }
    let off: usize = per_kind.values().map(|v| v.2).sum();
    let on = both_reject - missed.len() - off;
    eprintln!(
        "mutations: {} generated; both oracles reject {both_reject}, both accept {both_accept}, only lezer rejects {lezer_only}, only promtool rejects {promtool_only}",
        muts.len()
    );
    eprintln!(
        "grafcode: rejects {} of {both_reject}; error span on the mutated spot for {on} ({:.2}%)",
        both_reject - missed.len(),
        100.0 * on as f64 / both_reject.max(1) as f64
    );
    for (k, (n, miss, off)) in &per_kind {
        eprintln!("  {k:<22} both-reject {n:>5}  missed {miss:>3}  off-spot {off:>4}");
    }
    for o in &off_spot {
        eprintln!("  off-spot: {o}");
    }
    assert!(
        missed.is_empty(),
        "{} accepted although both oracles reject:\n{}",
        missed.len(),
        missed
            .iter()
            .take(30)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
    assert!(
        on * 100 >= both_reject * 95,
        "error spans on the mutated spot for only {on} of {both_reject}"
    );
}

/// No panic on any mutation (checked without oracles, so it also runs when they are absent).
#[test]
fn mutations_never_panic() {
    let Some(corpus) = mutate::corpus_dir() else {
        return;
    };
    let valid = valid_corpus_expressions(&corpus);
    let opts = ParseOptions::default();
    for m in mutate::generate(&mutate::PROMQL, &valid, WANT, SEED) {
        let c = promql::check(&m.text, &opts);
        for e in &c.errors {
            assert!(
                e.span.start <= e.span.end && e.span.end <= m.text.len(),
                "bad span {:?} in {:?}",
                e.span,
                m.text
            );
        }
    }
}
