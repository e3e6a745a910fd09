//! The command line: parses arguments and calls the library. One file per subcommand.
//! Exit codes: 0 clean, 1 findings, 2 usage or I/O errors.

mod build;
mod catalog;
mod check;
mod diff;
mod expr;
mod import;
mod owners;
mod schema;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Exit code for findings (errors in the input).
pub const EXIT_FINDINGS: u8 = 1;
/// Exit code for usage and I/O errors.
pub const EXIT_USAGE: u8 = 2;

/// The GitOps compiler for Grafana dashboards, alert rules and datasources.
#[derive(Debug, Parser)]
#[command(name = "grafcode", version, about, max_term_width = 100)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Compile the monorepo into sidecar ConfigMaps, provisioning files and rule files (out/).
    Build(build::Args),
    /// Check one PromQL or LogQL expression, or JSON lines of them from stdin.
    Expr(expr::Args),
    /// Show what changes between a base revision and the work tree, object by object.
    Diff(diff::Args),
    /// Write .github/CODEOWNERS from every teams/<team>/team.yaml.
    Owners(owners::Args),
    /// Write the JSON Schemas of every source file kind to schemas/.
    Schema(schema::Args),
    /// Check dashboards, rule files and provisioning files: every query and reference.
    Check(check::Args),
    /// Metric catalogs for offline checks.
    Catalog(catalog::Args),
    /// Import Grafana dashboards (JSON exports, grafana.db) and rule files into source.
    Import(import::Args),
}

/// Runs the CLI with the process arguments and returns the exit code.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { EXIT_USAGE } else { 0 });
        }
    };
    match cli.command {
        Command::Build(args) => build::run(args),
        Command::Expr(args) => expr::run(args),
        Command::Diff(args) => diff::run(args),
        Command::Owners(args) => owners::run(args),
        Command::Schema(args) => schema::run(args),
        Command::Check(args) => check::run(args),
        Command::Catalog(args) => catalog::run(args),
        Command::Import(args) => import::run(args),
    }
}
