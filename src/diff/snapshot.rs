use std::collections::BTreeMap;

use serde_json::Value;

use super::ObjectKind;
use crate::model::{AlertRules, Model, Origin};

/// One comparable object: its kind, owner, key and title, its Grafana JSON, and the source
/// file it was compiled from.
#[derive(Debug, Clone)]
pub struct Entry {
    /// What it is.
    pub kind: ObjectKind,
    /// Owning team, `None` for org-wide objects.
    pub team: Option<String>,
    /// Identity across the two sides (UID, or a name path).
    pub key: String,
    /// Human title.
    pub title: String,
    /// The object as Grafana reads it (alert rules wrapped with their group, see
    /// [`Entry::alert_rule`]).
    pub json: Value,
    /// Where it was written (for findings about it), when known.
    pub origin: Option<Origin>,
}

impl Entry {
    /// The same entry, remembering where it was written.
    pub fn with_origin(mut self, origin: &Origin) -> Self {
        self.origin = Some(origin.clone());
        self
    }

    /// The path of its source file, when known.
    pub fn source_path(&self) -> Option<&std::path::Path> {
        self.origin.as_ref().map(|o| o.file.path())
    }

    /// The Grafana folder it goes in (dashboards and Grafana-managed rules).
    pub fn folder(&self) -> Option<&str> {
        self.json.get("folder").and_then(Value::as_str)
    }

    /// A dashboard, keyed by its `uid`.
    pub fn dashboard(team: &str, folder: &str, json: Value) -> Self {
        let key = str_field(&json, "uid").unwrap_or_default();
        let title = str_field(&json, "title").unwrap_or_else(|| key.clone());
        let mut wrapped = json;
        if let Value::Object(map) = &mut wrapped {
            // The folder is not part of the dashboard JSON but moving it is a change.
            map.insert("folder".into(), Value::String(folder.to_string()));
        }
        Entry {
            kind: ObjectKind::Dashboard,
            team: Some(team.to_string()),
            key,
            title,
            json: wrapped,
            origin: None,
        }
    }

    /// One rule of a group: `{"group": …, "folder": …, "interval": …, "engine": …, "rule": …}`,
    /// keyed by its `uid` (Grafana-managed) or by team/file/group/name (Prometheus, Loki).
    pub fn alert_rule(
        team: &str,
        file: &str,
        engine: &str,
        group: &Value,
        folder: &str,
        rule: &Value,
    ) -> Self {
        let group_name = str_field(group, "name").unwrap_or_default();
        let name = str_field(rule, "title")
            .or_else(|| str_field(rule, "alert"))
            .or_else(|| str_field(rule, "record"))
            .unwrap_or_default();
        let key =
            str_field(rule, "uid").unwrap_or_else(|| format!("{team}/{file}/{group_name}/{name}"));
        let json = serde_json::json!({
            "engine": engine,
            "folder": folder,
            "group": group_name,
            "interval": group.get("interval").cloned().unwrap_or(Value::Null),
            "rule": rule,
        });
        Entry {
            kind: ObjectKind::AlertRule,
            team: Some(team.to_string()),
            key,
            title: name,
            json,
            origin: None,
        }
    }

    /// A datasource, keyed by its `uid` (else its name).
    pub fn datasource(team: Option<&str>, json: Value) -> Self {
        let title = str_field(&json, "name").unwrap_or_default();
        let key = str_field(&json, "uid").unwrap_or_else(|| title.clone());
        Entry {
            kind: ObjectKind::Datasource,
            team: team.map(str::to_string),
            key,
            title,
            json,
            origin: None,
        }
    }

    /// A team's `team.yaml`, as JSON.
    pub fn team(name: &str, json: Value) -> Self {
        Entry {
            kind: ObjectKind::Team,
            team: Some(name.to_string()),
            key: name.to_string(),
            title: name.to_string(),
            json,
            origin: None,
        }
    }
}

/// One side of a comparison: its objects and its rendered files.
#[derive(Debug, Clone, Default)]
pub struct Snapshot {
    /// How the side is named in reports (`origin/main (1a2b3c4d5e6f)`, `work tree`).
    pub label: String,
    /// Every object.
    pub entries: Vec<Entry>,
    /// Rendered output files by path (relative to the output directory).
    pub files: BTreeMap<String, Vec<u8>>,
}

impl Snapshot {
    /// The objects of a built model, plus the teams (see [`Entry::team`]) and the rendered
    /// files.
    pub fn from_model(
        label: impl Into<String>,
        model: &Model,
        teams: Vec<Entry>,
        files: BTreeMap<String, Vec<u8>>,
    ) -> Self {
        let mut entries = Vec::new();
        for d in &model.dashboards {
            let json = serde_json::to_value(&d.dashboard).unwrap_or(Value::Null);
            entries.push(Entry::dashboard(&d.team, &d.folder, json).with_origin(&d.origin));
        }
        for file in &model.alert_files {
            let (engine, groups) = match &file.rules {
                AlertRules::Grafana(g) => ("grafana", serde_json::to_value(g)),
                AlertRules::Prometheus(g) => ("prometheus", serde_json::to_value(g)),
                AlertRules::Loki(g) => ("loki", serde_json::to_value(g)),
            };
            let groups = groups.unwrap_or(Value::Null);
            for group in groups.as_array().into_iter().flatten() {
                let rules = group.get("rules").and_then(Value::as_array);
                for rule in rules.into_iter().flatten() {
                    let entry = Entry::alert_rule(
                        &file.team,
                        &file.name,
                        engine,
                        group,
                        &file.folder,
                        rule,
                    );
                    entries.push(entry.with_origin(&file.origin));
                }
            }
        }
        for file in &model.datasource_files {
            for ds in &file.datasources {
                let json = serde_json::to_value(ds).unwrap_or(Value::Null);
                entries
                    .push(Entry::datasource(file.team.as_deref(), json).with_origin(&file.origin));
            }
        }
        entries.extend(teams);
        Snapshot {
            label: label.into(),
            entries,
            files,
        }
    }
}

pub(super) fn str_field(v: &Value, key: &str) -> Option<String> {
    v.get(key).and_then(Value::as_str).map(str::to_string)
}
