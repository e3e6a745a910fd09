//! The generic part of the diff: every JSON leaf that differs, by path.

use serde_json::Value;

use super::Change;

/// Records every leaf that differs between `a` and `b` as a change of `subject`, naming it by
/// its path under `prefix` (`fieldConfig.defaults.unit`, `tags[1]`).
pub(super) fn leaf_changes(
    subject: &str,
    prefix: &str,
    a: &Value,
    b: &Value,
    out: &mut Vec<Change>,
) {
    leaf_changes_except(subject, prefix, a, b, &[], out);
}

/// [`leaf_changes`], skipping the given top-level keys (compared elsewhere).
pub(super) fn leaf_changes_except(
    subject: &str,
    prefix: &str,
    a: &Value,
    b: &Value,
    skip: &[&str],
    out: &mut Vec<Change>,
) {
    match (a, b) {
        (Value::Object(ma), Value::Object(mb)) => {
            let mut keys: Vec<&String> = ma.keys().chain(mb.keys()).collect();
            keys.sort();
            keys.dedup();
            for key in keys {
                if skip.contains(&key.as_str()) {
                    continue;
                }
                let path = join(prefix, key);
                match (ma.get(key), mb.get(key)) {
                    (Some(va), Some(vb)) => leaf_changes(subject, &path, va, vb, out),
                    (Some(va), None) => out.push(Change::removed(subject, &path, Some(show(va)))),
                    (None, Some(vb)) => out.push(Change::added(subject, &path, Some(show(vb)))),
                    (None, None) => {}
                }
            }
        }
        (Value::Array(xa), Value::Array(xb)) if !all_scalars(xa) || !all_scalars(xb) => {
            for i in 0..xa.len().max(xb.len()) {
                let path = format!("{prefix}[{i}]");
                match (xa.get(i), xb.get(i)) {
                    (Some(va), Some(vb)) => leaf_changes(subject, &path, va, vb, out),
                    (Some(va), None) => out.push(Change::removed(subject, &path, Some(show(va)))),
                    (None, Some(vb)) => out.push(Change::added(subject, &path, Some(show(vb)))),
                    (None, None) => {}
                }
            }
        }
        (Value::Array(xa), Value::Array(xb)) if a != b => {
            scalar_items(subject, prefix, xa, xb, out)
        }
        _ if a != b => out.push(Change::changed(subject, prefix, show(a), show(b))),
        _ => {}
    }
}

/// Lists of scalars (owners, tags, values) read as sets: each item added or removed; a change
/// of order only shows the whole list.
fn scalar_items(subject: &str, path: &str, a: &[Value], b: &[Value], out: &mut Vec<Change>) {
    let start = out.len();
    for item in a.iter().filter(|v| !b.contains(v)) {
        out.push(Change::removed(subject, path, Some(show(item))));
    }
    for item in b.iter().filter(|v| !a.contains(v)) {
        out.push(Change::added(subject, path, Some(show(item))));
    }
    if out.len() == start {
        let list = |x: &[Value]| Value::Array(x.to_vec()).to_string();
        out.push(Change::changed(subject, path, list(a), list(b)));
    }
}

/// `prefix.key`, or `key` at the top.
pub(super) fn join(prefix: &str, key: &str) -> String {
    if prefix.is_empty() {
        key.to_string()
    } else {
        format!("{prefix}.{key}")
    }
}

/// A value for a message: strings as written, anything else as compact JSON.
pub(super) fn show(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn all_scalars(values: &[Value]) -> bool {
    values
        .iter()
        .all(|v| !matches!(v, Value::Object(_) | Value::Array(_)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diff::ChangeKind;
    use serde_json::json;

    fn changes(a: Value, b: Value) -> Vec<(String, ChangeKind, Option<String>, Option<String>)> {
        let mut out = Vec::new();
        leaf_changes("s", "", &a, &b, &mut out);
        out.into_iter()
            .map(|c| (c.field, c.kind, c.before, c.after))
            .collect()
    }

    #[test]
    fn nested_leaves_are_named_by_path() {
        let got = changes(
            json!({"a": {"unit": "ms", "same": 1}, "tags": ["x", "y"], "gone": true}),
            json!({"a": {"unit": "s", "same": 1}, "tags": ["x", "z"], "new": 2}),
        );
        assert_eq!(
            got,
            vec![
                (
                    "a.unit".into(),
                    ChangeKind::Changed,
                    Some("ms".into()),
                    Some("s".into())
                ),
                (
                    "gone".into(),
                    ChangeKind::Removed,
                    Some("true".into()),
                    None
                ),
                ("new".into(), ChangeKind::Added, None, Some("2".into())),
                ("tags".into(), ChangeKind::Removed, Some("y".into()), None),
                ("tags".into(), ChangeKind::Added, None, Some("z".into())),
            ]
        );
    }

    #[test]
    fn arrays_of_objects_compare_by_index() {
        let got = changes(json!([{"v": 1}]), json!([{"v": 2}, {"v": 3}]));
        assert_eq!(got[0].0, "[0].v");
        assert_eq!(
            got[1],
            (
                "[1]".into(),
                ChangeKind::Added,
                None,
                Some(r#"{"v":3}"#.into())
            )
        );
    }

    #[test]
    fn reordered_scalar_lists_show_the_whole_list() {
        let got = changes(json!({"t": [1, 2]}), json!({"t": [2, 1]}));
        assert_eq!(
            got,
            vec![(
                "t".into(),
                ChangeKind::Changed,
                Some("[1,2]".into()),
                Some("[2,1]".into())
            )]
        );
    }

    #[test]
    fn equal_values_give_nothing() {
        assert!(
            changes(
                json!({"a": [1, {"b": null}]}),
                json!({"a": [1, {"b": null}]})
            )
            .is_empty()
        );
    }
}
