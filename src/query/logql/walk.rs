//! Read-only views over a LogQL tree for the checks: stream selectors, labels produced by
//! parsers and `label_format`, grouping labels, unwrapped labels.

use super::ast::*;

/// One log query inside an expression: its selector, pipeline, and unwrap (in a range).
#[derive(Debug, Clone, Copy)]
pub struct LogPart<'a> {
    /// The stream selector.
    pub selector: &'a Selector,
    /// The pipeline stages (unwrap excluded).
    pub pipeline: &'a [Stage],
    /// The unwrap stage, inside a range aggregation.
    pub unwrap: Option<&'a Unwrap>,
}

/// Labels a pipeline adds to the stream's labels.
#[derive(Debug, Clone, Default)]
pub struct ProducedLabels<'a> {
    /// Names known statically: parser parameters, `label_format` targets, named captures
    /// are not parsed here.
    pub names: Vec<&'a Name>,
    /// True when some parser extracts labels not known statically (`json`/`logfmt` without
    /// parameters, `unpack`, `regexp`, `pattern`).
    pub dynamic: bool,
}

impl Expr {
    /// Every log query in source order (one per stream selector).
    pub fn log_parts(&self) -> Vec<LogPart<'_>> {
        let mut out = Vec::new();
        collect(self, &mut out);
        out
    }

    /// Every stream selector in source order.
    pub fn selectors(&self) -> Vec<&Selector> {
        self.log_parts().into_iter().map(|p| p.selector).collect()
    }

    /// True for a metric query (everything but a log query).
    pub fn is_metric(&self) -> bool {
        !self.is_log()
    }

    /// Labels named in every `by`/`without` of range and vector aggregations (outer
    /// aggregations first), with whether the grouping is `without`.
    pub fn grouping_labels(&self) -> Vec<(&Name, bool)> {
        let mut out = Vec::new();
        groupings(self, &mut out);
        out
    }

    /// The unwrapped label of every range aggregation, in source order.
    pub fn unwrap_labels(&self) -> Vec<&Name> {
        self.log_parts()
            .into_iter()
            .filter_map(|p| p.unwrap.map(|u| &u.label))
            .collect()
    }
}

impl Selector {
    /// The label matchers (variables standing for whole matchers are skipped).
    pub fn label_matchers(&self) -> impl Iterator<Item = &Matcher> {
        self.matchers.iter().filter_map(|m| match m {
            SelectorItem::Matcher(m) => Some(m),
            SelectorItem::Var(_) => None,
        })
    }
}

impl LogPart<'_> {
    /// Labels the pipeline adds (parser parameters, `label_format` targets).
    pub fn produced_labels(&self) -> ProducedLabels<'_> {
        let mut out = ProducedLabels::default();
        for s in self.pipeline {
            match s {
                Stage::Parser(p) => {
                    let static_params = matches!(p.kind, ParserKind::Json | ParserKind::Logfmt)
                        && !p.params.is_empty();
                    if static_params {
                        out.names.extend(p.params.iter().map(|x| &x.label));
                    } else {
                        out.dynamic = true;
                    }
                }
                Stage::LabelFormat(items) => out.names.extend(items.iter().map(|i| &i.dst)),
                _ => {}
            }
        }
        out
    }
}

fn collect<'a>(e: &'a Expr, out: &mut Vec<LogPart<'a>>) {
    match e {
        Expr::Log(q) => out.push(LogPart {
            selector: &q.selector,
            pipeline: &q.pipeline,
            unwrap: None,
        }),
        Expr::RangeAgg(r) => out.push(LogPart {
            selector: &r.range.selector,
            pipeline: &r.range.pipeline,
            unwrap: r.range.unwrap.as_ref(),
        }),
        Expr::VectorAgg(v) => collect(&v.expr, out),
        Expr::Binary(b) => {
            collect(&b.lhs, out);
            collect(&b.rhs, out);
        }
        Expr::LabelReplace(l) => collect(&l.expr, out),
        Expr::Paren(p) => collect(&p.expr, out),
        Expr::Literal(_) | Expr::Vector(_) => {}
    }
}

fn groupings<'a>(e: &'a Expr, out: &mut Vec<(&'a Name, bool)>) {
    let push = |g: &'a Option<Grouping>, out: &mut Vec<(&'a Name, bool)>| {
        if let Some(g) = g {
            out.extend(g.labels.iter().map(|n| (n, g.without)));
        }
    };
    match e {
        Expr::RangeAgg(r) => push(&r.grouping, out),
        Expr::VectorAgg(v) => {
            push(&v.grouping, out);
            groupings(&v.expr, out);
        }
        Expr::Binary(b) => {
            groupings(&b.lhs, out);
            groupings(&b.rhs, out);
        }
        Expr::LabelReplace(l) => groupings(&l.expr, out),
        Expr::Paren(p) => groupings(&p.expr, out),
        Expr::Log(_) | Expr::Literal(_) | Expr::Vector(_) => {}
    }
}
