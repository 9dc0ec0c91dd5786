//! Latencies of one-member PATCHes grouped by the size of the group when they ran, and the
//! member count of a group read back.

use std::time::Duration;

use super::load::Outcome;
use super::stats::{self, Summary};

/// Buckets the group-growth latencies are split into.
pub const GROWTH_BUCKETS: usize = 5;

/// Latencies of one-member PATCHes while the group held `from..=to` members.
#[derive(Debug, Clone, Copy)]
pub struct Bucket {
    /// First member number in the bucket (1-based).
    pub from: usize,
    /// Last member number in the bucket.
    pub to: usize,
    /// Latencies of the PATCHes that added those members.
    pub summary: Summary,
}

/// Splits one-member PATCH latencies into [`GROWTH_BUCKETS`] buckets by member number.
pub fn growth_buckets(out: &Outcome, members: usize) -> Vec<Bucket> {
    if members == 0 {
        return Vec::new();
    }
    let size = members.div_ceil(GROWTH_BUCKETS).max(1);
    let mut per: Vec<Vec<u64>> = vec![Vec::new(); members.div_ceil(size)];
    for s in &out.samples {
        if let Some(b) = per.get_mut(s.index / size) {
            b.push(s.micros);
        }
    }
    per.iter()
        .enumerate()
        .filter(|(_, lat)| !lat.is_empty())
        .map(|(b, lat)| Bucket {
            from: b * size + 1,
            to: ((b + 1) * size).min(members),
            // Latencies only: the buckets overlap in time, so no rate.
            summary: stats::summarize(lat, Duration::ZERO),
        })
        .collect()
}

/// How many `"value"` keys a group document holds: one per member.
pub fn count_member_values(group_json: &str) -> usize {
    group_json.matches("\"value\"").count()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bench::load::Sample;

    #[test]
    fn growth_latencies_are_bucketed_by_member_number() {
        let samples = (0..10)
            .map(|i| Sample {
                index: i,
                micros: 100 * (i as u64 + 1),
            })
            .collect();
        let out = Outcome {
            samples,
            ..Outcome::default()
        };
        let b = growth_buckets(&out, 10);
        assert_eq!(b.len(), 5);
        assert_eq!(
            (b[0].from, b[0].to, b[0].summary.count, b[0].summary.max),
            (1, 2, 2, 200)
        );
        assert_eq!((b[4].from, b[4].to, b[4].summary.p50), (9, 10, 900));
        // 50k members: five buckets of 10k.
        let big = growth_buckets(
            &Outcome {
                samples: vec![Sample {
                    index: 49_999,
                    micros: 1,
                }],
                ..Outcome::default()
            },
            50_000,
        );
        assert_eq!((big[0].from, big[0].to), (40_001, 50_000));
    }

    #[test]
    fn counts_members_of_a_group_document() {
        let g = r#"{"id":"g","displayName":"x","members":[{"value":"a","display":"A"},{"value": "b"}]}"#;
        assert_eq!(count_member_values(g), 2);
        assert_eq!(count_member_values(r#"{"id":"g","displayName":"x"}"#), 0);
    }
}
