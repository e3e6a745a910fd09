//! Rule files as the checks see them: Prometheus-style groups (Prometheus rule files,
//! PrometheusRule manifests, Loki ruler files) and Grafana-managed alerting provisioning
//! groups, with the span of every name, duration, label and annotation.

use std::ops::Range;
use std::sync::Arc;

use super::dashboard::sub_origin;
use super::{DsRef, Place, Query, Text, guess_lang, lang_of_name, lang_of_type};
use crate::model::TextOrigin;
use crate::query::Lang;
use crate::source::SourceFile;
use crate::source::yaml::Node;

/// Who evaluates a rule file's rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    /// Prometheus (plain rule file or PrometheusRule): PromQL.
    Prometheus,
    /// The Loki ruler: LogQL.
    Loki,
    /// Grafana-managed alerting: queries per datasource, a `condition` refId.
    Grafana,
}

/// One rule file.
#[derive(Debug, Clone)]
pub struct RuleFile {
    /// The file.
    pub file: Arc<SourceFile>,
    /// Owning team, in a monorepo.
    pub team: Option<String>,
    /// Who evaluates it.
    pub engine: Engine,
    /// Its groups.
    pub groups: Vec<Group>,
    /// Every query of its rules.
    pub queries: Vec<Query>,
}

/// A rule group.
#[derive(Debug, Clone)]
pub struct Group {
    /// `name`.
    pub name: Text,
    /// `interval`, when set.
    pub interval: Option<Text>,
    /// `folder` (Grafana-managed groups).
    pub folder: Option<Text>,
    /// Its rules.
    pub rules: Vec<Rule>,
    /// Span of the whole group.
    pub span: Range<usize>,
}

/// Alerting or recording.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RuleKind {
    /// `alert:` / a Grafana alert rule.
    Alert,
    /// `record:` / a Grafana recording rule.
    Record,
}

/// One rule.
#[derive(Debug, Clone)]
pub struct Rule {
    /// Alerting or recording.
    pub kind: RuleKind,
    /// `alert` / `record` / Grafana `title`.
    pub name: Text,
    /// Grafana `uid`.
    pub uid: Option<Text>,
    /// `for`.
    pub for_: Option<Text>,
    /// `keep_firing_for`.
    pub keep_firing_for: Option<Text>,
    /// `labels`.
    pub labels: Vec<(Text, Text)>,
    /// `annotations`.
    pub annotations: Vec<(Text, Text)>,
    /// Grafana `condition` (a refId of `data`).
    pub condition: Option<Text>,
    /// Grafana `data[].refId`s.
    pub ref_ids: Vec<Text>,
    /// Span of the whole rule.
    pub span: Range<usize>,
}

/// Reads the groups of a rule document. `groups` is the `groups:` node (of a rule file, a
/// PrometheusRule's `spec`, or a Grafana provisioning file). Queries go to `queries`.
pub fn read_groups(
    file: &Arc<SourceFile>,
    groups: &Node,
    engine: Engine,
    queries: &mut Vec<Query>,
) -> Vec<Group> {
    let mut out = Vec::new();
    for (gi, g) in groups.items().iter().enumerate() {
        let rules = g
            .get("rules")
            .map(|r| r.items())
            .unwrap_or_default()
            .iter()
            .enumerate()
            .filter_map(|(ri, r)| read_rule(file, r, engine, gi, ri, queries))
            .collect();
        out.push(Group {
            name: text(file, g.get("name")).unwrap_or_else(|| Text {
                value: String::new(),
                span: g.span.clone(),
            }),
            interval: text(file, g.get("interval")),
            folder: text(file, g.get("folder")),
            rules,
            span: g.span.clone(),
        });
    }
    out
}

/// A scalar as a [`Text`].
pub fn text(file: &Arc<SourceFile>, node: Option<&Node>) -> Option<Text> {
    let n = node?;
    Some(Text {
        value: n.as_str()?.to_string(),
        span: n.value_span(file),
    })
}

fn pairs(file: &Arc<SourceFile>, node: Option<&Node>) -> Vec<(Text, Text)> {
    let Some(n) = node else { return Vec::new() };
    n.entries()
        .iter()
        .filter_map(|(k, v)| Some((text(file, Some(k))?, text(file, Some(v))?)))
        .collect()
}

fn read_rule(
    file: &Arc<SourceFile>,
    r: &Node,
    engine: Engine,
    group: usize,
    rule: usize,
    queries: &mut Vec<Query>,
) -> Option<Rule> {
    if !r.is_map() {
        return None;
    }
    let place = Place::Rule { group, rule };
    let (kind, name) = if engine == Engine::Grafana {
        let kind = if r.get("record").is_some() {
            RuleKind::Record
        } else {
            RuleKind::Alert
        };
        (kind, text(file, r.get("title")))
    } else if let Some(a) = r.get("alert") {
        (RuleKind::Alert, text(file, Some(a)))
    } else {
        (RuleKind::Record, text(file, r.get("record")))
    };
    let name = name.unwrap_or_else(|| Text {
        value: String::new(),
        span: r.span.clone(),
    });
    let mut ref_ids = Vec::new();
    if engine == Engine::Grafana {
        for (di, d) in r
            .get("data")
            .map(Node::items)
            .unwrap_or_default()
            .iter()
            .enumerate()
        {
            if let Some(id) = text(file, d.get("refId")) {
                ref_ids.push(id);
            }
            queries.extend(grafana_query(file, d, place.clone(), group, rule, di));
        }
    } else if let Some(e) = r.get("expr") {
        queries.extend(expr_query(
            file,
            e,
            if engine == Engine::Loki {
                Lang::LogQL
            } else {
                Lang::PromQL
            },
            true,
            format!("groups[{group}].rules[{rule}].expr"),
            DsRef::Default,
            place,
        ));
    }
    Some(Rule {
        kind,
        name,
        uid: text(file, r.get("uid")),
        for_: text(file, r.get("for")),
        keep_firing_for: text(file, r.get("keep_firing_for")),
        labels: pairs(file, r.get("labels")),
        annotations: pairs(file, r.get("annotations")),
        condition: text(file, r.get("condition")),
        ref_ids,
        span: r.span.clone(),
    })
}

fn expr_query(
    file: &Arc<SourceFile>,
    node: &Node,
    lang: Lang,
    known: bool,
    pointer: String,
    datasource: DsRef,
    place: Place,
) -> Option<Query> {
    let expr = node.as_str()?;
    if expr.trim().is_empty() {
        return None;
    }
    let origin = node
        .text_origin(file)
        .unwrap_or_else(|| TextOrigin::verbatim(file, node.span.start));
    Some(Query {
        expr: expr.to_string(),
        lang,
        lang_known: known,
        origin: sub_origin(&origin, 0),
        pointer,
        datasource,
        place,
        legend: None,
        ref_id: None,
    })
}

/// The PromQL/LogQL query of one Grafana rule `data[]` entry, if it has one.
fn grafana_query(
    file: &Arc<SourceFile>,
    d: &Node,
    place: Place,
    group: usize,
    rule: usize,
    index: usize,
) -> Option<Query> {
    let ds_uid = d.get("datasourceUid").and_then(Node::as_str).unwrap_or("");
    if matches!(ds_uid, "__expr__" | "-100") {
        return None;
    }
    let model = d.get("model")?;
    let expr = model.get("expr")?;
    let kind = model
        .get("datasource")
        .and_then(|ds| ds.get("type"))
        .and_then(Node::as_str);
    let (lang, known) = match kind.map(|k| (k, lang_of_type(k))) {
        Some((_, Some(l))) => (l, true),
        Some((k, None)) if super::is_other_type(k) => return None,
        _ => match lang_of_name(ds_uid) {
            Some(l) => (l, true),
            None => (guess_lang(expr.as_str().unwrap_or("")), false),
        },
    };
    let mut q = expr_query(
        file,
        expr,
        lang,
        known,
        format!("groups[{group}].rules[{rule}].data[{index}].model.expr"),
        DsRef::Named {
            uid: ds_uid.to_string(),
            kind: kind.map(str::to_string),
        },
        place,
    )?;
    q.ref_id = d.get("refId").and_then(Node::as_str).map(str::to_string);
    Some(q)
}
