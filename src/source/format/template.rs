//! Template files: `library/panels/*.yaml`. A header document says what the template makes
//! and which parameters it takes; after a `---` line comes the body, minijinja text that
//! renders to YAML of that kind.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::source::de::Spanned;

/// What a template renders to.
#[derive(Debug, Clone, Copy, Deserialize, Serialize, JsonSchema, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum TemplateKind {
    /// One panel (an entry of `panels:`).
    Panel,
    /// One row (an entry of `rows:`).
    Row,
    /// A whole dashboard (a dashboard file).
    Dashboard,
    /// One alert group (an entry of `groups:`).
    AlertGroup,
}

impl TemplateKind {
    /// The name used in files and messages.
    pub fn as_str(self) -> &'static str {
        match self {
            TemplateKind::Panel => "panel",
            TemplateKind::Row => "row",
            TemplateKind::Dashboard => "dashboard",
            TemplateKind::AlertGroup => "alert-group",
        }
    }
}

/// The header of a template file.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TemplateHeader {
    /// What it renders to.
    pub kind: Spanned<TemplateKind>,
    /// What it is for.
    #[serde(default)]
    pub description: Option<String>,
    /// Parameters by name; one without `default` is required.
    #[serde(default)]
    pub params: BTreeMap<String, TemplateParam>,
}

/// One template parameter.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TemplateParam {
    /// What it means.
    #[serde(default)]
    pub description: Option<String>,
    /// Value when the use site does not give one; absent: the parameter is required.
    #[serde(default)]
    pub default: Option<serde_json::Value>,
}

/// Where a template is used: its name and parameters, with spans in the using file.
#[derive(Debug, Clone)]
pub struct UseSite {
    /// Template name (file stem under `library/panels/`).
    pub name: Spanned<String>,
    /// Parameters.
    pub with: Option<Spanned<serde_json::Value>>,
}
