//! The PromQL front-end: a hand-written lexer and Pratt parser producing an AST with a byte
//! span on every node, Prometheus' type checks, Grafana variables as first-class tokens,
//! version gates for newer syntax, and a canonical printer.
//!
//! ```
//! use grafcode::query::{ParseOptions, promql};
//! let e = promql::parse("sum by (job) (rate(x[5m]))", &ParseOptions::default()).unwrap();
//! assert_eq!(promql::print(&e), "sum by (job) (rate(x[5m]))");
//! assert!(!promql::check("rate(x)", &ParseOptions::default()).is_valid());
//! ```

pub mod ast;
pub mod functions;
mod lexer;
mod parser;
mod print;
mod regex;
pub mod typecheck;

pub use ast::*;
pub use functions::{Function, ValueType};
pub use print::print;

use super::{Checked, ParseOptions, QueryError};

/// Parses and type-checks `src`: the tree, or every error found (in source order).
pub fn parse(src: &str, opts: &ParseOptions) -> Result<Expr, Vec<QueryError>> {
    let (expr, checked) = analyze(src, opts);
    match expr {
        Some(e) if checked.errors.is_empty() => Ok(e),
        _ => Err(checked.errors),
    }
}

/// Parses and type-checks one PromQL expression.
pub fn check(src: &str, opts: &ParseOptions) -> Checked {
    analyze(src, opts).1
}

/// Parses and type-checks `src`, returning the tree (when the syntax is valid, even if
/// type or version errors were found) together with the verdict.
pub fn analyze(src: &str, opts: &ParseOptions) -> (Option<Expr>, Checked) {
    let parsed = parser::parse(src, opts);
    let mut errors = parsed.errors;
    if let Some(e) = &parsed.expr {
        let before = errors.len();
        typecheck::check(e, &mut errors);
        if errors.len() > before {
            errors.sort_by_key(|e| e.span.start);
        }
    }
    (
        parsed.expr,
        Checked {
            errors,
            variables: parsed.variables,
        },
    )
}

#[cfg(test)]
mod tests;
