//! Options of Grafana's list panels, which run no queries: the dashboard list
//! (`plugin: dashlist` with `dashlist:`, Grafana's
//! `public/app/plugins/panel/dashlist/panelcfg.cue`) and the alert list
//! (`plugin: alertlist` with `alertlist:`, `public/app/plugins/panel/alertlist/types.ts`).

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Dashboard list options.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct DashlistOptions {
    /// Starred dashboards (default true).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub show_starred: Option<bool>,
    /// Recently viewed dashboards (default false).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub show_recently_viewed: Option<bool>,
    /// Dashboards found by `query`, `tags` and the folder (default false).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub show_search: Option<bool>,
    /// Section headings (default true).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub show_headings: Option<bool>,
    /// Folder names next to the dashboards (default true).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub show_folder_names: Option<bool>,
    /// Dashboards per section (default 10).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_items: Option<u32>,
    /// Search text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub query: Option<String>,
    /// Search tags.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tags: Option<Vec<String>>,
    /// Search in this folder (by uid).
    #[serde(default, rename = "folderUID", skip_serializing_if = "Option::is_none")]
    pub folder_uid: Option<String>,
    /// Search in this folder (by numeric id; Grafana turns it into `folderUID` on load).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub folder_id: Option<i64>,
    /// Links keep the time range (default false).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub keep_time: Option<bool>,
    /// Links carry the variables (default false).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub include_vars: Option<bool>,
}

/// Alert list options (Grafana-managed alerts).
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct AlertlistOptions {
    /// `list` or `stat` (a count).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub view_mode: Option<String>,
    /// `default` (by rule) or `custom` (by `groupBy` labels).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group_mode: Option<String>,
    /// Labels to group by (`custom` group mode).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group_by: Option<Vec<String>>,
    /// Alerts shown at most.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_items: Option<u32>,
    /// Grafana's sort code: 1 alphabetical, 2 reverse, 3 importance, 4 time, 5 reverse time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sort_order: Option<u32>,
    /// Only alerts of this dashboard.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dashboard_alerts: Option<bool>,
    /// Only rules whose name contains this.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alert_name: Option<String>,
    /// Only instances matching this label matcher (`{job="api"}`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alert_instance_label_filter: Option<String>,
    /// Only rules of this datasource: its name (as the editor saves it) or a reference.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub datasource: Option<AlertDatasource>,
    /// Only rules in this folder.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub folder: Option<AlertFolder>,
    /// Show rules without firing instances (older versions).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub show_inactive_alerts: Option<bool>,
    /// Which alert states are listed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state_filter: Option<AlertStateFilter>,
}

/// The datasource filter of the alert list.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(untagged)]
pub enum AlertDatasource {
    /// By name (`-- Grafana --` for Grafana-managed rules).
    Name(String),
    /// By reference.
    Ref(AlertDatasourceRef),
}

/// A datasource reference (`{type, uid}`) as Grafana saves it.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct AlertDatasourceRef {
    /// Plugin type (`prometheus`).
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// Datasource uid.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uid: Option<String>,
}

/// A folder of the alert list.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct AlertFolder {
    /// Folder uid.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uid: Option<String>,
    /// Folder title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Numeric folder id (older versions).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<i64>,
}

/// Alert states listed by the alert list.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct AlertStateFilter {
    /// Firing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub firing: Option<bool>,
    /// Pending.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pending: Option<bool>,
    /// Recovering.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recovering: Option<bool>,
    /// No data.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub no_data: Option<bool>,
    /// Normal.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub normal: Option<bool>,
    /// Error.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<bool>,
    /// Inactive (older versions).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub inactive: Option<bool>,
}
