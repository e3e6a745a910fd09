//! `variable/undefined`: every `$var` used in a dashboard query is a template variable, an
//! export input or a Grafana built-in.

use super::context::Owner;
use super::{Check, Context, Report};
use crate::diag::Severity;
use crate::query::vars;

/// The check.
pub static CHECK: Check = Check {
    id: "variable/undefined",
    severity: Severity::Error,
    summary: "variables used in queries must be defined",
    docs:
        "A `$var`, `${var}` or `[[var]]` in a query must be a template variable of the dashboard \
(or an `__inputs` entry of an export, or a built-in such as `$__rate_interval`). Grafana leaves \
an unknown variable in the query text, which the datasource then rejects or matches nothing with.

Bad:

```yaml
variables: [{name: job, query: label_values(up, job)}]
expr: up{job=\"$jobs\"}
```

Good:

```yaml
variables: [{name: job, query: label_values(up, job)}]
expr: up{job=\"$job\"}
```",
    run,
};

/// True for Grafana built-ins, including `$__auto_interval_<name>` of interval variables.
pub fn is_builtin(name: &str) -> bool {
    vars::is_builtin(name) || name.starts_with("__auto_interval") || name == "__all"
}

fn run(ctx: &Context<'_>, report: &mut Report) {
    for p in &ctx.queries {
        let Owner::Dashboard(d) = p.owner else {
            continue;
        };
        let defined = d.defined_names();
        for v in &p.checked.variables {
            // `$1` in a `label_replace` replacement is a regex group, not a variable.
            let group_ref = v.name.bytes().all(|b| b.is_ascii_digit());
            if group_ref || is_builtin(&v.name) || defined.contains(&v.name.as_str()) {
                continue;
            }
            let span = p.query.file_span(v.span.clone());
            let d = report.at(
                p.file(),
                span,
                p.subject(),
                format!("variable `${}` is not defined in this dashboard", v.name),
            );
            let close = defined
                .iter()
                .find(|n| n.eq_ignore_ascii_case(&v.name) || strsim(n, &v.name));
            d.help = Some(match close {
                Some(n) => format!("did you mean `${n}`?"),
                None => "define it under templating, or use a built-in such as `$__rate_interval`"
                    .into(),
            });
        }
    }
}

/// Names one edit apart (a typo).
fn strsim(a: &str, b: &str) -> bool {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    if a.len().abs_diff(b.len()) > 1 {
        return false;
    }
    let prefix = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let suffix = a
        .iter()
        .rev()
        .zip(b.iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    prefix + suffix + 1 >= a.len().max(b.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::testing::findings;

    #[test]
    fn flags_unknown_variables_with_a_suggestion() {
        let dash = r#"{"templating": {"list": [{"name": "job", "type": "custom", "query": "a,b"}]},
 "panels": [{"datasource": {"type": "prometheus"}, "targets": [
   {"expr": "rate(up{job=\"$jobs\"}[$__rate_interval])"},
   {"expr": "up{job=\"$job\"}"}]}]}"#;
        let found = findings(&CHECK, &[("d.json", dash)]);
        // With the skeleton parser variables come from a raw scan; the real one agrees here.
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!((found[0].0, found[0].1), (3, 28));
        assert!(strsim("jobs", "job") && !strsim("cluster", "job"));
    }
}
