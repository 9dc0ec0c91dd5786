//! Timestamps as stored: UTC, naive, truncated to microseconds (PostgreSQL's precision), so
//! a value reads back equal on both backends.

use chrono::{DateTime, NaiveDateTime, SubsecRound, Utc};

/// The current time, truncated to microseconds.
pub fn now() -> NaiveDateTime {
    Utc::now().naive_utc().trunc_subsecs(6)
}

/// `t` truncated to microseconds.
pub fn truncate(t: NaiveDateTime) -> NaiveDateTime {
    t.trunc_subsecs(6)
}

/// A stored timestamp as an RFC 3339 UTC instant (`meta.created`, `meta.lastModified`).
pub fn to_rfc3339(t: NaiveDateTime) -> String {
    DateTime::<Utc>::from_naive_utc_and_offset(t, Utc)
        .to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Timelike;

    #[test]
    fn now_has_no_sub_microsecond_digits() {
        assert_eq!(now().nanosecond() % 1000, 0);
    }

    #[test]
    fn rfc3339_is_utc_with_z() {
        let t = chrono::NaiveDate::from_ymd_opt(2026, 11, 20)
            .and_then(|d| d.and_hms_micro_opt(8, 30, 0, 123_456))
            .unwrap();
        assert_eq!(to_rfc3339(t), "2026-11-20T08:30:00.123456Z");
        assert_eq!(to_rfc3339(truncate(t)), "2026-11-20T08:30:00.123456Z");
    }
}
