//! Differential test of the PromQL front-end against the corpus oracles (lezer-promql and
//! promtool), with `promql-parser` as a third opinion, plus the printer round-trip on every
//! valid corpus expression. Rows where the oracles disagree must be listed, with a reason
//! and grafcode's verdict, in `docs/query-differences.tsv`.

mod mutate;

use std::collections::HashMap;
use std::path::Path;

use grafcode::query::{ParseOptions, promql};

struct Row {
    expression: String,
    substituted: String,
    lezer: bool,
    promtool: bool,
}

fn rows(path: &Path) -> Vec<Row> {
    mutate::tsv::read(path)
        .into_iter()
        .map(|r| Row {
            lezer: r["lezer_verdict"] == "valid",
            promtool: r["promtool_verdict"] == "valid",
            substituted: r["substituted_expression"].clone(),
            expression: r["expression"].clone(),
        })
        .collect()
}

/// `docs/query-differences.tsv`: lang, expression, grafcode verdict, reason.
fn differences(lang: &str) -> HashMap<String, (bool, String)> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/query-differences.tsv");
    mutate::tsv::read(&path)
        .into_iter()
        .filter(|r| r["lang"] == lang)
        .map(|r| {
            let valid = match r["grafcode"].as_str() {
                "valid" => true,
                "invalid" => false,
                other => panic!("bad grafcode verdict {other:?} in query-differences.tsv"),
            };
            assert!(
                !r["reason"].trim().is_empty(),
                "no reason for {:?}",
                r["expression"]
            );
            (r["expression"].clone(), (valid, r["reason"].clone()))
        })
        .collect()
}

fn verdict(expr: &str) -> (bool, String) {
    let c = promql::check(expr, &ParseOptions::default());
    let msg = c
        .errors
        .first()
        .map(|e| e.message.clone())
        .unwrap_or_default();
    (c.is_valid(), msg)
}

/// Checks every row: agreement with both oracles where they agree, the differences file
/// where they do not. Returns (agreeing rows checked, disagreeing rows checked).
fn check_rows(rows: &[Row], diffs: &HashMap<String, (bool, String)>, what: &str) -> (usize, usize) {
    let mut failures = Vec::new();
    let (mut agreed, mut disagreed) = (0, 0);
    for r in rows {
        let (ours, msg) = verdict(&r.expression);
        if r.lezer == r.promtool {
            agreed += 1;
            if ours != r.lezer {
                failures.push(format!(
                    "oracles say {}, grafcode {ours} ({msg}): {:?}",
                    r.lezer, r.expression
                ));
            }
        } else {
            disagreed += 1;
            match diffs.get(&r.expression) {
                None => failures.push(format!(
                    "oracles disagree (lezer {}, promtool {}) and the row is not in docs/query-differences.tsv: {:?}",
                    r.lezer, r.promtool, r.expression
                )),
                Some((want, _)) if *want != ours => failures.push(format!(
                    "query-differences.tsv says {want}, grafcode says {ours} ({msg}): {:?}",
                    r.expression
                )),
                Some(_) => {}
            }
        }
    }
    eprintln!(
        "{what}: {} rows, {agreed} where the oracles agree, {disagreed} where they disagree, {} failures",
        rows.len(),
        failures.len()
    );
    assert!(
        failures.is_empty(),
        "{what}: {} failures:\n{}",
        failures.len(),
        failures
            .iter()
            .take(40)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
    (agreed, disagreed)
}

#[test]
fn corpus_verdicts_match_the_oracles() {
    let Some(corpus) = mutate::corpus_dir() else {
        return;
    };
    let rows = rows(&corpus.join("exprs/promql_labels.tsv"));
    assert!(rows.len() > 10_000, "corpus too small: {}", rows.len());
    check_rows(&rows, &differences("promql"), "promql corpus");
}

#[test]
fn probe_verdicts_match_the_oracles() {
    let Some(corpus) = mutate::corpus_dir() else {
        return;
    };
    let rows = rows(&corpus.join("probes/probes_promql_labels.tsv"));
    check_rows(&rows, &differences("promql"), "promql probes");
    // Every difference listed for PromQL is still a real disagreement somewhere.
    let all: Vec<String> = rows
        .iter()
        .map(|r| r.expression.clone())
        .chain(
            self::rows(&corpus.join("exprs/promql_labels.tsv"))
                .into_iter()
                .map(|r| r.expression),
        )
        .collect();
    for e in differences("promql").keys() {
        assert!(
            all.contains(e),
            "stale entry in query-differences.tsv: {e:?}"
        );
    }
}

#[test]
fn printer_round_trips_every_valid_corpus_expression() {
    let Some(corpus) = mutate::corpus_dir() else {
        return;
    };
    let opts = ParseOptions::default();
    let mut seen = std::collections::HashSet::new();
    let (mut n, mut failures) = (0, Vec::new());
    for r in rows(&corpus.join("exprs/promql_labels.tsv")) {
        if !seen.insert(r.expression.clone()) {
            continue;
        }
        let Ok(e) = promql::parse(&r.expression, &opts) else {
            continue;
        };
        n += 1;
        let printed = promql::print(&e);
        match promql::parse(&printed, &opts) {
            Ok(again) if again.same_as(&e) => {}
            Ok(_) => failures.push(format!("different tree: {:?} -> {printed:?}", r.expression)),
            Err(errs) => failures.push(format!(
                "{:?} -> {printed:?}: {:?}",
                r.expression, errs[0].message
            )),
        }
    }
    eprintln!(
        "printer round-trip: {n} distinct valid expressions, {} failures",
        failures.len()
    );
    assert!(n > 5_000);
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

/// promql-parser (the Rust crate) as a third opinion on the substituted expressions; it
/// predates some 3.x syntax, so this reports agreement rather than requiring it.
#[test]
fn promql_parser_crate_as_third_opinion() {
    let Some(corpus) = mutate::corpus_dir() else {
        return;
    };
    let rows = rows(&corpus.join("exprs/promql_labels.tsv"));
    let (mut agree, mut disagree) = (0, 0);
    let mut examples = Vec::new();
    for r in &rows {
        let theirs = promql_parser::parser::parse(&r.substituted).is_ok();
        let ours = verdict(&r.expression).0;
        if theirs == ours {
            agree += 1;
        } else {
            disagree += 1;
            if examples.len() < 10 {
                examples.push(format!(
                    "promql-parser {theirs}, grafcode {ours}: {:?}",
                    r.substituted
                ));
            }
        }
    }
    eprintln!(
        "promql-parser agreement: {agree} agree, {disagree} disagree of {}",
        rows.len()
    );
    for e in &examples {
        eprintln!("  {e}");
    }
    // promql-parser lacks no syntax used by more than a handful of corpus rows.
    assert!(agree * 100 >= rows.len() * 99, "agreement below 99%");
}
