//! Names of output objects and files: Kubernetes names (RFC 1123), label values, file-name
//! slugs — valid, deterministic and unique.

use std::collections::BTreeMap;

use crate::grafana::alerting::fnv1a64;

/// Longest generated object name: an RFC 1123 label (ConfigMap names may be 253, but
/// kube-prometheus-stack and many tools cut at 63).
pub const MAX_NAME_LEN: usize = 63;

/// Lowercase `[a-z0-9]` runs joined by single `-`, no leading/trailing `-`.
pub fn slug(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    out
}

/// Whether `s` is an RFC 1123 label: 1–63 of `[a-z0-9-]`, alphanumeric at both ends.
pub fn is_dns_label(s: &str) -> bool {
    let b = s.as_bytes();
    !b.is_empty()
        && b.len() <= MAX_NAME_LEN
        && b.iter()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == b'-')
        && b.first().is_some_and(u8::is_ascii_alphanumeric)
        && b.last().is_some_and(u8::is_ascii_alphanumeric)
}

/// Whether `s` is a valid Kubernetes label value: ≤ 63 of `[A-Za-z0-9._-]`, alphanumeric at
/// both ends (or empty).
pub fn is_label_value(s: &str) -> bool {
    let b = s.as_bytes();
    b.is_empty()
        || (b.len() <= MAX_NAME_LEN
            && b.iter()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_' | b'.'))
            && b.first().is_some_and(u8::is_ascii_alphanumeric)
            && b.last().is_some_and(u8::is_ascii_alphanumeric))
}

/// Valid, unique RFC 1123 names for `identities` (one per identity, same order).
///
/// Each name is the [`slug`] of its identity cut to [`MAX_NAME_LEN`]. When a slug is empty,
/// had to be cut, or is shared by several identities, those names get `-` and 8 hex digits of
/// a hash of the identity instead — so the result depends only on the set of identities,
/// never on their order.
pub fn unique_names(identities: &[String]) -> Vec<String> {
    let slugs: Vec<String> = identities.iter().map(|i| slug(i)).collect();
    let mut count: BTreeMap<&str, usize> = BTreeMap::new();
    for s in &slugs {
        *count.entry(s.as_str()).or_default() += 1;
    }
    let mut names: Vec<String> = identities
        .iter()
        .zip(&slugs)
        .map(|(id, s)| {
            if !s.is_empty() && s.len() <= MAX_NAME_LEN && count[s.as_str()] == 1 {
                s.clone()
            } else {
                hashed(s, id, 8)
            }
        })
        .collect();
    // A hashed name equal to another identity's plain slug (practically impossible): use the
    // full 16-digit hash for the hashed ones.
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    for n in &names {
        *seen.entry(n.clone()).or_default() += 1;
    }
    for (i, n) in names.iter_mut().enumerate() {
        if seen[n.as_str()] > 1 && *n != slugs[i] {
            *n = hashed(&slugs[i], &identities[i], 16);
        }
    }
    names
}

fn hashed(slug: &str, identity: &str, digits: usize) -> String {
    let hash = format!("{:016x}", fnv1a64(identity.as_bytes()));
    let hash = &hash[..digits];
    let room = MAX_NAME_LEN - digits - 1;
    let mut base: String = slug.chars().take(room).collect();
    while base.ends_with('-') {
        base.pop();
    }
    if base.is_empty() {
        format!("x-{hash}")
    } else {
        format!("{base}-{hash}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_and_validity() {
        assert_eq!(slug("Team A / Dashboards"), "team-a-dashboards");
        assert_eq!(slug("--x__y--"), "x-y");
        assert!(is_dns_label("dashboard-a-1"));
        assert!(!is_dns_label("-a"));
        assert!(!is_dns_label("A"));
        assert!(!is_dns_label(&"a".repeat(64)));
        assert!(is_label_value("Team_A.1"));
        assert!(!is_label_value("a b"));
    }

    #[test]
    fn names_are_valid_unique_and_order_independent() {
        let ids: Vec<String> = [
            "dashboard/team a/api",
            "dashboard/team-a/api",
            "dashboard/Team-B/x",
            &format!("dashboard/b/{}", "long".repeat(30)),
            "日本",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let names = unique_names(&ids);
        for n in &names {
            assert!(is_dns_label(n), "{n}");
        }
        let mut sorted = names.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(sorted.len(), names.len());
        assert_eq!(names[2], "dashboard-team-b-x");
        assert!(names[0].starts_with("dashboard-team-a-api-"));
        let mut rev = ids.clone();
        rev.reverse();
        let mut rev_names = unique_names(&rev);
        rev_names.reverse();
        assert_eq!(rev_names, names);
    }
}
