//! `grafcode catalog pull`: snapshots metric names, types, help and label names from a
//! Prometheus-compatible API into a catalog file for offline checks.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use super::EXIT_USAGE;
use crate::catalog::pull::Client;

/// Arguments of `grafcode catalog`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: Sub,
}

#[derive(Debug, clap::Subcommand)]
enum Sub {
    /// Snapshot a catalog from a live Prometheus-compatible API.
    Pull {
        /// Base URL of the API (`http://prometheus:9090`).
        #[arg(long, value_name = "URL")]
        prometheus: String,
        /// Series selectors to include (`match[]`); default: every series. Repeatable.
        #[arg(long = "match", value_name = "SELECTOR")]
        matches: Vec<String>,
        /// Where to write the catalog (default: stdout), e.g. `library/catalog/prod.yaml`.
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
        /// Timeout of each request, in seconds.
        #[arg(long, default_value_t = 60)]
        timeout: u64,
    },
}

/// Runs `grafcode catalog`.
pub fn run(args: Args) -> ExitCode {
    let Sub::Pull {
        prometheus,
        matches,
        out,
        timeout,
    } = args.command;
    let client = Client::new(&prometheus, Duration::from_secs(timeout));
    let result = client
        .catalog(&matches)
        .and_then(|c| c.to_yaml())
        .and_then(|yaml| match &out {
            Some(path) => write_atomically(path, &yaml),
            None => {
                print!("{yaml}");
                Ok(())
            }
        });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(EXIT_USAGE)
        }
    }
}

/// Writes through a temporary file in the same directory, renamed over the target.
fn write_atomically(path: &PathBuf, text: &str) -> Result<(), String> {
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty());
    if let Some(d) = dir {
        std::fs::create_dir_all(d).map_err(|e| format!("{}: {e}", d.display()))?;
    }
    let tmp = path.with_extension("yaml.tmp");
    std::fs::write(&tmp, text).map_err(|e| format!("{}: {e}", tmp.display()))?;
    std::fs::rename(&tmp, path).map_err(|e| format!("{}: {e}", path.display()))
}
