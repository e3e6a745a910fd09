//! `alert/condition`: a Grafana-managed rule's `condition` names one of its queries' refIds.

use super::{Check, Context, Report, Subject};
use crate::check::input::rules::Engine;
use crate::diag::Severity;

/// The check.
pub static CHECK: Check = Check {
    id: "alert/condition",
    severity: Severity::Error,
    summary: "a Grafana rule's condition must name one of its refIds",
    docs: "Grafana evaluates the query or expression whose `refId` the rule's `condition` names; \
when none has it, provisioning fails (\"condition … does not exist\").

Bad:

```yaml
condition: C
data:
  - refId: A
  - refId: B
```

Good:

```yaml
condition: B
data:
  - refId: A
  - refId: B
```",
    run,
};

fn run(ctx: &Context<'_>, report: &mut Report) {
    for f in ctx
        .input
        .rule_files
        .iter()
        .filter(|f| f.engine == Engine::Grafana)
    {
        for g in &f.groups {
            for r in &g.rules {
                let subject = Subject {
                    rule: Some(r.name.value.clone()),
                    ..Subject::default()
                };
                let ids: Vec<&str> = r.ref_ids.iter().map(|t| t.value.as_str()).collect();
                match &r.condition {
                    Some(c) if ids.contains(&c.value.as_str()) => {}
                    Some(c) => {
                        report
                            .at(
                                &f.file,
                                c.span.clone(),
                                subject,
                                format!("condition `{}` is not a refId of this rule", c.value),
                            )
                            .help = Some(format!("refIds: {}", ids.join(", ")));
                    }
                    None => {
                        report.at(
                            &f.file,
                            r.name.span.clone(),
                            subject,
                            "Grafana rule has no `condition`",
                        );
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::testing::findings;

    #[test]
    fn condition_must_exist() {
        let rules = "apiVersion: 1\ngroups:\n- name: g\n  folder: f\n  interval: 1m\n  rules:\n  - title: A\n    condition: C\n    data:\n    - refId: A\n    - refId: B\n  - title: Ok\n    condition: A\n    data:\n    - refId: A\n";
        let found = findings(&CHECK, &[("a.yaml", rules)]);
        assert_eq!(
            found,
            vec![(
                8,
                16,
                "condition `C` is not a refId of this rule".to_string()
            )]
        );
    }
}
