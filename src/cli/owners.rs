//! `grafcode owners`: writes `.github/CODEOWNERS` from every `teams/<team>/team.yaml`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::{EXIT_FINDINGS, EXIT_USAGE};
use crate::git::GitRepo;
use crate::owners::{CODEOWNERS_PATH, codeowners, read_teams};
use crate::source::DiskTree;

/// Arguments of `grafcode owners`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The monorepo root (where grafcode.yaml is).
    #[arg(long, default_value = ".")]
    root: PathBuf,
    /// Do not write: exit 1 when the file on disk differs from what would be written.
    #[arg(long)]
    check: bool,
}

/// Runs the command.
pub fn run(args: Args) -> ExitCode {
    let teams = match read_teams(&DiskTree::new(&args.root)) {
        Ok(teams) => teams,
        Err(diags) => {
            for d in diags {
                eprint!("{}", d.render_text());
            }
            return ExitCode::from(EXIT_FINDINGS);
        }
    };
    // CODEOWNERS lives at the top of the repository; paths in it are from there.
    let (top, prefix) = match GitRepo::discover(&args.root) {
        Ok(repo) => match repo.workdir() {
            Some(workdir) if !repo.prefix().is_empty() => {
                (workdir.to_path_buf(), format!("{}/", repo.prefix()))
            }
            _ => (args.root.clone(), String::new()),
        },
        Err(_) => (args.root.clone(), String::new()),
    };
    let path = top.join(CODEOWNERS_PATH);
    let text = codeowners(&teams, &prefix);
    if args.check {
        return check(&path, &text);
    }
    match write_atomically(&path, &text) {
        Ok(()) => {
            eprintln!("wrote {} ({} teams)", path.display(), teams.len());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: cannot write {}: {e}", path.display());
            ExitCode::from(EXIT_USAGE)
        }
    }
}

fn check(path: &Path, expected: &str) -> ExitCode {
    match std::fs::read_to_string(path) {
        Ok(current) if current == expected => ExitCode::SUCCESS,
        Ok(current) => {
            eprintln!(
                "error: {} is stale: run `grafcode owners` to regenerate it",
                path.display()
            );
            for line in current
                .lines()
                .filter(|l| !expected.lines().any(|e| e == *l))
            {
                eprintln!("  - {line}");
            }
            for line in expected
                .lines()
                .filter(|l| !current.lines().any(|c| c == *l))
            {
                eprintln!("  + {line}");
            }
            ExitCode::from(EXIT_FINDINGS)
        }
        Err(e) => {
            eprintln!(
                "error: {} cannot be read ({e}): run `grafcode owners` to generate it",
                path.display()
            );
            ExitCode::from(EXIT_FINDINGS)
        }
    }
}

/// Writes through a temporary file in the same directory, renamed over the target, so a
/// failure never leaves a half-written file.
pub(super) fn write_atomically(path: &Path, text: &str) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
    let tmp = dir.join(format!(
        ".{}.grafcode-{}.tmp",
        name.unwrap_or_default(),
        std::process::id()
    ));
    std::fs::write(&tmp, text)?;
    std::fs::rename(&tmp, path).inspect_err(|_| {
        let _ = std::fs::remove_file(&tmp);
    })
}
