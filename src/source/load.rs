//! The loader: reads a monorepo through a [`SourceTree`] into typed source documents. Every
//! file is read and parsed once, in parallel; results keep a deterministic order (sorted
//! paths). Problems in the files are diagnostics; a missing root config or a directory that
//! cannot be read is a [`LoadError`] (exit 2).

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;
use serde::de::DeserializeOwned;

use super::de::{DeError, DeErrorKind, from_node};
use super::format::{AlertFile, Config, DashboardSpec, DatasourceFileSpec, TeamConfig};
use super::template::Template;
use super::yaml::{self, Budget, Node};
use super::{EntryKind, SourceFile, SourceTree};
use crate::diag::Diagnostic;

/// The root configuration file.
pub const CONFIG_FILE: &str = "grafcode.yaml";

/// A parsed file: its text, node tree and typed value.
#[derive(Debug, Clone)]
pub struct Doc<T> {
    /// The file.
    pub file: Arc<SourceFile>,
    /// Its YAML tree (spans for later checks).
    pub root: Node,
    /// Its typed content.
    pub value: T,
}

impl<T> Doc<T> {
    /// The file stem (`payments-api` for `teams/x/dashboards/payments-api.yaml`).
    pub fn stem(&self) -> String {
        self.file
            .path()
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default()
    }
}

/// One team's files.
#[derive(Debug, Clone)]
pub struct Team {
    /// Directory name under `teams/`.
    pub name: String,
    /// `team.yaml` (absent when it failed to parse; a diagnostic says why).
    pub config: Option<Doc<TeamConfig>>,
    /// Dashboards, by path.
    pub dashboards: Vec<Doc<DashboardSpec>>,
    /// Alert files, by path.
    pub alerts: Vec<Doc<AlertFile>>,
    /// Team-scoped datasource files, by path.
    pub datasources: Vec<Doc<DatasourceFileSpec>>,
}

/// Everything read from a monorepo.
#[derive(Debug, Clone)]
pub struct Repo {
    /// `grafcode.yaml` (absent when it failed to parse).
    pub config: Option<Doc<Config>>,
    /// Org-wide datasource files, by path.
    pub datasources: Vec<Doc<DatasourceFileSpec>>,
    /// Templates by name.
    pub templates: BTreeMap<String, Template>,
    /// Teams, by name.
    pub teams: Vec<Team>,
}

/// A file or directory that could not be read: a usage / I/O error, not a finding.
#[derive(Debug)]
pub struct LoadError {
    /// Path relative to the root.
    pub path: PathBuf,
    /// What happened.
    pub message: String,
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path.display(), self.message)
    }
}

impl std::error::Error for LoadError {}

/// What a file is, which decides its type.
#[derive(Debug, Clone, Copy)]
enum Kind {
    Config,
    Datasources(Option<usize>),
    Template,
    Team(usize),
    Dashboard(usize),
    Alerts(usize),
}

/// A parsed file of any kind (boxed: the kinds differ a lot in size).
enum Parsed {
    Config(Box<Doc<Config>>),
    Datasources(Box<Doc<DatasourceFileSpec>>),
    Template(Box<Template>),
    Team(Box<Doc<TeamConfig>>),
    Dashboard(Box<Doc<DashboardSpec>>),
    Alerts(Box<Doc<AlertFile>>),
}

/// The outcome of reading one file: a parsed file or a finding, or an I/O error.
type FileResult = Result<(Kind, Result<Parsed, Diagnostic>), LoadError>;

/// Reads the monorepo at the root of `tree`.
pub fn load(tree: &dyn SourceTree) -> Result<(Repo, Vec<Diagnostic>), LoadError> {
    let config = Path::new(CONFIG_FILE);
    if !tree.exists(config) {
        return Err(LoadError {
            path: config.to_path_buf(),
            message: format!(
                "not found in {} (is this a grafcode repository?)",
                tree.describe()
            ),
        });
    }
    let mut jobs: Vec<(Kind, PathBuf)> = vec![(Kind::Config, config.to_path_buf())];
    for path in yaml_files(tree, Path::new("library/datasources"))? {
        jobs.push((Kind::Datasources(None), path));
    }
    for path in yaml_files(tree, Path::new("library/panels"))? {
        jobs.push((Kind::Template, path));
    }
    let mut teams = Vec::new();
    for name in team_dirs(tree)? {
        let i = teams.len();
        let dir = Path::new("teams").join(&name);
        let team_file = dir.join("team.yaml");
        if !tree.exists(&team_file) {
            return Err(LoadError {
                path: team_file,
                message: "not found: every directory under teams/ needs a team.yaml".into(),
            });
        }
        jobs.push((Kind::Team(i), team_file));
        for path in yaml_files(tree, &dir.join("dashboards"))? {
            jobs.push((Kind::Dashboard(i), path));
        }
        for path in yaml_files(tree, &dir.join("alerts"))? {
            jobs.push((Kind::Alerts(i), path));
        }
        for path in yaml_files(tree, &dir.join("datasources"))? {
            jobs.push((Kind::Datasources(Some(i)), path));
        }
        teams.push(Team {
            name,
            config: None,
            dashboards: Vec::new(),
            alerts: Vec::new(),
            datasources: Vec::new(),
        });
    }
    let results: Vec<FileResult> = jobs
        .par_iter()
        .map(|(kind, path)| Ok((*kind, parse_file(tree, *kind, path)?)))
        .collect();
    let mut repo = Repo {
        config: None,
        datasources: Vec::new(),
        templates: BTreeMap::new(),
        teams,
    };
    let mut diagnostics = Vec::new();
    for result in results {
        let (kind, parsed) = result?;
        match parsed {
            Err(d) => diagnostics.push(d),
            Ok(parsed) => place(&mut repo, kind, parsed),
        }
    }
    Ok((repo, diagnostics))
}

fn place(repo: &mut Repo, kind: Kind, parsed: Parsed) {
    match (kind, parsed) {
        (_, Parsed::Config(doc)) => repo.config = Some(*doc),
        (_, Parsed::Template(t)) => {
            repo.templates.insert(t.name.clone(), *t);
        }
        (Kind::Datasources(None), Parsed::Datasources(doc)) => repo.datasources.push(*doc),
        (Kind::Datasources(Some(i)), Parsed::Datasources(doc)) => {
            if let Some(t) = repo.teams.get_mut(i) {
                t.datasources.push(*doc);
            }
        }
        (Kind::Team(i), Parsed::Team(doc)) => {
            if let Some(t) = repo.teams.get_mut(i) {
                t.config = Some(*doc);
            }
        }
        (Kind::Dashboard(i), Parsed::Dashboard(doc)) => {
            if let Some(t) = repo.teams.get_mut(i) {
                t.dashboards.push(*doc);
            }
        }
        (Kind::Alerts(i), Parsed::Alerts(doc)) => {
            if let Some(t) = repo.teams.get_mut(i) {
                t.alerts.push(*doc);
            }
        }
        _ => {}
    }
}

fn parse_file(
    tree: &dyn SourceTree,
    kind: Kind,
    path: &Path,
) -> Result<Result<Parsed, Diagnostic>, LoadError> {
    let bytes = tree.read(path).map_err(|e| LoadError {
        path: path.to_path_buf(),
        message: e.to_string(),
    })?;
    let Ok(text) = String::from_utf8(bytes) else {
        let file = SourceFile::new(path, "");
        return Ok(Err(
            Diagnostic::error("source/yaml", "file is not UTF-8").at(&file, 0..0)
        ));
    };
    let file = SourceFile::new(path, text);
    Ok(match kind {
        Kind::Config => parse_doc(&file).map(|d| Parsed::Config(Box::new(d))),
        Kind::Datasources(_) => parse_doc(&file).map(|d| Parsed::Datasources(Box::new(d))),
        Kind::Team(_) => parse_doc(&file).map(|d| Parsed::Team(Box::new(d))),
        Kind::Dashboard(_) => parse_doc(&file).map(|d| Parsed::Dashboard(Box::new(d))),
        Kind::Alerts(_) => parse_doc(&file).map(|d| Parsed::Alerts(Box::new(d))),
        Kind::Template => {
            let name = path
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            Template::parse(&name, &file).map(|t| Parsed::Template(Box::new(t)))
        }
    })
}

/// Parses a file into `T`, or the first error in it.
pub fn parse_doc<T: DeserializeOwned>(file: &Arc<SourceFile>) -> Result<Doc<T>, Diagnostic> {
    let root = parse_node(file)?;
    let value = from_node(&root).map_err(|e| de_diagnostic(file, &root, e))?;
    Ok(Doc {
        file: Arc::clone(file),
        root,
        value,
    })
}

/// Parses a file into a node tree.
pub fn parse_node(file: &Arc<SourceFile>) -> Result<Node, Diagnostic> {
    yaml::parse(file.text(), Budget::default())
        .map_err(|e| Diagnostic::error("source/yaml", e.message).at(file, e.span))
}

/// A typed-reading error as a diagnostic at its node.
pub fn de_diagnostic(file: &Arc<SourceFile>, root: &Node, e: DeError) -> Diagnostic {
    let id = match e.kind {
        DeErrorKind::UnknownKey => "source/unknown-key",
        DeErrorKind::Type => "source/type",
        DeErrorKind::Missing => "source/missing-key",
        DeErrorKind::Other => "source/invalid",
    };
    let span = e.span.clone().unwrap_or_else(|| root.span.clone());
    // A missing key points at the start of its mapping, not the whole of it.
    let span = if e.kind == DeErrorKind::Missing {
        span.start..span.start
    } else {
        span
    };
    let d = Diagnostic::error(id, e.message).at(file, span);
    match e.help {
        Some(help) => d.with_help(help),
        None => d,
    }
}

/// `*.yaml` / `*.yml` files of a directory, sorted; none when the directory does not exist.
fn yaml_files(tree: &dyn SourceTree, dir: &Path) -> Result<Vec<PathBuf>, LoadError> {
    if !tree.exists(dir) {
        return Ok(Vec::new());
    }
    let entries = tree.list(dir).map_err(|e| LoadError {
        path: dir.to_path_buf(),
        message: format!("cannot read directory: {e}"),
    })?;
    Ok(entries
        .into_iter()
        .filter(|e| e.kind == EntryKind::File)
        .filter(|e| e.name.ends_with(".yaml") || e.name.ends_with(".yml"))
        .map(|e| dir.join(e.name))
        .collect())
}

/// Team directory names under `teams/`, sorted.
fn team_dirs(tree: &dyn SourceTree) -> Result<Vec<String>, LoadError> {
    let dir = Path::new("teams");
    if !tree.exists(dir) {
        return Ok(Vec::new());
    }
    let entries = tree.list(dir).map_err(|e| LoadError {
        path: dir.to_path_buf(),
        message: format!("cannot read directory: {e}"),
    })?;
    Ok(entries
        .into_iter()
        .filter(|e| e.kind == EntryKind::Dir && !e.name.starts_with('.'))
        .map(|e| e.name)
        .collect())
}
