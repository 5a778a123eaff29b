//! What the load clients `bench/page-load`, `bench/feed-load` and `bench/datastore-load` share:
//! the target a `--url` names, HTTP/1 connections to it, the warm-up and measured seconds of a run
//! with the latency percentiles it reports, the schedule of a run at a fixed rate (`--rate`), and
//! CPU time (a process's and the whole machine's). What each program sends and reports stays in
//! its own `main.rs`.
mod cpu;
mod http;
mod measure;
mod target;

pub use cpu::{available_cores, cpu_over, machine_jiffies, own_cpu_seconds, process_cpu_seconds};
pub use http::{exchange, http1_connect, tcp_connect, Conn};
pub use measure::{micros, ms, percentile, LatencySummary, Schedule, Timing, Window};
pub use target::Target;
