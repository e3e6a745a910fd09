//! `variable/cycle`: chained template variables must not depend on each other in a cycle.

use std::collections::BTreeSet;

use super::context::dashboard_subject;
use super::input::dashboard::{str_at, strings};
use super::{Check, Context, Report};
use crate::diag::Severity;
use crate::query::vars;

/// The check.
pub static CHECK: Check = Check {
    id: "variable/cycle",
    severity: Severity::Error,
    summary: "chained variables must not form a cycle",
    docs: "A variable whose query uses another variable is refreshed after it. When two variables \
use each other (directly or through others), Grafana cannot order them and reports a circular \
dependency; the dashboard never settles.

Bad:

```yaml
variables:
  - {name: cluster, query: 'label_values(up{namespace=\"$namespace\"}, cluster)'}
  - {name: namespace, query: 'label_values(up{cluster=\"$cluster\"}, namespace)'}
```

Good:

```yaml
variables:
  - {name: cluster, query: 'label_values(up, cluster)'}
  - {name: namespace, query: 'label_values(up{cluster=\"$cluster\"}, namespace)'}
```",
    run,
};

fn run(ctx: &Context<'_>, report: &mut Report) {
    for d in &ctx.input.dashboards {
        let vars_list = d.variables();
        let names: Vec<&str> = vars_list
            .iter()
            .map(|(_, v)| str_at(v, "name").unwrap_or(""))
            .collect();
        // Edges: variable i uses variable j.
        let deps: Vec<BTreeSet<usize>> = vars_list
            .iter()
            .enumerate()
            .map(|(i, (_, v))| {
                let mut all = Vec::new();
                for key in ["query", "definition", "regex", "datasource"] {
                    if let Some(x) = v.get(key) {
                        strings(x, key, &mut all);
                    }
                }
                all.iter()
                    .flat_map(|(key, s)| vars::scan(s).into_iter().map(move |u| (key, u)))
                    // A datasource variable naming itself as its datasource is ignored by
                    // Grafana (and common in generated dashboards).
                    .filter_map(|(key, u)| {
                        let j = names.iter().position(|n| *n == u.name)?;
                        (j != i || !key.starts_with("datasource")).then_some(j)
                    })
                    .collect()
            })
            .collect();
        let mut reported = BTreeSet::new();
        for (start, (vp, _)) in vars_list.iter().enumerate() {
            let Some(cycle) = find_cycle(start, &deps) else {
                continue;
            };
            let key: BTreeSet<usize> = cycle.iter().copied().collect();
            if !reported.insert(key.into_iter().collect::<Vec<_>>()) {
                continue;
            }
            let path: Vec<&str> = cycle
                .iter()
                .chain(cycle.first())
                .map(|&i| names[i])
                .collect();
            let span = d.value_span(&format!("{vp}/name"));
            report
                .at(
                    &d.file,
                    span,
                    dashboard_subject(d),
                    format!("variables form a cycle: {}", path.join(" → ")),
                )
                .help = Some("break the chain: one of them must not use the other".into());
        }
    }
}

/// A cycle through `start`, as the list of variables on it, starting at `start`.
fn find_cycle(start: usize, deps: &[BTreeSet<usize>]) -> Option<Vec<usize>> {
    let mut stack = vec![(start, vec![start])];
    let mut seen = BTreeSet::new();
    while let Some((node, path)) = stack.pop() {
        for &next in deps.get(node)? {
            if next == start {
                return Some(path);
            }
            if seen.insert(next) {
                let mut p = path.clone();
                p.push(next);
                stack.push((next, p));
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::testing::findings;

    #[test]
    fn reports_each_cycle_once() {
        let dash = r#"{"templating": {"list": [
  {"name": "a", "type": "query", "query": "label_values(up{b=\"$b\"}, a)"},
  {"name": "b", "type": "query", "query": "label_values(up{a=\"$a\"}, b)"},
  {"name": "c", "type": "query", "query": "label_values(up{a=\"$a\"}, c)"},
  {"name": "s", "type": "query", "query": "label_values(up{s=\"$s\"}, s)"}
 ]}}"#;
        let found = findings(&CHECK, &[("d.json", dash)]);
        let msgs: Vec<&str> = found.iter().map(|f| f.2.as_str()).collect();
        assert_eq!(
            msgs,
            vec![
                "variables form a cycle: a → b → a",
                "variables form a cycle: s → s"
            ]
        );
    }
}
