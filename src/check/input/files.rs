//! Files outside a monorepo: exported dashboard JSON (also `{meta, dashboard}` API exports and
//! `__inputs` exports), Prometheus rule files, PrometheusRule and Loki rule manifests, Loki
//! ruler files, Grafana alerting and datasource provisioning files. The kind is detected from
//! the content, not the name.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;
use serde_json::Value;

use super::dashboard::Dashboard;
use super::datasources::{self, Datasource};
use super::json_index::JsonIndex;
use super::rules::{self, Engine, RuleFile};
use super::{Input, Query, guess_lang};
use crate::diag::Diagnostic;
use crate::query::Lang;
use crate::source::SourceFile;
use crate::source::yaml::{self, Budget, Node};

/// What one file turned out to hold.
enum Parsed {
    Dashboards(Vec<Dashboard>),
    Rules(Vec<RuleFile>),
    Datasources(Vec<Datasource>),
    Nothing,
}

/// Expands directories (recursively, `.json`/`.yaml`/`.yml` files, sorted) and keeps files.
pub fn expand(paths: &[PathBuf]) -> Result<Vec<PathBuf>, String> {
    let mut out = Vec::new();
    for p in paths {
        if p.is_dir() {
            for entry in walkdir::WalkDir::new(p).sort_by_file_name() {
                let entry = entry.map_err(|e| format!("{}: {e}", p.display()))?;
                let path = entry.path();
                let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
                if entry.file_type().is_file() && matches!(ext, "json" | "yaml" | "yml") {
                    out.push(path.to_path_buf());
                }
            }
        } else if p.is_file() {
            out.push(p.clone());
        } else {
            return Err(format!("{}: no such file or directory", p.display()));
        }
    }
    Ok(out)
}

/// Reads the files (in parallel) into one input. Unreadable files are I/O errors; files that
/// do not parse or hold nothing known become findings.
pub fn load(paths: &[PathBuf]) -> Result<Input, String> {
    let read: Vec<Result<Arc<SourceFile>, String>> = paths
        .par_iter()
        .map(|p| {
            let bytes = std::fs::read(p).map_err(|e| format!("{}: {e}", p.display()))?;
            let text =
                String::from_utf8(bytes).map_err(|_| format!("{}: not UTF-8 text", p.display()))?;
            Ok(SourceFile::new(display_path(p), text))
        })
        .collect();
    let files = read.into_iter().collect::<Result<Vec<_>, String>>()?;
    Ok(from_sources(files))
}

/// Reads files already in memory into one input.
pub fn from_sources(files: Vec<Arc<SourceFile>>) -> Input {
    // Datasource files first: dashboards resolve references through them.
    let parsed: Vec<(Parsed, Vec<Diagnostic>)> = files.par_iter().map(|f| parse(f, &[])).collect();
    let known: Vec<Datasource> = parsed
        .iter()
        .filter_map(|(p, _)| match p {
            Parsed::Datasources(d) => Some(d.clone()),
            _ => None,
        })
        .flatten()
        .collect();
    let parsed: Vec<(Parsed, Vec<Diagnostic>)> = if known.is_empty() {
        parsed
    } else {
        files.par_iter().map(|f| parse(f, &known)).collect()
    };
    let mut input = Input {
        files,
        datasources: known,
        ..Input::default()
    };
    for (p, errors) in parsed {
        input.errors.extend(errors);
        match p {
            Parsed::Dashboards(d) => input.dashboards.extend(d),
            Parsed::Rules(r) => input.rule_files.extend(r),
            Parsed::Datasources(_) | Parsed::Nothing => {}
        }
    }
    input
}

fn display_path(p: &Path) -> PathBuf {
    p.strip_prefix("./").unwrap_or(p).to_path_buf()
}

fn parse(file: &Arc<SourceFile>, known: &[Datasource]) -> (Parsed, Vec<Diagnostic>) {
    let text = file.text();
    let is_json = file.path().extension().is_some_and(|e| e == "json")
        || text.trim_start().starts_with(['{', '[']);
    if is_json {
        match serde_json::from_str::<Value>(text) {
            Ok(v) => return json_file(file, v, known),
            Err(e) if file.path().extension().is_some_and(|e| e == "json") => {
                let offset = offset_of(file, e.line(), e.column());
                let d = Diagnostic::error("input/parse", format!("invalid JSON: {e}"))
                    .at(file, offset..offset);
                return (Parsed::Nothing, vec![d]);
            }
            Err(_) => {} // YAML flow mapping, say: read it as YAML below.
        }
    }
    match yaml::parse_stream(text, Budget::default()) {
        Ok(docs) => yaml_file(file, &docs),
        Err(e) => {
            let why = e
                .message
                .strip_prefix("YAML syntax: ")
                .unwrap_or(&e.message);
            let d =
                Diagnostic::error("input/parse", format!("invalid YAML: {why}")).at(file, e.span);
            (Parsed::Nothing, vec![d])
        }
    }
}

fn offset_of(file: &SourceFile, line: usize, column: usize) -> usize {
    let range = file.line_range(line);
    (range.start + column.saturating_sub(1)).min(range.end)
}

fn unknown(file: &Arc<SourceFile>) -> (Parsed, Vec<Diagnostic>) {
    let d = Diagnostic::new(
        crate::diag::Severity::Info,
        "input/unknown-kind",
        "not a dashboard, rule file or provisioning file: skipped",
    )
    .at(file, 0..0);
    (Parsed::Nothing, vec![d])
}

fn json_file(file: &Arc<SourceFile>, v: Value, known: &[Datasource]) -> (Parsed, Vec<Diagnostic>) {
    let index = || Some(Arc::new(JsonIndex::build(file.text())));
    if v.get("dashboard").is_some_and(Value::is_object) {
        let inner = v.get("dashboard").cloned().unwrap_or_default();
        let d = Dashboard::new(Arc::clone(file), inner, "/dashboard".into(), index(), known);
        return (Parsed::Dashboards(vec![d]), Vec::new());
    }
    if is_dashboard(&v) {
        let d = Dashboard::new(Arc::clone(file), v, String::new(), index(), known);
        return (Parsed::Dashboards(vec![d]), Vec::new());
    }
    unknown(file)
}

/// A classic dashboard object: panels, rows or templating, or a title with a schema version.
fn is_dashboard(v: &Value) -> bool {
    let v2 = v
        .get("apiVersion")
        .and_then(Value::as_str)
        .is_some_and(|a| a.starts_with("dashboard.grafana.app/v2"));
    v.is_object()
        && (v2
            || v.get("panels").is_some()
            || v.get("rows").is_some()
            || v.get("templating").is_some()
            || v.get("schemaVersion").is_some())
}

fn yaml_file(file: &Arc<SourceFile>, docs: &[Node]) -> (Parsed, Vec<Diagnostic>) {
    let mut rule_files = Vec::new();
    let mut datasources = Vec::new();
    for doc in docs {
        let kind = doc.get("kind").and_then(Node::as_str).unwrap_or("");
        let api = doc.get("apiVersion").and_then(Node::as_str).unwrap_or("");
        if let Some(list) = doc.get("datasources") {
            let _ = list;
            datasources.extend(datasources::from_provisioning(file, doc));
        } else if let Some(groups) = doc.get("spec").and_then(|s| s.get("groups")) {
            // PrometheusRule, or Loki's AlertingRule/RecordingRule manifests.
            let engine = if api.starts_with("loki.grafana.com") {
                Engine::Loki
            } else if kind == "PrometheusRule" {
                Engine::Prometheus
            } else {
                engine_by_content(groups)
            };
            rule_files.push(rule_file(file, groups, engine));
        } else if let Some(groups) = doc.get("groups") {
            let grafana = groups.items().iter().any(|g| {
                g.get("folder").is_some()
                    || g.get("rules")
                        .is_some_and(|r| r.items().iter().any(|r| r.get("data").is_some()))
            });
            let engine = if grafana {
                Engine::Grafana
            } else {
                engine_by_content(groups)
            };
            rule_files.push(rule_file(file, groups, engine));
        }
    }
    if !rule_files.is_empty() {
        (Parsed::Rules(rule_files), Vec::new())
    } else if !datasources.is_empty() {
        (Parsed::Datasources(datasources), Vec::new())
    } else {
        unknown(file)
    }
}

fn rule_file(file: &Arc<SourceFile>, groups: &Node, engine: Engine) -> RuleFile {
    let mut queries: Vec<Query> = Vec::new();
    let groups = rules::read_groups(file, groups, engine, &mut queries);
    RuleFile {
        file: Arc::clone(file),
        team: None,
        engine,
        groups,
        queries,
    }
}

/// Loki when most rule expressions look like LogQL, Prometheus otherwise.
fn engine_by_content(groups: &Node) -> Engine {
    let (mut logql, mut total) = (0usize, 0usize);
    for g in groups.items() {
        for r in g.get("rules").map(Node::items).unwrap_or_default() {
            if let Some(e) = r.get("expr").and_then(Node::as_str) {
                total += 1;
                if guess_lang(e) == Lang::LogQL {
                    logql += 1;
                }
            }
        }
    }
    if total > 0 && logql * 2 > total {
        Engine::Loki
    } else {
        Engine::Prometheus
    }
}
