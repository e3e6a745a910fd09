//! `datasource/secret`: no literal secret in a datasource definition: passwords, tokens and
//! every `secureJsonData` value must come from `$__file{…}`, `$__env{…}` or `${VAR}`.

use super::{Check, Context, Report, Subject};
use crate::diag::Severity;

/// The check.
pub static CHECK: Check = Check {
    id: "datasource/secret",
    severity: Severity::Error,
    summary: "datasources must not hold literal secrets",
    docs:
        "A password, token or any `secureJsonData` value written literally ends up in Git and in \
every ConfigMap built from it. Grafana expands `$__file{path}`, `$__env{VAR}` and `${VAR}` in \
provisioning files: reference the secret instead.

Bad:

```yaml
secureJsonData:
  basicAuthPassword: hunter2
```

Good:

```yaml
secureJsonData:
  basicAuthPassword: $__file{/etc/secrets/es-password}
```",
    run,
};

/// True when a value is a reference Grafana expands, not the secret itself.
pub fn is_reference(value: &str) -> bool {
    let v = value.trim();
    v.is_empty()
        || v.starts_with("$__file{")
        || v.starts_with("$__env{")
        || v.starts_with("$__vault{")
        || (v.starts_with("${") && v.ends_with('}'))
        || (v.starts_with('$')
            && v[1..]
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_'))
}

fn run(ctx: &Context<'_>, report: &mut Report) {
    for ds in &ctx.input.datasources {
        for (key, value) in &ds.secret_fields {
            if is_reference(&value.value) {
                continue;
            }
            report
                .at(
                    &ds.file,
                    value.span.clone(),
                    Subject::default(),
                    format!(
                        "`{key}` of datasource `{}` is a literal secret",
                        ds.name.value
                    ),
                )
                .help = Some("reference it: `$__file{/path/to/secret}` or `$__env{VAR}`".into());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::testing::findings;

    #[test]
    fn literal_secrets_are_found_references_pass() {
        let ds = "apiVersion: 1\ndatasources:\n- name: ES\n  type: elasticsearch\n  basicAuthPassword: hunter2\n  secureJsonData:\n    token: $__env{TOKEN}\n    httpHeaderValue1: 'Bearer abc'\n";
        let found = findings(&CHECK, &[("ds.yaml", ds)]);
        assert_eq!(
            found,
            vec![
                (
                    5,
                    22,
                    "`basicAuthPassword` of datasource `ES` is a literal secret".to_string()
                ),
                (
                    8,
                    24,
                    "`secureJsonData.httpHeaderValue1` of datasource `ES` is a literal secret"
                        .to_string()
                ),
            ]
        );
    }
}
