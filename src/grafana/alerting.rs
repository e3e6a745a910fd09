//! Placeholder: the typed model lands here.

/// Placeholder type.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct RuleGroup {}
