//! Benchmark: `grafcode check` over every Prometheus rule file of the corpus against
//! `promtool check rules` over the same files, in the same run; then `grafcode check` over
//! every corpus dashboard. Both tools run as processes, best of N runs each.
//!
//! `cargo bench --bench check_vs_promtool` (needs the corpus and /usr/bin/promtool).

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const RUNS: usize = 5;

fn corpus() -> Option<PathBuf> {
    let dir = std::env::var_os("GRAFCODE_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus"));
    dir.join("SOURCES.tsv").is_file().then_some(dir)
}

/// Corpus-relative paths of the files of one kind in SOURCES.tsv.
fn files_of_kind(corpus: &Path, kind: &str) -> Vec<PathBuf> {
    let text = std::fs::read_to_string(corpus.join("SOURCES.tsv")).expect("SOURCES.tsv");
    text.lines()
        .skip(1)
        .filter_map(|l| {
            let cols: Vec<&str> = l.split('\t').collect();
            (cols.get(5) == Some(&kind)).then(|| corpus.join(cols[4]))
        })
        .filter(|p| p.is_file())
        .collect()
}

/// Best wall time of `RUNS` runs of a command (its exit code is not a failure: both tools
/// exit non-zero on findings).
fn best(program: &str, args: &[String], files: &[PathBuf]) -> Duration {
    (0..RUNS)
        .map(|_| {
            let start = Instant::now();
            let status = Command::new(program)
                .args(args)
                .args(files)
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status()
                .unwrap_or_else(|e| panic!("{program}: {e}"));
            let took = start.elapsed();
            assert!(status.code().is_some(), "{program} was killed");
            took
        })
        .min()
        .unwrap_or_default()
}

fn main() {
    let Some(corpus) = corpus() else {
        println!("corpus absent, benchmark skipped");
        return;
    };
    let grafcode = env!("CARGO_BIN_EXE_grafcode");
    let check = vec![
        "check".to_string(),
        "--format".to_string(),
        "json".to_string(),
    ];

    let rules = files_of_kind(&corpus, "prometheus-rules");
    let ours = best(grafcode, &check, &rules);
    println!("rule files: {}", rules.len());
    println!("  grafcode check       best of {RUNS}: {ours:>10.1?}");
    if Path::new("/usr/bin/promtool").exists() {
        let theirs = best(
            "/usr/bin/promtool",
            &["check".into(), "rules".into()],
            &rules,
        );
        println!("  promtool check rules best of {RUNS}: {theirs:>10.1?}");
        println!(
            "  grafcode is {:.1}x faster",
            theirs.as_secs_f64() / ours.as_secs_f64().max(1e-9)
        );
    } else {
        println!("  promtool absent: no comparison");
    }

    let mut dashboards = files_of_kind(&corpus, "dashboard");
    dashboards.extend(files_of_kind(&corpus, "dashboard-v2"));
    let took = best(grafcode, &check, &dashboards);
    println!("dashboards: {}", dashboards.len());
    println!("  grafcode check       best of {RUNS}: {took:>10.1?}");
}
