//! Semantic diff of two builds (base revision vs work tree or another revision), per object:
//! dashboards (panels, queries, variables), alert rules (expr, for, labels, annotations,
//! thresholds), datasources (secrets masked), teams, and the rendered files.
//!
//! Objects are compared as the Grafana JSON grafcode emits (what Grafana reads), so the diff
//! speaks Grafana's vocabulary and survives changes of the Rust types. [`Snapshot`] is one
//! side; [`diff`] compares two; [`render`] prints a [`Report`] as text, markdown or JSON.

mod alert;
mod build;
mod changed;
mod dashboard;
mod datasource;
mod files;
mod json;
mod query;
pub mod render;
mod since;
mod snapshot;

pub use build::{SideError, build_side};
pub use changed::{ChangedSet, ownership_findings};
pub use files::FileChange;
pub use since::{ChangedSince, changed_since};
pub use snapshot::{Entry, Snapshot};

use serde::Serialize;

/// Which kind of object changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ObjectKind {
    /// A dashboard, by UID.
    Dashboard,
    /// One alerting or recording rule.
    AlertRule,
    /// A datasource.
    Datasource,
    /// A team's `team.yaml` (owners, folder, allowed datasources, labels).
    Team,
}

impl ObjectKind {
    /// The name used in messages (`dashboard`, `alert rule`, …).
    pub fn noun(self) -> &'static str {
        match self {
            ObjectKind::Team => "team",
            ObjectKind::Datasource => "datasource",
            ObjectKind::Dashboard => "dashboard",
            ObjectKind::AlertRule => "alert rule",
        }
    }

    /// The plural, for summary tables.
    pub fn plural(self) -> &'static str {
        match self {
            ObjectKind::Team => "Teams",
            ObjectKind::Datasource => "Datasources",
            ObjectKind::Dashboard => "Dashboards",
            ObjectKind::AlertRule => "Alert rules",
        }
    }

    /// Every kind, in report order.
    pub const ALL: [ObjectKind; 4] = [
        ObjectKind::Dashboard,
        ObjectKind::AlertRule,
        ObjectKind::Datasource,
        ObjectKind::Team,
    ];
}

/// What happened to an object as a whole.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case", tag = "status")]
pub enum Status {
    /// Only on the head side.
    Added,
    /// Only on the base side.
    Removed,
    /// On both sides, different.
    Modified,
    /// Same key (UID), new title; may also be modified.
    Renamed {
        /// The base side's title.
        from: String,
    },
}

impl Status {
    /// `added`, `removed`, `modified` or `renamed`.
    pub fn as_str(&self) -> &'static str {
        match self {
            Status::Added => "added",
            Status::Removed => "removed",
            Status::Modified => "modified",
            Status::Renamed { .. } => "renamed",
        }
    }
}

/// How a value is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ValueKind {
    /// A short value, shown inline (`12 → 24`).
    Plain,
    /// A query expression, printed canonically and shown as `-`/`+` lines.
    Expr,
    /// A secret: values never shown.
    Secret,
}

/// What happened to one part of an object.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ChangeKind {
    /// The part is new.
    Added,
    /// The part is gone.
    Removed,
    /// The part's value changed.
    Changed,
}

/// One change inside an object: the part (`panel "p99 latency"`), the aspect (`width`,
/// `query A`, `labels.severity`) and the values before and after.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    /// The part of the object (`panel "Errors"`, `variable job`), empty for the object itself.
    pub subject: String,
    /// The aspect that changed (`width`, `query A`, `threshold C`, `url`).
    pub field: String,
    /// Added, removed or changed.
    pub kind: ChangeKind,
    /// How to show the values.
    pub value: ValueKind,
    /// The value before (absent when added, or secret).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub before: Option<String>,
    /// The value after (absent when removed, or secret).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub after: Option<String>,
}

impl Change {
    /// A changed plain value.
    pub fn changed(subject: &str, field: &str, before: String, after: String) -> Self {
        Change {
            subject: subject.to_string(),
            field: field.to_string(),
            kind: ChangeKind::Changed,
            value: ValueKind::Plain,
            before: Some(before),
            after: Some(after),
        }
    }

    /// A part added (`after` describes it, when there is something to say).
    pub fn added(subject: &str, field: &str, after: Option<String>) -> Self {
        Change {
            subject: subject.to_string(),
            field: field.to_string(),
            kind: ChangeKind::Added,
            value: ValueKind::Plain,
            before: None,
            after,
        }
    }

    /// A part removed (`before` describes it, when there is something to say).
    pub fn removed(subject: &str, field: &str, before: Option<String>) -> Self {
        Change {
            subject: subject.to_string(),
            field: field.to_string(),
            kind: ChangeKind::Removed,
            value: ValueKind::Plain,
            before,
            after: None,
        }
    }

    /// The same change with another value kind.
    pub fn shown_as(mut self, value: ValueKind) -> Self {
        if value == ValueKind::Secret {
            self.before = None;
            self.after = None;
        }
        self.value = value;
        self
    }
}

/// The differences of one object.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ObjectDiff {
    /// Owning team, `None` for org-wide objects.
    pub team: Option<String>,
    /// What it is.
    pub kind: ObjectKind,
    /// Its identity: UID (dashboards, Grafana rules, datasources) or name.
    pub key: String,
    /// Its title on the head side (base side when removed).
    pub title: String,
    /// Added, removed, modified or renamed.
    #[serde(flatten)]
    pub status: Status,
    /// The changes inside it (empty for added/removed objects).
    pub changes: Vec<Change>,
}

/// Everything that differs between two sides.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Report {
    /// The base side (`origin/main (1a2b3c4d5e6f)`).
    pub base: String,
    /// The head side (`work tree` or a revision).
    pub head: String,
    /// Changed objects, sorted by team, kind, key.
    pub objects: Vec<ObjectDiff>,
    /// Rendered output files that differ, sorted by path.
    pub files: Vec<FileChange>,
}

impl Report {
    /// True when nothing differs.
    pub fn is_empty(&self) -> bool {
        self.objects.is_empty() && self.files.is_empty()
    }

    /// Counts of (added, removed, modified-or-renamed) objects of one kind.
    pub fn counts(&self, kind: ObjectKind) -> (usize, usize, usize) {
        let mut counts = (0, 0, 0);
        for o in self.objects.iter().filter(|o| o.kind == kind) {
            match o.status {
                Status::Added => counts.0 += 1,
                Status::Removed => counts.1 += 1,
                Status::Modified | Status::Renamed { .. } => counts.2 += 1,
            }
        }
        counts
    }
}

/// Compares two sides object by object, and their rendered files.
pub fn diff(base: &Snapshot, head: &Snapshot) -> Report {
    let mut objects = Vec::new();
    for kind in ObjectKind::ALL {
        let pick = |entries: &[Entry]| -> Vec<Entry> {
            entries.iter().filter(|e| e.kind == kind).cloned().collect()
        };
        objects.extend(diff_entries(&pick(&base.entries), &pick(&head.entries)));
    }
    objects.sort_by(|a, b| (&a.team, a.kind, &a.key).cmp(&(&b.team, b.kind, &b.key)));
    Report {
        base: base.label.clone(),
        head: head.label.clone(),
        objects,
        files: files::diff_files(&base.files, &head.files),
    }
}

/// Pairs entries of one kind by key and compares each pair.
fn diff_entries(base: &[Entry], head: &[Entry]) -> Vec<ObjectDiff> {
    use std::collections::BTreeMap;
    let by_key = |entries: &[Entry]| -> BTreeMap<String, Entry> {
        entries.iter().map(|e| (e.key.clone(), e.clone())).collect()
    };
    let (base, head) = (by_key(base), by_key(head));
    let mut out = Vec::new();
    for (key, b) in &base {
        match head.get(key) {
            None => out.push(whole(b, Status::Removed)),
            Some(h) => {
                let changes = compare(b, h);
                let status = if b.title != h.title {
                    Status::Renamed {
                        from: b.title.clone(),
                    }
                } else {
                    Status::Modified
                };
                if !changes.is_empty() || status != Status::Modified {
                    out.push(ObjectDiff {
                        team: h.team.clone(),
                        kind: h.kind,
                        key: key.clone(),
                        title: h.title.clone(),
                        status,
                        changes,
                    });
                }
            }
        }
    }
    for (key, h) in &head {
        if !base.contains_key(key) {
            out.push(whole(h, Status::Added));
        }
    }
    out
}

fn whole(entry: &Entry, status: Status) -> ObjectDiff {
    ObjectDiff {
        team: entry.team.clone(),
        kind: entry.kind,
        key: entry.key.clone(),
        title: entry.title.clone(),
        status,
        changes: Vec::new(),
    }
}

/// The changes between two versions of one object, by kind.
fn compare(base: &Entry, head: &Entry) -> Vec<Change> {
    let mut changes = Vec::new();
    if base.team != head.team {
        changes.push(Change::changed(
            "",
            "team",
            base.team.clone().unwrap_or_else(|| "(org-wide)".into()),
            head.team.clone().unwrap_or_else(|| "(org-wide)".into()),
        ));
    }
    match head.kind {
        ObjectKind::Dashboard => dashboard::compare(&base.json, &head.json, &mut changes),
        ObjectKind::AlertRule => alert::compare(&base.json, &head.json, &mut changes),
        ObjectKind::Datasource => datasource::compare(&base.json, &head.json, &mut changes),
        ObjectKind::Team => json::leaf_changes("", "", &base.json, &head.json, &mut changes),
    }
    changes
}
