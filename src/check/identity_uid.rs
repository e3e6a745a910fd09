//! `identity/uid`: dashboard, Grafana rule and datasource UIDs are valid (`[a-zA-Z0-9_-]`,
//! at most 40 characters) and unique across everything checked together.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::Arc;

use super::context::dashboard_subject;
use super::{Check, Context, Report, Subject};
use crate::diag::Severity;
use crate::source::SourceFile;

/// The check.
pub static CHECK: Check = Check {
    id: "identity/uid",
    severity: Severity::Error,
    summary: "UIDs must be valid and unique",
    docs: "Grafana identifies dashboards, alert rules and datasources by UID: at most 40 \
characters of `a-z A-Z 0-9 - _`. Two objects of a kind with one UID overwrite each other in \
whichever order provisioning reads them, across the whole monorepo.

Bad:

```yaml
uid: api/overview
```

Good:

```yaml
uid: api-overview
```",
    run,
};

/// True for a valid Grafana UID.
pub fn is_valid_uid(uid: &str) -> bool {
    !uid.is_empty()
        && uid.len() <= 40
        && uid
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

struct Seen {
    first: HashMap<(&'static str, String), (Arc<SourceFile>, usize)>,
}

impl Seen {
    fn check(
        &mut self,
        report: &mut Report,
        kind: &'static str,
        uid: &str,
        file: &Arc<SourceFile>,
        span: Range<usize>,
        subject: Subject,
    ) {
        if !is_valid_uid(uid) {
            report
                .at(
                    file,
                    span.clone(),
                    subject.clone(),
                    format!("{kind} UID `{uid}` is not valid"),
                )
                .help = Some("at most 40 characters of a-z, A-Z, 0-9, `-` and `_`".into());
        }
        match self.first.get(&(kind, uid.to_string())) {
            Some((f, at)) => {
                let lc = f.line_col(*at);
                report
                    .at(
                        file,
                        span,
                        subject,
                        format!("{kind} UID `{uid}` is used twice"),
                    )
                    .help = Some(format!(
                    "also used at {}:{}:{}",
                    f.path().display(),
                    lc.line,
                    lc.column
                ));
            }
            None => {
                self.first
                    .insert((kind, uid.to_string()), (Arc::clone(file), span.start));
            }
        }
    }
}

fn run(ctx: &Context<'_>, report: &mut Report) {
    let mut seen = Seen {
        first: HashMap::new(),
    };
    for d in &ctx.input.dashboards {
        if let Some(uid) = d.uid().filter(|u| !u.is_empty()) {
            let span = d.value_span("/uid");
            seen.check(
                report,
                "dashboard",
                uid,
                &d.file,
                span,
                dashboard_subject(d),
            );
        }
    }
    for f in &ctx.input.rule_files {
        for g in &f.groups {
            for r in &g.rules {
                if let Some(uid) = &r.uid {
                    let subject = Subject {
                        rule: Some(r.name.value.clone()),
                        ..Subject::default()
                    };
                    seen.check(
                        report,
                        "alert rule",
                        &uid.value,
                        &f.file,
                        uid.span.clone(),
                        subject,
                    );
                }
            }
        }
    }
    for ds in &ctx.input.datasources {
        if let Some(uid) = &ds.uid {
            seen.check(
                report,
                "datasource",
                &uid.value,
                &ds.file,
                uid.span.clone(),
                Subject::default(),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::testing::findings;

    #[test]
    fn invalid_and_duplicate() {
        let a = r#"{"uid": "api/overview", "title": "A", "panels": []}"#;
        let b = r#"{"uid": "same", "title": "B", "panels": []}"#;
        let c = r#"{"uid": "same", "title": "C", "panels": []}"#;
        let found = findings(&CHECK, &[("a.json", a), ("b.json", b), ("c.json", c)]);
        let msgs: Vec<&str> = found.iter().map(|f| f.2.as_str()).collect();
        assert_eq!(
            msgs,
            vec![
                "dashboard UID `api/overview` is not valid",
                "dashboard UID `same` is used twice"
            ]
        );
        assert_eq!((found[0].0, found[0].1), (1, 10));
        assert!(is_valid_uid("a-b_C9") && !is_valid_uid(&"x".repeat(41)));
    }
}
