//! Shared helpers of the LogQL integration tests: locating the corpus, reading its
//! PostgreSQL-COPY-escaped TSV files, running the lezer-logql oracle with a cache.
#![allow(dead_code)]

pub mod mutate;

use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::{Path, PathBuf};
use std::process::Command;

/// The corpus directory, or `None` (after printing why) when it is absent and not required.
pub fn corpus() -> Option<PathBuf> {
    let dir = std::env::var_os("GRAFCODE_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus"));
    if dir.join("exprs").is_dir() {
        return Some(dir);
    }
    assert!(
        std::env::var("GRAFCODE_REQUIRE_CORPUS").as_deref() != Ok("1"),
        "corpus required (GRAFCODE_REQUIRE_CORPUS=1) but absent at {}",
        dir.display()
    );
    eprintln!("corpus absent at {}, skipped", dir.display());
    None
}

/// Undoes the TSV escaping: `\\`, `\t`, `\n`, `\r`.
pub fn unescape(field: &str) -> String {
    let mut out = String::with_capacity(field.len());
    let mut chars = field.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('\\') => out.push('\\'),
            Some('t') => out.push('\t'),
            Some('n') => out.push('\n'),
            Some('r') => out.push('\r'),
            Some(other) => {
                out.push('\\');
                out.push(other);
            }
            None => out.push('\\'),
        }
    }
    out
}

/// Escapes a field for the TSV format.
pub fn escape(field: &str) -> String {
    field
        .replace('\\', "\\\\")
        .replace('\t', "\\t")
        .replace('\n', "\\n")
        .replace('\r', "\\r")
}

/// Reads a TSV file into rows keyed by column name.
pub fn read_tsv(path: &Path) -> Vec<HashMap<String, String>> {
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap_or("").split('\t').collect();
    lines
        .filter(|l| !l.is_empty())
        .map(|l| {
            header
                .iter()
                .zip(l.split('\t'))
                .map(|(h, v)| (h.to_string(), unescape(v)))
                .collect()
        })
        .collect()
}

/// The lezer-logql verdict (true = valid) for each expression, by running the corpus oracle
/// (`oracle/check.sh logql`); results are cached under `target/` keyed by the input's hash.
/// `None` when node or the oracle packages are unavailable.
pub fn lezer_verdicts(corpus: &Path, exprs: &[String]) -> Option<Vec<bool>> {
    let mut tsv = String::from("expression\n");
    for e in exprs {
        tsv.push_str(&escape(e));
        tsv.push('\n');
    }
    let mut h = DefaultHasher::new();
    tsv.hash(&mut h);
    let cache_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/logql-oracle-cache");
    let out = cache_dir.join(format!("{:016x}.tsv", h.finish()));
    if !out.exists() {
        if Command::new("node").arg("--version").output().is_err() {
            return None;
        }
        std::fs::create_dir_all(&cache_dir).ok()?;
        let input = cache_dir.join(format!("{:016x}.in.tsv", h.finish()));
        std::fs::write(&input, &tsv).ok()?;
        let tmp = out.with_extension("tmp");
        let mut cmd = Command::new(corpus.join("oracle/check.sh"));
        cmd.arg("logql").arg(&input).arg(&tmp);
        if std::env::var_os("ORACLE_NODE_DIR").is_none() {
            let default = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/oracle-node");
            cmd.env("ORACLE_NODE_DIR", default);
        }
        let status = cmd.status().ok()?;
        if !status.success() {
            eprintln!("oracle failed: {status}");
            return None;
        }
        std::fs::rename(&tmp, &out).ok()?;
        let _ = std::fs::remove_file(&input);
    }
    let rows = read_tsv(&out);
    assert_eq!(rows.len(), exprs.len(), "oracle output row count");
    Some(rows.iter().map(|r| r["lezer_verdict"] == "valid").collect())
}

/// True when node-based oracle tests must run (CI), false when they may be skipped.
pub fn oracle_required() -> bool {
    std::env::var("GRAFCODE_REQUIRE_CORPUS").as_deref() == Ok("1")
}
