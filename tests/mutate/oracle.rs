//! Runs the corpus oracles (`oracle/check.sh`) on a batch of expressions, caching the
//! labels under `target/oracle-cache/` keyed by a hash of the input.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::process::Command;

use super::tsv;

/// The verdicts of both oracles on one expression.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Labels {
    pub lezer_valid: bool,
    pub promtool_valid: Option<bool>,
}

/// Why the oracles could not run.
pub fn unavailable(corpus: &Path) -> Option<String> {
    let has = |cmd: &str| {
        Command::new("sh")
            .arg("-c")
            .arg(format!("command -v {cmd}"))
            .output()
            .is_ok_and(|o| o.status.success())
    };
    if !corpus.join("oracle/check.sh").is_file() {
        return Some("oracle/check.sh missing".into());
    }
    for cmd in ["node", "python3", "promtool"] {
        if !has(cmd) {
            return Some(format!("{cmd} not on PATH"));
        }
    }
    None
}

fn cache_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/oracle-cache")
}

/// Labels `exprs` with the oracles of `lang` (`promql`/`logql`); cached by content hash.
pub fn label(corpus: &Path, lang: &str, exprs: &[String]) -> Result<Vec<Labels>, String> {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    lang.hash(&mut h);
    exprs.hash(&mut h);
    let key = format!("{lang}-{:016x}", h.finish());
    let dir = cache_dir();
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    let out = dir.join(format!("{key}.labels.tsv"));
    if !out.is_file() {
        let input = dir.join(format!("{key}.in.tsv"));
        let rows: Vec<Vec<String>> = exprs.iter().map(|e| vec![e.clone()]).collect();
        tsv::write(&input, &["expression"], &rows);
        let node_dir = std::env::var_os("ORACLE_NODE_DIR")
            .map(PathBuf::from)
            .unwrap_or_else(|| {
                PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/oracle-node")
            });
        let tmp = dir.join(format!("{key}.partial.tsv"));
        let status = Command::new("bash")
            .arg(corpus.join("oracle/check.sh"))
            .arg(lang)
            .arg(&input)
            .arg(&tmp)
            .env("ORACLE_NODE_DIR", &node_dir)
            .status()
            .map_err(|e| format!("cannot run check.sh: {e}"))?;
        if !status.success() {
            return Err(format!("check.sh failed: {status}"));
        }
        std::fs::rename(&tmp, &out).map_err(|e| e.to_string())?;
    }
    let rows = tsv::read(&out);
    if rows.len() != exprs.len() {
        return Err(format!(
            "oracle output has {} rows for {} inputs",
            rows.len(),
            exprs.len()
        ));
    }
    let by_expr: HashMap<&str, &HashMap<String, String>> =
        rows.iter().map(|r| (r["expression"].as_str(), r)).collect();
    exprs
        .iter()
        .map(|e| {
            let r = by_expr
                .get(e.as_str())
                .ok_or_else(|| format!("no label for {e:?}"))?;
            let v = |k: &str| r.get(k).map(String::as_str);
            Ok(Labels {
                lezer_valid: v("lezer_verdict") == Some("valid"),
                promtool_valid: match v("promtool_verdict") {
                    Some("valid") => Some(true),
                    Some("invalid") => Some(false),
                    _ => None,
                },
            })
        })
        .collect()
}
