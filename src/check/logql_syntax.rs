//! `logql/syntax`: every LogQL expression (Loki panel targets, variable queries, annotations,
//! Loki ruler and Grafana-managed rules) parses for the target Loki version.

use super::promql_syntax::syntax_findings;
use super::{Check, Context, Report};
use crate::diag::Severity;
use crate::query::Lang;

/// The check.
pub static CHECK: Check = Check {
    id: "logql/syntax",
    severity: Severity::Error,
    summary: "LogQL expressions must parse",
    docs: "Every LogQL expression is parsed for the target Loki version (`check.loki_version`), \
with Grafana variables understood, and errors point at the exact character.

Bad:

```yaml
expr: sum(rate({app=\"api\"} |= \"error\" [5m]) by (pod)
```

Good:

```yaml
expr: sum by (pod) (rate({app=\"api\"} |= \"error\" [5m]))
```",
    run,
};

fn run(ctx: &Context<'_>, report: &mut Report) {
    syntax_findings(ctx, report, Lang::LogQL);
}
