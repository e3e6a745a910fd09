//! Alert files: Prometheus-style groups → Grafana-managed rules (query → reduce/math →
//! threshold), PrometheusRule groups or Loki ruler groups.

use std::collections::BTreeMap;
use std::sync::Arc;

use super::Ctx;
use super::alert_raw;
use super::dashboard::lang_of;
use super::origin::text_origin;
use super::uid;
use crate::diag::Diagnostic;
use crate::grafana::alerting::{self, AlertQuery, Evaluator, Expression, QuerySource};
use crate::grafana::{rules, templates};
use crate::model::{AlertFile, AlertRules, ObjectMeta, Origin, Query};
use crate::query::Lang;
use crate::source::de::Spanned;
use crate::source::format::{
    AlertFile as AlertSpec, AlertGroup, AlertRule, Engine, TemplateKind, Threshold, ThresholdOp,
};
use crate::source::{Doc, SourceFile};

/// Builds the outputs of one alert file: one [`AlertFile`] per engine used in it.
pub fn compile(ctx: &mut Ctx<'_>, doc: &Doc<AlertSpec>) -> Vec<AlertFile> {
    let folder = doc
        .value
        .folder
        .clone()
        .unwrap_or_else(|| ctx.folder.to_owned());
    let mut grafana = Vec::new();
    let mut prometheus = Vec::new();
    let mut loki = Vec::new();
    let mut queries = Vec::new();
    for entry in &doc.value.groups {
        let (file, group) = match &entry.value.use_template {
            None => (Arc::clone(&doc.file), entry.value.clone()),
            Some(name) => {
                let Some((f, g)) = ctx.instantiate::<AlertGroup>(
                    TemplateKind::AlertGroup,
                    name,
                    &entry.value.with,
                    &doc.file,
                    0,
                ) else {
                    continue;
                };
                (f, g)
            }
        };
        let Some(name) = group.name.clone() else {
            ctx.diagnostics.push(
                Diagnostic::error("source/missing-key", "a group needs a `name`")
                    .at(&file, entry.span.start..entry.span.start),
            );
            continue;
        };
        let engine = group.engine.as_ref().map_or(Engine::Grafana, |e| e.value);
        let interval = group
            .interval
            .as_ref()
            .map_or("1m".to_owned(), |i| i.value.clone());
        match engine {
            Engine::Grafana => {
                if let Some(g) =
                    grafana_group(ctx, &file, &group, &name, &folder, &interval, &mut queries)
                {
                    grafana.push(g);
                }
            }
            Engine::Prometheus | Engine::Loki => {
                let lang = if engine == Engine::Prometheus {
                    Lang::PromQL
                } else {
                    Lang::LogQL
                };
                if let Some(g) =
                    ruler_group(ctx, &file, &group, &name, &interval, lang, &mut queries)
                {
                    if engine == Engine::Prometheus {
                        prometheus.push(g);
                    } else {
                        loki.push(g);
                    }
                }
            }
        }
    }
    let origin = Origin {
        file: Arc::clone(&doc.file),
        span: doc.root.span.clone(),
    };
    let mut out = Vec::new();
    let parts = [
        (!grafana.is_empty()).then(|| AlertRules::Grafana(grafana)),
        (!prometheus.is_empty()).then(|| AlertRules::Prometheus(prometheus)),
        (!loki.is_empty()).then(|| AlertRules::Loki(loki)),
    ];
    let prometheus_rule = object_meta(ctx, doc);
    let mut queries = Some(queries);
    for rules in parts.into_iter().flatten() {
        out.push(AlertFile {
            team: ctx.team.to_owned(),
            name: doc.stem(),
            folder: folder.clone(),
            origin: origin.clone(),
            rules,
            // Every query once, on the first output of the file.
            queries: queries.take().unwrap_or_default(),
            prometheus_rule: prometheus_rule.clone(),
        });
    }
    out
}

/// `prometheus_rule:` metadata, its name checked (a Kubernetes DNS subdomain).
fn object_meta(ctx: &mut Ctx<'_>, doc: &Doc<AlertSpec>) -> Option<ObjectMeta> {
    let meta = doc.value.prometheus_rule.as_ref()?;
    if let Some(name) = &meta.value.name
        && !is_dns_subdomain(name)
    {
        ctx.diagnostics.push(
            Diagnostic::error(
                "source/invalid",
                format!("`{name}` is not a valid Kubernetes object name"),
            )
            .at(&doc.file, meta.span.clone())
            .with_help(
                "lowercase letters, digits, `-` and `.`, at most 253, alphanumeric at both ends",
            ),
        );
        return None;
    }
    Some(ObjectMeta {
        name: meta.value.name.clone(),
        namespace: meta.value.namespace.clone(),
        labels: meta.value.labels.clone().into_iter().collect(),
        annotations: meta.value.annotations.clone().into_iter().collect(),
    })
}

/// RFC 1123 subdomain: ≤ 253 of `[a-z0-9.-]`, alphanumeric at both ends.
fn is_dns_subdomain(s: &str) -> bool {
    let b = s.as_bytes();
    !b.is_empty()
        && b.len() <= 253
        && b.iter()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == b'-' || *c == b'.')
        && b.first().is_some_and(u8::is_ascii_alphanumeric)
        && b.last().is_some_and(u8::is_ascii_alphanumeric)
}

/// Team labels, then the group's, then the rule's.
fn labels(ctx: &Ctx<'_>, group: &AlertGroup, rule: &AlertRule) -> BTreeMap<String, String> {
    let mut l = ctx.labels.clone();
    l.extend(group.labels.clone());
    l.extend(rule.labels.clone());
    l
}

fn grafana_group(
    ctx: &mut Ctx<'_>,
    file: &Arc<SourceFile>,
    group: &AlertGroup,
    name: &Spanned<String>,
    folder: &str,
    interval: &str,
    queries: &mut Vec<Query>,
) -> Option<alerting::RuleGroup> {
    let mut out = alerting::RuleGroup::new(name.value.clone(), folder, interval);
    let mut ok = true;
    for (i, r) in group.rules.iter().enumerate() {
        let rule = &r.value;
        let Some(title) = rule_name(ctx, file, rule, &r.span) else {
            ok = false;
            continue;
        };
        // The typed query, or none when `raw:` gives the whole pipeline.
        let typed = match (&rule.expr, &rule.raw) {
            (Some(expr), _) => {
                let ds_name = rule.datasource.as_ref().or(group.datasource.as_ref());
                let Some(ds_name) = ds_name else {
                    ctx.diagnostics.push(
                        Diagnostic::error(
                            "source/datasource-unknown",
                            "no datasource for this rule",
                        )
                        .at(file, expr.span.clone())
                        .with_help("set `datasource:` on the group or the rule"),
                    );
                    ok = false;
                    continue;
                };
                let ds = match ctx.registry.resolve(ctx.scope, ds_name, file) {
                    Ok(ds) => ds,
                    Err(d) => {
                        ctx.diagnostics.push(d);
                        ok = false;
                        continue;
                    }
                };
                queries.push(Query {
                    lang: lang_of(&ds.kind),
                    expr: expr.value.clone(),
                    datasource: Some(ds.uid.clone()),
                    origin: text_origin(file, expr),
                    path: format!("groups[{}].rules[{i}].data[0].model.expr", name.value),
                });
                Some((
                    expr,
                    ds.uid.clone(),
                    QuerySource::new(ds.kind.clone(), ds.uid),
                ))
            }
            (None, Some(_)) => None,
            (None, None) => {
                ctx.diagnostics.push(
                    Diagnostic::error("source/missing-key", "a rule needs `expr`")
                        .at(file, r.span.start..r.span.start)
                        .with_help("or give its whole `data` pipeline in `raw:`"),
                );
                ok = false;
                continue;
            }
        };
        let uid = match &rule.uid {
            Some(u) if !uid::is_valid(&u.value) => {
                ctx.diagnostics.push(
                    Diagnostic::error("source/uid", format!("invalid rule UID `{}`", u.value))
                        .at(file, u.span.clone()),
                );
                ok = false;
                continue;
            }
            Some(u) => u.value.clone(),
            None => uid::derive(&[ctx.team, &name.value, &title.value]),
        };
        if let Some((other, span)) = ctx.rule_uids.get(&uid) {
            let at = other.line_col(span.start);
            ctx.diagnostics.push(
                Diagnostic::error(
                    "source/duplicate-uid",
                    format!("alert rule UID `{uid}` is used twice"),
                )
                .at(
                    file,
                    rule.uid
                        .as_ref()
                        .map_or(title.span.clone(), |u| u.span.clone()),
                )
                .with_help(format!(
                    "also used at {}:{}:{}",
                    other.path().display(),
                    at.line,
                    at.column
                )),
            );
            ok = false;
            continue;
        }
        ctx.rule_uids.insert(
            uid.clone(),
            (
                Arc::clone(file),
                rule.uid
                    .as_ref()
                    .map_or(title.span.clone(), |u| u.span.clone()),
            ),
        );
        let mut built = if let Some((expr, ds_uid, source)) = &typed {
            let Some(b) = typed_rule(ctx, file, rule, uid, &title.value, expr, ds_uid, source)
            else {
                ok = false;
                continue;
            };
            b
        } else {
            alerting::Rule::new(uid, title.value.clone(), "", Vec::new())
        };
        if let Some(f) = &rule.for_ {
            built = built.for_duration(f.value.clone());
        }
        if let Some(k) = &rule.keep_firing_for {
            built = built.keep_firing_for(k.value.clone());
        }
        if let Some(s) = &rule.no_data_state {
            built = built.no_data_state(alerting::NoDataState::from(s.value.as_str()));
        }
        if let Some(s) = &rule.exec_err_state {
            built = built.exec_err_state(alerting::ExecErrState::from(s.value.as_str()));
        }
        for (k, v) in labels(ctx, group, rule) {
            built = built.label(k, v);
        }
        built = built.paused(rule.paused);
        if let Some(raw) = &rule.raw {
            match alert_raw::patch_rule(&built, &raw.value) {
                Ok(b) => built = b,
                Err(e) => {
                    ctx.diagnostics.push(
                        Diagnostic::error(
                            "source/invalid",
                            format!("`raw:` does not give a valid Grafana rule: {e}"),
                        )
                        .at(file, raw.span.clone()),
                    );
                    ok = false;
                    continue;
                }
            }
        }
        // Prometheus' `$value` is the value node's `$values.<R>.Value` in Grafana, in the
        // final pipeline; annotations `raw:` sets are Grafana's already.
        let value_ref = templates::value_ref(&built.data, &built.condition);
        let raw_annotations = rule
            .raw
            .as_ref()
            .and_then(|r| r.value.get("annotations"))
            .and_then(serde_json::Value::as_object);
        for (k, v) in &rule.annotations {
            if raw_annotations.is_some_and(|a| a.contains_key(k)) {
                continue;
            }
            let v = match &value_ref {
                Some(r) => templates::to_grafana(v, r),
                None => v.clone(),
            };
            built = built.annotation(k.clone(), v);
        }
        out = out.rule(built);
    }
    if let Some(raw) = &group.raw {
        match alert_raw::patch_group(&out, &raw.value) {
            Ok(g) => out = g,
            Err(e) => {
                ctx.diagnostics.push(
                    Diagnostic::error(
                        "source/invalid",
                        format!("`raw:` does not give a valid Grafana rule group: {e}"),
                    )
                    .at(file, raw.span.clone()),
                );
                ok = false;
            }
        }
    }
    ok.then_some(out)
}

/// The typed pipeline of a rule with `expr`: recording, query → reduce → threshold, or
/// "any returned sample fires".
#[allow(clippy::too_many_arguments)]
fn typed_rule(
    ctx: &mut Ctx<'_>,
    file: &Arc<SourceFile>,
    rule: &AlertRule,
    uid: String,
    title: &str,
    expr: &Spanned<String>,
    ds_uid: &str,
    source: &QuerySource,
) -> Option<alerting::Rule> {
    Some(if rule.record.is_some() {
        let mut x = alerting::Rule::new(
            uid,
            title.to_owned(),
            "A",
            vec![AlertQuery::instant("A", source, expr.value.clone(), 600)],
        );
        x.record = Some(alerting::RecordSpec {
            metric: title.to_owned(),
            from: "A".into(),
            target_datasource_uid: Some(ds_uid.to_owned()),
        });
        x
    } else {
        match &rule.threshold {
            Some(t) => {
                let Some(th) = Threshold::parse(&t.value) else {
                    ctx.diagnostics.push(
                        Diagnostic::error(
                            "source/invalid",
                            format!("invalid threshold `{}`", t.value),
                        )
                        .at(file, t.span.clone())
                        .with_help("write `> 0.5` or `< 10`"),
                    );
                    return None;
                };
                let evaluator = match th.op {
                    ThresholdOp::Gt => Evaluator::gt(th.value),
                    ThresholdOp::Lt => Evaluator::lt(th.value),
                };
                alerting::Rule::query_reduce_threshold(
                    uid,
                    title.to_owned(),
                    source,
                    expr.value.clone(),
                    evaluator,
                )
            }
            // Prometheus semantics: any returned sample fires (as Grafana's own converter).
            None => {
                let data = vec![
                    AlertQuery::instant("A", source, expr.value.clone(), 600),
                    AlertQuery::expression(
                        "B",
                        Expression::Math {
                            expression: templates::ANY_SAMPLE_MATH.into(),
                        },
                    ),
                    AlertQuery::expression(
                        "C",
                        Expression::Threshold {
                            expression: "B".into(),
                            evaluator: Evaluator::gt(0.0),
                            unload_evaluator: None,
                        },
                    ),
                ];
                alerting::Rule::new(uid, title.to_owned(), "C", data)
                    .no_data_state(alerting::NoDataState::Ok)
            }
        }
    })
}

/// `alert` or `record`, exactly one.
fn rule_name(
    ctx: &mut Ctx<'_>,
    file: &Arc<SourceFile>,
    rule: &AlertRule,
    span: &std::ops::Range<usize>,
) -> Option<Spanned<String>> {
    match (&rule.alert, &rule.record) {
        (Some(a), None) => Some(a.clone()),
        (None, Some(r)) => Some(r.clone()),
        (Some(_), Some(r)) => {
            ctx.diagnostics.push(
                Diagnostic::error("source/invalid", "a rule has `alert` or `record`, not both")
                    .at(file, r.span.clone()),
            );
            None
        }
        (None, None) => {
            ctx.diagnostics.push(
                Diagnostic::error("source/missing-key", "a rule needs `alert` or `record`")
                    .at(file, span.start..span.start),
            );
            None
        }
    }
}

fn ruler_group(
    ctx: &mut Ctx<'_>,
    file: &Arc<SourceFile>,
    group: &AlertGroup,
    name: &Spanned<String>,
    interval: &str,
    lang: Lang,
    queries: &mut Vec<Query>,
) -> Option<rules::RuleGroup> {
    let mut out = rules::RuleGroup::new(name.value.clone()).interval(interval);
    let mut ok = true;
    if let Some(raw) = &group.raw {
        ctx.diagnostics.push(
            Diagnostic::error(
                "source/invalid",
                "`raw` only applies to `engine: grafana` groups",
            )
            .at(file, raw.span.clone()),
        );
        ok = false;
    }
    let datasource = match &group.datasource {
        Some(d) => match ctx.registry.resolve(ctx.scope, d, file) {
            Ok(ds) => Some(ds.uid),
            Err(e) => {
                ctx.diagnostics.push(e);
                return None;
            }
        },
        None => None,
    };
    for (i, r) in group.rules.iter().enumerate() {
        let rule = &r.value;
        let grafana_only = [
            ("threshold", rule.threshold.as_ref().map(|x| x.span.clone())),
            ("uid", rule.uid.as_ref().map(|x| x.span.clone())),
            (
                "no_data_state",
                rule.no_data_state.as_ref().map(|x| x.span.clone()),
            ),
            (
                "exec_err_state",
                rule.exec_err_state.as_ref().map(|x| x.span.clone()),
            ),
            ("raw", rule.raw.as_ref().map(|x| x.span.clone())),
        ];
        for (key, span) in grafana_only {
            if let Some(span) = span {
                ctx.diagnostics.push(
                    Diagnostic::error(
                        "source/invalid",
                        format!("`{key}` only applies to `engine: grafana` groups"),
                    )
                    .at(file, span),
                );
                ok = false;
            }
        }
        let Some(title) = rule_name(ctx, file, rule, &r.span) else {
            ok = false;
            continue;
        };
        let Some(expr) = &rule.expr else {
            ctx.diagnostics.push(
                Diagnostic::error("source/missing-key", "a rule needs `expr`")
                    .at(file, r.span.start..r.span.start),
            );
            ok = false;
            continue;
        };
        queries.push(Query {
            lang: Some(lang),
            expr: expr.value.clone(),
            datasource: datasource.clone(),
            origin: text_origin(file, expr),
            path: format!("groups[{}].rules[{i}].expr", name.value),
        });
        let mut built = if rule.record.is_some() {
            rules::Rule::record(title.value.clone(), expr.value.clone())
        } else {
            rules::Rule::alert(title.value.clone(), expr.value.clone())
        };
        if let Some(f) = &rule.for_ {
            built = built.for_duration(f.value.clone());
        }
        if let Some(k) = &rule.keep_firing_for {
            built = built.keep_firing_for(k.value.clone());
        }
        for (k, v) in labels(ctx, group, rule) {
            built = built.label(k, v);
        }
        for (k, v) in &rule.annotations {
            built = built.annotation(k.clone(), v.clone());
        }
        out = out.rule(built);
    }
    ok.then_some(out)
}
