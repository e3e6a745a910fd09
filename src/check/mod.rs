//! The registry of checks over the IR: one check per file, each with a stable id, a severity,
//! documentation with a bad and a good example, and its own tests.
//!
//! A run builds a [`Context`] (the [`input::Input`], the config, the catalog, every query
//! parsed once), runs every enabled check in parallel, applies configured severities, drops
//! suppressed findings (`# grafcode-disable ID -- reason` comments and `check.exclude` entries
//! of `grafcode.yaml`), and sorts what is left.

pub mod config;
pub mod context;
pub mod input;
pub mod labelflow;
pub mod suppress;

mod alert_condition;
mod alert_duplicate;
mod alert_duration;
mod alert_required;
mod catalog_metric;
mod datasource_not_allowed;
mod datasource_secret;
mod datasource_unknown;
mod identity_configmap_name;
mod identity_title;
mod identity_uid;
mod label_dropped;
mod logql_syntax;
mod promql_syntax;
mod query_language;
mod record_name;
mod size_configmap;
mod variable_cycle;
mod variable_rate_interval;
mod variable_undefined;
mod variable_unused;

use std::ops::Range;
use std::sync::Arc;

use rayon::prelude::*;

pub use config::Config;
pub use context::Context;

use crate::diag::{Diagnostic, RuleInfo, Severity};
use crate::source::SourceFile;

/// One check: what it is called, how bad its findings are by default, its documentation and
/// the function that runs it.
#[derive(Debug)]
pub struct Check {
    /// Stable id (`promql/syntax`).
    pub id: &'static str,
    /// Default severity of its findings.
    pub severity: Severity,
    /// One line.
    pub summary: &'static str,
    /// Markdown: what it finds and why, a bad and a good example.
    pub docs: &'static str,
    /// Reports findings over the context.
    pub run: fn(&Context<'_>, &mut Report),
}

/// Every check, in id order.
pub fn registry() -> &'static [&'static Check] {
    static ALL: [&Check; 24] = [
        &alert_condition::CHECK,
        &alert_duplicate::CHECK,
        &alert_duration::CHECK,
        &alert_required::CHECK,
        &catalog_metric::COUNTER,
        &catalog_metric::LABEL,
        &catalog_metric::METRIC,
        &datasource_not_allowed::CHECK,
        &datasource_secret::CHECK,
        &datasource_unknown::CHECK,
        &identity_configmap_name::CHECK,
        &identity_title::CHECK,
        &identity_uid::CHECK,
        &label_dropped::CHECK,
        &logql_syntax::CHECK,
        &promql_syntax::CHECK,
        &query_language::CHECK,
        &record_name::CHECK,
        &size_configmap::CLIENT_APPLY,
        &size_configmap::CHECK,
        &variable_cycle::CHECK,
        &variable_rate_interval::CHECK,
        &variable_undefined::CHECK,
        &variable_unused::CHECK,
    ];
    &ALL
}

/// The check with this id.
pub fn find(id: &str) -> Option<&'static Check> {
    registry().iter().copied().find(|c| c.id == id)
}

/// Rule descriptions for machine-readable reports (SARIF).
pub fn rule_infos() -> Vec<RuleInfo> {
    registry()
        .iter()
        .map(|c| RuleInfo {
            id: c.id.to_string(),
            summary: c.summary.to_string(),
            help: c.docs.to_string(),
        })
        .collect()
}

/// The text `grafcode check --explain ID` prints.
pub fn explain(check: &Check) -> String {
    format!(
        "{} ({} by default)\n\n{}\n\n{}\n",
        check.id,
        check.severity.as_str(),
        check.summary,
        check.docs.trim()
    )
}

/// What a finding is about, for `check.exclude` entries of `grafcode.yaml`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Subject {
    /// Dashboard title and UID.
    pub dashboard: Option<(String, Option<String>)>,
    /// Panel title.
    pub panel: Option<String>,
    /// Alert or recording rule name.
    pub rule: Option<String>,
}

/// Where one check's findings go.
#[derive(Debug)]
pub struct Report {
    check: &'static Check,
    severity: Severity,
    found: Vec<(Diagnostic, Subject)>,
}

impl Report {
    fn new(check: &'static Check, severity: Severity) -> Self {
        Report {
            check,
            severity,
            found: Vec::new(),
        }
    }

    /// Reports a finding at `span` of `file`, about `subject`; returns it for a help line.
    pub fn at(
        &mut self,
        file: &Arc<SourceFile>,
        span: Range<usize>,
        subject: Subject,
        message: impl Into<String>,
    ) -> &mut Diagnostic {
        let d = Diagnostic::new(self.severity, self.check.id, message).at(file, span);
        self.found.push((d, subject));
        let last = self.found.len() - 1;
        &mut self.found[last].0
    }
}

/// Runs every enabled check and returns the findings left after suppression, sorted.
pub fn run(ctx: &Context<'_>) -> Vec<Diagnostic> {
    let found: Vec<(Diagnostic, Subject)> = registry()
        .par_iter()
        .filter_map(|c| {
            let severity = ctx.config.severity_of(c)?;
            let mut report = Report::new(c, severity);
            (c.run)(ctx, &mut report);
            Some(report.found)
        })
        .flatten()
        .collect();
    let comments = suppress::Comments::of(&ctx.input.files);
    let mut out: Vec<Diagnostic> = found
        .into_iter()
        .filter(|(d, s)| !comments.suppresses(d) && !ctx.config.excludes(d, s))
        .map(|(d, _)| d)
        .collect();
    out.extend(ctx.input.errors.iter().cloned());
    crate::diag::sort(&mut out);
    // A template instantiated twice yields the same finding at the same place once.
    out.dedup_by(|a, b| {
        a.id == b.id
            && a.message == b.message
            && match (&a.label, &b.label) {
                (Some(x), Some(y)) => Arc::ptr_eq(&x.file, &y.file) && x.span == y.span,
                (None, None) => true,
                _ => false,
            }
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_sorted_and_documented() {
        let ids: Vec<&str> = registry().iter().map(|c| c.id).collect();
        let mut sorted = ids.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(ids, sorted);
        for c in registry() {
            assert!(
                c.docs.contains("Bad:") && c.docs.contains("Good:"),
                "{}",
                c.id
            );
            assert!(find(c.id).is_some());
        }
    }
}

/// Helpers for the checks' tests: inputs from in-memory files, one check run alone.
#[cfg(test)]
pub mod testing {
    use super::input::{Input, files};
    use super::{Check, Context, Report};
    use crate::diag::Diagnostic;
    use crate::source::SourceFile;

    /// An input from `(path, text)` files, read as `grafcode check PATH…` reads files.
    pub fn input(files: &[(&str, &str)]) -> Input {
        files::from_sources(files.iter().map(|(p, t)| SourceFile::new(*p, *t)).collect())
    }

    /// Runs one check over a context.
    pub fn run_check(check: &'static Check, ctx: &Context<'_>) -> Vec<Diagnostic> {
        let mut report = Report::new(check, check.severity);
        (check.run)(ctx, &mut report);
        let mut out: Vec<Diagnostic> = report.found.into_iter().map(|(d, _)| d).collect();
        crate::diag::sort(&mut out);
        out
    }

    /// Runs one check over files; returns `(line, column, message)` of each finding.
    pub fn findings(check: &'static Check, files: &[(&str, &str)]) -> Vec<(usize, usize, String)> {
        let input = input(files);
        let config = super::Config::default();
        let ctx = Context::new(&input, &config, None);
        run_check(check, &ctx)
            .into_iter()
            .map(|d| {
                let r = d.label.as_ref().map(|l| l.region());
                (
                    r.map_or(0, |r| r.start_line),
                    r.map_or(0, |r| r.start_column),
                    d.message,
                )
            })
            .collect()
    }
}
