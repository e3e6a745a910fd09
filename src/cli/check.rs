//! `grafcode check`: runs every check over files given on the command line (exported
//! dashboards, rule files, provisioning files, directories of them) and reports findings as
//! text, JSON, GitHub workflow commands or SARIF.

use std::io::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use clap::ValueEnum;

use super::{EXIT_FINDINGS, EXIT_USAGE};
use crate::catalog::Catalog;
use crate::catalog::pull::Client;
use crate::check::{self, Config, Context, input};
use crate::compile::{compile, environment};
use crate::diag::{self, Diagnostic, Severity};
use crate::source::{DiskTree, load};

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// rustc-like text with the source line and a caret.
    Text,
    /// A JSON array of findings.
    Json,
    /// GitHub Actions workflow commands (and `$GITHUB_STEP_SUMMARY`).
    Github,
    /// SARIF 2.1.0.
    Sarif,
}

/// The lowest severity that fails the run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    /// Errors only.
    Error,
    /// Warnings and errors.
    Warning,
    /// Any finding.
    Info,
}

/// Arguments of `grafcode check`. Without PATHs, checks the monorepo at `--root`: loads,
/// compiles and checks it (loader and compiler findings included).
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Files or directories: dashboard JSON, Prometheus/Loki rule files, PrometheusRule
    /// manifests, Grafana alerting or datasource provisioning files.
    paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    format: Format,
    /// Exit 1 when a finding of this severity or worse is reported.
    #[arg(long, value_enum, default_value = "error")]
    fail_on: FailOn,
    /// Print the documentation of a check and exit.
    #[arg(long, value_name = "ID")]
    explain: Option<String>,
    /// Check metric names against a live Prometheus-compatible API instead of a catalog.
    #[arg(long, value_name = "URL")]
    prometheus: Option<String>,
    /// Metric catalog files (`grafcode catalog pull` output); repeatable.
    #[arg(long, value_name = "FILE")]
    catalog: Vec<PathBuf>,
    /// Settings file with a `check:` key (default: `grafcode.yaml` here, if present).
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// Monorepo root, checked when no PATH is given (it holds `grafcode.yaml`).
    #[arg(long, value_name = "DIR", default_value = ".")]
    root: PathBuf,
    /// Environment to compile the monorepo for (default: its default environment).
    #[arg(long, value_name = "ENV")]
    env: Option<String>,
    /// Report only findings in what changed since REV (changed files, and objects a changed
    /// template or team file alters) plus ownership conflicts; everything is still checked.
    #[arg(long, value_name = "REV")]
    changed_since: Option<String>,
}

/// Runs `grafcode check`.
pub fn run(args: Args) -> ExitCode {
    if let Some(id) = &args.explain {
        return explain(id);
    }
    match check_paths(&args).and_then(|diags| only_changed(&args, diags)) {
        Ok(diags) => {
            if let Err(e) = emit(&args, &diags) {
                eprintln!("error: {e}");
                return ExitCode::from(EXIT_USAGE);
            }
            let threshold = match args.fail_on {
                FailOn::Error => Severity::Error,
                FailOn::Warning => Severity::Warning,
                FailOn::Info => Severity::Info,
            };
            if diags.iter().any(|d| d.severity >= threshold) {
                ExitCode::from(EXIT_FINDINGS)
            } else {
                ExitCode::SUCCESS
            }
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(EXIT_USAGE)
        }
    }
}

/// With `--changed-since`: the findings that belong to the change (`crate::diff::changed_since`).
fn only_changed(args: &Args, diags: Vec<Diagnostic>) -> Result<Vec<Diagnostic>, String> {
    let Some(rev) = &args.changed_since else {
        return Ok(diags);
    };
    // Findings of a monorepo check are relative to `--root`, so is what changed there; files
    // given as PATHs are relative to the working directory.
    let root = if args.paths.is_empty() {
        args.root.as_path()
    } else {
        std::path::Path::new(".")
    };
    let changed =
        crate::diff::changed_since(root, rev, &crate::git::Head::WorkTree).map_err(|e| match e
            .help()
        {
            Some(help) => format!("{e}\n  = help: {help}"),
            None => e.to_string(),
        })?;
    Ok(changed.filter(diags))
}

fn explain(id: &str) -> ExitCode {
    match check::find(id) {
        Some(c) => {
            print!("{}", check::explain(c));
            ExitCode::SUCCESS
        }
        None => {
            let ids: Vec<&str> = check::registry().iter().map(|c| c.id).collect();
            eprintln!("error: no check `{id}`; checks: {}", ids.join(", "));
            ExitCode::from(EXIT_USAGE)
        }
    }
}

fn load_config(args: &Args) -> Result<Config, String> {
    let path = match &args.config {
        Some(p) => p.clone(),
        None => {
            let here = if args.paths.is_empty() {
                args.root.join("grafcode.yaml")
            } else {
                PathBuf::from("grafcode.yaml")
            };
            if !here.is_file() {
                return Ok(Config::default());
            }
            here
        }
    };
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    Config::from_yaml(&text).map_err(|e| format!("{}: {e}", path.display()))
}

fn load_catalog(args: &Args) -> Result<Option<Catalog>, String> {
    if let Some(url) = &args.prometheus {
        let client = Client::new(url, Duration::from_secs(60));
        return client.catalog(&[]).map(Some);
    }
    if args.catalog.is_empty() && (!args.paths.is_empty() || repo_catalogs(&args.root).is_empty()) {
        return Ok(None);
    }
    let mut all = Catalog::default();
    let mut paths = args.catalog.clone();
    if args.paths.is_empty() {
        paths.extend(repo_catalogs(&args.root));
    }
    for p in &paths {
        let text = std::fs::read_to_string(p).map_err(|e| format!("{}: {e}", p.display()))?;
        all.merge(Catalog::from_yaml(&text).map_err(|e| format!("{}: {e}", p.display()))?);
    }
    Ok(Some(all))
}

/// `library/catalog/*.yaml` of a monorepo, sorted.
fn repo_catalogs(root: &std::path::Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(root.join("library/catalog"))
        .map(|rd| {
            rd.filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|e| e == "yaml" || e == "yml"))
                .collect()
        })
        .unwrap_or_default();
    out.sort();
    out
}

/// Loads and compiles the monorepo at `--root`; loader and compiler findings come along.
fn monorepo_input(args: &Args) -> Result<input::Input, String> {
    let tree = DiskTree::new(&args.root);
    let (repo, mut diagnostics) =
        load(&tree).map_err(|e| format!("{}: {e}", args.root.display()))?;
    let env = environment(&repo, args.env.as_deref())?;
    let (model, more) = compile(&repo, &env);
    let teams = input::teams::from_repo(&repo);
    // The allow-list is the `datasource/not-allowed` check's, read from the team's source (so
    // it is configurable and suppressible like any check): the compiler's copy of a reference
    // the check sees would repeat it. References inside library templates are only the
    // compiler's: those stay.
    diagnostics.extend(
        more.into_iter()
            .filter(|d| d.id != "source/datasource-not-allowed" || !seen_by_check(&teams, d)),
    );
    let mut input = input::from_model::from_model(&model, teams);
    input::template_groups::attach(&mut input, &repo);
    // Library templates carry suppression comments too.
    input.files.extend(
        repo.templates
            .values()
            .map(|t| std::sync::Arc::clone(&t.file)),
    );
    input.files.sort_by(|a, b| a.path().cmp(b.path()));
    input.files.dedup_by(|a, b| a.path() == b.path());
    if model.outputs.sidecar.is_some() {
        match input::rendered::from_model(&model) {
            Ok(rendered) => input.rendered = rendered,
            Err(e) => input
                .errors
                .push(Diagnostic::error("emit/sidecar", e.to_string())),
        }
    }
    input.errors.extend(diagnostics);
    Ok(input)
}

/// Whether a compiler diagnostic sits on a datasource reference the checks read.
fn seen_by_check(teams: &[input::Team], d: &Diagnostic) -> bool {
    let Some(label) = &d.label else {
        return false;
    };
    teams.iter().any(|t| {
        t.datasource_refs
            .iter()
            // The compiler's span of a quoted value starts at its quote.
            .any(|(f, name)| {
                f.path() == label.file.path()
                    && (label.span.start == name.span.start
                        || label.span.start + 1 == name.span.start)
            })
    })
}

fn check_paths(args: &Args) -> Result<Vec<Diagnostic>, String> {
    if args.paths.is_empty() {
        if !args.root.join("grafcode.yaml").is_file() {
            return Err(format!(
                "{} has no grafcode.yaml: give the files or directories to check (grafcode check PATH…)",
                args.root.display()
            ));
        }
        let config = load_config(args)?;
        let catalog = load_catalog(args)?;
        let input = monorepo_input(args)?;
        let ctx = Context::new(&input, &config, catalog.as_ref());
        let found = check::run(&ctx);
        // The process ends after the report: freeing every tree one by one costs more than
        // rendering the findings (the OS takes the memory back at exit).
        std::mem::forget(ctx);
        std::mem::forget(input);
        return Ok(found);
    }
    let config = load_config(args)?;
    let catalog = load_catalog(args)?;
    let files = input::files::expand(&args.paths)?;
    let input = input::files::load(&files)?;
    let ctx = Context::new(&input, &config, catalog.as_ref());
    let found = check::run(&ctx);
    std::mem::forget(ctx); // as above
    std::mem::forget(input);
    Ok(found)
}

fn emit(args: &Args, diags: &[Diagnostic]) -> Result<(), String> {
    let out = match args.format {
        Format::Text => diag::text::render_all(diags),
        Format::Json => diag::json::render(diags),
        Format::Github => {
            if let Some(path) = std::env::var_os("GITHUB_STEP_SUMMARY") {
                let mut f = std::fs::OpenOptions::new()
                    .create(true)
                    .append(true)
                    .open(&path)
                    .map_err(|e| format!("{}: {e}", PathBuf::from(&path).display()))?;
                f.write_all(diag::github::step_summary(diags).as_bytes())
                    .map_err(|e| e.to_string())?;
            }
            diag::github::render(diags)
        }
        Format::Sarif => {
            diag::sarif::render(diags, &check::rule_infos(), env!("CARGO_PKG_VERSION"))
        }
    };
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(out.as_bytes()).map_err(|e| e.to_string())
}
