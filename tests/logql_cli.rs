//! `grafcode expr --lang logql`: one expression as an argument, or JSON lines on stdin.

use assert_cmd::Command;
use serde_json::Value;

fn grafcode() -> Command {
    Command::cargo_bin("grafcode").expect("binary")
}

#[test]
fn valid_argument_exits_zero_with_variables() {
    let out = grafcode()
        .args([
            "expr",
            "--lang",
            "logql",
            r#"sum(rate({job=~"$job"}[$__auto]))"#,
        ])
        .output()
        .expect("run");
    assert!(out.status.success());
    let v: Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(v["valid"], true);
    assert_eq!(v["errors"], serde_json::json!([]));
    let vars = v["variables"].as_array().expect("variables");
    assert_eq!(vars.len(), 2);
    assert_eq!(vars[0]["name"], "job");
    assert_eq!(vars[0]["start"], 16);
    assert_eq!(vars[1]["name"], "__auto");
    assert_eq!(vars[1]["start"], 23);
    assert_eq!(vars[1]["end"], 30);
}

#[test]
fn invalid_argument_exits_one_with_span_and_hint() {
    let out = grafcode()
        .args(["expr", "--lang", "logql", r#"rate({job="a"})"#])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(1));
    let v: Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(v["valid"], false);
    assert_eq!(v["errors"][0]["start"], 14);
    assert_eq!(v["errors"][0]["end"], 15);
    assert!(
        v["errors"][0]["hint"]
            .as_str()
            .unwrap_or("")
            .contains("[5m]")
    );
}

#[test]
fn version_flag_gates_syntax() {
    let out = grafcode()
        .args([
            "expr",
            "--lang",
            "logql",
            "--loki-version",
            "2.9",
            r#"{a="b"} |> "<_> x""#,
        ])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(1));
    let v: Value = serde_json::from_slice(&out.stdout).expect("json");
    assert!(
        v["errors"][0]["message"]
            .as_str()
            .unwrap_or("")
            .contains("3.0.0")
    );
}

#[test]
fn json_lines_in_order() {
    let input =
        "\"{a=\\\"b\\\"}\"\n{\"expr\": \"sum(\"}\n\n\"count_over_time({a=\\\"b\\\"}[5m])\"\n";
    let out = grafcode()
        .args(["expr", "--lang", "logql"])
        .write_stdin(input)
        .output()
        .expect("run");
    assert!(out.status.success());
    let lines: Vec<Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("json line"))
        .collect();
    let valid: Vec<_> = lines.iter().map(|v| v["valid"].clone()).collect();
    assert_eq!(valid, [true, false, true]);
    assert_eq!(lines[1]["errors"][0]["start"], 3);
}
