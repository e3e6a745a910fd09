//! `grafcode schema`: writes the JSON Schemas of every source file kind to `schemas/`.

use std::path::PathBuf;
use std::process::ExitCode;

use super::owners::write_atomically;
use super::{EXIT_FINDINGS, EXIT_USAGE};

/// Arguments of `grafcode schema`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Directory to write the schemas to.
    #[arg(long, default_value = "schemas")]
    out: PathBuf,
    /// Do not write: exit 1 when a schema on disk differs from the generated one.
    #[arg(long)]
    check: bool,
}

/// Runs the command.
pub fn run(args: Args) -> ExitCode {
    let mut stale = Vec::new();
    for schema in crate::schema::all() {
        let path = args.out.join(schema.name);
        if args.check {
            if std::fs::read_to_string(&path).ok().as_deref() != Some(schema.text.as_str()) {
                stale.push(path);
            }
            continue;
        }
        if let Err(e) = write_atomically(&path, &schema.text) {
            eprintln!("error: cannot write {}: {e}", path.display());
            return ExitCode::from(EXIT_USAGE);
        }
        println!("{} ({})", path.display(), schema.applies_to);
    }
    if stale.is_empty() {
        return ExitCode::SUCCESS;
    }
    for path in &stale {
        eprintln!(
            "error: {} is stale or missing: run `grafcode schema`",
            path.display()
        );
    }
    ExitCode::from(EXIT_FINDINGS)
}
