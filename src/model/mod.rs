//! The IR: typed Grafana objects compiled from source, each with its origin, and every query
//! with its language and the place it was written, so checks and diagnostics can point at
//! the exact character of the source file.

use std::collections::BTreeMap;
use std::ops::Range;
use std::sync::Arc;

use crate::grafana;
use crate::query::Lang;
use crate::source::SourceFile;

/// Where an object or value came from: a file and a byte range of it.
#[derive(Debug, Clone)]
pub struct Origin {
    /// The source file.
    pub file: Arc<SourceFile>,
    /// Byte range in the file.
    pub span: Range<usize>,
}

/// Maps byte offsets of a string value (as the program sees it, after YAML/JSON unescaping
/// and block-scalar folding) back to byte offsets of the file it was written in.
#[derive(Debug, Clone)]
pub struct TextOrigin {
    /// The source file.
    pub file: Arc<SourceFile>,
    /// `(value_offset, file_offset)` pairs, sorted by `value_offset`, the first at 0: a value
    /// offset `x` maps to `file_offset + (x - value_offset)` of the last pair at or before it.
    pub segments: Vec<(usize, usize)>,
}

impl TextOrigin {
    /// A value written verbatim starting at `file_offset` (a plain or single-line scalar).
    pub fn verbatim(file: &Arc<SourceFile>, file_offset: usize) -> Self {
        TextOrigin {
            file: Arc::clone(file),
            segments: vec![(0, file_offset)],
        }
    }

    /// The file offset of a value offset.
    pub fn to_file(&self, value_offset: usize) -> usize {
        let i = self
            .segments
            .partition_point(|&(v, _)| v <= value_offset)
            .saturating_sub(1);
        match self.segments.get(i) {
            Some(&(v, f)) => f + value_offset.saturating_sub(v),
            None => value_offset,
        }
    }

    /// The file range of a value range.
    pub fn span_to_file(&self, span: Range<usize>) -> Range<usize> {
        let start = self.to_file(span.start);
        let end = if span.end > span.start {
            self.to_file(span.end - 1) + 1
        } else {
            start
        };
        start..end.max(start)
    }
}

/// One query of a panel, variable, annotation or alert rule.
#[derive(Debug, Clone)]
pub struct Query {
    /// Its language, from the datasource it runs on (`None`: not PromQL/LogQL, e.g. Flux).
    pub lang: Option<Lang>,
    /// The expression text.
    pub expr: String,
    /// UID of the datasource it runs on, or a `${var}` reference.
    pub datasource: Option<String>,
    /// Where the expression was written.
    pub origin: TextOrigin,
    /// JSON path of the query inside its rendered object (`panels[2].targets[0].expr`).
    pub path: String,
}

/// A compiled dashboard.
#[derive(Debug, Clone)]
pub struct DashboardObject {
    /// Owning team (folder name under `teams/`).
    pub team: String,
    /// Grafana folder title it goes in.
    pub folder: String,
    /// Its source file (the whole document).
    pub origin: Origin,
    /// The dashboard.
    pub dashboard: grafana::dashboard::Dashboard,
    /// Every query in it.
    pub queries: Vec<Query>,
}

/// How an alert group is evaluated.
#[derive(Debug, Clone)]
pub enum AlertRules {
    /// Grafana-managed rules (the default).
    Grafana(Vec<grafana::alerting::RuleGroup>),
    /// A Prometheus-evaluated group, emitted as a PrometheusRule.
    Prometheus(Vec<grafana::rules::RuleGroup>),
    /// A Loki-ruler group, emitted as a Loki rules file.
    Loki(Vec<grafana::rules::RuleGroup>),
}

/// A compiled alert file (`teams/<team>/alerts/<name>.yaml`).
#[derive(Debug, Clone)]
pub struct AlertFile {
    /// Owning team.
    pub team: String,
    /// File stem, used to name outputs.
    pub name: String,
    /// Grafana folder for Grafana-managed rules.
    pub folder: String,
    /// Its source file.
    pub origin: Origin,
    /// The rules, by engine.
    pub rules: AlertRules,
    /// Every query in it.
    pub queries: Vec<Query>,
    /// Metadata set in source for the `PrometheusRule` object of its Prometheus groups.
    pub prometheus_rule: Option<ObjectMeta>,
}

/// Kubernetes object metadata given in source (what is not given is generated).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ObjectMeta {
    /// Object name.
    pub name: Option<String>,
    /// Namespace.
    pub namespace: Option<String>,
    /// Labels (added to grafcode's own).
    pub labels: BTreeMap<String, String>,
    /// Annotations.
    pub annotations: BTreeMap<String, String>,
}

/// A compiled datasource file (org-wide from `library/datasources/`, or a team's).
#[derive(Debug, Clone)]
pub struct DatasourceFile {
    /// Owning team, `None` for org-wide datasources.
    pub team: Option<String>,
    /// File stem, used to name outputs.
    pub name: String,
    /// Its source file.
    pub origin: Origin,
    /// The datasources, resolved for the environment being built.
    pub datasources: Vec<grafana::datasource::Datasource>,
}

/// Which outputs to emit, from `grafcode.yaml`.
#[derive(Debug, Clone, Default)]
pub struct Outputs {
    /// Sidecar-labelled ConfigMaps.
    pub sidecar: Option<SidecarOutput>,
    /// A Grafana file-provisioning tree.
    pub provisioning: bool,
    /// PrometheusRule objects for `engine: prometheus` groups.
    pub prometheus_rule: bool,
    /// Loki ruler files for `engine: loki` groups.
    pub loki_rules: bool,
}

/// Settings of the sidecar target.
#[derive(Debug, Clone, Default)]
pub struct SidecarOutput {
    /// Namespace written on every object (none: left to kustomize / Argo CD).
    pub namespace: Option<String>,
}

/// Everything one build of one environment produced.
#[derive(Debug, Clone, Default)]
pub struct Model {
    /// Environment name (`default` when `grafcode.yaml` declares none).
    pub environment: String,
    /// Target Grafana version (`major.minor.patch`).
    pub grafana_version: String,
    /// What to emit.
    pub outputs: Outputs,
    /// Dashboards, sorted by team then UID.
    pub dashboards: Vec<DashboardObject>,
    /// Alert files, sorted by team then name.
    pub alert_files: Vec<AlertFile>,
    /// Datasource files, org-wide first.
    pub datasource_files: Vec<DatasourceFile>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_origin_maps_segments() {
        let file = SourceFile::new("x.yaml", "expr: |\n  a\n  b\n");
        // value "a\nb\n": 'a' at file 10, 'b' at file 14.
        let o = TextOrigin {
            file,
            segments: vec![(0, 10), (2, 14)],
        };
        assert_eq!(o.to_file(0), 10);
        assert_eq!(o.to_file(1), 11);
        assert_eq!(o.to_file(2), 14);
        assert_eq!(o.span_to_file(0..3), 10..15);
    }
}
