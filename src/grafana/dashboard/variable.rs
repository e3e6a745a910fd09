//! Template variables (`templating.list`): query, custom, datasource, interval, constant,
//! textbox, adhoc — one struct with the union of their Grafana fields, and one constructor per
//! kind that sets the fields that kind needs.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::{DataSourceRef, Extra};
use crate::grafana::enums::{int_enum, str_enum};

str_enum! {
    /// Variable kind (`type`).
    VariableKind {
        /// Values from a datasource query.
        Query => "query",
        /// A fixed comma-separated list.
        Custom => "custom",
        /// Choice of datasources of a plugin type.
        Datasource => "datasource",
        /// Time intervals.
        Interval => "interval",
        /// A hidden constant.
        Constant => "constant",
        /// Free text.
        Textbox => "textbox",
        /// Ad hoc filters.
        Adhoc => "adhoc",
        /// Group-by keys (newer Grafana).
        Groupby => "groupby",
    }
}

int_enum! {
    /// Visibility of a variable (`hide`).
    VariableHide {
        /// Label and value shown.
        Show => 0,
        /// Value shown, label hidden.
        HideLabel => 1,
        /// Not shown.
        HideVariable => 2,
    }
}

int_enum! {
    /// When a query variable reloads its values (`refresh`).
    VariableRefresh {
        /// Never (values stored in the dashboard).
        Never => 0,
        /// On dashboard load.
        OnLoad => 1,
        /// On time range change.
        OnTimeRangeChange => 2,
    }
}

/// The selected value of a variable (`current`). `text`/`value` are strings, or arrays for
/// multi-value variables.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VariableCurrent {
    /// Marked as selected.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub selected: Option<bool>,
    /// Display text.
    #[serde(default)]
    pub text: Value,
    /// Value.
    #[serde(default)]
    pub value: Value,
    /// Unknown fields, kept.
    #[serde(flatten)]
    pub extra: Extra,
}

impl VariableCurrent {
    /// A single selected value shown as itself.
    pub fn single(value: impl Into<String>) -> Self {
        let v = value.into();
        VariableCurrent {
            selected: None,
            text: Value::from(v.clone()),
            value: Value::from(v),
            extra: Extra::new(),
        }
    }
}

/// The `templating` object.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Templating {
    /// The variables, in display order.
    #[serde(default)]
    pub list: Vec<Variable>,
    /// Unknown fields, kept.
    #[serde(flatten)]
    pub extra: Extra,
}

/// A template variable.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Variable {
    /// Kind.
    #[serde(rename = "type")]
    pub kind: VariableKind,
    /// Name, referenced as `$name` / `${name}`.
    pub name: String,
    /// Label shown instead of the name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// Description (tooltip).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Visibility.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hide: Option<VariableHide>,
    /// Keep the value out of the URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub skip_url_sync: Option<bool>,
    /// Datasource (query, adhoc).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub datasource: Option<DataSourceRef>,
    /// The query: a string (PromQL `label_values(...)`, csv list, plugin id, value) or a
    /// plugin query object.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub query: Option<Value>,
    /// Display form of the query.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub definition: Option<String>,
    /// Regex filtering/capturing values.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub regex: Option<String>,
    /// When values reload.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refresh: Option<VariableRefresh>,
    /// Sort order of values, 0 (none) … 8.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sort: Option<u8>,
    /// Multiple values may be selected.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub multi: Option<bool>,
    /// Offer "All".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub include_all: Option<bool>,
    /// Value of "All" (e.g. `.*`), instead of the list of all values.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub all_value: Option<String>,
    /// Selected value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub current: Option<VariableCurrent>,
    /// Stored options (custom, interval; `[]` for query variables).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub options: Option<Vec<Value>>,
    /// Interval: offer `auto`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub auto: Option<bool>,
    /// Interval: number of steps `auto` aims for.
    #[serde(
        default,
        rename = "auto_count",
        skip_serializing_if = "Option::is_none"
    )]
    pub auto_count: Option<u32>,
    /// Interval: smallest `auto` interval.
    #[serde(default, rename = "auto_min", skip_serializing_if = "Option::is_none")]
    pub auto_min: Option<String>,
    /// Adhoc: initial filters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub filters: Option<Vec<Value>>,
    /// Unknown fields, kept.
    #[serde(flatten)]
    pub extra: Extra,
}

impl Variable {
    fn new(kind: VariableKind, name: impl Into<String>) -> Self {
        Variable {
            kind,
            name: name.into(),
            label: None,
            description: None,
            hide: None,
            skip_url_sync: None,
            datasource: None,
            query: None,
            definition: None,
            regex: None,
            refresh: None,
            sort: None,
            multi: None,
            include_all: None,
            all_value: None,
            current: None,
            options: None,
            auto: None,
            auto_count: None,
            auto_min: None,
            filters: None,
            extra: Extra::new(),
        }
    }

    /// A query variable (e.g. `label_values(up, job)`), refreshed on time-range change.
    pub fn query(
        name: impl Into<String>,
        datasource: DataSourceRef,
        query: impl Into<String>,
    ) -> Self {
        let q = query.into();
        Variable {
            datasource: Some(datasource),
            definition: Some(q.clone()),
            query: Some(Value::from(q)),
            refresh: Some(VariableRefresh::OnTimeRangeChange),
            options: Some(Vec::new()),
            ..Self::new(VariableKind::Query, name)
        }
    }

    /// A custom variable from a list of values (written comma-separated, as Grafana does).
    pub fn custom(
        name: impl Into<String>,
        values: impl IntoIterator<Item = impl Into<String>>,
    ) -> Self {
        let values: Vec<String> = values.into_iter().map(Into::into).collect();
        let current = values.first().map(|v| VariableCurrent::single(v.clone()));
        let options = values
            .iter()
            .enumerate()
            .map(|(i, v)| serde_json::json!({"selected": i == 0, "text": v, "value": v}))
            .collect();
        Variable {
            query: Some(Value::from(values.join(","))),
            current,
            options: Some(options),
            ..Self::new(VariableKind::Custom, name)
        }
    }

    /// A datasource variable choosing among datasources of `plugin` (e.g. `prometheus`).
    pub fn datasource(name: impl Into<String>, plugin: impl Into<String>) -> Self {
        Variable {
            query: Some(Value::from(plugin.into())),
            refresh: Some(VariableRefresh::OnLoad),
            regex: Some(String::new()),
            ..Self::new(VariableKind::Datasource, name)
        }
    }

    /// An interval variable over `intervals` (`1m`, `5m`, …).
    pub fn interval(
        name: impl Into<String>,
        intervals: impl IntoIterator<Item = impl Into<String>>,
    ) -> Self {
        let values: Vec<String> = intervals.into_iter().map(Into::into).collect();
        let current = values.first().map(|v| VariableCurrent::single(v.clone()));
        let options = values
            .iter()
            .enumerate()
            .map(|(i, v)| serde_json::json!({"selected": i == 0, "text": v, "value": v}))
            .collect();
        Variable {
            query: Some(Value::from(values.join(","))),
            refresh: Some(VariableRefresh::OnTimeRangeChange),
            current,
            options: Some(options),
            ..Self::new(VariableKind::Interval, name)
        }
    }

    /// A constant (hidden) variable.
    pub fn constant(name: impl Into<String>, value: impl Into<String>) -> Self {
        let v = value.into();
        Variable {
            hide: Some(VariableHide::HideVariable),
            current: Some(VariableCurrent::single(v.clone())),
            query: Some(Value::from(v)),
            ..Self::new(VariableKind::Constant, name)
        }
    }

    /// A free-text variable with a default value.
    pub fn textbox(name: impl Into<String>, default: impl Into<String>) -> Self {
        let v = default.into();
        Variable {
            current: Some(VariableCurrent::single(v.clone())),
            query: Some(Value::from(v)),
            ..Self::new(VariableKind::Textbox, name)
        }
    }

    /// Ad hoc filters on `datasource`.
    pub fn adhoc(name: impl Into<String>, datasource: DataSourceRef) -> Self {
        Variable {
            datasource: Some(datasource),
            filters: Some(Vec::new()),
            ..Self::new(VariableKind::Adhoc, name)
        }
    }

    /// Sets the label.
    pub fn label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }

    /// Sets the description.
    pub fn description(mut self, text: impl Into<String>) -> Self {
        self.description = Some(text.into());
        self
    }

    /// Sets visibility.
    pub fn hide(mut self, hide: VariableHide) -> Self {
        self.hide = Some(hide);
        self
    }

    /// Allows multiple values.
    pub fn multi(mut self, on: bool) -> Self {
        self.multi = Some(on);
        self
    }

    /// Offers "All", optionally with a custom all-value (e.g. `.*`).
    pub fn include_all(mut self, all_value: Option<&str>) -> Self {
        self.include_all = Some(true);
        self.all_value = all_value.map(str::to_string);
        self
    }

    /// Sets the regex.
    pub fn regex(mut self, regex: impl Into<String>) -> Self {
        self.regex = Some(regex.into());
        self
    }

    /// Sets the sort order (0 none, 1 alphabetical asc, 2 desc, 3 numerical asc, …).
    pub fn sort(mut self, sort: u8) -> Self {
        self.sort = Some(sort);
        self
    }

    /// Sets when values reload.
    pub fn refresh(mut self, refresh: VariableRefresh) -> Self {
        self.refresh = Some(refresh);
        self
    }

    /// Sets the current value.
    pub fn current(mut self, current: VariableCurrent) -> Self {
        self.current = Some(current);
        self
    }

    /// Sets an extra field not covered by the typed model.
    pub fn extra(mut self, key: impl Into<String>, value: Value) -> Self {
        self.extra.insert(key.into(), value);
        self
    }
}
