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
    docs: "Kubernetes rejects a ConfigMap whose data exceeds 1 MiB. For standalone dashboards \
the size is that of the dashboard JSON a ConfigMap would hold. Split the dashboard, or \
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
262,144 bytes: `metadata.annotations: Too long`. Apply with `--server-side` (Argo CD: \
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

/// Something with a size: where to point, what it is about, its name and its bytes.
struct Sized {
    file: std::sync::Arc<crate::source::SourceFile>,
    span: std::ops::Range<usize>,
    subject: Subject,
    name: String,
    bytes: usize,
}

fn sized(ctx: &Context<'_>) -> Vec<Sized> {
    let mut out = Vec::new();
    for r in &ctx.input.rendered {
        out.push(Sized {
            file: r.file.clone(),
            span: r.span.clone(),
            subject: Subject::default(),
            name: format!("{} `{}`", r.kind, r.name),
            bytes: r.bytes,
        });
    }
    if ctx.input.rendered.is_empty() {
        for d in &ctx.input.dashboards {
            let bytes = serde_json::to_string(&d.json).map_or(0, |s| s.len());
            let span = d.value_span("/title");
            out.push(Sized {
                file: d.file.clone(),
                span,
                subject: dashboard_subject(d),
                name: format!("dashboard `{}`", d.title()),
                bytes,
            });
        }
    }
    out
}

fn run_hard(ctx: &Context<'_>, report: &mut Report) {
    for Sized {
        file,
        span,
        subject,
        name,
        bytes,
    } in sized(ctx)
    {
        if bytes > MAX_CONFIGMAP {
            report
                .at(
                    &file,
                    span,
                    subject,
                    format!("{name} is {bytes} bytes, over the 1 MiB ConfigMap limit"),
                )
                .help = Some("split it into several dashboards".into());
        }
    }
}

fn run_soft(ctx: &Context<'_>, report: &mut Report) {
    for Sized {
        file,
        span,
        subject,
        name,
        bytes,
    } in sized(ctx)
    {
        if bytes > MAX_ANNOTATIONS && bytes <= MAX_CONFIGMAP {
            report
                .at(
                    &file,
                    span,
                    subject,
                    format!(
                        "{name} is {bytes} bytes: client-side `kubectl apply` fails over 262144"
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
        assert_eq!(hard.len(), 1);
        assert!(hard[0].2.starts_with("dashboard `Big` is 1100"));
    }
}
