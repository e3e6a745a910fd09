//! `variable/unused`: a template variable no query, title, link, datasource or other variable
//! refers to.

use super::context::dashboard_subject;
use super::input::dashboard::{str_at, strings};
use super::{Check, Context, Report};
use crate::diag::Severity;
use crate::query::vars;

/// The check.
pub static CHECK: Check = Check {
    id: "variable/unused",
    severity: Severity::Warning,
    summary: "template variables should be used",
    docs: "A variable nothing refers to still runs its query on every dashboard load and shows a \
selector that changes nothing. Uses are looked for in every string of the dashboard except the \
variable's own definition (queries, titles, links, datasource references, other variables), and \
in `repeat`. Ad hoc filters apply implicitly and are never reported.

Bad:

```yaml
variables: [{name: instance, query: label_values(up, instance)}]
expr: sum(rate(http_requests_total[$__rate_interval]))
```

Good:

```yaml
variables: [{name: instance, query: label_values(up, instance)}]
expr: sum(rate(http_requests_total{instance=~\"$instance\"}[$__rate_interval]))
```",
    run,
};

fn run(_ctx: &Context<'_>, report: &mut Report) {
    for d in &_ctx.input.dashboards {
        let vars_list = d.variables();
        if vars_list.is_empty() {
            continue;
        }
        let mut all = Vec::new();
        strings(&d.json, "", &mut all);
        for (vp, v) in &vars_list {
            let Some(name) = str_at(v, "name") else {
                continue;
            };
            if matches!(str_at(v, "type"), Some("adhoc") | None) {
                continue;
            }
            let own = format!("{vp}/");
            let used = all.iter().any(|(p, s)| {
                if p.starts_with(&own) {
                    return false;
                }
                if p.ends_with("/repeat") && *s == name {
                    return true;
                }
                s.contains(name) && vars::scan(s).iter().any(|u| u.name == name)
            });
            if !used {
                let span = d.value_span(&format!("{vp}/name"));
                report
                    .at(
                        &d.file,
                        span,
                        dashboard_subject(d),
                        format!("variable `{name}` is never used"),
                    )
                    .help = Some("use it in a query or title, or remove it".into());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::testing::findings;

    #[test]
    fn unused_variables_are_reported_once_at_their_name() {
        let dash = r#"{"templating": {"list": [
  {"name": "job", "type": "query", "query": "label_values(up, job)"},
  {"name": "instance", "type": "query", "query": "label_values(up{job=\"$job\"}, instance)"},
  {"name": "pod", "type": "custom", "query": "a,b"},
  {"name": "filters", "type": "adhoc"}
 ]},
 "panels": [{"title": "On $instance", "targets": [{"expr": "up"}]}]}"#;
        let found = findings(&CHECK, &[("d.json", dash)]);
        assert_eq!(
            found,
            vec![(4, 13, "variable `pod` is never used".to_string())]
        );
    }
}
