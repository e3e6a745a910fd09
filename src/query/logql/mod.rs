//! The LogQL front-end: a hand-written lexer and recursive-descent parser producing an AST
//! with byte spans on every node ([`ast`]), Loki's type checks, version awareness
//! ([`Feature`]), Grafana variables as tokens, and a canonical printer ([`print`]).
//!
//! ```
//! use grafcode::query::ParseOptions;
//! use grafcode::query::logql;
//!
//! let parsed = logql::parse(r#"sum by (app) (rate({job=~"$job"} | json [$__auto]))"#, &ParseOptions::default());
//! assert!(parsed.errors.is_empty());
//! let expr = parsed.expr.unwrap();
//! assert_eq!(logql::print(&expr), r#"sum by (app) (rate({job=~"$job"} | json [$__auto]))"#);
//! assert_eq!(parsed.variables.len(), 2);
//! ```
//!
//! Written from Loki's documentation and Grafana's lezer-logql grammar (Apache-2.0) as a map of
//! the syntax; no code from Loki's (AGPL) parser.

pub mod ast;
mod features;
mod hints;
mod lexer;
mod parser;
mod print;
mod typecheck;
mod walk;

pub use ast::Expr;
pub use features::Feature;
pub use print::print;
pub use walk::{LogPart, ProducedLabels};

use super::{Checked, ParseOptions, QueryError, VarUse};

/// The result of parsing one expression: its tree (when the syntax is valid), every error
/// (syntax, then type and version errors), and every Grafana variable use in source order.
#[derive(Debug, Clone)]
pub struct Parsed {
    /// The syntax tree; `None` when there is a syntax error.
    pub expr: Option<Expr>,
    /// Syntax, type and version errors, in that order (each group in source order).
    pub errors: Vec<QueryError>,
    /// Every Grafana variable used (as a token or inside a string), in source order.
    pub variables: Vec<VarUse>,
}

/// Parses, type-checks and version-checks one LogQL expression.
pub fn parse(src: &str, opts: &ParseOptions) -> Parsed {
    let lexed = lexer::lex(src);
    let mut p = parser::Parser::new(src, &lexed.tokens, opts.max_depth);
    let parsed = p.parse();
    // The parser stops where the lexer failed. A syntax error wins only when it is clearly
    // before that point (not caused by the end of the tokens).
    let last_start = lexed.tokens.iter().rev().nth(1).map_or(0, |t| t.span.start);
    let parsed = match (parsed, lexed.error) {
        (Err(pe), Some(_)) if pe.span.start < last_start => Err(pe),
        (_, Some(le)) => Err(le),
        (r, None) => r,
    };
    match parsed {
        Ok(expr) => {
            let mut errors = typecheck::check(&expr);
            errors.extend(features::check(&expr, opts.loki));
            Parsed {
                expr: Some(expr),
                errors,
                variables: lexed.variables,
            }
        }
        Err(e) => Parsed {
            expr: None,
            errors: vec![e],
            variables: lexed.variables,
        },
    }
}

/// Parses and type-checks one LogQL expression.
pub fn check(src: &str, opts: &ParseOptions) -> Checked {
    let parsed = parse(src, opts);
    Checked {
        errors: parsed.errors,
        variables: parsed.variables,
    }
}

#[cfg(test)]
mod tests;
