//! The LOGQL front-end (skeleton: replaced by the real parser).

use super::{Checked, ParseOptions, vars};

/// Parses and type-checks one LOGQL expression.
pub fn check(src: &str, _opts: &ParseOptions) -> Checked {
    Checked {
        errors: Vec::new(),
        variables: vars::scan(src),
    }
}
