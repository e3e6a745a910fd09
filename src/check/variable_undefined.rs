//! `variable/undefined`: every `$var` used in a dashboard query, or in the titles and
//! descriptions Grafana interpolates (dashboard, rows, panels), is a template variable, an
//! export input or a Grafana built-in.

use super::context::{Owner, dashboard_subject};
use super::input::dashboard::Dashboard;
use super::{Check, Context, Report, Subject};
use crate::diag::Severity;
use crate::query::vars;

/// The check.
pub static CHECK: Check = Check {
    id: "variable/undefined",
    severity: Severity::Error,
    summary: "variables used in queries must be defined",
    docs:
        "A `$var`, `${var}` or `[[var]]` in a query, or in the dashboard's, a row's or a panel's \
title or description, must be a template variable of the dashboard (or an `__inputs` entry of \
an export, or a built-in such as `$__rate_interval`). Grafana leaves an unknown variable in the \
text: the datasource then rejects the query or matches nothing, the title shows `$jobs`.

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
            if is_known(&v.name, &defined) {
                continue;
            }
            let span = p.query.file_span(v.span.clone());
            let found = report.at(
                p.file(),
                span,
                p.subject(),
                format!("variable `${}` is not defined in this dashboard", v.name),
            );
            found.help = Some(help(&v.name, &defined));
        }
    }
    for d in &ctx.input.dashboards {
        texts(report, d);
    }
}

/// `$1` in a `label_replace` replacement is a regex group, not a variable.
fn is_known(name: &str, defined: &[&str]) -> bool {
    name.bytes().all(|b| b.is_ascii_digit()) || is_builtin(name) || defined.contains(&name)
}

fn help(name: &str, defined: &[&str]) -> String {
    let close = defined
        .iter()
        .find(|n| n.eq_ignore_ascii_case(name) || strsim(n, name));
    match close {
        Some(n) => format!("did you mean `${n}`?"),
        None => "define it under templating, or use a built-in such as `$__rate_interval`".into(),
    }
}

/// Variables in the titles and descriptions Grafana interpolates.
fn texts(report: &mut Report, d: &Dashboard) {
    let defined = d.defined_names();
    let mut pointers = vec![
        ("/title".to_string(), None),
        ("/description".to_string(), None),
    ];
    for (pp, panel) in d.panels() {
        let title = panel
            .get("title")
            .and_then(|t| t.as_str())
            .map(str::to_string);
        pointers.push((format!("{pp}/title"), title.clone()));
        pointers.push((format!("{pp}/description"), title));
    }
    for (pointer, panel) in pointers {
        let Some(text) = d.json.pointer(&pointer).and_then(|v| v.as_str()) else {
            continue;
        };
        if !text.contains('$') && !text.contains("[[") {
            continue;
        }
        let origin = d.string_origin(&pointer);
        for v in vars::scan(text) {
            if is_known(&v.name, &defined) {
                continue;
            }
            let span = match &origin {
                Some(o) => o.span_to_file(v.span.clone()),
                None => d.span(&pointer),
            };
            let subject = Subject {
                panel: panel.clone(),
                ..dashboard_subject(d)
            };
            let found = report.at(
                &d.file,
                span,
                subject,
                format!("variable `${}` is not defined in this dashboard", v.name),
            );
            found.help = Some(help(&v.name, &defined));
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

    #[test]
    fn titles_and_descriptions_too() {
        let dash = r#"{"title": "API on ${env}", "templating": {"list": [{"name": "job", "type": "custom", "query": "a,b"}]},
 "panels": [{"type": "row", "title": "Row $job"},
   {"title": "Errors of $jobs", "description": "[[job]] and $__interval"}]}"#;
        let found = findings(&CHECK, &[("d.json", dash)]);
        let got: Vec<(usize, usize, &str)> =
            found.iter().map(|f| (f.0, f.1, f.2.as_str())).collect();
        assert_eq!(
            got,
            vec![
                (1, 19, "variable `$env` is not defined in this dashboard"),
                (3, 25, "variable `$jobs` is not defined in this dashboard"),
            ]
        );
    }
}
