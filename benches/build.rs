//! `cargo bench --bench build`: generates a synthetic monorepo (N teams × M dashboards × P
//! panels, plus alert groups) and measures `grafcode build` on it — wall time and peak
//! memory from `/usr/bin/time -v` — next to the I/O floor measured in the same run: reading
//! every input file and writing the same bytes of output to a fresh directory.
//!
//! Sizes (defaults = the acceptance case): `GRAFCODE_BENCH_TEAMS=20`,
//! `GRAFCODE_BENCH_DASHBOARDS=1000`, `GRAFCODE_BENCH_PANELS=20`, `GRAFCODE_BENCH_RULES=5000`.
//! `GRAFCODE_BENCH_KEEP=1` keeps the generated tree and prints where it is.

mod synthetic;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use synthetic::generate;

fn env_usize(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// Every file under `dir`, sorted.
fn files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let e = e.expect("walk");
        if e.file_type().is_file() {
            out.push(e.path().to_path_buf());
        }
    }
    out
}

/// Reads every input file and writes the output bytes to a fresh directory.
fn io_floor(inputs: &[PathBuf], outputs: &[(PathBuf, Vec<u8>)], to: &Path) -> Duration {
    let start = Instant::now();
    let mut read = 0usize;
    for f in inputs {
        read += fs::read(f).expect("read input").len();
    }
    for (rel, bytes) in outputs {
        let p = to.join(rel);
        if let Some(parent) = p.parent() {
            fs::create_dir_all(parent).expect("mkdir");
        }
        fs::write(&p, bytes).expect("write output");
    }
    std::hint::black_box(read);
    start.elapsed()
}

fn main() {
    if std::env::args().any(|a| a == "--list") {
        println!("build: bench");
        return;
    }
    let teams = env_usize("GRAFCODE_BENCH_TEAMS", 20);
    let dashboards = env_usize("GRAFCODE_BENCH_DASHBOARDS", 1000);
    let panels = env_usize("GRAFCODE_BENCH_PANELS", 20);
    let rules = env_usize("GRAFCODE_BENCH_RULES", 5000);
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path().join("repo");
    generate(&root, teams, dashboards, panels, rules);
    let inputs = files(&root);
    let input_bytes: u64 = inputs
        .iter()
        .map(|f| fs::metadata(f).map_or(0, |m| m.len()))
        .sum();
    println!(
        "synthetic monorepo: {teams} teams, {dashboards} dashboards × {panels} panels, {rules} rules: {} files, {:.1} MiB",
        inputs.len(),
        input_bytes as f64 / 1048576.0
    );
    let bin = PathBuf::from(env!("CARGO_BIN_EXE_grafcode"));
    let out = root.join("out");
    let run = Command::new("/usr/bin/time")
        .arg("-v")
        .arg(&bin)
        .args(["build", "--root"])
        .arg(&root)
        .output()
        .expect("run /usr/bin/time -v grafcode build");
    let stderr = String::from_utf8_lossy(&run.stderr);
    if !run.status.success() {
        eprintln!("{stderr}");
        panic!("grafcode build failed on the synthetic monorepo");
    }
    let field = |name: &str| {
        stderr
            .lines()
            .find_map(|l| l.trim().strip_prefix(name).map(|v| v.trim().to_owned()))
            .unwrap_or_default()
    };
    let outputs: Vec<(PathBuf, Vec<u8>)> = files(&out)
        .into_iter()
        .map(|f| {
            let bytes = fs::read(&f).expect("read output");
            (
                f.strip_prefix(&out).expect("under out").to_path_buf(),
                bytes,
            )
        })
        .collect();
    let output_bytes: usize = outputs.iter().map(|(_, b)| b.len()).sum();
    let floor = io_floor(&inputs, &outputs, &dir.path().join("floor"));
    println!(
        "grafcode build: wall {} , peak RSS {} KiB, user {} s, system {} s",
        field("Elapsed (wall clock) time (h:mm:ss or m:ss):"),
        field("Maximum resident set size (kbytes):"),
        field("User time (seconds):"),
        field("System time (seconds):")
    );
    println!(
        "I/O floor (read {} input files, write {} output files, {:.1} MiB): {:.3} s",
        inputs.len(),
        outputs.len(),
        output_bytes as f64 / 1048576.0,
        floor.as_secs_f64()
    );
    if std::env::var_os("GRAFCODE_BENCH_KEEP").is_some() {
        let kept = dir.keep();
        println!("kept {}", kept.display());
    }
}
