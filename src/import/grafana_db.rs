//! Dashboards and their folders out of Grafana's SQLite database (`grafana.db`).
//!
//! Read-only (the database of a running Grafana is never written or locked for writing).
//! Works across Grafana versions by looking at which columns exist: the `folder` table and
//! `dashboard.folder_uid` (Grafana ≥ 10) name the folder; older databases keep folders as
//! `dashboard` rows with `is_folder = 1`, referenced by `dashboard.folder_id`. Soft-deleted
//! dashboards (`deleted` set, Grafana ≥ 11) are skipped. Nested folders get a `/`-joined path.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use rusqlite::types::ValueRef;
use rusqlite::{Connection, OpenFlags, Row};

use super::ImportError;

/// One dashboard row of the database.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DbDashboard {
    /// Organisation id.
    pub org_id: i64,
    /// Dashboard UID.
    pub uid: String,
    /// Title (as indexed by Grafana; the JSON has its own).
    pub title: String,
    /// The folder path (`Parent/Child`), `None` for the General folder.
    pub folder: Option<String>,
    /// The dashboard JSON model, as stored.
    pub data: String,
}

/// Reads every dashboard (not folders, not soft-deleted) of every organisation, ordered by
/// organisation then UID.
pub fn read_dashboards(path: &Path) -> Result<Vec<DbDashboard>, ImportError> {
    let name = path.display().to_string();
    let db_err = |e: rusqlite::Error| {
        ImportError::new(
            &name,
            format!("cannot read as Grafana's SQLite database: {e}"),
        )
    };
    if !path.is_file() {
        return Err(ImportError::new(
            &name,
            "no such file (expected Grafana's grafana.db)",
        ));
    }
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(db_err)?;
    let dash_cols = columns(&conn, "dashboard").map_err(db_err)?;
    if dash_cols.is_empty() {
        return Err(ImportError::new(
            &name,
            "no `dashboard` table: this is not a Grafana database",
        ));
    }
    for needed in ["uid", "title", "data", "org_id"] {
        if !dash_cols.contains(needed) {
            return Err(ImportError::new(
                &name,
                format!("the `dashboard` table has no `{needed}` column (Grafana older than 5.0?)"),
            ));
        }
    }
    let folders = Folders::load(&conn, &dash_cols).map_err(db_err)?;
    let has = |c: &str| dash_cols.contains(c);
    let mut sql = format!(
        "SELECT org_id, uid, title, data, {}, {} FROM dashboard WHERE 1=1",
        if has("folder_uid") {
            "folder_uid"
        } else {
            "NULL"
        },
        if has("folder_id") { "folder_id" } else { "0" },
    );
    if has("is_folder") {
        sql.push_str(" AND is_folder = 0");
    }
    if has("deleted") {
        sql.push_str(" AND deleted IS NULL");
    }
    sql.push_str(" ORDER BY org_id, uid");
    let mut stmt = conn.prepare(&sql).map_err(db_err)?;
    let rows = stmt
        .query_map([], |row| {
            let org_id: i64 = row.get(0)?;
            let folder_uid: Option<String> = row.get(4)?;
            let folder_id: Option<i64> = row.get(5)?;
            Ok(DbDashboard {
                org_id,
                uid: row.get::<_, Option<String>>(1)?.unwrap_or_default(),
                title: row.get::<_, Option<String>>(2)?.unwrap_or_default(),
                folder: folders.path_of(org_id, folder_uid.as_deref(), folder_id.unwrap_or(0)),
                data: text(row, 3)?,
            })
        })
        .map_err(db_err)?;
    rows.collect::<Result<Vec<_>, _>>().map_err(db_err)
}

/// The `data` column as text: TEXT on SQLite, but tolerate a BLOB.
fn text(row: &Row<'_>, idx: usize) -> rusqlite::Result<String> {
    Ok(match row.get_ref(idx)? {
        ValueRef::Text(b) | ValueRef::Blob(b) => String::from_utf8_lossy(b).into_owned(),
        ValueRef::Null => String::new(),
        ValueRef::Integer(i) => i.to_string(),
        ValueRef::Real(f) => f.to_string(),
    })
}

/// The column names of a table (empty when the table does not exist).
fn columns(conn: &Connection, table: &str) -> rusqlite::Result<HashSet<String>> {
    let mut stmt = conn.prepare("SELECT name FROM pragma_table_info(?1)")?;
    let names = stmt.query_map([table], |r| r.get::<_, String>(0))?;
    names.collect()
}

/// Folder titles by `(org, uid)` with parents, and legacy folder rows by id.
#[derive(Default)]
struct Folders {
    by_uid: HashMap<(i64, String), (String, Option<String>)>,
    legacy_by_id: HashMap<i64, (i64, String)>,
}

impl Folders {
    fn load(conn: &Connection, dash_cols: &HashSet<String>) -> rusqlite::Result<Self> {
        let mut f = Folders::default();
        let folder_cols = columns(conn, "folder")?;
        if ["uid", "org_id", "title"]
            .iter()
            .all(|c| folder_cols.contains(*c))
        {
            let parent = if folder_cols.contains("parent_uid") {
                "parent_uid"
            } else {
                "NULL"
            };
            let mut stmt =
                conn.prepare(&format!("SELECT org_id, uid, title, {parent} FROM folder"))?;
            let rows = stmt.query_map([], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, Option<String>>(1)?.unwrap_or_default(),
                    r.get::<_, Option<String>>(2)?.unwrap_or_default(),
                    r.get::<_, Option<String>>(3)?,
                ))
            })?;
            for row in rows {
                let (org, uid, title, parent) = row?;
                f.by_uid
                    .insert((org, uid), (title, parent.filter(|p| !p.is_empty())));
            }
        }
        if dash_cols.contains("is_folder") {
            let mut stmt =
                conn.prepare("SELECT id, org_id, uid, title FROM dashboard WHERE is_folder = 1")?;
            let rows = stmt.query_map([], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, i64>(1)?,
                    r.get::<_, Option<String>>(2)?.unwrap_or_default(),
                    r.get::<_, Option<String>>(3)?.unwrap_or_default(),
                ))
            })?;
            for row in rows {
                let (id, org, uid, title) = row?;
                f.legacy_by_id.insert(id, (org, title.clone()));
                f.by_uid.entry((org, uid)).or_insert((title, None));
            }
        }
        Ok(f)
    }

    fn path_of(&self, org: i64, folder_uid: Option<&str>, folder_id: i64) -> Option<String> {
        if let Some(uid) = folder_uid.filter(|u| !u.is_empty())
            && self.by_uid.contains_key(&(org, uid.to_string()))
        {
            return Some(self.uid_path(org, uid));
        }
        self.legacy_by_id
            .get(&folder_id)
            .filter(|(o, _)| *o == org)
            .map(|(_, title)| title.clone())
    }

    /// `Parent/Child` for nested folders (bounded, in case of a cycle in bad data).
    fn uid_path(&self, org: i64, uid: &str) -> String {
        let mut parts = Vec::new();
        let mut current = Some(uid.to_string());
        while let Some(u) = current.take() {
            if parts.len() >= 16 {
                break;
            }
            match self.by_uid.get(&(org, u)) {
                Some((title, parent)) => {
                    parts.push(title.clone());
                    current = parent.clone();
                }
                None => break,
            }
        }
        parts.reverse();
        parts.join("/")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_file_and_non_grafana_database_are_clear_errors() {
        let dir = tempfile::tempdir().unwrap();
        let e = read_dashboards(&dir.path().join("nope.db")).unwrap_err();
        assert!(e.message.contains("no such file"), "{e}");
        let path = dir.path().join("other.db");
        let conn = Connection::open(&path).unwrap();
        conn.execute_batch("CREATE TABLE t (x INTEGER);").unwrap();
        drop(conn);
        let e = read_dashboards(&path).unwrap_err();
        assert!(e.message.contains("no `dashboard` table"), "{e}");
        let path = dir.path().join("junk.db");
        std::fs::write(
            &path,
            "this is not sqlite at all, just some text padding it out",
        )
        .unwrap();
        let e = read_dashboards(&path).unwrap_err();
        assert!(
            e.message
                .contains("cannot read as Grafana's SQLite database"),
            "{e}"
        );
    }

    #[test]
    fn legacy_folder_rows_name_the_folder() {
        // A Grafana 8-era table: folders are dashboard rows, no folder table, no folder_uid.
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("g.db");
        let conn = Connection::open(&path).unwrap();
        conn.execute_batch(
            "CREATE TABLE dashboard (id INTEGER PRIMARY KEY, org_id INTEGER NOT NULL, uid TEXT, \
             title TEXT NOT NULL, data TEXT NOT NULL, folder_id INTEGER NOT NULL DEFAULT 0, \
             is_folder INTEGER NOT NULL DEFAULT 0);
             INSERT INTO dashboard VALUES (1, 1, 'f1', 'Ops', '{}', 0, 1);
             INSERT INTO dashboard VALUES (2, 1, 'd1', 'A', '{\"title\":\"A\"}', 1, 0);
             INSERT INTO dashboard VALUES (3, 1, 'd2', 'B', '{\"title\":\"B\"}', 0, 0);",
        )
        .unwrap();
        drop(conn);
        let got = read_dashboards(&path).unwrap();
        let summary: Vec<(&str, Option<&str>)> = got
            .iter()
            .map(|d| (d.uid.as_str(), d.folder.as_deref()))
            .collect();
        assert_eq!(summary, vec![("d1", Some("Ops")), ("d2", None)]);
    }
}
