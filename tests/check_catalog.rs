//! `grafcode catalog pull` against a real Prometheus (the Debian `prometheus` package) started
//! here on 127.0.0.1 with a free port, a temporary storage directory and a configuration that
//! scrapes itself; then `grafcode check --catalog` with the pulled catalog, and `--prometheus`
//! live, flag a dashboard query on a metric the server does not have and pass one it has.

use std::net::TcpListener;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

const PROMETHEUS: &str = "/usr/bin/prometheus";

/// Kills the server when the test ends, however it ends.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

fn start(dir: &Path) -> Option<(Server, String)> {
    if !Path::new(PROMETHEUS).exists() {
        if std::env::var("GRAFCODE_REQUIRE_CORPUS").as_deref() == Ok("1") {
            panic!("{PROMETHEUS} is required (Debian package prometheus; .ci/run installs it)");
        }
        println!("{PROMETHEUS} absent, skipped");
        return None;
    }
    let port = free_port();
    let addr = format!("127.0.0.1:{port}");
    let config = dir.join("prometheus.yml");
    std::fs::write(
        &config,
        format!(
            "global:\n  scrape_interval: 1s\nscrape_configs:\n  - job_name: prometheus\n    static_configs:\n      - targets: ['{addr}']\n"
        ),
    )
    .expect("write config");
    let child = Command::new(PROMETHEUS)
        .arg(format!("--config.file={}", config.display()))
        .arg(format!(
            "--storage.tsdb.path={}",
            dir.join("data").display()
        ))
        .arg(format!("--web.listen-address={addr}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start prometheus");
    let server = Server(child);
    let url = format!("http://{addr}");
    wait_for_first_scrape(&url);
    Some((server, url))
}

/// Polls until the self-scrape has produced series and metadata (at most 60 s).
fn wait_for_first_scrape(url: &str) {
    let deadline = Instant::now() + Duration::from_secs(60);
    let ready = |path: &str, needle: &str| -> bool {
        ureq::get(&format!("{url}{path}"))
            .call()
            .ok()
            .and_then(|mut r| r.body_mut().read_to_string().ok())
            .is_some_and(|body| body.contains(needle))
    };
    while Instant::now() < deadline {
        if ready(
            "/api/v1/series?match%5B%5D=prometheus_http_requests_total",
            "prometheus_http_requests_total",
        ) && ready("/api/v1/metadata", "prometheus_http_requests_total")
        {
            return;
        }
        std::thread::sleep(Duration::from_millis(250));
    }
    panic!("prometheus at {url} did not scrape itself within 60s");
}

fn grafcode(dir: &Path, args: &[&str]) -> (i32, String) {
    let out = assert_cmd::Command::cargo_bin("grafcode")
        .expect("binary")
        .current_dir(dir)
        .args(args)
        .output()
        .expect("run grafcode");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.is_empty() || out.status.code() == Some(1),
        "{stderr}"
    );
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

const DASHBOARD: &str = r#"{"title": "Self", "uid": "self", "panels": [
  {"title": "ok", "datasource": {"type": "prometheus", "uid": "p"}, "targets": [
    {"expr": "sum by (handler) (rate(prometheus_http_requests_total{handler=\"/metrics\"}[$__rate_interval]))", "legendFormat": "{{handler}}"},
    {"expr": "histogram_quantile(0.9, sum by (le) (rate(prometheus_http_request_duration_seconds_bucket[$__rate_interval])))"}]},
  {"title": "bad", "datasource": {"type": "prometheus", "uid": "p"}, "targets": [
    {"expr": "rate(prometheus_http_requests_totl[$__rate_interval])"},
    {"expr": "rate(prometheus_http_requests_total{status=\"200\"}[$__rate_interval])"},
    {"expr": "rate(go_goroutines[$__rate_interval])"}]}
]}
"#;

fn ids_at(out: &str) -> Vec<(String, u64, u64)> {
    let v: Value = serde_json::from_str(out).expect("json output");
    v.as_array()
        .expect("array")
        .iter()
        .map(|d| {
            (
                d["id"].as_str().unwrap_or("").to_string(),
                d["line"].as_u64().unwrap_or(0),
                d["column"].as_u64().unwrap_or(0),
            )
        })
        .collect()
}

#[test]
fn pulled_catalog_flags_missing_metrics_and_passes_existing_ones() {
    let dir = tempfile::tempdir().expect("temp dir");
    let Some((_server, url)) = start(dir.path()) else {
        return;
    };

    let (code, _) = grafcode(
        dir.path(),
        &[
            "catalog",
            "pull",
            "--prometheus",
            &url,
            "--out",
            "library/catalog/self.yaml",
        ],
    );
    assert_eq!(code, 0);
    let text = std::fs::read_to_string(dir.path().join("library/catalog/self.yaml"))
        .expect("catalog written");
    let catalog = grafcode::catalog::Catalog::from_yaml(&text).expect("catalog parses");
    let requests = &catalog.metrics["prometheus_http_requests_total"];
    assert_eq!(requests.kind, "counter");
    assert!(
        requests.labels.contains("handler") && requests.labels.contains("code"),
        "{requests:?}"
    );
    assert_eq!(
        catalog.metrics["prometheus_http_request_duration_seconds"].kind,
        "histogram"
    );
    assert_eq!(catalog.metrics["go_goroutines"].kind, "gauge");
    assert!(
        catalog.metrics.contains_key("up"),
        "series without metadata are kept"
    );

    std::fs::write(dir.path().join("self.json"), DASHBOARD).expect("write dashboard");
    let expected = vec![
        ("catalog/metric".to_string(), 6, 20),
        ("catalog/label".to_string(), 7, 51),
        ("catalog/counter".to_string(), 8, 15),
    ];
    let (code, out) = grafcode(
        dir.path(),
        &[
            "check",
            "self.json",
            "--catalog",
            "library/catalog/self.yaml",
            "--format",
            "json",
        ],
    );
    assert_eq!(code, 1, "{out}");
    assert_eq!(ids_at(&out), expected, "{out}");

    // Live, without a catalog file: the same findings.
    let (code, out) = grafcode(
        dir.path(),
        &[
            "check",
            "self.json",
            "--prometheus",
            &url,
            "--format",
            "json",
        ],
    );
    assert_eq!(code, 1, "{out}");
    assert_eq!(ids_at(&out), expected, "{out}");

    // A `--match` snapshot holds only the matched metrics.
    let (code, out) = grafcode(
        dir.path(),
        &["catalog", "pull", "--prometheus", &url, "--match", "up"],
    );
    assert_eq!(code, 0);
    let only_up = grafcode::catalog::Catalog::from_yaml(&out).expect("catalog parses");
    assert!(only_up.metrics.contains_key("up"));
    assert!(!only_up.metrics.contains_key("go_goroutines"));
}
