//! Unit tests for the tricky corners of the PromQL front-end.

use super::*;
use crate::query::{ParseOptions, Version};

fn opts() -> ParseOptions {
    ParseOptions::default()
}

fn ok(src: &str) -> Expr {
    match parse(src, &opts()) {
        Ok(e) => e,
        Err(errs) => panic!("{src:?} should parse: {errs:?}"),
    }
}

fn bad(src: &str) -> QueryError {
    match parse(src, &opts()) {
        Ok(e) => panic!("{src:?} should fail, got {e:?}"),
        Err(mut errs) => errs.remove(0),
    }
}

#[test]
fn accepts_the_probe_syntax() {
    for s in [
        "x{}",
        "x offset -5m",
        "x @ start()",
        "x offset 1h @ 100",
        "x[1h:]",
        "x[1h30m]",
        "x{a=\"b\",}",
        "sum without () (x)",
        "topk(3, x) by (a)",
        "count_values(\"v\", x)",
        "x == bool 1",
        "sum(rate(x[5m])) / ignoring(a) group_left(b) y",
        "time() - x",
        "vector(1) unless on() x",
        "-x ^ 2 ^ 3",
        "0x1F + 1e3 + Inf - NaN",
        "x{a=~`\\d+`}",
        "up # trailing comment",
        "{\"my.metric\", \"my.label\"=\"a\"}",
        "x[5m+1m]",
        "limitk(2, x)",
        "info(x)",
        "SUM BY (a) (x)",
        "x[5m] anchored",
        "a * on(b) fill(0) c",
        "rate(x[step() * 2])",
        "x offset (5m + 1m)",
        "1_000 + x",
    ] {
        ok(s);
    }
}

#[test]
fn type_errors_match_prometheus() {
    assert!(
        bad("rate(x)")
            .message
            .contains("expected type range vector")
    );
    assert!(bad("sum(1)").message.contains("aggregation expression"));
    assert!(bad("1 == 1").message.contains("BOOL"));
    assert!(bad("x and 1").message.contains("set operator"));
    assert!(bad("{a=\"\"}").message.contains("non-empty matcher"));
    assert!(bad("topk(x, y)").message.contains("aggregation parameter"));
    assert!(
        bad("x[5m] + 1")
            .message
            .contains("scalar and instant vector")
    );
    assert!(bad("label_replace(x, \"a\")").message.contains("argument"));
    assert!(bad("(x[5m])[5m:1m]").message.contains("subquery"));
    assert!(bad("sum(x,)").message.contains("trailing comma"));
    assert!(bad("x and fill(0) y").message.contains("set operators"));
    assert!(bad("1 + fill(0) x").message.contains("instant vectors"));
    assert!(bad("info(x, y)").message.contains("label selectors"));
    assert!(bad("x[5m] anchored smoothed").message.contains("together"));
    assert!(bad("x[5m:] anchored").message.contains("subqueries"));
    assert!(bad("x[-5m]").message.contains("greater than 0"));
    assert!(bad("x[5m - 10m]").message.contains("greater than 0"));
    assert!(bad("$__range_s > 5").message.contains("BOOL"));
    assert!(bad("x{a=~\"a**\"}").message.contains("nested repetition"));
}

#[test]
fn precedence_and_associativity() {
    let e = ok("-x ^ 2 ^ 3");
    let ExprKind::Unary(u) = &e.kind else {
        panic!("{e:?}")
    };
    let ExprKind::Binary(b) = &u.expr.kind else {
        panic!()
    };
    assert!(
        matches!(b.rhs.kind, ExprKind::Binary(_)),
        "^ is right-associative"
    );
    let e = ok("a + b * c or d and e");
    let ExprKind::Binary(b) = &e.kind else {
        panic!()
    };
    assert_eq!(b.op, BinOp::Or);
    let e = ok("a - b - c");
    let ExprKind::Binary(b) = &e.kind else {
        panic!()
    };
    assert!(
        matches!(b.lhs.kind, ExprKind::Binary(_)),
        "- is left-associative"
    );
}

#[test]
fn spans_point_at_nodes() {
    let src = "sum by (job) (rate(http_requests_total{code=~\"5..\"}[5m]))";
    let e = ok(src);
    assert_eq!(e.span, 0..src.len());
    let sels = e.selectors();
    assert_eq!(
        &src[sels[0].1.clone()],
        "http_requests_total{code=~\"5..\"}[5m]"
    );
    let agg = e.aggregations()[0];
    assert_eq!(
        &src[agg
            .grouping
            .as_ref()
            .map(|g| g.span.clone())
            .unwrap_or(0..0)],
        "by (job)"
    );
    assert_eq!(&src[e.calls()[0].func.span.clone()], "rate");
}

#[test]
fn grafana_variables_are_tokens() {
    let src = "topk($k, sum by ($g) (rate(node_$x_total{job=~\"$job\", $filters}[$__rate_interval] offset $off))) > $threshold";
    let c = check(src, &opts());
    assert!(c.is_valid(), "{:?}", c.errors);
    let names: Vec<_> = c.variables.iter().map(|v| v.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "k",
            "g",
            "x_total",
            "job",
            "filters",
            "__rate_interval",
            "off",
            "threshold"
        ]
    );
    for v in &c.variables {
        assert!(src[v.span.clone()].starts_with('$'));
    }
    assert!(check("x @ ${__to:date:seconds}", &opts()).is_valid());
    assert!(check("rate(x[[[interval]]])", &opts()).is_valid());
    assert!(check("node_[[x]]_total{a=\"b\"}", &opts()).is_valid());
    assert!(check("x{a=~\"[[v:regex]]\"}", &opts()).is_valid());
    assert!(!check("x $op y", &opts()).is_valid());
    assert!(
        check("label_replace(x, \"a\", \"$1\", \"b\", \"(.*)\")", &opts())
            .variables
            .is_empty()
    );
}

#[test]
fn version_gates_name_the_version() {
    let old = ParseOptions {
        prometheus: Version::new(2, 42, 0),
        ..opts()
    };
    let c = check("limitk(2, x)", &old);
    assert!(c.errors[0].message.contains("2.54.0"), "{:?}", c.errors);
    assert!(!check("{\"my.metric\"}", &old).is_valid());
    assert!(!check("x[5m+1m]", &old).is_valid());
    assert!(check("holt_winters(x[5m], 0.5, 0.5)", &old).is_valid());
    let e = bad("holt_winters(x[5m], 0.5, 0.5)");
    assert!(e.message.contains("double_exponential_smoothing"), "{e:?}");
}

#[test]
fn errors_have_hints_and_spans() {
    let src = "rate(x[5m]) by (job)";
    let e = bad(src);
    assert_eq!(&src[e.span.clone()], "by");
    assert!(e.hint.is_some());
    let e = bad("sum(rate(x[5m])");
    assert!(e.message.contains("not closed"), "{e:?}");
    let e = bad("x{job==\"a\"}");
    assert!(e.hint.as_deref().unwrap_or("").contains("\"=\""), "{e:?}");
    let e = bad("{job=\"a\"} != \"error\"");
    assert!(e.hint.as_deref().unwrap_or("").contains("LogQL"), "{e:?}");
    let e = bad("{job=\"a\"} | json");
    assert!(e.hint.as_deref().unwrap_or("").contains("LogQL"), "{e:?}");
    let e = bad("{job=\"a\"} |= \"error\"");
    assert!(e.hint.as_deref().unwrap_or("").contains("LogQL"), "{e:?}");
}

#[test]
fn depth_is_capped_without_overflow() {
    let deep = "(".repeat(100_000) + "x" + &")".repeat(100_000);
    assert!(bad(&deep).message.contains("nested too deeply"));
    let calls = "abs(".repeat(100_000) + "x" + &")".repeat(100_000);
    assert!(bad(&calls).message.contains("nested too deeply"));
    let aggs = "sum(".repeat(100_000) + "x" + &")".repeat(100_000);
    assert!(bad(&aggs).message.contains("nested too deeply"));
    let chain = vec!["x"; 50_000].join(" + ");
    assert!(bad(&chain).message.contains("nested too deeply"));
    let neg = "-".repeat(100_000) + "x";
    assert!(bad(&neg).message.contains("nested too deeply"));
    let dur = format!("x[{}5m{}]", "(".repeat(100_000), ")".repeat(100_000));
    assert!(bad(&dur).message.contains("nested too deeply"));
    let sub = "x".to_string() + &"[5m:]".repeat(100_000);
    assert!(bad(&sub).message.contains("nested too deeply"));
    // Up to the cap, deep nesting is fine.
    let ok_deep = "(".repeat(100) + "x" + &")".repeat(100);
    ok(&ok_deep);
}

#[test]
fn printer_round_trips() {
    for s in [
        "sum by (job) (rate(x{a=\"b\", c!~\"d|e\"}[5m] offset -1h @ end()))",
        "-x ^ 2 ^ 3",
        "-(a + b) * c",
        "a / on(x) group_left(y) b",
        "x[1h:5m] @ 100",
        "{\"my.metric\", \"a.b\"=\"c\"}",
        "x[(5m + 1m) * 2]",
        "topk(3, x) by (a)",
        "x == bool 1",
        "time() - 5m",
        "x{$filters, a=\"$a\"}[$__rate_interval]",
        "0x1F + Inf - NaN",
        "a unless ignoring(b) c",
        "\"a\\nb\"",
        "x @ 5m",
        "unless @ 1h30m",
        "{\"my.me$ric\", \"a.$b\"=\"c\"}",
        "[[w]] @ 5m",
    ] {
        let e = ok(s);
        let printed = print(&e);
        let again = ok(&printed);
        assert!(e.same_as(&again), "{s:?} printed as {printed:?}");
    }
}
