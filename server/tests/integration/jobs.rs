//! The app's jobs: run inside `server serve`, and by a separate `server worker` process that
//! stops cleanly on SIGTERM; their depth and outcomes reach `/metrics`; the periodic clean-ups.
use std::process::Stdio;
use std::time::Duration;

use app::account::server::jobs::{DeleteUnconfirmedAccounts, ExpireInactiveAccounts};
use app::account::server::{hash_password, Role};
use backends::clock::ManualClock;
use backends::jobs::{JobSpec, JobState};
use backends::objects::{body_from_bytes, ObjectKey, PutOptions};
use backends::Backends;
use server::jobs::ExpireObjects;
use tokio::io::{AsyncBufReadExt, BufReader};

use crate::support::{eventually, test_config, Backend, TestApp, TestDatabase};
use backends::on_both_stores;

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
    // (The scheduler's own run of this kind, sent at start-up, may still be waiting its turn.)
    let metrics = eventually(
        Duration::from_secs(20),
        "only the later job waits",
        || async {
            let metrics = app.get("/metrics").await.text().await.unwrap();
            metrics
                .contains(r#"jobs_queue_depth{kind="objects.expire",state="pending"} 1"#)
                .then_some(metrics)
        },
    )
    .await;
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
    let clock = ManualClock::new(chrono::Utc::now());
    let app = TestApp::spawn_with_clock(backend, &clock).await;
    let backends = &app.state.backends;
    let hash = hash_password("Correct1horse").await.unwrap();
    let accounts = &app::account::server::Accounts::of(backends);
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

/// Runs the inactive-accounts job now, and waits for the mail it queued to be sent.
async fn run_inactive_accounts_job(backends: &Backends) {
    let id = backends
        .jobs
        .enqueue(&JobSpec::new(&ExpireInactiveAccounts {}).unwrap())
        .await
        .unwrap()
        .id();
    wait_until_succeeded(backends, id).await;
    let jobs = backends.jobs.clone();
    eventually(Duration::from_secs(20), "the mail is sent", || {
        let jobs = jobs.clone();
        async move {
            let mut waiting = jobs.list(JobState::Pending, 100).await.unwrap();
            waiting.extend(jobs.list(JobState::Running, 100).await.unwrap());
            waiting
                .iter()
                .all(|job| job.kind != "mail.send")
                .then_some(())
        }
    })
    .await;
}

/// The subjects of the mail sent to `to`, oldest first.
async fn subjects_to(backends: &Backends, to: &str) -> Vec<String> {
    let outbox = backends::mail::OutboxMailer::new(backends.store.as_ref(), backends.clock.clone());
    let mut mails = outbox.for_recipient(to, 100).await.unwrap();
    mails.reverse();
    mails.into_iter().map(|mail| mail.subject).collect()
}

async fn inactive_accounts_are_warned_twice_then_deleted_unless_used(backend: Backend) {
    use crate::accounts::{create_account, sign_in, PASSWORD};
    use chrono::{Duration as Days, Months};
    let start = chrono::Utc::now();
    let clock = ManualClock::new(start);
    let app = TestApp::spawn_with_clock(backend, &clock).await;
    let backends = &app.state.backends;
    let forgotten = create_account(&app, "forgotten@example.com", Role::Citizen).await;
    let returning = create_account(&app, "returning@example.com", Role::Citizen).await;
    let recent = create_account(&app, "recent@example.com", Role::Citizen).await;
    clock.set(start + Months::new(1));
    sign_in(&app.new_browser(), "recent@example.com", PASSWORD).await;

    let month = "Your account will be deleted in 1 month";
    let week = "Your account will be deleted in 1 week";
    let deleted = "Your account has been deleted";

    // 8 months unused, and a day: the month's notice, once however often the job runs.
    clock.set(start + Months::new(8) + Days::days(1));
    run_inactive_accounts_job(backends).await;
    run_inactive_accounts_job(backends).await;
    assert_eq!(
        subjects_to(backends, "forgotten@example.com").await,
        [month]
    );
    assert_eq!(
        subjects_to(backends, "returning@example.com").await,
        [month]
    );
    assert!(subjects_to(backends, "recent@example.com").await.is_empty());

    // Signing in keeps the account open, and says so.
    let response = sign_in(&app.new_browser(), "returning@example.com", PASSWORD).await;
    assert_eq!(
        response.headers()["location"],
        "/user/dashboard?saved=kept-open"
    );

    // A week before 9 months: the week's notice.
    clock.set(start + Months::new(9) - Days::weeks(1) + Days::days(1));
    run_inactive_accounts_job(backends).await;
    assert_eq!(
        subjects_to(backends, "forgotten@example.com").await,
        [month, week]
    );
    assert_eq!(
        subjects_to(backends, "returning@example.com").await,
        [month]
    );

    // 9 months: deleted, with a last mail; the others stay.
    clock.set(start + Months::new(9) + Days::days(1));
    run_inactive_accounts_job(backends).await;
    let accounts = &app::account::server::Accounts::of(backends);
    assert!(accounts.get(&forgotten).await.unwrap().is_none());
    assert_eq!(
        subjects_to(backends, "forgotten@example.com").await,
        [month, week, deleted]
    );
    assert!(accounts.get(&returning).await.unwrap().is_some());
    assert!(accounts.get(&recent).await.unwrap().is_some());
}

async fn an_account_warned_late_still_gets_a_week(backend: Backend) {
    use crate::accounts::create_account;
    use chrono::{Duration as Days, Months};
    let start = chrono::Utc::now();
    let clock = ManualClock::new(start);
    let app = TestApp::spawn_with_clock(backend, &clock).await;
    let backends = &app.state.backends;
    let id = create_account(&app, "late@example.com", Role::Citizen).await;

    // The job did not run for 10 months: both notices go now, and the account stays a week more.
    clock.set(start + Months::new(10));
    run_inactive_accounts_job(backends).await;
    run_inactive_accounts_job(backends).await;
    assert_eq!(subjects_to(backends, "late@example.com").await.len(), 2);
    assert!(app::account::server::Accounts::of(backends)
        .get(&id)
        .await
        .unwrap()
        .is_some());
    clock.set(start + Months::new(10) + Days::weeks(1));
    run_inactive_accounts_job(backends).await;
    assert!(app::account::server::Accounts::of(backends)
        .get(&id)
        .await
        .unwrap()
        .is_none());
}

on_both_stores!(
    inactive_accounts_are_warned_twice_then_deleted_unless_used,
    an_account_warned_late_still_gets_a_week,
    the_app_runs_enqueued_jobs_and_reports_them_in_metrics,
    a_worker_process_runs_jobs_and_stops_on_sigterm,
    accounts_left_unconfirmed_for_a_day_are_deleted,
);
