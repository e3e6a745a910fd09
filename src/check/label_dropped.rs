//! `label/dropped`: a label used after an aggregation removed it: in an outer `by (…)` or
//! `on (…)`, in an alert's labels or annotations (`{{ $labels.x }}`), or in a panel's legend
//! (`{{x}}`).

use super::context::{Owner, Parsed};
use super::input::Place;
use super::labelflow::{Labels, dropped_groupings, output};
use super::{Check, Context, Report};
use crate::diag::Severity;

/// The check.
pub static CHECK: Check = Check {
    id: "label/dropped",
    severity: Severity::Error,
    summary: "labels used must survive the aggregations before them",
    docs: "`sum by (job)` keeps only `job`: an outer `by (instance)`, a `{{ $labels.instance }}` \
in the alert's annotations or a `{{instance}}` legend then refer to a label no series has — \
the grouping collapses everything into one series, the annotation renders empty, the legend \
shows the raw template. The labels a result carries follow Prometheus' rules (`by`/`without`, \
`on`/`ignoring`, `group_left/right`, `label_replace`, `histogram_quantile`, `absent`).

Bad:

```yaml
- alert: HighErrorRate
  expr: sum by (job) (rate(http_errors_total[5m])) > 1
  annotations:
    summary: 'Errors on {{ $labels.instance }}'
```

Good:

```yaml
- alert: HighErrorRate
  expr: sum by (job, instance) (rate(http_errors_total[5m])) > 1
  annotations:
    summary: 'Errors on {{ $labels.instance }}'
```",
    run,
};

fn run(ctx: &Context<'_>, report: &mut Report) {
    for p in &ctx.queries {
        let Some(ast) = &p.ast else { continue };
        if !p.checked.is_valid() {
            continue;
        }
        for d in dropped_groupings(ast) {
            report
                .at(
                    p.file(),
                    p.query.file_span(d.span.clone()),
                    p.subject(),
                    format!(
                        "label `{}` does not exist here: the inner expression keeps {}",
                        d.label,
                        d.inner.describe()
                    ),
                )
                .help = Some(format!("keep `{}` in the inner aggregation", d.label));
        }
        let out = output(ast);
        if matches!(out, Labels::AllBut(ref d) if d.is_empty()) {
            continue;
        }
        match p.owner {
            Owner::Rules(f) => rule_templates(report, p, f, &out),
            Owner::Dashboard(d) => legend(report, p, d, &out),
        }
    }
}

/// Label names a Go template refers to: `$labels.x`, `.Labels.x`, `index $labels "x"`,
/// with their byte ranges in `text`.
pub fn template_labels(text: &str) -> Vec<(String, std::ops::Range<usize>)> {
    let mut out = Vec::new();
    for prefix in ["$labels.", ".Labels."] {
        let mut from = 0;
        while let Some(i) = text[from..].find(prefix).map(|i| i + from) {
            let start = i + prefix.len();
            let end = text[start..]
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .map_or(text.len(), |j| start + j);
            // `$labels.` inside `.Labels.`'s longer form is counted once.
            if end > start && !(prefix == ".Labels." && text[..i].ends_with('$')) {
                out.push((text[start..end].to_string(), start..end));
            }
            from = end.max(start);
        }
    }
    let mut from = 0;
    while let Some(i) = text[from..].find("index $labels \"").map(|i| i + from) {
        let start = i + "index $labels \"".len();
        let end = text[start..].find('"').map_or(text.len(), |j| start + j);
        out.push((text[start..end].to_string(), start..end));
        from = end;
    }
    out
}

/// The file range of `range` of a scalar `value` written at `value.span`: offsets map
/// directly for a value written verbatim; otherwise (block scalars, folded lines, escapes) the
/// value and the file are walked in step, skipping the indentation and line breaks of the file
/// the value does not have. The whole value when the walk does not reach the range.
fn value_span_in(
    file_text: &str,
    value: &super::input::Text,
    range: std::ops::Range<usize>,
) -> std::ops::Range<usize> {
    let raw = file_text.get(value.span.clone()).unwrap_or("");
    if raw == value.value {
        return value.span.start + range.start..value.span.start + range.end;
    }
    let at =
        |target: usize| file_offset(file_text.as_bytes(), value.span.start, &value.value, target);
    match (at(range.start), range.end.checked_sub(1).and_then(at)) {
        (Some(start), Some(last)) if last >= start => start..last + 1,
        _ => value.span.clone(),
    }
}

/// The file offset of byte `target` of `value`, which is written in `text` from `start` on.
fn file_offset(text: &[u8], start: usize, value: &str, target: usize) -> Option<usize> {
    let value = value.as_bytes();
    let (mut v, mut f) = (0usize, start);
    while v < value.len() && f < text.len() {
        let (vc, fc) = (value[v], text[f]);
        if vc == fc {
            if v == target {
                return Some(f);
            }
            v += 1;
            f += 1;
        } else if fc == b' ' || fc == b'\n' || fc == b'\r' || fc == b'\t' {
            // Indentation or a folded line break of the file.
            f += 1;
        } else if vc == b' ' || vc == b'\n' {
            // A space or line break the folding or an escape put into the value.
            v += 1;
        } else {
            v += 1;
            f += 1;
        }
    }
    None
}

fn rule_templates(
    report: &mut Report,
    p: &Parsed<'_>,
    f: &super::input::rules::RuleFile,
    out: &Labels,
) {
    let Place::Rule { group, rule } = p.query.place else {
        return;
    };
    let Some(r) = f.groups.get(group).and_then(|g| g.rules.get(rule)) else {
        return;
    };
    for (key, value) in r.labels.iter().chain(r.annotations.iter()) {
        for (label, range) in template_labels(&value.value) {
            if out.has(&label) {
                continue;
            }
            let span = value_span_in(f.file.text(), value, range);
            report
                .at(
                    &f.file,
                    span,
                    p.subject(),
                    format!(
                        "`{}` uses label `{label}`, which the expression drops: it keeps {}",
                        key.value,
                        out.describe()
                    ),
                )
                .help = Some(format!("keep `{label}` in the expression's aggregation"));
        }
    }
}

fn legend(
    report: &mut Report,
    p: &Parsed<'_>,
    d: &super::input::dashboard::Dashboard,
    out: &Labels,
) {
    let Some(legend) = &p.query.legend else {
        return;
    };
    let Some(pointer) = p.query.pointer.strip_suffix("/expr") else {
        return;
    };
    let pointer = format!("{pointer}/legendFormat");
    let origin = d.string_origin(&pointer);
    let mut from = 0;
    while let Some(i) = legend[from..].find("{{").map(|i| i + from) {
        let Some(close) = legend[i..].find("}}").map(|j| i + j) else {
            break;
        };
        let inner = legend[i + 2..close].trim();
        from = close + 2;
        let simple = !inner.is_empty()
            && inner
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_');
        if !simple || inner == "__name__" || out.has(inner) {
            continue;
        }
        let span = match &origin {
            Some(o) => o.span_to_file(i..close + 2),
            None => d.value_span(&pointer),
        };
        report
            .at(
                &d.file,
                span,
                p.subject(),
                format!(
                    "legend uses label `{inner}`, which the query drops: it keeps {}",
                    out.describe()
                ),
            )
            .help = Some(format!(
            "keep `{inner}` in the query's aggregation, or change the legend"
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::testing::findings;

    #[test]
    fn template_label_references() {
        let t = "{{ $labels.instance }} of {{ .Labels.job }} in {{ index $labels \"pod\" }}";
        let names: Vec<String> = template_labels(t).into_iter().map(|x| x.0).collect();
        assert_eq!(names, vec!["instance", "job", "pod"]);
    }

    #[test]
    fn alert_annotation_legend_and_outer_grouping() {
        let rules = "groups:\n- name: g\n  rules:\n  - alert: A\n    expr: sum by (job) (rate(x[5m])) > 1\n    labels: {severity: page}\n    annotations:\n      summary: 'on {{ $labels.instance }} of {{ $labels.job }}'\n  - record: a:b:c\n    expr: sum by (instance) (sum by (job) (x))\n";
        let dash = r#"{"panels": [{"datasource": {"type": "prometheus"}, "targets": [
  {"expr": "sum by (job) (up)", "legendFormat": "{{job}} {{pod}}"}]}]}"#;
        let found = findings(&CHECK, &[("r.yaml", rules), ("d.json", dash)]);
        let at: Vec<(usize, usize)> = found.iter().map(|f| (f.0, f.1)).collect();
        assert_eq!(at, vec![(2, 58), (8, 31), (10, 19)], "{found:#?}");
    }

    #[test]
    fn labels_in_multi_line_annotations_point_at_the_label() {
        let rules = "groups:\n- name: g\n  rules:\n  - alert: A\n    expr: sum by (job) (x) > 1\n    annotations:\n      description: |\n        On {{ $labels.job }}\n        from {{ $labels.instance }}.\n      summary: >-\n        folded {{ $labels.job }}\n        then {{ $labels.pod }}\n";
        let found = findings(&CHECK, &[("r.yaml", rules)]);
        let at: Vec<(usize, usize)> = found.iter().map(|f| (f.0, f.1)).collect();
        // `instance` on line 9 after `from {{ $labels.`; `pod` on line 12.
        assert_eq!(at, vec![(9, 25), (12, 25)], "{found:#?}");
    }
}
