//! The `loki-rules` target: one Loki ruler file (`groups:` with LogQL expressions,
//! A-formats §6.2) per alert file whose groups say `engine: loki`.
//!
//! Loki's local ruler storage reads `<directory>/<tenant>/*.yaml` (tenant `fake` when
//! single-tenant): mount or sync `loki-rules/` as a tenant's directory, or load the files with
//! `lokitool rules sync`.

use super::names::unique_names;
use super::yaml::to_yaml_file;
use super::{EmitError, OutputFile};
use crate::grafana::rules::RuleFile;
use crate::model::{AlertRules, Model};

/// Directory of this target in the output tree.
pub const DIR: &str = "loki-rules";

/// The target's files.
pub fn emit(model: &Model) -> Result<Vec<OutputFile>, EmitError> {
    let files: Vec<_> = model
        .alert_files
        .iter()
        .filter_map(|f| match &f.rules {
            AlertRules::Loki(groups) => Some((f, groups)),
            _ => None,
        })
        .collect();
    let identities: Vec<String> = files
        .iter()
        .map(|(f, _)| format!("{}-{}", f.team, f.name))
        .collect();
    files
        .iter()
        .zip(unique_names(&identities))
        .map(|((f, groups), name)| {
            let file = RuleFile {
                groups: groups.to_vec(),
            };
            Ok(OutputFile::new(
                format!("{DIR}/{name}.yaml"),
                to_yaml_file(&file, &format!("Loki rules {}/{}", f.team, f.name))?,
            ))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::emit::testmodel::test_model;

    #[test]
    fn one_file_per_loki_alert_file() {
        let files = emit(&test_model()).unwrap();
        assert_eq!(files.len(), 1);
        assert_eq!(
            files[0].path.display().to_string(),
            "loki-rules/platform-logs.yaml"
        );
        let text = String::from_utf8(files[0].bytes.clone()).unwrap();
        assert!(text.contains("\ngroups:\n"), "{text}");
    }
}
