//! `promql/syntax`: every PromQL expression (panel targets, variable queries, annotations,
//! Prometheus and Grafana-managed rules) parses and type-checks for the target Prometheus.

use super::{Check, Context, Report};
use crate::diag::Severity;
use crate::query::Lang;

/// The check.
pub static CHECK: Check = Check {
    id: "promql/syntax",
    severity: Severity::Error,
    summary: "PromQL expressions must parse and type-check",
    docs: "Every PromQL expression is parsed and type-checked in the language of the datasource \
it runs on, for the target Prometheus version (`check.prometheus_version`). Grafana variables \
(`$job`, `${job:regex}`, `$__rate_interval`) are understood. The caret points at the offending \
character of the file, inside YAML block scalars and JSON strings alike.

Bad:

```yaml
expr: sum(rate(http_requests_total[5m]) by (job)
```

Good:

```yaml
expr: sum(rate(http_requests_total[5m])) by (job)
```",
    run,
};

fn run(ctx: &Context<'_>, report: &mut Report) {
    syntax_findings(ctx, report, Lang::PromQL);
}

/// Reports the errors of every query checked in `lang`, except queries written in the other
/// language (`query/language` reports those).
pub fn syntax_findings(ctx: &Context<'_>, report: &mut Report, lang: Lang) {
    for p in &ctx.queries {
        if p.effective_lang() != lang || (p.query.lang_known && p.other_lang.is_some()) {
            continue;
        }
        for e in &p.checked.errors {
            let span = p.query.file_span(e.span.clone());
            let d = report.at(p.file(), span, p.subject(), e.message.clone());
            if let Some(hint) = &e.hint {
                d.help = Some(hint.clone());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::testing;
    use crate::query::QueryError;

    #[test]
    fn reports_at_the_character_in_the_file() {
        let text = "groups:\n- name: g\n  rules:\n  - alert: A\n    expr: |\n      sum(\n        rate(x[5m]) by (job)\n";
        let input = testing::input(&[("r.yaml", text)]);
        let config = crate::check::Config::default();
        let mut ctx = Context::new(&input, &config, None);
        // The parser's verdict is injected: this tests where the finding lands.
        let expr = ctx.queries[0].query.expr.clone();
        let at = expr.find("by").unwrap();
        ctx.queries[0].checked.errors = vec![QueryError {
            message: "unexpected `by`".into(),
            span: at..at + 2,
            hint: Some("put `by` after the aggregation".into()),
        }];
        ctx.queries[0].other_lang = None;
        let found = testing::run_check(&CHECK, &ctx);
        assert_eq!(found.len(), 1);
        let r = found[0].label.as_ref().unwrap().region();
        assert_eq!((r.start_line, r.start_column, r.end_column), (7, 21, 23));
        assert_eq!(
            found[0].help.as_deref(),
            Some("put `by` after the aggregation")
        );
    }
}
