//! `datasource/not-allowed`: a team uses only the org-wide datasources its `team.yaml` lists
//! under `datasources:` (its own team-scoped datasources are always allowed).

use super::{Check, Context, Report, Subject};
use crate::diag::Severity;

/// The check.
pub static CHECK: Check = Check {
    id: "datasource/not-allowed",
    severity: Severity::Error,
    summary: "a team uses only the datasources its team.yaml allows",
    docs: "`teams/<team>/team.yaml` may list the org-wide datasources (logical names from \
`library/datasources/`) the team's dashboards and alerts may query; without the list every \
one is allowed. A reference to any other org-wide datasource is reported at the reference. \
Datasources the team defines itself (`teams/<team>/datasources/`) are always allowed. \
Monorepo mode only (files checked as `grafcode check PATH…` have no team). References inside \
library templates are reported by the compiler (`source/datasource-not-allowed`).

Bad:

```yaml
# teams/checkout/team.yaml
datasources: [prometheus]
# teams/checkout/dashboards/api.yaml
datasource: loki-audit
```

Good:

```yaml
# teams/checkout/team.yaml
datasources: [prometheus, loki-audit]
```",
    run,
};

fn run(ctx: &Context<'_>, report: &mut Report) {
    for team in &ctx.input.teams {
        let Some(allowed) = &team.allowed_datasources else {
            continue;
        };
        for (file, name) in &team.datasource_refs {
            let own =
                ctx.input.datasources.iter().any(|d| {
                    d.team.as_deref() == Some(team.name.as_str()) && d.matches(&name.value)
                });
            let org_wide = ctx
                .input
                .datasources
                .iter()
                .any(|d| d.team.is_none() && d.name.value == name.value);
            if own || !org_wide || allowed.contains(&name.value) {
                continue;
            }
            report
                .at(
                    file,
                    name.span.clone(),
                    Subject::default(),
                    format!(
                        "team `{}` may not use datasource `{}`",
                        team.name, name.value
                    ),
                )
                .help = Some(format!(
                "add `{}` to `datasources:` in teams/{}/team.yaml",
                name.value, team.name
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::input::datasources::Datasource;
    use crate::check::input::{Input, Team, Text};
    use crate::check::testing::run_check;
    use crate::source::SourceFile;

    fn org(name: &str) -> Datasource {
        let file = SourceFile::new("library/datasources/main.yaml", "");
        Datasource {
            file,
            team: None,
            name: Text {
                value: name.into(),
                span: 0..0,
            },
            uid: None,
            kind: "prometheus".into(),
            secret_fields: Vec::new(),
            span: 0..0,
        }
    }

    #[test]
    fn only_listed_org_datasources() {
        let src = "datasource: prometheus\npanels:\n  - datasource: loki\n  - datasource: nope\n";
        let file = SourceFile::new("teams/a/dashboards/d.yaml", src);
        let at = |needle: &str| {
            let s = src.find(needle).unwrap();
            Text {
                value: needle.into(),
                span: s..s + needle.len(),
            }
        };
        let refs = ["prometheus", "loki", "nope"]
            .iter()
            .map(|n| (file.clone(), at(n)))
            .collect();
        let input = Input {
            datasources: vec![org("prometheus"), org("loki")],
            teams: vec![Team {
                name: "a".into(),
                allowed_datasources: Some(vec!["prometheus".into()]),
                datasource_refs: refs,
            }],
            ..Input::default()
        };
        let config = crate::check::Config::default();
        let ctx = Context::new(&input, &config, None);
        let found = run_check(&CHECK, &ctx);
        // `nope` is not a datasource at all: that is datasource/unknown's (or the compiler's).
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].message, "team `a` may not use datasource `loki`");
        let r = found[0].label.as_ref().unwrap().region();
        assert_eq!((r.start_line, r.start_column, r.end_column), (3, 17, 21));
    }
}
