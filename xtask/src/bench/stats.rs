//! Latency summaries: throughput and nearest-rank percentiles over microsecond samples.

use std::time::Duration;

/// A summary of one set of request latencies.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Summary {
    /// Number of samples.
    pub count: usize,
    /// Requests per second over the wall time given.
    pub per_second: f64,
    /// Median latency, µs.
    pub p50: u64,
    /// 90th percentile, µs.
    pub p90: u64,
    /// 99th percentile, µs.
    pub p99: u64,
    /// Slowest, µs.
    pub max: u64,
}

/// The nearest-rank percentile `p` (0–100) of ascending `sorted` samples: the smallest value
/// with at least `p` % of the samples at or below it. 0 for no samples.
pub fn percentile(sorted: &[u64], p: f64) -> u64 {
    if sorted.is_empty() {
        return 0;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

/// Summarises latencies (µs, any order) measured over `wall` time.
pub fn summarize(latencies: &[u64], wall: Duration) -> Summary {
    let mut sorted = latencies.to_vec();
    sorted.sort_unstable();
    let secs = wall.as_secs_f64();
    Summary {
        count: sorted.len(),
        per_second: if secs > 0.0 {
            sorted.len() as f64 / secs
        } else {
            0.0
        },
        p50: percentile(&sorted, 50.0),
        p90: percentile(&sorted, 90.0),
        p99: percentile(&sorted, 99.0),
        max: sorted.last().copied().unwrap_or(0),
    }
}

/// A latency in µs as milliseconds with two decimals: `1234` → `1.23 ms`.
pub fn ms(micros: u64) -> String {
    format!("{:.2} ms", micros as f64 / 1000.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_rank_percentiles() {
        let v: Vec<u64> = (1..=100).collect();
        assert_eq!(percentile(&v, 50.0), 50);
        assert_eq!(percentile(&v, 90.0), 90);
        assert_eq!(percentile(&v, 99.0), 99);
        assert_eq!(percentile(&v, 100.0), 100);
        assert_eq!(percentile(&v, 0.0), 1);
        assert_eq!(percentile(&[7], 99.0), 7);
        assert_eq!(percentile(&[], 50.0), 0);
        // Ten samples: p99 is the largest, p50 the fifth.
        let ten: Vec<u64> = (10..=100).step_by(10).collect();
        assert_eq!(percentile(&ten, 99.0), 100);
        assert_eq!(percentile(&ten, 50.0), 50);
    }

    #[test]
    fn summary_sorts_and_computes_rate() {
        let s = summarize(&[300, 100, 200, 400], Duration::from_millis(500));
        assert_eq!((s.count, s.p50, s.p99, s.max), (4, 200, 400, 400));
        assert!((s.per_second - 8.0).abs() < 1e-9);
        let empty = summarize(&[], Duration::ZERO);
        assert_eq!((empty.count, empty.max), (0, 0));
        assert_eq!(empty.per_second, 0.0);
    }

    #[test]
    fn formats_milliseconds() {
        assert_eq!(ms(1234), "1.23 ms");
        assert_eq!(ms(0), "0.00 ms");
    }
}
