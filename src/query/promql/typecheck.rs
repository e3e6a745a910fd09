//! Type checking as Prometheus' `checkAST` does it: every function argument, aggregation
//! operand and binary operand must have the right value type. A selector that is only a
//! Grafana variable (`$metric`, `$threshold`) stands for whatever the dashboard puts there,
//! so it satisfies both scalar and instant-vector positions.

use super::ast::*;
use super::functions::{self, ValueType};
use super::parser::err;
use crate::query::QueryError;

/// A value type, or "whatever a variable expands to".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ty {
    /// A known type.
    Known(ValueType),
    /// A bare Grafana variable: accepted where a scalar or an instant vector is expected.
    Any,
}

impl Ty {
    fn name(self) -> &'static str {
        match self {
            Ty::Known(t) => t.name(),
            Ty::Any => "variable",
        }
    }

    fn is(self, t: ValueType) -> bool {
        match self {
            Ty::Known(k) => k == t,
            Ty::Any => matches!(t, ValueType::Scalar | ValueType::Vector),
        }
    }

    fn is_scalar(self) -> bool {
        self == Ty::Known(ValueType::Scalar)
    }
}

/// True for a selector that is nothing but one Grafana variable (`$metric`).
fn is_bare_variable(e: &Expr) -> bool {
    match &e.kind {
        ExprKind::Selector(s) => {
            s.matchers.is_empty()
                && s.range.is_none()
                && s.name.as_ref().is_some_and(|n| {
                    n.templated
                        && crate::query::vars::lex_at(&n.text, 0)
                            .is_some_and(|v| v.span.end == n.text.len())
                })
        }
        ExprKind::Paren(inner) => is_bare_variable(inner),
        _ => false,
    }
}

fn is_numeric_macro(name: &str) -> bool {
    name == "__from"
        || name == "__to"
        || (name.starts_with("__") && (name.ends_with("_ms") || name.ends_with("_s")))
}

/// The type of `e` (children assumed checked).
pub fn type_of(e: &Expr) -> Ty {
    match &e.kind {
        ExprKind::Number(_) => Ty::Known(ValueType::Scalar),
        ExprKind::String(_) => Ty::Known(ValueType::String),
        ExprKind::Selector(s) if s.range.is_some() => Ty::Known(ValueType::Matrix),
        ExprKind::Selector(s) if is_bare_variable(e) => {
            // Grafana's numeric macros ($__range_s, $__interval_ms, $__from, …) are numbers.
            let name = s.name.as_ref().map_or("", |n| n.text.as_str());
            match crate::query::vars::lex_at(name, 0) {
                Some(v) if is_numeric_macro(&v.name) => Ty::Known(ValueType::Scalar),
                _ => Ty::Any,
            }
        }
        ExprKind::Selector(_) => Ty::Known(ValueType::Vector),
        ExprKind::Subquery(_) => Ty::Known(ValueType::Matrix),
        ExprKind::Call(c) => functions::lookup(&c.func.text)
            .map_or(Ty::Known(ValueType::Vector), |f| Ty::Known(f.returns)),
        ExprKind::Aggregate(_) => Ty::Known(ValueType::Vector),
        ExprKind::Binary(b) => {
            if type_of(&b.lhs).is_scalar() && type_of(&b.rhs).is_scalar() {
                Ty::Known(ValueType::Scalar)
            } else {
                Ty::Known(ValueType::Vector)
            }
        }
        ExprKind::Unary(u) => type_of(&u.expr),
        ExprKind::Paren(inner) => type_of(inner),
    }
}

/// Checks `e` and everything below it; appends errors in source order.
pub fn check(e: &Expr, errors: &mut Vec<QueryError>) {
    match &e.kind {
        ExprKind::Number(_) | ExprKind::String(_) | ExprKind::Selector(_) => {}
        ExprKind::Paren(inner) => check(inner, errors),
        ExprKind::Unary(u) => {
            check(&u.expr, errors);
            let t = type_of(&u.expr);
            if !t.is(ValueType::Scalar) && !t.is(ValueType::Vector) {
                errors.push(err(
                    "unary expression only allowed on expressions of type scalar or instant vector",
                    e.span.clone(),
                ));
            }
        }
        ExprKind::Subquery(s) => {
            check(&s.expr, errors);
            let t = type_of(&s.expr);
            if !t.is(ValueType::Vector) {
                errors.push(err(
                    format!(
                        "subquery is only allowed on instant vector, got {}",
                        t.name()
                    ),
                    s.expr.span.clone(),
                ));
            }
        }
        ExprKind::Call(c) => check_call(c, e, errors),
        ExprKind::Aggregate(a) => check_aggregate(a, errors),
        ExprKind::Binary(b) => check_binary(b, e, errors),
    }
}

fn expect(arg: &Expr, want: ValueType, context: &str, errors: &mut Vec<QueryError>) {
    let t = type_of(arg);
    if !t.is(want) {
        errors.push(err(
            format!(
                "expected type {} in {context}, got {}",
                want.name(),
                t.name()
            ),
            arg.span.clone(),
        ));
    }
}

fn check_call(c: &Call, e: &Expr, errors: &mut Vec<QueryError>) {
    for a in &c.args {
        check(a, errors);
    }
    let Some(f) = functions::lookup(&c.func.text) else {
        return;
    };
    let n = c.args.len();
    let (min, max) = f.arity();
    let name = f.name;
    if f.variadic == 0 && n != min {
        errors.push(err(
            format!("expected {min} argument(s) in call to \"{name}\", got {n}"),
            e.span.clone(),
        ));
        return;
    }
    if n < min {
        errors.push(err(
            format!("expected at least {min} argument(s) in call to \"{name}\", got {n}"),
            e.span.clone(),
        ));
        return;
    }
    if let Some(max) = max
        && n > max
    {
        errors.push(err(
            format!("expected at most {max} argument(s) in call to \"{name}\", got {n}"),
            e.span.clone(),
        ));
        return;
    }
    if name == "info"
        && let Some(selectors) = c.args.get(1)
    {
        match &selectors.kind {
            ExprKind::Selector(s) if s.name.is_some() => errors.push(err(
                "expected label selectors only, got vector selector instead",
                selectors.span.clone(),
            )),
            ExprKind::Selector(_) => {}
            _ => errors.push(err("expected label selectors only", selectors.span.clone())),
        }
    }
    let context = format!("call to function \"{name}\"");
    for (i, a) in c.args.iter().enumerate() {
        if let Some(want) = f.arg_type(i) {
            expect(a, want, &context, errors);
        }
    }
}

fn check_aggregate(a: &Aggregate, errors: &mut Vec<QueryError>) {
    if let Some(p) = &a.param {
        check(p, errors);
    }
    check(&a.expr, errors);
    expect(&a.expr, ValueType::Vector, "aggregation expression", errors);
    if let Some(p) = &a.param {
        let want = if a.op == AggOp::CountValues {
            ValueType::String
        } else {
            ValueType::Scalar
        };
        expect(p, want, "aggregation parameter", errors);
    }
}

fn check_binary(b: &Binary, e: &Expr, errors: &mut Vec<QueryError>) {
    check(&b.lhs, errors);
    check(&b.rhs, errors);
    let lt = type_of(&b.lhs);
    // Grafana's substitution turns a variable right after a comparison into a number.
    let rt = if b.op.is_comparison() && is_bare_variable(&b.rhs) {
        Ty::Known(ValueType::Scalar)
    } else {
        type_of(&b.rhs)
    };
    let operand_ok = |t: Ty| t.is(ValueType::Scalar) || t.is(ValueType::Vector);
    if b.return_bool && !b.op.is_comparison() {
        errors.push(err(
            "bool modifier can only be used on comparison operators",
            b.op_span.clone(),
        ));
    }
    if !operand_ok(lt) || !operand_ok(rt) {
        let bad = if operand_ok(lt) { &b.rhs } else { &b.lhs };
        let mut e = err(
            "binary expression must contain only scalar and instant vector types",
            bad.span.clone(),
        );
        if b.op == BinOp::Neq && matches!(b.rhs.kind, ExprKind::String(_)) {
            e.hint = Some(
                "`!= \"text\"` is a LogQL line filter; PromQL has none: check the query language / datasource"
                    .into(),
            );
        }
        errors.push(e);
        return;
    }
    if b.op.is_comparison() && lt.is_scalar() && rt.is_scalar() && !b.return_bool {
        errors.push(err(
            "comparisons between scalars must use BOOL modifier",
            b.op_span.clone(),
        ));
    }
    let both_vectors = !lt.is_scalar() && !rt.is_scalar();
    if let Some(m) = &b.matching {
        if !both_vectors && (!m.labels.is_empty() || !m.include.is_empty()) {
            errors.push(err(
                "vector matching only allowed between instant vectors",
                m.span.clone(),
            ));
        }
        if both_vectors && b.op.is_set() && m.card != Card::OneToOne {
            errors.push(err(
                format!("no grouping allowed for \"{}\" operation", b.op.as_str()),
                m.span.clone(),
            ));
        }
        if m.on
            && let Some(l) = m
                .include
                .iter()
                .find(|l| m.labels.iter().any(|x| x.text == l.text))
        {
            errors.push(err(
                format!(
                    "label \"{}\" must not occur in ON and GROUP clause at once",
                    l.text
                ),
                l.span.clone(),
            ));
        }
    }
    if b.fill.is_some() {
        if !both_vectors {
            errors.push(err(
                "filling in missing series only allowed between instant vectors",
                e.span.clone(),
            ));
        } else if b.op.is_set() {
            errors.push(err(
                "filling in missing series not allowed for set operators",
                e.span.clone(),
            ));
        }
    }
    if b.op.is_set() && (lt.is_scalar() || rt.is_scalar()) {
        errors.push(err(
            format!(
                "set operator \"{}\" not allowed in binary scalar expression",
                b.op.as_str()
            ),
            e.span.clone(),
        ));
    }
}
