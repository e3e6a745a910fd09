//! Which Loki release introduced which syntax, and the errors for syntax newer than the
//! target version.
//!
//! The versions come from Loki's release notes and versioned LogQL documentation; where a
//! release could not be pinned exactly the table names the first release we know documents it.

use super::super::{QueryError, Version};
use super::ast::*;

/// A piece of syntax that appeared in some Loki release.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Feature {
    /// LogQL v2: parsers, label filters, formatting stages, unwrap (Loki 2.0).
    LogQlV2,
    /// `absent_over_time`.
    AbsentOverTime,
    /// `| unpack`.
    Unpack,
    /// `| pattern "…"`.
    PatternParser,
    /// `| json a="b"` parameters.
    JsonParams,
    /// `ip("…")` line and label filters.
    IpFilter,
    /// `offset` on log ranges.
    Offset,
    /// `first_over_time`, `last_over_time`.
    FirstLastOverTime,
    /// `label_replace`.
    LabelReplace,
    /// `rate_counter`.
    RateCounter,
    /// `vector(…)`.
    Vector,
    /// `| drop …`.
    Drop,
    /// `| keep …`.
    Keep,
    /// `| decolorize`.
    Decolorize,
    /// `sort`, `sort_desc`.
    Sort,
    /// `| logfmt a, b="c"` parameters.
    LogfmtParams,
    /// `| logfmt --strict --keep-empty`.
    LogfmtFlags,
    /// `|>` / `!>` pattern line filters.
    PatternLineFilter,
    /// `|= "a" or "b"`.
    LineFilterOr,
    /// `approx_topk`.
    ApproxTopk,
}

impl Feature {
    /// The first Loki release with the feature, and how to name it in an error.
    pub fn since(self) -> (Version, &'static str) {
        let v = Version::new;
        match self {
            Feature::LogQlV2 => (
                v(2, 0, 0),
                "LogQL v2 pipelines (parsers, label filters, unwrap)",
            ),
            Feature::AbsentOverTime => (v(2, 1, 0), "absent_over_time"),
            Feature::Unpack => (v(2, 2, 0), "the unpack parser"),
            Feature::PatternParser => (v(2, 3, 0), "the pattern parser"),
            Feature::JsonParams => (v(2, 3, 0), "json parser parameters"),
            Feature::IpFilter => (v(2, 3, 0), "ip() filters"),
            Feature::Offset => (v(2, 3, 0), "offset"),
            Feature::FirstLastOverTime => (v(2, 3, 0), "first_over_time/last_over_time"),
            Feature::LabelReplace => (v(2, 3, 0), "label_replace"),
            Feature::RateCounter => (v(2, 7, 0), "rate_counter"),
            Feature::Vector => (v(2, 7, 0), "vector()"),
            Feature::Drop => (v(2, 7, 0), "the drop stage"),
            Feature::Keep => (v(2, 8, 0), "the keep stage"),
            Feature::Decolorize => (v(2, 8, 0), "the decolorize stage"),
            Feature::Sort => (v(2, 8, 0), "sort/sort_desc"),
            Feature::LogfmtParams => (v(2, 8, 0), "logfmt parser parameters"),
            Feature::LogfmtFlags => (v(2, 9, 0), "logfmt flags --strict/--keep-empty"),
            Feature::PatternLineFilter => (v(3, 0, 0), "pattern line filters |> and !>"),
            Feature::LineFilterOr => (v(3, 0, 0), "\"or\" in line filters"),
            Feature::ApproxTopk => (v(3, 3, 0), "approx_topk"),
        }
    }
}

/// Errors for every feature of `e` newer than `target`, in source order.
pub(super) fn check(e: &Expr, target: Version) -> Vec<QueryError> {
    let mut used = Vec::new();
    expr(e, &mut used);
    let mut errors: Vec<QueryError> = used
        .into_iter()
        .filter_map(|(f, loc)| {
            let (since, what) = f.since();
            (since > target).then(|| QueryError {
                message: format!("{what} needs Loki {since} or newer (target is Loki {target})"),
                span: loc.span(),
                hint: Some("raise the target Loki version, or rewrite without this syntax".into()),
            })
        })
        .collect();
    errors.sort_by_key(|e| e.span.start);
    errors
}

type Used = Vec<(Feature, Loc)>;

fn expr(e: &Expr, used: &mut Used) {
    match e {
        Expr::Log(q) => pipeline(&q.pipeline, used),
        Expr::Literal(_) => {}
        Expr::Paren(p) => expr(&p.expr, used),
        Expr::Vector(v) => used.push((Feature::Vector, v.loc.clone())),
        Expr::LabelReplace(l) => {
            used.push((Feature::LabelReplace, l.loc.clone()));
            expr(&l.expr, used);
        }
        Expr::Binary(b) => {
            expr(&b.lhs, used);
            expr(&b.rhs, used);
        }
        Expr::VectorAgg(v) => {
            match v.op {
                VectorOp::Sort | VectorOp::SortDesc => used.push((Feature::Sort, v.op_loc.clone())),
                VectorOp::ApproxTopk => used.push((Feature::ApproxTopk, v.op_loc.clone())),
                _ => {}
            }
            expr(&v.expr, used);
        }
        Expr::RangeAgg(r) => {
            let op_feature = match r.op {
                RangeOp::AbsentOverTime => Some(Feature::AbsentOverTime),
                RangeOp::FirstOverTime | RangeOp::LastOverTime => Some(Feature::FirstLastOverTime),
                RangeOp::RateCounter => Some(Feature::RateCounter),
                RangeOp::CountOverTime
                | RangeOp::Rate
                | RangeOp::BytesOverTime
                | RangeOp::BytesRate => None,
                _ => Some(Feature::LogQlV2),
            };
            if let Some(f) = op_feature {
                used.push((f, r.op_loc.clone()));
            }
            pipeline(&r.range.pipeline, used);
            if let Some(u) = &r.range.unwrap {
                used.push((Feature::LogQlV2, u.loc.clone()));
            }
            if let Some(o) = &r.range.offset {
                used.push((Feature::Offset, o.loc.clone()));
            }
        }
    }
}

fn pipeline(stages: &[Stage], used: &mut Used) {
    for s in stages {
        match s {
            Stage::LineFilter(f) => {
                if matches!(f.op, LineOp::Pattern | LineOp::NotPattern) {
                    used.push((Feature::PatternLineFilter, f.loc.clone()));
                }
                if f.terms.len() > 1 {
                    used.push((Feature::LineFilterOr, f.loc.clone()));
                }
                if f.terms.iter().any(|t| matches!(t, FilterTerm::Ip(_))) {
                    used.push((Feature::IpFilter, f.loc.clone()));
                }
            }
            Stage::Parser(p) => {
                used.push((Feature::LogQlV2, p.loc.clone()));
                match (&p.kind, p.params.is_empty()) {
                    (ParserKind::Unpack, _) => used.push((Feature::Unpack, p.loc.clone())),
                    (ParserKind::Pattern(_), _) => {
                        used.push((Feature::PatternParser, p.loc.clone()))
                    }
                    (ParserKind::Json, false) => used.push((Feature::JsonParams, p.loc.clone())),
                    (ParserKind::Logfmt, false) => {
                        used.push((Feature::LogfmtParams, p.loc.clone()))
                    }
                    _ => {}
                }
                if !p.flags.is_empty() {
                    used.push((Feature::LogfmtFlags, p.loc.clone()));
                }
            }
            Stage::LabelFilter(f) => label_filter(f, used),
            Stage::LineFormat(s) => used.push((Feature::LogQlV2, s.loc.clone())),
            Stage::LabelFormat(items) => {
                if let Some(i) = items.first() {
                    used.push((Feature::LogQlV2, i.loc.clone()));
                }
            }
            Stage::Decolorize(l) => used.push((Feature::Decolorize, l.clone())),
            Stage::Drop(items) | Stage::Keep(items) => {
                let f = if matches!(s, Stage::Drop(_)) {
                    Feature::Drop
                } else {
                    Feature::Keep
                };
                if let Some(loc) = items.first().map(|i| match i {
                    LabelItem::Name(n) => n.loc.clone(),
                    LabelItem::Matcher(m) => m.loc.clone(),
                }) {
                    used.push((f, loc));
                }
            }
        }
    }
}

fn label_filter(f: &LabelFilter, used: &mut Used) {
    match f {
        LabelFilter::Ip { loc, .. } => used.push((Feature::IpFilter, loc.clone())),
        LabelFilter::Join { lhs, rhs, .. } => {
            label_filter(lhs, used);
            label_filter(rhs, used);
        }
        LabelFilter::Paren(inner, _) => label_filter(inner, used),
        LabelFilter::Matcher(m) => used.push((Feature::LogQlV2, m.loc.clone())),
        LabelFilter::Compare { loc, .. } => used.push((Feature::LogQlV2, loc.clone())),
    }
}
