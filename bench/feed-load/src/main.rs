//! The load client of `bench/feed`: websocket subscribers to the live message feed, and POST
//! throughput.
//!
//! ```text
//! feed-load subscribers --url http://127.0.0.1:PORT --token T [--sockets 10000] [--rate 50]
//!     [--seconds 20] [--server-pid PID] [--sources 49] [--grace 15] [--threads N]
//!     [--ws-url http://HOST:PORT/PATH] [--post-url http://HOST:PORT/PATH] [--gauge false]
//!     [--post-connections 32] [--connect-concurrency 200]
//! feed-load posts --url http://127.0.0.1:PORT[/path] [--token T] [--concurrency 32]
//!     [--seconds 10] [--warmup 2] [--threads N]
//! ```
//!
//! `subscribers` opens N websockets to `/ws/v1/?envelope=true` (bound round-robin to the source
//! addresses 127.0.0.2 .. 127.0.0.(1+sources), so each address stays inside the server's
//! per-address read allowance), waits until the server's `feed_websockets` gauge shows them all,
//! then posts `{"sent_us": <unix µs>, "seq": k}` at a steady rate; every socket records now −
//! sent_us for each message it gets. `posts` keeps `concurrency` keep-alive connections busy
//! posting for `seconds` after `warmup`; without a path in the URL it posts to
//! `/api/v1/messages/`. Both print a readable report and a last line `RESULT key=value ...` for
//! the script.
use std::collections::BTreeMap;
use std::net::Ipv4Addr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use bytes::Bytes;
use clap::{ArgAction, Parser, Subcommand};
use futures_util::StreamExt;
use http_body_util::{BodyExt, Empty, Full};
use hyper::header::{AUTHORIZATION, CONTENT_TYPE, HOST};
use hyper::Request;
use load_client::{
    available_cores, exchange, http1_connect, micros, ms, own_cpu_seconds, percentile,
    process_cpu_seconds, tcp_connect, Conn, Counts, LatencySummary, Pacer, Tally, Target, Timing,
};
use tokio::net::TcpStream;
use tokio::sync::{watch, Mutex, Semaphore};
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::protocol::WebSocketConfig;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::WebSocketStream;

/// The load client of `bench/feed`: websocket subscribers to the live message feed, and POST
/// throughput (the source's header says more).
#[derive(Parser)]
// As with most command lines, a flag given twice takes its last value.
#[command(name = "feed-load", args_override_self = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// Worker threads of the client's runtime (one per core unless given)
    #[arg(long, global = true, default_value_t = available_cores())]
    threads: usize,
}

#[derive(Subcommand)]
enum Command {
    /// Open websockets to the feed, post to it at a steady rate, and time each delivery
    Subscribers(SubscribersArgs),
    /// Keep connections posting messages and measure their throughput
    Posts(PostsArgs),
}

#[derive(clap::Args)]
struct SubscribersArgs {
    /// The app: http://HOST:PORT (its /metrics has the feed_websockets gauge)
    #[arg(long)]
    url: String,
    /// Where the websockets connect instead of the app's /ws/v1/?envelope=true:
    /// http://HOST:PORT[/PATH]
    #[arg(long)]
    ws_url: Option<String>,
    /// Where the messages are posted instead of the app's /api/v1/messages/:
    /// http://HOST:PORT[/PATH]
    #[arg(long)]
    post_url: Option<String>,
    /// Wait for the server's feed_websockets gauge to count the sockets (false for a server
    /// without it)
    #[arg(long, default_value_t = true, action = ArgAction::Set)]
    gauge: bool,
    /// The feed token, sent as `Authorization: Bearer`
    // It may begin with a hyphen (base64url), and is still the value.
    #[arg(long, allow_hyphen_values = true)]
    token: Option<String>,
    /// Websockets to open
    #[arg(long, default_value_t = 10_000)]
    sockets: usize,
    /// Messages posted per second
    #[arg(long, default_value_t = 50.0)]
    rate: f64,
    /// Seconds of posting
    #[arg(long, default_value_t = 20.0)]
    seconds: f64,
    /// Seconds after the last post that deliveries may still come
    #[arg(long, default_value_t = 15.0)]
    grace: f64,
    /// Source addresses the sockets connect from, 127.0.0.2 onwards
    #[arg(long, default_value_t = 49, value_parser = clap::value_parser!(u8).range(1..=250))]
    sources: u8,
    /// The server's process, to report its memory and CPU
    #[arg(long)]
    server_pid: Option<u32>,
    /// Connections posting the messages
    #[arg(long, default_value_t = 32)]
    post_connections: usize,
    /// Websockets opening at once
    #[arg(long, default_value_t = 200)]
    connect_concurrency: usize,
}

#[derive(clap::Args)]
struct PostsArgs {
    /// http://HOST:PORT[/PATH]; without a path, posts go to /api/v1/messages/
    #[arg(long)]
    url: String,
    /// The feed token, sent as `Authorization: Bearer`
    // It may begin with a hyphen (base64url), and is still the value.
    #[arg(long, allow_hyphen_values = true)]
    token: Option<String>,
    /// Connections, each kept alive and posting
    #[arg(long, default_value_t = 32)]
    concurrency: usize,
    #[command(flatten)]
    timing: Timing,
}

fn main() {
    let cli = Cli::parse();
    raise_open_files();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(cli.threads)
        .enable_all()
        .build()
        .expect("runtime");
    match cli.command {
        Command::Subscribers(args) => runtime.block_on(subscribers(args)),
        Command::Posts(args) => runtime.block_on(posts(args)),
    }
}

fn die(message: &str) -> ! {
    eprintln!("feed-load: {message}");
    std::process::exit(2)
}

/// The target the URL of the flag `--{flag}` names.
fn parse_url(flag: &str, url: &str) -> Target {
    Target::parse(url).unwrap_or_else(|error| die(&format!("--{flag} {error}")))
}

// ---------------------------------------------------------------------------------------------
// The process and the server under test

/// Sockets need file descriptors: the soft limit goes up to the hard one.
fn raise_open_files() {
    unsafe {
        let mut limit = libc::rlimit {
            rlim_cur: 0,
            rlim_max: 0,
        };
        if libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) == 0 && limit.rlim_cur < limit.rlim_max
        {
            limit.rlim_cur = limit.rlim_max;
            libc::setrlimit(libc::RLIMIT_NOFILE, &limit);
        }
    }
}

fn open_files_limit() -> u64 {
    let mut limit = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    unsafe { libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) };
    limit.rlim_cur
}

/// VmRSS and VmHWM of a process, in KiB.
fn memory_kib(pid: u32) -> Option<(u64, u64)> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let field = |name: &str| {
        status
            .lines()
            .find_map(|line| line.strip_prefix(name))
            .and_then(|rest| rest.split_whitespace().next())
            .and_then(|kib| kib.parse::<u64>().ok())
    };
    Some((field("VmRSS:")?, field("VmHWM:")?))
}

/// Per-CPU jiffies from /proc/stat: (user+nice, system, irq+softirq, idle+iowait, total).
fn cpu_times() -> Vec<[u64; 5]> {
    let stat = std::fs::read_to_string("/proc/stat").unwrap_or_default();
    stat.lines()
        .filter(|line| {
            line.starts_with("cpu") && line.as_bytes().get(3).is_some_and(u8::is_ascii_digit)
        })
        .map(|line| {
            let f: Vec<u64> = line
                .split_whitespace()
                .skip(1)
                .filter_map(|v| v.parse().ok())
                .collect();
            let get = |i: usize| f.get(i).copied().unwrap_or(0);
            // user nice system idle iowait irq softirq steal
            let total: u64 = f.iter().take(8).sum();
            [
                get(0) + get(1),
                get(2),
                get(5) + get(6),
                get(3) + get(4),
                total,
            ]
        })
        .collect()
}

/// How busy each CPU was between two `cpu_times`: "cpu0 97 % (user 40, sys 30, irq 27)".
fn cpu_busy(before: &[[u64; 5]], after: &[[u64; 5]]) -> Vec<String> {
    before
        .iter()
        .zip(after)
        .enumerate()
        .map(|(cpu, (b, a))| {
            let d = |i: usize| a[i].saturating_sub(b[i]) as f64;
            let total = d(4).max(1.0);
            format!(
                "cpu{cpu} {:.0} % (user {:.0}, sys {:.0}, irq+softirq {:.0})",
                100.0 * (total - d(3)) / total,
                100.0 * d(0) / total,
                100.0 * d(1) / total,
                100.0 * d(2) / total
            )
        })
        .collect()
}

fn mib(kib: u64) -> f64 {
    kib as f64 / 1024.0
}

fn unix_micros() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_micros() as u64)
}

// ---------------------------------------------------------------------------------------------
// HTTP

fn post_request(
    target: &Target,
    path: &str,
    token: Option<&str>,
    body: String,
) -> Request<Full<Bytes>> {
    let mut builder = Request::post(path)
        .header(HOST, &target.authority)
        .header(CONTENT_TYPE, "application/json");
    if let Some(token) = token {
        builder = builder.header(AUTHORIZATION, format!("Bearer {token}"));
    }
    builder.body(Full::new(Bytes::from(body))).expect("request")
}

/// A gauge or counter without labels from the server's `/metrics`.
async fn metric(target: &Target, name: &str) -> Option<f64> {
    let mut sender = http1_connect::<Empty<Bytes>>(target.addr).await.ok()?;
    let request = Request::get("/metrics")
        .header(HOST, &target.authority)
        .body(Empty::new())
        .ok()?;
    let response = sender.send_request(request).await.ok()?;
    let body = response.into_body().collect().await.ok()?.to_bytes();
    let text = String::from_utf8_lossy(&body);
    text.lines().find_map(|line| {
        let rest = line.strip_prefix(name)?;
        rest.strip_prefix(' ')?.trim().parse().ok()
    })
}

// ---------------------------------------------------------------------------------------------
// posts

#[derive(Default)]
struct PostStats {
    tally: Tally,
    /// 200s, warm-up included: how many messages the server took.
    ok_total: u64,
}

impl PostStats {
    fn merge(&mut self, other: PostStats) {
        self.tally.merge(other.tally);
        self.ok_total += other.ok_total;
    }
}

async fn posts(args: PostsArgs) {
    let PostsArgs {
        url,
        token,
        concurrency,
        timing,
    } = args;
    let target = parse_url("url", &url);
    let path = target
        .given_path()
        .unwrap_or("/api/v1/messages/")
        .to_owned();
    let Timing { seconds, warmup } = timing;

    let window = timing.window_from_now();
    let cpu_before = own_cpu_seconds();
    let workers: Vec<_> = (0..concurrency)
        .map(|worker| {
            let target = target.clone();
            let path = path.clone();
            let token = token.clone();
            tokio::spawn(async move {
                let mut stats = PostStats::default();
                let mut conn: Option<Conn> = None;
                let mut seq = worker as u64 * 1_000_000_000;
                let mut pacer = Pacer::new(window, None);
                while let Some(turn) = pacer.next_due().await {
                    let sender = match &mut conn {
                        Some(sender) => sender,
                        None => match http1_connect(target.addr).await {
                            Ok(sender) => conn.insert(sender),
                            Err(error) => {
                                stats.tally.errors += 1;
                                stats.tally.problem(|| format!("connect: {error}"));
                                tokio::time::sleep(Duration::from_millis(10)).await;
                                continue;
                            }
                        },
                    };
                    seq += 1;
                    let body = format!(
                        "{{\"sent_us\":{},\"seq\":{seq},\"load\":\"posts\"}}",
                        unix_micros()
                    );
                    let request = post_request(&target, &path, token.as_deref(), body);
                    let (outcome, latency) = turn.time(exchange(sender, request)).await;
                    match outcome {
                        Ok(response) => {
                            let status = response.status().as_u16();
                            if status == 200 {
                                stats.ok_total += 1;
                            }
                            stats.tally.answered(
                                latency,
                                status.to_string(),
                                status == 200,
                                || {
                                    format!(
                                        "{status}: {}",
                                        String::from_utf8_lossy(response.body())
                                    )
                                },
                            );
                        }
                        Err(error) => {
                            stats.tally.failed(latency.is_some(), error);
                            conn = None;
                        }
                    }
                }
                stats
            })
        })
        .collect();
    let mut stats = PostStats::default();
    for worker in workers {
        stats.merge(worker.await.expect("worker"));
    }
    let cpu = own_cpu_seconds() - cpu_before;
    let mut latencies = std::mem::take(&mut stats.tally.latencies_us);
    latencies.sort_unstable();
    let count = latencies.len();
    let rps = count as f64 / seconds;
    // The measured answers that were not 200, as the tally counts them.
    let non_200 = stats.tally.unexpected;
    let LatencySummary { p50, p90, p99, max } = LatencySummary::of(&latencies);
    println!(
        "POST {url}{} — {concurrency} connections, {warmup} s warm-up, {seconds} s measured",
        if target.given_path().is_none() {
            path.as_str()
        } else {
            ""
        }
    );
    println!("  requests   {count} ({rps:.0}/s)");
    println!("  latency    p50 {p50:.2} ms, p90 {p90:.2} ms, p99 {p99:.2} ms, max {max:.2} ms");
    println!(
        "  statuses   {:?}; connection errors {}",
        stats.tally.statuses, stats.tally.errors
    );
    if let Some(problem) = stats.tally.first_problem_shown(300) {
        println!("  first problem: {problem}");
    }
    println!(
        "  client CPU {:.0} % of one core",
        100.0 * cpu / (warmup + seconds)
    );
    println!(
        "RESULT rps={rps:.0} p50_ms={p50:.2} p90_ms={p90:.2} p99_ms={p99:.2} max_ms={max:.2} non200={non_200} errors={} ok_total={}",
        stats.tally.errors,
        stats.ok_total
    );
}

// ---------------------------------------------------------------------------------------------
// subscribers

/// What one socket saw.
#[derive(Default)]
struct SocketReport {
    opened: bool,
    /// Why it could not be opened.
    open_error: Option<String>,
    open_retries: u32,
    /// Why it ended before the run did.
    closed_early: Option<String>,
    latencies_us: Vec<u32>,
    /// Each `seq` seen, to count messages received twice.
    seen: Vec<u64>,
    duplicates: u64,
    /// Frames that were not one of this run's messages.
    other: u64,
}

/// The unsigned integer after `"key":` in a JSON text, without parsing all of it.
fn number_after(frame: &[u8], key: &[u8]) -> Option<u64> {
    let at = frame.windows(key.len()).position(|w| w == key)? + key.len();
    let rest = &frame[at..];
    let rest = &rest[rest.iter().position(|b| !b.is_ascii_whitespace())?..];
    let digits = rest.iter().take_while(|b| b.is_ascii_digit()).count();
    std::str::from_utf8(&rest[..digits]).ok()?.parse().ok()
}

async fn open_socket(
    target: &Target,
    source: Ipv4Addr,
) -> Result<WebSocketStream<TcpStream>, String> {
    let stream = tcp_connect(target.addr, Some(source))
        .await
        .map_err(|e| format!("connect: {e}"))?;
    let path = target.given_path().unwrap_or("/ws/v1/?envelope=true");
    let request = format!("ws://{}{path}", target.authority)
        .into_client_request()
        .map_err(|e| e.to_string())?;
    // Frames are small: small buffers keep 10,000 clients cheap.
    let config = WebSocketConfig::default()
        .read_buffer_size(4 * 1024)
        .write_buffer_size(0);
    let (socket, _) = tokio_tungstenite::client_async_with_config(request, stream, Some(config))
        .await
        .map_err(|e| match e {
            tokio_tungstenite::tungstenite::Error::Http(response) => {
                format!("HTTP {}", response.status())
            }
            other => other.to_string(),
        })?;
    Ok(socket)
}

#[allow(clippy::too_many_arguments)]
async fn subscriber(
    target: Target,
    source: Ipv4Addr,
    messages: usize,
    connects: Arc<Semaphore>,
    opened: Arc<AtomicU64>,
    failed: Arc<AtomicU64>,
    delivered: Arc<AtomicU64>,
    mut stop: watch::Receiver<bool>,
) -> SocketReport {
    let mut report = SocketReport::default();
    let permit = connects.acquire_owned().await.expect("semaphore");
    let mut socket = loop {
        match open_socket(&target, source).await {
            Ok(socket) => break socket,
            Err(error) if report.open_retries < 5 => {
                report.open_retries += 1;
                report.open_error = Some(error);
                tokio::time::sleep(Duration::from_millis(500 << report.open_retries)).await;
            }
            Err(error) => {
                report.open_error = Some(error);
                failed.fetch_add(1, Ordering::Relaxed);
                return report;
            }
        }
    };
    drop(permit);
    report.opened = true;
    report.open_error = None;
    report.latencies_us.reserve(messages);
    report.seen = vec![0; messages / 64 + 1];
    opened.fetch_add(1, Ordering::Relaxed);
    loop {
        tokio::select! {
            biased;
            _ = stop.changed() => break,
            frame = socket.next() => {
                let bytes: &[u8] = match &frame {
                    Some(Ok(Message::Text(text))) => text.as_bytes(),
                    Some(Ok(Message::Binary(bytes))) => bytes,
                    Some(Ok(Message::Close(close))) => {
                        report.closed_early = Some(match close {
                            Some(close) => format!("close {} {}", u16::from(close.code), close.reason),
                            None => "close without a code".to_owned(),
                        });
                        break;
                    }
                    // Pings are answered by tungstenite itself.
                    Some(Ok(_)) => continue,
                    Some(Err(error)) => {
                        report.closed_early = Some(error.to_string());
                        break;
                    }
                    None => {
                        report.closed_early = Some("the connection ended".to_owned());
                        break;
                    }
                };
                let now = unix_micros();
                match (number_after(bytes, b"\"sent_us\":"), number_after(bytes, b"\"seq\":")) {
                    (Some(sent), Some(seq)) if (seq as usize) < messages => {
                        let (word, bit) = (seq as usize / 64, 1u64 << (seq % 64));
                        if report.seen[word] & bit != 0 {
                            report.duplicates += 1;
                        } else {
                            report.seen[word] |= bit;
                            report.latencies_us.push(now.saturating_sub(sent).min(u32::MAX as u64) as u32);
                            delivered.fetch_add(1, Ordering::Relaxed);
                        }
                    }
                    _ => report.other += 1,
                }
            }
        }
    }
    // Close politely so the server counts the socket gone.
    let _ = socket.close(None).await;
    report
}

struct Memory {
    label: &'static str,
    rss_kib: u64,
    hwm_kib: u64,
}

async fn subscribers(args: SubscribersArgs) {
    let SubscribersArgs {
        url,
        ws_url,
        post_url,
        gauge: use_gauge,
        token,
        sockets,
        rate,
        seconds,
        grace,
        sources,
        server_pid,
        post_connections,
        connect_concurrency,
    } = args;
    let target = parse_url("url", &url);
    // Elsewhere than the app's paths (the original fpesa serves each on a port of its own).
    let app_root = || format!("http://{}", target.authority);
    let ws_target = parse_url("ws-url", &ws_url.unwrap_or_else(app_root));
    let post_target = parse_url("post-url", &post_url.unwrap_or_else(app_root));
    let messages = (rate * seconds).round() as usize;
    if open_files_limit() < sockets as u64 + 100 {
        eprintln!(
            "feed-load: warning: the open files limit ({}) is below {sockets} sockets",
            open_files_limit()
        );
    }

    let mut memory = Vec::new();
    let mut sample = |label: &'static str| {
        if let Some((rss_kib, hwm_kib)) = server_pid.and_then(memory_kib) {
            memory.push(Memory {
                label,
                rss_kib,
                hwm_kib,
            });
        }
    };
    sample("before the sockets");

    // Open them all.
    let opened = Arc::new(AtomicU64::new(0));
    let failed = Arc::new(AtomicU64::new(0));
    let delivered = Arc::new(AtomicU64::new(0));
    let connects = Arc::new(Semaphore::new(connect_concurrency));
    let (stop_tx, stop_rx) = watch::channel(false);
    let open_started = Instant::now();
    let handles: Vec<_> = (0..sockets)
        .map(|i| {
            let source = Ipv4Addr::new(127, 0, 0, 2 + (i % sources as usize) as u8);
            tokio::spawn(subscriber(
                ws_target.clone(),
                source,
                messages,
                connects.clone(),
                opened.clone(),
                failed.clone(),
                delivered.clone(),
                stop_rx.clone(),
            ))
        })
        .collect();
    let deadline = Instant::now() + Duration::from_secs(300);
    while opened.load(Ordering::Relaxed) + failed.load(Ordering::Relaxed) < sockets as u64
        && Instant::now() < deadline
    {
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let open_seconds = open_started.elapsed().as_secs_f64();
    let open_count = opened.load(Ordering::Relaxed);
    println!(
        "opened {open_count} of {sockets} websockets in {open_seconds:.1} s from {sources} source addresses (127.0.0.2..127.0.0.{}), {} failed",
        1 + sources as u32,
        failed.load(Ordering::Relaxed)
    );
    // The server's own count.
    let mut gauge = None;
    let gauge_deadline = Instant::now() + Duration::from_secs(30);
    while use_gauge && Instant::now() < gauge_deadline {
        gauge = metric(&target, "feed_websockets").await;
        if gauge == Some(open_count as f64) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    println!(
        "server gauge feed_websockets = {}",
        gauge.map_or("unavailable".to_owned(), |g| g.to_string())
    );
    tokio::time::sleep(Duration::from_secs(2)).await;
    sample("sockets open, idle");

    // Post at a steady rate.
    let (queue_tx, queue_rx) = tokio::sync::mpsc::channel::<u64>(messages.max(1));
    let queue_rx = Arc::new(Mutex::new(queue_rx));
    let post_path = post_target
        .given_path()
        .unwrap_or("/api/v1/messages/")
        .to_owned();
    let posters: Vec<_> = (0..post_connections)
        .map(|_| {
            let target = post_target.clone();
            let token = token.clone();
            let path = post_path.clone();
            let queue = queue_rx.clone();
            tokio::spawn(async move {
                // Every post is measured: there is no warm-up.
                let mut tally = Tally::default();
                let mut conn: Option<Conn> = None;
                loop {
                    let Some(seq) = queue.lock().await.recv().await else {
                        break;
                    };
                    let mut attempts = 0;
                    loop {
                        attempts += 1;
                        let sender = match &mut conn {
                            Some(sender) => sender,
                            None => match http1_connect(target.addr).await {
                                Ok(sender) => conn.insert(sender),
                                Err(error) => {
                                    tally.failed(true, error);
                                    if attempts < 3 {
                                        continue;
                                    } else {
                                        break;
                                    }
                                }
                            },
                        };
                        let body = format!("{{\"sent_us\":{},\"seq\":{seq}}}", unix_micros());
                        let began = Instant::now();
                        match exchange(sender, post_request(&target, &path, token.as_deref(), body))
                            .await
                        {
                            Ok(response) => {
                                let status = response.status().as_u16();
                                let latency = Some(micros(began.elapsed()));
                                tally.answered(latency, status.to_string(), status == 200, || {
                                    format!(
                                        "{status}: {}",
                                        String::from_utf8_lossy(response.body())
                                    )
                                });
                                break;
                            }
                            Err(error) => {
                                tally.failed(true, error);
                                conn = None;
                                if attempts >= 3 {
                                    break;
                                }
                            }
                        }
                    }
                }
                tally
            })
        })
        .collect();
    let server_cpu_before = server_pid.and_then(process_cpu_seconds);
    let cpus_before = cpu_times();
    let own_cpu_before = own_cpu_seconds();
    let post_started = Instant::now();
    let mut ticker = tokio::time::interval(Duration::from_secs_f64(1.0 / rate));
    ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Burst);
    let mut schedule_lag = Duration::ZERO;
    for seq in 0..messages as u64 {
        let due = ticker.tick().await;
        schedule_lag = schedule_lag.max(due.elapsed());
        queue_tx.send(seq).await.expect("posters");
    }
    drop(queue_tx);
    let mut post_tally = Tally::default();
    for poster in posters {
        post_tally.merge(poster.await.expect("poster"));
    }
    let post_seconds = post_started.elapsed().as_secs_f64();
    let posted_ok = post_tally.statuses.get("200").copied().unwrap_or(0);

    // Wait for the deliveries to finish: all of them, or none for 3 s, or the grace period.
    let grace_end = Instant::now() + Duration::from_secs_f64(grace);
    let mut last = delivered.load(Ordering::Relaxed);
    let mut last_change = Instant::now();
    loop {
        let now_delivered = delivered.load(Ordering::Relaxed);
        let live = opened.load(Ordering::Relaxed);
        if now_delivered >= posted_ok * live
            || Instant::now() >= grace_end
            || last_change.elapsed() > Duration::from_secs(3)
        {
            break;
        }
        if now_delivered != last {
            last = now_delivered;
            last_change = Instant::now();
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let delivery_seconds = post_started.elapsed().as_secs_f64();
    let server_cpu = server_cpu_before
        .zip(server_pid.and_then(process_cpu_seconds))
        .map(|(a, b)| b - a);
    let own_cpu = own_cpu_seconds() - own_cpu_before;
    let cpus = cpu_busy(&cpus_before, &cpu_times());
    sample("at the end (sockets open)");

    let _ = stop_tx.send(true);
    let mut latencies = Vec::with_capacity(open_count as usize * messages);
    let (mut closed_early, mut duplicates, mut other, mut retries) = (0u64, 0u64, 0u64, 0u64);
    let mut close_reasons: BTreeMap<String, u64> = BTreeMap::new();
    let mut open_errors: BTreeMap<String, u64> = BTreeMap::new();
    let mut per_socket_min = u64::MAX;
    for handle in handles {
        let report = handle.await.expect("subscriber");
        retries += u64::from(report.open_retries);
        if let Some(error) = report.open_error {
            *open_errors.entry(error).or_default() += 1;
        }
        if !report.opened {
            continue;
        }
        if let Some(reason) = report.closed_early {
            closed_early += 1;
            *close_reasons.entry(reason).or_default() += 1;
        }
        duplicates += report.duplicates;
        other += report.other;
        per_socket_min = per_socket_min.min(report.latencies_us.len() as u64);
        latencies.extend(report.latencies_us);
    }
    latencies.sort_unstable();
    let expected = posted_ok * open_count;
    let got = latencies.len() as u64;
    tokio::time::sleep(Duration::from_millis(500)).await;
    let gauge_after = if use_gauge {
        metric(&target, "feed_websockets").await
    } else {
        None
    };

    let post_latency = LatencySummary::of(&sorted(&post_tally.latencies_us));
    println!(
        "posted {posted_ok} of {messages} messages ({rate}/s for {seconds} s; took {post_seconds:.1} s, the schedule ran at most {:.1} ms late); POST statuses {:?}, errors {}, POST latency p50 {:.2} ms p99 {:.2} ms",
        schedule_lag.as_secs_f64() * 1000.0,
        post_tally.statuses,
        post_tally.errors,
        post_latency.p50,
        post_latency.p99,
    );
    if let Some(problem) = post_tally.first_problem_shown(300) {
        println!("  first POST problem: {problem}");
    }
    println!(
        "delivered {got} of {expected} ({:.3} %), least to one socket {}, duplicates {duplicates}, other frames {other}",
        if expected > 0 { 100.0 * got as f64 / expected as f64 } else { 0.0 },
        if per_socket_min == u64::MAX { 0 } else { per_socket_min }
    );
    let LatencySummary { p50, p90, p99, max } = LatencySummary::of(&latencies);
    println!(
        "delivery latency p50 {p50:.1} ms, p90 {p90:.1} ms, p99 {p99:.1} ms, p99.9 {:.1} ms, max {max:.1} ms",
        ms(percentile(&latencies, 99.9)),
    );
    println!("sockets closed early: {closed_early} {close_reasons:?}; open retries {retries}, open errors {open_errors:?}");
    if let Some(cpu) = server_cpu {
        println!("server CPU while posting and delivering: {:.0} % of one core over {delivery_seconds:.1} s", 100.0 * cpu / delivery_seconds);
    }
    println!(
        "client CPU over the same: {:.0} % of one core",
        100.0 * own_cpu / delivery_seconds
    );
    println!("machine over the same: {}", cpus.join("; "));
    for m in &memory {
        println!(
            "server memory {:<28} VmRSS {:7.1} MiB  VmHWM {:7.1} MiB",
            m.label,
            mib(m.rss_kib),
            mib(m.hwm_kib)
        );
    }
    println!(
        "server gauge feed_websockets after closing: {}",
        gauge_after.map_or("unavailable".to_owned(), |g| g.to_string())
    );
    let rss = |i: usize| memory.get(i).map_or(0.0, |m| mib(m.rss_kib));
    println!(
        "RESULT sockets={sockets} opened={open_count} gauge={} posted={posted_ok} delivered={got} expected={expected} p50_ms={p50:.1} p90_ms={p90:.1} p99_ms={p99:.1} max_ms={max:.1} closed_early={closed_early} rss_before_mb={:.1} rss_idle_mb={:.1} rss_end_mb={:.1} hwm_end_mb={:.1} server_cpu_pct={:.0} client_cpu_pct={:.0}",
        gauge.unwrap_or(-1.0),
        rss(0),
        rss(1),
        rss(2),
        memory.get(2).map_or(0.0, |m| mib(m.hwm_kib)),
        server_cpu.map_or(-1.0, |cpu| 100.0 * cpu / delivery_seconds),
        100.0 * own_cpu / delivery_seconds,
    );
}

fn sorted(values: &[u32]) -> Vec<u32> {
    let mut values = values.to_vec();
    values.sort_unstable();
    values
}
