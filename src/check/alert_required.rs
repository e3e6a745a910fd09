//! `alert/required`: alerts carry the labels and annotations routing and on-call need
//! (default: a `severity` label and a `summary` annotation; `check.alerts` in `grafcode.yaml`).

use super::input::rules::RuleKind;
use super::{Check, Context, Report, Subject};
use crate::diag::Severity;

/// The check.
pub static CHECK: Check = Check {
    id: "alert/required",
    severity: Severity::Warning,
    summary: "alerts need a severity label and a summary annotation",
    docs: "Alertmanager routes on labels and people read annotations: an alert without \
`severity` goes to the default receiver, one without `summary` pages with no text. The \
required keys are configurable (`check.alerts.required_labels`, \
`check.alerts.required_annotations`).

Bad:

```yaml
- alert: HighErrorRate
  expr: job:errors:ratio5m > 0.05
```

Good:

```yaml
- alert: HighErrorRate
  expr: job:errors:ratio5m > 0.05
  labels: {severity: page}
  annotations: {summary: 'Error ratio of {{ $labels.job }} above 5%'}
```",
    run,
};

fn run(ctx: &Context<'_>, report: &mut Report) {
    let policy = &ctx.config.alerts;
    for f in &ctx.input.rule_files {
        for g in &f.groups {
            for r in g.rules.iter().filter(|r| r.kind == RuleKind::Alert) {
                let missing: Vec<String> = policy
                    .required_labels
                    .iter()
                    .filter(|k| !r.labels.iter().any(|(l, _)| l.value == **k))
                    .map(|k| format!("label `{k}`"))
                    .chain(
                        policy
                            .required_annotations
                            .iter()
                            .filter(|k| !r.annotations.iter().any(|(a, _)| a.value == **k))
                            .map(|k| format!("annotation `{k}`")),
                    )
                    .collect();
                if missing.is_empty() {
                    continue;
                }
                let subject = Subject {
                    rule: Some(r.name.value.clone()),
                    ..Subject::default()
                };
                report.at(
                    &f.file,
                    r.name.span.clone(),
                    subject,
                    format!(
                        "alert `{}` has no {}",
                        r.name.value,
                        missing.join(" and no ")
                    ),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::testing::findings;

    #[test]
    fn missing_keys_are_named() {
        let rules = "groups:\n- name: g\n  rules:\n  - alert: A\n    expr: up == 0\n    labels: {severity: page}\n  - alert: B\n    expr: up == 0\n  - record: a:b:c\n    expr: up\n";
        let found = findings(&CHECK, &[("r.yaml", rules)]);
        assert_eq!(
            found,
            vec![
                (4, 12, "alert `A` has no annotation `summary`".to_string()),
                (
                    7,
                    12,
                    "alert `B` has no label `severity` and no annotation `summary`".to_string()
                )
            ]
        );
    }
}
