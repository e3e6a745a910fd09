//! `grafcode expr --lang promql`: one expression as an argument, or JSON lines on stdin.

use assert_cmd::Command;
use serde_json::Value;

fn grafcode() -> Command {
    Command::cargo_bin("grafcode").unwrap_or_else(|e| panic!("binary: {e}"))
}

fn json_lines(out: &[u8]) -> Vec<Value> {
    String::from_utf8_lossy(out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON: {l:?}: {e}")))
        .collect()
}

#[test]
fn valid_expression_reports_variables_and_exits_0() {
    let out = grafcode()
        .args([
            "expr",
            "--lang",
            "promql",
            "sum by (job) (rate(x{a=~\"$a\"}[$__rate_interval]))",
        ])
        .assert()
        .code(0)
        .get_output()
        .stdout
        .clone();
    let v = &json_lines(&out)[0];
    assert_eq!(v["valid"], true);
    assert_eq!(v["errors"], serde_json::json!([]));
    let vars: Vec<(&str, u64, u64)> = v["variables"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|x| {
                    (
                        x["name"].as_str().unwrap_or(""),
                        x["start"].as_u64().unwrap_or(0),
                        x["end"].as_u64().unwrap_or(0),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    assert_eq!(vars, [("a", 25, 27), ("__rate_interval", 30, 46)]);
}

#[test]
fn invalid_expression_reports_span_and_hint_and_exits_1() {
    let out = grafcode()
        .args(["expr", "--lang", "promql", "rate(x[5m]) by (job)"])
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let v = &json_lines(&out)[0];
    assert_eq!(v["valid"], false);
    let e = &v["errors"][0];
    assert_eq!(
        (e["start"].as_u64(), e["end"].as_u64()),
        (Some(12), Some(14))
    );
    assert!(e["message"].as_str().is_some_and(|m| m.contains("by")));
    assert!(e["hint"].as_str().is_some_and(|h| h.contains("sum by")));
}

#[test]
fn stdin_json_lines_give_one_verdict_per_line_in_order() {
    let input = "\"rate(x)\"\n{\"expr\": \"up\"}\n\"limitk(2, x)\"\n";
    let out = grafcode()
        .args(["expr", "--lang", "promql"])
        .write_stdin(input)
        .assert()
        .code(0)
        .get_output()
        .stdout
        .clone();
    let lines = json_lines(&out);
    let verdicts: Vec<bool> = lines.iter().map(|v| v["valid"] == true).collect();
    assert_eq!(verdicts, [false, true, true]);
    assert!(
        lines[0]["errors"][0]["message"]
            .as_str()
            .is_some_and(|m| m.contains("range vector"))
    );
}

#[test]
fn target_version_gates_newer_syntax() {
    let out = grafcode()
        .args([
            "expr",
            "--lang",
            "promql",
            "--prometheus-version",
            "2.42",
            "limitk(2, x)",
        ])
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let v = &json_lines(&out)[0];
    assert!(
        v["errors"][0]["message"]
            .as_str()
            .is_some_and(|m| m.contains("2.54.0"))
    );
}

#[test]
fn bad_stdin_line_is_a_usage_error() {
    grafcode()
        .args(["expr", "--lang", "promql"])
        .write_stdin("not json\n")
        .assert()
        .code(2);
}
