//! `query/language`: a query written in the other language than its datasource speaks (a
//! PromQL query on a Loki datasource, a LogQL stream selector on Prometheus).

use super::{Check, Context, Report};
use crate::diag::Severity;
use crate::query::Lang;

/// The check.
pub static CHECK: Check = Check {
    id: "query/language",
    severity: Severity::Error,
    summary: "a query must be in the language of its datasource",
    docs: "A query is sent to the datasource of its panel (or target, in a mixed panel), rule or \
variable. When it does not parse in that datasource's language but parses in the other one, \
it was written for the wrong datasource: Loki rejects PromQL and Prometheus rejects LogQL.

Bad:

```yaml
datasource: loki
targets:
  - expr: rate(http_requests_total[5m])
```

Good:

```yaml
datasource: prometheus
targets:
  - expr: rate(http_requests_total[5m])
```",
    run,
};

fn name(lang: Lang) -> &'static str {
    match lang {
        Lang::PromQL => "PromQL",
        Lang::LogQL => "LogQL",
    }
}

fn run(ctx: &Context<'_>, report: &mut Report) {
    for p in &ctx.queries {
        let Some(other) = p.other_lang else { continue };
        if !p.query.lang_known {
            continue;
        }
        let span = p.query.file_span(0..p.query.expr.trim_end().len());
        let ds = match p.query.lang {
            Lang::PromQL => "Prometheus",
            Lang::LogQL => "Loki",
        };
        report
            .at(
                p.file(),
                span,
                p.subject(),
                format!(
                    "this is {} but it runs on a {ds} datasource, which expects {}",
                    name(other),
                    name(p.query.lang)
                ),
            )
            .help = Some(format!(
            "use a datasource that speaks {}, or rewrite the query",
            name(other)
        ));
    }
}
