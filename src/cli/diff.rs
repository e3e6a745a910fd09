//! `grafcode diff`: what a change does, object by object, between a base revision (read from
//! git objects) and the work tree or a head revision.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use super::{EXIT_FINDINGS, EXIT_USAGE};
use crate::diff::render::{Format, render};
use crate::diff::{SideError, Snapshot, build_side, diff};
use crate::git::{GitError, GitRepo, Head, Repository};
use crate::source::DiskTree;

/// When to colour text output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Color {
    /// On a terminal, unless NO_COLOR is set.
    #[default]
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

/// Arguments of `grafcode diff`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The base revision (branch, tag, commit), e.g. origin/main.
    #[arg(long, value_name = "REV")]
    base: String,
    /// The head revision (default: the work tree, uncommitted changes included).
    #[arg(long, value_name = "REV")]
    head: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    format: Format,
    /// When to colour text output.
    #[arg(long, value_enum, default_value_t)]
    color: Color,
    /// Exit 1 when anything differs (like `git diff --exit-code`).
    #[arg(long)]
    exit_code: bool,
    /// The monorepo root (where grafcode.yaml is).
    #[arg(long, default_value = ".")]
    root: PathBuf,
    /// Environment to build on both sides (default: each side's configured default).
    #[arg(long, value_name = "ENV")]
    env: Option<String>,
}

/// Runs the command.
pub fn run(args: Args) -> ExitCode {
    let (base, head) = match build_both(&args) {
        Ok(sides) => sides,
        Err(code) => return code,
    };
    let report = diff(&base, &head);
    let color = match args.color {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
    };
    print!("{}", render(&report, args.format, color));
    if args.exit_code && !report.is_empty() {
        ExitCode::from(EXIT_FINDINGS)
    } else {
        ExitCode::SUCCESS
    }
}

/// Builds the base and head sides, in parallel.
fn build_both(args: &Args) -> Result<(Snapshot, Snapshot), ExitCode> {
    let repo = GitRepo::discover(&args.root).map_err(git_error)?;
    let base_tree = repo.tree_at(&args.base).map_err(git_error)?;
    let base_label = format!("{} ({})", args.base, base_tree.revision().short());
    let head = match &args.head {
        Some(rev) => Head::Rev(rev.clone()),
        None => Head::WorkTree,
    };
    let env = args.env.as_deref();
    let (base, head) = match &head {
        Head::Rev(rev) => {
            let head_tree = repo.tree_at(rev).map_err(git_error)?;
            let label = format!("{rev} ({})", head_tree.revision().short());
            rayon::join(
                || build_side(&base_tree, base_label, env),
                || build_side(&head_tree, label, env),
            )
        }
        Head::WorkTree => {
            let disk = DiskTree::new(&args.root);
            rayon::join(
                || build_side(&base_tree, base_label, env),
                || build_side(&disk, "work tree", env),
            )
        }
    };
    let base = base.map_err(|e| side_error("base", &args.base, e))?;
    let head_name = args.head.as_deref().unwrap_or("the work tree");
    let head = head.map_err(|e| side_error("head", head_name, e))?;
    Ok((base, head))
}

fn git_error(e: GitError) -> ExitCode {
    eprintln!("error: {e}");
    if let Some(help) = e.help() {
        eprintln!("  = help: {help}");
    }
    ExitCode::from(EXIT_USAGE)
}

fn side_error(side: &str, name: &str, e: SideError) -> ExitCode {
    match e {
        SideError::Load(e) => {
            eprintln!("error: the {side} side ({name}) cannot be read: {e}");
            ExitCode::from(EXIT_USAGE)
        }
        SideError::Environment(e) => {
            eprintln!("error: the {side} side ({name}): {e}");
            ExitCode::from(EXIT_USAGE)
        }
        SideError::Emit(e) => {
            eprintln!("error: the {side} side ({name}) does not render: {e}");
            ExitCode::from(EXIT_FINDINGS)
        }
        SideError::Findings(diags) => {
            for d in &diags {
                eprint!("{}", d.render_text());
            }
            eprintln!("error: the {side} side ({name}) does not build; fix the errors above");
            ExitCode::from(EXIT_FINDINGS)
        }
    }
}
