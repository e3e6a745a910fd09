//! `grafcode check` over the real-world corpus: every dashboard and rule file is read and
//! checked without a crash, and the syntax findings (`promql/syntax`, `logql/syntax`, and
//! `query/language` for a query in the other language) fall on exactly the expressions both
//! oracles reject (lezer + promtool for PromQL, lezer for LogQL).

mod corpus;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use grafcode::check::{self, Config, Context, input};

/// Reads a corpus TSV (PostgreSQL-COPY escaping) into rows of named fields.
fn read_tsv(path: &Path) -> Vec<BTreeMap<String, String>> {
    let text = std::fs::read_to_string(path).expect("read tsv");
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().expect("header").split('\t').collect();
    lines
        .map(|l| {
            header
                .iter()
                .zip(l.split('\t'))
                .map(|(h, v)| (h.to_string(), unescape(v)))
                .collect()
        })
        .collect()
}

fn unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('t') => out.push('\t'),
            Some('n') => out.push('\n'),
            Some('r') => out.push('\r'),
            Some(other) => out.push(other),
            None => out.push('\\'),
        }
    }
    out
}

/// `(corpus-relative file, expression)` of every expression both oracles reject.
fn rejected_by_oracles(corpus: &Path) -> BTreeSet<(String, String)> {
    let mut out = BTreeSet::new();
    for row in read_tsv(&corpus.join("exprs/promql_labels.tsv")) {
        if row["lezer_verdict"] == "invalid" && row["promtool_verdict"] == "invalid" {
            out.insert((
                row["source_file"].clone(),
                row["expression"].trim().to_string(),
            ));
        }
    }
    for row in read_tsv(&corpus.join("exprs/logql_labels.tsv")) {
        if row["lezer_verdict"] == "invalid" {
            out.insert((
                row["source_file"].clone(),
                row["expression"].trim().to_string(),
            ));
        }
    }
    out
}

const SYNTAX: [&str; 3] = ["promql/syntax", "logql/syntax", "query/language"];

#[test]
fn corpus_syntax_findings_match_the_oracles() {
    let Some(corpus) = corpus::corpus("exprs") else {
        return;
    };
    let paths = input::files::expand(&[corpus.join("dashboards"), corpus.join("rules")])
        .expect("list corpus");
    let input = input::files::load(&paths).expect("read corpus");
    let config = Config::default();
    let ctx = Context::new(&input, &config, None);
    let found = check::run(&ctx);

    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for d in &found {
        *counts.entry(d.id.as_str()).or_default() += 1;
    }
    println!(
        "{} files, {} dashboards, {} rule files, {} queries",
        paths.len(),
        input.dashboards.len(),
        input.rule_files.len(),
        ctx.queries.len()
    );
    for (id, n) in &counts {
        println!("{id}: {n}");
    }

    // Map each syntax finding back to the query whose text it points into.
    let prefix = format!("{}/", corpus.display());
    let mut flagged = BTreeSet::new();
    for d in found.iter().filter(|d| SYNTAX.contains(&d.id.as_str())) {
        let label = d.label.as_ref().expect("syntax findings have a place");
        let q = ctx
            .queries
            .iter()
            .map(|p| p.query)
            .find(|q| {
                let start = q.origin.to_file(0);
                let end = q.origin.to_file(q.expr.len().saturating_sub(1)) + 1;
                std::sync::Arc::ptr_eq(&q.origin.file, &label.file)
                    && (start..=end).contains(&label.span.start)
            })
            .unwrap_or_else(|| panic!("finding outside every query: {}", d.render_text()));
        let file = q.origin.file.path().display().to_string();
        let rel = file.strip_prefix(&prefix).unwrap_or(&file).to_string();
        flagged.insert((rel, q.expr.trim().to_string()));
    }
    let expected = rejected_by_oracles(&corpus);
    let missed: Vec<_> = expected.difference(&flagged).collect();
    let extra: Vec<_> = flagged.difference(&expected).collect();
    println!(
        "oracles reject {}, grafcode flags {}, missed {}, extra {}",
        expected.len(),
        flagged.len(),
        missed.len(),
        extra.len()
    );
    assert!(
        missed.is_empty(),
        "rejected by both oracles but not flagged: {missed:#?}"
    );
    assert!(
        extra.is_empty(),
        "flagged but accepted by an oracle: {extra:#?}"
    );
}
