//! `variable/rate-interval`: `rate`, `irate` and `increase` in dashboard panels should use
//! `$__rate_interval` rather than a fixed range.

use super::context::Owner;
use super::input::Place;
use super::{Check, Context, Report};
use crate::diag::Severity;
use crate::query::Lang;
use crate::query::promql::{Duration, DurationKind, Expr, ExprKind};

/// The check.
pub static CHECK: Check = Check {
    id: "variable/rate-interval",
    severity: Severity::Warning,
    summary: "use $__rate_interval in rate/irate/increase in panels",
    docs: "A fixed range such as `[5m]` in a panel's `rate()` is too short when the dashboard is \
zoomed out (gaps) and wrong for other scrape intervals. `$__rate_interval` is at least four \
scrape intervals and grows with the step, so the graph stays correct at every zoom level. Alert \
rules are not concerned.

Bad:

```yaml
expr: sum(rate(http_requests_total[5m]))
```

Good:

```yaml
expr: sum(rate(http_requests_total[$__rate_interval]))
```",
    run,
};

const FUNCTIONS: [&str; 3] = ["rate", "irate", "increase"];

fn run(ctx: &Context<'_>, report: &mut Report) {
    for p in &ctx.queries {
        if !matches!(p.owner, Owner::Dashboard(_))
            || !matches!(p.query.place, Place::Panel { .. })
            || p.effective_lang() != Lang::PromQL
            || !p.checked.is_valid()
        {
            continue;
        }
        let Some(ast) = &p.ast else { continue };
        for (func, range) in fixed_ranges(ast) {
            let span = p.query.file_span(range.clone());
            let text = p.query.expr.get(range).unwrap_or("");
            report
                .at(
                    p.file(),
                    span,
                    p.subject(),
                    format!("`{func}` over a fixed range `[{text}]`"),
                )
                .help = Some("use `[$__rate_interval]`".into());
        }
    }
}

/// `(function, duration span)` of each `rate`/`irate`/`increase` whose argument is a range
/// vector selector with a fixed duration (no Grafana variable in it). Subqueries are left
/// alone: their range is the resolution the author chose.
pub fn fixed_ranges(ast: &Expr) -> Vec<(&'static str, std::ops::Range<usize>)> {
    let mut out = Vec::new();
    ast.walk(&mut |e| {
        let ExprKind::Call(call) = &e.kind else {
            return;
        };
        let Some(func) = FUNCTIONS.iter().find(|f| **f == call.func.text) else {
            return;
        };
        let mut arg = call.args.first();
        while let Some(Expr {
            kind: ExprKind::Paren(inner),
            ..
        }) = arg
        {
            arg = Some(inner);
        }
        if let Some(Expr {
            kind: ExprKind::Selector(sel),
            ..
        }) = arg
            && let Some(range) = &sel.range
            && !has_variable(range)
        {
            out.push((*func, range.span.clone()));
        }
    });
    out
}

/// True when a duration uses a Grafana variable anywhere.
fn has_variable(d: &Duration) -> bool {
    match &d.kind {
        DurationKind::Variable(_) => true,
        DurationKind::MinMax { args, .. } => args.iter().any(has_variable),
        DurationKind::Unary { expr, .. } | DurationKind::Paren(expr) => has_variable(expr),
        DurationKind::Binary { lhs, rhs, .. } => has_variable(lhs) || has_variable(rhs),
        DurationKind::Literal { .. } | DurationKind::Step | DurationKind::Range => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_fixed_range_vectors_on_the_tree() {
        let e = "sum(rate(a{x=\"[1m]\"}[5m])) + irate(b[$__rate_interval]) + increase(c[1h:5m]) + rate(d[$r]) + increase(e[1m] offset 5m) + rate(f[5m] @ start())";
        let (ast, checked) =
            crate::query::promql::analyze(e, &crate::query::ParseOptions::default());
        assert!(checked.is_valid(), "{checked:?}");
        let found = fixed_ranges(&ast.expect("tree"));
        let got: Vec<(&str, &str)> = found.iter().map(|(f, r)| (*f, &e[r.clone()])).collect();
        assert_eq!(
            got,
            vec![("rate", "5m"), ("increase", "1m"), ("rate", "5m")]
        );
        // A `[5m]` in a label value, a range outside rate/irate/increase: nothing.
        let e =
            "max_over_time(x[5m]) + deriv(y[5m]) + rate(z{l=\"rate(w[5m])\"}[$__rate_interval])";
        let (ast, _) = crate::query::promql::analyze(e, &crate::query::ParseOptions::default());
        assert!(fixed_ranges(&ast.expect("tree")).is_empty());
    }
}
