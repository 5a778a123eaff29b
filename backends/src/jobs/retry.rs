//! How long a failed job waits before its next attempt.
use std::time::Duration;

/// Exponential back-off with jitter: after the n-th failed attempt a job waits
/// `base × 2^(n-1)`, at most `cap`, then stretched or shrunk by up to `jitter` (a fraction) at
/// random, so jobs that failed together (a service down) do not all come back at once.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RetryPolicy {
    pub base: Duration,
    pub cap: Duration,
    /// Between 0 and 1: 0.2 spreads each delay over ±20 %.
    pub jitter: f64,
}

impl Default for RetryPolicy {
    /// 2 s, 4 s, 8 s, … up to an hour, ±20 %.
    fn default() -> Self {
        RetryPolicy {
            base: Duration::from_secs(2),
            cap: Duration::from_secs(60 * 60),
            jitter: 0.2,
        }
    }
}

impl RetryPolicy {
    /// The wait after `attempts` failed attempts (1 for the first failure).
    pub fn delay_after(&self, attempts: i32) -> Duration {
        self.delay_with(attempts, rand::random::<f64>())
    }

    /// The wait for a given draw `unit` in [0, 1): 0 is the shortest, 1 the longest.
    fn delay_with(&self, attempts: i32, unit: f64) -> Duration {
        // 2^30 × any sensible base is past any sensible cap; the exponent stops there.
        let doublings = attempts.saturating_sub(1).clamp(0, 30) as u32;
        let exponential = self.base.saturating_mul(1 << doublings).min(self.cap);
        let jitter = self.jitter.clamp(0.0, 1.0);
        exponential.mul_f64(1.0 - jitter + 2.0 * jitter * unit)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delays_double_from_the_base_until_the_cap() {
        let policy = RetryPolicy {
            base: Duration::from_secs(2),
            cap: Duration::from_secs(10),
            jitter: 0.0,
        };
        let delays: Vec<u64> = (1..=5)
            .map(|attempts| policy.delay_with(attempts, 0.5).as_secs())
            .collect();
        assert_eq!(delays, [2, 4, 8, 10, 10]);
        assert_eq!(policy.delay_with(i32::MAX, 0.5), Duration::from_secs(10));
    }

    #[test]
    fn jitter_spreads_a_delay_both_ways() {
        let policy = RetryPolicy {
            base: Duration::from_secs(10),
            cap: Duration::from_secs(3600),
            jitter: 0.2,
        };
        assert_eq!(policy.delay_with(1, 0.0), Duration::from_secs(8));
        assert_eq!(policy.delay_with(1, 0.5), Duration::from_secs(10));
        assert!(policy.delay_with(1, 0.999_999) < Duration::from_secs(12));
        let drawn = policy.delay_after(1);
        assert!(drawn >= Duration::from_secs(8) && drawn < Duration::from_secs(12));
    }
}
