//! Dashboards: source → Grafana dashboard JSON (typed as `grafana::dashboard::Dashboard`),
//! with every query recorded for checks.

use std::sync::Arc;

use serde_json::{Map, Value, json};

use super::Ctx;
use super::datasource::{DsRef, find_key};
use super::json::{merge_patch, put};
use super::layout::{Cursor, DEFAULT_HEIGHT, DEFAULT_WIDTH};
use super::origin::text_origin;
use super::uid;
use crate::diag::Diagnostic;
use crate::model::{DashboardObject, Origin, Query};
use crate::query::Lang;
use crate::source::de::{Spanned, from_node};
use crate::source::format::{
    DashboardSpec, LegendOrFormat, PanelSpec, PanelType, Row, SharedTooltip, TemplateKind, UseSite,
    VariableType,
};
use crate::source::load::de_diagnostic;
use crate::source::template::instantiate;
use crate::source::{Doc, SourceFile};

/// Deepest nesting of templates using templates.
const MAX_TEMPLATE_DEPTH: usize = 8;

/// A value and the file its spans point into.
struct InFile<T> {
    file: Arc<SourceFile>,
    value: T,
}

/// Builds one dashboard, or reports why not.
pub fn compile(ctx: &mut Ctx<'_>, doc: &Doc<DashboardSpec>) -> Option<DashboardObject> {
    let spec = resolve_dashboard(ctx, &doc.file, &doc.value)?;
    let file = &spec.file;
    let spec = &spec.value;
    let Some(title) = spec.title.clone() else {
        ctx.diagnostics.push(
            Diagnostic::error("source/missing-key", "a dashboard needs a `title`")
                .at(&doc.file, doc.root.span.start..doc.root.span.start),
        );
        return None;
    };
    let uid = match &spec.uid {
        Some(u) if !uid::is_valid(&u.value) => {
            ctx.diagnostics.push(
                Diagnostic::error("source/uid", format!("invalid dashboard UID `{}`", u.value))
                    .at(file, u.span.clone())
                    .with_help("a UID is 1–40 of A–Z, a–z, 0–9, `-` and `_`"),
            );
            return None;
        }
        Some(u) => u.value.clone(),
        None => uid::derive(&[ctx.team, &doc.stem()]),
    };
    let mut b = Builder {
        ctx,
        queries: Vec::new(),
        next_id: 1,
        dash_ds: spec.datasource.clone(),
        dash_file: Arc::clone(file),
        variables: spec
            .variables
            .iter()
            .filter(|v| v.value.kind == VariableType::Datasource)
            .map(|v| {
                (
                    v.value.name.value.clone(),
                    v.value
                        .query
                        .as_ref()
                        .map(|q| q.value.clone())
                        .unwrap_or_default(),
                )
            })
            .collect(),
    };
    let variables = b.variables_json(file, spec);
    let annotations = b.annotations_json(file, spec);
    let panels = b.panels_json(file, spec);
    let queries = std::mem::take(&mut b.queries);
    let mut dash = json!({
        "id": null,
        "uid": uid,
        "title": title.value,
        "tags": spec.tags,
        "timezone": spec.timezone.clone().unwrap_or_else(|| "browser".into()),
        "editable": spec.editable.unwrap_or(true),
        "graphTooltip": match spec.shared { Some(SharedTooltip::Crosshair) => 1, Some(SharedTooltip::Tooltip) => 2, _ => 0 },
        "time": spec.time.as_ref().map_or(json!({"from": "now-6h", "to": "now"}), |t| json!({"from": t.from, "to": t.to})),
        "timepicker": if spec.refresh_intervals.is_empty() { json!({}) } else { json!({"refresh_intervals": spec.refresh_intervals}) },
        "refresh": spec.refresh.clone().unwrap_or_default(),
        "schemaVersion": spec.schema_version.unwrap_or(b.ctx.schema_version),
        "fiscalYearStartMonth": 0,
        "panels": panels,
        "templating": {"list": variables},
        "annotations": {"list": annotations},
        "links": spec.links.iter().map(link_json).collect::<Vec<_>>(),
    });
    if let (Some(d), Value::Object(m)) = (&spec.description, &mut dash) {
        m.insert("description".into(), d.clone().into());
    }
    if let Some(raw) = &spec.raw {
        merge_patch(&mut dash, raw);
    }
    let dashboard = match serde_json::from_value(dash) {
        Ok(d) => d,
        Err(e) => {
            b.ctx.diagnostics.push(
                Diagnostic::error(
                    "source/invalid",
                    format!("not a valid Grafana dashboard: {e}"),
                )
                .at(&doc.file, doc.root.span.start..doc.root.span.start)
                .with_help("check the `raw:` fields of this dashboard"),
            );
            return None;
        }
    };
    Some(DashboardObject {
        team: b.ctx.team.to_owned(),
        folder: b.ctx.folder.to_owned(),
        origin: Origin {
            file: Arc::clone(&doc.file),
            span: spec
                .uid
                .as_ref()
                .map_or(doc.root.span.start..doc.root.span.start, |u| u.span.clone()),
        },
        dashboard,
        queries,
    })
    .map(|mut d| {
        // Point duplicate-UID errors at the uid key of the using file, not of a template.
        if spec.uid.is_some() && !Arc::ptr_eq(file, &doc.file) {
            d.origin.span = doc.value.uid.as_ref().map_or(0..0, |u| u.span.clone());
        }
        d
    })
}

/// A dashboard file, with a dashboard template instantiated and its overrides applied.
fn resolve_dashboard(
    ctx: &mut Ctx<'_>,
    file: &Arc<SourceFile>,
    spec: &DashboardSpec,
) -> Option<InFile<DashboardSpec>> {
    let Some(name) = &spec.use_template else {
        return Some(InFile {
            file: Arc::clone(file),
            value: spec.clone(),
        });
    };
    let (inst_file, mut inst): (_, DashboardSpec) =
        ctx.instantiate(TemplateKind::Dashboard, name, &spec.with, file, 0)?;
    if spec.uid.is_some() {
        inst.uid = spec.uid.clone();
    }
    if spec.title.is_some() {
        inst.title = spec.title.clone();
    }
    if !spec.tags.is_empty() {
        inst.tags = spec.tags.clone();
    }
    Some(InFile {
        file: inst_file,
        value: inst,
    })
}

impl Ctx<'_> {
    /// Renders a template of `kind` used at `name` in `file` and reads it as `T`.
    pub(super) fn instantiate<T: serde::de::DeserializeOwned>(
        &mut self,
        kind: TemplateKind,
        name: &Spanned<String>,
        with: &Option<Spanned<Value>>,
        file: &Arc<SourceFile>,
        depth: usize,
    ) -> Option<(Arc<SourceFile>, T)> {
        if depth >= MAX_TEMPLATE_DEPTH {
            self.diagnostics.push(
                Diagnostic::error("source/template", "templates nest too deeply")
                    .at(file, name.span.clone()),
            );
            return None;
        }
        let Some(template) = self.templates.get(&name.value) else {
            let names: Vec<&str> = self.templates.keys().map(String::as_str).collect();
            self.diagnostics.push(
                Diagnostic::error(
                    "source/template",
                    format!("unknown template `{}`", name.value),
                )
                .at(file, name.span.clone())
                .with_help(crate::source::de::suggest_help(
                    &name.value,
                    &names,
                    "templates",
                )),
            );
            return None;
        };
        let site = UseSite {
            name: name.clone(),
            with: with.clone(),
        };
        match instantiate(template, kind, &site, file) {
            Ok(inst) => match from_node::<T>(&inst.node) {
                Ok(v) => Some((inst.file, v)),
                Err(e) => {
                    let at = file.line_col(name.span.start);
                    let d = de_diagnostic(&inst.file, &inst.node, e);
                    let help = format!(
                        "{}in template `{}` instantiated at {}:{}:{}",
                        d.help
                            .as_ref()
                            .map(|h| format!("{h}; "))
                            .unwrap_or_default(),
                        name.value,
                        file.path().display(),
                        at.line,
                        at.column
                    );
                    self.diagnostics.push(d.with_help(help));
                    None
                }
            },
            Err(d) => {
                self.diagnostics.push(d);
                None
            }
        }
    }
}

struct Builder<'c, 'a> {
    ctx: &'c mut Ctx<'a>,
    queries: Vec<Query>,
    next_id: u32,
    dash_ds: Option<Spanned<String>>,
    dash_file: Arc<SourceFile>,
    /// Datasource variables: name → plugin id.
    variables: Vec<(String, String)>,
}

/// What a query runs on.
struct Target {
    ds: DsRef,
}

impl Builder<'_, '_> {
    /// The datasource of a query: its own, the panel's, else the dashboard's.
    fn datasource(
        &mut self,
        file: &Arc<SourceFile>,
        own: Option<&Spanned<String>>,
        at: &std::ops::Range<usize>,
    ) -> Option<Target> {
        let (name, name_file) = match own {
            Some(n) => (n.clone(), Arc::clone(file)),
            None => match &self.dash_ds {
                Some(n) => (n.clone(), Arc::clone(&self.dash_file)),
                None => {
                    self.ctx.diagnostics.push(
                        Diagnostic::error(
                            "source/datasource-unknown",
                            "no datasource for this query",
                        )
                        .at(file, at.clone())
                        .with_help("set `datasource:` on the query, the panel or the dashboard"),
                    );
                    return None;
                }
            },
        };
        if let Some(var) = name.value.strip_prefix('$') {
            let var = var.trim_matches(['{', '}']);
            let kind = self
                .variables
                .iter()
                .find(|(n, _)| n == var)
                .map(|(_, k)| k.clone());
            let Some(kind) = kind else {
                self.ctx.diagnostics.push(
                    Diagnostic::error(
                        "source/datasource-unknown",
                        format!(
                            "`{}` is not a datasource variable of this dashboard",
                            name.value
                        ),
                    )
                    .at(&name_file, name.span.clone()),
                );
                return None;
            };
            return Some(Target {
                ds: DsRef {
                    uid: format!("${{{var}}}"),
                    kind,
                    json_data: Map::new(),
                },
            });
        }
        match self.ctx.registry.resolve(self.ctx.scope, &name, &name_file) {
            Ok(ds) => Some(Target { ds }),
            Err(d) => {
                self.ctx.diagnostics.push(d);
                None
            }
        }
    }

    fn record(&mut self, file: &Arc<SourceFile>, expr: &Spanned<String>, ds: &DsRef, path: String) {
        self.queries.push(Query {
            lang: lang_of(&ds.kind),
            expr: expr.value.clone(),
            datasource: Some(ds.uid.clone()),
            origin: text_origin(file, expr),
            path,
        });
    }

    /// Variable queries are Grafana functions (`label_values(sel, label)`,
    /// `query_result(expr)`); the PromQL/LogQL inside them is recorded, at its own offset.
    fn record_variable_query(
        &mut self,
        file: &Arc<SourceFile>,
        q: &Spanned<String>,
        ds: &DsRef,
        i: usize,
    ) {
        let Some((start, inner)) = variable_query_expr(&q.value) else {
            return;
        };
        let full = text_origin(file, q);
        self.queries.push(Query {
            lang: lang_of(&ds.kind),
            expr: inner.to_owned(),
            datasource: Some(ds.uid.clone()),
            origin: sub_origin(&full, start),
            path: format!("templating.list[{i}].query"),
        });
    }

    fn variables_json(&mut self, file: &Arc<SourceFile>, spec: &DashboardSpec) -> Vec<Value> {
        let mut out = Vec::new();
        for (i, v) in spec.variables.iter().enumerate() {
            let v = &v.value;
            let mut m = Map::new();
            m.insert("name".into(), v.name.value.clone().into());
            let kind = match v.kind {
                VariableType::Query => "query",
                VariableType::Custom => "custom",
                VariableType::Datasource => "datasource",
                VariableType::Interval => "interval",
                VariableType::Constant => "constant",
                VariableType::Textbox => "textbox",
                VariableType::Adhoc => "adhoc",
            };
            m.insert("type".into(), kind.into());
            put(&mut m, "label", v.label.clone());
            put(&mut m, "description", v.description.clone());
            let hide = match v.hide.as_deref() {
                Some("label") => 1,
                Some("variable") => 2,
                _ if v.kind == VariableType::Constant => 2,
                _ => 0,
            };
            m.insert("hide".into(), hide.into());
            match v.kind {
                VariableType::Query | VariableType::Adhoc => {
                    if let Some(t) = self.datasource(file, v.datasource.as_ref(), &v.name.span) {
                        m.insert(
                            "datasource".into(),
                            json!({"type": t.ds.kind, "uid": t.ds.uid}),
                        );
                        if let (VariableType::Query, Some(q)) = (v.kind, &v.query) {
                            self.record_variable_query(file, q, &t.ds, i);
                            let query = if t.ds.kind == "prometheus" {
                                json!({"query": q.value, "refId": "PrometheusVariableQueryEditor-VariableQuery", "qryType": 1})
                            } else {
                                json!({"query": q.value, "refId": format!("{}-{}", t.ds.kind, v.name.value)})
                            };
                            m.insert("query".into(), query);
                            m.insert("definition".into(), q.value.clone().into());
                        }
                    }
                    if v.kind == VariableType::Query {
                        let refresh = if v.refresh.as_deref() == Some("time") {
                            2
                        } else {
                            1
                        };
                        m.insert("refresh".into(), refresh.into());
                        m.insert("regex".into(), v.regex.clone().unwrap_or_default().into());
                        m.insert("sort".into(), v.sort.unwrap_or(0).into());
                    }
                }
                VariableType::Datasource => {
                    let plugin = v
                        .query
                        .as_ref()
                        .map(|q| q.value.clone())
                        .unwrap_or_default();
                    m.insert("query".into(), plugin.into());
                    m.insert("regex".into(), v.regex.clone().unwrap_or_default().into());
                    m.insert("refresh".into(), 1.into());
                }
                VariableType::Custom | VariableType::Interval => {
                    m.insert("query".into(), v.values.join(",").into());
                    let options: Vec<Value> = v
                        .values
                        .iter()
                        .enumerate()
                        .map(|(i, x)| json!({"text": x, "value": x, "selected": i == 0}))
                        .collect();
                    m.insert("options".into(), options.into());
                    if v.kind == VariableType::Interval {
                        m.insert("refresh".into(), 2.into());
                        m.insert("auto".into(), false.into());
                    }
                }
                VariableType::Constant | VariableType::Textbox => {
                    let value = v.value.clone().unwrap_or_default();
                    m.insert("query".into(), value.clone().into());
                    m.insert("current".into(), json!({"text": value, "value": value}));
                }
            }
            let current = v.value.clone().or_else(|| v.values.first().cloned());
            if let Some(c) = current
                && !m.contains_key("current")
            {
                m.insert("current".into(), json!({"text": c, "value": c}));
            }
            if matches!(
                v.kind,
                VariableType::Query | VariableType::Custom | VariableType::Datasource
            ) {
                m.insert("multi".into(), v.multi.into());
                m.insert("includeAll".into(), v.include_all.into());
                put(&mut m, "allValue", v.all_value.clone());
            }
            let mut value = Value::Object(m);
            if let Some(raw) = &v.raw {
                merge_patch(&mut value, raw);
            }
            out.push(value);
        }
        out
    }

    fn annotations_json(&mut self, file: &Arc<SourceFile>, spec: &DashboardSpec) -> Vec<Value> {
        let mut out = vec![json!({
            "builtIn": 1,
            "datasource": {"type": "grafana", "uid": "-- Grafana --"},
            "enable": true,
            "hide": true,
            "iconColor": "rgba(0, 211, 255, 1)",
            "name": "Annotations & Alerts",
            "type": "dashboard",
        })];
        for a in &spec.annotations {
            let span = a.span.clone();
            let a = &a.value;
            let Some(t) = self.datasource(file, a.datasource.as_ref(), &span) else {
                continue;
            };
            let mut m = Map::new();
            m.insert("name".into(), a.name.clone().into());
            m.insert(
                "datasource".into(),
                json!({"type": t.ds.kind, "uid": t.ds.uid}),
            );
            m.insert("enable".into(), a.enabled.unwrap_or(true).into());
            m.insert(
                "iconColor".into(),
                a.color.clone().unwrap_or_else(|| "red".into()).into(),
            );
            if let Some(expr) = &a.expr {
                let i = out.len();
                self.record(file, expr, &t.ds, format!("annotations.list[{i}].expr"));
                m.insert("expr".into(), expr.value.clone().into());
            }
            put(&mut m, "titleFormat", a.title.clone());
            put(&mut m, "textFormat", a.text.clone());
            put(&mut m, "tagKeys", a.tag_keys.clone());
            let mut value = Value::Object(m);
            if let Some(raw) = &a.raw {
                merge_patch(&mut value, raw);
            }
            out.push(value);
        }
        out
    }

    fn panels_json(&mut self, file: &Arc<SourceFile>, spec: &DashboardSpec) -> Vec<Value> {
        let mut cursor = Cursor::new();
        let mut out = Vec::new();
        for p in &spec.panels {
            let path = format!("panels[{}]", out.len());
            if let Some(v) = self.panel_entry(file, p, DEFAULT_HEIGHT, &mut cursor, path, 0) {
                out.push(v);
            }
        }
        for row in &spec.rows {
            let row_span = row.span.clone();
            let Some(row) = self.resolve_row(file, row) else {
                continue;
            };
            let rfile = &row.file;
            let row = &row.value;
            let y = cursor.row();
            // A collapsed row's panels are off the grid (Grafana lays them out below the
            // header only when it expands): the next row follows right after the header.
            let below_header = cursor.clone();
            let index = out.len();
            let mut children = Vec::new();
            let height = row.height.unwrap_or(DEFAULT_HEIGHT);
            let id = self.id();
            for p in &row.panels {
                let path = if row.collapsed {
                    format!("panels[{index}].panels[{}]", children.len())
                } else {
                    format!("panels[{}]", index + 1 + children.len())
                };
                if let Some(v) = self.panel_entry(rfile, p, height, &mut cursor, path, 0) {
                    children.push(v);
                }
            }
            let mut r = json!({
                "id": id,
                "type": "row",
                "title": row.title.clone().unwrap_or_default(),
                "collapsed": row.collapsed,
                "gridPos": {"x": 0, "y": y, "w": 24, "h": 1},
                "panels": if row.collapsed { Value::Array(children.clone()) } else { json!([]) },
            });
            if let (Some(rep), Value::Object(m)) = (&row.repeat, &mut r) {
                m.insert("repeat".into(), rep.clone().into());
            }
            if let Some(raw) = &row.raw {
                merge_patch(&mut r, raw);
            }
            out.push(r);
            if row.collapsed {
                cursor = below_header;
            } else {
                out.extend(children);
            }
            if !row.below.is_empty() && !row.collapsed {
                self.ctx.diagnostics.push(
                    Diagnostic::error(
                        "source/row-below",
                        "`below:` is for panels under a collapsed row",
                    )
                    .at(file, row_span.clone())
                    .with_help("put the panels in the row's `panels:`"),
                );
            }
            // Top-level panels right under the collapsed header, outside the row.
            for p in row.below.iter().filter(|_| row.collapsed) {
                let path = format!("panels[{}]", out.len());
                if let Some(v) = self.panel_entry(rfile, p, height, &mut cursor, path, 0) {
                    out.push(v);
                }
            }
        }
        out
    }

    fn resolve_row(&mut self, file: &Arc<SourceFile>, row: &Spanned<Row>) -> Option<InFile<Row>> {
        match &row.value.use_template {
            None => Some(InFile {
                file: Arc::clone(file),
                value: row.value.clone(),
            }),
            Some(name) => {
                let (f, mut r): (_, Row) =
                    self.ctx
                        .instantiate(TemplateKind::Row, name, &row.value.with, file, 0)?;
                if row.value.title.is_some() {
                    r.title = row.value.title.clone();
                }
                if row.value.collapsed {
                    r.collapsed = true;
                }
                Some(InFile { file: f, value: r })
            }
        }
    }

    fn id(&mut self) -> u32 {
        let id = self.next_id;
        self.next_id += 1;
        id
    }

    fn panel_entry(
        &mut self,
        file: &Arc<SourceFile>,
        entry: &Spanned<PanelSpec>,
        default_height: u32,
        cursor: &mut Cursor,
        path: String,
        depth: usize,
    ) -> Option<Value> {
        let site = &entry.value;
        let (pfile, spec) = match &site.use_template {
            None => (Arc::clone(file), site.clone()),
            Some(name) => {
                let (f, mut p): (_, PanelSpec) =
                    self.ctx
                        .instantiate(TemplateKind::Panel, name, &site.with, file, depth)?;
                if site.width.is_some() {
                    p.width = site.width.clone();
                }
                if site.height.is_some() {
                    p.height = site.height;
                }
                if site.grid_pos.is_some() {
                    p.grid_pos = site.grid_pos;
                }
                if site.id.is_some() {
                    p.id = site.id;
                }
                if p.use_template.is_some() {
                    let nested = Spanned::new(p, entry.span.clone());
                    return self.panel_entry(&f, &nested, default_height, cursor, path, depth + 1);
                }
                (f, p)
            }
        };
        // `plugin:` names a panel type without typed options (graph, alertlist, …).
        let kind = match (spec.kind.clone(), &spec.plugin) {
            (Some(k), None) => Some(k),
            (None, Some(_)) => None,
            (Some(k), Some(_)) => {
                self.ctx.diagnostics.push(
                    Diagnostic::error(
                        "source/invalid",
                        "a panel has either `type` or `plugin`, not both",
                    )
                    .at(&pfile, k.span.clone()),
                );
                return None;
            }
            (None, None) => {
                self.ctx.diagnostics.push(
                    Diagnostic::error("source/missing-key", "a panel needs a `type`")
                        .at(&pfile, entry.span.start..entry.span.start)
                        .with_help("timeseries, stat, gauge, bargauge, table, heatmap, logs, text, piechart, …; other panel plugins by `plugin: <id>`"),
                );
                return None;
            }
        };
        let keys_ok = match &kind {
            Some(k) => self.check_keys(&pfile, &spec, k, &entry.span),
            None => self.check_plugin_keys(&pfile, &spec, &entry.span),
        };
        if !keys_ok {
            return None;
        }
        let w = spec.width.as_ref().map_or(DEFAULT_WIDTH, |w| w.value);
        let h = spec.height.unwrap_or(default_height);
        let grid = match spec.grid_pos {
            Some(g) => {
                cursor.skip_past(g.y + g.h);
                json!({"x": g.x, "y": g.y, "w": g.w, "h": g.h})
            }
            None => {
                let (x, y) = cursor.place(w, h);
                json!({"x": x, "y": y, "w": w.clamp(1, 24), "h": h})
            }
        };
        let next = self.id();
        let id = spec.id.unwrap_or(next);
        match kind {
            Some(kind) => panel_json(self, &pfile, &spec, kind.value, id, grid, &path),
            None => plugin_panel_json(self, &pfile, &spec, id, grid, &path),
        }
    }

    /// Keys a `plugin:` panel may have: those every panel has, queries, and the standard
    /// field options; the rest goes through `raw:`.
    fn check_plugin_keys(
        &mut self,
        file: &Arc<SourceFile>,
        spec: &PanelSpec,
        span: &std::ops::Range<usize>,
    ) -> bool {
        let Ok(Value::Object(set)) = serde_json::to_value(spec) else {
            return true;
        };
        let mut ok = true;
        for (key, value) in &set {
            let empty = value.is_null()
                || value.as_array().is_some_and(Vec::is_empty)
                || (key == "legend" && value.is_string());
            let own_block = spec
                .plugin
                .as_deref()
                .and_then(super::plugin_options::block_key)
                == Some(key.as_str());
            let allowed = key == "plugin"
                || own_block
                || (applies(key, PanelType::Table)
                    && !matches!(
                        key.as_str(),
                        "thresholds"
                            | "thresholdsMode"
                            | "color"
                            | "noValue"
                            | "displayName"
                            | "colorScheme"
                            | "mappings"
                            | "align"
                            | "cellType"
                            | "filterable"
                            | "inspect"
                            | "showHeader"
                            | "cellHeight"
                            | "frameIndex"
                            | "sortBy"
                            | "pagination"
                            | "table"
                    ));
            if empty || allowed {
                continue;
            }
            let at = find_key(file, span, key).unwrap_or(span.start..span.start);
            self.ctx.diagnostics.push(
                Diagnostic::error(
                    "source/panel-key",
                    format!("`{key}` does not apply to `plugin:` panels"),
                )
                .at(file, at)
                .with_help("set the Grafana field through `raw:`"),
            );
            ok = false;
        }
        ok
    }

    /// Keys that do not apply to the panel type are errors.
    fn check_keys(
        &mut self,
        file: &Arc<SourceFile>,
        spec: &PanelSpec,
        kind: &Spanned<PanelType>,
        span: &std::ops::Range<usize>,
    ) -> bool {
        let Ok(Value::Object(set)) = serde_json::to_value(spec) else {
            return true;
        };
        let mut ok = true;
        for (key, value) in &set {
            let empty = value.is_null()
                || value.as_array().is_some_and(Vec::is_empty)
                || (key == "legend" && value.is_string());
            if empty || applies(key, kind.value) {
                continue;
            }
            let at = find_key(file, span, key).unwrap_or(span.start..span.start);
            self.ctx.diagnostics.push(
                Diagnostic::error(
                    "source/panel-key",
                    format!(
                        "`{key}` does not apply to {} panels",
                        kind.value.plugin_id()
                    ),
                )
                .at(file, at)
                .with_help("remove it, or set the Grafana field through `raw:`"),
            );
            ok = false;
        }
        let legacy = matches!(kind.value, PanelType::Graph | PanelType::Singlestat);
        if let Some((key, why)) = super::legacy_panel::conflicting_key(spec).filter(|_| legacy) {
            let at = find_key(file, span, key).unwrap_or(span.start..span.start);
            self.ctx.diagnostics.push(
                Diagnostic::error("source/panel-key", format!("`{key}` {why}"))
                    .at(file, at)
                    .with_help("see the legacy panel keys in docs/source-format.md"),
            );
            ok = false;
        }
        ok
    }
}

/// Whether a panel key applies to a panel type.
fn applies(key: &str, kind: PanelType) -> bool {
    use PanelType::*;
    if kind == Graph {
        // Its own keys, and those every panel has (what a text panel takes but its content).
        return super::legacy_panel::GRAPH_KEYS.contains(&key)
            || (applies(key, Text) && !matches!(key, "content" | "mode"));
    }
    if kind == Singlestat {
        return super::legacy_panel::SINGLESTAT_KEYS.contains(&key)
            || (applies(key, Text) && !matches!(key, "content" | "mode"));
    }
    match key {
        "use" | "with" | "type" | "id" | "title" | "description" | "width" | "height"
        | "gridPos" | "repeat" | "repeatDirection" | "interval" | "links" | "transparent"
        | "transformations" | "raw" => true,
        "datasource" | "expr" | "queries" | "fromPanel" => kind != Text,
        "unit" | "min" | "max" | "decimals" | "thresholds" | "thresholdsMode" | "color"
        | "overrides" => !matches!(kind, Text | Logs),
        "legend" | "tooltip" => matches!(
            kind,
            Timeseries | Piechart | Barchart | StateTimeline | StatusHistory | Histogram
        ),
        "heatmap" => kind == Heatmap,
        "gauge" => kind == Gauge,
        "bargauge" => kind == Bargauge,
        "barchart" => kind == Barchart,
        "timeline" => matches!(kind, StateTimeline | StatusHistory),
        "histogram" => kind == Histogram,
        "stat" => kind == Stat,
        "table" => kind == Table,
        "logs" => kind == Logs,
        "allValues" | "fields" | "limit" => matches!(kind, Stat | Gauge | Bargauge | Piechart),
        "stacking" | "fill" | "lineWidth" => matches!(kind, Timeseries | Barchart),
        "drawStyle" | "interpolation" | "gradientMode" | "lineStyle" | "dash" | "spanNulls"
        | "showPoints" | "pointSize" | "barAlignment" | "thresholdsStyle" | "hideFrom" | "axis" => {
            kind == Timeseries
        }
        "noValue" | "displayName" | "colorScheme" | "mappings" | "dataLinks" | "fieldMinMax" => {
            !matches!(kind, Text | Logs)
        }
        "timeFrom" | "timeShift" | "hideTimeOverride" | "maxDataPoints" | "maxPerRow" => true,
        "displayLabels" => kind == Piechart,
        "reduce" => matches!(kind, Stat | Gauge | Bargauge | Piechart),
        "orientation" => matches!(kind, Stat | Gauge | Bargauge | Barchart),
        "colorMode" | "graphMode" => kind == Stat,
        "displayMode" => kind == Bargauge,
        "content" | "mode" => kind == Text,
        "pieType" => kind == Piechart,
        "showTime" | "wrapLines" | "sortOrder" | "prettify" | "dedup" | "showLabels"
        | "showCommonLabels" | "logDetails" => kind == Logs,
        "textMode" | "titleSize" | "valueSize" => matches!(kind, Stat | Gauge | Bargauge),
        "justifyMode" => kind == Stat,
        "align" | "cellType" | "cellMode" | "wrapText" | "minWidth" | "filterable" | "inspect"
        | "showHeader" | "cellHeight" | "frameIndex" | "sortBy" | "pagination" => kind == Table,
        _ => false,
    }
}

/// The expression inside a variable query and its byte offset: the selector of
/// `label_values(sel, label)`, the argument of `query_result(expr)`, or a plain expression.
/// `None` for queries without one (`label_values(job)`, `metrics(…)`, `label_names()`).
fn variable_query_expr(query: &str) -> Option<(usize, &str)> {
    let trimmed = query.trim_start();
    let lead = query.len() - trimmed.len();
    for func in ["label_values(", "query_result("] {
        let Some(rest) = trimmed.strip_prefix(func) else {
            continue;
        };
        let body = rest.trim_end().strip_suffix(')')?;
        let arg = if func == "label_values(" {
            // The selector ends at the last top-level comma; none: only a label name.
            let mut depth = 0i32;
            let mut quote = false;
            let mut split = None;
            for (i, c) in body.char_indices() {
                match c {
                    '"' => quote = !quote,
                    '(' | '{' | '[' if !quote => depth += 1,
                    ')' | '}' | ']' if !quote => depth -= 1,
                    ',' if !quote && depth == 0 => split = Some(i),
                    _ => {}
                }
            }
            body.get(..split?)?
        } else {
            body
        };
        let inner = arg.trim();
        let offset = lead + func.len() + (arg.len() - arg.trim_start().len());
        return (!inner.is_empty()).then_some((offset, inner));
    }
    let is_function = trimmed.starts_with("metrics(") || trimmed.starts_with("label_names(");
    (!is_function && !trimmed.is_empty()).then_some((lead, trimmed.trim_end()))
}

/// The origin of a substring starting at value offset `start`.
fn sub_origin(full: &crate::model::TextOrigin, start: usize) -> crate::model::TextOrigin {
    let mut segments = vec![(0, full.to_file(start))];
    segments.extend(
        full.segments
            .iter()
            .filter(|&&(v, _)| v > start)
            .map(|&(v, f)| (v - start, f)),
    );
    crate::model::TextOrigin {
        file: Arc::clone(&full.file),
        segments,
    }
}

/// The query language of a datasource plugin.
pub fn lang_of(kind: &str) -> Option<Lang> {
    match kind {
        "prometheus" => Some(Lang::PromQL),
        "loki" => Some(Lang::LogQL),
        _ => None,
    }
}

fn panel_json(
    b: &mut Builder<'_, '_>,
    file: &Arc<SourceFile>,
    spec: &PanelSpec,
    kind: PanelType,
    id: u32,
    grid: Value,
    path: &str,
) -> Option<Value> {
    let mut m = Map::new();
    m.insert("id".into(), id.into());
    m.insert("type".into(), kind.plugin_id().into());
    m.insert(
        "title".into(),
        spec.title.clone().unwrap_or_default().into(),
    );
    put(&mut m, "description", spec.description.clone());
    m.insert("gridPos".into(), grid);
    if let Some(source) = spec.from_panel {
        if spec.expr.is_some() || !spec.queries.is_empty() {
            b.ctx.diagnostics.push(
                Diagnostic::error(
                    "source/panel-key",
                    "a panel with `fromPanel` shows another panel's results: it has no queries",
                )
                .at(file, spec.kind.as_ref().map_or(0..0, |k| k.span.clone()))
                .with_help("remove `expr`/`queries`, or `fromPanel`"),
            );
            return None;
        }
        super::legacy_panel::from_panel(source, &mut m);
    } else if kind != PanelType::Text {
        let (ds, targets) = targets_json(b, file, spec, kind, path)?;
        put(
            &mut m,
            "datasource",
            panel_datasource(spec, ds.as_ref(), &targets),
        );
        m.insert("targets".into(), targets.into());
    }
    if kind == PanelType::Graph {
        super::legacy_panel::graph_options(spec, &mut m);
    } else if kind == PanelType::Singlestat {
        super::legacy_panel::singlestat_options(spec, &mut m);
    } else {
        m.insert("fieldConfig".into(), field_config(spec, kind));
        let mut o = options(spec, kind);
        super::panel_options::type_options(spec, kind, &mut o);
        if let Value::Object(map) = &mut o {
            super::plugin_options::apply(spec, kind.plugin_id(), map);
        }
        m.insert("options".into(), o);
    }
    Some(finish_panel(spec, m))
}

/// The keys every panel type shares after its own (extras, transformations, links, repeat,
/// interval, transparency), then the source's `raw:` patch over the whole panel.
fn finish_panel(spec: &PanelSpec, mut m: Map<String, Value>) -> Value {
    super::panel_options::panel_extras(spec, &mut m);
    if !spec.transformations.is_empty() {
        m.insert(
            "transformations".into(),
            spec.transformations.clone().into(),
        );
    }
    if !spec.links.is_empty() {
        let links: Vec<Value> = spec
            .links
            .iter()
            .map(|l| json!({"title": l.title, "url": l.url.clone().unwrap_or_default(), "targetBlank": l.target_blank}))
            .collect();
        m.insert("links".into(), links.into());
    }
    put(&mut m, "repeat", spec.repeat.clone());
    put(&mut m, "repeatDirection", spec.repeat_direction.clone());
    put(&mut m, "interval", spec.interval.clone());
    put(&mut m, "transparent", spec.transparent);
    let mut value = Value::Object(m);
    if let Some(raw) = &spec.raw {
        merge_patch(&mut value, raw);
    }
    value
}

/// A panel of a plugin without typed options: the common keys, its queries, and
/// `fieldConfig.defaults` from `unit`/`min`/`max`/`decimals`.
fn plugin_panel_json(
    b: &mut Builder<'_, '_>,
    file: &Arc<SourceFile>,
    spec: &PanelSpec,
    id: u32,
    grid: Value,
    path: &str,
) -> Option<Value> {
    let mut m = Map::new();
    m.insert("id".into(), id.into());
    m.insert(
        "type".into(),
        spec.plugin.clone().unwrap_or_default().into(),
    );
    m.insert(
        "title".into(),
        spec.title.clone().unwrap_or_default().into(),
    );
    put(&mut m, "description", spec.description.clone());
    m.insert("gridPos".into(), grid);
    if spec.expr.is_some() || !spec.queries.is_empty() {
        let (ds, targets) = targets_json(b, file, spec, PanelType::Table, path)?;
        put(
            &mut m,
            "datasource",
            panel_datasource(spec, ds.as_ref(), &targets),
        );
        m.insert("targets".into(), targets.into());
    }
    let mut d = Map::new();
    put(&mut d, "unit", spec.unit.clone());
    put(&mut d, "min", spec.min);
    put(&mut d, "max", spec.max);
    put(&mut d, "decimals", spec.decimals);
    m.insert(
        "fieldConfig".into(),
        json!({"defaults": d, "overrides": spec.overrides}),
    );
    let mut options = Map::new();
    if let Some(plugin) = &spec.plugin {
        super::plugin_options::apply(spec, plugin, &mut options);
    }
    m.insert("options".into(), Value::Object(options));
    Some(finish_panel(spec, m))
}

/// Grafana's "-- Mixed --" pseudo datasource, as the panel datasource (and a source value).
pub const MIXED: &str = "-- Mixed --";

/// The panel's datasource reference: "-- Mixed --" when the source says so, or when its
/// queries run on different datasources and the source names no panel datasource; else the
/// panel's (Grafana keeps a panel datasource over queries that name their own).
fn panel_datasource(spec: &PanelSpec, ds: Option<&DsRef>, targets: &[Value]) -> Option<Value> {
    let first = targets.first().and_then(|t| t.get("datasource"));
    let differ = targets.iter().any(|t| t.get("datasource") != first);
    let mixed = spec.datasource.as_ref().is_some_and(|d| d.value == MIXED);
    let named = spec.datasource.is_some() && !mixed;
    if mixed || (differ && !named) {
        return Some(json!({"type": "datasource", "uid": MIXED}));
    }
    ds.map(|ds| json!({"type": ds.kind, "uid": ds.uid}))
}

fn targets_json(
    b: &mut Builder<'_, '_>,
    file: &Arc<SourceFile>,
    spec: &PanelSpec,
    kind: PanelType,
    path: &str,
) -> Option<(Option<DsRef>, Vec<Value>)> {
    let mut queries: Vec<Spanned<crate::source::format::QuerySpec>> = Vec::new();
    if let Some(expr) = &spec.expr {
        let legend = match spec.legend.as_ref().map(|l| &l.value) {
            Some(LegendOrFormat::Format(f)) => Some(f.clone()),
            _ => None,
        };
        queries.push(Spanned::new(
            crate::source::format::QuerySpec {
                expr: Some(expr.clone()),
                legend,
                ..Default::default()
            },
            expr.span.clone(),
        ));
    }
    queries.extend(spec.queries.iter().cloned());
    let own_everywhere =
        queries.iter().all(|q| q.value.datasource.is_some()) && !queries.is_empty();
    let said = spec.datasource.as_ref().filter(|d| d.value != MIXED);
    // Every query names its own datasource: the panel's is only what the source says (Grafana
    // keeps a panel datasource that no query runs on).
    let panel_ds = if own_everywhere && said.is_none() {
        None
    } else {
        // Under "-- Mixed --", a query without its own datasource runs on the dashboard's.
        Some(b.datasource(
            file,
            said,
            &spec.kind.as_ref().map_or(0..0, |k| k.span.clone()),
        )?)
    };
    let mut targets = Vec::new();
    let mut ok = true;
    for (i, q) in queries.iter().enumerate() {
        let at = q.value.expr.as_ref().map_or(&q.span, |e| &e.span);
        let q = &q.value;
        let ds = match &q.datasource {
            Some(own) => match b.datasource(file, Some(own), at) {
                Some(t) => t.ds,
                None => {
                    ok = false;
                    continue;
                }
            },
            None => match &panel_ds {
                Some(t) => t.ds.clone(),
                None => continue,
            },
        };
        let ref_id = q.ref_id.clone().unwrap_or_else(|| ref_id(i));
        let mut t = Map::new();
        t.insert("refId".into(), ref_id.into());
        t.insert("datasource".into(), json!({"type": ds.kind, "uid": ds.uid}));
        if let Some(expr) = &q.expr {
            let field = expr_field(&ds.kind);
            b.record(file, expr, &ds, format!("{path}.targets[{i}].{field}"));
            t.insert(field.into(), expr.value.clone().into());
        }
        match ds.kind.as_str() {
            "prometheus" => {
                t.insert("editorMode".into(), "code".into());
                t.insert("range".into(), (!q.instant.unwrap_or(false)).into());
                t.insert("instant".into(), q.instant.unwrap_or(false).into());
            }
            "loki" => {
                t.insert("editorMode".into(), "code".into());
                t.insert(
                    "queryType".into(),
                    if q.instant.unwrap_or(false) {
                        "instant"
                    } else {
                        "range"
                    }
                    .into(),
                );
            }
            "elasticsearch" => {
                let time_field = ds
                    .json_data
                    .get("timeField")
                    .cloned()
                    .unwrap_or_else(|| "@timestamp".into());
                if kind == PanelType::Logs {
                    t.insert("metrics".into(), json!([{"id": "1", "type": "logs"}]));
                    t.insert("bucketAggs".into(), json!([]));
                } else {
                    t.insert("metrics".into(), json!([{"id": "1", "type": "count"}]));
                    t.insert(
                        "bucketAggs".into(),
                        json!([{"id": "2", "type": "date_histogram", "field": time_field, "settings": {"interval": "auto"}}]),
                    );
                }
                t.insert("timeField".into(), time_field);
            }
            _ => {}
        }
        put(&mut t, "legendFormat", q.legend.clone());
        put(&mut t, "format", q.format.clone());
        put(&mut t, "interval", q.interval.clone());
        put(&mut t, "hide", q.hide);
        super::panel_options::query_fields(q, &mut t);
        super::query_family::family_fields(q, &mut t);
        let mut value = Value::Object(t);
        if let Some(raw) = &q.raw {
            merge_patch(&mut value, raw);
        }
        targets.push(value);
    }
    ok.then_some((panel_ds.map(|t| t.ds), targets))
}

/// The target field a datasource reads its query text from.
pub fn expr_field(kind: &str) -> &'static str {
    match kind {
        "prometheus"
        | "loki"
        | "victoriametrics-metrics-datasource"
        | "victoriametrics-logs-datasource" => "expr",
        "postgres"
        | "grafana-postgresql-datasource"
        | "mysql"
        | "mssql"
        | "grafana-clickhouse-datasource" => "rawSql",
        "graphite" => "target",
        "grafana-pyroscope-datasource" | "phlare" => "labelSelector",
        // The editor's text; the plugin derives `queryText` from it when it runs.
        "frser-sqlite-datasource" => "rawQueryText",
        _ => "query",
    }
}

fn ref_id(i: usize) -> String {
    let letters = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    let mut s = String::new();
    let mut n = i;
    loop {
        s.insert(0, char::from(letters.get(n % 26).copied().unwrap_or(b'A')));
        if n < 26 {
            break;
        }
        n = n / 26 - 1;
    }
    s
}

fn field_config(spec: &PanelSpec, kind: PanelType) -> Value {
    let mut d = Map::new();
    put(&mut d, "unit", spec.unit.clone());
    put(&mut d, "min", spec.min);
    put(&mut d, "max", spec.max);
    put(&mut d, "decimals", spec.decimals);
    if !matches!(kind, PanelType::Text | PanelType::Logs) {
        let mut steps: Vec<(Option<f64>, String)> = Vec::new();
        if let Some(t) = &spec.thresholds {
            for (k, color) in &t.value {
                let v = if k == "base" {
                    None
                } else {
                    k.parse::<f64>().ok()
                };
                steps.push((v, color.clone()));
            }
        } else {
            steps.push((None, "green".into()));
            steps.push((Some(80.0), "red".into()));
        }
        steps.sort_by(|a, b| match (a.0, b.0) {
            (None, None) => std::cmp::Ordering::Equal,
            (None, _) => std::cmp::Ordering::Less,
            (_, None) => std::cmp::Ordering::Greater,
            (Some(x), Some(y)) => x.total_cmp(&y),
        });
        let mode = match spec.thresholds_mode {
            Some(crate::source::format::ThresholdsMode::Percentage) => "percentage",
            _ => "absolute",
        };
        d.insert(
            "thresholds".into(),
            json!({"mode": mode, "steps": steps.iter().map(|(v, c)| json!({"color": c, "value": v})).collect::<Vec<_>>()}),
        );
        let color = match (&spec.color, kind) {
            (Some(c), _) => json!({"mode": "fixed", "fixedColor": c}),
            (None, PanelType::Stat | PanelType::Gauge | PanelType::Bargauge | PanelType::Table) => {
                json!({"mode": "thresholds"})
            }
            (None, _) => json!({"mode": "palette-classic"}),
        };
        d.insert("color".into(), color);
        super::panel_options::standard_fields(spec, &mut d);
    }
    if matches!(kind, PanelType::Timeseries | PanelType::Barchart) {
        let mut c = Map::new();
        let stacking = match spec.stacking {
            Some(crate::source::format::Stacking::Normal) => "normal",
            Some(crate::source::format::Stacking::Percent) => "percent",
            _ => "none",
        };
        c.insert("stacking".into(), json!({"mode": stacking, "group": "A"}));
        c.insert(
            "fillOpacity".into(),
            spec.fill
                .unwrap_or(if kind == PanelType::Barchart { 80 } else { 0 })
                .into(),
        );
        c.insert("lineWidth".into(), spec.line_width.unwrap_or(1).into());
        if kind == PanelType::Timeseries {
            let draw = match spec.draw_style {
                Some(crate::source::format::DrawStyle::Bars) => "bars",
                Some(crate::source::format::DrawStyle::Points) => "points",
                _ => "line",
            };
            c.insert("drawStyle".into(), draw.into());
            super::panel_options::series_style(spec, &mut c);
        }
        d.insert("custom".into(), Value::Object(c));
    }
    if kind == PanelType::Table {
        let mut c = Map::new();
        super::panel_options::table_fields(spec, &mut c);
        if !c.is_empty() {
            d.insert("custom".into(), Value::Object(c));
        }
    }
    json!({"defaults": d, "overrides": spec.overrides})
}

fn reduce_options(spec: &PanelSpec) -> Value {
    json!({"calcs": [spec.reduce.clone().unwrap_or_else(|| "lastNotNull".into())], "fields": "", "values": false})
}

fn legend_options(spec: &PanelSpec, placement: &str) -> Value {
    super::panel_options::legend(spec, placement)
}

fn options(spec: &PanelSpec, kind: PanelType) -> Value {
    let orientation = spec.orientation.clone().unwrap_or_else(|| "auto".into());
    match kind {
        PanelType::Barchart => json!({
            "legend": legend_options(spec, "bottom"),
            "tooltip": super::panel_options::tooltip(spec),
            "orientation": orientation,
        }),
        PanelType::Timeseries
        | PanelType::StateTimeline
        | PanelType::StatusHistory
        | PanelType::Histogram => json!({
            "legend": legend_options(spec, "bottom"),
            "tooltip": super::panel_options::tooltip(spec),
        }),
        PanelType::Stat => json!({
            "reduceOptions": reduce_options(spec),
            "colorMode": spec.color_mode.clone().unwrap_or_else(|| "value".into()),
            "graphMode": spec.graph_mode.clone().unwrap_or_else(|| "area".into()),
            "justifyMode": "auto",
            "textMode": "auto",
            "orientation": orientation,
        }),
        PanelType::Gauge => json!({
            "reduceOptions": reduce_options(spec),
            "orientation": orientation,
            "showThresholdLabels": false,
            "showThresholdMarkers": true,
        }),
        PanelType::Bargauge => json!({
            "reduceOptions": reduce_options(spec),
            "orientation": orientation,
            "displayMode": spec.display_mode.clone().unwrap_or_else(|| "gradient".into()),
            "showUnfilled": true,
        }),
        PanelType::Table => json!({"showHeader": true, "cellHeight": "sm"}),
        PanelType::Heatmap => json!({
            "calculate": false,
            "color": {"mode": "scheme", "scheme": "Oranges"},
            "yAxis": {"axisPlacement": "left"},
            "tooltip": {"mode": "single"},
        }),
        PanelType::Logs => json!({
            "showTime": spec.show_time.unwrap_or(true),
            "wrapLogMessage": spec.wrap_lines.unwrap_or(false),
            "sortOrder": spec.sort_order.clone().unwrap_or_else(|| "Descending".into()),
            "enableLogDetails": true,
            "dedupStrategy": "none",
            "showLabels": false,
            "showCommonLabels": false,
            "prettifyLogMessage": false,
        }),
        PanelType::Graph | PanelType::Singlestat => json!({}),
        PanelType::Text => json!({
            "mode": spec.mode.clone().unwrap_or_else(|| "markdown".into()),
            "content": spec.content.clone().unwrap_or_default(),
        }),
        PanelType::Piechart => json!({
            "reduceOptions": reduce_options(spec),
            "pieType": spec.pie_type.clone().unwrap_or_else(|| "pie".into()),
            "legend": legend_options(spec, "right"),
            "tooltip": super::panel_options::tooltip(spec),
        }),
    }
}

fn link_json(l: &crate::source::format::Link) -> Value {
    let mut m = Map::new();
    m.insert("title".into(), l.title.clone().into());
    match &l.url {
        Some(url) => {
            m.insert("type".into(), "link".into());
            m.insert("url".into(), url.clone().into());
        }
        None => {
            m.insert("type".into(), "dashboards".into());
            m.insert("tags".into(), l.tags.clone().into());
        }
    }
    m.insert("asDropdown".into(), l.as_dropdown.into());
    m.insert("targetBlank".into(), l.target_blank.into());
    m.insert("includeVars".into(), l.include_vars.into());
    m.insert("keepTime".into(), l.keep_time.into());
    m.insert(
        "icon".into(),
        l.icon
            .clone()
            .unwrap_or_else(|| "external link".into())
            .into(),
    );
    put(&mut m, "tooltip", l.tooltip.clone());
    Value::Object(m)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variable_queries_yield_their_inner_expression() {
        let q = "label_values(up{job=\"a,b\"}, instance)";
        let (at, e) = variable_query_expr(q).unwrap();
        assert_eq!(e, "up{job=\"a,b\"}");
        assert_eq!(&q[at..at + e.len()], e);
        assert_eq!(variable_query_expr("label_values(job)"), None);
        assert_eq!(
            variable_query_expr("query_result(topk(5, up))"),
            Some((13, "topk(5, up)"))
        );
        assert_eq!(variable_query_expr("metrics(up)"), None);
        assert_eq!(
            variable_query_expr("label_values({app=\"x\"}, pod)"),
            Some((13, "{app=\"x\"}"))
        );
    }

    #[test]
    fn ref_ids_go_past_z() {
        assert_eq!(ref_id(0), "A");
        assert_eq!(ref_id(25), "Z");
        assert_eq!(ref_id(26), "AA");
    }

    #[test]
    fn panel_keys_by_type() {
        assert!(applies("stacking", PanelType::Timeseries));
        assert!(!applies("stacking", PanelType::Stat));
        assert!(!applies("unit", PanelType::Text));
        assert!(applies("content", PanelType::Text));
    }
}
