/// CPU seconds this process has used (user + system, all its threads).
pub fn own_cpu_seconds() -> f64 {
    // SAFETY: a rusage is plain integers (all zeros is a valid one) and getrusage only fills it.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut usage) };
    let seconds = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    seconds(usage.ru_utime) + seconds(usage.ru_stime)
}

/// CPU seconds a process has used (user + system), from /proc/PID/stat.
pub fn process_cpu_seconds(pid: u32) -> Option<f64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // The command name may hold spaces: count fields after its closing parenthesis.
    let after = &stat[stat.rfind(')')? + 2..];
    let fields: Vec<&str> = after.split_whitespace().collect();
    let utime: f64 = fields.get(11)?.parse().ok()?;
    let stime: f64 = fields.get(12)?.parse().ok()?;
    let ticks = unsafe { libc::sysconf(libc::_SC_CLK_TCK) } as f64;
    Some((utime + stime) / ticks)
}

/// The CPUs this process may run on.
pub fn available_cores() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// The machine's (busy, total) jiffies over all CPUs, from /proc/stat.
pub fn machine_jiffies() -> (u64, u64) {
    let stat = std::fs::read_to_string("/proc/stat").unwrap_or_default();
    let Some(line) = stat.lines().find(|line| line.starts_with("cpu ")) else {
        return (0, 0);
    };
    let values: Vec<u64> = line
        .split_whitespace()
        .skip(1)
        .filter_map(|v| v.parse().ok())
        .collect();
    let total: u64 = values.iter().take(8).sum();
    let idle = values.get(3).copied().unwrap_or(0) + values.get(4).copied().unwrap_or(0);
    (total - idle, total)
}

/// The server's CPU (percent of one core, when its pid is known) and the whole machine's (percent
/// of one core, summed over its cores) over `window`'s measured seconds only. `on_start` runs as
/// they begin (for a profiler to start on).
pub async fn cpu_over(
    window: crate::Window,
    server_pid: Option<u32>,
    on_start: impl FnOnce(),
) -> (Option<f64>, f64) {
    let crate::Window { measure_from, end } = window;
    tokio::time::sleep_until(measure_from.into()).await;
    on_start();
    let before = (server_pid.and_then(process_cpu_seconds), machine_jiffies());
    tokio::time::sleep_until(end.into()).await;
    let after = (server_pid.and_then(process_cpu_seconds), machine_jiffies());
    let server = match (before.0, after.0) {
        (Some(a), Some(b)) => Some(100.0 * (b - a) / (end - measure_from).as_secs_f64()),
        _ => None,
    };
    let (busy, total) = (after.1 .0 - before.1 .0, after.1 .1 - before.1 .1);
    let machine = if total > 0 {
        100.0 * busy as f64 / total as f64 * available_cores() as f64
    } else {
        0.0
    };
    (server, machine)
}
