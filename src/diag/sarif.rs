//! `--format sarif`: a SARIF 2.1.0 log with one run. `tool.driver.rules` lists every rule a
//! result refers to (id, short description, help text); each result has `ruleId`, `ruleIndex`,
//! `level` and a physical location with a 1-based region. Columns count Unicode code points
//! (`run.columnKind`), matching the other formats.

use std::collections::BTreeMap;

use serde_json::{Value, json};

use super::{Diagnostic, RuleInfo, Severity};

/// The `$schema` URI written in the log.
pub const SCHEMA_URI: &str = "https://json.schemastore.org/sarif-2.1.0.json";

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

fn rule_value(rule: &RuleInfo) -> Value {
    json!({
        "id": rule.id,
        "name": rule.id,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": rule.summary},
        "help": {"text": rule.help, "markdown": rule.help},
    })
}

fn result_value(d: &Diagnostic, rule_index: usize) -> Value {
    let mut text = d.message.clone();
    if let Some(help) = &d.help {
        text.push_str("\nhelp: ");
        text.push_str(help);
    }
    let mut result = json!({
        "ruleId": d.id,
        "ruleIndex": rule_index,
        "level": level(d.severity),
        "message": {"text": text},
    });
    if let Some(label) = &d.label {
        let r = label.region();
        result["locations"] = json!([{
            "physicalLocation": {
                "artifactLocation": {"uri": uri_of(&label.path())},
                "region": {
                    "startLine": r.start_line,
                    "startColumn": r.start_column,
                    "endLine": r.end_line,
                    "endColumn": r.end_column,
                },
            }
        }]);
    }
    result
}

/// A relative path as a URI reference: percent-encodes what a URI may not hold as is.
fn uri_of(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/!$&'()*+,;=:@".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The SARIF log. `known` describes rules by id; a finding whose id is not there (a loader
/// error, say) gets a rule with its id as description.
pub fn render(diags: &[Diagnostic], known: &[RuleInfo], version: &str) -> String {
    let mut rules: BTreeMap<&str, RuleInfo> = BTreeMap::new();
    for d in diags {
        rules.entry(d.id.as_str()).or_insert_with(|| {
            known
                .iter()
                .find(|r| r.id == d.id)
                .cloned()
                .unwrap_or_else(|| RuleInfo {
                    id: d.id.clone(),
                    summary: d.id.clone(),
                    help: d.id.clone(),
                })
        });
    }
    let index: BTreeMap<&str, usize> = rules.keys().enumerate().map(|(i, k)| (*k, i)).collect();
    let results: Vec<Value> = diags
        .iter()
        .map(|d| result_value(d, index.get(d.id.as_str()).copied().unwrap_or(0)))
        .collect();
    let log = json!({
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "grafcode",
                "version": version,
                "rules": rules.values().map(rule_value).collect::<Vec<_>>(),
            }},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    });
    let mut out = serde_json::to_string_pretty(&log).unwrap_or_default();
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::SourceFile;

    #[test]
    fn results_point_at_rules_and_regions() {
        let file = SourceFile::new("teams/a b/x.yaml", "expr: up[\n");
        let diags = vec![
            Diagnostic::error("promql/syntax", "unclosed").at(&file, 8..9),
            Diagnostic::warning("other/id", "m"),
        ];
        let known = [RuleInfo {
            id: "promql/syntax".into(),
            summary: "PromQL syntax".into(),
            help: "Fix it.".into(),
        }];
        let log: Value = serde_json::from_str(&render(&diags, &known, "0.1.0")).unwrap();
        let run = &log["runs"][0];
        assert_eq!(run["tool"]["driver"]["rules"][1]["id"], "promql/syntax");
        assert_eq!(run["tool"]["driver"]["rules"][1]["help"]["text"], "Fix it.");
        let r = &run["results"][0];
        assert_eq!(r["ruleIndex"], 1);
        assert_eq!(r["level"], "error");
        let loc = &r["locations"][0]["physicalLocation"];
        assert_eq!(loc["artifactLocation"]["uri"], "teams/a%20b/x.yaml");
        assert_eq!(loc["region"]["startColumn"], 9);
        assert_eq!(loc["region"]["endColumn"], 10);
        assert!(run["results"][1].get("locations").is_none());
    }
}
