//! Writing source YAML: block style, multi-line strings as literal blocks, long lines never
//! folded (expressions stay on the line they were written on), YAML 1.1-ambiguous strings
//! quoted so every reader sees a string. Short mappings and lists of plain words and numbers
//! are written on one line (`gridPos: {x: 0, y: 8, w: 12, h: 8}`, `calcs: [mean, max]`), as
//! a person writes them.

use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};
use serde_json::{Map, Value};

/// Longest one-line rendering of a short mapping or list (its text inside the brackets).
const FLOW_WIDTH: usize = 60;

/// Renders a source document as YAML text.
pub fn to_yaml(doc: &Value) -> Result<String, String> {
    let mut options = serde_saphyr::SerializerOptions::default();
    options.folded_wrap_chars = usize::MAX / 2;
    options.prefer_block_scalars = true;
    serde_saphyr::to_string_with_options(&Styled(doc), options).map_err(|e| e.to_string())
}

/// Parses YAML text back (to check what was written reads as what was meant).
pub fn from_yaml(text: &str) -> Result<Value, String> {
    serde_saphyr::from_str(text).map_err(|e| e.to_string())
}

/// A value serialised with short all-scalar containers in flow style.
struct Styled<'a>(&'a Value);

impl Serialize for Styled<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.0 {
            Value::Object(map) if flow_map(map) => serde_saphyr::FlowMap(Entries(map)).serialize(s),
            Value::Object(map) => Entries(map).serialize(s),
            Value::Array(items) if flow_seq(items) => {
                serde_saphyr::FlowSeq(Items(items)).serialize(s)
            }
            Value::Array(items) => Items(items).serialize(s),
            scalar => scalar.serialize(s),
        }
    }
}

struct Entries<'a>(&'a Map<String, Value>);

impl Serialize for Entries<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in self.0 {
            m.serialize_entry(k, &Styled(v))?;
        }
        m.end()
    }
}

struct Items<'a>(&'a [Value]);

impl Serialize for Items<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut q = s.serialize_seq(Some(self.0.len()))?;
        for v in self.0 {
            q.serialize_element(&Styled(v))?;
        }
        q.end()
    }
}

/// A non-empty mapping of plain keys to plain scalars that fits on a line.
fn flow_map(map: &Map<String, Value>) -> bool {
    let mut width = 0;
    for (k, v) in map {
        let Some(w) = plain_scalar(v) else {
            return false;
        };
        if !plain_word(k) {
            return false;
        }
        width += k.len() + 2 + w + 4;
    }
    !map.is_empty() && width <= FLOW_WIDTH
}

/// A non-empty list of plain scalars that fits on a line.
fn flow_seq(items: &[Value]) -> bool {
    let mut width = 0;
    for v in items {
        let Some(w) = plain_scalar(v) else {
            return false;
        };
        width += w + 2;
    }
    !items.is_empty() && width <= FLOW_WIDTH
}

/// The width of a scalar that reads back the same unquoted inside `{…}` or `[…]`: numbers,
/// booleans, and words (`byName`, `palette-classic`, `node_cpu_seconds_total`).
fn plain_scalar(v: &Value) -> Option<usize> {
    match v {
        Value::Bool(b) => Some(if *b { 4 } else { 5 }),
        Value::Number(n) => Some(n.to_string().len()),
        Value::String(s) if plain_word(s) => Some(s.len() + 2),
        _ => None,
    }
}

/// A word with no YAML flow indicator in it: a letter first, then letters, digits, `_`, `-`,
/// `.`. (Words YAML 1.1 reads as booleans or null, `y`, `yes`, `off`, …, are quoted by the
/// serializer as everywhere else.)
fn plain_word(s: &str) -> bool {
    let mut chars = s.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn round_trips_awkward_strings() {
        let doc = json!({
            "title": "yes", "n": "1.10", "legend": "{{job}}", "empty": "",
            "expr": "sum by (job) (rate(http_requests_total{job=~\"$job\",code=~\"5..\"}[$__rate_interval])) / sum by (job) (rate(http_requests_total{job=~\"$job\"}[$__rate_interval]))",
            "multi": "line one\nline two\n", "trailing": "a  \n b\n\n", "tab": "a\tb", "colon": "a: b", "hash": "# x",
            "list": [1, 2.5, true, null], "map": {}
        });
        let text = to_yaml(&doc).unwrap();
        assert_eq!(from_yaml(&text).unwrap(), doc, "{text}");
        assert!(text.contains("expr: sum by (job)"), "{text}");
        assert!(text.contains("multi: |"), "{text}");
    }

    #[test]
    fn short_plain_containers_are_written_on_one_line() {
        let doc = json!({
            "gridPos": {"x": 0, "y": 8, "w": 12, "h": 8},
            "calcs": ["mean", "max"],
            "matcher": {"id": "byName", "options": "co2_ppm"},
            "properties": [{"id": "unit", "value": "ppm"}, {"id": "min", "value": 400}]
        });
        let text = to_yaml(&doc).unwrap();
        assert_eq!(from_yaml(&text).unwrap(), doc, "{text}");
        assert!(
            text.contains(r#"gridPos: {x: 0, "y": 8, w: 12, h: 8}"#),
            "{text}"
        );
        assert!(text.contains("calcs: [mean, max]"), "{text}");
        assert!(text.contains("- {id: unit, value: ppm}"), "{text}");
    }

    #[test]
    fn words_yaml_could_misread_keep_block_style() {
        // Numbers-as-strings, punctuation, templates, long maps; YAML 1.1 booleans quoted.
        let doc = json!({
            "a": {"show": "yes", "off": 1}, "b": {"value": "1.10"}, "c": {"legend": "{{job}}"},
            "d": ["a, b", "c"], "e": {"k": "x: y"}, "f": {"80": "red"}, "g": [null],
            "h": {"long": "a".repeat(70)}, "i": {"nested": {"x": 1}}, "j": [], "k": {}
        });
        let text = to_yaml(&doc).unwrap();
        assert_eq!(from_yaml(&text).unwrap(), doc, "{text}");
        assert!(text.contains(r#"a: {show: "yes", "off": 1}"#), "{text}");
        for block in [
            "b:\n  value:",
            "c:\n  legend:",
            "d:\n- ",
            "f:\n  \"80\"",
            "h:\n  long:",
        ] {
            assert!(
                text.contains(block),
                "{block:?} not in block style:\n{text}"
            );
        }
    }
}
