//! What a pull request changed, for `check --changed-since`: the source files that differ,
//! the objects whose compiled form differs (a library template edit changes every dashboard
//! using it), and ownership conflicts a change under one team's folder causes for another.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use super::{Entry, ObjectKind, Report, Snapshot, Status};
use crate::diag::Diagnostic;

/// The changed part of a monorepo between a base and a head side.
#[derive(Debug, Clone, Default)]
pub struct ChangedSet {
    /// Source paths (relative to the monorepo root) that differ.
    pub paths: BTreeSet<PathBuf>,
    /// Objects whose compiled form differs, or that are new, by kind and key.
    pub objects: BTreeSet<(ObjectKind, String)>,
    /// Source files of those objects on the head side.
    pub object_files: BTreeSet<PathBuf>,
    /// The monorepo root on disk (canonical), so findings that name files by absolute path
    /// or from another directory still match.
    pub root: Option<PathBuf>,
}

impl ChangedSet {
    /// The changed set of a comparison: `paths` from git, objects from the semantic diff.
    pub fn new(paths: BTreeSet<PathBuf>, report: &Report, head: &Snapshot) -> Self {
        let objects: BTreeSet<(ObjectKind, String)> = report
            .objects
            .iter()
            .filter(|o| o.status != Status::Removed)
            .map(|o| (o.kind, o.key.clone()))
            .collect();
        let object_files = head
            .entries
            .iter()
            .filter(|e| objects.contains(&(e.kind, e.key.clone())))
            .filter_map(|e| e.source_path().map(Path::to_path_buf))
            .collect();
        ChangedSet {
            paths,
            objects,
            object_files,
            root: None,
        }
    }

    /// The same set, matching paths relative to `root` (a directory on disk).
    pub fn with_root(mut self, root: &Path) -> Self {
        self.root = root.canonicalize().ok();
        self
    }

    /// Whether findings in this source file belong to the change. `path` is relative to the
    /// monorepo root (`./` allowed), or absolute under [`ChangedSet::root`].
    pub fn contains_file(&self, path: &Path) -> bool {
        let relative = self.relative(path);
        self.paths.contains(&relative) || self.object_files.contains(&relative)
    }

    fn relative(&self, path: &Path) -> PathBuf {
        let path = match (&self.root, path.is_absolute()) {
            (Some(root), true) => {
                let canon = path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
                canon
                    .strip_prefix(root)
                    .map(Path::to_path_buf)
                    .unwrap_or(canon)
            }
            _ => path.to_path_buf(),
        };
        path.components()
            .filter(|c| !matches!(c, std::path::Component::CurDir))
            .collect()
    }

    /// Whether to report a finding: it points into a changed file or a changed object's file.
    /// A finding that points nowhere (about the whole build) is always kept.
    pub fn keeps(&self, finding: &Diagnostic) -> bool {
        match &finding.label {
            Some(label) => self.contains_file(label.file.path()),
            None => true,
        }
    }
}

/// Conflicts a change under one team's folder causes for another team's objects:
/// - `ownership/uid-collision` (error): a changed object has the UID of another team's object;
/// - `ownership/uid-takeover` (warning): a changed object took a UID another team had on the
///   base side (a move between teams needs both teams' review);
/// - `ownership/folder-collision` (error): a changed team's objects now go to a Grafana
///   folder another team uses.
pub fn ownership_findings(
    base: &Snapshot,
    head: &Snapshot,
    changed: &ChangedSet,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let owned = |e: &Entry| matches!(e.kind, ObjectKind::Dashboard | ObjectKind::AlertRule);
    let mut head_by_key: BTreeMap<(ObjectKind, &str), Vec<&Entry>> = BTreeMap::new();
    for e in head.entries.iter().filter(|e| owned(e)) {
        head_by_key.entry((e.kind, &e.key)).or_default().push(e);
    }
    let base_by_key: BTreeMap<(ObjectKind, &str), &Entry> = base
        .entries
        .iter()
        .filter(|e| owned(e))
        .map(|e| ((e.kind, e.key.as_str()), e))
        .collect();
    let is_changed = |e: &Entry| e.source_path().is_some_and(|p| changed.paths.contains(p));
    for (key, entries) in &head_by_key {
        for e in entries.iter().filter(|e| is_changed(e)) {
            let others: Vec<&&Entry> = entries.iter().filter(|o| o.team != e.team).collect();
            if let Some(other) = others.first() {
                out.push(finding(
                    "ownership/uid-collision",
                    e,
                    format!(
                        "{} UID `{}` of team {} collides with team {}'s {}{}",
                        e.kind.noun(),
                        e.key,
                        team(e),
                        team(other),
                        other.kind.noun(),
                        located(other)
                    ),
                    true,
                ));
            } else if let Some(before) = base_by_key.get(key).filter(|b| b.team != e.team) {
                out.push(finding(
                    "ownership/uid-takeover",
                    e,
                    format!(
                        "{} UID `{}` belonged to team {} on the base side and now belongs to team {}",
                        e.kind.noun(),
                        e.key,
                        team(before),
                        team(e)
                    ),
                    false,
                ));
            }
        }
    }
    out.extend(folder_collisions(base, head, &is_changed));
    out
}

/// Changed objects going to a folder that another team's objects use, where their team did
/// not use that folder on the base side.
fn folder_collisions(
    base: &Snapshot,
    head: &Snapshot,
    is_changed: &dyn Fn(&Entry) -> bool,
) -> Vec<Diagnostic> {
    let folders = |s: &Snapshot| -> BTreeMap<String, BTreeSet<String>> {
        let mut map: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for e in &s.entries {
            if let (Some(folder), Some(team)) = (e.folder(), &e.team) {
                map.entry(folder.to_string())
                    .or_default()
                    .insert(team.clone());
            }
        }
        map
    };
    let (before, after) = (folders(base), folders(head));
    let mut reported = BTreeSet::new();
    let mut out = Vec::new();
    for e in head.entries.iter().filter(|e| is_changed(e)) {
        let (Some(folder), Some(team)) = (e.folder(), &e.team) else {
            continue;
        };
        let had_it = before.get(folder).is_some_and(|t| t.contains(team));
        let others: Vec<&String> = after
            .get(folder)
            .into_iter()
            .flatten()
            .filter(|t| *t != team)
            .collect();
        if had_it || others.is_empty() || !reported.insert((team.clone(), folder.to_string())) {
            continue;
        }
        let names = others
            .iter()
            .map(|s| s.as_str())
            .collect::<Vec<_>>()
            .join(", ");
        let what = if e.kind == ObjectKind::Team {
            format!("team {team} puts its objects in")
        } else {
            format!("team {team}'s {} {:?} goes to", e.kind.noun(), e.title)
        };
        out.push(
            finding(
                "ownership/folder-collision",
                e,
                format!("{what} Grafana folder {folder:?}, which team {names} uses"),
                true,
            )
            .with_help(format!(
                "give team {team} its own folder (`folder:` in teams/{team}/team.yaml)"
            )),
        );
    }
    out
}

fn finding(id: &str, e: &Entry, message: String, error: bool) -> Diagnostic {
    let d = if error {
        Diagnostic::error(id, message)
    } else {
        Diagnostic::warning(id, message)
    };
    match &e.origin {
        Some(o) => d.at(&o.file, o.span.clone()),
        None => d,
    }
}

fn team(e: &Entry) -> &str {
    e.team.as_deref().unwrap_or("(org-wide)")
}

fn located(e: &Entry) -> String {
    e.source_path()
        .map(|p| format!(" ({})", p.display()))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diff::diff;
    use crate::model::Origin;
    use crate::source::SourceFile;
    use serde_json::json;

    fn dash(team: &str, uid: &str, folder: &str, title: &str) -> Entry {
        let path = format!("teams/{team}/dashboards/{uid}.yaml");
        let origin = Origin {
            file: SourceFile::new(&path, format!("uid: {uid}\n")),
            span: 0..3,
        };
        Entry::dashboard(team, folder, json!({"uid": uid, "title": title})).with_origin(&origin)
    }

    fn snapshot(entries: Vec<Entry>) -> Snapshot {
        Snapshot {
            label: "x".into(),
            entries,
            files: Default::default(),
        }
    }

    fn changed(paths: &[&str], base: &Snapshot, head: &Snapshot) -> ChangedSet {
        let report = diff(base, head);
        ChangedSet::new(paths.iter().map(PathBuf::from).collect(), &report, head)
    }

    #[test]
    fn changed_objects_include_those_changed_through_a_template() {
        let base = snapshot(vec![
            dash("a", "a1", "A", "One"),
            dash("a", "a2", "A", "Two"),
        ]);
        let head = snapshot(vec![
            dash("a", "a1", "A", "One"),
            dash("a", "a2", "A", "Two v2"),
        ]);
        let set = changed(&["library/panels/p.yaml"], &base, &head);
        assert!(set.contains_file(Path::new("library/panels/p.yaml")));
        assert!(set.contains_file(Path::new("teams/a/dashboards/a2.yaml")));
        assert!(!set.contains_file(Path::new("teams/a/dashboards/a1.yaml")));
        let file = SourceFile::new("teams/a/dashboards/a1.yaml", "x");
        assert!(!set.keeps(&Diagnostic::error("x", "old").at(&file, 0..1)));
        assert!(set.keeps(&Diagnostic::error("x", "global")));
        assert!(set.contains_file(Path::new("./teams/a/dashboards/a2.yaml")));
    }

    #[test]
    fn a_changed_dashboard_taking_another_teams_uid_or_folder_is_reported() {
        let base = snapshot(vec![dash("pay", "pay-api", "Payments", "API")]);
        let head = snapshot(vec![
            dash("pay", "pay-api", "Payments", "API"),
            dash("web", "pay-api", "Payments", "Copy"),
        ]);
        let set = changed(&["teams/web/dashboards/pay-api.yaml"], &base, &head);
        let found: Vec<(String, String, Option<String>)> = ownership_findings(&base, &head, &set)
            .into_iter()
            .map(|d| (d.id.clone(), d.message.clone(), d.location()))
            .collect();
        assert_eq!(
            found,
            vec![
                (
                    "ownership/uid-collision".into(),
                    "dashboard UID `pay-api` of team web collides with team pay's dashboard \
                     (teams/pay/dashboards/pay-api.yaml)"
                        .into(),
                    Some("teams/web/dashboards/pay-api.yaml:1:1".into())
                ),
                (
                    "ownership/folder-collision".into(),
                    "team web's dashboard \"Copy\" goes to Grafana folder \"Payments\", which team pay uses"
                        .into(),
                    Some("teams/web/dashboards/pay-api.yaml:1:1".into())
                ),
            ]
        );
    }

    #[test]
    fn a_uid_moving_between_teams_is_a_warning_and_untouched_files_are_quiet() {
        let base = snapshot(vec![dash("pay", "shared", "Payments", "S")]);
        let head = snapshot(vec![dash("web", "shared", "Web", "S")]);
        let set = changed(&["teams/web/dashboards/shared.yaml"], &base, &head);
        let found = ownership_findings(&base, &head, &set);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].id, "ownership/uid-takeover");
        assert_eq!(found[0].severity, crate::diag::Severity::Warning);
        // Nothing changed under teams/: nothing to report even with a pre-existing collision.
        let both = snapshot(vec![dash("pay", "u", "P", "x"), dash("web", "u", "P", "y")]);
        let none = changed(&[], &both, &both);
        assert!(ownership_findings(&both, &both, &none).is_empty());
    }
}
