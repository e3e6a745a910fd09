//! "Export for sharing externally": what Grafana's import dialog would resolve.
//!
//! Such an export carries `__inputs` (datasources as `${DS_…}` placeholders, constants as
//! `${VAR_…}`), `__requires` (plugin versions) and `__elements` (library panel models, panels
//! refer to them by `libraryPanel.uid`). Datasource placeholders stay: they are mapped to
//! logical datasources later. Constants are substituted as the import dialog does (every string
//! of the model), library panels are inlined (file provisioning cannot create them), and the
//! three `__` keys are dropped.

use serde_json::{Map, Value};

use super::input::DatasourceInput;

/// The outcome of resolving an external export.
#[derive(Debug, Clone, PartialEq)]
pub struct Resolved {
    /// The dashboard without `__inputs` / `__requires` / `__elements`.
    pub dashboard: Map<String, Value>,
    /// Whether any of the `__` keys was present.
    pub external: bool,
    /// How many panels were inlined from `__elements`.
    pub library_panels: usize,
    /// The datasource inputs, in their order.
    pub datasource_inputs: Vec<DatasourceInput>,
}

/// Resolves the external-export parts of a dashboard (a no-op for other dashboards).
pub fn resolve(mut dashboard: Map<String, Value>) -> Resolved {
    let inputs = dashboard.shift_remove("__inputs");
    let requires = dashboard.shift_remove("__requires");
    let elements = dashboard.shift_remove("__elements");
    let external = inputs.is_some() || requires.is_some() || elements.is_some();

    let mut datasource_inputs = Vec::new();
    let mut constants = Vec::new();
    for input in inputs
        .as_ref()
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let field = |k: &str| {
            input
                .get(k)
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_string()
        };
        let name = field("name");
        if name.is_empty() {
            continue;
        }
        match input.get("type").and_then(Value::as_str) {
            Some("datasource") => datasource_inputs.push(DatasourceInput {
                plugin_id: field("pluginId"),
                label: field("label"),
                name,
            }),
            Some("constant") => {
                if let Some(value) = input.get("value").and_then(Value::as_str) {
                    constants.push((format!("${{{name}}}"), value.to_string()));
                }
            }
            _ => {}
        }
    }

    let mut library_panels = 0;
    if let Some(Value::Object(elements)) = &elements
        && let Some(Value::Array(panels)) = dashboard.get_mut("panels")
    {
        inline_library_panels(panels, elements, &mut library_panels);
    }
    if !constants.is_empty() {
        dashboard
            .values_mut()
            .for_each(|v| substitute(v, &constants));
    }
    Resolved {
        dashboard,
        external,
        library_panels,
        datasource_inputs,
    }
}

/// Replaces panels that reference a bundled library panel by its model (keeping the
/// reference's `id` and `gridPos`), also inside collapsed rows.
fn inline_library_panels(panels: &mut [Value], elements: &Map<String, Value>, count: &mut usize) {
    for panel in panels.iter_mut() {
        let Some(obj) = panel.as_object_mut() else {
            continue;
        };
        if let Some(Value::Array(children)) = obj.get_mut("panels") {
            inline_library_panels(children, elements, count);
        }
        let uid = obj
            .get("libraryPanel")
            .and_then(|l| l.get("uid"))
            .and_then(Value::as_str);
        let Some(Value::Object(model)) = uid
            .and_then(|uid| elements.get(uid))
            .and_then(|e| e.get("model"))
        else {
            continue;
        };
        let mut inlined = model.clone();
        inlined.shift_remove("libraryPanel");
        for key in ["id", "gridPos"] {
            if let Some(v) = obj.get(key) {
                inlined.insert(key.to_string(), v.clone());
            }
        }
        *obj = inlined;
        *count += 1;
    }
}

/// Substitutes `${VAR_…}` constants in every string of the model.
fn substitute(v: &mut Value, constants: &[(String, String)]) {
    match v {
        Value::String(s) => {
            for (placeholder, value) in constants {
                if s.contains(placeholder.as_str()) {
                    *s = s.replace(placeholder.as_str(), value);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|i| substitute(i, constants)),
        Value::Object(map) => map.values_mut().for_each(|i| substitute(i, constants)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn obj(v: Value) -> Map<String, Value> {
        v.as_object().cloned().unwrap()
    }

    #[test]
    fn drops_dunder_keys_and_collects_datasource_inputs() {
        let r = resolve(obj(json!({
            "__inputs": [
                {"name": "DS_PROM", "label": "Prom", "type": "datasource", "pluginId": "prometheus"},
                {"name": "VAR_ENV", "type": "constant", "value": "prod"}
            ],
            "__requires": [{"type": "grafana", "id": "grafana", "version": "11.0.0"}],
            "title": "X",
            "templating": {"list": [{"name": "env", "type": "constant", "query": "${VAR_ENV}"}]},
            "panels": [{"datasource": {"type": "prometheus", "uid": "${DS_PROM}"}}]
        })));
        assert!(r.external);
        assert_eq!(
            r.datasource_inputs,
            vec![DatasourceInput {
                name: "DS_PROM".into(),
                plugin_id: "prometheus".into(),
                label: "Prom".into()
            }]
        );
        assert!(!r.dashboard.contains_key("__inputs") && !r.dashboard.contains_key("__requires"));
        assert_eq!(r.dashboard["templating"]["list"][0]["query"], json!("prod"));
        // Datasource placeholders stay for the datasource mapping.
        assert_eq!(
            r.dashboard["panels"][0]["datasource"]["uid"],
            json!("${DS_PROM}")
        );
    }

    #[test]
    fn inlines_library_panels_inside_collapsed_rows() {
        let r = resolve(obj(json!({
            "__elements": {"lp1": {"name": "CPU", "uid": "lp1", "kind": 1,
                "model": {"type": "stat", "title": "CPU", "libraryPanel": {"uid": "lp1"}}}},
            "panels": [{"type": "row", "collapsed": true, "panels": [
                {"id": 7, "gridPos": {"x": 0, "y": 1, "w": 6, "h": 4},
                 "libraryPanel": {"uid": "lp1", "name": "CPU"}},
                {"id": 8, "libraryPanel": {"uid": "missing"}}
            ]}]
        })));
        assert_eq!(r.library_panels, 1);
        let p = &r.dashboard["panels"][0]["panels"];
        assert_eq!(
            p[0],
            json!({"type": "stat", "title": "CPU", "id": 7, "gridPos": {"x": 0, "y": 1, "w": 6, "h": 4}})
        );
        // An element that is not bundled stays a reference (kept, not lost).
        assert_eq!(p[1]["libraryPanel"]["uid"], json!("missing"));
    }

    #[test]
    fn plain_dashboard_is_untouched() {
        let d = obj(json!({"title": "X", "panels": []}));
        let r = resolve(d.clone());
        assert!(!r.external);
        assert_eq!(r.dashboard, d);
    }
}
