//! The performance targets of issue 3, and whether a measurement meets them.

use super::phases::PhaseKind;
use super::stats::Summary;

/// A target one phase must meet.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Goal {
    /// At least this many requests per second.
    MinRate(f64),
    /// 99th percentile latency under this many milliseconds.
    MaxP99Ms(f64),
    /// Every request under this many milliseconds.
    MaxMs(f64),
}

impl Goal {
    /// The target of a phase.
    pub fn of(kind: PhaseKind) -> Self {
        match kind {
            PhaseKind::Create => Self::MinRate(5_000.0),
            PhaseKind::Lookup | PhaseKind::GetById => Self::MinRate(15_000.0),
            PhaseKind::ListPage => Self::MaxP99Ms(10.0),
            PhaseKind::AddMember => Self::MaxP99Ms(20.0),
            PhaseKind::AddThousand => Self::MaxMs(200.0),
        }
    }

    /// The target as table text.
    pub fn describe(self) -> String {
        match self {
            Self::MinRate(r) => format!("≥ {} req/s", thousands(r)),
            Self::MaxP99Ms(ms) => format!("p99 < {ms} ms"),
            Self::MaxMs(ms) => format!("max < {ms} ms"),
        }
    }

    /// Whether `s` meets the target (never with no successful request).
    pub fn met(self, s: &Summary) -> bool {
        if s.count == 0 {
            return false;
        }
        match self {
            Self::MinRate(r) => s.per_second >= r,
            Self::MaxP99Ms(ms) => (s.p99 as f64) < ms * 1000.0,
            Self::MaxMs(ms) => (s.max as f64) < ms * 1000.0,
        }
    }
}

/// Resident memory must stay under this (peak, MiB).
pub const MAX_MEMORY_MIB: f64 = 150.0;

/// Group growth is "flat" when the last bucket's median is at most this multiple of the first's.
pub const MAX_GROWTH_RATIO: f64 = 2.0;

/// Gatehouse must be at least this many times faster than scim2-server on these phases.
pub fn min_ratio(kind: PhaseKind) -> Option<f64> {
    match kind {
        PhaseKind::Create | PhaseKind::Lookup => Some(10.0),
        _ => None,
    }
}

/// `12345.6` → `12,346`.
pub fn thousands(v: f64) -> String {
    let digits = format!("{:.0}", v.max(0.0));
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn summary(per_second: f64, p99: u64, max: u64) -> Summary {
        Summary {
            count: 10,
            per_second,
            p50: p99 / 2,
            p90: p99,
            p99,
            max,
        }
    }

    #[test]
    fn targets_of_issue_3() {
        assert!(Goal::of(PhaseKind::Lookup).met(&summary(15_000.0, 1, 1)));
        assert!(!Goal::of(PhaseKind::Lookup).met(&summary(14_999.0, 1, 1)));
        assert!(Goal::of(PhaseKind::Create).met(&summary(5_000.0, 1, 1)));
        assert!(Goal::of(PhaseKind::AddMember).met(&summary(1.0, 19_999, 90_000)));
        assert!(!Goal::of(PhaseKind::AddMember).met(&summary(1.0, 20_000, 20_000)));
        assert!(!Goal::of(PhaseKind::AddThousand).met(&summary(1.0, 1, 200_000)));
        assert!(Goal::of(PhaseKind::ListPage).met(&summary(1.0, 9_999, 50_000)));
        let none = Summary {
            count: 0,
            ..summary(1e9, 0, 0)
        };
        assert!(!Goal::of(PhaseKind::Lookup).met(&none));
    }

    #[test]
    fn describes_targets() {
        assert_eq!(Goal::MinRate(15_000.0).describe(), "≥ 15,000 req/s");
        assert_eq!(Goal::MaxP99Ms(20.0).describe(), "p99 < 20 ms");
        assert_eq!(thousands(1234567.4), "1,234,567");
        assert_eq!(thousands(999.0), "999");
    }
}
