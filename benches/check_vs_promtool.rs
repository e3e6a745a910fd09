//! Benchmark: `grafcode check` over every Prometheus rule file of the corpus against
//! `promtool check rules` over the same files, in the same run; then `grafcode check` over
//! every corpus dashboard. Both tools run as real processes with the same file list; runs
//! alternate between the tools (after one warm-up run each) so a load spike on the machine
//! hits both sides alike; best and median of N runs are printed for each side and ratio.
//! A last section times the phases of one in-process check run (where the time goes), with
//! the binary's allocator.
//!
//! `cargo bench --bench check_vs_promtool` (needs the corpus and /usr/bin/promtool).
//! `GRAFCODE_BENCH_RUNS=N` sets the number of timed runs per side (default 15).

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use grafcode::check::{self, Config, Context, input};

const PROMTOOL: &str = "/usr/bin/promtool";

/// The in-process phases run with the allocator the grafcode binary uses (src/main.rs).
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn corpus() -> Option<PathBuf> {
    let dir = std::env::var_os("GRAFCODE_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus"));
    dir.join("SOURCES.tsv").is_file().then_some(dir)
}

fn runs() -> usize {
    std::env::var("GRAFCODE_BENCH_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .filter(|n| *n > 0)
        .unwrap_or(15)
}

/// The files of one kind in SOURCES.tsv.
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

/// One command line to time.
struct Tool {
    label: &'static str,
    program: String,
    args: Vec<String>,
    times: Vec<Duration>,
    exit: Option<i32>,
}

impl Tool {
    fn new(label: &'static str, program: &str, args: &[&str]) -> Self {
        Tool {
            label,
            program: program.to_string(),
            args: args.iter().map(|a| a.to_string()).collect(),
            times: Vec::new(),
            exit: None,
        }
    }

    /// Runs the command once over `files`; output goes to a pipe that is read and dropped.
    fn run(&mut self, files: &[PathBuf]) -> Duration {
        let start = Instant::now();
        let out = Command::new(&self.program)
            .args(&self.args)
            .args(files)
            .stdin(Stdio::null())
            .output()
            .unwrap_or_else(|e| panic!("{}: {e}", self.program));
        let took = start.elapsed();
        let code = out.status.code();
        assert!(code.is_some(), "{} was killed", self.label);
        // Exit 2 is a usage or I/O error: a run that did not check anything does not count.
        assert_ne!(
            code,
            Some(2),
            "{} failed: {}",
            self.label,
            String::from_utf8_lossy(&out.stderr)
        );
        self.exit = code;
        took
    }

    fn best(&self) -> Duration {
        self.times.iter().min().copied().unwrap_or_default()
    }

    fn median(&self) -> Duration {
        let mut t = self.times.clone();
        t.sort();
        t.get(t.len() / 2).copied().unwrap_or_default()
    }

    fn print(&self) {
        println!(
            "  {:<34} best {:>9.1?}  median {:>9.1?}  (exit {})",
            self.label,
            self.best(),
            self.median(),
            self.exit.map_or("-".to_string(), |c| c.to_string())
        );
    }
}

/// One warm-up run of each tool, then `n` timed runs of each, alternating.
fn race(tools: &mut [Tool], files: &[PathBuf], n: usize) {
    for t in tools.iter_mut() {
        t.run(files);
    }
    for _ in 0..n {
        for t in tools.iter_mut() {
            let took = t.run(files);
            t.times.push(took);
        }
    }
}

fn ratio(slow: Duration, fast: Duration) -> f64 {
    slow.as_secs_f64() / fast.as_secs_f64().max(1e-9)
}

/// Times the phases of one in-process check run over `files`: best of `n` per phase.
fn phases(files: &[PathBuf], n: usize) {
    let config = Config::default();
    let mut best = [Duration::MAX; 5];
    let names = [
        "read files",
        "parse files (YAML/JSON, queries found)",
        "parse queries (PromQL/LogQL)",
        "run checks",
        "render JSON",
    ];
    for _ in 0..n {
        let t0 = Instant::now();
        let sources: Vec<_> = files
            .iter()
            .map(|p| {
                let text = std::fs::read_to_string(p).expect("read");
                grafcode::source::SourceFile::new(p.clone(), text)
            })
            .collect();
        let t1 = Instant::now();
        let input = input::files::from_sources(sources);
        let t2 = Instant::now();
        let ctx = Context::new(&input, &config, None);
        let t3 = Instant::now();
        let found = check::run(&ctx);
        let t4 = Instant::now();
        let out = grafcode::diag::json::render(&found);
        let t5 = Instant::now();
        std::hint::black_box(out);
        for (i, d) in [t1 - t0, t2 - t1, t3 - t2, t4 - t3, t5 - t4]
            .into_iter()
            .enumerate()
        {
            best[i] = best[i].min(d);
        }
    }
    for (name, d) in names.iter().zip(best) {
        println!("    {name:<40} {d:>9.1?}");
    }
}

fn main() {
    if std::env::args().any(|a| a == "--list") {
        println!("check_vs_promtool: bench");
        return;
    }
    let Some(corpus) = corpus() else {
        println!("corpus absent, benchmark skipped");
        return;
    };
    let n = runs();
    let grafcode = env!("CARGO_BIN_EXE_grafcode");
    let check = ["check", "--format", "json"];

    let rules = files_of_kind(&corpus, "prometheus-rules");
    println!(
        "rule files: {} (the same list to both tools; {n} alternating runs each after a warm-up)",
        rules.len()
    );
    let mut tools = vec![Tool::new("grafcode check --format json", grafcode, &check)];
    if Path::new(PROMTOOL).exists() {
        tools.push(Tool::new(
            "promtool check rules",
            PROMTOOL,
            &["check", "rules"],
        ));
    }
    race(&mut tools, &rules, n);
    tools.iter().for_each(Tool::print);
    if let [ours, theirs] = tools.as_slice() {
        println!(
            "  grafcode is {:.1}x faster (best vs best), {:.1}x (median vs median)",
            ratio(theirs.best(), ours.best()),
            ratio(theirs.median(), ours.median())
        );
    } else {
        println!("  {PROMTOOL} absent: no comparison");
    }

    let mut dashboards = files_of_kind(&corpus, "dashboard");
    dashboards.extend(files_of_kind(&corpus, "dashboard-v2"));
    println!("dashboards: {}", dashboards.len());
    let mut ours = [Tool::new("grafcode check --format json", grafcode, &check)];
    race(&mut ours, &dashboards, n);
    ours[0].print();

    println!("in-process phases, best of {n} (rule files):");
    phases(&rules, n);
    println!("in-process phases, best of {n} (dashboards):");
    phases(&dashboards, n);
}
