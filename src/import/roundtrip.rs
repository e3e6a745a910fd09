//! Puts the `raw:` patches into written source: walks the compiled dashboard (from the typed
//! keys alone) and the original side by side, both normalised, and attaches each element's
//! difference to the source element that produced it (dashboard, variable, annotation, row,
//! panel, query). Lists or structures that do not line up are replaced whole one level up.

use serde_json::{Map, Value, json};

use super::patch::merge_diff;

/// Counts of what needed `raw:`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PatchStats {
    /// Panels (not rows) written.
    pub panels: usize,
    /// Of those, panels with a `raw:` on the panel or one of its queries.
    pub panels_with_raw: usize,
}

/// Adds `raw:` patches to `source` so it compiles to `original`. Both dashboards are
/// normalised already.
pub fn add_patches(
    source: &mut Map<String, Value>,
    generated: &Value,
    original: &Value,
) -> PatchStats {
    let mut stats = PatchStats::default();
    let empty = Map::new();
    let g = generated.as_object().unwrap_or(&empty);
    let o = original.as_object().unwrap_or(&empty);
    let mut dash_raw = Map::new();
    for key in union_keys(g, o) {
        if matches!(key.as_str(), "panels" | "templating" | "annotations") {
            continue;
        }
        // Without a UID, Grafana assigns one: keep the compiler's.
        if key == "uid" && !o.contains_key("uid") {
            continue;
        }
        diff_key(&mut dash_raw, &key, g.get(&key), o.get(&key));
    }
    list_patches(source, "variables", "templating", g, o, &mut dash_raw);
    list_patches(source, "annotations", "annotations", g, o, &mut dash_raw);
    panel_patches(
        source,
        g.get("panels"),
        o.get("panels"),
        &mut dash_raw,
        &mut stats,
    );
    if !dash_raw.is_empty() {
        source.insert("raw".into(), Value::Object(dash_raw));
    }
    stats
}

fn union_keys(a: &Map<String, Value>, b: &Map<String, Value>) -> Vec<String> {
    let mut keys: Vec<String> = b.keys().cloned().collect();
    keys.extend(a.keys().filter(|k| !b.contains_key(*k)).cloned());
    keys
}

fn diff_key(raw: &mut Map<String, Value>, key: &str, g: Option<&Value>, o: Option<&Value>) {
    match (g, o) {
        (Some(a), Some(b)) => {
            if let Some(p) = merge_diff(a, b) {
                raw.insert(key.to_string(), p);
            }
        }
        (None, Some(b)) => {
            raw.insert(key.to_string(), b.clone());
        }
        (Some(_), None) => {
            raw.insert(key.to_string(), Value::Null);
        }
        (None, None) => {}
    }
}

fn list_of<'v>(d: &'v Map<String, Value>, key: &str) -> Vec<&'v Value> {
    d.get(key)
        .and_then(|t| t.get("list"))
        .and_then(Value::as_array)
        .map(|l| l.iter().collect())
        .unwrap_or_default()
}

/// Variables / annotations: per element when the lists line up, else the whole list.
fn list_patches(
    source: &mut Map<String, Value>,
    source_key: &str,
    json_key: &str,
    g: &Map<String, Value>,
    o: &Map<String, Value>,
    dash_raw: &mut Map<String, Value>,
) {
    let gl = list_of(g, json_key);
    let ol = list_of(o, json_key);
    let slots = source
        .get(source_key)
        .and_then(Value::as_array)
        .map_or(0, Vec::len);
    if gl.len() == ol.len() && slots == gl.len() {
        if let Some(Value::Array(items)) = source.get_mut(source_key) {
            for ((item, a), b) in items.iter_mut().zip(&gl).zip(&ol) {
                if let (Some(p), Some(m)) = (merge_diff(a, b), item.as_object_mut()) {
                    m.insert("raw".into(), p);
                }
            }
        }
    } else if gl != ol {
        let whole = o.get(json_key).cloned().unwrap_or(json!({"list": []}));
        dash_raw.insert(json_key.to_string(), whole);
    }
}

/// A flat walk of panels in compiled order: top-level, then each row followed by its
/// children (nested in collapsed rows, following it otherwise).
fn flatten(panels: Option<&Value>) -> Vec<&Value> {
    let mut out = Vec::new();
    for p in panels.and_then(Value::as_array).into_iter().flatten() {
        out.push(p);
        if let Some(Value::Array(children)) = p.get("panels") {
            out.extend(children.iter());
        }
    }
    out
}

/// Where a source panel or row is: top-level panel `i`, row `r`, or panel `j` of row `r`.
#[derive(Debug, Clone, Copy)]
enum Slot {
    Top(usize),
    Row(usize),
    RowPanel(usize, usize),
    /// Panel `k` under collapsed row `r` (`below:`), top-level in the compiled dashboard.
    RowBelow(usize, usize),
}

fn array_len(v: Option<&Value>) -> usize {
    v.and_then(Value::as_array).map_or(0, Vec::len)
}

/// The source slots in compiled order: top panels, then each row and its panels.
fn slots(source: &Map<String, Value>) -> Vec<Slot> {
    let mut out: Vec<Slot> = (0..array_len(source.get("panels")))
        .map(Slot::Top)
        .collect();
    for (r, row) in source
        .get("rows")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .enumerate()
    {
        out.push(Slot::Row(r));
        out.extend((0..array_len(row.get("panels"))).map(|j| Slot::RowPanel(r, j)));
        out.extend((0..array_len(row.get("below"))).map(|k| Slot::RowBelow(r, k)));
    }
    out
}

fn slot_mut(source: &mut Map<String, Value>, slot: Slot) -> Option<&mut Map<String, Value>> {
    match slot {
        Slot::Top(i) => source.get_mut("panels")?.get_mut(i)?.as_object_mut(),
        Slot::Row(r) => source.get_mut("rows")?.get_mut(r)?.as_object_mut(),
        Slot::RowPanel(r, j) => source
            .get_mut("rows")?
            .get_mut(r)?
            .get_mut("panels")?
            .get_mut(j)?
            .as_object_mut(),
        Slot::RowBelow(r, k) => source
            .get_mut("rows")?
            .get_mut(r)?
            .get_mut("below")?
            .get_mut(k)?
            .as_object_mut(),
    }
}

fn panel_patches(
    source: &mut Map<String, Value>,
    generated: Option<&Value>,
    original: Option<&Value>,
    dash_raw: &mut Map<String, Value>,
    stats: &mut PatchStats,
) {
    let gen_flat = flatten(generated);
    let orig_flat = flatten(original);
    let slots = slots(source);
    let panel_count = slots.iter().filter(|s| !matches!(s, Slot::Row(_))).count();
    let shape_matches = gen_flat.len() == orig_flat.len()
        && slots.len() == gen_flat.len()
        && gen_flat
            .iter()
            .zip(&orig_flat)
            .all(|(a, b)| is_row_panel(a) == is_row_panel(b) && nested_len(a) == nested_len(b));
    stats.panels += panel_count;
    if !shape_matches {
        if generated != original {
            dash_raw.insert("panels".into(), original.cloned().unwrap_or(json!([])));
            stats.panels_with_raw += panel_count;
        }
        return;
    }
    for ((slot, g), o) in slots.into_iter().zip(gen_flat).zip(orig_flat) {
        let row = matches!(slot, Slot::Row(_));
        if let Some(m) = slot_mut(source, slot) {
            let with_raw = patch_panel(m, g, o, row);
            if !row {
                stats.panels_with_raw += usize::from(with_raw);
            }
        }
    }
}

fn is_row_panel(p: &Value) -> bool {
    p.get("type").and_then(Value::as_str) == Some("row")
}

fn nested_len(p: &Value) -> usize {
    array_len(p.get("panels"))
}

/// Patches one panel (or row); returns whether it got any `raw:`.
fn patch_panel(slot: &mut Map<String, Value>, g: &Value, o: &Value, row: bool) -> bool {
    let empty = Map::new();
    let go = g.as_object().unwrap_or(&empty);
    let oo = o.as_object().unwrap_or(&empty);
    let mut raw = Map::new();
    let mut any = false;
    for key in union_keys(go, oo) {
        if key == "panels" || (key == "targets" && !row) {
            continue;
        }
        diff_key(&mut raw, &key, go.get(&key), oo.get(&key));
    }
    if !row {
        let gt: Vec<&Value> = go
            .get("targets")
            .and_then(Value::as_array)
            .map(|t| t.iter().collect())
            .unwrap_or_default();
        let ot: Vec<&Value> = oo
            .get("targets")
            .and_then(Value::as_array)
            .map(|t| t.iter().collect())
            .unwrap_or_default();
        let queries = query_count(slot);
        if gt.len() == ot.len() && queries == gt.len() {
            let patches: Vec<Option<Value>> =
                gt.iter().zip(&ot).map(|(a, b)| merge_diff(a, b)).collect();
            if patches.iter().any(Option::is_some) {
                any = true;
                to_queries_form(slot);
                if let Some(Value::Array(qs)) = slot.get_mut("queries") {
                    for (q, p) in qs.iter_mut().zip(patches) {
                        if let (Some(p), Some(m)) = (p, q.as_object_mut()) {
                            m.insert("raw".into(), p);
                        }
                    }
                }
            }
        } else if gt != ot {
            diff_key(&mut raw, "targets", go.get("targets"), oo.get("targets"));
        }
    }
    // A panel id the typed `id:` already gives: the difference came from the typed keys alone
    // colliding with a row's sequential id (rows get theirs back through their own `raw:`).
    if raw.contains_key("id") && raw.get("id") == slot.get("id") {
        raw.shift_remove("id");
    }
    if !raw.is_empty() {
        any = true;
        slot.insert("raw".into(), Value::Object(raw));
    }
    any
}

fn query_count(slot: &Map<String, Value>) -> usize {
    let short = usize::from(slot.contains_key("expr"));
    short
        + slot
            .get("queries")
            .and_then(Value::as_array)
            .map_or(0, Vec::len)
}

/// `expr:` + `legend:` → `queries: [{expr, legend}]`, so the query can carry `raw:`.
pub(crate) fn to_queries_form(slot: &mut Map<String, Value>) {
    let Some(expr) = slot.shift_remove("expr") else {
        return;
    };
    let mut q = Map::new();
    q.insert("expr".into(), expr);
    if let Some(Value::String(l)) = slot.get("legend").cloned() {
        slot.shift_remove("legend");
        q.insert("legend".into(), Value::String(l));
    }
    let mut qs = vec![Value::Object(q)];
    if let Some(Value::Array(rest)) = slot.shift_remove("queries") {
        qs.extend(rest);
    }
    slot.insert("queries".into(), Value::Array(qs));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn differences_land_on_the_elements_that_made_them() {
        let mut source = json!({
            "title": "T",
            "variables": [{"name": "job"}],
            "rows": [{"title": "R", "panels": [{"type": "stat", "expr": "up", "legend": "{{job}}"}]}]
        })
        .as_object()
        .cloned()
        .unwrap();
        let generated = json!({
            "title": "T", "schemaVersion": 41,
            "templating": {"list": [{"name": "job", "type": "query"}]},
            "panels": [
                {"type": "row", "title": "R", "id": 1},
                {"type": "stat", "id": 2, "targets": [{"refId": "A", "expr": "up", "legendFormat": "{{job}}"}]}
            ]
        });
        let original = json!({
            "title": "T", "schemaVersion": 27,
            "templating": {"list": [{"name": "job", "type": "query", "regex": "/a/"}]},
            "panels": [
                {"type": "row", "title": "R", "id": 1},
                {"type": "stat", "id": 2, "maxPerRow": 4,
                 "targets": [{"refId": "A", "expr": "up", "legendFormat": "{{job}}", "step": 10}]}
            ]
        });
        let stats = add_patches(&mut source, &generated, &original);
        assert_eq!(
            stats,
            PatchStats {
                panels: 1,
                panels_with_raw: 1
            }
        );
        assert_eq!(
            Value::Object(source),
            json!({
                "title": "T",
                "variables": [{"name": "job", "raw": {"regex": "/a/"}}],
                "rows": [{"title": "R", "panels": [{"type": "stat",
                    "queries": [{"expr": "up", "legend": "{{job}}", "raw": {"step": 10}}],
                    "raw": {"maxPerRow": 4}}]}],
                "raw": {"schemaVersion": 27}
            })
        );
    }

    #[test]
    fn an_id_the_typed_key_already_gives_is_not_patched() {
        let mut source = json!({"title": "T", "panels": [{"type": "text", "id": 3}]})
            .as_object()
            .cloned()
            .unwrap();
        // The typed keys alone compiled to a colliding id that Grafana's model renumbers.
        let generated = json!({"title": "T", "panels": [{"type": "text", "id": 4}]});
        let original = json!({"title": "T", "panels": [{"type": "text", "id": 3}]});
        let stats = add_patches(&mut source, &generated, &original);
        assert_eq!(stats.panels_with_raw, 0);
        assert_eq!(source["panels"][0].get("raw"), None);
        let generated = json!({"title": "T", "panels": [{"type": "text", "id": 4}]});
        let original = json!({"title": "T", "panels": [{"type": "text", "id": 5}]});
        let mut source = json!({"title": "T", "panels": [{"type": "text", "id": 3}]})
            .as_object()
            .cloned()
            .unwrap();
        add_patches(&mut source, &generated, &original);
        assert_eq!(source["panels"][0]["raw"], json!({"id": 5}));
    }

    #[test]
    fn a_layout_that_does_not_line_up_is_replaced_whole() {
        let mut source = json!({"title": "T", "panels": [{"type": "text"}]})
            .as_object()
            .cloned()
            .unwrap();
        let generated = json!({"title": "T", "panels": [{"type": "text"}]});
        let original =
            json!({"title": "T", "panels": [{"type": "text"}, {"type": "text", "title": "2"}]});
        let stats = add_patches(&mut source, &generated, &original);
        assert_eq!(stats.panels_with_raw, 1);
        assert_eq!(source["raw"]["panels"], original["panels"]);
    }
}
