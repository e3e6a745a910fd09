use std::fmt;
use std::str::FromStr;

/// A `major.minor.patch` version of a target (Prometheus, Loki, Grafana).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Version {
    /// Major version.
    pub major: u32,
    /// Minor version.
    pub minor: u32,
    /// Patch version.
    pub patch: u32,
}

impl Version {
    /// A version from its parts.
    pub const fn new(major: u32, minor: u32, patch: u32) -> Self {
        Version {
            major,
            minor,
            patch,
        }
    }

    /// The newest Prometheus whose syntax the PromQL front-end knows.
    pub const LATEST_PROMETHEUS: Version = Version::new(3, 14, 0);
    /// The newest Loki whose syntax the LogQL front-end knows.
    pub const LATEST_LOKI: Version = Version::new(3, 5, 0);
}

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}.{}", self.major, self.minor, self.patch)
    }
}

impl FromStr for Version {
    type Err = String;

    /// Accepts `3`, `3.5`, `3.5.1` and a leading `v`.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim().trim_start_matches('v');
        let mut parts = t.split('.');
        let mut next = |required: bool| -> Result<u32, String> {
            match parts.next() {
                Some(p) => p
                    .parse()
                    .map_err(|_| format!("invalid version {s:?}: expected MAJOR[.MINOR[.PATCH]]")),
                None if required => Err(format!("invalid version {s:?}: empty")),
                None => Ok(0),
            }
        };
        let v = Version::new(next(true)?, next(false)?, next(false)?);
        if parts.next().is_some() {
            return Err(format!(
                "invalid version {s:?}: expected MAJOR[.MINOR[.PATCH]]"
            ));
        }
        Ok(v)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_partial_versions() {
        assert_eq!("3".parse::<Version>(), Ok(Version::new(3, 0, 0)));
        assert_eq!("v2.45.1".parse::<Version>(), Ok(Version::new(2, 45, 1)));
        assert!("3.x".parse::<Version>().is_err());
        assert!("1.2.3.4".parse::<Version>().is_err());
        assert!(Version::new(2, 53, 0) < Version::new(3, 0, 0));
    }
}
