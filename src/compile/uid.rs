//! UIDs: validation and deterministic derivation.

/// Longest Grafana UID.
pub const MAX_UID_LEN: usize = 40;

/// Whether `uid` is a valid Grafana UID (1–40 of `[A-Za-z0-9_-]`).
pub fn is_valid(uid: &str) -> bool {
    !uid.is_empty()
        && uid.len() <= MAX_UID_LEN
        && uid
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// A UID from parts: joined with `-` when that is valid, else slugged and suffixed with a
/// hash of the parts so it stays unique and stable (delegates to the Grafana model's rule).
pub fn derive(parts: &[&str]) -> String {
    crate::grafana::alerting::stable_uid(parts)
}
