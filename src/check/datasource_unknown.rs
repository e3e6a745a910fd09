//! `datasource/unknown`: every datasource reference of a dashboard resolves: `${var}` to a
//! datasource variable or an export input, a UID or name to a known datasource (when
//! datasources are known: the monorepo's, or provisioning files given on the command line).

use serde_json::Value;

use super::context::dashboard_subject;
use super::input::dashboard::Dashboard;
use super::input::{DsRef, ds_ref};
use super::{Check, Context, Report, Subject};
use crate::diag::Severity;

/// The check.
pub static CHECK: Check = Check {
    id: "datasource/unknown",
    severity: Severity::Error,
    summary: "datasource references must resolve",
    docs: "Panels, targets, variables and annotations name their datasource by UID, by name, or \
through a variable (`${ds}`). A variable must be a datasource variable of the dashboard (or an \
`__inputs` entry of an exported dashboard); a UID or name must be a datasource the repository \
defines. An unresolved reference renders as \"datasource not found\" in Grafana.

Bad:

```json
\"datasource\": {\"type\": \"prometheus\", \"uid\": \"${DS_PROMETHEUS}\"}
```
(with no `DS_PROMETHEUS` variable or input)

Good:

```json
\"templating\": {\"list\": [{\"name\": \"DS_PROMETHEUS\", \"type\": \"datasource\", \"query\": \"prometheus\"}]}
```",
    run,
};

fn run(ctx: &Context<'_>, report: &mut Report) {
    for d in &ctx.input.dashboards {
        for (pointer, value) in references(d) {
            check_one(ctx, report, d, &pointer, value);
        }
    }
}

/// Every `datasource` value of panels, targets, variables and annotations, with its pointer.
fn references(d: &Dashboard) -> Vec<(String, &Value)> {
    let mut out: Vec<(String, &Value)> = Vec::new();
    fn push<'a>(out: &mut Vec<(String, &'a Value)>, pointer: String, v: &'a Value) {
        if let Some(ds) = v.get("datasource") {
            out.push((format!("{pointer}/datasource"), ds));
        }
    }
    for (pp, panel) in d.panels() {
        push(&mut out, pp.clone(), panel);
        for (i, t) in super::input::dashboard::list(panel, &["targets"])
            .iter()
            .enumerate()
        {
            push(&mut out, format!("{pp}/targets/{i}"), t);
        }
    }
    for (vp, v) in d.variables() {
        push(&mut out, vp, v);
    }
    for (i, a) in super::input::dashboard::list(&d.json, &["annotations", "list"])
        .iter()
        .enumerate()
    {
        push(&mut out, format!("/annotations/list/{i}"), a);
    }
    out
}

fn check_one(ctx: &Context<'_>, report: &mut Report, d: &Dashboard, pointer: &str, value: &Value) {
    let subject = || Subject {
        panel: None,
        ..dashboard_subject(d)
    };
    match ds_ref(Some(value)) {
        DsRef::Variable(name) => {
            let defined = d
                .ds_variables
                .iter()
                .chain(d.inputs.iter())
                .any(|(n, _)| *n == name)
                || d.variables()
                    .iter()
                    .any(|(_, v)| v.get("name").and_then(Value::as_str) == Some(name.as_str()));
            if !defined {
                let span = d.span(pointer);
                report
                    .at(
                        &d.file,
                        span,
                        subject(),
                        format!("datasource variable `${name}` is not defined"),
                    )
                    .help =
                    Some("add a template variable of type `datasource` with this name".into());
            }
        }
        DsRef::Named { uid, .. }
            if !uid.is_empty()
                && !ctx.input.datasources.is_empty()
                && !ctx.input.datasources.iter().any(|ds| ds.matches(&uid)) =>
        {
            let names: Vec<&str> = ctx
                .input
                .datasources
                .iter()
                .map(|ds| ds.name.value.as_str())
                .collect();
            report
                .at(
                    &d.file,
                    d.span(pointer),
                    subject(),
                    format!("no datasource has UID or name `{uid}`"),
                )
                .help = Some(format!("known datasources: {}", names.join(", ")));
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::testing::findings;

    #[test]
    fn undefined_variable_and_unknown_uid() {
        let dash = r#"{"templating": {"list": [{"name": "ds", "type": "datasource", "query": "prometheus"}]},
 "panels": [
  {"datasource": "$ds", "targets": [{"expr": "up"}]},
  {"datasource": {"type": "prometheus", "uid": "${nope}"}, "targets": []},
  {"datasource": {"type": "prometheus", "uid": "prom-main"}},
  {"datasource": {"type": "prometheus", "uid": "gone"}}
 ]}"#;
        let ds = "apiVersion: 1\ndatasources:\n- name: Prometheus\n  uid: prom-main\n  type: prometheus\n";
        let found = findings(&CHECK, &[("d.json", dash), ("ds.yaml", ds)]);
        let lines: Vec<(usize, &str)> = found.iter().map(|f| (f.0, f.2.as_str())).collect();
        assert_eq!(
            lines,
            vec![
                (4, "datasource variable `$nope` is not defined"),
                (6, "no datasource has UID or name `gone`")
            ]
        );
    }
}
