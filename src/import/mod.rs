//! Import: Grafana JSON exports, `grafana.db` and rule files into tracked source.
//!
//! The reverse of emit + load, in stages, one concern per module:
//! - [`input`] recognises what a file is and unwraps every dashboard form Grafana gives (UI
//!   export, API `{meta, dashboard}` wrapper, v2 resources reported as unsupported);
//! - [`external`] resolves "export for sharing externally" (`__inputs`, `__requires`,
//!   `__elements` library panels, `${VAR_…}` constants);
//! - [`legacy_rows`] turns the pre-grid `rows[]` layout into grid panels as Grafana does on load;
//! - [`legacy_schema`] runs the panel migrations of other old schema versions (`minSpan`,
//!   drilldown links);
//! - [`normalize`] brings two dashboards into comparable form and lists the JSON paths where
//!   they differ (the `--verify` proof);
//! - [`grafana_db`] reads dashboards and folders out of Grafana's SQLite database;
//! - [`datasources`] maps datasource references to logical names (or proposes stubs);
//! - [`layout`] turns `gridPos` back into rows and widths;
//! - [`writer`] writes the typed source form of a dashboard.

pub mod alerting;
pub mod batch;
pub mod datasources;
pub mod external;
pub mod grafana_db;
pub mod input;
pub mod layout;
pub mod legacy_rows;
pub mod legacy_schema;
pub mod library_match;
pub mod normalize;
pub mod normalize_legacy;
pub mod normalize_modern;
pub mod overlay;
pub mod patch;
pub mod plugin_defaults;
pub mod roundtrip;
pub mod rules;
pub mod typed;
pub mod typed_legacy;
pub mod typed_plugins;
pub mod typed_query;
pub mod writer;
pub mod yaml;

use std::fmt;
use std::path::PathBuf;

/// Why one input could not be imported. Names the input; the batch goes on with the rest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportError {
    /// The input (a file path, or `grafana.db#<uid>` for a database row).
    pub input: String,
    /// 1-based line and column, when the problem has a place.
    pub position: Option<(usize, usize)>,
    /// What was wrong and what was expected.
    pub message: String,
}

impl ImportError {
    /// An error about `input` as a whole.
    pub fn new(input: impl Into<String>, message: impl Into<String>) -> Self {
        ImportError {
            input: input.into(),
            position: None,
            message: message.into(),
        }
    }

    /// An error at a line and column of `input`.
    pub fn at(
        input: impl Into<String>,
        line: usize,
        column: usize,
        message: impl Into<String>,
    ) -> Self {
        ImportError {
            input: input.into(),
            position: Some((line, column)),
            message: message.into(),
        }
    }
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.position {
            Some((line, col)) => write!(f, "{}:{line}:{col}: {}", self.input, self.message),
            None => write!(f, "{}: {}", self.input, self.message),
        }
    }
}

impl std::error::Error for ImportError {}

/// Where one dashboard came from, for messages and for choosing its team.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// A JSON file.
    File(PathBuf),
    /// A row of `grafana.db` (the database path and the dashboard UID).
    Database {
        /// The database file.
        path: PathBuf,
        /// The dashboard's UID.
        uid: String,
    },
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Origin::File(p) => write!(f, "{}", p.display()),
            Origin::Database { path, uid } => write!(f, "{}#{uid}", path.display()),
        }
    }
}
