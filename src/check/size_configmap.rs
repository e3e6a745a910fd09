//! `size/configmap` and `size/client-apply`: a ConfigMap over 1 MiB is rejected by the API
//! server; over 262,144 bytes client-side `kubectl apply` fails on its annotation.

use super::context::dashboard_subject;
use super::{Check, Context, Report, Subject};
use crate::diag::Severity;

/// The hard limit of a ConfigMap's data.
pub const MAX_CONFIGMAP: usize = 1024 * 1024;
/// The limit of all annotations, which client-side apply fills with the whole object.
pub const MAX_ANNOTATIONS: usize = 262_144;

/// The 1 MiB check.
pub static CHECK: Check = Check {
    id: "size/configmap",
    severity: Severity::Error,
    summary: "a ConfigMap must stay under 1 MiB",
    docs: "Kubernetes rejects a ConfigMap whose data exceeds 1 MiB. In a monorepo whose `grafcode.yaml` enables the \
`sidecar` output, the size is that of the data of the ConfigMap it renders (keys + values); for standalone \
dashboard files it is estimated from the compact dashboard JSON, and the message says so. Split the dashboard, or \
move repeated panels into a library panel.

Bad:

```text
teams/infra/dashboards/everything.yaml → 1.4 MiB of JSON
```

Good:

```text
teams/infra/dashboards/nodes.yaml, teams/infra/dashboards/disks.yaml → 400 KiB each
```",
    run: run_hard,
};

/// The 256 KiB check.
pub static CLIENT_APPLY: Check = Check {
    id: "size/client-apply",
    severity: Severity::Warning,
    summary: "a ConfigMap over 256 KiB breaks client-side kubectl apply",
    docs: "Client-side `kubectl apply` stores the whole object in the \
`kubectl.kubernetes.io/last-applied-configuration` annotation, and annotations are limited to \
262,144 bytes: `metadata.annotations: Too long`. In a monorepo the size is that of the rendered \
ConfigMap as compact JSON; for standalone dashboard files an estimate from the dashboard JSON. Apply with `--server-side` (Argo CD: \
`ServerSideApply=true`), or make the dashboard smaller.

Bad:

```text
kubectl apply -f dashboards/   # a 300 KiB dashboard ConfigMap
```

Good:

```text
kubectl apply --server-side -f dashboards/
```",
    run: run_soft,
};

/// Something with a size: where to point, what it is about, its name, the bytes counted
/// against each limit, and whether they are an estimate.
struct Sized {
    file: std::sync::Arc<crate::source::SourceFile>,
    span: std::ops::Range<usize>,
    subject: Subject,
    name: String,
    data_bytes: usize,
    object_bytes: usize,
    estimate: bool,
}

/// The rendered ConfigMaps of a monorepo build; for standalone dashboard files (nothing
/// rendered), the compact dashboard JSON a ConfigMap would hold, as an estimate.
fn sized(ctx: &Context<'_>) -> Vec<Sized> {
    let mut out = Vec::new();
    for r in &ctx.input.rendered {
        out.push(Sized {
            file: r.file.clone(),
            span: r.span.clone(),
            subject: Subject::default(),
            name: format!("the ConfigMap `{}` of this {}", r.name, r.kind),
            data_bytes: r.data_bytes,
            object_bytes: r.object_bytes,
            estimate: false,
        });
    }
    if ctx.input.rendered.is_empty() {
        // Standalone files only: a monorepo without the sidecar output writes no ConfigMap.
        for d in ctx.input.dashboards.iter().filter(|d| d.source.is_none()) {
            let bytes = serde_json::to_string(&d.json).map_or(0, |s| s.len());
            let span = d.value_span("/title");
            out.push(Sized {
                file: d.file.clone(),
                span,
                subject: dashboard_subject(d),
                name: format!("dashboard `{}`", d.title()),
                data_bytes: bytes,
                object_bytes: bytes,
                estimate: true,
            });
        }
    }
    out
}

/// `" (estimated from the dashboard JSON)"` for estimates.
fn how(estimate: bool) -> &'static str {
    if estimate {
        " (estimated from the compact dashboard JSON; a ConfigMap adds its metadata)"
    } else {
        ""
    }
}

fn run_hard(ctx: &Context<'_>, report: &mut Report) {
    for s in sized(ctx) {
        if s.data_bytes > MAX_CONFIGMAP {
            report
                .at(
                    &s.file,
                    s.span,
                    s.subject,
                    format!(
                        "{} is {} bytes{}, over the 1 MiB ConfigMap limit",
                        s.name,
                        s.data_bytes,
                        how(s.estimate)
                    ),
                )
                .help = Some("split it into several dashboards".into());
        }
    }
}

fn run_soft(ctx: &Context<'_>, report: &mut Report) {
    for s in sized(ctx) {
        if s.object_bytes > MAX_ANNOTATIONS && s.data_bytes <= MAX_CONFIGMAP {
            report
                .at(
                    &s.file,
                    s.span,
                    s.subject,
                    format!(
                        "{} is {} bytes{}: client-side `kubectl apply` fails over 262144",
                        s.name,
                        s.object_bytes,
                        how(s.estimate)
                    ),
                )
                .help = Some("apply with `--server-side`, or make it smaller".into());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::testing::findings;

    #[test]
    fn thresholds() {
        let pad = "x".repeat(300_000);
        let mid = format!(r#"{{"title": "Mid", "panels": [], "description": "{pad}"}}"#);
        let big = format!(
            r#"{{"title": "Big", "panels": [], "description": "{}"}}"#,
            "y".repeat(1_100_000)
        );
        let small = r#"{"title": "Small", "panels": []}"#;
        let files = [
            ("m.json", mid.as_str()),
            ("b.json", big.as_str()),
            ("s.json", small),
        ];
        let soft = findings(&CLIENT_APPLY, &files);
        let hard = findings(&CHECK, &files);
        assert_eq!(soft.len(), 1);
        assert!(soft[0].2.starts_with("dashboard `Mid` is 300"));
        assert!(
            soft[0]
                .2
                .contains("(estimated from the compact dashboard JSON")
        );
        assert_eq!(hard.len(), 1);
        assert!(hard[0].2.starts_with("dashboard `Big` is 1100"));
    }

    #[test]
    fn rendered_sizes_win_over_the_dashboard_json() {
        use crate::check::input::{Input, Rendered};
        use crate::check::testing::run_check;
        let file = crate::source::SourceFile::new("teams/a/dashboards/d.yaml", "uid: d\n");
        let map = |name: &str, data_bytes, object_bytes| Rendered {
            kind: "dashboard".into(),
            name: name.into(),
            namespace: None,
            wanted: name.into(),
            data_bytes,
            object_bytes,
            file: file.clone(),
            span: 5..6,
        };
        let input = Input {
            rendered: vec![
                // Data under 256 KiB, but the object (escaped JSON, metadata) over it.
                map("small-data", 260_000, 270_000),
                map("huge", 1_048_577, 1_100_000),
                map("fine", 1000, 1500),
            ],
            ..Input::default()
        };
        let config = crate::check::Config::default();
        let ctx = Context::new(&input, &config, None);
        let soft: Vec<String> = run_check(&CLIENT_APPLY, &ctx)
            .into_iter()
            .map(|d| d.message)
            .collect();
        let hard: Vec<String> = run_check(&CHECK, &ctx)
            .into_iter()
            .map(|d| d.message)
            .collect();
        assert_eq!(
            soft,
            vec![
                "the ConfigMap `small-data` of this dashboard is 270000 bytes: client-side `kubectl apply` fails over 262144"
            ]
        );
        assert_eq!(
            hard,
            vec![
                "the ConfigMap `huge` of this dashboard is 1048577 bytes, over the 1 MiB ConfigMap limit"
            ]
        );
    }
}
