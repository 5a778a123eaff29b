//! Job throughput of the durable queue on SQLite and on PostgreSQL, with one and with two worker
//! processes, against the bare SQL a job's life needs, measured in the same run on the same
//! database. Prints a markdown table; `bench/backends` runs it.
//!
//!   cargo run --release -p backends --example bench_jobs -- [--jobs N] [--rounds R]
//!       (defaults 2000 and 3)
//!
//! Each worker is a child process (this example run again with `--worker-child`) holding its own
//! pool and one `Worker` with the default configuration, as a deployed worker would be: two
//! workers then contend through the database only, never through a shared pool or runtime.
use std::error::Error;
use std::process::Stdio;
use std::sync::Arc;
use std::time::{Duration, Instant};

use backends::clock::SystemClock;
use backends::jobs::{
    JobContext, JobKind, JobQueue, JobRegistry, JobSpec, JobState, Worker, WorkerConfig,
};
use backends::store::{Store, StorePool};
use serde::{Deserialize, Serialize};
use sqlx::Connection;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader, Lines};
use tokio::process::{Child, ChildStdout, Command};
use tokio::task::JoinSet;
use tokio_util::sync::CancellationToken;

type BenchResult<T> = Result<T, Box<dyn Error + Send + Sync>>;

const DEFAULT_JOBS: usize = 2000;
/// Commits wait on the disk, which other work on the machine shares: a round's figures can swing
/// several-fold, so each row is the median of several rounds.
const DEFAULT_ROUNDS: usize = 3;
/// The first argument that makes this example a worker process instead of the benchmark.
const WORKER_CHILD_FLAG: &str = "--worker-child";
const READY: &str = "ready";
/// How often the parent counts finished jobs: the resolution of the measured time.
const COMPLETION_POLL: Duration = Duration::from_millis(10);
/// A run that has not finished by then is broken, not slow.
const RUN_DEADLINE: Duration = Duration::from_secs(600);
const WORKER_COUNTS: [usize; 2] = [1, 2];
const BASELINE_FINISH: &str =
    "UPDATE bench_baseline SET state = 'done', locked_by = NULL WHERE id = $1";

/// A job whose handler does nothing, so what is measured is the queue.
#[derive(Serialize, Deserialize)]
struct NoOp {}

impl JobKind for NoOp {
    const KIND: &'static str = "bench.noop";
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    fn label(self) -> &'static str {
        match self {
            Backend::Sqlite => "SQLite",
            Backend::Postgres => "PostgreSQL",
        }
    }
}

/// Runs the same sqlx code on whichever pool the store has; each arm type-checks it for its own
/// driver.
macro_rules! on_pool {
    ($pool:expr, $bound:ident => $body:expr) => {
        match $pool {
            StorePool::Sqlite($bound) => $body,
            StorePool::Postgres($bound) => $body,
        }
    };
}

#[tokio::main]
async fn main() -> BenchResult<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some(WORKER_CHILD_FLAG) {
        return run_worker_child(&args[1..]).await;
    }
    let Sizes { jobs, rounds } = sizes_from_args(&args)?;
    let defaults = WorkerConfig::default();
    println!(
        "{jobs} no-op jobs per run, all enqueued before the workers start. Each worker is a \
         child process with its own pool and tokio runtime ({} threads) running one Worker with \
         the default config: concurrency {} per kind, poll interval {:?}, lease {:?}.",
        std::thread::available_parallelism().map_or(1, usize::from),
        defaults.default_concurrency,
        defaults.poll_interval,
        defaults.lease,
    );
    println!(
        "Baseline on the same database, one autocommit statement each: {jobs} inserts on one \
         connection, then {jobs} times a claim (update the oldest pending row to running) and a \
         finish (update it to done), on as many connections at once as the workers run jobs \
         (workers × concurrency). Ratios are queue rate / baseline rate."
    );
    println!(
        "{rounds} rounds per row, each on a fresh database; medians of the rates and of each \
         round's ratio, and the range of the run ratio."
    );
    println!("PostgreSQL: {}", postgres_admin_url());
    let mut rows = Vec::new();
    for backend in [Backend::Sqlite, Backend::Postgres] {
        for workers in WORKER_COUNTS {
            let mut rounds_measured = Vec::new();
            for round in 1..=rounds {
                eprintln!(
                    "{} with {workers} worker(s), round {round} of {rounds}…",
                    backend.label()
                );
                let database = BenchDatabase::create(backend).await?;
                let measured = measure_on(&database, jobs, workers).await;
                database.remove().await?;
                rounds_measured.push(measured?);
            }
            rows.push((backend, workers, Summary::of(&rounds_measured)));
        }
    }
    print_table(&rows);
    Ok(())
}

struct Sizes {
    jobs: usize,
    rounds: usize,
}

const USAGE: &str = "usage: bench_jobs [--jobs N] [--rounds R]";

fn sizes_from_args(args: &[String]) -> BenchResult<Sizes> {
    let mut sizes = Sizes {
        jobs: DEFAULT_JOBS,
        rounds: DEFAULT_ROUNDS,
    };
    let mut rest = args.iter();
    while let Some(flag) = rest.next() {
        let value: usize = rest.next().ok_or(USAGE)?.parse()?;
        match flag.as_str() {
            "--jobs" => sizes.jobs = value,
            "--rounds" => sizes.rounds = value.max(1),
            _ => return Err(USAGE.into()),
        }
    }
    Ok(sizes)
}

/// The PostgreSQL server the benchmark creates its databases on.
fn postgres_admin_url() -> String {
    std::env::var("BENCH_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".to_owned())
}

/// A database that exists for one run: a SQLite file in a temp dir, or a PostgreSQL database.
enum BenchDatabase {
    Sqlite { dir: tempfile::TempDir },
    Postgres { name: String },
}

impl BenchDatabase {
    async fn create(backend: Backend) -> BenchResult<Self> {
        Ok(match backend {
            Backend::Sqlite => BenchDatabase::Sqlite {
                dir: tempfile::tempdir()?,
            },
            Backend::Postgres => {
                let name = format!("bench_{}", uuid::Uuid::new_v4().simple());
                let mut admin = sqlx::PgConnection::connect(&postgres_admin_url()).await?;
                sqlx::query(&format!("CREATE DATABASE {name}"))
                    .execute(&mut admin)
                    .await?;
                BenchDatabase::Postgres { name }
            }
        })
    }

    fn url(&self) -> String {
        match self {
            BenchDatabase::Sqlite { dir } => {
                format!("sqlite://{}", dir.path().join("bench.db").display())
            }
            BenchDatabase::Postgres { name } => {
                let admin = postgres_admin_url();
                let server = admin
                    .rsplit_once('/')
                    .map_or(admin.as_str(), |(server, _)| server);
                format!("{server}/{name}")
            }
        }
    }

    async fn remove(self) -> BenchResult<()> {
        match self {
            BenchDatabase::Sqlite { dir } => dir.close()?,
            BenchDatabase::Postgres { name } => {
                let mut admin = sqlx::PgConnection::connect(&postgres_admin_url()).await?;
                sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                    .execute(&mut admin)
                    .await?;
            }
        }
        Ok(())
    }
}

/// Rates from one run on one fresh database, in rows or jobs per second.
struct Measured {
    baseline_insert: f64,
    baseline_claim_finish: f64,
    enqueue: f64,
    run: f64,
}

impl Measured {
    fn enqueue_ratio(&self) -> f64 {
        self.enqueue / self.baseline_insert
    }

    fn run_ratio(&self) -> f64 {
        self.run / self.baseline_claim_finish
    }
}

/// One row of the table: medians over the rounds. Ratios are taken within each round, whose
/// queue and baseline ran back to back on one database, before the median.
struct Summary {
    measured: Measured,
    enqueue_ratio: f64,
    run_ratio: f64,
    lowest_run_ratio: f64,
    highest_run_ratio: f64,
}

impl Summary {
    fn of(rounds: &[Measured]) -> Self {
        let median_of = |figure: fn(&Measured) -> f64| median(rounds.iter().map(figure).collect());
        let run_ratios = rounds.iter().map(Measured::run_ratio);
        Summary {
            measured: Measured {
                baseline_insert: median_of(|round| round.baseline_insert),
                baseline_claim_finish: median_of(|round| round.baseline_claim_finish),
                enqueue: median_of(|round| round.enqueue),
                run: median_of(|round| round.run),
            },
            enqueue_ratio: median_of(Measured::enqueue_ratio),
            run_ratio: median_of(Measured::run_ratio),
            lowest_run_ratio: run_ratios.clone().fold(f64::INFINITY, f64::min),
            highest_run_ratio: run_ratios.fold(0.0, f64::max),
        }
    }
}

/// The middle value (the upper of the middle two for an even count).
fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

async fn measure_on(
    database: &BenchDatabase,
    jobs: usize,
    workers: usize,
) -> BenchResult<Measured> {
    let store = backends::store::connect(&database.url()).await?;
    store.migrate().await?;
    let in_flight = workers * WorkerConfig::default().default_concurrency;
    let (baseline_insert, baseline_claim_finish) =
        measure_baseline(&store.pool(), jobs, in_flight).await?;
    let (enqueue, run) = measure_queue(&database.url(), store.as_ref(), jobs, workers).await?;
    store.close().await;
    Ok(Measured {
        baseline_insert,
        baseline_claim_finish,
        enqueue,
        run,
    })
}

fn per_second(count: usize, elapsed: Duration) -> f64 {
    count as f64 / elapsed.as_secs_f64()
}

/// The least SQL a job's life takes, straight through sqlx: the rate of inserts on one
/// connection, then the rate of claim-and-finish pairs over the same rows on `in_flight`
/// connections at once, as many as the workers run jobs at once.
async fn measure_baseline(
    pool: &StorePool,
    rows: usize,
    in_flight: usize,
) -> BenchResult<(f64, f64)> {
    let (create_table, claim) = match pool {
        StorePool::Sqlite(_) => (
            "CREATE TABLE bench_baseline (id INTEGER PRIMARY KEY AUTOINCREMENT, \
             state TEXT NOT NULL, locked_by TEXT)",
            // One write statement holds SQLite's write lock throughout: no two claim a row.
            "UPDATE bench_baseline SET state = 'running', locked_by = $1 \
             WHERE id = (SELECT id FROM bench_baseline WHERE state = 'pending' \
                 ORDER BY id LIMIT 1) \
             RETURNING id",
        ),
        StorePool::Postgres(_) => (
            "CREATE TABLE bench_baseline (id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, \
             state TEXT NOT NULL, locked_by TEXT)",
            // Without SKIP LOCKED, concurrent claims would wait on one row and then take it twice.
            "UPDATE bench_baseline SET state = 'running', locked_by = $1 \
             WHERE id = (SELECT id FROM bench_baseline WHERE state = 'pending' \
                 ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED) \
             RETURNING id",
        ),
    };
    Ok(on_pool!(pool, pool => {
        // Connected before the clock starts, as the workers' pools are.
        let mut connections = Vec::new();
        for _ in 0..in_flight {
            connections.push(pool.acquire().await?);
        }
        let inserter = &mut connections[0];
        sqlx::query(create_table).execute(&mut **inserter).await?;
        sqlx::query("CREATE INDEX bench_baseline_state ON bench_baseline (state, id)")
            .execute(&mut **inserter)
            .await?;

        let inserting = Instant::now();
        for _ in 0..rows {
            sqlx::query("INSERT INTO bench_baseline (state) VALUES ('pending')")
                .execute(&mut **inserter)
                .await?;
        }
        let inserted = inserting.elapsed();

        let processing = Instant::now();
        let mut claimers = JoinSet::new();
        for mut connection in connections {
            claimers.spawn(async move {
                loop {
                    let claimed: Option<i64> = sqlx::query_scalar(claim)
                        .bind("baseline")
                        .fetch_optional(&mut *connection)
                        .await?;
                    let Some(id) = claimed else {
                        return Ok::<_, sqlx::Error>(());
                    };
                    sqlx::query(BASELINE_FINISH).bind(id).execute(&mut *connection).await?;
                }
            });
        }
        while let Some(claimer) = claimers.join_next().await {
            claimer??;
        }
        let processed = processing.elapsed();

        let done: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM bench_baseline WHERE state = 'done'")
            .fetch_one(pool)
            .await?;
        if done != rows as i64 {
            return Err(format!("the baseline finished {done} of {rows} rows").into());
        }
        (per_second(rows, inserted), per_second(rows, processed))
    }))
}

/// Enqueues `jobs` no-op jobs (timed), then starts `workers` worker processes and times them
/// from the moment they are told to go until every job has succeeded.
async fn measure_queue(
    url: &str,
    store: &dyn Store,
    jobs: usize,
    workers: usize,
) -> BenchResult<(f64, f64)> {
    let queue = JobQueue::new(store, Arc::new(SystemClock));
    let spec = JobSpec::new(&NoOp {})?;
    let enqueueing = Instant::now();
    for _ in 0..jobs {
        queue.enqueue(&spec).await?;
    }
    let enqueued = enqueueing.elapsed();

    // Each worker's output is kept open until it has exited, so nothing it prints hits a closed pipe.
    let mut children = Vec::new();
    for number in 1..=workers {
        let mut child = Command::new(std::env::current_exe()?)
            .args([WORKER_CHILD_FLAG, url, &format!("bench-worker-{number}")])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            // A benchmark that fails does not leave its workers running.
            .kill_on_drop(true)
            .spawn()?;
        let mut output = lines_of(&mut child)?;
        wait_for_ready(&mut output).await?;
        children.push((child, output));
    }
    // Every worker has connected; start them together and time from here.
    let running = Instant::now();
    for (child, _) in &mut children {
        let stdin = child.stdin.as_mut().ok_or("the worker's stdin is piped")?;
        stdin.write_all(b"go\n").await?;
        stdin.flush().await?;
    }
    wait_until_all_succeeded(&queue, running).await?;
    let ran = running.elapsed();

    for (mut child, _output) in children {
        // Closing its stdin tells the worker to shut down.
        drop(child.stdin.take());
        let status = child.wait().await?;
        if !status.success() {
            return Err(format!("a worker process failed: {status}").into());
        }
    }
    Ok((per_second(jobs, enqueued), per_second(jobs, ran)))
}

fn lines_of(child: &mut Child) -> BenchResult<Lines<BufReader<ChildStdout>>> {
    let stdout = child.stdout.take().ok_or("the worker's stdout is piped")?;
    Ok(BufReader::new(stdout).lines())
}

async fn wait_for_ready(output: &mut Lines<BufReader<ChildStdout>>) -> BenchResult<()> {
    match tokio::time::timeout(RUN_DEADLINE, output.next_line()).await {
        Ok(Ok(Some(line))) if line == READY => Ok(()),
        Ok(Ok(line)) => Err(format!("the worker said {line:?} instead of {READY:?}").into()),
        Ok(Err(error)) => Err(error.into()),
        Err(_) => Err("the worker did not get ready".into()),
    }
}

/// Counts unfinished jobs until there are none. A dead job fails the benchmark: a no-op job
/// must succeed first time.
async fn wait_until_all_succeeded(queue: &JobQueue, started: Instant) -> BenchResult<()> {
    let mut poll = tokio::time::interval(COMPLETION_POLL);
    loop {
        poll.tick().await;
        let unfinished = queue.depth_by_kind().await?;
        if unfinished.is_empty() {
            return Ok(());
        }
        if let Some(dead) = unfinished
            .iter()
            .find(|depth| depth.state == JobState::Dead)
        {
            return Err(format!("{} jobs died", dead.count).into());
        }
        if started.elapsed() > RUN_DEADLINE {
            return Err(format!("jobs unfinished after {RUN_DEADLINE:?}: {unfinished:?}").into());
        }
    }
}

/// The worker process: `--worker-child URL WORKER_ID`. Connects, says it is ready, runs its
/// worker from the parent's "go" until its stdin closes.
async fn run_worker_child(args: &[String]) -> BenchResult<()> {
    let [url, worker_id] = args else {
        return Err(format!("usage: bench_jobs {WORKER_CHILD_FLAG} DATABASE_URL WORKER_ID").into());
    };
    let store = backends::store::connect(url).await?;
    let queue = JobQueue::new(store.as_ref(), Arc::new(SystemClock));
    let registry = JobRegistry::new().register(|_: JobContext, _: NoOp| async { Ok(()) });
    let config = WorkerConfig {
        worker_id: worker_id.clone(),
        ..WorkerConfig::default()
    };
    let worker = Worker::new(queue, registry, config);
    println!("{READY}");

    let mut instructions = BufReader::new(tokio::io::stdin()).lines();
    if instructions.next_line().await?.as_deref() != Some("go") {
        return Err("the parent went away before saying go".into());
    }
    let shutdown = CancellationToken::new();
    let stop_when_told = tokio::spawn({
        let shutdown = shutdown.clone();
        async move {
            while let Ok(Some(_)) = instructions.next_line().await {}
            shutdown.cancel();
        }
    });
    worker.run(shutdown).await;
    stop_when_told.await?;
    store.close().await;
    Ok(())
}

fn print_table(rows: &[(Backend, usize, Summary)]) {
    println!();
    println!(
        "| store | workers | enqueue jobs/s | run jobs/s | baseline insert rows/s \
         | baseline claim+finish rows/s | enqueue ratio | **run ratio** | run ratio range |"
    );
    println!("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
    for (backend, workers, summary) in rows {
        let measured = &summary.measured;
        println!(
            "| {} | {workers} | {} | {} | {} | {} | {:.3} | **{:.3}** | {:.3} – {:.3} |",
            backend.label(),
            grouped(measured.enqueue),
            grouped(measured.run),
            grouped(measured.baseline_insert),
            grouped(measured.baseline_claim_finish),
            summary.enqueue_ratio,
            summary.run_ratio,
            summary.lowest_run_ratio,
            summary.highest_run_ratio,
        );
    }
}

/// A rate rounded to a whole number with its thousands spaced, as in docs/benchmarks.md.
fn grouped(rate: f64) -> String {
    let digits = format!("{rate:.0}");
    let mut spaced = String::new();
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index) % 3 == 0 {
            spaced.push(' ');
        }
        spaced.push(digit);
    }
    spaced
}
