//! Type checks Loki applies after parsing: log versus metric queries, unwrap and grouping
//! rules of range aggregations, aggregation parameters.

use super::super::QueryError;
use super::ast::*;

/// Every type error in `e`, in source order.
pub(super) fn check(e: &Expr) -> Vec<QueryError> {
    let mut errors = Vec::new();
    expr(e, &mut errors);
    errors.sort_by_key(|e| e.span.start);
    errors
}

fn push(errors: &mut Vec<QueryError>, message: String, loc: &Loc, hint: Option<&str>) {
    errors.push(QueryError {
        message,
        span: loc.span(),
        hint: hint.map(str::to_string),
    });
}

/// `e` must be a metric query (an aggregation's or operator's operand).
fn metric(e: &Expr, context: &str, errors: &mut Vec<QueryError>) {
    if e.is_log() {
        push(
            errors,
            format!("{context} needs a metric query, found a log query"),
            e.loc(),
            Some(
                "turn log lines into samples with a range aggregation, e.g. count_over_time({…}[5m])",
            ),
        );
    }
    expr(e, errors);
}

fn expr(e: &Expr, errors: &mut Vec<QueryError>) {
    match e {
        Expr::Log(_) | Expr::Literal(_) | Expr::Vector(_) => {}
        Expr::Paren(p) => expr(&p.expr, errors),
        Expr::RangeAgg(r) => range_agg(r, errors),
        Expr::VectorAgg(v) => vector_agg(v, errors),
        Expr::Binary(b) => {
            let ctx = format!("the operator \"{}\"", b.op.as_str());
            metric(&b.lhs, &ctx, errors);
            metric(&b.rhs, &ctx, errors);
            if b.op.is_set() && (is_literal(&b.lhs) || is_literal(&b.rhs)) {
                push(
                    errors,
                    format!(
                        "\"{}\" is not defined between a number and a vector",
                        b.op.as_str()
                    ),
                    &b.op_loc,
                    Some(
                        "set operators (and, or, unless) combine two vector expressions, e.g. … or vector(0)",
                    ),
                );
            }
        }
        Expr::LabelReplace(l) => metric(&l.expr, "label_replace", errors),
    }
}

fn is_literal(e: &Expr) -> bool {
    match e {
        Expr::Literal(_) => true,
        Expr::Paren(p) => is_literal(&p.expr),
        _ => false,
    }
}

fn range_agg(r: &RangeAgg, errors: &mut Vec<QueryError>) {
    let name = r.op.as_str();
    match (r.op.takes_param(), &r.param) {
        (true, None) => push(
            errors,
            format!("{name} needs a quantile parameter first"),
            &r.op_loc,
            Some("e.g. quantile_over_time(0.99, {…} | unwrap latency [5m])"),
        ),
        (false, Some(p)) => push(errors, format!("{name} takes no parameter"), &p.loc, None),
        _ => {}
    }
    match (r.op.unwrap_use(), &r.range.unwrap) {
        (UnwrapUse::Required, None) => push(
            errors,
            format!("{name} needs an unwrapped range: add | unwrap <label> before the range"),
            &r.op_loc,
            Some(
                "e.g. sum_over_time({…} | logfmt | unwrap bytes [5m]); to count lines use count_over_time",
            ),
        ),
        (UnwrapUse::Forbidden, Some(u)) => push(
            errors,
            format!("{name} does not take an unwrapped range"),
            &u.loc,
            Some("aggregate unwrapped values with sum_over_time, avg_over_time, max_over_time, …"),
        ),
        _ => {}
    }
    if let Some(g) = &r.grouping
        && !r.op.allows_grouping()
    {
        push(
            errors,
            format!("grouping not allowed for {name}"),
            &g.loc,
            Some("aggregate the result instead: sum by (label) (count_over_time({…}[5m]))"),
        );
    }
}

fn vector_agg(v: &VectorAgg, errors: &mut Vec<QueryError>) {
    let name = v.op.as_str();
    match (v.op.takes_param(), &v.param) {
        (true, None) => push(
            errors,
            format!("{name} needs a parameter k first"),
            &v.op_loc,
            Some("e.g. topk(10, sum by (app) (rate({…}[5m])))"),
        ),
        (false, Some(p)) => push(errors, format!("{name} takes no parameter"), &p.loc, None),
        (true, Some(p)) => {
            if let Some(k) = p.number()
                && (k < 1.0 || k.fract() != 0.0)
            {
                push(
                    errors,
                    format!(
                        "{name}'s parameter must be a positive integer, found {}",
                        p.text
                    ),
                    &p.loc,
                    None,
                );
            }
        }
        _ => {}
    }
    metric(&v.expr, name, errors);
}
