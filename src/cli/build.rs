//! `grafcode build`: load → compile → emit → write (atomically), or `--check` for drift.

use std::path::PathBuf;
use std::process::ExitCode;

use crate::compile::{compile, environment, has_errors};
use crate::diag::Diagnostic;
use crate::emit::emit_all;
use crate::emit::write::{check_tree, write_tree};
use crate::source::{DiskTree, load};

use super::{EXIT_FINDINGS, EXIT_USAGE};

/// Arguments of `grafcode build`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Compare with the output directory instead of writing it; exit 1 naming every file
    /// that differs (the drift gate for committed output).
    #[arg(long)]
    check: bool,
    /// Output directory (default: `<root>/out`).
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// Root of the monorepo (the directory with grafcode.yaml).
    #[arg(long, value_name = "DIR", default_value = ".")]
    root: PathBuf,
    /// Environment to build (default: `default-environment` of grafcode.yaml).
    #[arg(long, value_name = "ENV")]
    env: Option<String>,
}

/// Runs `grafcode build`.
pub fn run(args: Args) -> ExitCode {
    let tree = DiskTree::new(&args.root);
    let (repo, mut diagnostics) = match load(&tree) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: {}: {e}", args.root.display());
            return ExitCode::from(EXIT_USAGE);
        }
    };
    let env = match environment(&repo, args.env.as_deref()) {
        Ok(env) => env,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(EXIT_USAGE);
        }
    };
    let (model, more) = compile(&repo, &env);
    diagnostics.extend(more);
    if report(&diagnostics) {
        eprintln!("error: build failed; nothing was written");
        return ExitCode::from(EXIT_FINDINGS);
    }
    let out = args.out.unwrap_or_else(|| args.root.join("out"));
    let files = match emit_all(&model) {
        Ok(files) => files,
        Err(e) => {
            eprintln!("error: {e}");
            eprintln!("error: build failed; nothing was written");
            return ExitCode::from(EXIT_FINDINGS);
        }
    };
    if args.check {
        return check(&out, &files);
    }
    match write_tree(&out, &files) {
        Ok(()) => {
            eprintln!(
                "built {} files for environment `{env}` into {}",
                files.len(),
                out.display()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(EXIT_USAGE)
        }
    }
}

/// `--check`: names every file that differs from the build.
fn check(out: &std::path::Path, files: &[crate::emit::OutputFile]) -> ExitCode {
    match check_tree(out, files) {
        Ok(drift) if drift.is_empty() => {
            eprintln!("{} is up to date ({} files)", out.display(), files.len());
            ExitCode::SUCCESS
        }
        Ok(drift) => {
            for d in &drift {
                println!("{}", out.join(&d.path).display());
                eprintln!("drift: {d}");
            }
            eprintln!(
                "error: {} file(s) differ from the build; run `grafcode build` and commit the output",
                drift.len()
            );
            ExitCode::from(EXIT_FINDINGS)
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(EXIT_USAGE)
        }
    }
}

/// Prints diagnostics; whether any is an error.
fn report(diagnostics: &[Diagnostic]) -> bool {
    for d in diagnostics {
        eprint!("{}", d.render_text());
    }
    has_errors(diagnostics)
}
