//! Builds a `grafana.db` with Grafana's real schema for the `dashboard`, `dashboard_version`
//! and `folder` tables (as its SQLite migrations leave them: the v2 `dashboard` table, then
//! each `ADD COLUMN` migration in order; `folder` v1 plus `lft`/`rgt`), inserts corpus
//! dashboards into nested folders, and reads them back through the importer.

mod corpus;

use std::path::Path;

use grafcode::import::batch::{self, Input, Options, Outcome};
use grafcode::import::grafana_db;
use grafcode::import::input;
use rusqlite::{Connection, params};

/// The tables as Grafana's migrator creates them on SQLite (pkg/services/sqlstore/migrations:
/// dashboard_mig.go "create dashboard v2" + later ADD COLUMN migrations,
/// dashboard_additional_mig.go folder_uid, dashboard_version_mig.go, folder_mig.go).
const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS `dashboard` (
`id` INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL
, `version` INTEGER NOT NULL
, `slug` TEXT NOT NULL
, `title` TEXT NOT NULL
, `data` TEXT NOT NULL
, `org_id` INTEGER NOT NULL
, `created` DATETIME NOT NULL
, `updated` DATETIME NOT NULL
);
CREATE INDEX `IDX_dashboard_org_id` ON `dashboard` (`org_id`);
ALTER TABLE `dashboard` ADD COLUMN `updated_by` INTEGER NULL;
ALTER TABLE `dashboard` ADD COLUMN `created_by` INTEGER NULL;
ALTER TABLE `dashboard` ADD COLUMN `gnet_id` INTEGER NULL;
CREATE INDEX `IDX_dashboard_gnet_id` ON `dashboard` (`gnet_id`);
ALTER TABLE `dashboard` ADD COLUMN `plugin_id` TEXT NULL;
CREATE INDEX `IDX_dashboard_org_id_plugin_id` ON `dashboard` (`org_id`,`plugin_id`);
ALTER TABLE `dashboard` ADD COLUMN `folder_id` INTEGER NOT NULL DEFAULT 0;
ALTER TABLE `dashboard` ADD COLUMN `is_folder` INTEGER NOT NULL DEFAULT 0;
ALTER TABLE `dashboard` ADD COLUMN `has_acl` INTEGER NOT NULL DEFAULT 0;
ALTER TABLE `dashboard` ADD COLUMN `uid` TEXT NULL;
CREATE UNIQUE INDEX `UQE_dashboard_org_id_uid` ON `dashboard` (`org_id`,`uid`);
CREATE INDEX `IDX_dashboard_title` ON `dashboard` (`title`);
CREATE INDEX `IDX_dashboard_is_folder` ON `dashboard` (`is_folder`);
ALTER TABLE `dashboard` ADD COLUMN `is_public` INTEGER NOT NULL DEFAULT 0;
ALTER TABLE `dashboard` ADD COLUMN `deleted` DATETIME NULL;
CREATE INDEX `IDX_dashboard_deleted` ON `dashboard` (`deleted`);
ALTER TABLE `dashboard` ADD COLUMN `api_version` TEXT NULL;
ALTER TABLE `dashboard` ADD COLUMN `folder_uid` TEXT NULL;

CREATE TABLE IF NOT EXISTS `dashboard_version` (
`id` INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL
, `dashboard_id` INTEGER NULL
, `parent_version` INTEGER NOT NULL
, `restored_from` INTEGER NOT NULL
, `version` INTEGER NOT NULL
, `created` DATETIME NOT NULL
, `created_by` INTEGER NOT NULL
, `message` TEXT NOT NULL
, `data` TEXT NOT NULL
);
CREATE INDEX `IDX_dashboard_version_dashboard_id` ON `dashboard_version` (`dashboard_id`);
CREATE UNIQUE INDEX `UQE_dashboard_version_dashboard_id_version` ON `dashboard_version` (`dashboard_id`,`version`);
ALTER TABLE `dashboard_version` ADD COLUMN `api_version` TEXT NULL;

CREATE TABLE IF NOT EXISTS `folder` (
`id` INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL
, `uid` TEXT NULL
, `org_id` INTEGER NOT NULL
, `title` TEXT NOT NULL
, `description` TEXT NULL
, `parent_uid` TEXT NULL
, `created` DATETIME NOT NULL
, `updated` DATETIME NOT NULL
);
CREATE INDEX `IDX_folder_parent_uid_org_id` ON `folder` (`parent_uid`,`org_id`);
CREATE UNIQUE INDEX `UQE_folder_uid_org_id` ON `folder` (`uid`,`org_id`);
CREATE UNIQUE INDEX `UQE_folder_title_parent_uid_org_id` ON `folder` (`title`,`parent_uid`,`org_id`);
ALTER TABLE `folder` ADD COLUMN `lft` INTEGER NOT NULL DEFAULT 0;
ALTER TABLE `folder` ADD COLUMN `rgt` INTEGER NOT NULL DEFAULT 0;
";

/// Corpus dashboards of one source directory, classic ones only, with unique UIDs.
fn corpus_dashboards(corpus: &Path, source: &str) -> Vec<serde_json::Value> {
    let mut out = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for e in walkdir::WalkDir::new(corpus.join("dashboards").join(source))
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "json"))
    {
        let text = std::fs::read_to_string(e.path()).unwrap();
        let v: serde_json::Value = serde_json::from_str(&text).unwrap();
        if input::classify(&v) != Some(input::DocumentKind::Dashboard) {
            continue;
        }
        let uid = v
            .get("uid")
            .and_then(|u| u.as_str())
            .unwrap_or("")
            .to_string();
        if !uid.is_empty() && seen.insert(uid) {
            out.push(v);
        }
    }
    out
}

#[test]
fn dashboards_and_nested_folders_come_out_of_a_real_schema_grafana_db() {
    let Some(corpus) = corpus::corpus("dashboards") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("grafana.db");
    let conn = Connection::open(&db).unwrap();
    conn.execute_batch(SCHEMA).unwrap();
    let now = "2026-01-01 00:00:00";
    // Folders: Platform, Platform/Kubernetes (nested), Databases; and the legacy folder row
    // Grafana keeps in `dashboard` for each folder.
    for (id, uid, title, parent) in [
        (1, "platform", "Platform", None),
        (2, "k8s", "Kubernetes", Some("platform")),
        (3, "dbs", "Databases", None),
    ] {
        conn.execute(
            "INSERT INTO folder (id, uid, org_id, title, parent_uid, created, updated) VALUES (?1, ?2, 1, ?3, ?4, ?5, ?5)",
            params![id, uid, title, parent, now],
        )
        .unwrap();
        conn.execute(
            "INSERT INTO dashboard (version, slug, title, data, org_id, created, updated, is_folder, uid, folder_uid) \
             VALUES (1, ?1, ?2, '{}', 1, ?3, ?3, 1, ?1, ?4)",
            params![uid, title, now, parent],
        )
        .unwrap();
    }
    let k8s = corpus_dashboards(&corpus, "kube-prometheus-stack");
    let tempo = corpus_dashboards(&corpus, "tempo");
    assert!(k8s.len() >= 10 && !tempo.is_empty());
    let mut expected = Vec::new();
    let mut insert = |d: &serde_json::Value, folder: Option<&str>, deleted: bool| {
        let uid = d["uid"].as_str().unwrap();
        let title = d["title"].as_str().unwrap_or("");
        conn.execute(
            "INSERT INTO dashboard (version, slug, title, data, org_id, created, updated, uid, folder_uid, deleted) \
             VALUES (3, ?1, ?2, ?3, 1, ?4, ?4, ?1, ?5, ?6)",
            params![uid, title, d.to_string(), now, folder, deleted.then_some(now)],
        )
        .unwrap();
        let id = conn.last_insert_rowid();
        conn.execute(
            "INSERT INTO dashboard_version (dashboard_id, parent_version, restored_from, version, created, created_by, message, data) \
             VALUES (?1, 2, 0, 3, ?2, 1, '', ?3)",
            params![id, now, d.to_string()],
        )
        .unwrap();
        if !deleted {
            expected.push((
                uid.to_string(),
                folder.map(|f| match f {
                    "k8s" => "Platform/Kubernetes",
                    "dbs" => "Databases",
                    _ => "Platform",
                }),
            ));
        }
    };
    for d in &k8s {
        insert(d, Some("k8s"), false);
    }
    insert(&tempo[0], None, false);
    for d in tempo.iter().skip(1) {
        insert(d, Some("dbs"), true); // soft-deleted: must not come back
    }
    drop(conn);

    let got = grafana_db::read_dashboards(&db).unwrap();
    let mut expected: Vec<(String, Option<String>)> = expected
        .into_iter()
        .map(|(u, f)| (u, f.map(String::from)))
        .collect();
    expected.sort();
    let summary: Vec<(String, Option<String>)> = got
        .iter()
        .map(|d| (d.uid.clone(), d.folder.clone()))
        .collect();
    assert_eq!(summary, expected);
    for d in &got {
        let name = format!("grafana.db#{}", d.uid);
        let doc = input::parse_json(&name, &d.data).unwrap();
        let read = input::read_dashboard(&name, doc).unwrap();
        assert_eq!(read.dashboard["uid"].as_str(), Some(d.uid.as_str()));
    }

    // `grafcode import --grafana-db grafana.db --map Platform/Kubernetes=platform --team misc
    // --verify`: every dashboard imported into its team's directory, identical after
    // normalisation; a second run without --force overwrites nothing.
    let repo = dir.path().join("repo");
    let mut options = Options {
        repo: repo.clone(),
        team: Some("misc".into()),
        verify: true,
        ..Options::default()
    };
    options
        .folder_teams
        .insert("Platform/Kubernetes".into(), "platform".into());
    let report = batch::run(&[Input::GrafanaDb(db.clone())], &options).unwrap();
    assert_eq!(report.summary(), (expected.len(), 0, 0));
    for item in &report.items {
        assert_eq!(item.differences.as_deref(), Some(&[][..]), "{}", item.input);
        let Outcome::Imported(path) = &item.outcome else {
            panic!("{}: {:?}", item.input, item.outcome)
        };
        let team = if item
            .input
            .ends_with(&format!("#{}", tempo[0]["uid"].as_str().unwrap()))
        {
            "misc"
        } else {
            "platform"
        };
        assert!(
            path.starts_with(format!("teams/{team}/dashboards")),
            "{}",
            path.display()
        );
        assert!(repo.join(path).is_file());
    }
    assert!(repo.join("teams/platform/team.yaml").is_file());
    let again = batch::run(&[Input::GrafanaDb(db)], &options).unwrap();
    assert_eq!(again.summary(), (0, expected.len(), 0));
}
