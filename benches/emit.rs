//! Emit throughput: a model of N dashboards × P panels and R Grafana-managed rules (built in
//! Rust, no loading), rendered by every target, then written with `write_tree`; next to it the
//! I/O floor: writing the same bytes with plain `fs::write` into a fresh directory.
//!
//! Run: `cargo bench --bench emit` (sizes: `GRAFCODE_BENCH_DASHBOARDS`, `…_PANELS`, `…_RULES`;
//! defaults 1000 × 20 and 5000).

use std::hint::black_box;
use std::time::{Duration, Instant};

use grafcode::emit::{emit_all, write::write_tree};
use grafcode::grafana::alerting::{Evaluator, QuerySource, Rule, RuleGroup};
use grafcode::grafana::dashboard::{Dashboard, DataSourceRef, Panel, Target, Thresholds, Variable};
use grafcode::model::{
    AlertFile, AlertRules, DashboardObject, Model, Origin, Outputs, SidecarOutput,
};
use grafcode::source::SourceFile;

fn env(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn model(dashboards: usize, panels: usize, rules: usize) -> Model {
    let file = SourceFile::new("teams/t/x.yaml", "");
    let origin = Origin { file, span: 0..0 };
    let prom = DataSourceRef::new("prometheus", "${datasource}");
    let dash = (0..dashboards)
        .map(|d| {
            let mut b = Dashboard::new(format!("dash-{d}"), format!("Dashboard {d}"))
                .variable(Variable::datasource("datasource", "prometheus"))
                .variable(Variable::query("job", prom.clone(), "label_values(up, job)"));
            for p in 0..panels {
                if p % 10 == 0 {
                    b = b.panel(Panel::row(format!("Row {p}")));
                }
                b = b.panel(
                    Panel::timeseries(format!("Panel {p}"))
                        .datasource(prom.clone())
                        .target(
                            Target::expr(
                                "A",
                                format!("sum by (job) (rate(metric_{p}_total{{job=~\"$job\"}}[$__rate_interval]))"),
                            )
                            .legend("{{job}}"),
                        )
                        .unit("reqps")
                        .thresholds(Thresholds::absolute("green", [(80.0, "red")])),
                );
            }
            DashboardObject {
                team: format!("team-{}", d % 10),
                folder: format!("Team {}", d % 10),
                origin: origin.clone(),
                dashboard: b.auto_layout(),
                queries: vec![],
            }
        })
        .collect();
    let src = QuerySource::new("prometheus", "prom");
    let per_file = 100;
    let alert_files = (0..rules.div_ceil(per_file))
        .map(|f| {
            let mut group = RuleGroup::new(format!("group-{f}"), "Alerts", "1m");
            for r in (f * per_file)..((f + 1) * per_file).min(rules) {
                group = group.rule(
                    Rule::query_reduce_threshold(
                        format!("rule-{r}"),
                        format!("Rule {r}"),
                        &src,
                        format!(
                            "sum(rate(errors_{r}_total[5m])) / sum(rate(requests_{r}_total[5m]))"
                        ),
                        Evaluator::gt(0.05),
                    )
                    .for_duration("5m")
                    .label("severity", "page")
                    .annotation("summary", "{{ $labels.job }} errors"),
                );
            }
            AlertFile {
                team: format!("team-{}", f % 10),
                name: format!("alerts-{f}"),
                folder: "Alerts".into(),
                origin: origin.clone(),
                rules: AlertRules::Grafana(vec![group]),
                queries: vec![],
                prometheus_rule: None,
            }
        })
        .collect();
    Model {
        environment: "default".into(),
        grafana_version: "12.1.0".into(),
        outputs: Outputs {
            sidecar: Some(SidecarOutput { namespace: None }),
            provisioning: true,
            prometheus_rule: true,
            loki_rules: true,
        },
        dashboards: dash,
        alert_files,
        datasource_files: vec![],
    }
}

fn time<T>(f: impl Fn() -> T) -> Duration {
    let t = Instant::now();
    black_box(f());
    t.elapsed()
}

fn median(mut runs: Vec<Duration>) -> Duration {
    runs.sort();
    runs[runs.len() / 2]
}

fn main() {
    let (d, p, r) = (
        env("GRAFCODE_BENCH_DASHBOARDS", 1000),
        env("GRAFCODE_BENCH_PANELS", 20),
        env("GRAFCODE_BENCH_RULES", 5000),
    );
    let model = model(d, p, r);
    let runs = 5;
    let mut emit_times = Vec::new();
    let mut files = Vec::new();
    for _ in 0..runs {
        let t = Instant::now();
        files = black_box(emit_all(&model).expect("emit"));
        emit_times.push(t.elapsed());
    }
    let bytes: usize = files.iter().map(|f| f.bytes.len()).sum();
    let per_target = [
        (
            "sidecar",
            time(|| grafcode::emit::sidecar::emit(&model).map(|f| f.len())),
        ),
        (
            "provisioning",
            time(|| grafcode::emit::provisioning::emit(&model).map(|f| f.len())),
        ),
        (
            "prometheus-rule",
            time(|| grafcode::emit::prometheus_rule::emit(&model).map(|f| f.len())),
        ),
        (
            "loki-rules",
            time(|| grafcode::emit::loki_rules::emit(&model).map(|f| f.len())),
        ),
    ];
    let tmp = std::env::temp_dir().join(format!("grafcode-bench-emit-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&tmp);
    std::fs::create_dir_all(&tmp).expect("temp dir");
    let (mut write_times, mut floor_times) = (Vec::new(), Vec::new());
    for i in 0..runs {
        let out = tmp.join("out");
        let t = Instant::now();
        write_tree(&out, &files).expect("write_tree");
        write_times.push(t.elapsed());

        let plain = tmp.join(format!("plain-{i}"));
        let t = Instant::now();
        for f in &files {
            let path = plain.join(&f.path);
            if let Some(dir) = path.parent() {
                std::fs::create_dir_all(dir).expect("mkdir");
            }
            std::fs::write(&path, &f.bytes).expect("write");
        }
        floor_times.push(t.elapsed());
        let _ = std::fs::remove_dir_all(&plain);
    }
    let _ = std::fs::remove_dir_all(&tmp);
    println!(
        "model: {d} dashboards × {p} panels, {r} Grafana rules → {} files, {:.1} MiB",
        files.len(),
        bytes as f64 / 1_048_576.0
    );
    println!(
        "emit_all (render every target), median of {runs}: {:?}",
        median(emit_times)
    );
    for (target, t) in per_target {
        println!("  {target:<16} {t:?}");
    }
    println!(
        "write_tree (temp dir + swap),    median of {runs}: {:?}",
        median(write_times)
    );
    println!(
        "I/O floor (plain fs::write),     median of {runs}: {:?}",
        median(floor_times)
    );
}
