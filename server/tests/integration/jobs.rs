//! The app's jobs: run inside `server serve`, and by a separate `server worker` process that
//! stops cleanly on SIGTERM; their depth and outcomes reach `/metrics`; the periodic clean-ups.
use std::process::Stdio;
use std::time::Duration;

use std::sync::Arc;

use backends::accounts::{hash_password, Role};
use backends::clock::ManualClock;
use backends::jobs::{JobSpec, JobState};
use backends::objects::{body_from_bytes, ObjectKey, PutOptions};
use backends::Backends;
use server::jobs::{DeleteUnconfirmedAccounts, ExpireObjects};
use tokio::io::{AsyncBufReadExt, BufReader};

use crate::on_both_stores;
use crate::support::{eventually, test_config, Backend, TestApp, TestDatabase};

const SERVER: &str = env!("CARGO_BIN_EXE_server");

/// One object already expired and one that is not; returns their keys.
async fn expired_and_current_objects(backends: &Backends) -> (ObjectKey, ObjectKey) {
    let now = backends.clock.now();
    let expired = ObjectKey::new("pdfs/old.pdf").unwrap();
    let current = ObjectKey::new("pdfs/new.pdf").unwrap();
    for (key, expires_at) in [
        (&expired, now - chrono::Duration::minutes(1)),
        (&current, now + chrono::Duration::hours(24)),
    ] {
        let options = PutOptions::new("application/pdf").expiring_at(expires_at);
        backends
            .objects
            .put(key, body_from_bytes("%PDF"), options)
            .await
            .unwrap();
    }
    (expired, current)
}

async fn wait_until_succeeded(backends: &Backends, id: i64) {
    let jobs = backends.jobs.clone();
    eventually(Duration::from_secs(20), "the job succeeds", || {
        let jobs = jobs.clone();
        async move {
            let job = jobs.get(id).await.unwrap().expect("the job exists");
            assert_ne!(job.state, JobState::Dead, "{:?}", job.last_error);
            (job.state == JobState::Succeeded).then_some(())
        }
    })
    .await;
}

async fn the_app_runs_enqueued_jobs_and_reports_them_in_metrics(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let backends = &app.state.backends;
    let (expired, current) = expired_and_current_objects(backends).await;
    let id = backends
        .jobs
        .enqueue(&JobSpec::new(&ExpireObjects {}).unwrap())
        .await
        .unwrap()
        .id();
    wait_until_succeeded(backends, id).await;
    assert!(backends.objects.head(&expired).await.unwrap().is_none());
    assert!(backends.objects.head(&current).await.unwrap().is_some());

    // A job that cannot start yet counts in the depth gauge.
    let later = JobSpec::new(&ExpireObjects {})
        .unwrap()
        .run_at(backends.clock.now() + chrono::Duration::hours(1));
    backends.jobs.enqueue(&later).await.unwrap();
    let metrics = app.get("/metrics").await.text().await.unwrap();
    assert!(
        metrics.contains(r#"jobs_queue_depth{kind="objects.expire",state="pending"} 1"#),
        "{metrics}"
    );
    assert!(
        metrics
            .lines()
            .any(|l| l.starts_with("jobs_finished_total{")
                && l.contains(r#"kind="objects.expire""#)
                && l.contains(r#"outcome="succeeded""#)),
        "{metrics}"
    );
}

async fn a_worker_process_runs_jobs_and_stops_on_sigterm(backend: Backend) {
    let database = TestDatabase::create(backend).await;
    let objects_dir = tempfile::tempdir().unwrap();
    let mut config = test_config(database.url());
    config.objects_dir = objects_dir.path().to_path_buf();
    // The app's own state, for enqueuing and looking; it runs no jobs itself.
    config.run_jobs = false;
    let app = TestApp::spawn_on(database, config).await;
    let backends = &app.state.backends;

    let mut worker = tokio::process::Command::new(SERVER)
        .arg("worker")
        .env("DATABASE_URL", app.state.config.database_url.clone())
        .env("APP_OBJECTS_DIR", objects_dir.path())
        .env("APP_ENVIRONMENT", "test")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(worker.stdout.take().unwrap()).lines();
    let started = tokio::time::timeout(Duration::from_secs(20), lines.next_line())
        .await
        .expect("the worker starts")
        .unwrap();
    assert_eq!(started.as_deref(), Some("Worker running"));

    let (expired, current) = expired_and_current_objects(backends).await;
    let id = backends
        .jobs
        .enqueue(&JobSpec::new(&ExpireObjects {}).unwrap())
        .await
        .unwrap()
        .id();
    wait_until_succeeded(backends, id).await;
    assert!(backends.objects.head(&expired).await.unwrap().is_none());
    assert!(backends.objects.head(&current).await.unwrap().is_some());

    let pid = worker.id().unwrap().to_string();
    let signalled = std::process::Command::new("kill")
        .args(["-TERM", &pid])
        .status()
        .unwrap();
    assert!(signalled.success());
    let status = tokio::time::timeout(Duration::from_secs(20), worker.wait())
        .await
        .expect("the worker stops after SIGTERM")
        .unwrap();
    assert!(status.success(), "{status:?}");
}

async fn accounts_left_unconfirmed_for_a_day_are_deleted(backend: Backend) {
    let database = TestDatabase::create(backend).await;
    let config = test_config(database.url());
    let clock = ManualClock::new(chrono::Utc::now());
    let app = TestApp::spawn_on_with_clock(database, config, Arc::new(clock.clone())).await;
    let backends = &app.state.backends;
    let hash = hash_password("Correct1horse").await.unwrap();
    let accounts = &backends.accounts;
    let stale = accounts
        .create_user("stale@example.com", &hash, Role::Citizen)
        .await
        .unwrap();
    let confirmed = accounts
        .create_user("confirmed@example.com", &hash, Role::Citizen)
        .await
        .unwrap();
    accounts.confirm_email(&confirmed).await.unwrap();
    clock.advance(chrono::Duration::hours(25));
    let recent = accounts
        .create_user("recent@example.com", &hash, Role::Citizen)
        .await
        .unwrap();

    let id = backends
        .jobs
        .enqueue(&JobSpec::new(&DeleteUnconfirmedAccounts {}).unwrap())
        .await
        .unwrap()
        .id();
    wait_until_succeeded(backends, id).await;
    assert!(
        accounts.get(&stale).await.unwrap().is_none(),
        "unconfirmed for 25 hours"
    );
    assert!(accounts.get(&confirmed).await.unwrap().is_some());
    assert!(accounts.get(&recent).await.unwrap().is_some());
}

on_both_stores!(
    the_app_runs_enqueued_jobs_and_reports_them_in_metrics,
    a_worker_process_runs_jobs_and_stops_on_sigterm,
    accounts_left_unconfirmed_for_a_day_are_deleted,
);
