//! Unit tests of the LogQL front-end: accepted and rejected syntax, spans, hints, versions,
//! variables, printer round-trip.

use super::*;
use crate::query::Version;

fn opts() -> ParseOptions {
    ParseOptions::default()
}

fn ok(src: &str) -> Expr {
    let p = parse(src, &opts());
    assert!(p.errors.is_empty(), "{src}: {:?}", p.errors);
    let e = p.expr.expect("tree");
    let printed = print(&e);
    let again = parse(&printed, &opts());
    assert!(again.errors.is_empty(), "{printed}: {:?}", again.errors);
    assert_eq!(
        again.expr.as_ref(),
        Some(&e),
        "round trip of {src} via {printed}"
    );
    e
}

fn bad(src: &str) -> QueryError {
    let p = parse(src, &opts());
    p.errors
        .into_iter()
        .next()
        .unwrap_or_else(|| panic!("{src} accepted"))
}

#[test]
fn accepts_log_queries() {
    for q in [
        r#"{job="a"}"#,
        r#"{job="a", env!="b", x=~"c.*", y!~"d"}"#,
        r#"{job="a"} |= "x" != "y" |~ "z" !~ "w""#,
        r#"{job="a"} |> "<_> error <_>" !> "x""#,
        r#"{job="a"} |= "a" or "b" or ip("1.2.3.4")"#,
        r#"{job="a"} |= ip("10.0.0.0/8")"#,
        r#"{job="a"} | json | level="error""#,
        r#"{job="a"} | json a="b.c", d"#,
        r#"{job="a"} | logfmt --strict --keep-empty a, b="c""#,
        r#"{job="a"} | regexp "(?P<x>\\w+)" | pattern `<ip> - <_>` | unpack"#,
        r#"{job="a"} | logfmt | duration > 10s and size >= 10MB or status == 500"#,
        r#"{job="a"} | logfmt | (a="1" or b="2"), c!="3""#,
        r#"{job="a"} | logfmt | addr = ip("10.0.0.0/8") | x > -5 | y < -1m"#,
        r#"{job="a"} | line_format "{{.msg}}" | label_format a=b, c="{{.d}}""#,
        r#"{job="a"} | decolorize | drop a, b="c" | keep d, e=~"f""#,
        r#"{job="a"} | json | __error__="""#,
        "{job=\"a\"} # a comment\n |= \"x\"",
        r#"({job="a"} |= "x")"#,
    ] {
        ok(q);
    }
}

#[test]
fn accepts_metric_queries() {
    for q in [
        r#"sum by (x) (rate({job="a"}[5m]))"#,
        r#"sum(rate({job="a"}[5m])) by (x)"#,
        r#"quantile_over_time(0.99, {job="a"} | json | unwrap latency [5m]) by (x)"#,
        r#"sum(rate({job="a"} | json | unwrap bytes(size) | __error__="" [5m]))"#,
        r#"avg_over_time({job="a"} | unwrap duration_seconds(d) [1h] offset 1d)"#,
        r#"count_over_time({job="a"}[5m] offset 1h)"#,
        r#"count_over_time({job="a"}[5m] | json)"#,
        r#"count_over_time(({job="a"} | json)[5m])"#,
        r#"topk(3, sum by (x) (rate({job="a"}[5m])))"#,
        r#"approx_topk(10, sum by (x) (rate({job="a"}[5m])))"#,
        r#"sum(rate({job="a"}[5m])) or vector(0)"#,
        r#"label_replace(rate({job="a"}[5m]), "x", "$1", "y", "(.*)")"#,
        r#"sort_desc(sum by (x) (rate({job="a"}[5m])))"#,
        r#"1 + 2 * 3 ^ 2 ^ 1 - -4"#,
        r#"sum(rate({a="b"}[1m])) / on (x) group_left (y) sum(rate({a="c"}[1m])) > bool 0.5"#,
        r#"sum(count_over_time({job=~"$job"} |= "$search" [$__interval])) > $threshold"#,
        r#"sum by ($label) (rate({$filters, job="x"}[$__auto]))"#,
        r#"rate({a="b"}[5m]) unless rate({a="c"}[5m]) and rate({a="d"}[5m])"#,
        r#"absent_over_time({a="b"} | unwrap x [5m])"#,
        r#"max_over_time({a="b"} | unwrap x [5m]) by (y)"#,
    ] {
        ok(q);
    }
}

#[test]
fn binary_precedence_is_promql() {
    let e = ok("1 + 2 * 3");
    let Expr::Binary(b) = e else { panic!() };
    assert_eq!(b.op, ast::BinOp::Add);
    let e = ok("2 ^ 3 ^ 2");
    let Expr::Binary(b) = e else { panic!() };
    assert!(matches!(*b.rhs, Expr::Binary(_)), "^ is right-associative");
    let e = ok(r#"rate({a="b"}[1m]) > 1 or rate({a="c"}[1m]) > 2"#);
    let Expr::Binary(b) = e else { panic!() };
    assert_eq!(b.op, ast::BinOp::Or);
}

#[test]
fn rejects_with_spans_and_hints() {
    let e = bad(r#"rate({job="a"})"#);
    assert_eq!(e.span, 14..15);
    assert!(e.message.contains("range"), "{e:?}");
    let e = bad("{}");
    assert!(e.message.contains("at least one"));
    let e = bad(r#"{job="a"} | unwrap x"#);
    assert!(e.message.contains("unwrap"), "{e:?}");
    assert_eq!(e.span.start, 10);
    let e = bad(r#"clamp_min(sum(rate({job="a"}[5m])), 1)"#);
    assert_eq!(e.span, 0..9);
    assert!(e.hint.unwrap().contains("PromQL"));
    let e = bad("avg_over_time(some_metric[5m])");
    assert_eq!(e.span, 14..25);
    assert!(e.hint.unwrap().contains("metric"));
    let e = bad(r#"sum(rate(count_over_time({job="a"}[5m])))"#);
    assert_eq!(e.span.start, 9);
    let e = bad(r#"{job=="a"}"#);
    assert_eq!(e.span, 4..6);
    assert!(e.hint.unwrap().contains("single ="));
    let e = bad(r#"irate({a="b"}[5m])"#);
    assert!(e.hint.unwrap().contains("rate"));
    let e = bad(r#"sum(rate({a="b"}[5m])"#);
    assert!(e.message.contains("to close"), "{e:?}");
    let e = bad(r#"count_over_time({a="b"}[5m]) by (x)"#);
    assert!(e.message.contains("grouping"), "{e:?}");
    let e = bad(r#"sum_over_time({a="b"}[5m])"#);
    assert!(e.message.contains("unwrap"), "{e:?}");
    let e = bad(r#"count_over_time({a="b"} | unwrap x [5m])"#);
    assert!(e.message.contains("unwrap"), "{e:?}");
    let e = bad(r#"sum({a="b"})"#);
    assert!(e.message.contains("log query"), "{e:?}");
    let e = bad(r#"{a="b"}[5m]"#);
    assert!(e.message.contains("range aggregation"), "{e:?}");
    let e = bad(r#"topk(sum(rate({a="b"}[5m])))"#);
    assert!(e.message.contains("parameter"), "{e:?}");
    let e = bad(r#"{a="b"} |= "\d""#);
    assert!(e.message.contains("escape"), "{e:?}");
    let e = bad(r#"count_over_time({a="b"}[5x])"#);
    assert_eq!(e.span, 24..26);
}

#[test]
fn depth_is_capped() {
    let deep = format!("{}1{}", "(".repeat(10_000), ")".repeat(10_000));
    let e = bad(&deep);
    assert!(e.message.contains("deeper"), "{e:?}");
    let filters = format!(
        r#"{{a="b"}} | {}x="1"{}"#,
        "(".repeat(5000),
        ")".repeat(5000)
    );
    assert!(bad(&filters).message.contains("deeper"));
    let chain = vec!["1"; 10_000].join(" + ");
    assert!(bad(&chain).message.contains("deeper"));
    let ors = format!(r#"{{a="b"}} | {}"#, vec![r#"x="1""#; 10_000].join(" or "));
    assert!(bad(&ors).message.contains("deeper"));
    // Legal nesting right at the cap parses on a small stack.
    let ok_deep = format!("{}1{}", "(".repeat(200), ")".repeat(200));
    assert!(parse(&ok_deep, &opts()).errors.is_empty());
}

#[test]
fn version_gates() {
    let old = ParseOptions {
        loki: Version::new(2, 9, 0),
        ..ParseOptions::default()
    };
    let p = parse(r#"{a="b"} |> "<_> x""#, &old);
    assert_eq!(p.errors.len(), 1);
    assert!(p.errors[0].message.contains("3.0.0"), "{:?}", p.errors);
    let p = parse(r#"approx_topk(1, rate({a="b"}[1m]))"#, &old);
    assert!(p.errors[0].message.contains("3.3.0"));
    assert_eq!(p.errors[0].span, 0..11);
    let p = parse(
        r#"{a="b"} | decolorize"#,
        &ParseOptions {
            loki: Version::new(2, 7, 0),
            ..ParseOptions::default()
        },
    );
    assert!(p.errors[0].message.contains("2.8.0"));
    assert!(parse(r#"{a="b"} | json"#, &old).errors.is_empty());
}

#[test]
fn variables_in_source_order() {
    let p = parse(
        r#"sum by ($g) (count_over_time({$f, a=~"${v:regex}"} |= "[[s]]" [$__auto])) > ${t}"#,
        &opts(),
    );
    assert!(p.errors.is_empty(), "{:?}", p.errors);
    let names: Vec<_> = p.variables.iter().map(|v| v.name.as_str()).collect();
    assert_eq!(names, ["g", "f", "v", "s", "__auto", "t"]);
    let src = r#"{a="$x"}"#;
    assert_eq!(parse(src, &opts()).variables[0].span, 4..6);
}

#[test]
fn helpers_for_checks() {
    let e = ok(
        r#"sum by (app) (rate({job="a", env=~"p.*"} | json x="y" | label_format z=x | unwrap bytes(size) [5m])) / sum(count_over_time({job="b"} | logfmt [5m]))"#,
    );
    let sels = e.selectors();
    assert_eq!(sels.len(), 2);
    let names: Vec<_> = sels[0]
        .label_matchers()
        .map(|m| m.name.text.as_str())
        .collect();
    assert_eq!(names, ["job", "env"]);
    assert_eq!(sels[0].loc.span(), 19..40);
    let parts = e.log_parts();
    let produced = parts[0].produced_labels();
    let p: Vec<_> = produced.names.iter().map(|n| n.text.as_str()).collect();
    assert_eq!(p, ["x", "z"]);
    assert!(!produced.dynamic);
    assert!(parts[1].produced_labels().dynamic);
    assert_eq!(e.unwrap_labels()[0].text, "size");
    assert_eq!(e.grouping_labels()[0].0.text, "app");
}

#[test]
fn never_panics_on_garbage() {
    for s in [
        "",
        " ",
        "{",
        "}",
        "(",
        "|",
        "$",
        "[[",
        "\"",
        "`",
        "-",
        "--x",
        "1e",
        "0x",
        "{a=",
        "{a=\"b\"} |",
        "sum by",
        "µ",
        "{a=\"b\"} | unwrap",
        "rate(",
        "\u{0}",
    ] {
        let _ = parse(s, &opts());
    }
}
