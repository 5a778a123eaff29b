//! Where a completed LPA has got to (reference §6, §8.3), on SQLite and PostgreSQL, with the
//! Sirius gateway our own fake on its own port (reached by URL, checking SigV4): every row of
//! the mapping stored under the real keys and shown on the dashboard and the status page;
//! 404 keeping what was known and 410 going back to Waiting; only changes written; a failing
//! gateway leaving the last known status with a notice; the refresh job finding a change and the
//! dashboard's websocket telling it; LPAs completed before tracking began shown as completed.
use std::time::Duration;

use app::lpa::model::LpaId;
use app::lpa::server::tracking::{refresh, refresh_all, InFlight};
use app::lpa::server::Lpas;
use app::lpa::tracking::{SiriusProgress, TrackedStatus};
use app::pages::user::dashboard::CheckedStatuses;
use backends::on_both_stores;
use backends::sirius::online_tool_id;
use futures::StreamExt;
use sirius_gateway_fake::{Answer, FakeGatewayConfig, LpaRecord, RunningGateway};
use tokio_tungstenite::tungstenite::Message;

use crate::checkout::{confirm, up_to_checkout, FULL_FEE};
use crate::lpa::signed_in;
use crate::support::{websocket, Backend, Browser, Socket, TestApp};

const WAIT: Duration = Duration::from_secs(30);

/// The app, its Sirius gateway the fake serving on its own port.
async fn with_gateway(backend: Backend, track_from: Option<&str>) -> (TestApp, RunningGateway) {
    let gateway = sirius_gateway_fake::spawn(FakeGatewayConfig::default())
        .await
        .expect("the fake gateway");
    let url = gateway.base_url().to_owned();
    let keys = gateway.config().clone();
    let track_from = track_from.map(|date| date.parse().unwrap());
    let app = TestApp::spawn_with(backend, |config| {
        config.sirius_url = Some(url);
        config.sirius_region = keys.region;
        config.sirius_access_key_id = Some(keys.access_key_id);
        config.sirius_secret_access_key = Some(keys.secret_access_key);
        // Each answer the fake is told is the next one heard (the client's cache is tested in
        // backends/tests/sirius.rs).
        config.sirius_cache_seconds = 0;
        if let Some(date) = track_from {
            config.track_from_date = date;
        }
    })
    .await;
    (app, gateway)
}

/// A property and financial affairs LPA of `browser`'s, completed (paid by cheque).
async fn completed(app: &TestApp, browser: &Browser) -> LpaId {
    let base = up_to_checkout(app, browser, FULL_FEE, false).await;
    assert_eq!(confirm(browser, &base, "cheque").await.status(), 303);
    base.trim_start_matches("/lpa/").parse().unwrap()
}

fn reference(id: LpaId) -> String {
    online_tool_id(id.get())
}

fn record(status: &str) -> LpaRecord {
    LpaRecord {
        status_date: Some("2026-03-02".to_owned()),
        receipt_date: Some("2026-02-02".to_owned()),
        ..LpaRecord::with_status(status)
    }
}

/// What the dashboard's one call answers for `ids`, as a hydrated dashboard asks.
async fn asked(browser: &Browser, ids: &[LpaId]) -> CheckedStatuses {
    let ids = ids
        .iter()
        .map(|id| id.get().to_string())
        .collect::<Vec<_>>()
        .join(",");
    let response = browser
        .get(&format!("/_fn/dashboard-statuses?ids={ids}"))
        .await;
    assert_eq!(response.status(), 200);
    response.json().await.unwrap()
}

async fn stored(app: &TestApp, owner: &app::account::server::UserId, id: LpaId) -> SiriusProgress {
    Lpas::of(&app.state.backends)
        .get(owner, id)
        .await
        .unwrap()
        .expect("the LPA")
        .metadata
        .sirius
}

async fn every_sirius_status_is_stored_and_shown_as_the_reference_maps_it(backend: Backend) {
    let (app, gateway) = with_gateway(backend, None).await;
    let owner = signed_in(&app, &app, "tracked@example.com").await;
    let id = completed(&app, &app).await;
    let lpa = format!("/lpa/{}", id.get());

    // Not yet received (the gateway has no record): Waiting, nothing stored.
    let dashboard = app.get_page("/user/dashboard", 200).await;
    assert_eq!(dashboard.text("[data-refresh-id] .govuk-tag"), "Waiting");
    let checked = asked(&app, &[id]).await;
    assert!(checked.all_checked);
    assert_eq!(checked.statuses[0].status, TrackedStatus::Waiting);
    assert_eq!(stored(&app, &owner, id).await, SiriusProgress::default());

    // Opening the status page asks Sirius, as the real one does: no JavaScript needed.
    gateway.answer(&reference(id), vec![Answer::lpa(record("Pending"))]);
    let page = app.get_page(&format!("{lpa}/status"), 200).await;
    assert_eq!(page.text("h2.govuk-heading-l"), "We’ve received the LPA");
    assert_eq!(
        stored(&app, &owner, id).await.status,
        Some(TrackedStatus::Received)
    );
    let dashboard = app.get_page("/user/dashboard", 200).await;
    assert_eq!(dashboard.text("[data-refresh-id] .govuk-tag"), "Received");

    let rows = [
        (
            "Pending",
            None,
            TrackedStatus::Received,
            "We’ve received the LPA",
        ),
        (
            "Payment Pending",
            None,
            TrackedStatus::Received,
            "We’ve received the LPA",
        ),
        (
            "Perfect",
            None,
            TrackedStatus::Checking,
            "We’re checking the LPA",
        ),
        (
            "Imperfect",
            None,
            TrackedStatus::Checking,
            "We’re checking the LPA",
        ),
        (
            "Registered",
            None,
            TrackedStatus::Checking,
            "We’re checking the LPA",
        ),
        (
            "Registered",
            Some("2026-03-04"),
            TrackedStatus::Processed,
            "We’ve processed the LPA",
        ),
        (
            "Invalid",
            None,
            TrackedStatus::Processed,
            "We’ve processed the LPA",
        ),
        (
            "Rejected",
            None,
            TrackedStatus::Processed,
            "We’ve processed the LPA",
        ),
        (
            "Withdrawn",
            None,
            TrackedStatus::Processed,
            "We’ve processed the LPA",
        ),
        (
            "Cancelled",
            None,
            TrackedStatus::Processed,
            "We’ve processed the LPA",
        ),
        (
            "Revoked",
            None,
            TrackedStatus::Processed,
            "We’ve processed the LPA",
        ),
        (
            "Return - unpaid",
            None,
            TrackedStatus::Processed,
            "We’ve processed the LPA",
        ),
    ];
    for (sirius, dispatch, status, heading) in rows {
        // Each row from nothing known, as a processed LPA is no longer asked about.
        Lpas::of(&app.state.backends)
            .record_progress(id, &SiriusProgress::default())
            .await
            .unwrap();
        gateway.answer(
            &reference(id),
            vec![Answer::lpa(LpaRecord {
                dispatch_date: dispatch.map(str::to_owned),
                ..record(sirius)
            })],
        );
        let refreshed = refresh(
            &app.state.backends,
            vec![InFlight {
                id,
                owner: owner.clone(),
                stored: SiriusProgress::default(),
            }],
        )
        .await
        .unwrap();
        assert_eq!(refreshed[0].status, status, "{sirius} {dispatch:?}");
        assert!(refreshed[0].changed);
        let progress = stored(&app, &owner, id).await;
        assert_eq!(progress.status, Some(status), "{sirius}");
        assert_eq!(progress.receipt_date, "2026-02-02".parse().ok(), "{sirius}");
        assert_eq!(progress.return_unpaid, sirius == "Return - unpaid");

        let dashboard = app.get_page("/user/dashboard", 200).await;
        assert_eq!(
            dashboard.text(".govuk-summary-card .govuk-tag"),
            status.label(),
            "{sirius}"
        );
        let page = app.get_page(&format!("{lpa}/status"), 200).await;
        assert_eq!(page.text("h2.govuk-heading-l"), heading, "{sirius}");
        assert_eq!(
            page.text("[aria-current=step]"),
            format!("{} (current status)", status.label())
        );
        // Sirius's cache, not this app's, between rows.
        gateway.answer(&reference(id), vec![Answer::status(404)]);
    }

    // The last row, an unpaid return: dispatched on its status date, expected 15 working days on
    // (Monday 2 March 2026 + 15 = Monday 23 March), without the "use it" paragraph.
    let page = app.get_page(&format!("{lpa}/status"), 200).await;
    assert!(
        page.html
            .contains("If they have not arrived by 23 March 2026"),
        "{}",
        page.html
    );
    assert!(!page.html.contains("Use a lasting power of attorney"));
}

async fn not_found_keeps_what_was_known_deleted_goes_back_and_only_changes_are_written(
    backend: Backend,
) {
    let (app, gateway) = with_gateway(backend, None).await;
    let owner = signed_in(&app, &app, "changes@example.com").await;
    let id = completed(&app, &app).await;
    let in_flight = || {
        let owner = owner.clone();
        let app = &app;
        async move {
            Lpas::of(&app.state.backends)
                .in_flight_of(&owner, &[id], "2019-04-01".parse().unwrap())
                .await
                .unwrap()
        }
    };
    let backends = &app.state.backends;

    gateway.answer(&reference(id), vec![Answer::lpa(record("Perfect"))]);
    let first = refresh(backends, in_flight().await).await.unwrap();
    assert!(first[0].changed);
    let updated_at = Lpas::of(backends)
        .get(&owner, id)
        .await
        .unwrap()
        .unwrap()
        .updated_at;

    // The same answer again: nothing written.
    let again = refresh(backends, in_flight().await).await.unwrap();
    assert_eq!(
        (again[0].status, again[0].changed),
        (TrackedStatus::Checking, false)
    );
    // Not a change its owner made: the LPA's own time and revision stay.
    let lpa = Lpas::of(backends).get(&owner, id).await.unwrap().unwrap();
    assert_eq!(lpa.updated_at, updated_at);

    // 404 now (the gateway lost it): what was known stands.
    gateway.answer(&reference(id), vec![Answer::status(404)]);
    let lost = refresh(backends, in_flight().await).await.unwrap();
    assert_eq!(
        (lost[0].status, lost[0].changed),
        (TrackedStatus::Checking, false)
    );

    // 410 (deleted in Sirius): back to Waiting, as the real service stores it.
    gateway.answer(&reference(id), vec![Answer::status(410)]);
    let deleted = refresh(backends, in_flight().await).await.unwrap();
    assert_eq!(
        (deleted[0].status, deleted[0].changed),
        (TrackedStatus::Waiting, true)
    );
    assert_eq!(stored(&app, &owner, id).await, SiriusProgress::default());
}

async fn a_failing_gateway_leaves_the_last_known_status_with_a_notice(backend: Backend) {
    let (app, gateway) = with_gateway(backend, None).await;
    let owner = signed_in(&app, &app, "failing@example.com").await;
    let id = completed(&app, &app).await;
    gateway.answer(&reference(id), vec![Answer::lpa(record("Pending"))]);
    assert_eq!(
        asked(&app, &[id]).await.statuses[0].status,
        TrackedStatus::Received
    );

    // Down (500, not retried), then answering garbage: the dashboard's call answers what was
    // stored and says it could not check; the pages are drawn as before.
    let known = stored(&app, &owner, id).await;
    for answer in [Answer::status(500), Answer::raw("<html>gateway</html>")] {
        gateway.answer(&reference(id), vec![answer]);
        let checked = asked(&app, &[id]).await;
        assert!(!checked.all_checked, "the failure is told");
        assert_eq!(checked.statuses[0].status, TrackedStatus::Received);
        assert_eq!(stored(&app, &owner, id).await, known);
        let dashboard = app.get_page("/user/dashboard", 200).await;
        assert_eq!(dashboard.text("[data-refresh-id] .govuk-tag"), "Received");
        assert_eq!(dashboard.texts("[data-status-notice]").len(), 1);
        let page = app
            .get_page(&format!("/lpa/{}/status", id.get()), 200)
            .await;
        assert_eq!(page.text("h2.govuk-heading-l"), "We’ve received the LPA");
        assert_eq!(page.texts(".govuk-inset-text[role=status]").len(), 1);
    }
    gateway.answer(&reference(id), vec![Answer::lpa(record("Perfect"))]);
    let page = app
        .get_page(&format!("/lpa/{}/status", id.get()), 200)
        .await;
    assert_eq!(page.text("h2.govuk-heading-l"), "We’re checking the LPA");
    assert!(page.texts(".govuk-inset-text[role=status]").is_empty());

    // Someone else's LPA is never asked about, nor answered.
    let stranger = app.new_browser();
    signed_in(&app, &stranger, "stranger@example.com").await;
    let before = gateway.calls(&reference(id));
    assert!(asked(&stranger, &[id]).await.statuses.is_empty());
    assert_eq!(gateway.calls(&reference(id)), before);
}

async fn dashboard_socket(browser: &Browser) -> Socket {
    let origin = format!("http://{}", browser.addr);
    websocket(browser, "/user/dashboard/events", &origin)
        .await
        .expect("the dashboard's socket opens")
}

async fn the_refresh_job_finds_a_change_and_an_open_dashboard_hears_it(backend: Backend) {
    let (app, gateway) = with_gateway(backend, None).await;
    signed_in(&app, &app, "job@example.com").await;
    let first = completed(&app, &app).await;
    let second = completed(&app, &app).await;
    let mut socket = dashboard_socket(&app).await;

    gateway.answer(&reference(first), vec![Answer::lpa(record("Perfect"))]);
    let backends = &app.state.backends;
    let track_from = "2019-04-01".parse().unwrap();
    assert_eq!(refresh_all(backends, track_from).await.unwrap(), (2, 1));

    let heard = tokio::time::timeout(WAIT, async {
        loop {
            match socket.next().await {
                Some(Ok(Message::Text(text))) => break text.to_string(),
                Some(Ok(_)) => continue,
                other => panic!("the socket ended: {other:?}"),
            }
        }
    })
    .await
    .expect("the change is announced");
    let heard: serde_json::Value = serde_json::from_str(&heard).unwrap();
    assert_eq!(
        heard,
        serde_json::json!({"id": first.get(), "status": "Checking"})
    );

    // Processed LPAs are no longer asked about.
    gateway.answer(&reference(first), vec![Answer::lpa(record("Rejected"))]);
    gateway.answer(&reference(second), vec![Answer::lpa(record("Withdrawn"))]);
    assert_eq!(refresh_all(backends, track_from).await.unwrap(), (2, 2));
    assert_eq!(refresh_all(backends, track_from).await.unwrap(), (0, 0));
    assert_eq!(gateway.calls(&reference(second)), 1);
}

async fn lpas_completed_before_tracking_began_are_shown_as_completed(backend: Backend) {
    // Tracking begins tomorrow: today's completed LPA predates it.
    let tomorrow = (chrono::Utc::now().date_naive() + chrono::Duration::days(1)).to_string();
    let (app, gateway) = with_gateway(backend, Some(&tomorrow)).await;
    signed_in(&app, &app, "untracked@example.com").await;
    let id = completed(&app, &app).await;
    let dashboard = app.get_page("/user/dashboard", 200).await;
    assert_eq!(
        dashboard.text(".govuk-summary-card .govuk-tag"),
        "Completed"
    );
    assert!(dashboard.texts("[data-refresh-id]").is_empty());
    assert!(dashboard.texts("[data-status-notice]").is_empty());
    let page = app
        .get_page(&format!("/lpa/{}/status", id.get()), 200)
        .await;
    assert_eq!(
        page.text("h2.govuk-heading-l"),
        "You have completed the LPA application"
    );
    assert!(page.texts(".app-tracker").is_empty());
    assert!(asked(&app, &[id]).await.statuses.is_empty());
    assert_eq!(gateway.calls(&reference(id)), 0);
}

on_both_stores!(
    every_sirius_status_is_stored_and_shown_as_the_reference_maps_it,
    not_found_keeps_what_was_known_deleted_goes_back_and_only_changes_are_written,
    a_failing_gateway_leaves_the_last_known_status_with_a_notice,
    the_refresh_job_finds_a_change_and_an_open_dashboard_hears_it,
    lpas_completed_before_tracking_began_are_shown_as_completed
);

#[tokio::test]
async fn an_account_asking_for_statuses_too_often_is_answered_from_the_store() {
    let (app, gateway) = with_gateway(Backend::Sqlite, None).await;
    signed_in(&app, &app, "often@example.com").await;
    let id = completed(&app, &app).await;
    gateway.answer(&reference(id), vec![Answer::lpa(record("Pending"))]);
    for _ in 0..10 {
        assert!(asked(&app, &[id]).await.all_checked);
    }
    let calls = gateway.calls(&reference(id));
    // The eleventh in a minute: Sirius is not asked, and the dashboard is told it was not.
    let checked = asked(&app, &[id]).await;
    assert!(!checked.all_checked);
    assert!(checked.statuses.is_empty());
    assert_eq!(gateway.calls(&reference(id)), calls);
    // The page itself still shows the last known status.
    let dashboard = app.get_page("/user/dashboard", 200).await;
    assert_eq!(dashboard.text("[data-refresh-id] .govuk-tag"), "Received");
}
