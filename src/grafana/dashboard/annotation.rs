//! Annotation queries (`annotations.list`) and dashboard links (`links`).

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::{DataSourceRef, Extra};
use crate::grafana::enums::str_enum;

/// The `annotations` object.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Annotations {
    /// The annotation queries.
    #[serde(default)]
    pub list: Vec<AnnotationQuery>,
    /// Unknown fields, kept.
    #[serde(flatten)]
    pub extra: Extra,
}

/// One annotation query.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AnnotationQuery {
    /// `1` for Grafana's built-in "Annotations & Alerts".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub built_in: Option<u8>,
    /// Datasource queried.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub datasource: Option<DataSourceRef>,
    /// Shown by default.
    #[serde(default = "yes")]
    pub enable: bool,
    /// Hidden from the dashboard's annotation toggles.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hide: Option<bool>,
    /// Marker colour.
    #[serde(default)]
    pub icon_color: String,
    /// Display name.
    #[serde(default)]
    pub name: String,
    /// Kind (`dashboard` for the built-in; `tags` for tag queries).
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// Query expression (Prometheus/Loki annotation queries).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expr: Option<String>,
    /// Datasource query (newer annotation editors).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<Value>,
    /// Panel filter.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub filter: Option<Value>,
    /// Unknown fields (`titleFormat`, `tagKeys`, `step`, …), kept.
    #[serde(flatten)]
    pub extra: Extra,
}

fn yes() -> bool {
    true
}

impl AnnotationQuery {
    /// Grafana's built-in "Annotations & Alerts" entry, exactly as current Grafana exports it.
    pub fn grafana_builtin() -> Self {
        AnnotationQuery {
            built_in: Some(1),
            datasource: Some(DataSourceRef::new("grafana", "-- Grafana --")),
            enable: true,
            hide: Some(true),
            icon_color: "rgba(0, 211, 255, 1)".into(),
            name: "Annotations & Alerts".into(),
            kind: Some("dashboard".into()),
            expr: None,
            target: None,
            filter: None,
            extra: Extra::new(),
        }
    }

    /// An annotation from a query expression (Prometheus or Loki) on `datasource`.
    pub fn query(
        name: impl Into<String>,
        datasource: DataSourceRef,
        expr: impl Into<String>,
    ) -> Self {
        AnnotationQuery {
            built_in: None,
            datasource: Some(datasource),
            enable: true,
            hide: None,
            icon_color: "red".into(),
            name: name.into(),
            kind: None,
            expr: Some(expr.into()),
            target: None,
            filter: None,
            extra: Extra::new(),
        }
    }

    /// Sets the marker colour.
    pub fn icon_color(mut self, color: impl Into<String>) -> Self {
        self.icon_color = color.into();
        self
    }

    /// Sets whether it is on by default.
    pub fn enable(mut self, on: bool) -> Self {
        self.enable = on;
        self
    }

    /// Sets an extra field (`titleFormat`, `tagKeys`, `textFormat`, `step`, …).
    pub fn extra(mut self, key: impl Into<String>, value: Value) -> Self {
        self.extra.insert(key.into(), value);
        self
    }
}

str_enum! {
    /// What a dashboard link points at.
    LinkType {
        /// A URL.
        Link => "link",
        /// Dashboards with given tags.
        Dashboards => "dashboards",
    }
}

fn link() -> LinkType {
    LinkType::Link
}

/// A link in the dashboard header.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DashboardLink {
    /// Link text.
    #[serde(default)]
    pub title: String,
    /// `link` or `dashboards`.
    #[serde(default = "link", rename = "type")]
    pub kind: LinkType,
    /// Icon (`external link`, `dashboard`, …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub icon: Option<String>,
    /// Tooltip.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tooltip: Option<String>,
    /// Target URL (for `link`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Dashboard tags (for `dashboards`).
    #[serde(default)]
    pub tags: Vec<String>,
    /// Show matching dashboards as a dropdown.
    #[serde(default)]
    pub as_dropdown: bool,
    /// Open in a new tab.
    #[serde(default)]
    pub target_blank: bool,
    /// Pass the current variable values.
    #[serde(default)]
    pub include_vars: bool,
    /// Pass the current time range.
    #[serde(default)]
    pub keep_time: bool,
    /// Unknown fields, kept.
    #[serde(flatten)]
    pub extra: Extra,
}

impl DashboardLink {
    /// A link to a URL.
    pub fn url(title: impl Into<String>, url: impl Into<String>) -> Self {
        DashboardLink {
            title: title.into(),
            kind: LinkType::Link,
            icon: Some("external link".into()),
            tooltip: None,
            url: Some(url.into()),
            tags: Vec::new(),
            as_dropdown: false,
            target_blank: false,
            include_vars: false,
            keep_time: false,
            extra: Extra::new(),
        }
    }

    /// Links to every dashboard carrying all of `tags`.
    pub fn dashboards(
        title: impl Into<String>,
        tags: impl IntoIterator<Item = impl Into<String>>,
    ) -> Self {
        DashboardLink {
            title: title.into(),
            kind: LinkType::Dashboards,
            icon: Some("external link".into()),
            tooltip: None,
            url: None,
            tags: tags.into_iter().map(Into::into).collect(),
            as_dropdown: false,
            target_blank: false,
            include_vars: false,
            keep_time: false,
            extra: Extra::new(),
        }
    }

    /// Shows the dashboards as a dropdown.
    pub fn as_dropdown(mut self, on: bool) -> Self {
        self.as_dropdown = on;
        self
    }

    /// Opens in a new tab.
    pub fn target_blank(mut self, on: bool) -> Self {
        self.target_blank = on;
        self
    }

    /// Passes the variables along.
    pub fn include_vars(mut self, on: bool) -> Self {
        self.include_vars = on;
        self
    }

    /// Passes the time range along.
    pub fn keep_time(mut self, on: bool) -> Self {
        self.keep_time = on;
        self
    }

    /// Sets the tooltip.
    pub fn tooltip(mut self, text: impl Into<String>) -> Self {
        self.tooltip = Some(text.into());
        self
    }
}
