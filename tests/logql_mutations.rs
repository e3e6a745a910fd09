//! Mutation test: broken variants of the corpus's valid LogQL expressions, labelled by
//! lezer-logql (the corpus oracle, cached under target/). grafcode must reject every mutant
//! lezer rejects, never panic, and for at least 95% of them report an error whose span
//! overlaps the mutated spot (closed intervals: touching counts, so an error at the gap left
//! by a deletion overlaps it).

mod logql_support;

use std::collections::{BTreeMap, HashMap, HashSet};

use grafcode::query::ParseOptions;
use grafcode::query::logql;
use logql_support::mutate::{Mutant, mutants};
use logql_support::{corpus, lezer_verdicts, oracle_required, read_tsv};

fn overlaps(a: &std::ops::Range<usize>, b: &std::ops::Range<usize>) -> bool {
    a.start <= b.end && b.start <= a.end
}

#[test]
fn rejects_what_lezer_rejects_at_the_mutated_spot() {
    let Some(corpus) = corpus() else { return };
    let opts = ParseOptions::default();
    let mut seen = HashSet::new();
    let mut valid = Vec::new();
    for row in read_tsv(&corpus.join("exprs/logql_labels.tsv")) {
        let e = row["expression"].clone();
        if row["lezer_verdict"] == "valid"
            && logql::parse(&e, &opts).errors.is_empty()
            && seen.insert(e.clone())
        {
            valid.push(e);
        }
    }
    // The same broken text can come from several mutations (deleting either `)` of `))`):
    // its spot is then the hull of theirs.
    let mut all: Vec<Mutant> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    for e in &valid {
        for m in mutants(e) {
            match index.get(&m.text) {
                Some(&i) => {
                    let spot = &mut all[i].spot;
                    if m.spot.start <= spot.end + 1 && spot.start <= m.spot.end + 1 {
                        *spot = spot.start.min(m.spot.start)..spot.end.max(m.spot.end);
                    }
                }
                None => {
                    index.insert(m.text.clone(), all.len());
                    all.push(m);
                }
            }
        }
    }
    let exprs: Vec<String> = all.iter().map(|m| m.text.clone()).collect();
    let Some(verdicts) = lezer_verdicts(&corpus, &exprs) else {
        assert!(
            !oracle_required(),
            "node / lezer oracle unavailable but GRAFCODE_REQUIRE_CORPUS=1"
        );
        eprintln!("node or the lezer oracle is unavailable, skipped");
        return;
    };
    let mut rejected_by_lezer = 0;
    let mut missed = Vec::new();
    let mut off_spot = Vec::new();
    let mut per_kind: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for (m, lezer_ok) in all.iter().zip(&verdicts) {
        let ours = logql::parse(&m.text, &opts);
        if *lezer_ok {
            continue;
        }
        rejected_by_lezer += 1;
        let entry = per_kind.entry(m.kind).or_default();
        entry.0 += 1;
        let Some(first) = ours.errors.first() else {
            missed.push(format!("{}: {:?}", m.kind, m.text));
            continue;
        };
        if ours.errors.iter().any(|e| overlaps(&e.span, &m.spot)) {
            entry.1 += 1;
        } else {
            off_spot.push(format!(
                "{}: {:?} spot {:?}, error {:?} at {:?}",
                m.kind, m.text, m.spot, first.message, first.span
            ));
        }
    }
    let on_spot = rejected_by_lezer - missed.len() - off_spot.len();
    let pct = 100.0 * on_spot as f64 / rejected_by_lezer.max(1) as f64;
    eprintln!(
        "logql mutations: {} from {} valid expressions; lezer rejects {}; grafcode rejects {} of them, {} ({pct:.2}%) with an error span on the mutated spot",
        all.len(),
        valid.len(),
        rejected_by_lezer,
        rejected_by_lezer - missed.len(),
        on_spot
    );
    for (k, (n, ok)) in &per_kind {
        eprintln!("  {k:24} {ok:6} / {n:6} on spot");
    }
    for s in off_spot.iter().take(40) {
        eprintln!("  off spot: {s}");
    }
    assert!(all.len() >= 5000, "too few mutants: {}", all.len());
    assert!(
        missed.is_empty(),
        "grafcode accepts {} mutants lezer rejects:\n{}",
        missed.len(),
        missed.join("\n")
    );
    assert!(
        pct >= 95.0,
        "only {pct:.2}% of errors overlap the mutated spot"
    );
}

mod mutate;

/// LogQL for the shared, language-parameterised mutation generator (`tests/mutate/`).
const LOGQL: mutate::LangSpec = mutate::LangSpec {
    name: "logql",
    binary_ops: &[
        "+", "-", "*", "/", "%", "^", "==", ">=", "<=", ">", "<", "and", "or", "unless",
    ],
    invalid_ops: &["=>", "<>", "**", "&&", "=<", "!"],
    aggregators: &[
        "sum",
        "avg",
        "min",
        "max",
        "count",
        "topk",
        "bottomk",
        "stddev",
        "stdvar",
        "sort",
        "sort_desc",
    ],
    by_after: &[
        "count_over_time",
        "bytes_over_time",
        "bytes_rate",
        "sum_over_time",
        "label_replace",
        "vector",
    ],
    garbage: &[';', '?', '&', '\\', '@'],
};

/// The same property on the mutants of the shared generator (seeded, deterministic).
#[test]
fn shared_generator_mutants_are_rejected_where_lezer_rejects() {
    let Some(corpus) = mutate::corpus_dir() else {
        return;
    };
    if let Some(why) = mutate::oracle::unavailable(&corpus) {
        assert!(
            !oracle_required(),
            "oracles required but unavailable: {why}"
        );
        eprintln!("oracles unavailable ({why}), skipped");
        return;
    }
    let opts = ParseOptions::default();
    let mut seen = HashSet::new();
    let mut valid: Vec<String> = read_tsv(&corpus.join("exprs/logql_labels.tsv"))
        .into_iter()
        .map(|r| r["expression"].clone())
        .filter(|e| logql::parse(e, &opts).errors.is_empty() && seen.insert(e.clone()))
        .collect();
    valid.sort();
    let muts = mutate::generate(&LOGQL, &valid, 6_000, 0x006c_6f67_716c);
    let texts: Vec<String> = muts.iter().map(|m| m.text.clone()).collect();
    let labels = mutate::oracle::label(&corpus, "logql", &texts)
        .unwrap_or_else(|e| panic!("oracle labelling failed: {e}"));
    let (mut rejected, mut on_spot) = (0, 0);
    let mut missed = Vec::new();
    for (m, l) in muts.iter().zip(&labels) {
        let ours = logql::parse(&m.text, &opts);
        if l.lezer_valid {
            continue;
        }
        rejected += 1;
        if ours.errors.is_empty() {
            missed.push(format!("{:?}: {:?}", m.kind, m.text));
        } else if ours.errors.iter().any(|e| overlaps(&e.span, &m.spot)) {
            on_spot += 1;
        }
    }
    let pct = 100.0 * on_spot as f64 / rejected.max(1) as f64;
    eprintln!(
        "logql mutations (shared generator): {} mutants; lezer rejects {rejected}; grafcode rejects {}, {on_spot} ({pct:.2}%) on the mutated spot",
        muts.len(),
        rejected - missed.len()
    );
    assert!(
        missed.is_empty(),
        "grafcode accepts {} mutants lezer rejects:\n{}",
        missed.len(),
        missed.join("\n")
    );
    assert!(
        pct >= 95.0,
        "only {pct:.2}% of errors overlap the mutated spot"
    );
}
