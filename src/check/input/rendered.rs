//! The sidecar ConfigMaps of a monorepo build as the name and size checks see them: the name
//! rendered and the one its source asks for, the sizes Kubernetes and `kubectl apply` count,
//! and the source each came from (a dashboard's `uid`, an alert or datasource file).

use std::ops::Range;
use std::sync::Arc;

use super::Rendered;
use crate::emit::EmitError;
use crate::emit::names::slug;
use crate::emit::sidecar::{Kind, config_maps};
use crate::model::{Model, Origin};
use crate::source::SourceFile;
use crate::source::yaml::{self, Budget};

/// Every ConfigMap the sidecar target renders for `model`, mapped back to its source.
pub fn from_model(model: &Model) -> Result<Vec<Rendered>, EmitError> {
    let namespace = model
        .outputs
        .sidecar
        .as_ref()
        .and_then(|s| s.namespace.clone());
    let maps = config_maps(model)?;
    Ok(maps
        .into_iter()
        .filter_map(|m| {
            let (what, file, span) = source_of(model, m.kind, &m.source, m.team.as_deref())?;
            Some(Rendered {
                kind: what.to_string(),
                name: m.name,
                namespace: namespace.clone(),
                wanted: slug(&m.identity),
                data_bytes: m.data_bytes,
                object_bytes: m.object_bytes,
                file,
                span,
            })
        })
        .collect())
}

type Source = (&'static str, Arc<SourceFile>, Range<usize>);

/// The object a ConfigMap was made from: what it is, its file and the span to point at.
fn source_of(model: &Model, kind: Kind, source: &str, team: Option<&str>) -> Option<Source> {
    match kind {
        Kind::Dashboard => model
            .dashboards
            .iter()
            .find(|d| d.dashboard.uid == source && Some(d.team.as_str()) == team)
            .map(|d| ("dashboard", Arc::clone(&d.origin.file), uid_span(&d.origin))),
        Kind::Datasource => model
            .datasource_files
            .iter()
            .find(|f| {
                f.team.as_deref() == team && source.rsplit('/').next() == Some(f.name.as_str())
            })
            .map(|f| {
                (
                    "datasource file",
                    Arc::clone(&f.origin.file),
                    start(&f.origin),
                )
            }),
        Kind::Alert => model
            .alert_files
            .iter()
            .find(|f| Some(f.team.as_str()) == team && source == format!("{}/{}", f.team, f.name))
            .map(|f| ("alert file", Arc::clone(&f.origin.file), start(&f.origin))),
    }
}

fn start(origin: &Origin) -> Range<usize> {
    origin.span.start..origin.span.start
}

/// The `uid:` value of a dashboard source (the ConfigMap name and data key come from it), else
/// its `title:`, else the start of the dashboard.
fn uid_span(origin: &Origin) -> Range<usize> {
    let file = &origin.file;
    let Ok(docs) = yaml::parse_stream(file.text(), Budget::default()) else {
        return start(origin);
    };
    let Some(doc) = docs.first() else {
        return start(origin);
    };
    ["uid", "title"]
        .iter()
        .find_map(|k| doc.get(k).map(|n| n.value_span(file)))
        .unwrap_or_else(|| start(origin))
}
