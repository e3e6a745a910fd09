//! Differential test of the LogQL front-end against Grafana's lezer-logql grammar on the
//! real-world corpus (raw expressions, Grafana variables as tokens), plus the printer
//! round-trip on every valid expression. Rows where grafcode knowingly differs from lezer
//! are listed, with the reason, in `docs/logql-differences.md`.

mod logql_support;

use std::collections::HashSet;
use std::path::Path;

use grafcode::query::ParseOptions;
use grafcode::query::logql;
use logql_support::{corpus, read_tsv, unescape};

/// The expressions (raw) listed in the differences file's ```differences block.
fn documented_differences() -> HashSet<String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/logql-differences.md");
    let text = std::fs::read_to_string(&path).unwrap_or_default();
    let mut set = HashSet::new();
    let mut inside = false;
    for line in text.lines() {
        if line.starts_with("```differences") {
            inside = true;
        } else if line.starts_with("```") {
            inside = false;
        } else if inside && !line.trim().is_empty() {
            // grafcode-verdict <TAB> escaped expression <TAB> reason
            let mut cols = line.split('\t');
            if let (Some(_), Some(expr)) = (cols.next(), cols.next()) {
                set.insert(unescape(expr));
            }
        }
    }
    set
}

struct Tally {
    rows: usize,
    agree: usize,
    documented: usize,
    failures: Vec<String>,
    round_trips: usize,
}

fn run_file(path: &Path, differences: &HashSet<String>, t: &mut Tally) {
    let opts = ParseOptions::default();
    for row in read_tsv(path) {
        let expr = &row["expression"];
        let lezer_ok = row["lezer_verdict"] == "valid";
        let parsed = logql::parse(expr, &opts);
        let ours = parsed.errors.is_empty();
        t.rows += 1;
        if ours == lezer_ok {
            t.agree += 1;
        } else if differences.contains(expr) {
            t.documented += 1;
        } else {
            t.failures.push(format!(
                "{}\t{}\tlezer={}\tours={:?}",
                if ours { "valid" } else { "invalid" },
                grafcode_escape(expr),
                row["lezer_verdict"],
                parsed.errors.first().map(|e| (&e.message, &e.span)),
            ));
        }
        if let (true, Some(tree)) = (ours, &parsed.expr) {
            let printed = logql::print(tree);
            let again = logql::parse(&printed, &opts);
            assert!(
                again.errors.is_empty(),
                "printed form does not parse: {printed:?} (from {expr:?}): {:?}",
                again.errors
            );
            assert_eq!(
                again.expr.as_ref(),
                Some(tree),
                "round trip of {expr:?} via {printed:?}"
            );
            t.round_trips += 1;
        }
    }
}

fn grafcode_escape(s: &str) -> String {
    logql_support::escape(s)
}

#[test]
fn verdicts_match_lezer_and_printer_round_trips() {
    let Some(corpus) = corpus() else { return };
    let differences = documented_differences();
    let mut t = Tally {
        rows: 0,
        agree: 0,
        documented: 0,
        failures: Vec::new(),
        round_trips: 0,
    };
    run_file(&corpus.join("exprs/logql_labels.tsv"), &differences, &mut t);
    run_file(
        &corpus.join("probes/probes_logql_labels.tsv"),
        &differences,
        &mut t,
    );
    eprintln!(
        "logql corpus: {} rows, {} agree with lezer-logql, {} documented differences, {} undocumented; {} printer round-trips",
        t.rows,
        t.agree,
        t.documented,
        t.failures.len(),
        t.round_trips
    );
    assert!(t.rows > 900, "corpus unexpectedly small: {} rows", t.rows);
    assert!(
        t.failures.is_empty(),
        "undocumented disagreements with lezer-logql:\n{}",
        t.failures.join("\n")
    );
}
