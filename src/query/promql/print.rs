//! Canonical printer: one line, single spaces around binary operators, lower-case keywords,
//! double-quoted strings, durations in `1h30m` form. `parse(print(e))` equals `e` ignoring
//! spans (parentheses are nodes of the tree, so no precedence needs to be re-derived).

use std::fmt::Write;

use super::ast::*;

/// Prints `e` in canonical form.
pub fn print(e: &Expr) -> String {
    let mut out = String::with_capacity(64);
    expr(&mut out, e);
    out
}

fn expr(out: &mut String, e: &Expr) {
    match &e.kind {
        ExprKind::Number(n) => number(out, *n),
        ExprKind::String(s) => string(out, &s.value),
        ExprKind::Selector(s) => selector(out, s),
        ExprKind::Subquery(s) => {
            expr(out, &s.expr);
            out.push('[');
            duration(out, &s.range);
            out.push(':');
            if let Some(step) = &s.step {
                duration(out, step);
            }
            out.push(']');
            modifiers(out, &s.modifiers);
        }
        ExprKind::Call(c) => {
            out.push_str(&c.func.text);
            args(out, &c.args);
        }
        ExprKind::Aggregate(a) => {
            out.push_str(a.op.as_str());
            if let Some(g) = &a.grouping {
                out.push_str(if g.without { " without " } else { " by " });
                labels(out, &g.labels);
                out.push(' ');
            }
            out.push('(');
            if let Some(p) = &a.param {
                expr(out, p);
                out.push_str(", ");
            }
            expr(out, &a.expr);
            out.push(')');
        }
        ExprKind::Binary(b) => binary(out, b),
        ExprKind::Unary(u) => {
            out.push(if u.neg { '-' } else { '+' });
            expr(out, &u.expr);
        }
        ExprKind::Paren(inner) => {
            out.push('(');
            expr(out, inner);
            out.push(')');
        }
    }
}

fn args(out: &mut String, list: &[Expr]) {
    out.push('(');
    for (i, a) in list.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        expr(out, a);
    }
    out.push(')');
}

fn binary(out: &mut String, b: &Binary) {
    expr(out, &b.lhs);
    out.push(' ');
    out.push_str(b.op.as_str());
    if b.return_bool {
        out.push_str(" bool");
    }
    if let Some(m) = &b.matching {
        out.push_str(if m.on { " on" } else { " ignoring" });
        labels(out, &m.labels);
        match m.card {
            Card::OneToOne => {}
            Card::ManyToOne => out.push_str(" group_left"),
            Card::OneToMany => out.push_str(" group_right"),
        }
        if m.card != Card::OneToOne {
            labels(out, &m.include);
        }
    }
    if let Some(f) = &b.fill {
        match (f.left, f.right) {
            (Some(l), Some(r)) if l.to_bits() == r.to_bits() => fill(out, "fill", l),
            (l, r) => {
                if let Some(l) = l {
                    fill(out, "fill_left", l);
                }
                if let Some(r) = r {
                    fill(out, "fill_right", r);
                }
            }
        }
    }
    out.push(' ');
    // A negative number literal on the right of `^`/`-` reads fine; keep one space.
    expr(out, &b.rhs);
}

fn fill(out: &mut String, kw: &str, v: f64) {
    out.push(' ');
    out.push_str(kw);
    out.push('(');
    float(out, v);
    out.push(')');
}

fn labels(out: &mut String, names: &[Name]) {
    out.push('(');
    for (i, n) in names.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        name(out, n, false);
    }
    out.push(')');
}

/// A label or metric name: bare when it reads back as one name token, else quoted.
fn name(out: &mut String, n: &Name, metric: bool) {
    if is_plain_name(&n.text, metric) || (n.templated && lexes_as_one_name(&n.text)) {
        out.push_str(&n.text);
    } else {
        string(out, &n.text);
    }
}

/// True when the lexer reads `s` as a single name containing a Grafana variable.
fn lexes_as_one_name(s: &str) -> bool {
    let toks = super::lexer::lex(s);
    matches!(toks.as_slice(), [t, _] if t.kind == super::lexer::Tok::Ident && t.end as usize == s.len() && t.start == 0)
}

fn is_plain_name(s: &str, metric: bool) -> bool {
    let mut bytes = s.bytes();
    let Some(first) = bytes.next() else {
        return false;
    };
    (first.is_ascii_alphabetic() || first == b'_' || (metric && first == b':'))
        && bytes.all(|b| b.is_ascii_alphanumeric() || b == b'_' || (metric && b == b':'))
}

fn selector(out: &mut String, s: &Selector) {
    let bare_name = s.name.as_ref().filter(|n| {
        (n.templated && lexes_as_one_name(&n.text))
            || (is_plain_name(&n.text, true) && !is_keyword(&n.text))
    });
    if let Some(n) = bare_name {
        out.push_str(&n.text);
    }
    let quoted_name = s.name.as_ref().filter(|_| bare_name.is_none());
    if !s.matchers.is_empty() || quoted_name.is_some() || s.name.is_none() {
        out.push('{');
        let mut first = true;
        if let Some(n) = quoted_name {
            string(out, &n.text);
            first = false;
        }
        for m in &s.matchers {
            if !first {
                out.push_str(", ");
            }
            first = false;
            match m {
                MatcherItem::Matcher(m) => {
                    name(out, &m.name, false);
                    out.push_str(m.op.as_str());
                    string(out, &m.value.value);
                }
                MatcherItem::Variable(v) => out.push_str(&var_text(v)),
            }
        }
        out.push('}');
    }
    if let Some(r) = &s.range {
        out.push('[');
        duration(out, r);
        out.push(']');
    }
    modifiers(out, &s.modifiers);
}

/// Names that the parser would read as something else at the start of an expression.
fn is_keyword(s: &str) -> bool {
    const KW: [&str; 12] = [
        "bool",
        "on",
        "ignoring",
        "group_left",
        "group_right",
        "atan2",
        "inf",
        "nan",
        "offset",
        "anchored",
        "smoothed",
        "and",
    ];
    KW.iter().any(|k| k.eq_ignore_ascii_case(s))
        || ["or", "unless", "by", "without"]
            .iter()
            .any(|k| k.eq_ignore_ascii_case(s))
}

fn var_text(v: &crate::query::VarUse) -> String {
    use crate::query::VarSyntax;
    let mut s = String::new();
    match v.syntax {
        VarSyntax::Dollar => {
            s.push('$');
            s.push_str(&v.name);
        }
        VarSyntax::Braced => {
            s.push_str("${");
            s.push_str(&v.name);
            if let Some(f) = &v.field {
                s.push('.');
                s.push_str(f);
            }
            if let Some(f) = &v.format {
                s.push(':');
                s.push_str(f);
            }
            s.push('}');
        }
        VarSyntax::Brackets => {
            s.push_str("[[");
            s.push_str(&v.name);
            if let Some(f) = &v.format {
                s.push(':');
                s.push_str(f);
            }
            s.push_str("]]");
        }
    }
    s
}

fn modifiers(out: &mut String, m: &Modifiers) {
    if let Some(o) = &m.offset {
        out.push_str(" offset ");
        duration(out, o);
    }
    if let Some(at) = &m.at {
        out.push_str(" @ ");
        match at {
            At::Timestamp(n, _) => number(out, *n),
            At::Start(_) => out.push_str("start()"),
            At::End(_) => out.push_str("end()"),
            At::Variable(v) => out.push_str(&var_text(v)),
        }
    }
    if m.anchored {
        out.push_str(" anchored");
    }
    if m.smoothed {
        out.push_str(" smoothed");
    }
}

fn duration(out: &mut String, d: &Duration) {
    match &d.kind {
        DurationKind::Literal { millis, seconds } => {
            if *seconds {
                float(out, *millis as f64 / 1000.0);
            } else {
                duration_literal(out, *millis);
            }
        }
        DurationKind::Variable(v) => out.push_str(&var_text(v)),
        DurationKind::Step => out.push_str("step()"),
        DurationKind::Range => out.push_str("range()"),
        DurationKind::MinMax { max, args } => {
            out.push_str(if *max { "max_of(" } else { "min_of(" });
            duration(out, &args[0]);
            out.push_str(", ");
            duration(out, &args[1]);
            out.push(')');
        }
        DurationKind::Unary { neg, expr } => {
            out.push(if *neg { '-' } else { '+' });
            duration(out, expr);
        }
        DurationKind::Binary { op, lhs, rhs } => {
            duration(out, lhs);
            out.push(' ');
            out.push_str(op.as_str());
            out.push(' ');
            duration(out, rhs);
        }
        DurationKind::Paren(inner) => {
            out.push('(');
            duration(out, inner);
            out.push(')');
        }
    }
}

/// `5400000` ms → `1h30m`; negative values get a leading `-`.
fn duration_literal(out: &mut String, millis: i64) {
    if millis == 0 {
        out.push_str("0s");
        return;
    }
    let mut ms = millis.unsigned_abs();
    if millis < 0 {
        out.push('-');
    }
    const UNITS: [(u64, &str); 7] = [
        (365 * 86_400_000, "y"),
        (7 * 86_400_000, "w"),
        (86_400_000, "d"),
        (3_600_000, "h"),
        (60_000, "m"),
        (1000, "s"),
        (1, "ms"),
    ];
    for (size, unit) in UNITS {
        if ms >= size {
            let _ = write!(out, "{}{unit}", ms / size);
            ms %= size;
        }
    }
}

fn number(out: &mut String, n: NumberLit) {
    let ms = n.value * 1000.0;
    if n.duration && ms.is_finite() && ms.fract() == 0.0 && ms.abs() < 9e18 {
        duration_literal(out, ms as i64);
    } else {
        float(out, n.value);
    }
}

fn float(out: &mut String, v: f64) {
    if v.is_nan() {
        out.push_str("NaN");
    } else if v.is_infinite() {
        out.push_str(if v > 0.0 { "Inf" } else { "-Inf" });
    } else {
        let _ = write!(out, "{v}");
    }
}

/// A double-quoted string with Go escapes.
fn string(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 || c == '\u{7f}' => {
                let _ = write!(out, "\\x{:02x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}
