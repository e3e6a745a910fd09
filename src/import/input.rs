//! What an input file is, and the classic dashboard inside it.
//!
//! Grafana hands dashboards out in several wrappers: the UI's JSON export (the bare model),
//! the HTTP API's `{meta, dashboard}` (and the `{dashboard, folderUid, overwrite}` POST body),
//! the Kubernetes-style resource `{apiVersion: dashboard.grafana.app/v0alpha1|v1beta1, spec}`
//! whose `spec` is the classic model, and the v2 resource (`…/v2alpha1`, `v2beta1`, `v2`) whose
//! layout/element model is a different schema, reported here as unsupported.

use serde_json::{Map, Value};

use super::{ImportError, external, legacy_rows};

/// The wrappers and legacy forms found while reading a dashboard (for the summary).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Form {
    /// The HTTP API's `{meta, dashboard}` wrapper (or the POST body `{dashboard, …}`).
    ApiWrapper,
    /// A `dashboard.grafana.app/v0alpha1|v1*` resource whose `spec` is the classic model.
    ResourceV1,
    /// "Export for sharing externally": `__inputs` / `__requires` / `__elements`.
    ExternalExport,
    /// Library panels inlined from `__elements`.
    LibraryPanels,
    /// The pre-grid `rows[]` layout, upgraded to grid panels.
    LegacyRows,
    /// Expanded rows holding their panels inside (grafonnet), moved after the row.
    NestedExpandedRows,
}

/// A datasource the export asks for (`__inputs` entry of type `datasource`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DatasourceInput {
    /// The placeholder name, `DS_PROMETHEUS` (referenced as `${DS_PROMETHEUS}`).
    pub name: String,
    /// The datasource plugin id, `prometheus`.
    pub plugin_id: String,
    /// The label shown in the import dialog (usually the datasource's name).
    pub label: String,
}

/// A classic dashboard read from an input, unwrapped and brought to the grid layout.
#[derive(Debug, Clone, PartialEq)]
pub struct DashboardInput {
    /// The dashboard model: unwrapped, externals resolved, legacy rows upgraded. Its key order
    /// is the original's.
    pub dashboard: Map<String, Value>,
    /// The wrappers and legacy forms that were found, in the order they were handled.
    pub forms: Vec<Form>,
    /// The folder title, when the wrapper says (`meta.folderTitle`).
    pub folder_title: Option<String>,
    /// The datasources an external export asks for.
    pub datasource_inputs: Vec<DatasourceInput>,
}

/// What kind of document a YAML/JSON input holds (decided from its content, not its name).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocumentKind {
    /// A Grafana dashboard in one of the classic forms.
    Dashboard,
    /// A v2 dashboard resource (not supported).
    DashboardV2,
    /// A Prometheus-style rule file (`groups:` of `alert`/`record` rules); PromQL or LogQL.
    RuleFile,
    /// A prometheus-operator `PrometheusRule` manifest.
    PrometheusRule,
    /// Grafana alerting provisioning (`apiVersion: 1` with `groups[].folder`).
    GrafanaAlerting,
}

/// Parses `text` as JSON, naming `input` and the line/column on failure.
pub fn parse_json(input: &str, text: &str) -> Result<Value, ImportError> {
    serde_json::from_str(text).map_err(|e| {
        ImportError::at(
            input,
            e.line(),
            e.column(),
            format!("not valid JSON ({e}); expected a Grafana dashboard JSON export"),
        )
    })
}

/// Decides what a parsed document is. `None`: none of the kinds grafcode imports.
pub fn classify(doc: &Value) -> Option<DocumentKind> {
    let obj = doc.as_object()?;
    let api_version = obj.get("apiVersion").and_then(Value::as_str).unwrap_or("");
    if let Some(version) = api_version.strip_prefix("dashboard.grafana.app/") {
        return Some(if version.starts_with("v2") {
            DocumentKind::DashboardV2
        } else {
            DocumentKind::Dashboard
        });
    }
    if obj.get("kind").and_then(Value::as_str) == Some("PrometheusRule") {
        return Some(DocumentKind::PrometheusRule);
    }
    if let Some(groups) = obj.get("groups").and_then(Value::as_array) {
        // Grafana groups have a folder or an org; Grafana rules a title and a data pipeline.
        let grafana_rule = |r: &Value| r.get("title").is_some() && r.get("data").is_some();
        let grafana = groups.iter().any(|g| {
            g.get("folder").is_some()
                || g.get("orgId").is_some()
                || g.get("rules")
                    .and_then(Value::as_array)
                    .is_some_and(|rs| rs.iter().any(grafana_rule))
        });
        return Some(if grafana {
            DocumentKind::GrafanaAlerting
        } else {
            DocumentKind::RuleFile
        });
    }
    if obj.contains_key("apiVersion")
        && (obj.contains_key("deleteRules") || obj.contains_key("contactPoints"))
    {
        return Some(DocumentKind::GrafanaAlerting);
    }
    let inner = match obj.get("dashboard") {
        Some(Value::Object(d)) => d,
        _ => obj,
    };
    if is_v2_spec(inner) {
        return Some(DocumentKind::DashboardV2);
    }
    if is_classic(inner) {
        return Some(DocumentKind::Dashboard);
    }
    None
}

/// A classic model has panels or rows, or at least a title with a schema version.
fn is_classic(obj: &Map<String, Value>) -> bool {
    obj.contains_key("panels")
        || obj.contains_key("rows")
        || (obj.contains_key("title") && obj.contains_key("schemaVersion"))
}

/// A bare v2 spec (elements + layout) without its resource wrapper.
fn is_v2_spec(obj: &Map<String, Value>) -> bool {
    obj.contains_key("elements") && obj.contains_key("layout")
}

/// Reads a classic dashboard from a parsed document, whatever wrapper it came in.
pub fn read_dashboard(input: &str, doc: Value) -> Result<DashboardInput, ImportError> {
    let mut forms = Vec::new();
    let mut folder_title = None;
    let Value::Object(mut obj) = doc else {
        return Err(ImportError::new(
            input,
            format!(
                "expected a JSON object (a Grafana dashboard), found {}",
                kind_of(&doc)
            ),
        ));
    };
    match classify(&Value::Object(obj.clone())) {
        Some(DocumentKind::Dashboard) => {}
        Some(DocumentKind::DashboardV2) => return Err(v2_unsupported(input, &obj)),
        Some(other) => {
            return Err(ImportError::new(
                input,
                format!("this is {}, not a dashboard", describe(other)),
            ));
        }
        None => return Err(not_a_dashboard(input, &obj)),
    }
    if obj.get("apiVersion").is_some() {
        // dashboard.grafana.app/v0alpha1|v1*: the classic model is the spec.
        match obj.remove("spec") {
            Some(Value::Object(spec)) => {
                forms.push(Form::ResourceV1);
                if let Some(name) = obj
                    .get("metadata")
                    .and_then(|m| m.get("name"))
                    .and_then(Value::as_str)
                {
                    let mut spec = spec;
                    spec.entry("uid")
                        .or_insert_with(|| Value::String(name.to_string()));
                    obj = spec;
                } else {
                    obj = spec;
                }
            }
            _ => {
                return Err(ImportError::new(
                    input,
                    "dashboard resource without an object `spec`; expected the dashboard model in `spec`",
                ));
            }
        }
    } else if let Some(Value::Object(inner)) = obj.get("dashboard") {
        let inner = inner.clone();
        folder_title = obj
            .get("meta")
            .and_then(|m| m.get("folderTitle"))
            .and_then(Value::as_str)
            .map(str::to_string);
        forms.push(Form::ApiWrapper);
        obj = inner;
    }
    let resolved = external::resolve(obj);
    if resolved.external {
        forms.push(Form::ExternalExport);
    }
    if resolved.library_panels > 0 {
        forms.push(Form::LibraryPanels);
    }
    let mut dashboard = resolved.dashboard;
    if legacy_rows::upgrade(&mut dashboard) {
        forms.push(Form::LegacyRows);
    }
    if legacy_rows::expand_nested(&mut dashboard) {
        forms.push(Form::NestedExpandedRows);
    }
    super::legacy_schema::upgrade(&mut dashboard);
    Ok(DashboardInput {
        dashboard,
        forms,
        folder_title,
        datasource_inputs: resolved.datasource_inputs,
    })
}

fn v2_unsupported(input: &str, obj: &Map<String, Value>) -> ImportError {
    let version = obj
        .get("apiVersion")
        .and_then(Value::as_str)
        .unwrap_or("dashboard.grafana.app/v2 (bare spec)");
    ImportError::new(
        input,
        format!(
            "unsupported: {version} dashboards (the v2 layout/elements schema) are not imported yet; \
             export the dashboard from Grafana as classic JSON (Export → Export as JSON with the v1 \
             resource, or the /api/dashboards/uid/<uid> API) and import that"
        ),
    )
}

fn not_a_dashboard(input: &str, obj: &Map<String, Value>) -> ImportError {
    let keys: Vec<&str> = obj.keys().take(6).map(String::as_str).collect();
    ImportError::new(
        input,
        format!(
            "not a dashboard or rule file: expected a Grafana dashboard (an object with `panels`, \
             `rows` or `title` + `schemaVersion`), an API export `{{meta, dashboard}}`, or a rule \
             file with `groups:`; found top-level keys [{}]",
            keys.join(", ")
        ),
    )
}

/// A human description of a document kind, for messages.
pub fn describe(kind: DocumentKind) -> &'static str {
    match kind {
        DocumentKind::Dashboard => "a Grafana dashboard",
        DocumentKind::DashboardV2 => "a v2 dashboard resource",
        DocumentKind::RuleFile => "a Prometheus/Loki rule file",
        DocumentKind::PrometheusRule => "a PrometheusRule manifest",
        DocumentKind::GrafanaAlerting => "a Grafana alerting provisioning file",
    }
}

/// The JSON type name of a value, for messages.
pub fn kind_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn read(v: Value) -> Result<DashboardInput, ImportError> {
        read_dashboard("t.json", v)
    }

    #[test]
    fn unwraps_api_export_and_keeps_folder() {
        let d = read(json!({
            "meta": {"folderTitle": "Ops", "slug": "x"},
            "dashboard": {"title": "X", "uid": "x", "schemaVersion": 39, "panels": []}
        }))
        .unwrap();
        assert_eq!(d.forms, vec![Form::ApiWrapper]);
        assert_eq!(d.folder_title.as_deref(), Some("Ops"));
        assert_eq!(d.dashboard["uid"], json!("x"));
        assert!(!d.dashboard.contains_key("meta"));
    }

    #[test]
    fn unwraps_v1_resource_and_takes_uid_from_metadata() {
        let d = read(json!({
            "apiVersion": "dashboard.grafana.app/v1beta1", "kind": "Dashboard",
            "metadata": {"name": "abc"},
            "spec": {"title": "X", "schemaVersion": 41, "panels": []}
        }))
        .unwrap();
        assert_eq!(d.forms, vec![Form::ResourceV1]);
        assert_eq!(d.dashboard["uid"], json!("abc"));
    }

    #[test]
    fn v2_is_unsupported_with_a_clear_message() {
        let e = read(json!({
            "apiVersion": "dashboard.grafana.app/v2beta1", "kind": "Dashboard",
            "metadata": {"name": "abc"}, "spec": {"elements": {}, "layout": {}}
        }))
        .unwrap_err();
        assert!(
            e.message
                .starts_with("unsupported: dashboard.grafana.app/v2beta1"),
            "{e}"
        );
    }

    #[test]
    fn non_dashboard_names_the_file_and_what_was_expected() {
        let e = read(json!({"foo": 1})).unwrap_err();
        assert_eq!(e.input, "t.json");
        assert!(e.message.contains("not a dashboard or rule file"), "{e}");
        let e = read(json!([1])).unwrap_err();
        assert!(e.message.contains("found an array"), "{e}");
    }

    #[test]
    fn bad_json_has_line_and_column() {
        let e = parse_json("t.json", "{\n  \"a\": ,\n}").unwrap_err();
        assert_eq!(e.position, Some((2, 8)));
        assert!(e.to_string().starts_with("t.json:2:8: not valid JSON"));
    }

    #[test]
    fn classifies_rule_documents() {
        assert_eq!(
            classify(&json!({"groups": [{"name": "g", "rules": []}]})),
            Some(DocumentKind::RuleFile)
        );
        assert_eq!(
            classify(
                &json!({"apiVersion": 1, "groups": [{"name": "g", "folder": "f", "rules": []}]})
            ),
            Some(DocumentKind::GrafanaAlerting)
        );
        assert_eq!(
            classify(&json!({"apiVersion": "monitoring.coreos.com/v1", "kind": "PrometheusRule"})),
            Some(DocumentKind::PrometheusRule)
        );
    }
}
