use std::future::Future;
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

/// When one connection sends over a run's window: each request as soon as the last is answered,
/// or on its `--rate` schedule.
pub struct Pacer {
    window: Window,
    schedule: Option<Schedule>,
    sent: u64,
}

impl Pacer {
    /// A connection's requests over `window`, on `schedule` if it has one.
    pub fn new(window: Window, schedule: Option<Schedule>) -> Self {
        Pacer {
            window,
            schedule,
            sent: 0,
        }
    }

    /// Waits until the next request is due (on a schedule: when it is due, or at once if it is
    /// late); none once the window is over, or when the next would be due after it.
    pub async fn next_due(&mut self) -> Option<Turn> {
        if Instant::now() >= self.window.end {
            return None;
        }
        let due = self.schedule.map(|schedule| schedule.due(self.sent));
        if let Some(due) = due {
            if due >= self.window.end {
                return None;
            }
            tokio::time::sleep_until(due.into()).await;
        }
        self.sent += 1;
        Some(Turn {
            number: self.sent,
            due,
            window: self.window,
        })
    }
}

/// A request that is due now.
pub struct Turn {
    number: u64,
    due: Option<Instant>,
    window: Window,
}

impl Turn {
    /// Which of the connection's requests this is, from 1.
    pub fn number(&self) -> u64 {
        self.number
    }

    /// Makes the request: its outcome, and its latency in microseconds if it counts (begun within
    /// the measured seconds). On a schedule the latency counts from when the request was due, so
    /// time spent waiting for a busy connection is charged too (no coordinated omission).
    pub async fn time<T>(self, request: impl Future<Output = T>) -> (T, Option<u32>) {
        let began = self.due.unwrap_or_else(Instant::now);
        let outcome = request.await;
        let took = began.elapsed();
        (outcome, self.window.measures(began).then(|| micros(took)))
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
