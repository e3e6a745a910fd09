//! Datasources: per-environment resolution, the secrets rule, and the registry of logical
//! names that dashboards and alerts refer to.

use std::collections::BTreeMap;
use std::sync::Arc;

use serde_json::Value;

use super::json::merge_patch;
use super::uid;
use crate::diag::Diagnostic;
use crate::grafana::datasource::Datasource;
use crate::model::{DatasourceFile, Origin};
use crate::source::de::{Spanned, closest, suggest_help};
use crate::source::format::{DatasourceFileSpec, DatasourceSpec};
use crate::source::{Doc, SourceFile};

/// What a logical datasource name resolves to.
#[derive(Debug, Clone)]
pub struct DsRef {
    /// Grafana UID (or `${var}` for a datasource variable).
    pub uid: String,
    /// Plugin id.
    pub kind: String,
    /// Settings (`timeField` for Elasticsearch queries).
    pub json_data: serde_json::Map<String, Value>,
}

/// Logical names: org-wide ones and each team's own.
#[derive(Debug, Default)]
pub struct Registry {
    org: BTreeMap<String, DsRef>,
    teams: BTreeMap<String, BTreeMap<String, DsRef>>,
}

/// The team a reference is made from, and what it may use.
#[derive(Debug, Clone, Copy)]
pub struct Scope<'a> {
    /// Team name.
    pub team: &'a str,
    /// Org-wide names it may use (`None`: all).
    pub allowed: Option<&'a [Spanned<String>]>,
}

impl Registry {
    /// Resolves `name` as seen from `scope`; errors point at `name` in `file`.
    pub fn resolve(
        &self,
        scope: Scope<'_>,
        name: &Spanned<String>,
        file: &Arc<SourceFile>,
    ) -> Result<DsRef, Diagnostic> {
        let team = self.teams.get(scope.team);
        if let Some(ds) = team.and_then(|t| t.get(name.as_str())) {
            return Ok(ds.clone());
        }
        if let Some(ds) = self.org.get(name.as_str()) {
            let allowed = scope
                .allowed
                .is_none_or(|list| list.iter().any(|a| a.value == name.value));
            if !allowed {
                return Err(Diagnostic::error(
                    "source/datasource-not-allowed",
                    format!(
                        "team `{}` may not use datasource `{}`",
                        scope.team, name.value
                    ),
                )
                .at(file, name.span.clone())
                .with_help(format!(
                    "add `{}` to `datasources:` in teams/{}/team.yaml",
                    name.value, scope.team
                )));
            }
            return Ok(ds.clone());
        }
        let known: Vec<&str> = self
            .org
            .keys()
            .chain(team.into_iter().flat_map(|t| t.keys()))
            .map(String::as_str)
            .collect();
        let help = match closest(name.as_str(), known.iter().copied()) {
            Some(best) => format!("did you mean `{best}`?"),
            None => format!("known datasources: {}", known.join(", ")),
        };
        Err(Diagnostic::error(
            "source/datasource-unknown",
            format!("unknown datasource `{}`", name.value),
        )
        .at(file, name.span.clone())
        .with_help(help))
    }
}

/// Resolves every datasource file for `environment`, checks secrets and fills the registry.
pub fn compile(
    org: &[Doc<DatasourceFileSpec>],
    teams: &[(&str, &[Doc<DatasourceFileSpec>])],
    environment: &str,
    environments: &[&str],
    diagnostics: &mut Vec<Diagnostic>,
) -> (Vec<DatasourceFile>, Registry) {
    let mut registry = Registry::default();
    let mut files = Vec::new();
    let mut seen: BTreeMap<String, (Arc<SourceFile>, std::ops::Range<usize>)> = BTreeMap::new();
    let mut default_seen = false;
    let all = org.iter().map(|d| (None, d)).chain(
        teams
            .iter()
            .flat_map(|(t, docs)| docs.iter().map(move |d| (Some(*t), d))),
    );
    for (team, doc) in all {
        let mut datasources = Vec::new();
        for spec in &doc.value.datasources {
            let file = &doc.file;
            let name = &spec.value.name;
            let key = match team {
                Some(t) => format!("{t}/{}", name.value),
                None => name.value.clone(),
            };
            let clash = seen
                .get(&name.value)
                .cloned()
                .or_else(|| seen.get(&key).cloned());
            if let Some((other, span)) = clash {
                let at = other.line_col(span.start);
                diagnostics.push(
                    Diagnostic::error(
                        "source/duplicate-name",
                        format!("datasource `{}` is defined twice", name.value),
                    )
                    .at(file, name.span.clone())
                    .with_help(format!(
                        "first defined at {}:{}:{}",
                        other.path().display(),
                        at.line,
                        at.column
                    )),
                );
                continue;
            }
            seen.insert(key, (Arc::clone(file), name.span.clone()));
            match resolve_one(&spec.value, file, environment, environments) {
                Ok(ds) => {
                    if ds.is_default == Some(true) {
                        if default_seen {
                            diagnostics.push(
                                Diagnostic::error(
                                    "source/invalid",
                                    "more than one datasource says `default: true`",
                                )
                                .at(file, name.span.clone())
                                .with_help("Grafana allows one default datasource per org"),
                            );
                        }
                        default_seen = true;
                    }
                    let r = DsRef {
                        uid: ds.uid.clone().unwrap_or_default(),
                        kind: ds.kind.clone(),
                        json_data: ds.json_data.clone(),
                    };
                    match team {
                        None => {
                            registry.org.insert(name.value.clone(), r);
                        }
                        Some(t) => {
                            registry
                                .teams
                                .entry(t.to_owned())
                                .or_default()
                                .insert(name.value.clone(), r);
                        }
                    }
                    datasources.push(ds);
                }
                Err(mut ds) => diagnostics.append(&mut ds),
            }
        }
        files.push(DatasourceFile {
            team: team.map(str::to_owned),
            name: doc.stem(),
            origin: Origin {
                file: Arc::clone(&doc.file),
                span: doc.root.span.clone(),
            },
            datasources,
        });
    }
    (files, registry)
}

/// Secret-looking `jsonData` keys: these belong in `secureJsonData`.
const SECRET_WORDS: &[&str] = &[
    "password",
    "token",
    "secret",
    "apikey",
    "api_key",
    "privatekey",
];

fn resolve_one(
    spec: &DatasourceSpec,
    file: &Arc<SourceFile>,
    environment: &str,
    environments: &[&str],
) -> Result<Datasource, Vec<Diagnostic>> {
    let mut errors = Vec::new();
    for (env, o) in &spec.environments {
        if !environments.contains(&env.as_str()) {
            let help = suggest_help(env, environments, "environments");
            errors.push(
                Diagnostic::error(
                    "source/environment",
                    format!("environment `{env}` is not declared in grafcode.yaml"),
                )
                .at(file, o.span.clone())
                .with_help(help),
            );
        }
    }
    let over = spec.environments.get(environment).map(|o| &o.value);
    let mut json_data = spec
        .json_data
        .as_ref()
        .map(|j| j.value.clone())
        .unwrap_or(Value::Object(Default::default()));
    if let Some(patch) = over.and_then(|o| o.json_data.as_ref()) {
        merge_patch(&mut json_data, &patch.value);
    }
    for j in [
        spec.json_data.as_ref(),
        over.and_then(|o| o.json_data.as_ref()),
    ]
    .into_iter()
    .flatten()
    {
        check_json_secrets(&j.value, j, file, &mut errors);
    }
    let mut secure = BTreeMap::new();
    for (k, v) in spec
        .secure_json_data
        .iter()
        .chain(over.iter().flat_map(|o| o.secure_json_data.iter()))
    {
        if !is_reference(&v.value) {
            errors.push(secret_error(
                file,
                v.span.clone(),
                &format!("secureJsonData.{k}"),
            ));
        }
        secure.insert(k.clone(), v.value.clone());
    }
    let uid = match &spec.uid {
        Some(u) if !uid::is_valid(&u.value) => {
            errors.push(
                Diagnostic::error("source/uid", format!("invalid UID `{}`", u.value))
                    .at(file, u.span.clone())
                    .with_help("a UID is 1–40 of A–Z, a–z, 0–9, `-` and `_`"),
            );
            u.value.clone()
        }
        Some(u) => u.value.clone(),
        None => uid::derive(&[spec.name.as_str()]),
    };
    if !errors.is_empty() {
        return Err(errors);
    }
    let mut ds = Datasource::new(
        spec.display_name
            .clone()
            .unwrap_or_else(|| spec.name.value.clone()),
        spec.kind.value.clone(),
    )
    .uid(uid);
    ds.url = over
        .and_then(|o| o.url.clone())
        .or_else(|| spec.url.clone());
    ds.database = over
        .and_then(|o| o.database.clone())
        .or_else(|| spec.database.clone());
    ds.user = spec.user.clone();
    ds.basic_auth = spec.basic_auth;
    ds.basic_auth_user = over
        .and_then(|o| o.basic_auth_user.clone())
        .or_else(|| spec.basic_auth_user.clone());
    ds.with_credentials = spec.with_credentials;
    ds.is_default = spec.default;
    ds.editable = Some(spec.editable.unwrap_or(false));
    if let Some(access) = &spec.access {
        ds.access = Some(access.as_str().into());
    }
    if let Value::Object(map) = json_data {
        ds.json_data = map;
    }
    ds.secure_json_data = secure;
    Ok(ds)
}

/// A Grafana reference (`$__file{…}`, `$__env{…}`) rather than a literal.
fn is_reference(value: &str) -> bool {
    crate::grafana::datasource::is_secret_reference(value)
}

fn secret_error(file: &Arc<SourceFile>, span: std::ops::Range<usize>, what: &str) -> Diagnostic {
    Diagnostic::error(
        "source/secret",
        format!("`{what}` is a literal secret; secrets must not be committed"),
    )
    .at(file, span)
    .with_help(
        "write `$__file{/path/to/secret}` (Grafana reads the file when provisioning) or `$__env{VARIABLE}`",
    )
}

fn check_json_secrets(
    value: &Value,
    at: &Spanned<Value>,
    file: &Arc<SourceFile>,
    errors: &mut Vec<Diagnostic>,
) {
    let Value::Object(map) = value else { return };
    for (k, v) in map {
        let lower = k.to_ascii_lowercase();
        if let Value::String(s) = v
            && SECRET_WORDS.iter().any(|w| lower.contains(w))
            && !lower.starts_with("httpheadername")
            && !s.is_empty()
        {
            let span = find_key(file, &at.span, k).unwrap_or(at.span.clone());
            errors.push(
                secret_error(file, span, &format!("jsonData.{k}"))
                    .with_help("move it to `secureJsonData` as `$__file{/path}` or `$__env{VAR}`"),
            );
        }
        check_json_secrets(v, at, file, errors);
    }
}

/// The span of `key:` inside `within` of `file`, to point at a key of an untyped value.
pub fn find_key(
    file: &SourceFile,
    within: &std::ops::Range<usize>,
    key: &str,
) -> Option<std::ops::Range<usize>> {
    let text = file.text().get(within.clone())?;
    let needle = format!("{key}:");
    let mut from = 0;
    while let Some(i) = text.get(from..)?.find(&needle) {
        let at = from + i;
        let before = text.get(..at)?.chars().next_back();
        if before.is_none_or(|c| !(c.is_alphanumeric() || c == '_' || c == '-')) {
            return Some(within.start + at..within.start + at + key.len());
        }
        from = at + needle.len();
    }
    None
}
