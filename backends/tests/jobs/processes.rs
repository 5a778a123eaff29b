//! Tests across real processes: the test binary runs itself again as a worker or a scheduler
//! instance (a child test that does nothing unless its environment variable names a database).
use std::collections::BTreeSet;
use std::process::Stdio;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use backends::clock::SystemClock;
use backends::jobs::{
    JobContext, JobKind, JobQueue, JobRegistry, JobSpec, JobState, Schedule, Scheduler, Worker,
    WorkerConfig,
};
use chrono::{DateTime, DurationRound, Utc};
use serde::{Deserialize, Serialize};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader, Lines};
use tokio::process::{Child, ChildStdout, Command};
use tokio_util::sync::CancellationToken;

use crate::support::{eventually, start_time, Backend, Chore, TestDatabase};

const WORKER_CHILD_DATABASE: &str = "JOBS_WORKER_CHILD_DATABASE_URL";
const SCHEDULER_CHILD_DATABASE: &str = "JOBS_SCHEDULER_CHILD_DATABASE_URL";
const SCHEDULER_CHILD_TICKS: &str = "JOBS_SCHEDULER_CHILD_TICKS";
const HANDLER_STARTED: &str = "handler started for job";
const DEADLINE: Duration = Duration::from_secs(60);

backends::on_both_stores!(
    a_job_survives_its_worker_process_being_killed_mid_job,
    two_scheduler_processes_fire_each_period_once,
);

/// This test binary, running only the test `name` (one the parent defines below).
fn child_process(name: &str) -> Command {
    let mut command = Command::new(std::env::current_exe().expect("the test binary's path"));
    command
        .args(["--exact", name, "--nocapture", "--test-threads=1"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        // A parent that fails does not leave its children running.
        .kill_on_drop(true);
    command
}

/// Reads the child's output until a line containing `marker`, and returns the line from there.
/// (The test harness may have begun the line with "test NAME ... ".)
async fn line_with(lines: &mut Lines<BufReader<ChildStdout>>, marker: &str) -> String {
    let found = tokio::time::timeout(DEADLINE, async {
        while let Some(line) = lines.next_line().await.expect("child output") {
            if let Some(at) = line.find(marker) {
                return line[at..].to_owned();
            }
        }
        panic!("the child ended without printing {marker:?}")
    });
    found
        .await
        .unwrap_or_else(|_| panic!("no {marker:?} from the child in {DEADLINE:?}"))
}

fn output_of(child: &mut Child) -> Lines<BufReader<ChildStdout>> {
    BufReader::new(child.stdout.take().expect("piped stdout")).lines()
}

async fn a_job_survives_its_worker_process_being_killed_mid_job(backend: Backend) {
    let database = TestDatabase::create(backend).await;
    let store = database.store().await;
    let queue = JobQueue::new(store.as_ref(), Arc::new(SystemClock));
    let id = queue
        .enqueue(&JobSpec::new(&Chore { number: 1 }).unwrap())
        .await
        .unwrap()
        .id();

    let mut child = child_process("processes::worker_child")
        .env(WORKER_CHILD_DATABASE, database.url())
        .spawn()
        .expect("start the worker process");
    let mut output = output_of(&mut child);
    let started = line_with(&mut output, HANDLER_STARTED).await;
    assert_eq!(started, format!("{HANDLER_STARTED} {id}"));
    let mid_job = queue.get(id).await.unwrap().unwrap();
    assert_eq!(mid_job.state, JobState::Running);
    assert_eq!(mid_job.locked_by.as_deref(), Some("child-worker"));

    child.kill().await.expect("SIGKILL the worker process");

    let attempts_seen = Arc::new(Mutex::new(Vec::new()));
    let registry = JobRegistry::new().register({
        let attempts_seen = Arc::clone(&attempts_seen);
        move |context: JobContext, _: Chore| {
            let attempts_seen = Arc::clone(&attempts_seen);
            async move {
                attempts_seen.lock().unwrap().push(context.attempt);
                Ok(())
            }
        }
    });
    let config = WorkerConfig {
        worker_id: "parent-worker".to_owned(),
        poll_interval: Duration::from_millis(50),
        lease: Duration::from_secs(2),
        ..WorkerConfig::default()
    };
    let worker = Arc::new(Worker::new(queue.clone(), registry, config));
    let shutdown = CancellationToken::new();
    let running = tokio::spawn({
        let (worker, shutdown) = (Arc::clone(&worker), shutdown.clone());
        async move { worker.run(shutdown).await }
    });
    let done = eventually(
        DEADLINE,
        "the job to succeed after its lease lapsed",
        || async {
            let job = queue.get(id).await.unwrap().unwrap();
            (job.state == JobState::Succeeded).then_some(job)
        },
    )
    .await;
    assert_eq!(done.attempts, 2);
    assert_eq!(*attempts_seen.lock().unwrap(), [2]);
    shutdown.cancel();
    running.await.unwrap();
}

/// The worker process: claims the job with a 2 s lease, says so, and never finishes it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn worker_child() {
    let Ok(url) = std::env::var(WORKER_CHILD_DATABASE) else {
        return;
    };
    let store = backends::store::connect(&url).await.expect("connect");
    let queue = JobQueue::new(store.as_ref(), Arc::new(SystemClock));
    let registry = JobRegistry::new().register(|context: JobContext, _: Chore| async move {
        println!("{HANDLER_STARTED} {}", context.job_id);
        std::future::pending::<()>().await;
        Ok(())
    });
    let config = WorkerConfig {
        worker_id: "child-worker".to_owned(),
        poll_interval: Duration::from_millis(50),
        lease: Duration::from_secs(2),
        ..WorkerConfig::default()
    };
    let worker = Worker::new(queue, registry, config);
    let ran = tokio::time::timeout(DEADLINE, worker.run(CancellationToken::new())).await;
    assert!(ran.is_err(), "the worker stopped by itself");
    panic!("the parent never killed this worker process");
}

/// The job the test schedule enqueues: which period fired it.
#[derive(Debug, Serialize, Deserialize)]
struct Tick {
    period: DateTime<Utc>,
}

impl JobKind for Tick {
    const KIND: &'static str = "test.tick";
}

/// A schedule firing at the start of every minute.
fn every_minute() -> Schedule {
    Schedule::new("every-minute", "* * * * *", |period| {
        JobSpec::new(&Tick { period })
    })
    .unwrap()
}

async fn two_scheduler_processes_fire_each_period_once(backend: Backend) {
    let database = TestDatabase::create(backend).await;
    let store = database.store().await;
    // Five minutes seen every 7 s, starting on a minute: several ticks in each period.
    let instants: Vec<DateTime<Utc>> = (0..43)
        .map(|i| start_time() + chrono::Duration::seconds(7 * i))
        .collect();
    let periods: BTreeSet<DateTime<Utc>> = instants
        .iter()
        .map(|at| at.duration_trunc(chrono::Duration::minutes(1)).unwrap())
        .collect();
    assert_eq!(periods.len(), 5);
    let ticks = instants
        .iter()
        .map(DateTime::to_rfc3339)
        .collect::<Vec<_>>()
        .join(",");

    let mut children: Vec<Child> = (0..2)
        .map(|_| {
            child_process("processes::scheduler_child")
                .env(SCHEDULER_CHILD_DATABASE, database.url())
                .env(SCHEDULER_CHILD_TICKS, &ticks)
                .spawn()
                .expect("start a scheduler process")
        })
        .collect();
    let mut outputs: Vec<_> = children.iter_mut().map(output_of).collect();
    for output in &mut outputs {
        line_with(output, "ready").await;
    }
    // Both are connected and waiting: let them go together.
    for child in &mut children {
        let stdin = child.stdin.as_mut().expect("piped stdin");
        stdin.write_all(b"go\n").await.unwrap();
        stdin.flush().await.unwrap();
    }
    let mut fired_by_children = 0;
    for output in &mut outputs {
        let line = line_with(output, "fired ").await;
        fired_by_children += line["fired ".len()..].parse::<usize>().unwrap();
    }
    for child in &mut children {
        let status = tokio::time::timeout(DEADLINE, child.wait())
            .await
            .unwrap()
            .unwrap();
        assert!(status.success(), "a scheduler process failed: {status}");
    }

    assert_eq!(fired_by_children, periods.len());
    let queue = JobQueue::new(store.as_ref(), Arc::new(SystemClock));
    let jobs = queue.list(JobState::Pending, 100).await.unwrap();
    let fired: Vec<DateTime<Utc>> = jobs
        .iter()
        .map(|job| {
            serde_json::from_value::<Tick>(job.payload.clone())
                .unwrap()
                .period
        })
        .collect();
    assert_eq!(fired.len(), periods.len(), "one job per period: {fired:?}");
    assert_eq!(fired.into_iter().collect::<BTreeSet<_>>(), periods);
}

/// A scheduler instance: ticks through the given instants once the parent says go.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn scheduler_child() {
    let Ok(url) = std::env::var(SCHEDULER_CHILD_DATABASE) else {
        return;
    };
    let instants: Vec<DateTime<Utc>> = std::env::var(SCHEDULER_CHILD_TICKS)
        .expect("the instants to tick at")
        .split(',')
        .map(|at| DateTime::parse_from_rfc3339(at).unwrap().to_utc())
        .collect();
    let store = backends::store::connect(&url).await.expect("connect");
    let queue = JobQueue::new(store.as_ref(), Arc::new(SystemClock));
    let scheduler = Scheduler::new(queue, vec![every_minute()]);
    println!("ready");
    let mut go = String::new();
    BufReader::new(tokio::io::stdin())
        .read_line(&mut go)
        .await
        .unwrap();
    let mut fired = 0;
    for now in instants {
        fired += scheduler.tick(now).await.expect("tick").len();
    }
    println!("fired {fired}");
}
