//! `alert/duration`: `for`, `keep_firing_for` and group `interval` are valid durations, and a
//! Grafana-managed group's interval is a multiple of 10s.

use super::input::Text;
use super::input::rules::{Engine, RuleFile};
use super::{Check, Context, Report, Subject};
use crate::diag::Severity;

/// The check.
pub static CHECK: Check = Check {
    id: "alert/duration",
    severity: Severity::Error,
    summary: "rule durations must be valid",
    docs: "`for`, `keep_firing_for` and a group's `interval` are Prometheus durations: units \
`y w d h m s ms` from largest to smallest, each at most once (`1h30m`, `0`). Grafana evaluates \
rule groups on a 10-second scheduler tick, so a Grafana-managed group's interval must be a \
positive multiple of 10s.

Bad:

```yaml
interval: 45s
rules:
  - alert: HighLatency
    for: 5 minutes
```

Good:

```yaml
interval: 1m
rules:
  - alert: HighLatency
    for: 5m
```",
    run,
};

/// Milliseconds of a Prometheus duration (`1h30m`, `0`), or `None` when it is not one.
pub fn parse_duration(s: &str) -> Option<u64> {
    if s == "0" {
        return Some(0);
    }
    const UNITS: [(&str, u64); 7] = [
        ("y", 365 * 24 * 3_600_000),
        ("w", 7 * 24 * 3_600_000),
        ("d", 24 * 3_600_000),
        ("h", 3_600_000),
        ("m", 60_000),
        ("s", 1_000),
        ("ms", 1),
    ];
    let b = s.as_bytes();
    let (mut i, mut total, mut last_unit) = (0usize, 0u64, None::<usize>);
    if b.is_empty() {
        return None;
    }
    while i < b.len() {
        let start = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        if i == start {
            return None;
        }
        let n: u64 = s[start..i].parse().ok()?;
        let unit_start = i;
        while i < b.len() && b[i].is_ascii_alphabetic() {
            i += 1;
        }
        let unit = &s[unit_start..i];
        let idx = UNITS.iter().position(|(u, _)| *u == unit)?;
        if last_unit.is_some_and(|l| idx <= l) {
            return None;
        }
        last_unit = Some(idx);
        total = total.checked_add(n.checked_mul(UNITS[idx].1)?)?;
    }
    Some(total)
}

fn check_text(file: &RuleFile, report: &mut Report, t: &Text, what: &str, subject: Subject) {
    if parse_duration(&t.value).is_none() {
        report
            .at(
                &file.file,
                t.span.clone(),
                subject,
                format!("`{what}` is not a valid duration: `{}`", t.value),
            )
            .help = Some("write it like `30s`, `5m`, `1h30m`".into());
    }
}

fn run(ctx: &Context<'_>, report: &mut Report) {
    for f in &ctx.input.rule_files {
        for g in &f.groups {
            if let Some(iv) = &g.interval {
                check_text(f, report, iv, "interval", Subject::default());
                if f.engine == Engine::Grafana
                    && let Some(ms) = parse_duration(&iv.value)
                    && (ms == 0 || ms % 10_000 != 0)
                {
                    report
                        .at(&f.file, iv.span.clone(), Subject::default(), format!("Grafana evaluates every 10s: interval `{}` is not a positive multiple of 10s", iv.value))
                        .help = Some("use 10s, 30s, 1m, …".into());
                }
            }
            for r in &g.rules {
                let subject = Subject {
                    rule: Some(r.name.value.clone()),
                    ..Subject::default()
                };
                for (t, what) in [(&r.for_, "for"), (&r.keep_firing_for, "keep_firing_for")] {
                    if let Some(t) = t {
                        check_text(f, report, t, what, subject.clone());
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::testing::findings;

    #[test]
    fn durations() {
        assert_eq!(parse_duration("1h30m"), Some(5_400_000));
        assert_eq!(parse_duration("0"), Some(0));
        assert_eq!(parse_duration("90s"), Some(90_000));
        assert_eq!(parse_duration("30m1h"), None);
        assert_eq!(parse_duration("5 minutes"), None);
        assert_eq!(parse_duration(""), None);
    }

    #[test]
    fn grafana_interval_and_bad_for() {
        let rules = "apiVersion: 1\ngroups:\n- name: g\n  folder: f\n  interval: 45s\n  rules:\n  - title: A\n    condition: B\n    for: 5 minutes\n    data: []\n";
        let found = findings(&CHECK, &[("a.yaml", rules)]);
        let at: Vec<(usize, usize)> = found.iter().map(|f| (f.0, f.1)).collect();
        assert_eq!(at, vec![(5, 13), (9, 10)]);
    }
}
