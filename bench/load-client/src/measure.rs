use std::time::{Duration, Instant};

/// `--seconds` and `--warmup`: how long a run warms up, then how long it is measured.
#[derive(clap::Args, Clone, Copy)]
pub struct Timing {
    /// Seconds measured, after the warm-up
    #[arg(long, default_value_t = 10.0)]
    pub seconds: f64,
    /// Seconds of load before the measuring starts (their answers are not counted)
    #[arg(long, default_value_t = 2.0)]
    pub warmup: f64,
}

impl Timing {
    /// The window of a run that starts now.
    pub fn window_from_now(&self) -> Window {
        let measure_from = Instant::now() + Duration::from_secs_f64(self.warmup);
        Window {
            measure_from,
            end: measure_from + Duration::from_secs_f64(self.seconds),
        }
    }
}

/// When a run is measured: from the end of its warm-up to its end.
#[derive(Clone, Copy)]
pub struct Window {
    pub measure_from: Instant,
    pub end: Instant,
}

impl Window {
    /// Whether a request begun at `began` counts.
    pub fn measures(&self, began: Instant) -> bool {
        began >= self.measure_from && began < self.end
    }
}

/// When a connection sends under `--rate`: every `every`, from `first`.
#[derive(Clone, Copy)]
pub struct Schedule {
    first: Instant,
    every: Duration,
}

impl Schedule {
    /// Connection `i` of `connections` sharing `rate` requests a second from `start`, staggered
    /// so that all the connections' requests are evenly spaced.
    pub fn of(rate: f64, connections: usize, i: usize, start: Instant) -> Self {
        let every = Duration::from_secs_f64(connections as f64 / rate);
        Schedule {
            first: start + every.mul_f64(i as f64 / connections as f64),
            every,
        }
    }

    /// When the `k`th request (from 0) is due.
    pub fn due(&self, k: u64) -> Instant {
        self.first + self.every.mul_f64(k as f64)
    }
}

/// A latency as the clients keep them: whole microseconds in a `u32` (over an hour at most).
pub fn micros(latency: Duration) -> u32 {
    latency.as_micros().min(u32::MAX as u128) as u32
}

/// Percentile `p` (0..=100) of sorted values.
pub fn percentile(sorted: &[u32], p: f64) -> u32 {
    if sorted.is_empty() {
        return 0;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

/// Microseconds in milliseconds.
pub fn ms(micros: u32) -> f64 {
    f64::from(micros) / 1000.0
}

/// The latency percentiles a report gives, in milliseconds.
pub struct LatencySummary {
    pub p50: f64,
    pub p90: f64,
    pub p99: f64,
    pub max: f64,
}

impl LatencySummary {
    /// Of latencies in microseconds, sorted.
    pub fn of(sorted: &[u32]) -> Self {
        LatencySummary {
            p50: ms(percentile(sorted, 50.0)),
            p90: ms(percentile(sorted, 90.0)),
            p99: ms(percentile(sorted, 99.0)),
            max: ms(percentile(sorted, 100.0)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{percentile, LatencySummary};

    #[test]
    fn percentiles_are_nearest_rank() {
        let sorted: Vec<u32> = (1..=100).collect();
        assert_eq!(percentile(&sorted, 50.0), 50);
        assert_eq!(percentile(&sorted, 99.9), 100);
        assert_eq!(percentile(&sorted, 0.0), 1);
        assert_eq!(percentile(&[], 50.0), 0);
        let summary = LatencySummary::of(&sorted);
        assert_eq!(
            (summary.p50, summary.p90, summary.p99, summary.max),
            (0.05, 0.09, 0.099, 0.1)
        );
    }
}
