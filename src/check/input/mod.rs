//! What the checks read: dashboards (as the JSON Grafana receives, with positions), rule files,
//! datasources, teams and rendered objects, every query with the place it was written. Built
//! from files outside a monorepo ([`files`]) or from the compiled [`crate::model::Model`].

pub mod dashboard;
pub mod datasources;
pub mod files;
pub mod from_model;
pub mod json_index;
pub mod rendered;
pub mod rules;
pub mod source_map;
pub mod teams;
pub mod template_groups;

use std::ops::Range;
use std::sync::Arc;

use serde_json::Value;

use crate::diag::Diagnostic;
use crate::model::TextOrigin;
use crate::query::Lang;
use crate::source::SourceFile;

pub use json_index::JsonIndex;

/// A string value and the byte range of it in its file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Text {
    /// The value.
    pub value: String,
    /// Where it was written.
    pub span: Range<usize>,
}

/// Everything one `grafcode check` run looks at.
#[derive(Debug, Default)]
pub struct Input {
    /// Every file read, for suppression comments.
    pub files: Vec<Arc<SourceFile>>,
    /// Dashboards.
    pub dashboards: Vec<dashboard::Dashboard>,
    /// Prometheus, Loki and Grafana-managed rule files.
    pub rule_files: Vec<rules::RuleFile>,
    /// Datasource definitions.
    pub datasources: Vec<datasources::Datasource>,
    /// Teams of the monorepo.
    pub teams: Vec<Team>,
    /// Objects as they will be written (ConfigMaps), for name and size checks.
    pub rendered: Vec<Rendered>,
    /// Files that could not be read or parsed (`input/parse`, `input/unknown-kind`).
    pub errors: Vec<Diagnostic>,
}

/// A team of the monorepo and what its `team.yaml` allows.
#[derive(Debug, Clone)]
pub struct Team {
    /// Folder name under `teams/`.
    pub name: String,
    /// Logical names or UIDs of the datasources it may use; `None`: no restriction.
    pub allowed_datasources: Option<Vec<String>>,
    /// Every `datasource:` reference by logical name in the team's dashboard and alert
    /// sources, with the file it is written in.
    pub datasource_refs: Vec<(Arc<SourceFile>, Text)>,
}

/// One output object as written (a ConfigMap of the sidecar target).
#[derive(Debug, Clone)]
pub struct Rendered {
    /// What it carries (`dashboard`, `datasource file`, `alert file`).
    pub kind: String,
    /// `metadata.name` as rendered.
    pub name: String,
    /// `metadata.namespace`, when the output sets one.
    pub namespace: Option<String>,
    /// The name its source asks for (the slug of its identity), before the emitter makes
    /// names unique and short: where two sources share it, or it is too long, the rendered
    /// name carries a hash instead.
    pub wanted: String,
    /// Bytes of `data` (keys + values), checked against the 1 MiB ConfigMap limit.
    pub data_bytes: usize,
    /// Bytes of the object as compact JSON, what client-side `kubectl apply` stores in its
    /// last-applied annotation (256 KiB limit).
    pub object_bytes: usize,
    /// The source it came from.
    pub file: Arc<SourceFile>,
    /// The span to point at: the dashboard's `uid` (or `title`), else the file's start.
    pub span: Range<usize>,
}

/// Where a query sits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Place {
    /// A panel target; `panel` is the JSON pointer of the panel, `title` its title.
    Panel {
        /// Pointer of the panel.
        panel: String,
        /// Title of the panel.
        title: String,
    },
    /// A template variable's query.
    Variable {
        /// The variable's name.
        name: String,
    },
    /// An annotation query.
    Annotation {
        /// The annotation's name.
        name: String,
    },
    /// A rule of a rule file: indexes of the group and the rule.
    Rule {
        /// Group index (out of range for a group a library template made, which the rule
        /// file's own YAML does not hold).
        group: usize,
        /// Rule index.
        rule: usize,
    },
}

/// How a query names its datasource.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DsRef {
    /// Nothing: the default datasource.
    Default,
    /// A UID or name, with the plugin type when the reference says it.
    Named {
        /// UID or name as written.
        uid: String,
        /// `type` of a `{type, uid}` reference.
        kind: Option<String>,
    },
    /// A `$var` / `${var}` reference to a datasource variable or an export input.
    Variable(String),
    /// `-- Mixed --`.
    Mixed,
    /// A Grafana built-in (`-- Grafana --`, `-- Dashboard --`, `__expr__`).
    Builtin(String),
}

/// One PromQL or LogQL expression and everything known about where it runs.
#[derive(Debug, Clone)]
pub struct Query {
    /// The expression as the datasource receives it.
    pub expr: String,
    /// Its language, from the datasource (`None`: unknown datasource type, guessed below).
    pub lang: Lang,
    /// True when the language came from the datasource, false when it was guessed.
    pub lang_known: bool,
    /// Offsets of `expr` back to the file.
    pub origin: TextOrigin,
    /// JSON pointer (dashboards) or path (rules) of the expression.
    pub pointer: String,
    /// The datasource reference that decided the language.
    pub datasource: DsRef,
    /// Where it sits.
    pub place: Place,
    /// The legend format (`{{label}}` templates), for panel targets.
    pub legend: Option<String>,
    /// The target's refId.
    pub ref_id: Option<String>,
}

impl Query {
    /// The file range of a range of the expression.
    pub fn file_span(&self, span: Range<usize>) -> Range<usize> {
        self.origin.span_to_file(span)
    }
}

/// The language of a datasource plugin type, if it speaks PromQL or LogQL.
pub fn lang_of_type(kind: &str) -> Option<Lang> {
    let k = kind.to_ascii_lowercase();
    if k.starts_with("prometheus")
        || k == "grafana-amazonprometheus-datasource"
        || k == "grafana-azureprometheus-datasource"
    {
        Some(Lang::PromQL)
    } else if k == "loki" {
        Some(Lang::LogQL)
    } else {
        None
    }
}

/// True when a datasource plugin type is known and speaks neither PromQL nor LogQL.
pub fn is_other_type(kind: &str) -> bool {
    !kind.is_empty()
        && lang_of_type(kind).is_none()
        && !matches!(kind, "datasource" | "mixed" | "-- Mixed --")
}

/// A guess at a datasource's language from its name or UID (`loki`, `prometheus`, `mimir`…).
pub fn lang_of_name(name: &str) -> Option<Lang> {
    let l = name.to_ascii_lowercase();
    if l.contains("loki") || l == "logs" || l == "$logs" {
        Some(Lang::LogQL)
    } else if ["prom", "thanos", "mimir", "cortex", "victoria"]
        .iter()
        .any(|k| l.contains(k))
    {
        Some(Lang::PromQL)
    } else {
        None
    }
}

/// A guess at an expression's language when nothing says it: LogQL when it has a log
/// pipeline operator or starts (or opens a call) with a stream selector.
pub fn guess_lang(expr: &str) -> Lang {
    const PIPES: [&str; 4] = ["|=", "|~", "|>", "!>"];
    if PIPES.iter().any(|p| expr.contains(p)) {
        return Lang::LogQL;
    }
    let b = expr.as_bytes();
    for (i, &c) in b.iter().enumerate() {
        if c == b'|' {
            let rest = expr[i + 1..].trim_start();
            const STAGES: [&str; 10] = [
                "json",
                "logfmt",
                "pattern",
                "regexp",
                "line_format",
                "label_format",
                "unwrap",
                "drop",
                "keep",
                "decolorize",
            ];
            if STAGES.iter().any(|s| {
                rest.starts_with(s)
                    && !rest[s.len()..]
                        .bytes()
                        .next()
                        .is_some_and(|n| n.is_ascii_alphanumeric() || n == b'_')
            }) {
                return Lang::LogQL;
            }
        }
        if c == b'{' {
            let before = expr[..i].trim_end();
            let opens = before.is_empty() || before.ends_with('(');
            let close = expr[i..].find('}').map_or(expr.len(), |j| i + j);
            if opens && !expr[i..close].contains("__name__") {
                return Lang::LogQL;
            }
        }
        if c == b'}' {
            let rest = expr[i + 1..].trim_start();
            if rest.starts_with("!=\"") || rest.starts_with("!~\"") {
                return Lang::LogQL;
            }
        }
    }
    Lang::PromQL
}

/// Reads a `{type, uid}` / string / null datasource reference.
pub fn ds_ref(value: Option<&Value>) -> DsRef {
    match value {
        None | Some(Value::Null) => DsRef::Default,
        Some(Value::String(s)) => ds_ref_str(s, None),
        Some(Value::Object(o)) => {
            let kind = o.get("type").and_then(Value::as_str).map(str::to_string);
            match o.get("uid").and_then(Value::as_str) {
                Some(uid) => ds_ref_str(uid, kind),
                None => match kind {
                    Some(k) if k == "datasource" => DsRef::Builtin(k),
                    Some(k) => DsRef::Named {
                        uid: String::new(),
                        kind: Some(k),
                    },
                    None => DsRef::Default,
                },
            }
        }
        Some(_) => DsRef::Default,
    }
}

fn ds_ref_str(s: &str, kind: Option<String>) -> DsRef {
    let t = s.trim();
    if t.is_empty() {
        return match kind {
            Some(k) => DsRef::Named {
                uid: String::new(),
                kind: Some(k),
            },
            None => DsRef::Default,
        };
    }
    if let Some(v) = crate::query::vars::lex_at(t, 0)
        && v.span.end == t.len()
    {
        return DsRef::Variable(v.name);
    }
    match t {
        "-- Mixed --" => DsRef::Mixed,
        "-- Grafana --" | "-- Dashboard --" | "grafana" | "__expr__" | "-100" => {
            DsRef::Builtin(t.to_string())
        }
        _ => DsRef::Named {
            uid: t.to_string(),
            kind,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn guesses_language_like_the_corpus_extractor() {
        assert_eq!(guess_lang("{app=\"x\"} |= \"err\""), Lang::LogQL);
        assert_eq!(guess_lang("sum(rate({app=\"x\"}[5m]))"), Lang::LogQL);
        assert_eq!(guess_lang("rate(x{a=\"b\"}[5m])"), Lang::PromQL);
        assert_eq!(guess_lang("{__name__=\"up\"}"), Lang::PromQL);
        assert_eq!(guess_lang("x | json"), Lang::LogQL);
        assert_eq!(guess_lang("a|jsonx"), Lang::PromQL);
    }

    #[test]
    fn reads_datasource_references() {
        use serde_json::json;
        assert_eq!(
            ds_ref(Some(&json!("${DS_PROM}"))),
            DsRef::Variable("DS_PROM".into())
        );
        assert_eq!(ds_ref(Some(&json!("-- Mixed --"))), DsRef::Mixed);
        assert_eq!(
            ds_ref(Some(&json!({"type": "loki", "uid": "abc"}))),
            DsRef::Named {
                uid: "abc".into(),
                kind: Some("loki".into())
            }
        );
        assert_eq!(ds_ref(None), DsRef::Default);
    }
}
