use std::future::Future;
use std::time::Instant;

use crate::{
    available_cores, cpu_over, own_cpu_seconds, Counts, LatencySummary, Pacer, Schedule, Tally,
    Timing,
};

/// `--concurrency`, `--rate`, `--seconds`, `--warmup` and `--server-pid`: how hard and how long a
/// run loads the server, and whose CPU it reports besides the machine's and its own.
#[derive(clap::Args, Clone, Copy)]
pub struct Load {
    /// Connections, each kept alive
    #[arg(long, default_value_t = 16)]
    pub concurrency: usize,
    /// Requests a second in all, sent on a fixed schedule (spread over the connections) instead
    /// of each connection sending its next as soon as it has an answer. A latency is then counted
    /// from when the request was due, so a server that falls behind is charged the wait.
    #[arg(long)]
    pub rate: Option<f64>,
    #[command(flatten)]
    pub timing: Timing,
    /// The server's process, to report its CPU over the measured seconds
    #[arg(long)]
    pub server_pid: Option<u32>,
}

impl Load {
    /// What is wrong with the flags, if anything: a rate that is not more than 0, or no
    /// connections.
    pub fn check(&self) -> Result<(), String> {
        if self.rate.is_some_and(|rate| rate.is_nan() || rate <= 0.0) {
            return Err("--rate must be more than 0".to_owned());
        }
        if self.concurrency == 0 {
            return Err("--concurrency must be at least 1".to_owned());
        }
        Ok(())
    }

    /// The run as the first line of its report ends: the connections and how they send (and the
    /// seconds they took to set up, where the client says so), the warm-up and the measured
    /// seconds.
    pub fn describe(&self, setup_seconds: Option<f64>) -> String {
        let pace = self
            .rate
            .map_or("each sending as soon as answered".to_owned(), |rate| {
                format!("{rate:.0} requests a second due on a fixed schedule")
            });
        let setup =
            setup_seconds.map_or(String::new(), |setup| format!("; set up in {setup:.1} s"));
        let Timing { seconds, warmup } = self.timing;
        format!(
            "{} connections ({pace}{setup}), {warmup} s warm-up, {seconds} s measured",
            self.concurrency
        )
    }

    /// Runs `drive` on each of `connections` (set up, one for each `--concurrency`) over a window
    /// from now, with the pace of `--rate`, and adds up what they counted. The server's and the
    /// machine's CPU are sampled over the measured seconds only; `on_measuring` runs as they begin.
    pub async fn run<C, S, F>(
        &self,
        connections: Vec<C>,
        drive: impl Fn(C, Pacer) -> F,
        on_measuring: impl FnOnce() + Send + 'static,
    ) -> Measured<S>
    where
        F: Future<Output = S> + Send + 'static,
        S: Counts + Send + 'static,
    {
        let Timing { seconds, warmup } = self.timing;
        let started = Instant::now();
        let window = self.timing.window_from_now();
        let sampler = tokio::spawn(cpu_over(window, self.server_pid, on_measuring));
        let cpu_before = own_cpu_seconds();
        let count = connections.len();
        let workers: Vec<_> = connections
            .into_iter()
            .enumerate()
            .map(|(i, connection)| {
                let schedule = self.rate.map(|rate| Schedule::of(rate, count, i, started));
                tokio::spawn(drive(connection, Pacer::new(window, schedule)))
            })
            .collect();
        let mut counts = S::default();
        for worker in workers {
            counts.merge(worker.await.expect("worker"));
        }
        let client_cpu = 100.0 * (own_cpu_seconds() - cpu_before) / (warmup + seconds);
        let (server_cpu, machine_cpu) = sampler.await.expect("sampler");
        let latencies = &mut counts.tally_mut().latencies_us;
        latencies.sort_unstable();
        let requests = latencies.len() as u64;
        let latency = LatencySummary::of(latencies);
        Measured {
            counts,
            requests,
            rps: requests as f64 / seconds,
            latency,
            server_cpu,
            machine_cpu,
            client_cpu,
        }
    }
}

/// What the connections of a run measured, once they are done.
pub struct Measured<S> {
    /// Their counts, added up, the latencies sorted.
    pub counts: S,
    /// Requests answered within the measured seconds.
    requests: u64,
    /// Those a second.
    rps: f64,
    latency: LatencySummary,
    /// The server's CPU over the measured seconds in percent of one core, with `--server-pid`.
    server_cpu: Option<f64>,
    /// The whole machine's over the same, in percent of one core summed over its cores.
    machine_cpu: f64,
    /// The client's own over the warm-up and the measured seconds, in percent of one core.
    client_cpu: f64,
}

impl<S: Counts> Measured<S> {
    fn tally(&self) -> &Tally {
        self.counts.tally()
    }

    /// The server's CPU as the report and the `RESULT` line give it: `n/a` without its pid.
    fn server_cpu_text(&self) -> String {
        self.server_cpu
            .map_or("n/a".to_owned(), |cpu| format!("{cpu:.0}"))
    }

    /// Prints (to stderr) the lines every report has: the measured requests, expected to be
    /// answered `expected`, their latency and statuses; then `own_lines`, what the client counts
    /// besides; then the first problem, if any, and the CPU.
    pub fn report(&self, expected: u16, own_lines: &[String]) {
        let LatencySummary { p50, p90, p99, max } = self.latency;
        let tally = self.tally();
        eprintln!(
            "  requests   {} ({:.0}/s), expected status {expected}",
            self.requests, self.rps
        );
        eprintln!(
            "  latency    p50 {p50:.2} ms, p90 {p90:.2} ms, p99 {p99:.2} ms, max {max:.2} ms"
        );
        eprintln!(
            "  statuses   {:?}; connection errors {}",
            tally.statuses, tally.errors
        );
        for line in own_lines {
            eprintln!("{line}");
        }
        if let Some(problem) = tally.first_problem_shown(400) {
            eprintln!("  first problem: {problem}");
        }
        eprintln!(
            "  CPU        server {} %, whole machine {:.0} % (of {} cores × 100 %), client {:.0} % (one core = 100 %)",
            self.server_cpu_text(),
            self.machine_cpu,
            available_cores(),
            self.client_cpu
        );
    }

    /// The `RESULT key=value ...` line the scripts read: the rate, the latency percentiles, the
    /// requests, those answered unexpectedly and those not answered; then `own_fields`, the
    /// client's own `key=value`s; then the CPU.
    pub fn result_line(&self, own_fields: &str) -> String {
        let Measured {
            requests,
            rps,
            latency: LatencySummary { p50, p90, p99, max },
            machine_cpu,
            client_cpu,
            ..
        } = *self;
        let tally = self.tally();
        format!(
            "RESULT rps={rps:.0} p50_ms={p50:.2} p90_ms={p90:.2} p99_ms={p99:.2} max_ms={max:.2} requests={requests} unexpected={} errors={} {own_fields} server_cpu_pct={} machine_cpu_pct={machine_cpu:.0} client_cpu_pct={client_cpu:.0}",
            tally.unexpected,
            tally.errors,
            self.server_cpu_text()
        )
    }

    /// Whether the run passes: something was measured, and no more than 1 % of the requests
    /// (answered or not: one without an answer counts against the run as much as a wrong
    /// answer) went wrong. If not, `program` says why on stderr.
    pub fn passed(&self, program: &str, expected: u16) -> bool {
        if self.requests == 0 {
            eprintln!("{program}: nothing was measured");
            return false;
        }
        let tally = self.tally();
        let bad = tally.unexpected + tally.errors;
        let sent = self.requests + tally.errors;
        if bad * 100 > sent {
            eprintln!(
                "{program}: {bad} of {sent} requests were not answered {expected} (more than 1 %)"
            );
            return false;
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::Measured;
    use crate::{LatencySummary, Tally};

    fn measured(requests: u64, unexpected: u64, errors: u64) -> Measured<Tally> {
        Measured {
            counts: Tally {
                unexpected,
                errors,
                ..Tally::default()
            },
            requests,
            rps: 0.0,
            latency: LatencySummary::of(&[]),
            server_cpu: None,
            machine_cpu: 0.0,
            client_cpu: 0.0,
        }
    }

    #[test]
    fn a_run_fails_past_1_percent_of_its_requests() {
        assert!(measured(100, 1, 0).passed("test", 200));
        assert!(!measured(100, 2, 0).passed("test", 200));
        // 10 requests without an answer beside 999 answers: 10 of 1,009 requests.
        assert!(measured(999, 0, 10).passed("test", 200));
        assert!(!measured(999, 1, 10).passed("test", 200));
    }

    #[test]
    fn a_run_that_measured_nothing_fails() {
        assert!(!measured(0, 0, 0).passed("test", 200));
    }
}
