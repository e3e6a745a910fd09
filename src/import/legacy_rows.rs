//! The pre-grid layout (`schemaVersion` < 16): `rows[]`, each with a pixel `height` and panels
//! sized by `span` on a 12-column grid. Grafana upgrades it on load (its dashboard migrator,
//! schema version 16, "upgradeToGridLayout"); this does the same so the imported dashboard is
//! what Grafana shows:
//! - rows become `row` panels only when some row is collapsed, repeated or shows its title;
//! - a panel is `span × 2` columns wide and as high as its own `height` or its row's, in
//!   38-pixel grid units (30 px cell + 8 px margin), at least 3;
//! - panels are packed left to right, wrapping to a new line when the row is full;
//! - a collapsed row keeps its panels inside it; the row id is one above the largest panel id.

use serde_json::{Map, Value, json};

const GRID_COLUMNS: i64 = 24;
const DEFAULT_ROW_HEIGHT_PX: i64 = 250;
const DEFAULT_SPAN: f64 = 4.0;
const MIN_PANEL_HEIGHT_PX: i64 = 90;
const GRID_UNIT_PX: i64 = 38;

/// Upgrades a `rows[]` dashboard in place. Returns whether it had `rows`.
pub fn upgrade(dashboard: &mut Map<String, Value>) -> bool {
    let Some(rows) = dashboard.shift_remove("rows") else {
        return false;
    };
    let rows: Vec<Map<String, Value>> = match rows {
        Value::Array(rows) => rows
            .into_iter()
            .filter_map(|r| match r {
                Value::Object(o) => Some(o),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    };
    let mut panels = match dashboard.shift_remove("panels") {
        Some(Value::Array(p)) => p,
        _ => Vec::new(),
    };
    panels.extend(layout(rows));
    sort_by_grid_pos(&mut panels);
    dashboard.insert("panels".into(), Value::Array(panels));
    let version = dashboard
        .get("schemaVersion")
        .and_then(Value::as_i64)
        .unwrap_or(0);
    if version < 16 {
        dashboard.insert("schemaVersion".into(), json!(16));
    }
    true
}

fn truthy(v: Option<&Value>) -> bool {
    match v {
        None | Some(Value::Null) => false,
        Some(Value::Bool(b)) => *b,
        Some(Value::String(s)) => !s.is_empty(),
        Some(Value::Number(n)) => n.as_f64() != Some(0.0),
        Some(_) => true,
    }
}

/// Pixel height (`250`, `"250px"`) to grid units.
fn grid_height(v: Option<&Value>) -> i64 {
    let px = match v {
        Some(Value::Number(n)) => n.as_f64().map(|f| f as i64),
        Some(Value::String(s)) => s
            .trim()
            .trim_end_matches("px")
            .trim()
            .parse::<f64>()
            .ok()
            .map(|f| f as i64),
        _ => None,
    }
    .unwrap_or(DEFAULT_ROW_HEIGHT_PX)
    .max(MIN_PANEL_HEIGHT_PX);
    (px + GRID_UNIT_PX - 1) / GRID_UNIT_PX
}

fn layout(rows: Vec<Map<String, Value>>) -> Vec<Value> {
    let max_id = rows
        .iter()
        .flat_map(|r| {
            r.get("panels")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
        })
        .filter_map(|p| p.get("id").and_then(Value::as_i64))
        .max()
        .unwrap_or(0);
    let mut next_row_id = max_id + 1;
    let show_rows = rows.iter().any(|r| {
        truthy(r.get("collapse")) || truthy(r.get("showTitle")) || truthy(r.get("repeat"))
    });
    let mut out = Vec::new();
    let mut y = 0;
    for mut row in rows {
        if truthy(row.get("repeatIteration")) {
            continue; // a copy made by repeating a row, not part of the model
        }
        let row_height = grid_height(row.get("height"));
        let collapsed = truthy(row.get("collapse"));
        let mut row_panel = None;
        if show_rows {
            let mut rp = Map::new();
            rp.insert("id".into(), json!(next_row_id));
            rp.insert("type".into(), json!("row"));
            rp.insert(
                "title".into(),
                row.get("title").cloned().unwrap_or(json!("")),
            );
            rp.insert("collapsed".into(), json!(collapsed));
            if let Some(repeat) = row.get("repeat").filter(|r| truthy(Some(r))) {
                rp.insert("repeat".into(), repeat.clone());
            }
            rp.insert("panels".into(), json!([]));
            rp.insert(
                "gridPos".into(),
                json!({"x": 0, "y": y, "w": GRID_COLUMNS, "h": row_height}),
            );
            row_panel = Some(rp);
            next_row_id += 1;
            y += 1;
        }
        let mut area = RowArea::new(row_height, y);
        let mut children = Vec::new();
        let panels = match row.shift_remove("panels") {
            Some(Value::Array(p)) => p,
            _ => Vec::new(),
        };
        for panel in panels {
            let Value::Object(mut panel) = panel else {
                continue;
            };
            let span = panel
                .shift_remove("span")
                .and_then(|s| s.as_f64())
                .unwrap_or(DEFAULT_SPAN);
            let width = ((span.floor() as i64) * 2).clamp(1, GRID_COLUMNS);
            let height = match panel.shift_remove("height") {
                Some(h) if !h.is_null() => grid_height(Some(&h)),
                _ => row_height,
            };
            if let Some(min_span) = panel.get("minSpan").and_then(Value::as_f64) {
                panel.insert("minSpan".into(), json!((min_span * 2.0).min(24.0) as i64));
            }
            let (px, py) = area.place(height, width);
            let pos = json!({"x": px, "y": py, "w": width, "h": height});
            area.add(px, py, width, height);
            panel.insert("gridPos".into(), pos);
            children.push(Value::Object(panel));
        }
        y = area.y;
        match row_panel {
            Some(mut rp) if collapsed => {
                rp.insert("panels".into(), Value::Array(children));
                out.push(Value::Object(rp));
            }
            Some(rp) => {
                out.extend(children);
                out.push(Value::Object(rp));
                y += row_height;
            }
            None => {
                out.extend(children);
                y += row_height;
            }
        }
    }
    out
}

/// Free space of the current line of a legacy row: how high each grid column is filled.
struct RowArea {
    filled: [i64; GRID_COLUMNS as usize],
    height: i64,
    y: i64,
}

impl RowArea {
    fn new(height: i64, y: i64) -> Self {
        RowArea {
            filled: [0; GRID_COLUMNS as usize],
            height,
            y,
        }
    }

    /// Leftmost x where `width` columns are free on the current line, else a new line.
    fn place(&mut self, height: i64, width: i64) -> (i64, i64) {
        let _ = height;
        let w = width as usize;
        let free_from = self
            .filled
            .iter()
            .rposition(|&f| f > 0)
            .map_or(0, |i| i + 1);
        if free_from + w <= self.filled.len() {
            return (free_from as i64, self.y);
        }
        self.y += self.height;
        self.filled = [0; GRID_COLUMNS as usize];
        (0, self.y)
    }

    fn add(&mut self, x: i64, y: i64, w: i64, h: i64) {
        let bottom = y + h - self.y;
        for f in self.filled.iter_mut().skip(x as usize).take(w as usize) {
            *f = (*f).max(bottom);
        }
    }
}

/// Expanded rows whose panels are nested inside them (as grafonnet writes them): the panels
/// are moved after the row, where an expanded row's panels live. Returns whether any moved.
pub fn expand_nested(dashboard: &mut Map<String, Value>) -> bool {
    let Some(Value::Array(panels)) = dashboard.get_mut("panels") else {
        return false;
    };
    let mut out = Vec::with_capacity(panels.len());
    let mut moved = false;
    for mut p in std::mem::take(panels) {
        let expanded_row = p.get("type").and_then(Value::as_str) == Some("row")
            && p.get("collapsed") != Some(&Value::Bool(true));
        let children = match p.get_mut("panels") {
            Some(Value::Array(c)) if expanded_row && !c.is_empty() => std::mem::take(c),
            _ => Vec::new(),
        };
        moved |= !children.is_empty();
        out.push(p);
        out.extend(children);
    }
    *panels = out;
    moved
}

/// Orders panels top to bottom, then left to right, as Grafana does after migrating.
pub fn sort_by_grid_pos(panels: &mut [Value]) {
    let key = |p: &Value| {
        let g = p.get("gridPos");
        let n = |k: &str| {
            g.and_then(|g| g.get(k))
                .and_then(Value::as_i64)
                .unwrap_or(0)
        };
        (n("y"), n("x"))
    };
    panels.sort_by_key(key);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_with_titles_become_row_panels_and_spans_become_widths() {
        let mut d = json!({"schemaVersion": 14, "rows": [
            {"title": "A", "showTitle": true, "height": "250px", "panels": [
                {"id": 1, "type": "graph", "span": 6}, {"id": 2, "type": "graph", "span": 6},
                {"id": 3, "type": "singlestat", "span": 4, "height": "100px"}]},
            {"title": "B", "collapse": true, "height": 300, "panels": [{"id": 4, "type": "text", "span": 12}]},
            {"title": "C", "panels": [{"id": 5, "type": "text"}]}
        ]})
        .as_object()
        .cloned()
        .unwrap();
        assert!(upgrade(&mut d));
        assert_eq!(d["schemaVersion"], json!(16));
        let panels = d["panels"].as_array().unwrap();
        let summary: Vec<(Option<i64>, &str, &Value)> = panels
            .iter()
            .map(|p| (p["id"].as_i64(), p["type"].as_str().unwrap(), &p["gridPos"]))
            .collect();
        assert_eq!(
            summary,
            vec![
                (Some(6), "row", &json!({"x": 0, "y": 0, "w": 24, "h": 7})),
                (Some(1), "graph", &json!({"x": 0, "y": 1, "w": 12, "h": 7})),
                (Some(2), "graph", &json!({"x": 12, "y": 1, "w": 12, "h": 7})),
                (
                    Some(3),
                    "singlestat",
                    &json!({"x": 0, "y": 8, "w": 8, "h": 3})
                ),
                (Some(7), "row", &json!({"x": 0, "y": 15, "w": 24, "h": 8})),
                (Some(8), "row", &json!({"x": 0, "y": 16, "w": 24, "h": 7})),
                (Some(5), "text", &json!({"x": 0, "y": 17, "w": 8, "h": 7})),
            ]
        );
        // The collapsed row holds its panel; spans are gone.
        assert_eq!(panels[4]["collapsed"], json!(true));
        assert_eq!(
            panels[4]["panels"][0]["gridPos"],
            json!({"x": 0, "y": 16, "w": 24, "h": 8})
        );
        assert!(panels.iter().all(|p| p.get("span").is_none()));
    }

    #[test]
    fn single_untitled_row_has_no_row_panel() {
        let mut d = json!({"rows": [{"panels": [{"id": 1, "span": 12}]}]})
            .as_object()
            .cloned()
            .unwrap();
        upgrade(&mut d);
        assert_eq!(
            d["panels"],
            json!([{"id": 1, "gridPos": {"x": 0, "y": 0, "w": 24, "h": 7}}])
        );
    }

    #[test]
    fn grid_dashboards_are_untouched() {
        let mut d = json!({"panels": []}).as_object().cloned().unwrap();
        assert!(!upgrade(&mut d));
    }
}
