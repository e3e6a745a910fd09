//! Which labels a PromQL expression's result carries, following Prometheus' evaluation rules:
//! aggregations keep their `by` labels (or drop their `without` labels), one-to-one matching
//! with `on(…)` keeps only those labels, `group_left/right(…)` adds the included ones,
//! `label_replace`/`label_join` add their target, `histogram_quantile` drops `le`, `absent`
//! keeps its equality matchers, scalars have none.

use std::collections::BTreeSet;

use crate::query::Span;
use crate::query::promql::{AggOp, Card, Expr, ExprKind, MatchOp};

/// The labels of a result: exactly a set, or every label of the input series but some.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Labels {
    /// Only these labels exist; `by` is the span of the node that decided it.
    Only(BTreeSet<String>, Span),
    /// Every input label but these.
    AllBut(BTreeSet<String>),
}

impl Labels {
    fn none(span: Span) -> Labels {
        Labels::Only(BTreeSet::new(), span)
    }

    /// True when `label` can be on the result.
    pub fn has(&self, label: &str) -> bool {
        match self {
            Labels::Only(set, _) => set.contains(label),
            Labels::AllBut(dropped) => !dropped.contains(label),
        }
    }

    /// The span of the node that restricted the labels, when they are a known set.
    pub fn decided_by(&self) -> Option<&Span> {
        match self {
            Labels::Only(_, s) => Some(s),
            Labels::AllBut(_) => None,
        }
    }

    /// The known labels, for messages.
    pub fn describe(&self) -> String {
        match self {
            Labels::Only(set, _) if set.is_empty() => "no labels".to_string(),
            Labels::Only(set, _) => {
                let v: Vec<&str> = set.iter().map(String::as_str).collect();
                format!("only {}", v.join(", "))
            }
            Labels::AllBut(d) => {
                let v: Vec<&str> = d.iter().map(String::as_str).collect();
                format!("every label but {}", v.join(", "))
            }
        }
    }

    fn add(mut self, label: &str) -> Labels {
        match &mut self {
            Labels::Only(set, _) => {
                set.insert(label.to_string());
            }
            Labels::AllBut(d) => {
                d.remove(label);
            }
        }
        self
    }

    fn remove(mut self, label: &str) -> Labels {
        match &mut self {
            Labels::Only(set, _) => {
                set.remove(label);
            }
            Labels::AllBut(d) => {
                d.insert(label.to_string());
            }
        }
        self
    }

    fn union(self, other: Labels) -> Labels {
        match (self, other) {
            (Labels::Only(mut a, s), Labels::Only(b, _)) => {
                a.extend(b);
                Labels::Only(a, s)
            }
            (Labels::AllBut(a), Labels::AllBut(b)) => {
                Labels::AllBut(a.intersection(&b).cloned().collect())
            }
            (Labels::AllBut(d), Labels::Only(set, _))
            | (Labels::Only(set, _), Labels::AllBut(d)) => {
                Labels::AllBut(d.difference(&set).cloned().collect())
            }
        }
    }
}

/// Functions whose result is a scalar or carries no labels.
const NO_LABELS: &[&str] = &[
    "scalar",
    "time",
    "pi",
    "vector",
    "day_of_month_now",
    "step",
    "start",
    "end",
    "range",
];

/// True when `e` is a scalar (a number, or a function returning one).
fn is_scalar(e: &Expr) -> bool {
    match &e.kind {
        ExprKind::Number(_) => true,
        ExprKind::Paren(inner) => is_scalar(inner),
        ExprKind::Unary(u) => is_scalar(&u.expr),
        ExprKind::Call(c) => matches!(c.func.text.as_str(), "scalar" | "time" | "pi"),
        ExprKind::Binary(b) => is_scalar(&b.lhs) && is_scalar(&b.rhs),
        _ => false,
    }
}

/// The labels of `e`'s result.
pub fn output(e: &Expr) -> Labels {
    match &e.kind {
        ExprKind::Number(_) | ExprKind::String(_) => Labels::none(e.span.clone()),
        ExprKind::Selector(_) => Labels::AllBut(BTreeSet::new()),
        ExprKind::Subquery(s) => output(&s.expr),
        ExprKind::Paren(inner) => output(inner),
        ExprKind::Unary(u) => output(&u.expr),
        ExprKind::Call(c) => {
            let name = c.func.text.as_str();
            let string_arg = |i: usize| match c.args.get(i).map(|a| &a.kind) {
                Some(ExprKind::String(s)) => Some(s.value.clone()),
                _ => None,
            };
            match name {
                _ if NO_LABELS.contains(&name) => Labels::none(e.span.clone()),
                "absent" | "absent_over_time" => {
                    let mut set = BTreeSet::new();
                    if let Some(arg) = c.args.first() {
                        for (sel, _) in arg.selectors() {
                            for m in sel.label_matchers() {
                                if m.op == MatchOp::Equal && m.name.text != "__name__" {
                                    set.insert(m.name.text.clone());
                                }
                            }
                        }
                    }
                    Labels::Only(set, e.span.clone())
                }
                "label_replace" | "label_join" => {
                    let base = c.args.first().map_or(Labels::none(e.span.clone()), output);
                    match string_arg(1) {
                        Some(dst) => base.add(&dst),
                        None => base,
                    }
                }
                "histogram_quantile" => c
                    .args
                    .get(1)
                    .map_or(Labels::none(e.span.clone()), output)
                    .remove("le"),
                _ => c
                    .args
                    .iter()
                    .find(|a| !is_scalar(a) && !matches!(a.kind, ExprKind::String(_)))
                    .map_or(Labels::none(e.span.clone()), output),
            }
        }
        ExprKind::Aggregate(a) => {
            let inner = output(&a.expr);
            let keeps_series = matches!(
                a.op,
                AggOp::Topk | AggOp::Bottomk | AggOp::Limitk | AggOp::LimitRatio
            );
            if keeps_series {
                return inner;
            }
            let mut out = match &a.grouping {
                Some(g) if g.without => a
                    .grouping
                    .iter()
                    .flat_map(|g| g.labels.iter())
                    .fold(inner, |acc, l| acc.remove(&l.text)),
                Some(g) => Labels::Only(
                    g.labels.iter().map(|l| l.text.clone()).collect(),
                    e.span.clone(),
                ),
                None => Labels::none(e.span.clone()),
            };
            if a.op == AggOp::CountValues
                && let Some(ExprKind::String(s)) = a.param.as_ref().map(|p| &p.kind)
            {
                out = out.add(&s.value);
            }
            out
        }
        ExprKind::Binary(b) => {
            if is_scalar(&b.lhs) {
                return output(&b.rhs);
            }
            if is_scalar(&b.rhs) {
                return output(&b.lhs);
            }
            let lhs = output(&b.lhs);
            if b.op == crate::query::promql::BinOp::Or {
                return lhs.union(output(&b.rhs));
            }
            let Some(m) = &b.matching else { return lhs };
            match m.card {
                Card::ManyToOne => m.include.iter().fold(lhs, |acc, l| acc.add(&l.text)),
                Card::OneToMany => m
                    .include
                    .iter()
                    .fold(output(&b.rhs), |acc, l| acc.add(&l.text)),
                Card::OneToOne if b.op.is_set() => lhs,
                Card::OneToOne if m.on => {
                    let on: BTreeSet<String> = m.labels.iter().map(|l| l.text.clone()).collect();
                    let kept = match lhs {
                        Labels::Only(set, _) => set.intersection(&on).cloned().collect(),
                        Labels::AllBut(d) => on.difference(&d).cloned().collect(),
                    };
                    Labels::Only(kept, m.span.clone())
                }
                Card::OneToOne => m.labels.iter().fold(lhs, |acc, l| acc.remove(&l.text)),
            }
        }
    }
}

/// A label named by an outer `by`/`on` that the inner expression does not carry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dropped {
    /// The label.
    pub label: String,
    /// Where it is named.
    pub span: Span,
    /// What the inner expression keeps.
    pub inner: Labels,
}

/// Every `by (…)` of an aggregation and `on (…)` of a binary operation naming a label its
/// operand cannot carry.
pub fn dropped_groupings(e: &Expr) -> Vec<Dropped> {
    let mut out = Vec::new();
    e.walk(&mut |node| match &node.kind {
        ExprKind::Aggregate(a) => {
            if let Some(g) = a.grouping.as_ref().filter(|g| !g.without) {
                let inner = output(&a.expr);
                for l in g
                    .labels
                    .iter()
                    .filter(|l| !l.templated && !inner.has(&l.text))
                {
                    if matches!(inner, Labels::Only(..)) {
                        out.push(Dropped {
                            label: l.text.clone(),
                            span: l.span.clone(),
                            inner: inner.clone(),
                        });
                    }
                }
            }
        }
        ExprKind::Binary(b) => {
            if let Some(m) = b.matching.as_ref().filter(|m| m.on) {
                for side in [&b.lhs, &b.rhs] {
                    if is_scalar(side) {
                        continue;
                    }
                    let inner = output(side);
                    if !matches!(inner, Labels::Only(..)) {
                        continue;
                    }
                    for l in m
                        .labels
                        .iter()
                        .filter(|l| !l.templated && !inner.has(&l.text))
                    {
                        out.push(Dropped {
                            label: l.text.clone(),
                            span: l.span.clone(),
                            inner: inner.clone(),
                        });
                    }
                }
            }
        }
        _ => {}
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::query::ParseOptions;
    use crate::query::promql;

    fn labels(src: &str) -> Labels {
        output(&promql::parse(src, &ParseOptions::default()).expect("parses"))
    }

    #[test]
    fn follows_aggregations_and_matching() {
        assert!(!labels("sum by (job) (rate(x[5m]))").has("instance"));
        assert!(labels("sum by (job) (rate(x[5m]))").has("job"));
        assert!(labels("sum without (instance) (x)").has("job"));
        assert!(!labels("sum without (instance) (x)").has("instance"));
        assert!(labels("x / on (job) group_left (team) y").has("team"));
        assert!(!labels("sum by (job) (x) / on (job) sum by (job) (y)").has("pod"));
        assert!(
            labels("histogram_quantile(0.9, sum by (le, job) (rate(x_bucket[5m])))").has("job")
        );
        assert!(
            !labels("histogram_quantile(0.9, sum by (le, job) (rate(x_bucket[5m])))").has("le")
        );
        assert!(labels("label_replace(sum by (a) (x), \"b\", \"$1\", \"a\", \"(.*)\")").has("b"));
        assert!(labels("absent(up{job=\"x\"})").has("job"));
        assert!(!labels("count(x) > 0").has("job"));
        assert!(labels("sum by (job) (x) or sum by (pod) (y)").has("pod"));
        assert!(labels("topk(3, x)").has("anything"));
    }

    #[test]
    fn finds_groupings_over_dropped_labels() {
        let e = promql::parse(
            "sum by (instance) (sum by (job) (rate(x[5m])))",
            &ParseOptions::default(),
        )
        .expect("parses");
        let d = dropped_groupings(&e);
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].label, "instance");
        assert_eq!(d[0].span, 8..16);
        let ok = promql::parse(
            "sum by (job) (sum by (job, instance) (x))",
            &ParseOptions::default(),
        )
        .expect("parses");
        assert!(dropped_groupings(&ok).is_empty());
    }
}
