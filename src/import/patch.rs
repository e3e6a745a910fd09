//! `raw:` merge patches: what the typed source cannot say, computed against what the
//! compiler made of the typed keys.
//!
//! Both sides are compared in normalised form ([`super::normalize`]), element by element
//! (dashboard, panel, query, variable, annotation), so a patch only carries real differences.
//! A patch is an RFC 7386 merge patch: objects merge key by key, `null` deletes, anything
//! else (arrays included) replaces.

use serde_json::{Map, Value};

/// The RFC 7386 merge patch turning `from` into `to` (`None`: they are equal).
pub fn merge_diff(from: &Value, to: &Value) -> Option<Value> {
    match (from, to) {
        (Value::Object(a), Value::Object(b)) => {
            let mut patch = Map::new();
            for (k, vb) in b {
                match a.get(k) {
                    Some(va) => {
                        if let Some(p) = merge_diff(va, vb) {
                            patch.insert(k.clone(), p);
                        }
                    }
                    None => {
                        patch.insert(k.clone(), vb.clone());
                    }
                }
            }
            for k in a.keys() {
                if !b.contains_key(k) {
                    patch.insert(k.clone(), Value::Null);
                }
            }
            (!patch.is_empty()).then_some(Value::Object(patch))
        }
        _ if from == to => None,
        // A replaced object must not be merged into the old one: replace by a non-object
        // first is impossible in one patch, so nested objects are diffed recursively above
        // and only non-object values replace here.
        _ => Some(to.clone()),
    }
}

/// Applies an RFC 7386 merge patch.
pub fn apply(target: &mut Value, patch: &Value) {
    let Value::Object(patch) = patch else {
        *target = patch.clone();
        return;
    };
    if !target.is_object() {
        *target = Value::Object(Map::new());
    }
    if let Value::Object(map) = target {
        for (key, value) in patch {
            if value.is_null() {
                map.shift_remove(key);
            } else {
                apply(map.entry(key.clone()).or_insert(Value::Null), value);
            }
        }
    }
}

/// Whether applying a patch reproduces `to` exactly: false when `to` holds `null` inside an
/// object (a merge patch cannot set `null`).
pub fn expressible(to: &Value) -> bool {
    match to {
        Value::Object(o) => o.values().all(|v| !v.is_null() && expressible(v)),
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn diff_then_apply_reproduces_the_target() {
        let from = json!({"a": 1, "b": {"c": 2, "d": [1]}, "gone": true, "obj": {"x": 1}});
        let to = json!({"a": 1, "b": {"c": 3, "d": [1, 2]}, "new": {"y": "z"}, "obj": 5});
        let p = merge_diff(&from, &to).unwrap();
        assert_eq!(
            p,
            json!({"b": {"c": 3, "d": [1, 2]}, "new": {"y": "z"}, "obj": 5, "gone": null})
        );
        let mut x = from.clone();
        apply(&mut x, &p);
        assert_eq!(x, to);
        assert_eq!(merge_diff(&to, &to), None);
    }

    #[test]
    fn nulls_inside_objects_are_not_expressible() {
        assert!(expressible(&json!({"a": [null], "b": {"c": 1}})));
        assert!(!expressible(&json!({"a": {"b": null}})));
    }
}
