//! One import run: inputs (files, directories, `grafana.db`) → source files, with `raw:`
//! patches computed by compiling the typed source, an optional `--verify` proof, and the
//! safety rules (never overwrite without `force`, nothing written on `dry_run`, one bad input
//! never stops the batch).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde_json::{Map, Value, json};

use super::datasources::{Datasources, KnownDatasource, Mapping, slug};
use super::input::{self, DocumentKind};
use super::normalize::{self, Difference, Unmapped};
use super::overlay::Overlay;
use super::roundtrip::{self, PatchStats};
use super::rules::{self, Engine};
use super::{ImportError, alerting, grafana_db, library_match, writer, yaml};
use crate::source::{DiskTree, SourceTree};

/// What to import and how.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The monorepo root the files are written into.
    pub repo: PathBuf,
    /// The team everything goes to (unless a folder mapping says otherwise).
    pub team: Option<String>,
    /// Grafana folder title → team.
    pub folder_teams: BTreeMap<String, String>,
    /// Overwrite existing source files.
    pub force: bool,
    /// Print what would be written; write nothing.
    pub dry_run: bool,
    /// Compile what was written and compare with the original.
    pub verify: bool,
    /// Engine of imported rule files (default: guessed from the expressions).
    pub engine: Option<Engine>,
}

/// An input of the run.
#[derive(Debug, Clone)]
pub enum Input {
    /// A file, or a directory searched for `*.json`, `*.yaml`, `*.yml`.
    Path(PathBuf),
    /// Grafana's SQLite database.
    GrafanaDb(PathBuf),
}

/// How one input ended.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// Written (or would be, on a dry run) to this path.
    Imported(PathBuf),
    /// Not written, and why (the file exists, nothing to import).
    Skipped(String),
    /// Could not be imported.
    Failed(String),
}

/// The report on one input.
#[derive(Debug, Clone)]
pub struct Item {
    /// The input (a path, or `grafana.db#uid`).
    pub input: String,
    /// What happened.
    pub outcome: Outcome,
    /// `--verify`: the differences left after normalisation (empty: identical).
    pub differences: Option<Vec<Difference>>,
    /// The written text (shown on a dry run).
    pub text: Option<String>,
    /// Lines of source written, and of the original pretty-printed JSON/YAML.
    pub lines: (usize, usize),
    /// Panels and panels that needed `raw:`.
    pub panels: PatchStats,
    /// What of the input was left out, and why (e.g. contact points of an alerting file).
    pub notes: Vec<String>,
}

/// The whole run.
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// Per input, in input order.
    pub items: Vec<Item>,
    /// Datasource stubs proposed, and where they are written.
    pub proposed_datasources: Vec<KnownDatasource>,
    /// Other files written (team.yaml, datasource stubs).
    pub support_files: Vec<(PathBuf, String)>,
}

impl Report {
    /// `(imported, skipped, failed)`.
    pub fn summary(&self) -> (usize, usize, usize) {
        let mut s = (0, 0, 0);
        for i in &self.items {
            match i.outcome {
                Outcome::Imported(_) => s.0 += 1,
                Outcome::Skipped(_) => s.1 += 1,
                Outcome::Failed(_) => s.2 += 1,
            }
        }
        s
    }
}

/// A dashboard on its way.
struct PendingDashboard {
    item: usize,
    team: String,
    folder: Option<String>,
    path: PathBuf,
    original: Map<String, Value>,
    written: writer::Written,
}

/// A rule file on its way.
struct PendingRules {
    item: usize,
    team: String,
    path: PathBuf,
    rules: rules::RuleInput,
}

/// A Grafana alerting provisioning file on its way.
struct PendingAlerting {
    item: usize,
    team: String,
    path: PathBuf,
    input: alerting::AlertingInput,
    source: Map<String, Value>,
}

/// Runs an import.
pub fn run(inputs: &[Input], options: &Options) -> Result<Report, String> {
    let base = DiskTree::new(&options.repo);
    let has_repo = base.exists(Path::new(crate::source::load::CONFIG_FILE));
    let mut datasources = Datasources::new(if has_repo {
        known_datasources(&base)
    } else {
        Vec::new()
    });
    let library = if has_repo {
        library_match::Library::load(&base)
    } else {
        library_match::Library::default()
    };
    let mut report = Report::default();
    let mut dashboards = Vec::new();
    let mut rule_files = Vec::new();
    let mut alerting_files = Vec::new();
    let mut taken: BTreeSet<PathBuf> = BTreeSet::new();
    for (name, text, folder, hint) in expand(inputs, &mut report)? {
        let item = report.items.len();
        report.items.push(Item {
            input: name.clone(),
            outcome: Outcome::Skipped(String::new()),
            differences: None,
            text: None,
            lines: (0, 0),
            panels: PatchStats::default(),
            notes: Vec::new(),
        });
        match read_one(&name, &text, hint, options) {
            Err(e) => report.items[item].outcome = Outcome::Failed(e.to_string()),
            Ok(Read::Dashboard(d)) => {
                let folder = folder.or(d.folder_title.clone());
                let team = match team_for(folder.as_deref(), options) {
                    Ok(t) => t,
                    Err(e) => {
                        report.items[item].outcome = Outcome::Failed(format!("{name}: {e}"));
                        continue;
                    }
                };
                let stem = d
                    .dashboard
                    .get("title")
                    .and_then(Value::as_str)
                    .or_else(|| d.dashboard.get("uid").and_then(Value::as_str))
                    .map(slug)
                    .unwrap_or_else(|| "dashboard".into());
                let path = unique(&mut taken, &format!("teams/{team}/dashboards"), &stem);
                let original = Value::Object(d.dashboard.clone());
                report.items[item].lines.1 = pretty_lines(&original);
                let mut written =
                    writer::write(&d.dashboard, &d.datasource_inputs, &mut datasources);
                // Panels a library template renders are written as `use:` + `with:`.
                library_match::apply(&mut written.source, &library);
                dashboards.push(PendingDashboard {
                    item,
                    team,
                    folder,
                    path,
                    original: d.dashboard,
                    written,
                });
            }
            Ok(Read::Alerting(a)) => {
                report.items[item].notes = a.not_imported.clone();
                let folder = a
                    .groups
                    .first()
                    .and_then(|g| g.get("folder"))
                    .and_then(Value::as_str);
                let team = match team_for(folder, options) {
                    Ok(t) => t,
                    Err(e) => {
                        report.items[item].outcome = Outcome::Failed(format!("{name}: {e}"));
                        continue;
                    }
                };
                if a.groups.is_empty() {
                    report.items[item].outcome =
                        Outcome::Skipped("no rule groups in the file".into());
                    continue;
                }
                let stem = stem_slug(&name, "alerts");
                let path = unique(&mut taken, &format!("teams/{team}/alerts"), &stem);
                report.items[item].lines.1 = pretty_lines(&Value::Array(a.groups.clone()));
                let source = alerting::to_source(&a, &mut datasources);
                alerting_files.push(PendingAlerting {
                    item,
                    team,
                    path,
                    input: a,
                    source,
                });
            }
            Ok(Read::Rules(r)) => {
                report.items[item].notes = r.notes.clone();
                let team = match team_for(None, options) {
                    Ok(t) => t,
                    Err(e) => {
                        report.items[item].outcome = Outcome::Failed(format!("{name}: {e}"));
                        continue;
                    }
                };
                if r.groups.is_empty() {
                    report.items[item].outcome =
                        Outcome::Skipped("no rule groups in the file".into());
                    continue;
                }
                let stem = stem_slug(&name, "rules");
                let stem = r.manifest_name.as_deref().map(slug).unwrap_or(stem);
                let path = unique(&mut taken, &format!("teams/{team}/alerts"), &stem);
                report.items[item].lines.1 = pretty_lines(&Value::Array(r.groups.clone()));
                rule_files.push(PendingRules {
                    item,
                    team,
                    path,
                    rules: r,
                });
            }
        }
    }
    report.proposed_datasources = datasources.proposed().to_vec();
    let mut teams: Vec<&str> = rule_files.iter().map(|r| r.team.as_str()).collect();
    teams.extend(alerting_files.iter().map(|a| a.team.as_str()));
    let support = support_files(&base, has_repo, &dashboards, &teams, &datasources);
    finish(
        &mut report,
        &base,
        has_repo,
        support,
        &mut dashboards,
        &rule_files,
        &mut alerting_files,
        &datasources,
        options,
    )?;
    Ok(report)
}

enum Read {
    Dashboard(input::DashboardInput),
    Rules(rules::RuleInput),
    Alerting(alerting::AlertingInput),
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Hint {
    Json,
    Yaml,
    Db,
}

fn read_one(name: &str, text: &str, hint: Hint, options: &Options) -> Result<Read, ImportError> {
    match hint {
        Hint::Json | Hint::Db => {
            let doc = input::parse_json(name, text)?;
            match input::classify(&doc) {
                Some(DocumentKind::RuleFile | DocumentKind::PrometheusRule) => {
                    rules::read(name, text, options.engine).map(Read::Rules)
                }
                Some(DocumentKind::GrafanaAlerting) => {
                    alerting::read(name, &doc).map(Read::Alerting)
                }
                _ => input::read_dashboard(name, doc).map(Read::Dashboard),
            }
        }
        Hint::Yaml => {
            let doc: Value = serde_saphyr::from_multiple::<Value>(text)
                .ok()
                .and_then(|d| d.into_iter().find(|v| !v.is_null()))
                .unwrap_or(Value::Null);
            match input::classify(&doc) {
                Some(DocumentKind::GrafanaAlerting) => {
                    alerting::read(name, &doc).map(Read::Alerting)
                }
                Some(DocumentKind::Dashboard | DocumentKind::DashboardV2) => {
                    input::read_dashboard(name, doc).map(Read::Dashboard)
                }
                _ => rules::read(name, text, options.engine).map(Read::Rules),
            }
        }
    }
}

/// One input document: its name, text, Grafana folder (from a database) and kind.
type Document = (String, String, Option<String>, Hint);

/// `(name, text, folder, kind)` of every input; unreadable ones are reported failed.
fn expand(inputs: &[Input], report: &mut Report) -> Result<Vec<Document>, String> {
    let mut out = Vec::new();
    for input in inputs {
        match input {
            Input::GrafanaDb(db) => match grafana_db::read_dashboards(db) {
                Ok(rows) => {
                    for r in rows {
                        out.push((
                            format!("{}#{}", db.display(), r.uid),
                            r.data,
                            r.folder,
                            Hint::Db,
                        ));
                    }
                }
                Err(e) => return Err(e.to_string()),
            },
            Input::Path(p) if p.is_dir() => {
                let mut files: Vec<PathBuf> = walkdir::WalkDir::new(p)
                    .sort_by_file_name()
                    .into_iter()
                    .filter_map(Result::ok)
                    .filter(|e| e.file_type().is_file())
                    .map(|e| e.into_path())
                    .filter(|p| {
                        matches!(
                            p.extension().and_then(|x| x.to_str()),
                            Some("json" | "yaml" | "yml")
                        )
                    })
                    .collect();
                files.sort();
                for f in files {
                    push_file(&f, &mut out, report);
                }
            }
            Input::Path(p) if p.exists() => push_file(p, &mut out, report),
            Input::Path(p) => return Err(format!("{}: no such file or directory", p.display())),
        }
    }
    Ok(out)
}

fn push_file(path: &Path, out: &mut Vec<Document>, report: &mut Report) {
    let name = path.display().to_string();
    let hint = if path.extension().and_then(|x| x.to_str()) == Some("json") {
        Hint::Json
    } else {
        Hint::Yaml
    };
    match std::fs::read_to_string(path) {
        Ok(text) => out.push((name, text, None, hint)),
        Err(e) => report.items.push(Item {
            input: name.clone(),
            outcome: Outcome::Failed(format!("{name}: cannot read: {e}")),
            differences: None,
            text: None,
            lines: (0, 0),
            panels: PatchStats::default(),
            notes: Vec::new(),
        }),
    }
}

fn team_for(folder: Option<&str>, options: &Options) -> Result<String, String> {
    if let Some(f) = folder
        && let Some(t) = options.folder_teams.get(f)
    {
        return Ok(t.clone());
    }
    if let Some(t) = &options.team {
        return Ok(t.clone());
    }
    match folder {
        Some(f) => Err(format!(
            "no team for Grafana folder `{f}`: pass --team or --map '{f}=<team>'"
        )),
        None => Err("no team: pass --team <team>".into()),
    }
}

fn unique(taken: &mut BTreeSet<PathBuf>, dir: &str, stem: &str) -> PathBuf {
    let mut n = 1;
    loop {
        let name = if n == 1 {
            format!("{stem}.yaml")
        } else {
            format!("{stem}-{n}.yaml")
        };
        let p = Path::new(dir).join(name);
        if taken.insert(p.clone()) {
            return p;
        }
        n += 1;
    }
}

fn pretty_lines(v: &Value) -> usize {
    serde_json::to_string_pretty(v).map_or(0, |s| s.lines().count())
}

/// The repository's datasources by logical name.
fn known_datasources(tree: &dyn SourceTree) -> Vec<KnownDatasource> {
    let Ok((repo, _)) = crate::source::load(tree) else {
        return Vec::new();
    };
    // Org-wide, then team-scoped ones (a team's dashboards may use its own).
    repo.datasources
        .iter()
        .chain(repo.teams.iter().flat_map(|t| t.datasources.iter()))
        .flat_map(|f| f.value.datasources.iter())
        .map(|d| {
            let d = &d.value;
            let name = d.name.value.clone();
            KnownDatasource {
                uid: d
                    .uid
                    .as_ref()
                    .map_or_else(|| name.clone(), |u| u.value.clone()),
                kind: d.kind.value.clone(),
                display_name: d.display_name.clone().unwrap_or_else(|| name.clone()),
                default: d.default.unwrap_or(false),
                name,
            }
        })
        .collect()
}

/// team.yaml for new teams, the datasource stubs, and grafcode.yaml when there is no repo.
fn support_files(
    base: &dyn SourceTree,
    has_repo: bool,
    dashboards: &[PendingDashboard],
    rule_teams: &[&str],
    datasources: &Datasources,
) -> Vec<(PathBuf, String)> {
    let mut out = Vec::new();
    if !has_repo {
        out.push((
            PathBuf::from(crate::source::load::CONFIG_FILE),
            "# Created by grafcode import.\ngrafana: 12.2.0\noutputs:\n  provisioning: {}\n  prometheus-rule: {}\n  loki-rules: {}\n"
                .to_string(),
        ));
    }
    let mut teams: BTreeMap<&str, Option<&str>> = BTreeMap::new();
    for d in dashboards {
        let entry = teams.entry(d.team.as_str()).or_insert(None);
        if entry.is_none() {
            *entry = d.folder.as_deref();
        }
    }
    for t in rule_teams {
        teams.entry(t).or_insert(None);
    }
    for (team, folder) in teams {
        let path = PathBuf::from(format!("teams/{team}/team.yaml"));
        if base.exists(&path) {
            continue;
        }
        let text = match folder {
            Some(f) => yaml::to_yaml(&json!({"folder": f})).unwrap_or_default(),
            None => "{}\n".to_string(),
        };
        out.push((path, text));
    }
    if !datasources.proposed().is_empty() {
        let list: Vec<Value> = datasources
            .proposed()
            .iter()
            .map(|d| json!({"name": d.name, "type": d.kind, "uid": d.uid}))
            .collect();
        let text = format!(
            "# Datasources the imported dashboards use that library/datasources does not have:\n# set their url and settings.\n{}",
            yaml::to_yaml(&json!({"datasources": list})).unwrap_or_default()
        );
        out.push((PathBuf::from("library/datasources/imported.yaml"), text));
    }
    out
}

/// Compiles `overlay` and returns dashboards by source path, rule groups by source path,
/// and the diagnostics by path.
struct Compiled {
    dashboards: BTreeMap<PathBuf, Value>,
    rules: BTreeMap<PathBuf, Value>,
    /// `PrometheusRule` metadata of alert files ([`rules::compiled_manifest`]).
    manifests: BTreeMap<PathBuf, Value>,
    errors: BTreeMap<PathBuf, Vec<String>>,
    global: Vec<String>,
}

fn compile(tree: &dyn SourceTree) -> Result<Compiled, String> {
    let (repo, mut diagnostics) = crate::source::load(tree).map_err(|e| e.to_string())?;
    let env = crate::compile::environment(&repo, None)?;
    let (model, more) = crate::compile::compile(&repo, &env);
    diagnostics.extend(more);
    let mut out = Compiled {
        dashboards: BTreeMap::new(),
        rules: BTreeMap::new(),
        manifests: BTreeMap::new(),
        errors: BTreeMap::new(),
        global: Vec::new(),
    };
    for d in &model.dashboards {
        let v = serde_json::to_value(&d.dashboard).map_err(|e| e.to_string())?;
        out.dashboards.insert(d.origin.file.path().to_path_buf(), v);
    }
    for a in &model.alert_files {
        out.manifests.insert(
            a.origin.file.path().to_path_buf(),
            rules::compiled_manifest(a.prometheus_rule.as_ref()),
        );
        let groups = match &a.rules {
            crate::model::AlertRules::Prometheus(g) | crate::model::AlertRules::Loki(g) => {
                serde_json::to_value(g).map_err(|e| e.to_string())?
            }
            crate::model::AlertRules::Grafana(g) => {
                serde_json::to_value(g).map_err(|e| e.to_string())?
            }
        };
        let entry = out
            .rules
            .entry(a.origin.file.path().to_path_buf())
            .or_insert(json!([]));
        if let (Value::Array(all), Value::Array(more)) = (entry, groups) {
            all.extend(more);
        }
    }
    for d in diagnostics
        .iter()
        .filter(|d| d.severity == crate::diag::Severity::Error)
    {
        match &d.label {
            Some(l) => {
                let at = l.file.line_col(l.span.start);
                out.errors
                    .entry(l.file.path().to_path_buf())
                    .or_default()
                    .push(format!(
                        "{}:{}:{}: {} [{}]",
                        l.file.path().display(),
                        at.line,
                        at.column,
                        d.message,
                        d.id
                    ));
            }
            None => out.global.push(format!("{} [{}]", d.message, d.id)),
        }
    }
    Ok(out)
}

#[allow(clippy::too_many_arguments)]
fn finish(
    report: &mut Report,
    base: &DiskTree,
    has_repo: bool,
    support: Vec<(PathBuf, String)>,
    dashboards: &mut [PendingDashboard],
    rule_files: &[PendingRules],
    alerting_files: &mut [PendingAlerting],
    datasources: &Datasources,
    options: &Options,
) -> Result<(), String> {
    let mut overlay = Overlay::new(has_repo.then_some(base as &dyn SourceTree));
    for (p, t) in &support {
        overlay.insert(p.clone(), t.clone());
    }
    // Pass 1: the typed keys alone.
    let mut texts: BTreeMap<PathBuf, String> = BTreeMap::new();
    for d in dashboards.iter() {
        let text = yaml::to_yaml(&Value::Object(d.written.source.clone()))?;
        overlay.insert(d.path.clone(), text);
    }
    for r in rule_files {
        let text = yaml::to_yaml(&Value::Object(rules::to_source(&r.rules)))?;
        overlay.insert(r.path.clone(), text.clone());
        texts.insert(r.path.clone(), text);
    }
    for a in alerting_files.iter() {
        let text = yaml::to_yaml(&Value::Object(a.source.clone()))?;
        overlay.insert(a.path.clone(), text);
    }
    let first = compile(&overlay)?;
    for a in alerting_files.iter_mut() {
        if let Some(Value::Array(compiled)) = first.rules.get(&a.path) {
            alerting::add_patches(&mut a.source, compiled, &a.input.groups);
        }
        let text = yaml::to_yaml(&Value::Object(a.source.clone()))?;
        overlay.insert(a.path.clone(), text.clone());
        texts.insert(a.path.clone(), text);
    }
    // Patches against what the compiler made of the typed keys.
    for d in dashboards.iter_mut() {
        let mapping = Mapping {
            datasources,
            scope: &d.written.scope,
            choices: &d.written.choices,
        };
        let original = normalize::normalize_dashboard(&Value::Object(d.original.clone()), &mapping);
        if let Some(generated) = first.dashboards.get(&d.path) {
            let generated = normalize::normalize_dashboard(generated, &Unmapped);
            let stats = roundtrip::add_patches(&mut d.written.source, &generated, &original);
            super::typed_legacy::lift_dashboard_raw(&mut d.written.source);
            report.items[d.item].panels = stats;
        }
        let text = yaml::to_yaml(&Value::Object(d.written.source.clone()))?;
        overlay.insert(d.path.clone(), text.clone());
        texts.insert(d.path.clone(), text);
    }
    let second = if options.verify {
        Some(compile(&overlay)?)
    } else {
        None
    };
    let compiled = second.as_ref().unwrap_or(&first);
    for d in dashboards.iter() {
        let item = &mut report.items[d.item];
        if let Some(errors) = compiled.errors.get(&d.path) {
            item.outcome = Outcome::Failed(format!(
                "{}: the imported source does not compile: {}",
                item.input,
                errors.join("; ")
            ));
            continue;
        }
        let Some(generated) = compiled.dashboards.get(&d.path) else {
            let why = compiled.global.join("; ");
            item.outcome = Outcome::Failed(format!(
                "{}: the imported source did not compile {why}",
                item.input
            ));
            continue;
        };
        if options.verify {
            let mapping = Mapping {
                datasources,
                scope: &d.written.scope,
                choices: &d.written.choices,
            };
            let original =
                normalize::normalize_dashboard(&Value::Object(d.original.clone()), &mapping);
            let mut generated = normalize::normalize_dashboard(generated, &Unmapped);
            // Without a UID, Grafana assigns one on import: not a difference.
            if original.get("uid").is_none()
                && let Some(g) = generated.as_object_mut()
            {
                g.shift_remove("uid");
            }
            item.differences = Some(normalize::diff(&original, &generated));
        }
        let text = texts.get(&d.path).cloned().unwrap_or_default();
        item.lines.0 = text.lines().count();
        item.text = Some(text);
        item.outcome = Outcome::Imported(d.path.clone());
    }
    for r in rule_files {
        let item = &mut report.items[r.item];
        if let Some(errors) = compiled.errors.get(&r.path) {
            item.outcome = Outcome::Failed(format!(
                "{}: the imported source does not compile: {}",
                item.input,
                errors.join("; ")
            ));
            continue;
        }
        if options.verify {
            let generated = compiled
                .rules
                .get(&r.path)
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default();
            let mut differences = normalize::diff(
                &rules::normalize_groups(&r.rules.groups),
                &rules::normalize_groups(&generated),
            );
            if let Some(original) = &r.rules.manifest {
                let compiled = compiled.manifests.get(&r.path).cloned().unwrap_or_default();
                differences.extend(normalize::diff(
                    &json!({"metadata": original}),
                    &json!({"metadata": compiled}),
                ));
            }
            item.differences = Some(differences);
        }
        let text = texts.get(&r.path).cloned().unwrap_or_default();
        item.lines.0 = text.lines().count();
        item.text = Some(text);
        item.outcome = Outcome::Imported(r.path.clone());
    }
    for a in alerting_files.iter() {
        let item = &mut report.items[a.item];
        if let Some(errors) = compiled.errors.get(&a.path) {
            item.outcome = Outcome::Failed(format!(
                "{}: the imported source does not compile: {}",
                item.input,
                errors.join("; ")
            ));
            continue;
        }
        if options.verify {
            let generated = compiled
                .rules
                .get(&a.path)
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default();
            item.differences = Some(normalize::diff(
                &Value::Array(a.input.groups.clone()),
                &alerting::normalize_groups(&generated),
            ));
        }
        let text = texts.get(&a.path).cloned().unwrap_or_default();
        item.lines.0 = text.lines().count();
        item.text = Some(text);
        item.outcome = Outcome::Imported(a.path.clone());
    }
    write_all(report, &support, options)
}

/// Writes imported files (and support files), never over existing ones without `force`.
fn write_all(
    report: &mut Report,
    support: &[(PathBuf, String)],
    options: &Options,
) -> Result<(), String> {
    for item in report.items.iter_mut() {
        let Outcome::Imported(path) = &item.outcome else {
            continue;
        };
        let full = options.repo.join(path);
        if full.exists() && !options.force {
            item.outcome = Outcome::Skipped(format!(
                "{} exists (use --force to overwrite)",
                path.display()
            ));
            continue;
        }
        if options.dry_run {
            continue;
        }
        if let Err(e) = write_file(&full, item.text.as_deref().unwrap_or("")) {
            item.outcome = Outcome::Failed(format!("{}: cannot write: {e}", full.display()));
        }
    }
    let any = report
        .items
        .iter()
        .any(|i| matches!(i.outcome, Outcome::Imported(_)));
    for (path, text) in support {
        let full = options.repo.join(path);
        report.support_files.push((path.clone(), text.clone()));
        if options.dry_run || !any || (full.exists() && !options.force) {
            continue;
        }
        write_file(&full, text).map_err(|e| format!("{}: cannot write: {e}", full.display()))?;
    }
    Ok(())
}

/// Writes through a temporary file and a rename: never half-written.
fn write_file(path: &Path, text: &str) -> std::io::Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let tmp = path.with_extension("yaml.tmp");
    std::fs::write(&tmp, text)?;
    std::fs::rename(&tmp, path)
}

/// The slug of a file name's stem, for the source file written from it (`fallback` when the
/// name has none).
fn stem_slug(name: &str, fallback: &str) -> String {
    Path::new(name)
        .file_stem()
        .map(|s| slug(&s.to_string_lossy()))
        .unwrap_or_else(|| fallback.into())
}
