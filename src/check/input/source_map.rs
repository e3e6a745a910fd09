//! Where the values of a compiled dashboard were written in its source YAML (monorepo mode):
//! JSON pointer of the dashboard Grafana receives → span of the source value (and, for a
//! string, the origin of each character). The compiled JSON is shaped differently from the
//! source (`variables` → `templating.list`, rows flattened into `panels`, `expr` →
//! `targets[0].expr`), so values are matched by what identifies them: the UID and title keys,
//! variables and annotations by name, panels by the place their queries were written (else by
//! title, else `use:` sites in order).

use std::collections::HashMap;
use std::ops::Range;
use std::sync::Arc;

use serde_json::Value;

use crate::model::{DashboardObject, TextOrigin};
use crate::source::SourceFile;
use crate::source::yaml::{self, Budget, Node};

/// Source positions of a compiled dashboard's values.
#[derive(Debug, Default)]
pub struct SourceSpans {
    spans: HashMap<String, (Range<usize>, Option<TextOrigin>)>,
}

impl SourceSpans {
    /// The span of the value at `pointer`, or of its nearest mapped ancestor.
    pub fn span_or_ancestor(&self, pointer: &str) -> Option<Range<usize>> {
        let mut p = pointer;
        loop {
            if let Some((span, _)) = self.spans.get(p) {
                return Some(span.clone());
            }
            p = &p[..p.rfind('/')?];
        }
    }

    /// The origin of the string value at `pointer`, when it was written as one scalar.
    pub fn string_origin(&self, pointer: &str) -> Option<TextOrigin> {
        self.spans.get(pointer).and_then(|(_, o)| o.clone())
    }

    fn put(&mut self, file: &Arc<SourceFile>, pointer: String, node: &Node) {
        let origin = node.as_str().and_then(|_| node.text_origin(file));
        let span = node.value_span(file);
        self.spans.insert(pointer, (span, origin));
    }

    /// Maps `pointer/<json key>` to `node[key]` for each pair present.
    fn keys(&mut self, file: &Arc<SourceFile>, pointer: &str, node: &Node, pairs: &[(&str, &str)]) {
        for (json, source) in pairs {
            if let Some(v) = node.get(source) {
                self.put(file, format!("{pointer}/{json}"), v);
            }
        }
    }

    /// A `datasource:` of a panel, query or variable: the source key, else `raw.datasource`
    /// (its `uid` when it is a `{type, uid}` mapping).
    fn datasource(&mut self, file: &Arc<SourceFile>, pointer: &str, node: &Node) {
        let found = node
            .get("datasource")
            .or_else(|| node.get("raw").and_then(|r| r.get("datasource")));
        if let Some(ds) = found {
            let at = ds.get("uid").unwrap_or(ds);
            self.put(file, format!("{pointer}/datasource"), at);
            if ds.get("uid").is_some() {
                self.put(file, format!("{pointer}/datasource/uid"), at);
            }
        }
    }
}

/// The source spans of a compiled dashboard whose JSON is `json`.
pub fn of_dashboard(d: &DashboardObject, json: &Value) -> SourceSpans {
    let file = &d.origin.file;
    let mut out = SourceSpans::default();
    let Ok(docs) = yaml::parse_stream(file.text(), Budget::default()) else {
        return out;
    };
    let Some(root) = docs.first() else {
        return out;
    };
    out.keys(
        file,
        "",
        root,
        &[
            ("uid", "uid"),
            ("title", "title"),
            ("description", "description"),
            ("tags", "tags"),
            ("refresh", "refresh"),
        ],
    );
    variables(&mut out, file, root, json);
    annotations(&mut out, file, root, json);
    panels(&mut out, d, root, json);
    out
}

fn named<'a>(list: &'a [Node], name: &str) -> Option<&'a Node> {
    list.iter()
        .find(|n| n.get("name").and_then(Node::as_str) == Some(name))
}

fn json_list<'a>(json: &'a Value, path: &[&str]) -> &'a [Value] {
    super::dashboard::list(json, path)
}

fn variables(out: &mut SourceSpans, file: &Arc<SourceFile>, root: &Node, json: &Value) {
    let source = root.get("variables").map(Node::items).unwrap_or_default();
    for (i, v) in json_list(json, &["templating", "list"]).iter().enumerate() {
        let Some(node) = v
            .get("name")
            .and_then(Value::as_str)
            .and_then(|n| named(source, n))
        else {
            continue;
        };
        let p = format!("/templating/list/{i}");
        out.spans.insert(p.clone(), (node.span.clone(), None));
        out.keys(
            file,
            &p,
            node,
            &[
                ("name", "name"),
                ("query", "query"),
                ("definition", "query"),
                ("label", "label"),
                ("regex", "regex"),
            ],
        );
        out.datasource(file, &p, node);
    }
}

fn annotations(out: &mut SourceSpans, file: &Arc<SourceFile>, root: &Node, json: &Value) {
    let source = root.get("annotations").map(Node::items).unwrap_or_default();
    for (i, a) in json_list(json, &["annotations", "list"]).iter().enumerate() {
        let Some(node) = a
            .get("name")
            .and_then(Value::as_str)
            .and_then(|n| named(source, n))
        else {
            continue;
        };
        let p = format!("/annotations/list/{i}");
        out.spans.insert(p.clone(), (node.span.clone(), None));
        out.keys(file, &p, node, &[("name", "name"), ("expr", "expr")]);
        out.datasource(file, &p, node);
    }
}

/// Source panel nodes (top-level `panels` and each row's) and row nodes, in order.
fn source_panels(root: &Node) -> (Vec<&Node>, Vec<&Node>) {
    let mut panels: Vec<&Node> = root
        .get("panels")
        .map(Node::items)
        .unwrap_or_default()
        .iter()
        .collect();
    let rows: Vec<&Node> = root
        .get("rows")
        .map(Node::items)
        .unwrap_or_default()
        .iter()
        .collect();
    for r in &rows {
        panels.extend(r.get("panels").map(Node::items).unwrap_or_default());
    }
    (panels, rows)
}

fn panels(out: &mut SourceSpans, d: &DashboardObject, root: &Node, json: &Value) {
    let file = &d.origin.file;
    let (nodes, rows) = source_panels(root);
    let mut json_panels = Vec::new();
    walk(json.get("panels"), "/panels", &mut json_panels);
    let mut used = vec![false; nodes.len()];
    let mut rows_used = vec![false; rows.len()];
    let mut unmatched = Vec::new();
    for (p, panel) in &json_panels {
        let title = panel.get("title").and_then(Value::as_str);
        if panel.get("type").and_then(Value::as_str) == Some("row") {
            let found = rows
                .iter()
                .enumerate()
                .position(|(i, r)| !rows_used[i] && r.get("title").and_then(Node::as_str) == title);
            if let Some(i) = found {
                rows_used[i] = true;
                out.spans.insert(p.clone(), (rows[i].span.clone(), None));
                out.keys(file, p, rows[i], &[("title", "title")]);
            }
            continue;
        }
        let by_query = d
            .queries
            .iter()
            .filter(|q| Arc::ptr_eq(&q.origin.file, file))
            .find(|q| super::from_model::path_to_pointer(&q.path).starts_with(&format!("{p}/")))
            .map(|q| q.origin.to_file(0))
            .and_then(|at| nodes.iter().position(|n| n.span.contains(&at)));
        let by_title = || {
            nodes.iter().enumerate().position(|(i, n)| {
                !used[i] && title.is_some() && n.get("title").and_then(Node::as_str) == title
            })
        };
        match by_query.or_else(by_title) {
            Some(i) => {
                used[i] = true;
                panel_keys(out, file, p, nodes[i]);
            }
            None => unmatched.push(p.clone()),
        }
    }
    // Template instances (`use:`) left: in order.
    let mut sites = nodes
        .iter()
        .enumerate()
        .filter(|(i, n)| !used[*i] && n.get("use").is_some());
    for p in unmatched {
        let Some((_, n)) = sites.next() else { break };
        out.spans.insert(p, (n.span.clone(), None));
    }
}

fn panel_keys(out: &mut SourceSpans, file: &Arc<SourceFile>, p: &str, node: &Node) {
    out.spans.insert(p.to_string(), (node.span.clone(), None));
    out.keys(
        file,
        p,
        node,
        &[("title", "title"), ("description", "description")],
    );
    out.datasource(file, p, node);
    match node.get("queries") {
        Some(queries) => {
            for (k, q) in queries.items().iter().enumerate() {
                let t = format!("{p}/targets/{k}");
                out.spans.insert(t.clone(), (q.span.clone(), None));
                query_keys(out, file, &t, q);
            }
        }
        None if node.get("expr").is_some() => {
            query_keys(out, file, &format!("{p}/targets/0"), node)
        }
        None => {}
    }
}

fn query_keys(out: &mut SourceSpans, file: &Arc<SourceFile>, t: &str, node: &Node) {
    out.keys(file, t, node, &[("expr", "expr"), ("refId", "refId")]);
    if let Some(legend) = node.get("legend").filter(|l| l.as_str().is_some()) {
        out.put(file, format!("{t}/legendFormat"), legend);
    }
    out.datasource(file, t, node);
}

fn walk<'a>(panels: Option<&'a Value>, path: &str, out: &mut Vec<(String, &'a Value)>) {
    let Some(Value::Array(items)) = panels else {
        return;
    };
    for (i, p) in items.iter().enumerate() {
        let pp = format!("{path}/{i}");
        out.push((pp.clone(), p));
        walk(p.get("panels"), &format!("{pp}/panels"), out);
    }
}
