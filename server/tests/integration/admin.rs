//! The feedback form and the admin pages over HTTP, as browsers without JavaScript use them, on
//! SQLite and PostgreSQL: feedback sent by anyone and kept with the page it came from; an admin
//! reading it by date and downloading it as CSV (formula-safe, two years kept); the system
//! message set, previewed and removed; every admin action in the audit log; citizens refused.
use app::account::server::Role;
use app::admin::audit::AuditAction;
use app::admin::server::{AuditFilter, AuditLog};
use app::performance::feedback::{DateRange, Feedback, END_BEFORE_START};
use app::performance::server::FeedbackStore;
use backends::clock::ManualClock;
use backends::on_both_stores;
use chrono::{NaiveDate, TimeZone, Utc};
use reqwest::header::{CONTENT_DISPOSITION, CONTENT_TYPE, LOCATION};

use crate::accounts::{create_account, sign_in, PASSWORD};
use crate::support::{Backend, Page, TestApp};

fn day(year: i32, month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, day).unwrap()
}

async fn admin_signed_in(app: &TestApp) {
    create_account(app, "admin@example.com", Role::Admin).await;
    assert_eq!(
        sign_in(app, "admin@example.com", PASSWORD).await.status(),
        303
    );
}

async fn audited(app: &TestApp, action: AuditAction) -> Vec<serde_json::Value> {
    let filter = AuditFilter {
        action: Some(action),
        actor: None,
    };
    let (entries, _) = AuditLog::of(&app.state.backends)
        .page(&filter, 1, 100)
        .await
        .unwrap();
    entries.into_iter().map(|entry| entry.details.0).collect()
}

async fn feedback_is_sent_without_signing_in_and_kept_with_the_page_it_came_from(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let form = "/send-feedback";
    let page = app
        .get_page("/send-feedback?from=%2Flpa%2F123%2Fdonor", 200)
        .await;
    assert_eq!(
        page.attrs("input[name=fromPage]", "value"),
        ["/lpa/123/donor"]
    );
    assert_eq!(page.count("input[name=rating][type=radio]"), 5);
    // Only a path on this site is kept.
    let page = app
        .get_page("/send-feedback?from=%2F%2Fevil.example", 200)
        .await;
    assert_eq!(page.attrs("input[name=fromPage]", "value"), [""]);

    let response = app
        .post_form(form, &[("fromPage", "/lpa/123/donor"), ("details", " ")])
        .await;
    assert_eq!(response.status(), 400);
    let page = Page::new(response.text().await.unwrap());
    assert_eq!(
        page.texts(".govuk-error-summary__list a"),
        [
            "Select how satisfied you were with this service",
            "Enter your feedback"
        ]
    );
    assert_eq!(
        page.attrs("input[name=fromPage]", "value"),
        ["/lpa/123/donor"]
    );

    let response = app
        .post_form(
            form,
            &[
                ("fromPage", "/lpa/123/donor"),
                ("rating", "satisfied"),
                ("details", "Clear, but the fee page confused me."),
                ("email", "Sam@Example.com"),
                ("phone", "07700 900982"),
            ],
        )
        .await;
    assert_eq!(response.status(), 303);
    let thanks = response.headers()[LOCATION].to_str().unwrap().to_owned();
    assert_eq!(thanks, "/feedback-thanks?returnTarget=%2Flpa%2F123%2Fdonor");
    let page = app.get_page(&thanks, 200).await;
    assert_eq!(page.text("h1"), "Thank you for your feedback");
    assert_eq!(page.attrs("main a.govuk-link", "href"), ["/lpa/123/donor"]);

    let today = app.state.backends.clock.now().date_naive();
    let (stored, total) = FeedbackStore::of(&app.state.backends)
        .page(DateRange::new(today, today).unwrap(), 1, 10)
        .await
        .unwrap();
    assert_eq!(total, 1);
    let entry = &stored[0];
    assert_eq!(entry.details, "Clear, but the fee page confused me.");
    assert_eq!(entry.email.as_deref(), Some("sam@example.com"));
    assert_eq!(entry.phone.as_deref(), Some("07700 900982"));
    assert_eq!(entry.from_page.as_deref(), Some("/lpa/123/donor"));
}

async fn an_admin_reads_and_downloads_feedback_between_two_dates(backend: Backend) {
    let clock = ManualClock::new(Utc.with_ymd_and_hms(2023, 6, 1, 9, 0, 0).unwrap());
    let app = TestApp::spawn_with_clock(backend, &clock).await;
    let store = FeedbackStore::of(&app.state.backends);
    let send = |rating: &str, details: &str| {
        Feedback::check(rating, details, "", "", "/user/dashboard").unwrap()
    };
    // Over two years before "today": pruned when feedback is next read.
    store
        .record(&send("satisfied", "Long ago"), Some("Old browser"))
        .await
        .unwrap();
    for (when, rating, details) in [
        ((2026, 11, 1, 0, 0), "very-satisfied", "First day"),
        (
            (2026, 11, 15, 12, 30),
            "dissatisfied",
            "=HYPERLINK(\"http://evil.example\",\"click\")",
        ),
        (
            (2026, 11, 30, 23, 59),
            "neither-satisfied-or-dissatisfied",
            "Line one,\n\"quoted\" line two",
        ),
        ((2026, 12, 1, 0, 0), "satisfied", "The next month"),
    ] {
        let (y, m, d, h, min) = when;
        clock.set(Utc.with_ymd_and_hms(y, m, d, h, min, 0).unwrap());
        store
            .record(&send(rating, details), Some("Test browser"))
            .await
            .unwrap();
    }
    clock.set(Utc.with_ymd_and_hms(2026, 12, 6, 10, 0, 0).unwrap());
    admin_signed_in(&app).await;

    let november =
        "start-day=1&start-month=11&start-year=2026&end-day=30&end-month=11&end-year=2026";
    let page = app
        .get_page(&format!("/admin/feedback?{november}"), 200)
        .await;
    assert_eq!(
        page.text("[role=status]"),
        "3 pieces of feedback were received from 1 November 2026 to 30 November 2026."
    );
    let rows = page.texts("table tbody tr td:first-child");
    assert_eq!(
        rows,
        ["01/11/2026 00:00", "15/11/2026 12:30", "30/11/2026 23:59"]
    );
    assert!(page
        .texts("table tbody tr td")
        .contains(&"Neither satisfied nor dissatisfied".to_owned()));
    let export = "/admin/feedback/export?start=2026-11-01&end=2026-11-30";
    assert_eq!(page.attrs("a[download]", "href"), [export]);

    // The range is checked: the end may not come before the start.
    let backwards =
        "start-day=2&start-month=11&start-year=2026&end-day=1&end-month=11&end-year=2026";
    let page = app
        .get_page(&format!("/admin/feedback?{backwards}"), 200)
        .await;
    assert_eq!(
        page.texts(".govuk-error-summary__list a"),
        [END_BEFORE_START]
    );
    assert_eq!(page.count("table"), 0);
    // With no range chosen: the last 30 days.
    let page = app.get_page("/admin/feedback", 200).await;
    assert!(page
        .text("[role=status]")
        .ends_with("from 7 November 2026 to 6 December 2026."));
    // Two years are kept: the old one is gone.
    let old = DateRange::new(day(2023, 1, 1), day(2023, 12, 31)).unwrap();
    assert_eq!(store.page(old, 1, 10).await.unwrap().1, 0);

    let response = app.get(export).await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()[CONTENT_TYPE], "text/csv; charset=utf-8");
    assert_eq!(
        response.headers()[CONTENT_DISPOSITION],
        "attachment; filename=\"FeedbackExport_2026-12-06_10.00.00.csv\""
    );
    let body = response.text().await.unwrap();
    // Compressed as browsers ask for it, the streamed body still arrives whole.
    let compressed = app
        .client
        .get(app.url(export))
        .header("accept-encoding", "gzip")
        .send()
        .await
        .unwrap();
    assert_eq!(compressed.headers()["content-encoding"], "gzip");
    assert!(!compressed.bytes().await.unwrap().is_empty());
    let mut reader = csv::Reader::from_reader(body.as_bytes());
    assert_eq!(
        reader.headers().unwrap().iter().collect::<Vec<_>>(),
        [
            "Received",
            "From",
            "Phone number",
            "Rating",
            "Details",
            "Page",
            "Browser"
        ]
    );
    let records: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(records.len(), 3);
    assert_eq!(&records[0][0], "01/11/2026 00:00");
    assert_eq!(&records[0][1], "Unknown");
    assert_eq!(&records[0][3], "Very satisfied");
    assert_eq!(&records[0][5], "/user/dashboard");
    assert_eq!(&records[0][6], "Test browser");
    assert_eq!(
        &records[1][4], "'=HYPERLINK(\"http://evil.example\",\"click\")",
        "a formula is made text"
    );
    assert_eq!(&records[2][4], "Line one,\n\"quoted\" line two");

    let searched = audited(&app, AuditAction::FeedbackSearched).await;
    assert_eq!(searched.len(), 2, "the two ranges that were valid");
    let exported = audited(&app, AuditAction::FeedbackExported).await;
    let download = serde_json::json!({
        "start_date": "2026-11-01",
        "end_date": "2026-11-30",
        "results_count": 3
    });
    assert_eq!(exported, [download.clone(), download], "each download");

    // Nobody else may download it.
    let citizen = app.new_browser();
    create_account(&app, "citizen@example.com", Role::Citizen).await;
    sign_in(&citizen, "citizen@example.com", PASSWORD).await;
    assert_eq!(citizen.get(export).await.status(), 403);
    let anonymous = app.new_browser();
    let response = anonymous
        .no_redirect
        .get(anonymous.url(export))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 303);
    assert!(response.headers()[LOCATION]
        .to_str()
        .unwrap()
        .starts_with("/login"));
    assert_eq!(audited(&app, AuditAction::FeedbackExported).await.len(), 2);
}

async fn an_admin_previews_sets_and_removes_the_system_message(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    admin_signed_in(&app).await;
    let form = "/admin/system-message";
    let banner = ".govuk-notification-banner__content";

    // Preview: the page again with the banner as it will look; nothing saved.
    let response = app
        .post_form(
            form,
            &[
                ("message", "Closed tonight from 6pm"),
                ("action", "preview"),
            ],
        )
        .await;
    assert_eq!(response.status(), 200);
    let page = Page::new(response.text().await.unwrap());
    assert_eq!(page.text(banner), "Closed tonight from 6pm");
    assert_eq!(
        page.text("textarea[name=message]"),
        "Closed tonight from 6pm"
    );
    assert_eq!(app.new_browser().get_page("/", 200).await.count(banner), 0);

    let too_long = "a".repeat(8001);
    let response = app
        .post_form(form, &[("message", &too_long), ("action", "save")])
        .await;
    assert_eq!(response.status(), 400);
    let page = Page::new(response.text().await.unwrap());
    assert_eq!(
        page.texts(".govuk-error-summary__list a"),
        ["The message must be 8,000 characters or fewer"]
    );

    let longest = "b".repeat(8000);
    let response = app
        .post_form(form, &[("message", &longest), ("action", "save")])
        .await;
    assert_eq!(response.status(), 303);
    let response = app
        .post_form(
            form,
            &[("message", " Closed tonight from 6pm "), ("action", "save")],
        )
        .await;
    assert_eq!(response.status(), 303);
    assert_eq!(
        response.headers()[LOCATION],
        "/admin/system-message?done=saved"
    );
    let visitor = app.new_browser();
    assert_eq!(
        visitor.get_page("/", 200).await.text(banner),
        "Closed tonight from 6pm"
    );
    let page = app.get_page("/admin/system-message?done=saved", 200).await;
    assert!(page
        .html
        .contains("The system message is now shown on every page."));

    let response = app
        .post_form(
            form,
            &[("message", "Closed tonight from 6pm"), ("action", "remove")],
        )
        .await;
    assert_eq!(
        response.headers()[LOCATION],
        "/admin/system-message?done=removed"
    );
    assert_eq!(visitor.get_page("/", 200).await.count(banner), 0);

    let set = audited(&app, AuditAction::SystemMessageSet).await;
    assert_eq!(set.len(), 2);
    assert_eq!(
        set[0],
        serde_json::json!({ "message": "Closed tonight from 6pm" })
    );
    assert_eq!(
        audited(&app, AuditAction::SystemMessageCleared).await.len(),
        1
    );

    // The audit log's page, filtered by action.
    let page = app
        .get_page("/admin/audit?action=admin.system_message.set", 200)
        .await;
    assert_eq!(page.text("[role=status]"), "2 entries, newest first.");
    assert_eq!(
        page.texts("table tbody tr td:nth-child(2)"),
        ["admin@example.com", "admin@example.com"]
    );
    let page = app.get_page("/admin/audit?actor=nobody", 200).await;
    assert_eq!(page.text("[role=status]"), "No entries match.");

    // A citizen's post is refused, and nothing changes.
    let citizen = app.new_browser();
    create_account(&app, "citizen@example.com", Role::Citizen).await;
    sign_in(&citizen, "citizen@example.com", PASSWORD).await;
    let token = citizen.csrf_token("/cookies").await;
    let response = citizen
        .no_redirect
        .post(citizen.url(form))
        .form(&[
            ("csrf_token", token.as_str()),
            ("message", "Hacked"),
            ("action", "save"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 403);
    assert_eq!(visitor.get_page("/", 200).await.count(banner), 0);
}

on_both_stores!(
    feedback_is_sent_without_signing_in_and_kept_with_the_page_it_came_from,
    an_admin_reads_and_downloads_feedback_between_two_dates,
    an_admin_previews_sets_and_removes_the_system_message
);
