//! The canonical printer: one spelling per tree. Parsing the printed text gives back an
//! equal tree (spans aside). Canonical choices: `, ` between items, one space around binary
//! operators and pipes, the grouping of a vector aggregation before its body, pipeline stages
//! before the range, lower-case keywords, double-quoted strings unless written raw.

use std::fmt::Write;

use super::ast::*;

/// Prints `e` in canonical LogQL.
pub fn print(e: &Expr) -> String {
    let mut out = String::new();
    expr(e, &mut out);
    out
}

fn expr(e: &Expr, out: &mut String) {
    match e {
        Expr::Log(q) => {
            selector(&q.selector, out);
            stages(&q.pipeline, out);
        }
        Expr::Literal(s) => out.push_str(&s.text),
        Expr::Paren(p) => {
            out.push('(');
            expr(&p.expr, out);
            out.push(')');
        }
        Expr::Vector(v) => {
            let _ = write!(out, "vector({})", v.value.text);
        }
        Expr::LabelReplace(l) => {
            out.push_str("label_replace(");
            expr(&l.expr, out);
            for s in [&l.dst, &l.replacement, &l.src, &l.regex] {
                out.push_str(", ");
                string(s, out);
            }
            out.push(')');
        }
        Expr::RangeAgg(r) => {
            out.push_str(r.op.as_str());
            out.push('(');
            if let Some(p) = &r.param {
                out.push_str(&p.text);
                out.push_str(", ");
            }
            log_range(&r.range, out);
            out.push(')');
            if let Some(g) = &r.grouping {
                out.push(' ');
                grouping(g, out);
            }
        }
        Expr::VectorAgg(v) => {
            out.push_str(v.op.as_str());
            if let Some(g) = &v.grouping {
                out.push(' ');
                grouping(g, out);
                out.push(' ');
            }
            out.push('(');
            if let Some(p) = &v.param {
                out.push_str(&p.text);
                out.push_str(", ");
            }
            expr(&v.expr, out);
            out.push(')');
        }
        Expr::Binary(b) => binary(b, out),
    }
}

fn binary(b: &Binary, out: &mut String) {
    let prec = b.op.precedence();
    let right_assoc = b.op == BinOp::Pow;
    operand(&b.lhs, prec, right_assoc, out);
    out.push(' ');
    out.push_str(b.op.as_str());
    if b.bool_modifier {
        out.push_str(" bool");
    }
    if let Some(m) = &b.matching {
        out.push_str(if m.ignoring { " ignoring" } else { " on" });
        out.push(' ');
        names_paren(&m.labels, out);
    }
    if let Some(g) = &b.group {
        out.push_str(if g.right {
            " group_right"
        } else {
            " group_left"
        });
        if !g.labels.is_empty() {
            out.push(' ');
            names_paren(&g.labels, out);
        }
    }
    out.push(' ');
    operand(&b.rhs, prec, !right_assoc, out);
}

/// Prints an operand, parenthesised when the tree would otherwise re-associate.
fn operand(e: &Expr, parent: u8, tie_needs_paren: bool, out: &mut String) {
    let needs = match e {
        Expr::Binary(c) => {
            let p = c.op.precedence();
            p < parent || (p == parent && tie_needs_paren)
        }
        // `-1 ^ 2` would re-parse the same way, but keep signed literals unambiguous.
        Expr::Literal(s) if parent == 6 && s.text.starts_with('-') => true,
        _ => false,
    };
    if needs {
        out.push('(');
        expr(e, out);
        out.push(')');
    } else {
        expr(e, out);
    }
}

fn grouping(g: &Grouping, out: &mut String) {
    out.push_str(if g.without { "without " } else { "by " });
    names_paren(&g.labels, out);
}

fn names_paren(names: &[Name], out: &mut String) {
    out.push('(');
    for (i, n) in names.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        out.push_str(&n.text);
    }
    out.push(')');
}

fn selector(s: &Selector, out: &mut String) {
    out.push('{');
    for (i, m) in s.matchers.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        match m {
            SelectorItem::Matcher(m) => matcher(m, out),
            SelectorItem::Var(n) => out.push_str(&n.text),
        }
    }
    out.push('}');
}

fn matcher(m: &Matcher, out: &mut String) {
    out.push_str(&m.name.text);
    out.push_str(m.op.as_str());
    string(&m.value, out);
}

fn log_range(r: &LogRange, out: &mut String) {
    selector(&r.selector, out);
    stages(&r.pipeline, out);
    if let Some(u) = &r.unwrap {
        out.push_str(" | unwrap ");
        match u.conversion {
            Some(c) => {
                let _ = write!(out, "{}({})", c.as_str(), u.label.text);
            }
            None => out.push_str(&u.label.text),
        }
        for f in &u.post_filters {
            out.push_str(" | ");
            label_filter(f, out);
        }
    }
    let _ = write!(out, " [{}]", r.range.text);
    if let Some(o) = &r.offset {
        let _ = write!(out, " offset {}", o.text);
    }
}

fn stages(pipeline: &[Stage], out: &mut String) {
    for s in pipeline {
        out.push(' ');
        stage(s, out);
    }
}

fn stage(s: &Stage, out: &mut String) {
    match s {
        Stage::LineFilter(f) => {
            out.push_str(f.op.as_str());
            for (i, t) in f.terms.iter().enumerate() {
                out.push_str(if i == 0 { " " } else { " or " });
                filter_term(t, out);
            }
        }
        Stage::Parser(p) => {
            out.push_str("| ");
            match &p.kind {
                ParserKind::Json => out.push_str("json"),
                ParserKind::Logfmt => out.push_str("logfmt"),
                ParserKind::Unpack => out.push_str("unpack"),
                ParserKind::Regexp(s) => {
                    out.push_str("regexp ");
                    string(s, out);
                }
                ParserKind::Pattern(s) => {
                    out.push_str("pattern ");
                    string(s, out);
                }
            }
            for f in &p.flags {
                out.push(' ');
                out.push_str(f);
            }
            for (i, x) in p.params.iter().enumerate() {
                out.push_str(if i == 0 { " " } else { ", " });
                out.push_str(&x.label.text);
                if let Some(path) = &x.path {
                    out.push('=');
                    string(path, out);
                }
            }
        }
        Stage::LabelFilter(f) => {
            out.push_str("| ");
            label_filter(f, out);
        }
        Stage::LineFormat(s) => {
            out.push_str("| line_format ");
            string(s, out);
        }
        Stage::LabelFormat(items) => {
            out.push_str("| label_format ");
            for (i, it) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                out.push_str(&it.dst.text);
                out.push('=');
                match &it.src {
                    LabelSource::Label(n) => out.push_str(&n.text),
                    LabelSource::Template(s) => string(s, out),
                }
            }
        }
        Stage::Decolorize(_) => out.push_str("| decolorize"),
        Stage::Drop(items) | Stage::Keep(items) => {
            out.push_str(if matches!(s, Stage::Drop(_)) {
                "| drop "
            } else {
                "| keep "
            });
            for (i, it) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                match it {
                    LabelItem::Name(n) => out.push_str(&n.text),
                    LabelItem::Matcher(m) => matcher(m, out),
                }
            }
        }
    }
}

fn filter_term(t: &FilterTerm, out: &mut String) {
    match t {
        FilterTerm::Str(s) => string(s, out),
        FilterTerm::Ip(s) => {
            out.push_str("ip(");
            string(s, out);
            out.push(')');
        }
    }
}

fn label_filter(f: &LabelFilter, out: &mut String) {
    match f {
        LabelFilter::Matcher(m) => matcher(m, out),
        LabelFilter::Ip {
            name,
            negated,
            cidr,
            ..
        } => {
            out.push_str(&name.text);
            out.push_str(if *negated { "!=ip(" } else { "=ip(" });
            string(cidr, out);
            out.push(')');
        }
        LabelFilter::Compare {
            name, op, value, ..
        } => {
            let _ = write!(out, "{} {} {}", name.text, op.as_str(), value.text);
        }
        LabelFilter::Join { join, lhs, rhs, .. } => {
            // `or` binds looser than `and`/`,`; joins associate to the left.
            let parent = join_prec(*join);
            let lhs_wrap =
                matches!(&**lhs, LabelFilter::Join { join: j, .. } if join_prec(*j) < parent);
            let rhs_wrap =
                matches!(&**rhs, LabelFilter::Join { join: j, .. } if join_prec(*j) <= parent);
            filter_operand(lhs, lhs_wrap, out);
            out.push_str(match join {
                FilterJoin::And => " and ",
                FilterJoin::Comma => ", ",
                FilterJoin::Or => " or ",
            });
            filter_operand(rhs, rhs_wrap, out);
        }
        LabelFilter::Paren(inner, _) => {
            out.push('(');
            label_filter(inner, out);
            out.push(')');
        }
    }
}

fn join_prec(j: FilterJoin) -> u8 {
    match j {
        FilterJoin::Or => 1,
        FilterJoin::And | FilterJoin::Comma => 2,
    }
}

fn filter_operand(f: &LabelFilter, wrap: bool, out: &mut String) {
    if wrap {
        out.push('(');
        label_filter(f, out);
        out.push(')');
    } else {
        label_filter(f, out);
    }
}

/// A string literal: raw strings stay raw; others are double-quoted with Go escapes.
fn string(s: &Str, out: &mut String) {
    if s.backtick && !s.value.contains('`') {
        out.push('`');
        out.push_str(&s.value);
        out.push('`');
        return;
    }
    out.push('"');
    for c in s.value.chars() {
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
