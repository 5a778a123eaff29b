//! The admin's users and jobs pages over HTTP, as browsers without JavaScript use them, on SQLite
//! and PostgreSQL: finding accounts by part of an email address (10 a page), by id and by an
//! LPA's reference; an account's figures and LPAs; activating, unlocking and deleting accounts
//! (each asked first and audit-logged; never the admin's own); the job queue with a dead job
//! retried; citizens refused every page and every form, visitors sent to sign in.
use app::account::server::{Accounts, Role, UserId};
use app::admin::audit::AuditAction;
use app::admin::server::{AuditEntry, AuditFilter, AuditLog};
use app::lpa::model::{LpaId, LpaType};
use app::lpa::payment::{FeeReduction, Payment, PaymentMethod};
use app::lpa::server::Lpas;
use backends::clock::{Clock, ManualClock};
use backends::jobs::{JobError, JobSpec, JobState};
use backends::on_both_stores;
use chrono::Utc;
use reqwest::header::LOCATION;

use crate::accounts::{create_account, sign_in, PASSWORD};
use crate::support::{Backend, Browser, Page, TestApp};

const ADMIN: &str = "admin@example.com";
const WRONG_PASSWORD: &str = "Wrong password 1";

async fn admin_signed_in(app: &TestApp) -> UserId {
    let id = create_account(app, ADMIN, Role::Admin).await;
    assert_eq!(sign_in(app, ADMIN, PASSWORD).await.status(), 303);
    id
}

fn location(response: &reqwest::Response) -> String {
    response.headers()[LOCATION].to_str().unwrap().to_owned()
}

fn user_page(id: &UserId) -> String {
    format!("/admin/users/{id}")
}

/// The summary list's rows on `page`: (key, value).
fn summary(page: &Page) -> Vec<(String, String)> {
    let keys = page.texts(".govuk-summary-list__key");
    let values = page.texts(".govuk-summary-list__value");
    keys.into_iter().zip(values).collect()
}

fn row(page: &Page, key: &str) -> String {
    summary(page)
        .into_iter()
        .find(|(k, _)| k == key)
        .unwrap_or_else(|| panic!("no row {key}"))
        .1
}

async fn audited(app: &TestApp, action: AuditAction) -> Vec<AuditEntry> {
    let filter = AuditFilter {
        action: Some(action),
        actor: None,
    };
    AuditLog::of(&app.state.backends)
        .page(&filter, 1, 100)
        .await
        .unwrap()
        .0
}

fn errors(page: &Page) -> Vec<String> {
    page.texts(".govuk-error-summary__list a")
}

async fn search(app: &TestApp, by: &str, query: &str) -> reqwest::Response {
    app.post_form("/admin/users", &[("search_by", by), ("query", query)])
        .await
}

/// Five wrong passwords: locked for 15 minutes.
async fn lock_out(app: &TestApp, email: &str) {
    let browser = app.new_browser();
    for _ in 0..5 {
        assert_eq!(sign_in(&browser, email, WRONG_PASSWORD).await.status(), 400);
    }
}

async fn an_admin_finds_users_by_email_ten_a_page_by_id_and_by_reference(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    admin_signed_in(&app).await;
    for n in 1..=12 {
        create_account(&app, &format!("match-{n:02}@example.com"), Role::Citizen).await;
    }
    let other = create_account(&app, "other@elsewhere.org", Role::Citizen).await;

    // Part of the address, in any case: a list 10 a page.
    let response = search(&app, "email", " MATCH- ").await;
    assert_eq!(response.status(), 303);
    assert_eq!(location(&response), "/admin/users?email=MATCH-");
    let page = app.get_page("/admin/users?email=MATCH-", 200).await;
    assert_eq!(
        page.text("[role=status]"),
        "12 accounts have “MATCH-” in their email address."
    );
    let emails = page.texts("table tbody tr td:first-child");
    assert_eq!(emails.len(), 10);
    assert_eq!(emails[0], "match-01@example.com");
    assert!(page
        .attrs(".govuk-pagination__next a", "href")
        .contains(&"/admin/users?email=MATCH-&page=2".to_owned()));
    let page = app.get_page("/admin/users?email=MATCH-&page=2", 200).await;
    assert_eq!(
        page.texts("table tbody tr td:first-child"),
        ["match-11@example.com", "match-12@example.com"]
    );
    let links = page.attrs("table tbody a", "href");
    assert_eq!(links.len(), 2);
    assert!(links[0].starts_with("/admin/users/"));
    let page = app.get_page("/admin/users?email=nobody", 200).await;
    assert_eq!(page.count("table"), 0);
    // The input is kept in the form.
    assert_eq!(page.attrs("input[name=query]", "value"), ["nobody"]);

    // By id, in any case: straight to the account.
    let response = search(&app, "user-id", &other.to_string().to_uppercase()).await;
    assert_eq!(response.status(), 303);
    assert_eq!(location(&response), user_page(&other));
    let response = search(&app, "user-id", &"0".repeat(32)).await;
    assert_eq!(response.status(), 400);
    let page = Page::new(response.text().await.unwrap());
    assert_eq!(errors(&page), [app::pages::admin::users::NO_SUCH_USER]);
    assert!(page.title().starts_with("Error: "));

    // By an LPA's reference, written either way: its owner.
    let lpa = Lpas::of(&app.state.backends)
        .create(&other, Some(LpaType::HealthAndWelfare), None)
        .await
        .unwrap();
    for reference in [lpa.id.a_reference(), lpa.id.to_string()] {
        let response = search(&app, "reference", &reference).await;
        assert_eq!(location(&response), user_page(&other), "{reference}");
    }
    let unknown = LpaId::new(lpa.id.get() % 99_999_999_999 + 1).unwrap();
    let response = search(&app, "reference", &unknown.a_reference()).await;
    assert_eq!(response.status(), 400);
    let page = Page::new(response.text().await.unwrap());
    assert_eq!(errors(&page), [app::pages::admin::users::NO_SUCH_LPA]);

    // Bad input: the error summary and inline errors, the input kept.
    let response = search(&app, "", "").await;
    assert_eq!(response.status(), 400);
    let page = Page::new(response.text().await.unwrap());
    assert_eq!(
        errors(&page),
        ["Select what to search by", "Enter what to search for"]
    );
    assert_eq!(page.count(".govuk-error-message"), 2);
    let response = search(&app, "user-id", "not an id").await;
    let page = Page::new(response.text().await.unwrap());
    assert_eq!(
        errors(&page),
        ["Enter a user id of 32 characters, using only 0 to 9 and a to f"]
    );
    assert_eq!(page.attrs("input[name=query]", "value"), ["not an id"]);
    let response = search(&app, "reference", "Smith").await;
    assert_eq!(response.status(), 400);
}

async fn an_accounts_page_shows_its_figures_and_its_lpas(backend: Backend) {
    // The sessions' expiry is the real time's, so the test's clock starts now.
    let clock = ManualClock::new(Utc::now());
    let shown = |at: chrono::DateTime<Utc>| app::dates::shown_time(&at.to_rfc3339());
    let day = |at: chrono::DateTime<Utc>| app::dates::long_date(at.date_naive());
    let started = clock.now();
    let app = TestApp::spawn_with_clock(backend, &clock).await;
    admin_signed_in(&app).await;
    let id = create_account(&app, "sam@example.com", Role::Citizen).await;
    for _ in 0..2 {
        sign_in(&app.new_browser(), "sam@example.com", WRONG_PASSWORD).await;
    }
    let lpas = Lpas::of(&app.state.backends);
    let by_card = lpas
        .create(&id, Some(LpaType::PropertyAndFinancial), None)
        .await
        .unwrap();
    clock.advance(chrono::Duration::hours(1));
    let mut paid = by_card.clone();
    let mut payment = Payment::new(FeeReduction::NotApply, false);
    payment.method = Some(PaymentMethod::Card);
    payment.reference = Some("PAY-REF-1".to_owned());
    payment.date = Some(clock.now());
    paid.payment = Some(payment);
    paid.locked = true;
    paid.locked_at = Some(clock.now());
    paid.completed_at = Some(clock.now());
    lpas.save(&id, &paid).await.unwrap();
    let by_cheque = lpas.create(&id, None, None).await.unwrap();
    let mut cheque = Payment::new(FeeReduction::NotApply, false);
    cheque.method = Some(PaymentMethod::Cheque);
    cheque.date = Some(clock.now());
    let mut sent = by_cheque.clone();
    sent.payment = Some(cheque);
    lpas.save(&id, &sent).await.unwrap();

    let page = app.get_page(&user_page(&id), 200).await;
    assert_eq!(page.text("h1"), "sam@example.com");
    assert!(
        page.title().starts_with("User sam@example.com"),
        "{}",
        page.title()
    );
    assert_eq!(row(&page, "User id"), id.to_string());
    assert_eq!(row(&page, "Created"), shown(started));
    assert_eq!(row(&page, "Activated"), shown(started));
    assert_eq!(row(&page, "Last signed in"), "Never");
    assert_eq!(row(&page, "Failed sign-in attempts"), "2");
    assert_eq!(row(&page, "Locked"), "No");
    assert_eq!(row(&page, "Number of LPAs"), "2");
    assert_eq!(row(&page, "Role"), "citizen");
    let cells = |reference: String| {
        page.texts("table tbody tr")
            .into_iter()
            .find(|row| row.starts_with(&reference))
            .unwrap_or_else(|| panic!("no row for {reference}"))
    };
    let card_row = cells(by_card.id.a_reference());
    assert!(
        card_row.contains("Property and financial affairs"),
        "{card_row}"
    );
    let paid_on = day(clock.now());
    assert!(
        card_row.ends_with(&format!("Paid online on {paid_on}, reference PAY-REF-1")),
        "{card_row}"
    );
    assert!(card_row.contains(&shown(started)), "started: {card_row}");
    let cheque_row = cells(by_cheque.id.a_reference());
    assert!(
        cheque_row.ends_with(&format!("Paid by cheque on {paid_on}")),
        "{cheque_row}"
    );
    assert!(cheque_row.contains("Not chosen yet"), "{cheque_row}");
    // Not locked, but its two failures can be forgotten: unlock is offered; it is activated.
    assert_eq!(
        page.texts("main ul.govuk-list a"),
        [
            "Unlock this account",
            "Delete this account",
            "Find another user"
        ]
    );

    // Locked: until when.
    lock_out(&app, "sam@example.com").await;
    let page = app.get_page(&user_page(&id), 200).await;
    let until = clock.now() + chrono::Duration::minutes(15);
    assert_eq!(row(&page, "Locked"), format!("Yes, until {}", shown(until)));

    // Unknown and malformed ids: the 404 page.
    for path in [
        format!("/admin/users/{}", "0".repeat(32)),
        "/admin/users/not-an-id".to_owned(),
        format!("/admin/users/{}/delete", "f".repeat(32)),
    ] {
        let page = app.get_page(&path, 404).await;
        assert_eq!(page.text("h1"), "Page not found", "{path}");
    }
}

async fn an_admin_unlocks_a_locked_account_so_it_can_sign_in(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    admin_signed_in(&app).await;
    let id = create_account(&app, "locked@example.com", Role::Citizen).await;
    lock_out(&app, "locked@example.com").await;
    let owner = app.new_browser();
    assert_eq!(
        sign_in(&owner, "locked@example.com", PASSWORD)
            .await
            .status(),
        400,
        "locked: the right password is refused"
    );

    let unlock = format!("{}/unlock", user_page(&id));
    let page = app.get_page(&unlock, 200).await;
    assert_eq!(
        page.text("h1"),
        "Are you sure you want to unlock this account?"
    );
    assert!(page
        .title()
        .starts_with("Are you sure you want to unlock this account?"));
    assert_eq!(page.count(".govuk-warning-text"), 1);
    assert_eq!(page.attrs("main form", "action"), [unlock.as_str()]);
    let response = app.post_form(&unlock, &[]).await;
    assert_eq!(response.status(), 303);
    let done = location(&response);
    assert_eq!(done, format!("{}?done=unlocked", user_page(&id)));
    let page = app.get_page(&done, 200).await;
    assert_eq!(
        page.text(".govuk-notification-banner--success .govuk-notification-banner__content"),
        "The account has been unlocked: its owner can sign in again."
    );
    assert_eq!(row(&page, "Locked"), "No");
    assert_eq!(row(&page, "Failed sign-in attempts"), "0");
    assert_eq!(
        sign_in(&owner, "locked@example.com", PASSWORD)
            .await
            .status(),
        303
    );

    let entries = audited(&app, AuditAction::UserUnlocked).await;
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0].actor_email, ADMIN);
    assert_eq!(entries[0].target.as_deref(), Some(id.as_str()));
    assert_eq!(
        entries[0].details.0,
        serde_json::json!({ "email": "locked@example.com" })
    );
    // Now there is nothing to unlock: the page says so and has no button.
    let page = app.get_page(&unlock, 200).await;
    assert_eq!(page.count("main form"), 0);
}

async fn an_admin_activates_an_account_whose_email_was_never_confirmed(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    admin_signed_in(&app).await;
    let accounts = Accounts::of(&app.state.backends);
    let hash = app::account::server::hash_password(PASSWORD).await.unwrap();
    let id = accounts
        .create_user("new@example.com", &hash, Role::Citizen)
        .await
        .unwrap();
    let owner = app.new_browser();
    let unconfirmed = sign_in(&owner, "new@example.com", PASSWORD).await;
    assert!(location(&unconfirmed).contains("unconfirmed=true"));
    let page = app.get_page(&user_page(&id), 200).await;
    assert_eq!(
        row(&page, "Activated"),
        "Not activated: the email address is not confirmed"
    );
    assert!(page
        .texts("main ul.govuk-list a")
        .contains(&"Activate this account".to_owned()));

    let activate = format!("{}/activate", user_page(&id));
    let page = app.get_page(&activate, 200).await;
    assert_eq!(
        page.text("h1"),
        "Are you sure you want to activate this account?"
    );
    let response = app.post_form(&activate, &[]).await;
    assert_eq!(
        location(&response),
        format!("{}?done=activated", user_page(&id))
    );
    assert!(accounts.get(&id).await.unwrap().unwrap().is_confirmed());
    let signed_in = sign_in(&owner, "new@example.com", PASSWORD).await;
    assert_eq!(signed_in.status(), 303);
    assert!(!location(&signed_in).contains("unconfirmed"));
    let entries = audited(&app, AuditAction::UserActivated).await;
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0].target.as_deref(), Some(id.as_str()));
    let page = app.get_page(&activate, 200).await;
    assert_eq!(page.count("main form"), 0, "already activated");
}

async fn an_admin_deletes_an_account_with_its_lpas_but_not_their_own(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let admin = admin_signed_in(&app).await;
    let id = create_account(&app, "leaving@example.com", Role::Citizen).await;
    let owner = app.new_browser();
    assert_eq!(
        sign_in(&owner, "leaving@example.com", PASSWORD)
            .await
            .status(),
        303
    );
    let lpas = Lpas::of(&app.state.backends);
    let lpa = lpas
        .create(&id, Some(LpaType::PropertyAndFinancial), None)
        .await
        .unwrap();

    let delete = format!("{}/delete", user_page(&id));
    let page = app.get_page(&delete, 200).await;
    assert_eq!(
        page.text("h1"),
        "Are you sure you want to delete this account?"
    );
    let response = app.post_form(&delete, &[]).await;
    assert_eq!(response.status(), 303);
    assert_eq!(location(&response), "/admin/users?done=deleted");
    let page = app.get_page("/admin/users?done=deleted", 200).await;
    assert_eq!(
        page.text(".govuk-notification-banner__content"),
        "The account has been deleted, with its LPAs."
    );
    let accounts = Accounts::of(&app.state.backends);
    assert!(accounts.get(&id).await.unwrap().is_none());
    assert!(lpas.owner_of(lpa.id).await.unwrap().is_none());
    let response = owner
        .no_redirect
        .get(owner.url("/user/dashboard"))
        .send()
        .await
        .unwrap();
    assert!(
        response.status().is_redirection(),
        "the owner's session has ended"
    );
    assert!(location(&response).starts_with("/login"));
    let mail =
        crate::accounts::mail_to(&app, "leaving@example.com", "Your account has been deleted")
            .await;
    assert!(
        mail.contains("deleted by the Office of the Public Guardian"),
        "{mail}"
    );
    let entries = audited(&app, AuditAction::UserDeleted).await;
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0].target.as_deref(), Some(id.as_str()));
    assert_eq!(
        entries[0].details.0,
        serde_json::json!({ "email": "leaving@example.com" })
    );
    app.get_page(&user_page(&id), 404).await;

    // Their own account: the page says why not, and a post is refused.
    let own = format!("{}/delete", user_page(&admin));
    let page = app.get_page(&own, 200).await;
    assert_eq!(page.count("main form"), 0);
    assert!(page.text(".govuk-inset-text").contains("your own account"));
    assert!(!app
        .get_page(&user_page(&admin), 200)
        .await
        .texts("main ul.govuk-list a")
        .contains(&"Delete this account".to_owned()));
    let token = app.csrf_token("/admin/users").await;
    let response = app
        .no_redirect
        .post(app.url(&own))
        .form(&[("csrf_token", token.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 403);
    assert!(accounts.get(&admin).await.unwrap().is_some());
    assert_eq!(audited(&app, AuditAction::UserDeleted).await.len(), 1);
}

/// A dead job of a kind no worker runs, failed for good. Its id.
async fn dead_job(app: &TestApp) -> i64 {
    let queue = &app.state.backends.jobs;
    let spec = JobSpec {
        kind: "test.broken".to_owned(),
        payload: serde_json::json!({}),
        dedupe_key: None,
        run_at: None,
        max_attempts: 1,
    };
    let id = queue.enqueue(&spec).await.unwrap().id();
    let job = queue
        .claim(
            "test-worker",
            &["test.broken"],
            std::time::Duration::from_secs(30),
        )
        .await
        .unwrap()
        .expect("the job is due");
    queue
        .fail(&job, &JobError::permanent("the mail server said no: 550"))
        .await
        .unwrap();
    id
}

async fn the_jobs_page_shows_a_dead_job_and_retries_it(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    admin_signed_in(&app).await;
    let id = dead_job(&app).await;

    let page = app.get_page("/admin/jobs", 200).await;
    assert_eq!(page.text("h1"), "Jobs");
    let depth = page
        .texts("table tbody tr")
        .into_iter()
        .find(|row| row.starts_with("test.broken"))
        .expect("the kind's depth");
    assert_eq!(depth, "test.broken 0 0 1");
    let dead = page.text("[data-testid=dead-job]");
    assert!(dead.contains(&format!("Job {id}: test.broken")), "{dead}");
    assert!(dead.contains("the mail server said no: 550"), "{dead}");
    assert!(dead.contains("1 of 1"), "{dead}");

    let response = app
        .post_form("/admin/jobs", &[("job", &id.to_string())])
        .await;
    assert_eq!(response.status(), 303);
    let done = location(&response);
    assert_eq!(done, format!("/admin/jobs?retried={id}"));
    let job = app.state.backends.jobs.get(id).await.unwrap().unwrap();
    assert_eq!((job.state, job.attempts), (JobState::Pending, 0));
    let page = app.get_page(&done, 200).await;
    assert!(page
        .text(".govuk-notification-banner--success")
        .contains(&format!("Job {id} will run again")));
    assert_eq!(page.count("[data-testid=dead-job]"), 0);
    let entries = audited(&app, AuditAction::JobRetried).await;
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0].target, Some(id.to_string()));

    // Retried once only: it is no longer dead.
    let response = app
        .post_form("/admin/jobs", &[("job", &id.to_string())])
        .await;
    assert_eq!(location(&response), format!("/admin/jobs?not-retried={id}"));
    assert_eq!(audited(&app, AuditAction::JobRetried).await.len(), 1);
    let response = app.post_form("/admin/jobs", &[("job", "x")]).await;
    assert_eq!(response.status(), 400);
}

/// Posts `fields` to `path` as `browser`, with the CSRF token of a page it may see.
async fn post_as(browser: &Browser, path: &str, fields: &[(&str, &str)]) -> reqwest::Response {
    let token = browser.csrf_token("/cookies").await;
    let mut body = vec![("csrf_token", token.as_str())];
    body.extend_from_slice(fields);
    browser
        .no_redirect
        .post(browser.url(path))
        .form(&body)
        .send()
        .await
        .unwrap()
}

async fn citizens_are_refused_every_users_and_jobs_page_and_form(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    create_account(&app, ADMIN, Role::Admin).await;
    let target = create_account(&app, "target@example.com", Role::Citizen).await;
    lock_out(&app, "target@example.com").await;
    let job = dead_job(&app).await;
    let citizen = app.new_browser();
    create_account(&app, "citizen@example.com", Role::Citizen).await;
    sign_in(&citizen, "citizen@example.com", PASSWORD).await;
    let visitor = app.new_browser();

    let user = user_page(&target);
    let pages = [
        "/admin/users".to_owned(),
        "/admin/users?email=target".to_owned(),
        user.clone(),
        format!("{user}/activate"),
        format!("{user}/unlock"),
        format!("{user}/delete"),
        "/admin/jobs".to_owned(),
    ];
    for path in &pages {
        let page = citizen.get_page(path, 403).await;
        assert_eq!(
            page.text("h1"),
            "You do not have permission to see this page",
            "{path}"
        );
        assert!(!page.html.contains("target@example.com"), "{path}");
        let response = visitor
            .no_redirect
            .get(visitor.url(path))
            .send()
            .await
            .unwrap();
        assert!(response.status().is_redirection(), "{path}");
        assert!(location(&response).starts_with("/login"), "{path}");
    }
    let job_id = job.to_string();
    let posts: [(String, Vec<(&str, &str)>); 5] = [
        (
            "/admin/users".to_owned(),
            vec![("search_by", "email"), ("query", "target")],
        ),
        (format!("{user}/activate"), vec![]),
        (format!("{user}/unlock"), vec![]),
        (format!("{user}/delete"), vec![]),
        ("/admin/jobs".to_owned(), vec![("job", job_id.as_str())]),
    ];
    for (path, fields) in &posts {
        let response = post_as(&citizen, path, fields).await;
        assert_eq!(response.status(), 403, "POST {path}");
        let response = post_as(&visitor, path, fields).await;
        assert_eq!(response.status(), 303, "POST {path} signed out");
        assert!(location(&response).starts_with("/login"), "POST {path}");
    }
    // The server functions refuse by themselves too.
    for function in [
        format!("/_fn/admin-user?id={target}"),
        "/_fn/admin-find-users?email=target&page=1".to_owned(),
        "/_fn/admin-jobs".to_owned(),
    ] {
        let response = citizen.get(&function).await;
        assert!(!response.status().is_success(), "{function}");
        assert!(
            !response
                .text()
                .await
                .unwrap()
                .contains("target@example.com"),
            "{function}"
        );
    }
    // Nothing changed.
    let stored = Accounts::of(&app.state.backends)
        .get(&target)
        .await
        .unwrap()
        .expect("not deleted");
    assert_eq!(stored.failed_logins, 5, "still locked");
    let job = app.state.backends.jobs.get(job).await.unwrap().unwrap();
    assert_eq!(job.state, JobState::Dead);
    for action in [
        AuditAction::UserActivated,
        AuditAction::UserUnlocked,
        AuditAction::UserDeleted,
        AuditAction::JobRetried,
    ] {
        assert!(audited(&app, action).await.is_empty());
    }
}

on_both_stores!(
    an_admin_finds_users_by_email_ten_a_page_by_id_and_by_reference,
    an_accounts_page_shows_its_figures_and_its_lpas,
    an_admin_unlocks_a_locked_account_so_it_can_sign_in,
    an_admin_activates_an_account_whose_email_was_never_confirmed,
    an_admin_deletes_an_account_with_its_lpas_but_not_their_own,
    the_jobs_page_shows_a_dead_job_and_retries_it,
    citizens_are_refused_every_users_and_jobs_page_and_form,
);
