//! `grafcode expr`: checks one expression, or JSON lines of expressions from stdin.

use std::io::{self, BufRead, Write};
use std::process::ExitCode;

use clap::ValueEnum;
use serde_json::{Value, json};

use super::{EXIT_FINDINGS, EXIT_USAGE};
use crate::query::{self, Lang, ParseOptions, Version};

#[derive(Debug, Clone, Copy, ValueEnum)]
enum LangArg {
    Promql,
    Logql,
}

/// Arguments of `grafcode expr`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Query language of the expression(s).
    #[arg(long, value_enum)]
    lang: LangArg,
    /// Target Prometheus version (default: the newest known).
    #[arg(long, value_name = "VERSION")]
    prometheus_version: Option<Version>,
    /// Target Loki version (default: the newest known).
    #[arg(long, value_name = "VERSION")]
    loki_version: Option<Version>,
    /// The expression; without it, JSON lines are read from stdin (a JSON string, or an
    /// object with an "expr" field) and one JSON line is written per input line.
    expr: Option<String>,
}

/// Runs `grafcode expr`.
pub fn run(args: Args) -> ExitCode {
    let lang = match args.lang {
        LangArg::Promql => Lang::PromQL,
        LangArg::Logql => Lang::LogQL,
    };
    let mut opts = ParseOptions::default();
    if let Some(v) = args.prometheus_version {
        opts.prometheus = v;
    }
    if let Some(v) = args.loki_version {
        opts.loki = v;
    }
    match args.expr {
        Some(expr) => one(lang, &expr, &opts),
        None => match stream(lang, &opts) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("error: {e}");
                ExitCode::from(EXIT_USAGE)
            }
        },
    }
}

fn verdict(lang: Lang, expr: &str, opts: &ParseOptions) -> Value {
    let checked = query::check(lang, expr, opts);
    let errors: Vec<Value> = checked
        .errors
        .iter()
        .map(|e| {
            let mut v = json!({"message": e.message, "start": e.span.start, "end": e.span.end});
            if let Some(hint) = &e.hint {
                v["hint"] = json!(hint);
            }
            v
        })
        .collect();
    let variables: Vec<Value> = checked
        .variables
        .iter()
        .map(|v| json!({"name": v.name, "start": v.span.start, "end": v.span.end}))
        .collect();
    json!({"valid": checked.errors.is_empty(), "errors": errors, "variables": variables})
}

fn one(lang: Lang, expr: &str, opts: &ParseOptions) -> ExitCode {
    let v = verdict(lang, expr, opts);
    println!("{v}");
    if v["valid"] == json!(true) {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(EXIT_FINDINGS)
    }
}

fn stream(lang: Lang, opts: &ParseOptions) -> io::Result<()> {
    let stdin = io::stdin().lock();
    let mut out = io::BufWriter::new(io::stdout().lock());
    for (n, line) in stdin.lines().enumerate() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        let expr = match serde_json::from_str::<Value>(&line) {
            Ok(Value::String(s)) => s,
            Ok(Value::Object(mut o)) => match o.remove("expr") {
                Some(Value::String(s)) => s,
                _ => return Err(bad_line(n, "an object without a string \"expr\" field")),
            },
            Ok(_) => return Err(bad_line(n, "neither a string nor an object")),
            Err(e) => return Err(bad_line(n, &format!("not JSON ({e})"))),
        };
        writeln!(out, "{}", verdict(lang, &expr, opts))?;
    }
    out.flush()
}

fn bad_line(n: usize, what: &str) -> io::Error {
    io::Error::new(
        io::ErrorKind::InvalidData,
        format!(
            "<stdin>:{}: expected a JSON string or {{\"expr\": …}}, got {what}",
            n + 1
        ),
    )
}
