//! Writing source YAML: block style, multi-line strings as literal blocks, long lines never
//! folded (expressions stay on the line they were written on), YAML 1.1-ambiguous strings
//! quoted so every reader sees a string.

use serde_json::Value;

/// Renders a source document as YAML text.
pub fn to_yaml(doc: &Value) -> Result<String, String> {
    let mut options = serde_saphyr::SerializerOptions::default();
    options.folded_wrap_chars = usize::MAX / 2;
    options.prefer_block_scalars = true;
    serde_saphyr::to_string_with_options(doc, options).map_err(|e| e.to_string())
}

/// Parses YAML text back (to check what was written reads as what was meant).
pub fn from_yaml(text: &str) -> Result<Value, String> {
    serde_saphyr::from_str(text).map_err(|e| e.to_string())
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
}
