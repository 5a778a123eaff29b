//! The performance platform on SQLite and PostgreSQL: a month's figures worked out by the
//! `perfplat.month` job from seeded journey events, feedback, "who are you" answers and Sirius
//! receipt dates, matching figures worked out by hand; published on `/stats`, `/stats.json` and
//! `/stats.csv`; a month sent twice runs once; an admin's re-run replaces the figures; the
//! scheduler sends last month after it ends.
use std::sync::Arc;

use app::account::server::Role;
use app::admin::audit::AuditAction;
use app::admin::server::{AuditFilter, AuditLog};
use app::performance::figures::{Month, PublishedMonth};
use app::performance::server::jobs::send_month;
use app::performance::server::MonthlyFigures;
use backends::clock::ManualClock;
use backends::jobs::{JobState, Scheduler, Worker, WorkerConfig};
use backends::on_both_stores;
use backends::store::StorePool;
use chrono::{DateTime, NaiveDate, TimeZone, Utc};

use crate::accounts::{create_account, sign_in, PASSWORD};
use crate::support::{test_config, Backend, Page, TestApp, TestDatabase};

fn day(month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, month, day).unwrap()
}

fn at(month: u32, day: u32, hour: u32, minute: u32, second: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, month, day, hour, minute, second)
        .unwrap()
}

fn november() -> Month {
    Month::new(2026, 11).unwrap()
}

/// An app on a fresh database at 09:00 on 1 December 2026 that runs no jobs by itself: the test
/// runs them with [`run_jobs`], so nothing is worked out before the data is in. (Not later than
/// the real time: sessions expire by the real clock.)
async fn app_without_a_worker(backend: Backend) -> (TestApp, ManualClock) {
    let clock = ManualClock::new(at(12, 1, 9, 0, 0));
    let database = TestDatabase::create(backend).await;
    let mut config = test_config(database.url());
    config.run_jobs = false;
    let app = TestApp::spawn_on_with_clock(database, config, Arc::new(clock.clone())).await;
    (app, clock)
}

/// Runs every job due now, as the app's worker would.
async fn run_jobs(app: &TestApp) -> usize {
    let backends = &app.state.backends;
    Worker::new(
        backends.jobs.clone(),
        server::jobs::registry(backends, &app.state.config),
        WorkerConfig::default(),
    )
    .drain()
    .await
    .unwrap()
}

/// Journey events: (kind, applicant, day, how many).
type Events<'a> = &'a [(&'a str, Option<&'a str>, NaiveDate, usize)];

/// What the month's tables hold, as the service would have written it.
async fn seed(app: &TestApp, events: Events<'_>) {
    let pool = app.state.backends.store.pool();
    let owner = create_account(app, "owner@example.com", Role::Citizen).await;
    // (received at, rating)
    let feedback = [
        (at(10, 31, 23, 59, 59), "very-dissatisfied"), // October: not counted
        (at(11, 1, 0, 0, 0), "very-satisfied"),
        (at(11, 12, 8, 30, 0), "very-satisfied"),
        (at(11, 15, 12, 0, 0), "satisfied"),
        (at(11, 20, 16, 0, 0), "neither-satisfied-or-dissatisfied"),
        (at(11, 30, 23, 59, 59), "very-dissatisfied"),
        (at(12, 1, 0, 0, 0), "very-satisfied"), // December: not counted
    ];
    // (answered on, who)
    let answers = [
        (day(10, 31), "charity"),
        (day(11, 1), "donor"),
        (day(11, 2), "donor"),
        (day(11, 30), "donor"),
        (day(11, 30), "charity"),
        (day(12, 1), "donor"),
    ];
    // (LPA id, Sirius's receipt date)
    let receipts = [
        (10_000_001_i64, Some("2026-10-31")),
        (10_000_002, Some("2026-11-01")),
        (10_000_003, Some("2026-11-03")),
        (10_000_004, Some("2026-11-30")),
        (10_000_005, Some("2026-12-01")),
        (10_000_006, None),
    ];
    let now = app.state.backends.clock.now();
    macro_rules! insert {
        ($pool:expr) => {{
            for (kind, applicant, on, count) in events {
                for _ in 0..*count {
                    sqlx::query(
                        "INSERT INTO lpa_events (kind, lpa_type, payment_method, applicant, \
                         occurred_on) VALUES ($1, 'health-and-welfare', $2, $3, $4)",
                    )
                    .bind(kind)
                    .bind((*kind == "completed").then_some("card"))
                    .bind(applicant)
                    .bind(on)
                    .execute($pool)
                    .await
                    .unwrap();
                }
            }
            for (received_at, rating) in feedback {
                sqlx::query(
                    "INSERT INTO feedback (received_at, rating, details) VALUES ($1, $2, 'ok')",
                )
                .bind(received_at)
                .bind(rating)
                .execute($pool)
                .await
                .unwrap();
            }
            for (on, who) in answers {
                sqlx::query("INSERT INTO who_are_you (who, answered_on) VALUES ($1, $2)")
                    .bind(who)
                    .bind(on)
                    .execute($pool)
                    .await
                    .unwrap();
            }
            for (id, receipt) in receipts {
                let metadata = match receipt {
                    Some(date) => serde_json::json!({
                        "sirius-processing-status": "received",
                        "application-receipt-date": date,
                    }),
                    None => serde_json::json!({}),
                };
                sqlx::query(
                    "INSERT INTO applications (id, owner, revision, started_at, updated_at, \
                     completed_at, locked, document, metadata) \
                     VALUES ($1, $2, 1, $3, $3, $3, TRUE, $4, $5)",
                )
                .bind(id)
                .bind(owner.as_str())
                .bind(now)
                .bind(sqlx::types::Json(serde_json::json!({})))
                .bind(sqlx::types::Json(metadata))
                .execute($pool)
                .await
                .unwrap();
            }
        }};
    }
    match pool {
        StorePool::Sqlite(pool) => insert!(&pool),
        StorePool::Postgres(pool) => insert!(&pool),
    }
}

/// November's events, worked out by hand: 8 started (one more on 31 October and one on
/// 1 December), 6 reached "who is applying", 5 created, 3 completed (2 by the donor, 1 by the
/// attorneys; 4 more on 1 December).
fn november_events() -> Vec<(&'static str, Option<&'static str>, NaiveDate, usize)> {
    vec![
        ("started", None, day(10, 31), 1),
        ("started", None, day(11, 1), 5),
        ("started", None, day(11, 30), 3),
        ("started", None, day(12, 1), 1),
        ("reached-applicant", None, day(11, 10), 6),
        ("created", None, day(11, 11), 5),
        ("completed", Some("donor"), day(11, 12), 2),
        ("completed", Some("attorneys"), day(11, 29), 1),
        ("completed", Some("donor"), day(12, 1), 4),
    ]
}

async fn published(app: &TestApp) -> Vec<PublishedMonth> {
    MonthlyFigures::of(&app.state.backends)
        .recent(12)
        .await
        .unwrap()
}

async fn admin_signed_in(app: &TestApp) {
    create_account(app, "admin@example.com", Role::Admin).await;
    assert_eq!(
        sign_in(app, "admin@example.com", PASSWORD).await.status(),
        303
    );
}

async fn a_month_is_worked_out_from_what_the_service_recorded(backend: Backend) {
    let (app, _clock) = app_without_a_worker(backend).await;
    seed(&app, &november_events()).await;
    let sent = send_month(&app.state.backends.jobs, november())
        .await
        .unwrap();
    assert_eq!(run_jobs(&app).await, 1);
    let job = app
        .state
        .backends
        .jobs
        .get(sent.id())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(job.state, JobState::Succeeded, "{:?}", job.last_error);

    let months = published(&app).await;
    assert_eq!(months.len(), 1);
    let figures = &months[0].figures;
    assert_eq!(figures.month, november());
    assert_eq!(
        (
            figures.started,
            figures.reached_applicant,
            figures.created,
            figures.completed
        ),
        (8, 6, 5, 3)
    );
    // 6 of 8 reached "who is applying"; 3 of 5 ratings satisfied or very satisfied.
    assert_eq!(figures.completion_rate().unwrap().rounded(), 75.0);
    assert_eq!(figures.ratings.total(), 5);
    assert_eq!(figures.satisfaction().unwrap().rounded(), 60.0);
    // Received 1, 3 and 30 November.
    assert_eq!(figures.received_digitally, 3);
    assert_eq!(
        months[0].digital_take_up(),
        None,
        "no all-channel count yet"
    );
    let json = months[0].to_json();
    assert_eq!(
        json["whoIsApplying"],
        serde_json::json!({"donor": 2, "attorneys": 1})
    );
    assert_eq!(
        json["whoUsedTheService"],
        serde_json::json!({"donor": 3, "charity": 1})
    );

    // An admin enters OPG's count for every channel: take-up is 3 of 12.
    admin_signed_in(&app).await;
    let response = app
        .post_form(
            "/admin/performance/all-channels",
            &[("month", "2026-11"), ("received", "0")],
        )
        .await;
    assert_eq!(response.status(), 400);
    let page = Page::new(response.text().await.unwrap());
    assert_eq!(
        page.texts(".govuk-error-message"),
        ["Error: The number of applications received must be between 1 and 100,000,000"]
    );
    let response = app
        .post_form(
            "/admin/performance/all-channels",
            &[("month", "2026-11"), ("received", "12")],
        )
        .await;
    assert_eq!(response.status(), 303);
    assert_eq!(
        response.headers()["location"],
        "/admin/performance?entered=2026-11"
    );
    let entered = AuditLog::of(&app.state.backends)
        .page(
            &AuditFilter {
                action: Some(AuditAction::AllChannelsEntered),
                actor: None,
            },
            1,
            10,
        )
        .await
        .unwrap()
        .0;
    assert_eq!(entered.len(), 1);
    assert_eq!(entered[0].target.as_deref(), Some("2026-11"));

    // Published for anyone: the page, its JSON and its CSV agree.
    let page = app.new_browser().get_page("/stats", 200).await;
    assert_eq!(
        page.title(),
        "LPA statistics – Digital public services – GOV.UK"
    );
    let row = page.texts("#monthly-figures + div tbody tr:first-child > *");
    assert_eq!(
        row,
        [
            "November 2026",
            "8",
            "6",
            "5",
            "3",
            "75.0%",
            "5",
            "60.0%",
            "3",
            "12",
            "25.0%"
        ]
    );
    assert_eq!(page.count("svg.app-chart"), 4);
    assert!(page
        .attrs("svg.app-chart rect", "data-tip")
        .contains(&"Nov 2026: 25.0% digital take-up".to_owned()));

    let response = app.new_browser().get("/stats.json").await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["cache-control"], "public, max-age=300");
    let json: serde_json::Value = response.json().await.unwrap();
    let month = &json["months"][0];
    assert_eq!(month["month"], "2026-11");
    assert_eq!(month["completionRate"], 75.0);
    assert_eq!(month["userSatisfaction"], 60.0);
    assert_eq!(month["digitalTakeUp"], 25.0);
    assert_eq!(month["receivedByAnyChannel"], 12);
    assert!(json["definitions"]["digitalTakeUp"]
        .as_str()
        .unwrap()
        .contains("any channel"));
    // Public, but one address may not flood it: after 30 at once, 429 in the API's envelope.
    let reader = app.new_browser();
    let mut refused = None;
    for _ in 0..40 {
        let response = reader.get("/stats.json").await;
        if response.status() == 429 {
            refused = Some(response);
            break;
        }
        assert_eq!(response.status(), 200);
    }
    let refused = refused.expect("a flood of downloads is refused");
    assert!(refused.headers().contains_key("retry-after"));
    let error: serde_json::Value = refused.json().await.unwrap();
    assert_eq!(error["error"]["code"], 429);

    let response = app.new_browser().get("/stats.csv").await;
    assert_eq!(response.status(), 200);
    assert!(response.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .contains("lpa-statistics.csv"));
    let body = response.text().await.unwrap();
    let mut reader = csv::Reader::from_reader(body.as_bytes());
    let headings = reader.headers().unwrap().clone();
    let records: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(records.len(), 1);
    let cell = |name: &str| {
        let index = headings.iter().position(|h| h == name).unwrap();
        records[0][index].to_owned()
    };
    assert_eq!(cell("month"), "2026-11");
    assert_eq!(cell("lpas_started"), "8");
    assert_eq!(cell("completion_rate_percent"), "75.0");
    assert_eq!(cell("ratings_neither_satisfied_or_dissatisfied"), "1");
    assert_eq!(cell("digital_take_up_percent"), "25.0");
    assert_eq!(cell("who_is_applying_attorneys"), "1");
    assert_eq!(cell("who_used_the_service_charity"), "1");
}

async fn a_month_sent_twice_runs_once_and_a_rerun_replaces_its_figures(backend: Backend) {
    let (app, _clock) = app_without_a_worker(backend).await;
    seed(&app, &[("started", None, day(11, 5), 2)]).await;
    let jobs = &app.state.backends.jobs;
    let first = send_month(jobs, november()).await.unwrap();
    let second = send_month(jobs, november()).await.unwrap();
    assert_eq!(
        first.id(),
        second.id(),
        "the month waiting is not sent again"
    );
    assert_eq!(run_jobs(&app).await, 1);
    assert_eq!(published(&app).await[0].figures.started, 2);

    // More happened in November (an event recorded late); an admin works it out again.
    seed_more_events(&app).await;
    admin_signed_in(&app).await;
    let response = app
        .post_form("/admin/performance", &[("month", "2026-12")])
        .await;
    assert_eq!(response.status(), 400, "December has not ended");
    let page = Page::new(response.text().await.unwrap());
    assert_eq!(
        page.texts(".govuk-error-summary__list a"),
        ["Select a month that has ended"]
    );
    let response = app
        .post_form("/admin/performance", &[("month", "2026-11")])
        .await;
    assert_eq!(response.status(), 303);
    assert_eq!(
        response.headers()["location"],
        "/admin/performance?sent=2026-11"
    );
    assert_eq!(run_jobs(&app).await, 1);
    let months = published(&app).await;
    assert_eq!(months.len(), 1, "replaced, not added");
    assert_eq!(months[0].figures.started, 3);
    let page = app.get_page("/admin/performance?sent=2026-11", 200).await;
    assert_eq!(
        page.text(".govuk-notification-banner__heading"),
        "The figures for November 2026 will be worked out again in a moment."
    );
    assert_eq!(
        page.texts("tbody tr:first-child > *")[..2],
        ["November 2026".to_owned(), "3".to_owned()]
    );
    let reruns = AuditLog::of(&app.state.backends)
        .page(
            &AuditFilter {
                action: Some(AuditAction::MonthWorkedOutAgain),
                actor: None,
            },
            1,
            10,
        )
        .await
        .unwrap()
        .0;
    assert_eq!(reruns.len(), 1);
    assert_eq!(reruns[0].target.as_deref(), Some("2026-11"));

    // A citizen can neither send a month nor enter a count.
    let citizen = app.new_browser();
    create_account(&app, "citizen@example.com", Role::Citizen).await;
    sign_in(&citizen, "citizen@example.com", PASSWORD).await;
    for (path, fields) in [
        ("/admin/performance", vec![("month", "2026-11")]),
        (
            "/admin/performance/all-channels",
            vec![("month", "2026-11"), ("received", "10")],
        ),
    ] {
        let response = citizen.post_form(path, &fields).await;
        assert_eq!(response.status(), 403, "{path}");
    }
    assert_eq!(run_jobs(&app).await, 0, "nothing was sent");
}

async fn seed_more_events(app: &TestApp) {
    let pool = app.state.backends.store.pool();
    let query = "INSERT INTO lpa_events (kind, occurred_on) VALUES ('started', $1)";
    match pool {
        StorePool::Sqlite(pool) => {
            sqlx::query(query)
                .bind(day(11, 6))
                .execute(&pool)
                .await
                .unwrap();
        }
        StorePool::Postgres(pool) => {
            sqlx::query(query)
                .bind(day(11, 6))
                .execute(&pool)
                .await
                .unwrap();
        }
    }
}

async fn the_scheduler_sends_last_month_once_it_has_ended(backend: Backend) {
    let (app, _clock) = app_without_a_worker(backend).await;
    let scheduler = Scheduler::new(app.state.backends.jobs.clone(), server::jobs::schedules());
    let fired = scheduler.tick(at(12, 1, 1, 0, 0)).await.unwrap();
    let month_jobs: Vec<_> = fired
        .iter()
        .filter(|fired| fired.schedule == "perfplat.month")
        .collect();
    assert_eq!(month_jobs.len(), 1);
    let job = app
        .state
        .backends
        .jobs
        .get(month_jobs[0].job.id())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(job.payload, serde_json::json!({"year": 2026, "month": 11}));
    // Later in the month, nothing more.
    let again = scheduler.tick(at(12, 20, 0, 0, 0)).await.unwrap();
    assert!(again.iter().all(|fired| fired.schedule != "perfplat.month"));
}

on_both_stores!(
    a_month_is_worked_out_from_what_the_service_recorded,
    a_month_sent_twice_runs_once_and_a_rerun_replaces_its_figures,
    the_scheduler_sends_last_month_once_it_has_ended
);
