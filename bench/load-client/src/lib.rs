//! What the load clients `bench/page-load`, `bench/feed-load` and `bench/datastore-load` share:
//! the target a `--url` names, HTTP/1 connections to it, the warm-up and measured seconds of a run
//! with the latency percentiles it reports, the schedule of a run at a fixed rate (`--rate`) and
//! the pace of each connection's requests, what a client counts of its answers, CPU time (a
//! process's and the whole machine's), and a run's load flags, its connections driven together
//! and the report lines and verdict every run has. What each program sends and what else it
//! reports stays in its own `main.rs`.
mod cpu;
mod http;
mod load;
mod measure;
mod tally;
mod target;

pub use cpu::{available_cores, cpu_over, machine_jiffies, own_cpu_seconds, process_cpu_seconds};
pub use http::{exchange, http1_connect, tcp_connect, Conn};
pub use load::{Load, Measured};
pub use measure::{micros, ms, percentile, LatencySummary, Pacer, Schedule, Timing, Turn, Window};
pub use tally::{Counts, Tally};
pub use target::Target;
