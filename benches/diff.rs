//! `cargo bench --bench diff`: `grafcode diff` on a synthetic monorepo (the generator of the
//! build benchmark: 1,000 dashboards × 20 panels + 5,000 rules by default) committed in a git
//! repository, with one panel's query changed in the work tree — both sides built, the base
//! from git objects — next to `grafcode build` alone on the same tree, measured in the same
//! run (wall time of each of 3 runs, peak RSS from `/usr/bin/time -v`).
//!
//! Sizes: `GRAFCODE_BENCH_TEAMS`, `GRAFCODE_BENCH_DASHBOARDS`, `GRAFCODE_BENCH_PANELS`,
//! `GRAFCODE_BENCH_RULES` (as for `--bench build`).

mod synthetic;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

const RUNS: usize = 3;

fn git(dir: &Path, args: &[&str]) {
    let status = Command::new("git")
        .args([
            "-c",
            "safe.directory=*",
            "-c",
            "user.name=bench",
            "-c",
            "user.email=b@e",
        ])
        .args(args)
        .current_dir(dir)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .status()
        .expect("git runs");
    assert!(status.success(), "git {args:?} failed");
}

/// Runs `grafcode ARGS` under `/usr/bin/time -v` `RUNS` times: wall times, last peak RSS
/// (KiB) and the last stdout.
fn measure(bin: &Path, args: &[&str]) -> (Vec<Duration>, String, String) {
    let mut walls = Vec::new();
    let (mut rss, mut stdout) = (String::new(), String::new());
    for _ in 0..RUNS {
        let start = Instant::now();
        let out = Command::new("/usr/bin/time")
            .arg("-v")
            .arg(bin)
            .args(args)
            .output()
            .expect("run /usr/bin/time -v grafcode");
        walls.push(start.elapsed());
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        assert!(out.status.success(), "grafcode {args:?} failed:\n{stderr}");
        rss = stderr
            .lines()
            .find_map(|l| l.trim().strip_prefix("Maximum resident set size (kbytes):"))
            .map(|v| v.trim().to_string())
            .unwrap_or_default();
        stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    }
    walls.sort();
    (walls, rss, stdout)
}

fn show(name: &str, walls: &[Duration], rss: &str) -> f64 {
    let median = walls[walls.len() / 2].as_secs_f64();
    let all: Vec<String> = walls
        .iter()
        .map(|w| format!("{:.3}", w.as_secs_f64()))
        .collect();
    println!(
        "{name}: median {median:.3} s (runs {} s), peak RSS {rss} KiB",
        all.join(", ")
    );
    median
}

fn main() {
    if std::env::args().any(|a| a == "--list") {
        println!("diff: bench");
        return;
    }
    let size = |name: &str, default: usize| {
        std::env::var(name)
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(default)
    };
    let teams = size("GRAFCODE_BENCH_TEAMS", 20);
    let dashboards = size("GRAFCODE_BENCH_DASHBOARDS", 1000);
    let panels = size("GRAFCODE_BENCH_PANELS", 20);
    let rules = size("GRAFCODE_BENCH_RULES", 5000);
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path().join("repo");
    synthetic::generate(&root, teams, dashboards, panels, rules);
    git(&root, &["init", "-q", "-b", "main"]);
    git(&root, &["add", "-A"]);
    git(&root, &["commit", "-q", "-m", "synthetic monorepo"]);
    // One panel's query changes in the work tree.
    let changed = root.join("teams/team000/dashboards/svc0000.yaml");
    let text = std::fs::read_to_string(&changed).expect("read");
    assert_eq!(text.matches("handler=\"/api/0\"}").count(), 1);
    std::fs::write(
        &changed,
        text.replace("handler=\"/api/0\"}", "handler=\"/api/v2\"}"),
    )
    .expect("write");
    println!(
        "synthetic monorepo: {teams} teams, {dashboards} dashboards × {panels} panels, {rules} rules; one panel's query changed"
    );

    let bin = PathBuf::from(env!("CARGO_BIN_EXE_grafcode"));
    let root_s = root.to_str().expect("utf-8");
    let out = dir.path().join("out");
    let out_s = out.to_str().expect("utf-8");
    let (walls, rss, _) = measure(&bin, &["build", "--root", root_s, "--out", out_s]);
    let build = show("grafcode build (work tree)", &walls, &rss);
    let (walls, rss, report) = measure(
        &bin,
        &[
            "diff", "--root", root_s, "--base", "main", "--format", "json",
        ],
    );
    let diff = show("grafcode diff --base main (both sides)", &walls, &rss);
    println!("ratio diff / build: {:.2}", diff / build);

    let report: serde_json::Value = serde_json::from_str(&report).expect("json report");
    let objects = report["objects"].as_array().map_or(0, Vec::len);
    assert_eq!(objects, 1, "exactly the changed dashboard: {report}");
    let change = &report["objects"][0]["changes"][0];
    assert_eq!(change["subject"], "panel \"Panel 0\"");
    assert_eq!(change["field"], "query A");
    println!(
        "diff found: {} {} — {} {} ({} rendered files)",
        report["objects"][0]["kind"],
        report["objects"][0]["key"],
        change["subject"],
        change["field"],
        report["files"].as_array().map_or(0, Vec::len)
    );
}
