//! `record/name`: recording rule names follow `level:metric:operations`.

use super::input::rules::{Engine, RuleKind};
use super::{Check, Context, Report, Subject};
use crate::diag::Severity;

/// The check.
pub static CHECK: Check = Check {
    id: "record/name",
    severity: Severity::Warning,
    summary: "recording rules are named level:metric:operations",
    docs: "Prometheus' naming convention for recording rules is `level:metric:operations`: the \
aggregation level (labels kept), the metric, and the operations applied, newest first. It tells \
a reader what the series holds and keeps it apart from raw metrics.

Bad:

```yaml
- record: http_errors_ratio
  expr: sum by (job) (rate(http_errors_total[5m])) / sum by (job) (rate(http_requests_total[5m]))
```

Good:

```yaml
- record: job:http_errors:ratio_rate5m
  expr: sum by (job) (rate(http_errors_total[5m])) / sum by (job) (rate(http_requests_total[5m]))
```",
    run,
};

/// True for `level:metric:operations` (three or more non-empty parts of `[a-zA-Z0-9_]`).
pub fn is_conventional(name: &str) -> bool {
    let parts: Vec<&str> = name.split(':').collect();
    parts.len() >= 3
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_'))
        && !name.starts_with(|c: char| c.is_ascii_digit())
}

fn run(ctx: &Context<'_>, report: &mut Report) {
    for f in ctx
        .input
        .rule_files
        .iter()
        .filter(|f| f.engine != Engine::Grafana)
    {
        for g in &f.groups {
            for r in g.rules.iter().filter(|r| r.kind == RuleKind::Record) {
                if r.name.value.is_empty() || is_conventional(&r.name.value) {
                    continue;
                }
                report
                    .at(
                        &f.file,
                        r.name.span.clone(),
                        Subject {
                            rule: Some(r.name.value.clone()),
                            ..Subject::default()
                        },
                        format!(
                            "recording rule `{}` is not named level:metric:operations",
                            r.name.value
                        ),
                    )
                    .help = Some("e.g. `job:http_requests:rate5m`".into());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn convention() {
        assert!(is_conventional("job:http_requests:rate5m"));
        assert!(is_conventional("cluster:a:b:c"));
        assert!(!is_conventional("apiserver_request:availability30d"));
        assert!(!is_conventional("http_requests_rate"));
        assert!(!is_conventional("a::b"));
    }
}
