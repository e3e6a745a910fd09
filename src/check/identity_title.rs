//! `identity/title`: dashboard titles are unique within a Grafana folder.

use std::collections::HashMap;

use super::context::dashboard_subject;
use super::{Check, Context, Report};
use crate::diag::Severity;

/// The check.
pub static CHECK: Check = Check {
    id: "identity/title",
    severity: Severity::Error,
    summary: "dashboard titles must be unique per folder",
    docs: "Grafana refuses a second dashboard with the same title in a folder (\"A dashboard with \
the same name in the folder already exists\"), so one of them silently fails to provision. The \
folder is the team's folder in a monorepo, the file's directory otherwise (file provisioning \
with `foldersFromFilesStructure`).

Bad:

```yaml
# teams/api/dashboards/a.yaml and teams/api/dashboards/b.yaml
title: API overview
```

Good:

```yaml
title: API overview        # a.yaml
title: API overview (v2)   # b.yaml
```",
    run,
};

fn run(ctx: &Context<'_>, report: &mut Report) {
    let mut seen: HashMap<(String, String), usize> = HashMap::new();
    for (i, d) in ctx.input.dashboards.iter().enumerate() {
        let title = d.title().trim();
        if title.is_empty() {
            continue;
        }
        let folder = d.folder.clone().unwrap_or_else(|| {
            d.file
                .path()
                .parent()
                .map(|p| p.display().to_string())
                .unwrap_or_default()
        });
        let key = (folder.clone(), title.to_lowercase());
        if let Some(&first) = seen.get(&key) {
            let other = &ctx.input.dashboards[first];
            report
                .at(
                    &d.file,
                    d.value_span("/title"),
                    dashboard_subject(d),
                    format!("another dashboard in folder `{folder}` is titled `{title}`"),
                )
                .help = Some(format!("the other one is {}", other.file.path().display()));
        } else {
            seen.insert(key, i);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::testing::findings;

    #[test]
    fn same_title_same_folder() {
        let a = r#"{"title": "API", "panels": []}"#;
        let found = findings(&CHECK, &[("x/a.json", a), ("x/b.json", a), ("y/c.json", a)]);
        assert_eq!(
            found,
            vec![(
                1,
                12,
                "another dashboard in folder `x` is titled `API`".to_string()
            )]
        );
    }
}
