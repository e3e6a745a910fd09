//! `variable/rate-interval`: `rate`, `irate` and `increase` in dashboard panels should use
//! `$__rate_interval` rather than a fixed range.

use super::context::Owner;
use super::input::Place;
use super::{Check, Context, Report};
use crate::diag::Severity;
use crate::query::Lang;

/// The check.
pub static CHECK: Check = Check {
    id: "variable/rate-interval",
    severity: Severity::Warning,
    summary: "use $__rate_interval in rate/irate/increase in panels",
    docs: "A fixed range such as `[5m]` in a panel's `rate()` is too short when the dashboard is \
zoomed out (gaps) and wrong for other scrape intervals. `$__rate_interval` is at least four \
scrape intervals and grows with the step, so the graph stays correct at every zoom level. Alert \
rules are not concerned.

Bad:

```yaml
expr: sum(rate(http_requests_total[5m]))
```

Good:

```yaml
expr: sum(rate(http_requests_total[$__rate_interval]))
```",
    run,
};

const FUNCTIONS: [&str; 3] = ["rate", "irate", "increase"];

fn run(ctx: &Context<'_>, report: &mut Report) {
    for p in &ctx.queries {
        if !matches!(p.owner, Owner::Dashboard(_))
            || !matches!(p.query.place, Place::Panel { .. })
            || p.effective_lang() != Lang::PromQL
            || !p.checked.is_valid()
        {
            continue;
        }
        for (func, range) in fixed_ranges(&p.query.expr) {
            let span = p.query.file_span(range.clone());
            report
                .at(
                    p.file(),
                    span,
                    p.subject(),
                    format!("`{func}` over a fixed range `[{}]`", &p.query.expr[range]),
                )
                .help = Some("use `[$__rate_interval]`".into());
        }
    }
}

/// `(function, range text span)` of each `rate`/`irate`/`increase` whose range selector is a
/// literal duration (not a variable, not a subquery).
pub fn fixed_ranges(expr: &str) -> Vec<(&'static str, std::ops::Range<usize>)> {
    let b = expr.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'"' | b'\'' | b'`' => i = skip_string(b, i),
            b'#' => {
                while i < b.len() && b[i] != b'\n' {
                    i += 1;
                }
            }
            c if c.is_ascii_alphabetic() || c == b'_' => {
                let start = i;
                while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'_' || b[i] == b':')
                {
                    i += 1;
                }
                let word = &expr[start..i];
                let Some(func) = FUNCTIONS.iter().find(|f| **f == word) else {
                    continue;
                };
                let mut j = i;
                while j < b.len() && b[j].is_ascii_whitespace() {
                    j += 1;
                }
                if b.get(j) == Some(&b'(')
                    && let Some(range) = call_range(expr, j)
                {
                    out.push((*func, range));
                }
            }
            _ => i += 1,
        }
    }
    out
}

fn skip_string(b: &[u8], start: usize) -> usize {
    let q = b[start];
    let mut i = start + 1;
    while i < b.len() && b[i] != q {
        if b[i] == b'\\' && q != b'`' {
            i += 1;
        }
        i += 1;
    }
    i + 1
}

/// The span inside the outermost `[...]` of the call opened at `open`, if it is a literal
/// duration.
fn call_range(expr: &str, open: usize) -> Option<std::ops::Range<usize>> {
    let b = expr.as_bytes();
    let mut depth = 0i32;
    let mut i = open;
    let mut found = None;
    while i < b.len() {
        match b[i] {
            b'"' | b'\'' | b'`' => {
                i = skip_string(b, i);
                continue;
            }
            b'(' => depth += 1,
            b')' => {
                depth -= 1;
                if depth == 0 {
                    break;
                }
            }
            b'[' if depth == 1 => {
                let close = expr[i..].find(']')? + i;
                found = Some(i + 1..close);
                i = close;
            }
            _ => {}
        }
        i += 1;
    }
    let range = found?;
    let text = expr[range.clone()].trim();
    let literal = !text.is_empty()
        && !text.contains(':')
        && !text.contains('$')
        && text.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'.');
    literal.then_some(range)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_literal_ranges_only() {
        let e = "sum(rate(a{x=\"[1m]\"}[5m])) + irate(b[$__rate_interval]) + increase(c[1h:5m]) + rate(d[$r])";
        let found = fixed_ranges(e);
        assert_eq!(found.len(), 1);
        assert_eq!(&e[found[0].1.clone()], "5m");
        assert_eq!(found[0].0, "rate");
        assert!(fixed_ranges("sum_rate(x[5m])").is_empty());
    }
}
