//! `catalog/metric`, `catalog/label`, `catalog/counter`: with a metric catalog
//! (`library/catalog/*.yaml`, `--catalog FILE` or `--prometheus URL`), every metric a PromQL
//! query selects exists, every label it matches on is one the metric has, and `rate`,
//! `irate` and `increase` are not applied to gauges.

use std::collections::BTreeSet;

use super::context::Parsed;
use super::input::rules::RuleKind;
use super::{Check, Context, Report};
use crate::catalog::Catalog;
use crate::diag::Severity;
use crate::query::promql::{ExprKind, Selector};

/// Metric existence.
pub static METRIC: Check = Check {
    id: "catalog/metric",
    severity: Severity::Error,
    summary: "metrics must exist in the catalog",
    docs: "With a catalog, every metric name a query selects must be in it (`_bucket`, `_sum` and \
`_count` of histograms and summaries included), or be recorded by a recording rule checked \
along. A typo or a renamed metric otherwise shows up as an empty panel or an alert that can \
never fire. Names built from variables are not checked.

Bad:

```yaml
expr: rate(http_request_total[5m])   # the metric is http_requests_total
```

Good:

```yaml
expr: rate(http_requests_total[5m])
```",
    run: run_metric,
};

/// Label existence.
pub static LABEL: Check = Check {
    id: "catalog/label",
    severity: Severity::Error,
    summary: "label matchers must name labels the metric has",
    docs: "With a catalog, a matcher on a label the metric never carries (`{status=\"500\"}` on a \
metric labelled `code`) matches nothing for `=` and `=~`, and everything for `!=` and `!~`.

Bad:

```yaml
expr: rate(http_requests_total{status=\"500\"}[5m])
```

Good:

```yaml
expr: rate(http_requests_total{code=\"500\"}[5m])
```",
    run: run_label,
};

/// Rate on a gauge.
pub static COUNTER: Check = Check {
    id: "catalog/counter",
    severity: Severity::Warning,
    summary: "rate/irate/increase need a counter",
    docs: "`rate`, `irate` and `increase` treat every decrease as a counter reset. On a gauge \
(per the catalog's metadata) the result is meaningless; use `deriv` or `delta`.

Bad:

```yaml
expr: rate(node_memory_MemAvailable_bytes[5m])
```

Good:

```yaml
expr: deriv(node_memory_MemAvailable_bytes[5m])
```",
    run: run_counter,
};

/// Metric names recorded by the recording rules checked along.
fn recorded<'a>(ctx: &'a Context<'_>) -> BTreeSet<&'a str> {
    ctx.input
        .rule_files
        .iter()
        .flat_map(|f| f.groups.iter())
        .flat_map(|g| g.rules.iter())
        .filter(|r| r.kind == RuleKind::Record)
        .map(|r| r.name.value.as_str())
        .collect()
}

/// Every selector of every valid PromQL query, with its metric name when it has a plain one.
fn selectors<'a>(
    ctx: &'a Context<'_>,
) -> Vec<(
    &'a Parsed<'a>,
    &'a Selector,
    &'a crate::query::Span,
    Option<&'a str>,
)> {
    let mut out = Vec::new();
    for p in &ctx.queries {
        let Some(ast) = &p.ast else { continue };
        for (sel, span) in ast.selectors() {
            let templated = sel.name.as_ref().is_some_and(|n| n.templated);
            let name = sel.metric_name().filter(|n| !templated && !n.contains('$'));
            out.push((p, sel, span, name));
        }
    }
    out
}

fn run_metric(ctx: &Context<'_>, report: &mut Report) {
    let Some(catalog) = ctx.catalog else { return };
    let recorded = recorded(ctx);
    for (p, sel, span, name) in selectors(ctx) {
        let Some(name) = name else { continue };
        if catalog.lookup(name).is_some()
            || recorded.contains(name)
            || name == "ALERTS"
            || name == "ALERTS_FOR_STATE"
        {
            continue;
        }
        let at = sel.name.as_ref().map_or(span.clone(), |n| n.span.clone());
        let d = report.at(
            p.file(),
            p.query.file_span(at),
            p.subject(),
            format!("metric `{name}` is not in the catalog"),
        );
        d.help = suggest(catalog, name).map(|s| format!("did you mean `{s}`?"));
    }
}

/// The catalog name closest to `name` (a typo away).
fn suggest<'a>(catalog: &'a Catalog, name: &str) -> Option<&'a str> {
    crate::source::de::closest(name, catalog.metrics.keys().map(String::as_str))
}

fn run_label(ctx: &Context<'_>, report: &mut Report) {
    let Some(catalog) = ctx.catalog else { return };
    for (p, sel, _, name) in selectors(ctx) {
        let Some(name) = name else { continue };
        let Some((_, metric)) = catalog.lookup(name) else {
            continue;
        };
        if metric.labels.is_empty() {
            continue;
        }
        for m in sel.label_matchers() {
            if m.name.templated
                || m.name.text == "__name__"
                || catalog.has_label(name, &m.name.text)
            {
                continue;
            }
            let known: Vec<&str> = metric.labels.iter().map(String::as_str).collect();
            report
                .at(
                    p.file(),
                    p.query.file_span(m.name.span.clone()),
                    p.subject(),
                    format!("metric `{name}` has no label `{}`", m.name.text),
                )
                .help = Some(format!("its labels: {}", known.join(", ")));
        }
    }
}

fn run_counter(ctx: &Context<'_>, report: &mut Report) {
    let Some(catalog) = ctx.catalog else { return };
    for p in &ctx.queries {
        let Some(ast) = &p.ast else { continue };
        for call in ast.calls() {
            if !matches!(call.func.text.as_str(), "rate" | "irate" | "increase") {
                continue;
            }
            let Some(ExprKind::Selector(sel)) = call.args.first().map(|a| &a.kind) else {
                continue;
            };
            let Some(name) = sel.metric_name() else {
                continue;
            };
            let Some((_, metric)) = catalog.lookup(name) else {
                continue;
            };
            if metric.kind != "gauge"
                || name.ends_with("_total")
                || name.ends_with("_count")
                || name.ends_with("_sum")
                || name.ends_with("_bucket")
            {
                continue;
            }
            report
                .at(
                    p.file(),
                    p.query.file_span(call.func.span.clone()),
                    p.subject(),
                    format!("`{}` of `{name}`, which is a gauge", call.func.text),
                )
                .help = Some("use `deriv` or `delta` on gauges".into());
        }
    }
}
