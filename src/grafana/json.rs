//! Canonical JSON: what Grafana itself writes when it saves a dashboard (object keys sorted,
//! 2-space indentation), made byte-stable (trailing newline; characters that some YAML 1.1
//! readers take for line breaks are `\u`-escaped, so the JSON survives a block scalar).

use serde::Serialize;
use serde_json::{Map, Value};

/// Serialises `value` to canonical JSON bytes: keys sorted recursively, pretty-printed with
/// two spaces, a trailing newline, and U+0085/U+2028/U+2029 escaped.
pub fn to_canonical_json<T: Serialize + ?Sized>(value: &T) -> Result<Vec<u8>, serde_json::Error> {
    let mut v = serde_json::to_value(value)?;
    sort_keys(&mut v);
    let mut out = serde_json::to_vec_pretty(&v)?;
    out.push(b'\n');
    Ok(escape_yaml_breaks(out))
}

/// A number as JSON the way Grafana's JavaScript writes it: integral values without `.0`.
pub fn num(n: f64) -> Value {
    if n.is_finite() && n.fract() == 0.0 && n.abs() < 9_007_199_254_740_992.0 {
        Value::from(n as i64)
    } else {
        serde_json::Number::from_f64(n).map_or(Value::Null, Value::Number)
    }
}

/// [`num`] of an optional number; `None` is `null`.
pub fn opt_num(n: Option<f64>) -> Value {
    n.map_or(Value::Null, num)
}

/// `serialize_with` for `Option<f64>` fields: integral values without `.0`, `None` as `null`.
pub fn serialize_opt_num<S: serde::Serializer>(n: &Option<f64>, s: S) -> Result<S::Ok, S::Error> {
    opt_num(*n).serialize(s)
}

/// `serialize_with` for `f64` fields (see [`num`]).
pub fn serialize_num<S: serde::Serializer>(n: &f64, s: S) -> Result<S::Ok, S::Error> {
    num(*n).serialize(s)
}

/// `serialize_with` for `Vec<f64>` fields (see [`num`]).
pub fn serialize_nums<S: serde::Serializer>(ns: &[f64], s: S) -> Result<S::Ok, S::Error> {
    s.collect_seq(ns.iter().map(|n| num(*n)))
}

/// Sorts the keys of every object in `v`, recursively (Grafana's `sortedDeepCloneWithoutNulls`
/// order, without dropping the nulls we chose to write).
pub fn sort_keys(v: &mut Value) {
    match v {
        Value::Object(map) => {
            let mut entries: Vec<(String, Value)> = std::mem::take(map).into_iter().collect();
            entries.sort_by(|a, b| a.0.cmp(&b.0));
            let mut sorted = Map::with_capacity(entries.len());
            for (k, mut child) in entries {
                sort_keys(&mut child);
                sorted.insert(k, child);
            }
            *map = sorted;
        }
        Value::Array(items) => items.iter_mut().for_each(sort_keys),
        _ => {}
    }
}

/// Replaces the UTF-8 encodings of NEL, LINE SEPARATOR and PARAGRAPH SEPARATOR (legal raw in
/// JSON strings, line breaks to libyaml-based readers) with their `\u` escapes. They can only
/// occur inside JSON strings, where the escape means the same character.
fn escape_yaml_breaks(bytes: Vec<u8>) -> Vec<u8> {
    let needs = bytes
        .windows(2)
        .any(|w| w == [0xC2, 0x85] || w == [0xE2, 0x80]);
    if !needs {
        return bytes;
    }
    let mut out = Vec::with_capacity(bytes.len() + 16);
    let mut i = 0;
    while i < bytes.len() {
        let rest = &bytes[i..];
        if rest.starts_with(&[0xC2, 0x85]) {
            out.extend_from_slice(b"\\u0085");
            i += 2;
        } else if rest.starts_with(&[0xE2, 0x80, 0xA8]) {
            out.extend_from_slice(b"\\u2028");
            i += 3;
        } else if rest.starts_with(&[0xE2, 0x80, 0xA9]) {
            out.extend_from_slice(b"\\u2029");
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn integral_numbers_without_fraction() {
        assert_eq!(num(80.0).to_string(), "80");
        assert_eq!(num(-3.0).to_string(), "-3");
        assert_eq!(num(0.05).to_string(), "0.05");
        assert_eq!(num(f64::NAN), Value::Null);
        assert_eq!(opt_num(None), Value::Null);
    }

    #[test]
    fn keys_sorted_recursively_pretty_with_newline() {
        let v = json!({"b": 1, "a": {"d": [ {"z": 1, "y": null} ], "c": "x"}});
        let s = String::from_utf8(to_canonical_json(&v).unwrap()).unwrap();
        assert_eq!(
            s,
            "{\n  \"a\": {\n    \"c\": \"x\",\n    \"d\": [\n      {\n        \"y\": null,\n        \"z\": 1\n      }\n    ]\n  },\n  \"b\": 1\n}\n"
        );
    }

    #[test]
    fn yaml_line_breaks_escaped_and_round_trip() {
        let v = json!({"t": "a\u{2028}b\u{85}c\u{2029}"});
        let bytes = to_canonical_json(&v).unwrap();
        let s = String::from_utf8(bytes).unwrap();
        assert!(s.contains("a\\u2028b\\u0085c\\u2029"), "{s}");
        let back: Value = serde_json::from_str(&s).unwrap();
        assert_eq!(back, v);
    }
}
