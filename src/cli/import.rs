//! `grafcode import`: Grafana exports, `grafana.db` and rule files into tracked source.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::ValueEnum;

use super::{EXIT_FINDINGS, EXIT_USAGE};
use crate::import::batch::{self, Input, Options, Outcome};
use crate::import::rules::Engine;

#[derive(Debug, Clone, Copy, ValueEnum)]
enum EngineArg {
    Prometheus,
    Loki,
}

/// Arguments of `grafcode import`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Dashboard JSON exports, rule files, or directories of them.
    #[arg(value_name = "FILE|DIR")]
    inputs: Vec<PathBuf>,
    /// Read every dashboard (and its folder) from Grafana's SQLite database.
    #[arg(long, value_name = "grafana.db")]
    grafana_db: Option<PathBuf>,
    /// The team the imported files belong to (teams/<team>/…).
    #[arg(long)]
    team: Option<String>,
    /// Map a Grafana folder to a team: `--map "Platform/Kubernetes=platform"` (repeatable).
    #[arg(long = "map", value_name = "FOLDER=TEAM")]
    maps: Vec<String>,
    /// A YAML file mapping folder titles to teams (`{"Folder": team, …}`).
    #[arg(long, value_name = "FILE")]
    map_file: Option<PathBuf>,
    /// The monorepo root to write into.
    #[arg(long, default_value = ".")]
    repo: PathBuf,
    /// Overwrite existing source files.
    #[arg(long)]
    force: bool,
    /// Print what would be written; write nothing.
    #[arg(long)]
    dry_run: bool,
    /// Compile what was imported and compare it with the original (per file: `identical` or
    /// the JSON paths that differ).
    #[arg(long)]
    verify: bool,
    /// Engine of imported rule files (default: guessed from the expressions).
    #[arg(long, value_enum)]
    engine: Option<EngineArg>,
}

/// Runs `grafcode import`.
pub fn run(args: Args) -> ExitCode {
    let mut folder_teams = BTreeMap::new();
    if let Some(file) = &args.map_file {
        match std::fs::read_to_string(file)
            .map_err(|e| e.to_string())
            .and_then(|t| {
                serde_saphyr::from_str::<BTreeMap<String, String>>(&t).map_err(|e| e.to_string())
            }) {
            Ok(m) => folder_teams.extend(m),
            Err(e) => {
                eprintln!(
                    "error: {}: expected a YAML mapping of folder titles to teams: {e}",
                    file.display()
                );
                return ExitCode::from(EXIT_USAGE);
            }
        }
    }
    for m in &args.maps {
        match m.rsplit_once('=') {
            Some((folder, team)) if !folder.is_empty() && !team.is_empty() => {
                folder_teams.insert(folder.to_string(), team.to_string());
            }
            _ => {
                eprintln!("error: --map {m:?}: expected FOLDER=TEAM");
                return ExitCode::from(EXIT_USAGE);
            }
        }
    }
    let mut inputs: Vec<Input> = args.inputs.iter().cloned().map(Input::Path).collect();
    if let Some(db) = &args.grafana_db {
        inputs.push(Input::GrafanaDb(db.clone()));
    }
    if inputs.is_empty() {
        eprintln!("error: nothing to import: give files or directories, or --grafana-db");
        return ExitCode::from(EXIT_USAGE);
    }
    let options = Options {
        repo: args.repo.clone(),
        team: args.team.clone(),
        folder_teams,
        force: args.force,
        dry_run: args.dry_run,
        verify: args.verify,
        engine: args.engine.map(|e| match e {
            EngineArg::Prometheus => Engine::Prometheus,
            EngineArg::Loki => Engine::Loki,
        }),
    };
    let report = match batch::run(&inputs, &options) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(EXIT_USAGE);
        }
    };
    print(&report, &options);
    let (_, _, failed) = report.summary();
    if failed > 0 {
        ExitCode::from(EXIT_FINDINGS)
    } else {
        ExitCode::SUCCESS
    }
}

fn print(report: &batch::Report, options: &Options) {
    let verb = if options.dry_run {
        "would write"
    } else {
        "wrote"
    };
    let mut identical = 0;
    let mut verified = 0;
    let (mut src_lines, mut json_lines, mut panels, mut raw_panels) = (0, 0, 0, 0);
    for item in &report.items {
        match &item.outcome {
            Outcome::Imported(path) => {
                src_lines += item.lines.0;
                json_lines += item.lines.1;
                panels += item.panels.panels;
                raw_panels += item.panels.panels_with_raw;
                let verdict = match &item.differences {
                    None => String::new(),
                    Some(d) if d.is_empty() => {
                        identical += 1;
                        verified += 1;
                        ": identical".into()
                    }
                    Some(d) => {
                        verified += 1;
                        format!(": {} difference(s)", d.len())
                    }
                };
                println!("{} → {verb} {}{verdict}", item.input, path.display());
                for d in item.differences.iter().flatten().take(20) {
                    println!("    {d}");
                }
                for n in &item.notes {
                    println!("    note: {n}");
                }
                if options.dry_run
                    && let Some(text) = &item.text
                {
                    println!("--- {}\n{text}", path.display());
                }
            }
            Outcome::Skipped(why) => println!("{}: skipped: {why}", item.input),
            Outcome::Failed(why) => eprintln!("error: {why}"),
        }
    }
    for (path, text) in &report.support_files {
        println!("{verb} {}", path.display());
        if options.dry_run {
            println!("--- {}\n{text}", path.display());
        }
    }
    let (imported, skipped, failed) = report.summary();
    println!("imported {imported}, skipped {skipped}, failed {failed}");
    if options.verify {
        println!("verify: {identical} of {verified} identical after normalisation");
    }
    if json_lines > 0 {
        println!(
            "source lines {src_lines} / original pretty-printed lines {json_lines} = {:.3}",
            src_lines as f64 / json_lines as f64
        );
    }
    if panels > 0 {
        println!(
            "panels in typed form without raw: {} of {panels} ({:.1}%)",
            panels - raw_panels,
            100.0 * (panels - raw_panels) as f64 / panels as f64
        );
    }
}
