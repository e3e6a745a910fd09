//! Check settings: the `check:` key of `grafcode.yaml` (or a file given with `--config`).
//!
//! ```yaml
//! check:
//!   severity:                  # per check id: error | warning | info | off
//!     variable/unused: info
//!   exclude:                   # like dashboard-linter's .lint, by check id
//!     - check: variable/rate-interval
//!       dashboard: API overview  # title or UID
//!       panel: Top 10 routes     # panel title (optional)
//!       reason: top-k over the whole range is intended
//!     - check: alert/required
//!       rule: Watchdog           # alert or recording rule name
//!       reason: heartbeat alert
//!   alerts:
//!     required_labels: [severity]
//!     required_annotations: [summary]
//!   prometheus_version: 3.5.0  # target versions for syntax checks
//!   loki_version: 3.3.0
//! ```

use std::collections::BTreeMap;

use serde::Deserialize;

use super::{Check, Subject};
use crate::diag::{Diagnostic, Severity};
use crate::query::{ParseOptions, Version};

/// A configured severity, or off (YAML 1.1 readers turn a bare `off` into `false`, which
/// is accepted as off too).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    /// Error.
    Error,
    /// Warning.
    Warning,
    /// Info.
    Info,
    /// The check does not run.
    Off,
}

impl<'de> Deserialize<'de> for Level {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        match serde_json::Value::deserialize(d)? {
            serde_json::Value::Bool(false) => Ok(Level::Off),
            serde_json::Value::String(s) => match s.as_str() {
                "error" => Ok(Level::Error),
                "warning" => Ok(Level::Warning),
                "info" => Ok(Level::Info),
                "off" => Ok(Level::Off),
                _ => Err(serde::de::Error::custom(format!(
                    "unknown severity `{s}`: expected error, warning, info or off"
                ))),
            },
            other => Err(serde::de::Error::custom(format!(
                "expected error, warning, info or off, got {other}"
            ))),
        }
    }
}

/// One exclusion: findings of `check` about this dashboard / panel / rule are dropped.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Exclusion {
    /// Check id (`*` for every check).
    pub check: String,
    /// Dashboard title or UID.
    #[serde(default)]
    pub dashboard: Option<String>,
    /// Panel title.
    #[serde(default)]
    pub panel: Option<String>,
    /// Alert or recording rule name.
    #[serde(default)]
    pub rule: Option<String>,
    /// Why (kept for reviewers).
    #[serde(default)]
    pub reason: Option<String>,
}

/// What alert rules must carry.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AlertPolicy {
    /// Labels every alert needs.
    #[serde(default = "default_labels")]
    pub required_labels: Vec<String>,
    /// Annotations every alert needs.
    #[serde(default = "default_annotations")]
    pub required_annotations: Vec<String>,
}

fn default_labels() -> Vec<String> {
    vec!["severity".into()]
}

fn default_annotations() -> Vec<String> {
    vec!["summary".into()]
}

impl Default for AlertPolicy {
    fn default() -> Self {
        AlertPolicy {
            required_labels: default_labels(),
            required_annotations: default_annotations(),
        }
    }
}

/// The `check:` settings.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Severity per check id.
    #[serde(default)]
    pub severity: BTreeMap<String, Level>,
    /// Exclusions.
    #[serde(default)]
    pub exclude: Vec<Exclusion>,
    /// Alert rule policy.
    #[serde(default)]
    pub alerts: AlertPolicy,
    /// Target Prometheus version.
    #[serde(default)]
    pub prometheus_version: Option<String>,
    /// Target Loki version.
    #[serde(default)]
    pub loki_version: Option<String>,
}

#[derive(Debug, Deserialize)]
struct Root {
    #[serde(default)]
    check: Option<Config>,
}

impl Config {
    /// Reads the `check:` key of a `grafcode.yaml` text (other keys are ignored here).
    pub fn from_yaml(text: &str) -> Result<Config, String> {
        let value: serde_json::Value = serde_saphyr::from_str(text).map_err(|e| e.to_string())?;
        let root: Root = serde_json::from_value(value).map_err(|e| format!("check: {e}"))?;
        Ok(root.check.unwrap_or_default())
    }

    /// The severity `check` runs with, or `None` when it is off.
    pub fn severity_of(&self, check: &Check) -> Option<Severity> {
        match self.severity.get(check.id) {
            None => Some(check.severity),
            Some(Level::Error) => Some(Severity::Error),
            Some(Level::Warning) => Some(Severity::Warning),
            Some(Level::Info) => Some(Severity::Info),
            Some(Level::Off) => None,
        }
    }

    /// True when an exclusion covers this finding.
    pub fn excludes(&self, d: &Diagnostic, s: &Subject) -> bool {
        self.exclude.iter().any(|e| {
            (e.check == d.id || e.check == "*")
                && e.dashboard.as_ref().is_none_or(|want| {
                    s.dashboard
                        .as_ref()
                        .is_some_and(|(title, uid)| title == want || uid.as_deref() == Some(want))
                })
                && e.panel
                    .as_ref()
                    .is_none_or(|want| s.panel.as_deref() == Some(want))
                && e.rule
                    .as_ref()
                    .is_none_or(|want| s.rule.as_deref() == Some(want))
        })
    }

    /// Parser options for the target versions.
    pub fn parse_options(&self) -> ParseOptions {
        let mut opts = ParseOptions::default();
        if let Some(v) = self
            .prometheus_version
            .as_deref()
            .and_then(|v| v.parse::<Version>().ok())
        {
            opts.prometheus = v;
        }
        if let Some(v) = self
            .loki_version
            .as_deref()
            .and_then(|v| v.parse::<Version>().ok())
        {
            opts.loki = v;
        }
        opts
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_check_key_and_ignores_the_rest() {
        let c = Config::from_yaml(
            "grafana: {version: 11.0.0}\ncheck:\n  severity: {variable/unused: off}\n  exclude:\n  - check: promql/syntax\n    dashboard: A\n    panel: P\n",
        )
        .unwrap();
        assert_eq!(c.severity.get("variable/unused"), Some(&Level::Off));
        let d = Diagnostic::error("promql/syntax", "x");
        let mut s = Subject {
            dashboard: Some(("A".into(), None)),
            panel: Some("P".into()),
            rule: None,
        };
        assert!(c.excludes(&d, &s));
        s.panel = Some("Q".into());
        assert!(!c.excludes(&d, &s));
        assert_eq!(c.alerts.required_labels, vec!["severity".to_string()]);
        assert!(Config::from_yaml("check:\n  bogus: 1\n").is_err());
    }
}

#[cfg(test)]
mod loader_tests {
    use super::*;
    use crate::source::SourceFile;

    #[test]
    fn the_source_loader_accepts_the_check_key() {
        let text = "grafana: 12.2.0\ncheck:\n  severity: {variable/unused: info}\n  exclude:\n    - check: promql/syntax\n      dashboard: A\n";
        let file = SourceFile::new("grafcode.yaml", text);
        let doc = crate::source::load::parse_doc::<crate::source::format::Config>(&file)
            .expect("grafcode.yaml with a check key loads");
        assert!(doc.value.check.is_some());
        let c = Config::from_yaml(text).expect("check settings");
        assert_eq!(c.exclude.len(), 1);
        assert_eq!(c.severity.get("variable/unused"), Some(&Level::Info));
    }
}
