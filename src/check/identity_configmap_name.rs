//! `identity/configmap-name`: every sidecar ConfigMap has a valid Kubernetes name, unique in
//! its namespace across the monorepo, and the name its source asks for.

use std::collections::HashMap;

use super::{Check, Context, Report, Subject};
use crate::diag::Severity;
use crate::emit::names::MAX_NAME_LEN;

/// Kubernetes' limit on a ConfigMap name (a DNS-1123 subdomain).
pub const MAX_SUBDOMAIN_LEN: usize = 253;

/// The check.
pub static CHECK: Check = Check {
    id: "identity/configmap-name",
    severity: Severity::Error,
    summary: "ConfigMap names must be valid, unique and the ones the sources ask for",
    docs: "The sidecar target writes one ConfigMap per dashboard (`dashboard-<team>-<uid>`), \
datasource file and Grafana alert file. The API server accepts only DNS-1123 subdomains as \
ConfigMap names (at most 253 characters of `a-z 0-9 - .`, alphanumeric at both ends; \
`kubectl create --dry-run=client` does not check this, the server does), and one name per \
namespace. The emitter makes names valid and unique by construction: when the slug of two \
sources is the same (UIDs `checkout_flow` and `checkout-flow`, or `API` and `api`), or longer than 63 characters, it \
appends a hash — so the ConfigMap's name no longer says which dashboard it holds, and removing \
one of the two renames the other's ConfigMap. The finding points at the source that asks for \
the name. Monorepo mode with the `sidecar` output of `grafcode.yaml` only.

Bad:

```yaml
# teams/payments/dashboards/a.yaml       # teams/payments/dashboards/b.yaml
uid: checkout_flow                        uid: checkout-flow
```

Good:

```yaml
uid: checkout-flow                        uid: checkout-flow-v2
```",
    run,
};

/// Whether `name` is a DNS-1123 subdomain, as the API server validates ConfigMap names.
pub fn is_dns_subdomain(name: &str) -> bool {
    name.len() <= MAX_SUBDOMAIN_LEN
        && !name.is_empty()
        && name.split('.').all(|label| {
            let b = label.as_bytes();
            !b.is_empty()
                && b.iter()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == b'-')
                && b.first().is_some_and(u8::is_ascii_alphanumeric)
                && b.last().is_some_and(u8::is_ascii_alphanumeric)
        })
}

fn run(ctx: &Context<'_>, report: &mut Report) {
    let rendered = &ctx.input.rendered;
    let mut wanted: HashMap<(Option<&str>, &str), usize> = HashMap::new();
    let mut names: HashMap<(Option<&str>, &str), usize> = HashMap::new();
    for (i, r) in rendered.iter().enumerate() {
        let ns = r.namespace.as_deref();
        let at = |report: &mut Report, message: String, help: String| {
            report
                .at(&r.file, r.span.clone(), Subject::default(), message)
                .help = Some(help);
        };
        if !is_dns_subdomain(&r.name) {
            at(
                report,
                format!("ConfigMap name `{}` is not a valid Kubernetes name", r.name),
                "at most 253 characters of a-z, 0-9, `-` and `.`, alphanumeric at both ends".into(),
            );
        }
        if let Some(&first) = names.get(&(ns, r.name.as_str())) {
            at(
                report,
                format!("ConfigMap name `{}` is used twice", r.name),
                also(rendered.get(first)),
            );
        } else {
            names.insert((ns, r.name.as_str()), i);
        }
        if let Some(&first) = wanted.get(&(ns, r.wanted.as_str())) {
            at(
                report,
                format!(
                    "{} asks for ConfigMap name `{}`, which another source asks for too: it is \
                     renamed `{}`",
                    r.kind, r.wanted, r.name
                ),
                also(rendered.get(first)),
            );
            continue;
        }
        wanted.insert((ns, r.wanted.as_str()), i);
        if r.wanted.len() > MAX_NAME_LEN {
            at(
                report,
                format!(
                    "{} asks for a ConfigMap name of {} characters (over {MAX_NAME_LEN}{}): it \
                     is cut to `{}`",
                    r.kind,
                    r.wanted.len(),
                    if r.wanted.len() > MAX_SUBDOMAIN_LEN {
                        ", and over Kubernetes' 253"
                    } else {
                        ""
                    },
                    r.name
                ),
                "shorten the UID (or the team directory name)".into(),
            );
        } else if r.wanted.is_empty() {
            at(
                report,
                format!(
                    "{} has no name usable for a ConfigMap: it is `{}`",
                    r.kind, r.name
                ),
                "use letters or digits in the UID".into(),
            );
        }
    }
}

fn also(first: Option<&crate::check::input::Rendered>) -> String {
    match first {
        Some(f) => {
            let lc = f.file.line_col(f.span.start);
            format!(
                "also asked for by {}:{}:{}",
                f.file.path().display(),
                lc.line,
                lc.column
            )
        }
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::input::{Input, Rendered};
    use crate::check::testing::run_check;
    use crate::source::SourceFile;

    fn rendered(path: &str, uid: &str, name: &str, wanted: &str) -> Rendered {
        let text = format!("uid: {uid}\n");
        Rendered {
            kind: "dashboard".into(),
            name: name.into(),
            namespace: Some("monitoring".into()),
            wanted: wanted.into(),
            data_bytes: 10,
            object_bytes: 100,
            file: SourceFile::new(path, text),
            span: 5..5 + uid.len(),
        }
    }

    fn run_on(rendered: Vec<Rendered>) -> Vec<(String, usize, String)> {
        let input = Input {
            rendered,
            ..Input::default()
        };
        let config = crate::check::Config::default();
        let ctx = Context::new(&input, &config, None);
        run_check(&CHECK, &ctx)
            .into_iter()
            .map(|d| {
                let l = d.label.as_ref().unwrap();
                (
                    l.file.path().display().to_string(),
                    l.region().start_column,
                    d.message,
                )
            })
            .collect()
    }

    #[test]
    fn subdomains() {
        assert!(is_dns_subdomain("dashboard-a-b.c"));
        assert!(is_dns_subdomain(&"a".repeat(253)));
        for bad in ["", "A", "a_b", "-a", "a-", "a..b", ".a", &"a".repeat(254)] {
            assert!(!is_dns_subdomain(bad), "{bad}");
        }
    }

    #[test]
    fn colliding_slugs_and_long_names() {
        let long = format!("dashboard-a-{}", "x".repeat(60));
        let found = run_on(vec![
            rendered(
                "a.yaml",
                "api.overview",
                "dashboard-a-api-overview-1",
                "dashboard-a-api-overview",
            ),
            rendered(
                "b.yaml",
                "api-overview",
                "dashboard-a-api-overview-2",
                "dashboard-a-api-overview",
            ),
            rendered("c.yaml", "fine", "dashboard-a-fine", "dashboard-a-fine"),
            rendered("d.yaml", "x", "dashboard-a-xxx-3", &long),
            rendered("e.yaml", "y", "Bad_Name", "bad-name"),
        ]);
        let got: Vec<(&str, usize)> = found.iter().map(|f| (f.0.as_str(), f.1)).collect();
        assert_eq!(got, vec![("b.yaml", 6), ("d.yaml", 6), ("e.yaml", 6)]);
        assert!(
            found[0].2.contains("which another source asks for too"),
            "{}",
            found[0].2
        );
        assert!(
            found[1].2.contains("72 characters (over 63)"),
            "{}",
            found[1].2
        );
        assert!(
            found[2].2.contains("not a valid Kubernetes name"),
            "{}",
            found[2].2
        );
    }
}
