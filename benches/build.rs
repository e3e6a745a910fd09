//! `cargo bench --bench build`: generates a synthetic monorepo (N teams × M dashboards × P
//! panels, plus alert groups) and measures `grafcode build` on it — wall time and peak
//! memory from `/usr/bin/time -v` — next to the I/O floor measured in the same run: reading
//! every input file and writing the same bytes of output to a fresh directory.
//!
//! Sizes (defaults = the acceptance case): `GRAFCODE_BENCH_TEAMS=20`,
//! `GRAFCODE_BENCH_DASHBOARDS=1000`, `GRAFCODE_BENCH_PANELS=20`, `GRAFCODE_BENCH_RULES=5000`.
//! `GRAFCODE_BENCH_KEEP=1` keeps the generated tree and prints where it is.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

fn env_usize(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn write(root: &Path, path: &str, text: &str) {
    let p = root.join(path);
    if let Some(parent) = p.parent() {
        fs::create_dir_all(parent).expect("create dir");
    }
    fs::write(p, text).expect("write file");
}

/// Writes the synthetic monorepo.
fn generate(root: &Path, teams: usize, dashboards: usize, panels: usize, rules: usize) {
    write(
        root,
        "grafcode.yaml",
        "grafana: 12.2.0\noutputs:\n  sidecar: {namespace: monitoring}\n  provisioning: {}\n  prometheus-rule: {}\n  loki-rules: {}\nenvironments:\n  production: {}\n",
    );
    write(
        root,
        "library/datasources/main.yaml",
        "datasources:\n  - name: prometheus\n    type: prometheus\n    url: http://prometheus:9090\n    default: true\n  - name: loki\n    type: loki\n    url: http://loki-gateway\n    jsonData: {httpHeaderName1: X-Scope-OrgID}\n    secureJsonData: {httpHeaderValue1: \"$__file{/etc/secrets/tenant}\"}\n",
    );
    write(
        root,
        "library/panels/latency.yaml",
        "kind: panel\nparams:\n  job: {}\n---\ntype: timeseries\ntitle: p99 {{ job }}\nexpr: histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket{job=\"{{ job }}\"}[5m])))\nunit: s\nwidth: 8\n",
    );
    let per_team_dash = dashboards.div_ceil(teams.max(1));
    let per_team_rules = rules.div_ceil(teams.max(1));
    let mut made_dash = 0;
    let mut made_rules = 0;
    for t in 0..teams {
        let team = format!("team{t:03}");
        write(
            root,
            &format!("teams/{team}/team.yaml"),
            &format!("owners: [\"@acme/{team}\"]\nfolder: Team {t}\nlabels: {{team: {team}}}\n"),
        );
        for d in 0..per_team_dash {
            if made_dash == dashboards {
                break;
            }
            made_dash += 1;
            let mut y = format!(
                "title: Service {d} of {team}\ntags: [synthetic]\ndatasource: prometheus\nvariables:\n  - name: instance\n    query: label_values(up{{job=\"svc{d}\"}}, instance)\n    multi: true\n    includeAll: true\nrows:\n"
            );
            for p in 0..panels {
                if p % 6 == 0 {
                    let _ = writeln!(y, "  - title: Row {p}\n    panels:");
                }
                if p % 10 == 9 {
                    let _ = writeln!(y, "      - use: latency\n        with: {{job: svc{d}}}");
                } else if p % 5 == 4 {
                    let _ = writeln!(
                        y,
                        "      - type: logs\n        title: Logs {p}\n        datasource: loki\n        expr: '{{job=\"svc{d}\"}} |= \"error\" | logfmt'\n        width: 24"
                    );
                } else {
                    let _ = writeln!(
                        y,
                        "      - type: timeseries\n        title: Panel {p}\n        expr: sum by (code) (rate(http_requests_total{{job=\"svc{d}\", instance=~\"$instance\", handler=\"/api/{p}\"}}[$__rate_interval]))\n        legend: \"{{{{code}}}}\"\n        unit: reqps\n        width: 8"
                    );
                }
            }
            write(root, &format!("teams/{team}/dashboards/svc{d:04}.yaml"), &y);
        }
        let mut a = String::from("groups:\n");
        let mut g = 0;
        let mut in_team = 0;
        while in_team < per_team_rules && made_rules < rules {
            let engine = match g % 4 {
                3 => "prometheus",
                _ => "grafana",
            };
            let _ = writeln!(
                a,
                "  - name: group{g}\n    engine: {engine}\n    interval: 1m\n    datasource: prometheus\n    rules:"
            );
            for r in 0..10 {
                if in_team == per_team_rules || made_rules == rules {
                    break;
                }
                in_team += 1;
                made_rules += 1;
                let threshold = if engine == "grafana" {
                    "        threshold: \"> 0.5\"\n"
                } else {
                    ""
                };
                let _ = write!(
                    a,
                    "      - alert: HighLatency{g}x{r}\n        expr: histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket{{job=\"svc{r}\"}}[5m])))\n{threshold}        for: 5m\n        labels: {{severity: page}}\n        annotations: {{summary: \"p99 of svc{r} is high\"}}\n"
                );
            }
            g += 1;
        }
        write(root, &format!("teams/{team}/alerts/generated.yaml"), &a);
    }
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
