//! `alert/duplicate`: two rules of a group with the same name and the same labels.

use std::collections::HashMap;

use super::{Check, Context, Report, Subject};
use crate::diag::Severity;

/// The check.
pub static CHECK: Check = Check {
    id: "alert/duplicate",
    severity: Severity::Warning,
    summary: "no two rules of a group with the same name and labels",
    docs: "Two alerting rules with the same name and labels in a group produce alerts that \
overwrite each other; two recording rules write the same series, which flaps between their \
values (promtool's `duplicate-rules` lint). The same name with different labels (a `warning` \
and a `critical` variant) is fine. A warning, because rules whose expressions keep apart \
label values (`code=~\"2..\"` and `code=~\"5..\"` under `sum by (code)`) do not clash.

Bad:

```yaml
- alert: DiskFull
  expr: disk_free_ratio < 0.1
  labels: {severity: page}
- alert: DiskFull
  expr: disk_free_ratio < 0.05
  labels: {severity: page}
```

Good:

```yaml
- alert: DiskFull
  expr: disk_free_ratio < 0.1
  labels: {severity: ticket}
- alert: DiskFull
  expr: disk_free_ratio < 0.05
  labels: {severity: page}
```",
    run,
};

fn run(ctx: &Context<'_>, report: &mut Report) {
    for f in &ctx.input.rule_files {
        for g in &f.groups {
            let mut seen: HashMap<(String, Vec<(String, String)>), usize> = HashMap::new();
            for r in &g.rules {
                if r.name.value.is_empty() {
                    continue;
                }
                let mut labels: Vec<(String, String)> = r
                    .labels
                    .iter()
                    .map(|(k, v)| (k.value.clone(), v.value.clone()))
                    .collect();
                labels.sort();
                let key = (r.name.value.clone(), labels);
                if let Some(first) = seen.get(&key) {
                    let first_line = f.file.line_col(*first).line;
                    report
                        .at(
                            &f.file,
                            r.name.span.clone(),
                            Subject {
                                rule: Some(r.name.value.clone()),
                                ..Subject::default()
                            },
                            format!(
                                "rule `{}` is defined twice in group `{}` with the same labels",
                                r.name.value, g.name.value
                            ),
                        )
                        .help = Some(format!("the first one is on line {first_line}"));
                } else {
                    seen.insert(key, r.name.span.start);
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
    fn same_name_and_labels_only() {
        let rules = "groups:\n- name: g\n  rules:\n  - alert: A\n    expr: x > 1\n    labels: {severity: warning}\n  - alert: A\n    expr: x > 2\n    labels: {severity: critical}\n  - alert: A\n    expr: x > 3\n    labels: {severity: warning}\n";
        let found = findings(&CHECK, &[("r.yaml", rules)]);
        assert_eq!(found.len(), 1);
        assert_eq!((found[0].0, found[0].1), (10, 12));
    }
}
