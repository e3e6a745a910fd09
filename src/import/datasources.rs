//! Datasource references of imported dashboards → logical datasource names.
//!
//! A dashboard refers to datasources in many ways: `null` (the org default), a name string
//! (`"Prometheus"`, old schema), `{type, uid}`, an external-export placeholder
//! (`${DS_PROMETHEUS}`), or a datasource variable (`$datasource`, `${datasource}`). Each is
//! matched against the repository's `library/datasources` (by UID, then by name/display
//! name, then as the only one of its type); what does not match becomes a proposed stub
//! datasource (a new logical name with the type and UID the dashboard used), so the compiled
//! dashboard points at the same datasource as the original. Grafana's built-in pseudo
//! datasources (`-- Mixed --`, `-- Grafana --`, `-- Dashboard --`) have no logical name.

use std::collections::BTreeMap;

use serde_json::{Value, json};

use super::input::DatasourceInput;
use super::normalize::DatasourceMapping;

/// A datasource known by logical name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KnownDatasource {
    /// Logical name (what source files write).
    pub name: String,
    /// Plugin id (`prometheus`).
    pub kind: String,
    /// Grafana UID.
    pub uid: String,
    /// Name shown in Grafana.
    pub display_name: String,
    /// The org default.
    pub default: bool,
}

/// How a reference is written in source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Choice {
    /// A logical datasource name.
    Logical(String),
    /// A datasource variable of the dashboard (`$name` in source).
    Variable(String),
    /// A pseudo datasource or a reference that cannot be named: kept through `raw:`.
    Special,
}

/// Per dashboard: what its references can resolve through.
#[derive(Debug, Clone, Default)]
pub struct DashboardScope {
    /// `__inputs` datasources of an external export.
    pub inputs: Vec<DatasourceInput>,
    /// Datasource variables: name → plugin id.
    pub variables: BTreeMap<String, String>,
}

/// The repository's datasources plus the stubs proposed so far.
#[derive(Debug, Clone, Default)]
pub struct Datasources {
    known: Vec<KnownDatasource>,
    proposed: Vec<KnownDatasource>,
}

const PSEUDO: &[&str] = &["-- Mixed --", "-- Grafana --", "-- Dashboard --", "grafana"];

impl Datasources {
    /// The repository's datasources (from `library/datasources`).
    pub fn new(known: Vec<KnownDatasource>) -> Self {
        Datasources {
            known,
            proposed: Vec::new(),
        }
    }

    /// Stubs proposed for references nothing matched, in the order they were first needed.
    pub fn proposed(&self) -> &[KnownDatasource] {
        &self.proposed
    }

    fn all(&self) -> impl Iterator<Item = &KnownDatasource> {
        self.known.iter().chain(self.proposed.iter())
    }

    /// The datasource with this logical name.
    pub fn get(&self, name: &str) -> Option<&KnownDatasource> {
        self.all().find(|d| d.name == name)
    }

    /// Chooses how `reference` is written; `guess` is the plugin id to assume when the
    /// reference does not say (from the panel's queries).
    pub fn choose(
        &mut self,
        reference: Option<&Value>,
        scope: &DashboardScope,
        guess: &str,
    ) -> Choice {
        match reference {
            None | Some(Value::Null) => self.default_of(guess),
            Some(Value::String(s)) => self.by_string(s, None, scope, guess),
            Some(Value::Object(o)) => {
                let kind = o.get("type").and_then(Value::as_str);
                match o.get("uid").and_then(Value::as_str) {
                    // `{uid}` without a type: Grafana looks it up by UID, then by name; a new
                    // stub keeps it as the UID (of the guessed plugin).
                    Some(uid) if kind.is_none() => {
                        let known = self
                            .all()
                            .find(|d| d.uid == uid || d.name == uid || d.display_name == uid)
                            .map(|d| d.name.clone());
                        match known {
                            Some(name) => Choice::Logical(name),
                            None => self.by_string(uid, Some(guess), scope, guess),
                        }
                    }
                    Some(uid) => self.by_string(uid, kind, scope, guess),
                    None => match kind {
                        Some(k) if k != "datasource" => self.default_of(k),
                        _ => self.default_of(guess),
                    },
                }
            }
            Some(_) => Choice::Special,
        }
    }

    fn by_string(
        &mut self,
        s: &str,
        kind: Option<&str>,
        scope: &DashboardScope,
        guess: &str,
    ) -> Choice {
        if PSEUDO.contains(&s) || kind == Some("datasource") || s.is_empty() {
            return Choice::Special;
        }
        if let Some(var) = variable_name(s) {
            if let Some(input) = scope.inputs.iter().find(|i| i.name == var) {
                let kind = if input.plugin_id.is_empty() {
                    guess
                } else {
                    &input.plugin_id
                };
                let label = if input.label.is_empty() {
                    kind
                } else {
                    &input.label
                };
                return self.by_name_or_stub(label, kind, None);
            }
            if scope.variables.contains_key(var) {
                return Choice::Variable(var.to_string());
            }
            return Choice::Special;
        }
        match kind {
            // {type, uid}: a concrete UID.
            Some(k) => {
                if let Some(d) = self.all().find(|d| d.uid == s) {
                    return Choice::Logical(d.name.clone());
                }
                Choice::Logical(self.stub(&slug(s), k, s))
            }
            // A name string (old schema) or a bare UID.
            None => {
                if let Some(d) = self.all().find(|d| d.uid == s) {
                    return Choice::Logical(d.name.clone());
                }
                self.by_name_or_stub(s, guess, None)
            }
        }
    }

    fn by_name_or_stub(&mut self, name: &str, kind: &str, uid: Option<&str>) -> Choice {
        let key = slug(name);
        if let Some(d) = self
            .all()
            .find(|d| d.display_name == name || d.name == name || d.name == key)
        {
            return Choice::Logical(d.name.clone());
        }
        let of_kind: Vec<&KnownDatasource> = self.known.iter().filter(|d| d.kind == kind).collect();
        if let [only] = of_kind.as_slice() {
            return Choice::Logical(only.name.clone());
        }
        Choice::Logical(self.stub(&key, kind, uid.unwrap_or(&key)))
    }

    fn default_of(&mut self, kind: &str) -> Choice {
        if let Some(d) = self.known.iter().find(|d| d.default && d.kind == kind) {
            return Choice::Logical(d.name.clone());
        }
        self.by_name_or_stub(kind, kind, None)
    }

    /// A proposed datasource (reused when one with this type and UID exists).
    fn stub(&mut self, name: &str, kind: &str, uid: &str) -> String {
        if let Some(d) = self.all().find(|d| d.uid == uid && d.kind == kind) {
            return d.name.clone();
        }
        let mut candidate = name.to_string();
        let mut n = 2;
        while self.get(&candidate).is_some() {
            candidate = format!("{name}-{n}");
            n += 1;
        }
        self.proposed.push(KnownDatasource {
            name: candidate.clone(),
            kind: kind.to_string(),
            uid: uid.to_string(),
            display_name: candidate.clone(),
            default: false,
        });
        candidate
    }

    /// The reference the compiler emits for a choice (`None` for [`Choice::Special`]).
    pub fn compiled_ref(&self, choice: &Choice, scope: &DashboardScope) -> Option<Value> {
        match choice {
            Choice::Logical(n) => self.get(n).map(|d| json!({"type": d.kind, "uid": d.uid})),
            Choice::Variable(v) => scope
                .variables
                .get(v)
                .map(|kind| json!({"type": kind, "uid": format!("${{{v}}}")})),
            Choice::Special => None,
        }
    }
}

/// `$x`, `${x}` → `x`.
pub fn variable_name(s: &str) -> Option<&str> {
    let rest = s.strip_prefix('$')?;
    let name = rest
        .strip_prefix('{')
        .and_then(|r| r.strip_suffix('}'))
        .unwrap_or(rest);
    let name = name.split(':').next().unwrap_or(name);
    (!name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-'))
    .then_some(name)
}

/// A logical name from a label: lowercase, `[a-z0-9-]`.
pub fn slug(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-').to_string();
    if out.is_empty() {
        "datasource".into()
    } else {
        out
    }
}

/// The plugin id a panel's queries suggest (`expr` + a log selector → loki, `expr` →
/// prometheus, else the fallback).
pub fn guess_kind(panel: &Value, fallback: &str) -> String {
    let targets = panel.get("targets").and_then(Value::as_array);
    for t in targets.into_iter().flatten() {
        if let Some(kind) = t
            .get("datasource")
            .and_then(|d| d.get("type"))
            .and_then(Value::as_str)
            .filter(|k| *k != "datasource")
        {
            return kind.to_string();
        }
        if let Some(expr) = t.get("expr").and_then(Value::as_str) {
            let logql = expr.contains("|=")
                || expr.contains("|~")
                || expr.contains("| json")
                || expr.contains("| logfmt");
            return if logql { "loki" } else { "prometheus" }.to_string();
        }
    }
    fallback.to_string()
}

/// Applies an import's choices to references of an original dashboard, for `--verify`.
pub struct Mapping<'a> {
    /// The datasources (known and proposed).
    pub datasources: &'a Datasources,
    /// The dashboard's scope.
    pub scope: &'a DashboardScope,
    /// Every reference seen, as written → its choice.
    pub choices: &'a [(Value, Choice)],
}

impl DatasourceMapping for Mapping<'_> {
    fn map(&self, reference: &Value) -> Value {
        self.choices
            .iter()
            .find(|(r, _)| r == reference)
            .and_then(|(_, c)| self.datasources.compiled_ref(c, self.scope))
            .unwrap_or_else(|| reference.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lib() -> Datasources {
        Datasources::new(vec![KnownDatasource {
            name: "prometheus".into(),
            kind: "prometheus".into(),
            uid: "prom-main".into(),
            display_name: "Prometheus".into(),
            default: true,
        }])
    }

    #[test]
    fn every_reference_form_resolves() {
        let mut ds = lib();
        let mut scope = DashboardScope::default();
        scope.inputs.push(DatasourceInput {
            name: "DS_LOKI".into(),
            plugin_id: "loki".into(),
            label: "Loki".into(),
        });
        scope
            .variables
            .insert("datasource".into(), "prometheus".into());
        let logical = |n: &str| Choice::Logical(n.into());
        assert_eq!(ds.choose(None, &scope, "prometheus"), logical("prometheus"));
        assert_eq!(
            ds.choose(Some(&json!("Prometheus")), &scope, "prometheus"),
            logical("prometheus")
        );
        assert_eq!(
            ds.choose(
                Some(&json!({"type": "prometheus", "uid": "prom-main"})),
                &scope,
                "x"
            ),
            logical("prometheus")
        );
        assert_eq!(
            ds.choose(Some(&json!("${DS_LOKI}")), &scope, "prometheus"),
            logical("loki")
        );
        assert_eq!(
            ds.choose(
                Some(&json!({"type": "loki", "uid": "${DS_LOKI}"})),
                &scope,
                "x"
            ),
            logical("loki")
        );
        assert_eq!(
            ds.choose(Some(&json!({"uid": "$datasource"})), &scope, "x"),
            Choice::Variable("datasource".into())
        );
        assert_eq!(
            ds.choose(
                Some(&json!({"type": "datasource", "uid": "-- Mixed --"})),
                &scope,
                "x"
            ),
            Choice::Special
        );
        // A concrete UID nothing knows becomes a stub keeping that UID.
        assert_eq!(
            ds.choose(
                Some(&json!({"type": "elasticsearch", "uid": "P7E1"})),
                &scope,
                "x"
            ),
            logical("p7e1")
        );
        let stub = ds.get("p7e1").unwrap();
        assert_eq!(
            (stub.kind.as_str(), stub.uid.as_str()),
            ("elasticsearch", "P7E1")
        );
        assert_eq!(
            ds.compiled_ref(&Choice::Variable("datasource".into()), &scope),
            Some(json!({"type": "prometheus", "uid": "${datasource}"}))
        );
        assert_eq!(ds.proposed().len(), 2, "{:?}", ds.proposed());
    }

    #[test]
    fn slugs_and_variables() {
        assert_eq!(slug("My Prometheus (prod)"), "my-prometheus-prod");
        assert_eq!(variable_name("${DS_X}"), Some("DS_X"));
        assert_eq!(variable_name("$ds"), Some("ds"));
        assert_eq!(variable_name("${ds:text}"), Some("ds"));
        assert_eq!(variable_name("prom"), None);
    }
}
