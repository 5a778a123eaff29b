//! Accounts over HTTP, as a browser without JavaScript uses them (and as scripts do, where the
//! answer differs): sign-up to sign-out, the rules, enumeration, tokens, lockout, sessions, CSRF
//! and roles.
use std::time::Duration;

use app::account::server::{hash_password, Details, Role, UserId};
use backends::clock::{Clock, ManualClock};
use chrono::Datelike;
use reqwest::header::{ACCEPT, COOKIE, LOCATION, SET_COOKIE};

use crate::support::{eventually, Backend, Browser, Page, TestApp};
use backends::on_both_stores;

pub const PASSWORD: &str = "Correct horse 1 battery";

/// A confirmed account with a name (so signing in leads where it was going), made directly in
/// the store.
pub async fn create_account(app: &TestApp, email: &str, role: Role) -> UserId {
    let accounts = &app::account::server::Accounts::of(&app.state.backends);
    let hash = hash_password(PASSWORD).await.unwrap();
    let id = accounts.create_user(email, &hash, role).await.unwrap();
    accounts.confirm_email(&id).await.unwrap();
    let details = Details {
        first_names: Some("Test".to_owned()),
        last_name: Some("Person".to_owned()),
        ..Details::default()
    };
    accounts.update_details(&id, &details).await.unwrap();
    id
}

/// Posts the change-password form, giving `current` and a new strong password.
pub async fn change_password(browser: &Browser, current: &str) -> reqwest::Response {
    browser
        .post_form(
            "/user/change-password",
            &[
                ("password_current", current),
                ("password", NEW_PASSWORD),
                ("password_confirm", NEW_PASSWORD),
            ],
        )
        .await
}

pub const NEW_PASSWORD: &str = "A new strong 3 password";

/// Gives a name through the form someone without one is sent to; returns where it leads.
pub async fn give_name(browser: &Browser) -> String {
    let response = browser
        .post_form(
            "/user/about-you/new",
            &[("name_first", "Sam"), ("name_last", "Smith")],
        )
        .await;
    assert_eq!(response.status(), 303);
    response.headers()[LOCATION].to_str().unwrap().to_owned()
}

/// Posts the sign-in form.
pub async fn sign_in(app: &Browser, email: &str, password: &str) -> reqwest::Response {
    app.post_form("/login", &[("email", email), ("password", password)])
        .await
}

/// The newest mail to `to` once the job queue has sent it: (subject, body).
pub async fn mail_to(app: &TestApp, to: &str, subject: &str) -> String {
    let outbox = backends::mail::OutboxMailer::new(
        app.state.backends.store.as_ref(),
        app.state.backends.clock.clone(),
    );
    eventually(
        Duration::from_secs(20),
        &format!("a mail '{subject}' to {to}"),
        || {
            let outbox = outbox.clone();
            async move {
                let mails = outbox.for_recipient(to, 10).await.unwrap();
                mails
                    .into_iter()
                    .find(|mail| mail.subject == subject)
                    .map(|mail| mail.body)
            }
        },
    )
    .await
}

/// The path of the first link in `body` that contains `path_start`.
pub fn link_in(body: &str, path_start: &str) -> String {
    let at = body
        .find(path_start)
        .unwrap_or_else(|| panic!("no link to {path_start} in {body}"));
    body[at..].split_whitespace().next().unwrap().to_owned()
}

/// The session cookie a response sets (`name=value`), if any.
pub fn session_set(response: &reqwest::Response) -> Option<String> {
    response
        .headers()
        .get_all(SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("session="))
        .map(|v| v.split(';').next().unwrap().to_owned())
}

/// A client with no cookie jar and no redirects: the test says exactly what it sends.
fn bare_client() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

async fn sign_up_confirm_sign_in_and_sign_out(backend: Backend) {
    let app = TestApp::spawn(backend).await;

    let response = app
        .post_form(
            "/signup",
            &[
                ("email", " New.Person@Example.com "),
                ("password", PASSWORD),
                ("password_confirm", PASSWORD),
                ("terms", "accepted"),
            ],
        )
        .await;
    assert_eq!(response.status(), 303);
    assert_eq!(response.headers()[LOCATION], "/signup/check-email");

    // Not confirmed yet: the right password leads to the page that sends a new link.
    let response = sign_in(&app, "new.person@example.com", PASSWORD).await;
    assert_eq!(response.status(), 303);
    assert_eq!(
        response.headers()[LOCATION],
        "/signup/resend-email?unconfirmed=true"
    );

    let body = mail_to(&app, "new.person@example.com", "Confirm your email address").await;
    let link = link_in(&body, "/signup/confirm/");
    let page = app.get_page(&link, 200).await;
    assert_eq!(page.text("h1"), "Your email address is confirmed");
    let page = app.get_page(&link, 200).await;
    assert_eq!(
        page.text("h1"),
        "This link has expired or has already been used",
        "a link works once"
    );

    let response = sign_in(&app, "NEW.PERSON@example.com", PASSWORD).await;
    assert_eq!(response.status(), 303);
    assert_eq!(
        response.headers()[LOCATION],
        "/user/about-you/new",
        "no name yet"
    );
    let cookie = session_set(&response).expect("signing in sets the session cookie");
    // Every signed-in page leads to the details form until the name is given.
    for path in ["/user/dashboard", "/user/change-password"] {
        let response = app.no_redirect.get(app.url(path)).send().await.unwrap();
        assert_eq!(response.status(), 302, "{path}");
        assert_eq!(response.headers()[LOCATION], "/user/about-you/new");
    }
    let page = app.get_page("/user/about-you/new", 200).await;
    assert_eq!(page.attrs("main form", "action"), ["/user/about-you/new"]);
    let response = app
        .post_form("/user/about-you/new", &[("name_first", "New")])
        .await;
    assert_eq!(response.status(), 400, "the same rules as /user/about-you");
    assert_eq!(give_name(&app).await, "/user/dashboard");

    let page = app.get_page("/user/account", 200).await;
    assert_eq!(
        page.text("[data-testid=signed-in-as]"),
        "new.person@example.com"
    );
    assert_eq!(
        page.texts(".govuk-service-navigation__item a"),
        ["Your LPAs", "Your account", "Sign out"]
    );

    let response = app
        .no_redirect
        .get(app.url("/logout"))
        .header("sec-fetch-site", "same-origin")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 303);
    assert_eq!(response.headers()[LOCATION], "/signed-out");
    let page = app.get_page("/signed-out", 200).await;
    assert_eq!(page.text("h1"), "You have been signed out");
    assert_eq!(
        page.attrs("main a[href^='/send-feedback']", "href"),
        ["/send-feedback?from=%2Fsigned-out"],
        "the end of a session asks what they thought"
    );

    // The old session is gone for good: presenting its cookie signs nobody in, and says so.
    let response = bare_client()
        .get(app.url("/user/dashboard"))
        .header(COOKIE, &cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 302);
    assert_eq!(
        response.headers()[LOCATION],
        "/login/timeout?next=%2Fuser%2Fdashboard"
    );
    let response = app
        .no_redirect
        .get(app.url("/user/dashboard"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 302);
    assert_eq!(
        response.headers()[LOCATION],
        "/login?next=%2Fuser%2Fdashboard"
    );
}

async fn sign_up_rules_are_checked_on_the_server(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let response = app
        .post_form(
            "/signup",
            &[
                ("email", "not an address"),
                ("password", "lowercaseonly"),
                ("password_confirm", "different"),
            ],
        )
        .await;
    assert_eq!(response.status(), 400);
    let page = Page::new(response.text().await.unwrap());
    assert_eq!(
        page.title(),
        "Error: Create an account – Digital public services – GOV.UK"
    );
    assert_eq!(
        page.texts(".govuk-error-summary__list a"),
        [
            "Enter an email address in the correct format, like name@example.com",
            "Password must include a number and a capital letter",
            "Select to confirm you agree to the terms of use",
        ]
    );
    assert_eq!(
        page.attrs("input[name=email]", "value"),
        ["not an address"],
        "what was typed is kept"
    );
    assert_eq!(
        page.attrs("input[name=password]", "value"),
        Vec::<String>::new(),
        "passwords are never sent back"
    );
}

async fn sign_up_does_not_reveal_which_addresses_have_accounts(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    create_account(&app, "taken@example.com", Role::Citizen).await;
    let mut answers = Vec::new();
    for email in ["taken@example.com", "free@example.com"] {
        let response = app
            .post_form(
                "/signup",
                &[
                    ("email", email),
                    ("password", "Another good 2 password"),
                    ("password_confirm", "Another good 2 password"),
                    ("terms", "accepted"),
                ],
            )
            .await;
        answers.push((response.status(), response.headers()[LOCATION].clone()));
    }
    assert_eq!(answers[0], answers[1]);
    let body = mail_to(&app, "taken@example.com", "You already have an account").await;
    assert!(body.contains("/forgot-password"), "{body}");
    mail_to(&app, "free@example.com", "Confirm your email address").await;
    // The existing account keeps its password.
    assert_eq!(
        sign_in(&app, "taken@example.com", PASSWORD).await.status(),
        303
    );
}

async fn sign_in_refusals_are_all_the_same(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    create_account(&app, "known@example.com", Role::Citizen).await;
    let mut pages = Vec::new();
    for (email, password) in [
        ("known@example.com", "Wrong password 1"),
        ("unknown@example.com", "Wrong password 1"),
    ] {
        let response = sign_in(&app, email, password).await;
        assert_eq!(response.status(), 400);
        let page = Page::new(response.text().await.unwrap());
        pages.push((
            page.title(),
            page.texts(".govuk-error-summary__list a"),
            page.texts(".govuk-error-message"),
        ));
    }
    assert_eq!(pages[0], pages[1]);
    assert_eq!(pages[0].1, [app::pages::login::NOT_RECOGNISED.to_owned()]);
}

async fn five_failures_lock_the_account_for_fifteen_minutes(backend: Backend) {
    let clock = ManualClock::new(chrono::Utc::now());
    let app = TestApp::spawn_with_clock(backend, &clock).await;
    create_account(&app, "locked@example.com", Role::Citizen).await;
    for _ in 0..5 {
        assert_eq!(
            sign_in(&app, "locked@example.com", "Wrong password 1")
                .await
                .status(),
            400
        );
    }
    let response = sign_in(&app, "locked@example.com", PASSWORD).await;
    assert_eq!(
        response.status(),
        400,
        "locked: even the right password is refused"
    );
    let page = Page::new(response.text().await.unwrap());
    assert_eq!(
        page.texts(".govuk-error-summary__list a"),
        [app::pages::login::NOT_RECOGNISED.to_owned()]
    );

    clock.advance(chrono::Duration::minutes(14));
    assert_eq!(
        sign_in(&app, "locked@example.com", PASSWORD).await.status(),
        400
    );
    clock.advance(chrono::Duration::minutes(2));
    assert_eq!(
        sign_in(&app, "locked@example.com", PASSWORD).await.status(),
        303,
        "15 minutes after the last failure the lock is over"
    );
}

async fn forgotten_password_reset_works_once_and_expires(backend: Backend) {
    let clock = ManualClock::new(chrono::Utc::now());
    let app = TestApp::spawn_with_clock(backend, &clock).await;
    create_account(&app, "forgetful@example.com", Role::Citizen).await;

    // Same answer for an address with an account and one without.
    let known = app
        .post_form("/forgot-password", &[("email", "Forgetful@example.com")])
        .await;
    let unknown = app
        .post_form("/forgot-password", &[("email", "nobody@example.com")])
        .await;
    assert_eq!(known.status(), 303);
    assert_eq!(
        (known.status(), known.headers()[LOCATION].clone()),
        (unknown.status(), unknown.headers()[LOCATION].clone())
    );
    assert_eq!(known.headers()[LOCATION], "/forgot-password/sent");
    mail_to(&app, "nobody@example.com", "Reset your password").await;
    let body = mail_to(&app, "forgetful@example.com", "Reset your password").await;
    let link = link_in(&body, "/forgot-password/reset/");

    let page = app.get_page(&link, 200).await;
    assert_eq!(page.text("h1"), "Choose a new password");
    let response = app
        .post_form(
            &link,
            &[("password", "short"), ("password_confirm", "short")],
        )
        .await;
    assert_eq!(response.status(), 400, "the password rules apply");

    let new_password = "A brand new 2 password";
    let response = app
        .post_form(
            &link,
            &[
                ("password", new_password),
                ("password_confirm", new_password),
            ],
        )
        .await;
    assert_eq!(response.status(), 303);
    assert_eq!(response.headers()[LOCATION], "/login?reset=true");
    mail_to(
        &app,
        "forgetful@example.com",
        "Your password has been changed",
    )
    .await;
    assert_eq!(
        sign_in(&app, "forgetful@example.com", PASSWORD)
            .await
            .status(),
        400
    );
    assert_eq!(
        sign_in(&app, "forgetful@example.com", new_password)
            .await
            .status(),
        303
    );

    let page = app.get_page(&link, 200).await;
    assert_eq!(
        page.text("h1"),
        "This link has expired or has already been used",
        "a reset link works once"
    );

    // A new link, unused for 24 hours, has expired.
    app.post_form("/forgot-password", &[("email", "forgetful@example.com")])
        .await;
    let second = eventually(Duration::from_secs(20), "a second reset mail", || async {
        let body = mail_to(&app, "forgetful@example.com", "Reset your password").await;
        let second = link_in(&body, "/forgot-password/reset/");
        (second != link).then_some(second)
    })
    .await;
    clock.advance(chrono::Duration::hours(24));
    let page = app.get_page(&second, 200).await;
    assert_eq!(
        page.text("h1"),
        "This link has expired or has already been used"
    );
}

/// Signs in as cycle@example.com from a client with no jar, sending exactly `cookies`: the
/// sign-in page (for its token), then the form.
async fn sign_in_sending(
    app: &TestApp,
    client: &reqwest::Client,
    cookies: &str,
) -> reqwest::Response {
    let page = client
        .get(app.url("/login"))
        .header(COOKIE, cookies)
        .send()
        .await
        .unwrap();
    let token =
        Page::new(page.text().await.unwrap()).attrs("input[name=csrf_token]", "value")[0].clone();
    client
        .post(app.url("/login"))
        .header(COOKIE, cookies)
        .form(&[
            ("csrf_token", token.as_str()),
            ("email", "cycle@example.com"),
            ("password", PASSWORD),
        ])
        .send()
        .await
        .unwrap()
}

async fn signing_in_cycles_the_session_id(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    create_account(&app, "cycle@example.com", Role::Citizen).await;
    let client = bare_client();

    // An id planted before sign-in (session fixation) is not the one signed in.
    let login = client.get(app.url("/login")).send().await.unwrap();
    let csrf_cookie = login
        .headers()
        .get_all(SET_COOKIE)
        .iter()
        .map(|v| v.to_str().unwrap().split(';').next().unwrap().to_owned())
        .find(|c| c.starts_with("csrf="))
        .unwrap();
    let planted = "session=AAAAAAAAAAAAAAAAAAAAAA";
    let response = sign_in_sending(&app, &client, &format!("{csrf_cookie}; {planted}")).await;
    assert_eq!(response.status(), 303);
    let first = session_set(&response).unwrap();
    assert_ne!(first, planted);

    // Signing in again, on the same session, gives it a new id and retires the old one.
    let response = sign_in_sending(&app, &client, &format!("{csrf_cookie}; {first}")).await;
    assert_eq!(response.status(), 303);
    let second = session_set(&response).unwrap();
    assert_ne!(second, first);
    for (cookie, status) in [(&first, 302), (&second, 200)] {
        let response = client
            .get(app.url("/user/account"))
            .header(COOKIE, cookie)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), status, "{cookie}");
    }
}

async fn csrf_tokens_are_bound_to_the_session_and_checked_everywhere(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    create_account(&app, "csrf@example.com", Role::Citizen).await;
    let anonymous_token = app.csrf_token("/login").await;
    assert_eq!(
        sign_in(&app, "csrf@example.com", PASSWORD).await.status(),
        303
    );
    let session_token = app.csrf_token("/logout/confirm").await;
    assert_ne!(
        session_token, anonymous_token,
        "signing in gives a new token"
    );

    // The token from before sign-in no longer works, with or without JavaScript.
    for accept in ["text/html", "application/json"] {
        let response = app
            .no_redirect
            .post(app.url("/logout/confirm"))
            .header(ACCEPT, accept)
            .form(&[("csrf_token", anonymous_token.as_str())])
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 403, "{accept}");
    }
    let page = Page::new(
        app.no_redirect
            .post(app.url("/logout/confirm"))
            .form(&[("csrf_token", "")])
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap(),
    );
    assert_eq!(page.text("h1"), "Sorry, there was a problem with your form");

    // Server functions that change anything need the token in a header, from this site.
    let keep_alive = |token: Option<&str>, site: &str| {
        let mut request = app
            .no_redirect
            .post(app.url("/_fn/session-keep-alive"))
            .header("sec-fetch-site", site.to_owned())
            .header("content-type", "application/x-www-form-urlencoded")
            .body("");
        if let Some(token) = token {
            request = request.header("x-csrf-token", token.to_owned());
        }
        request.send()
    };
    let response = keep_alive(None, "same-origin").await.unwrap();
    assert_eq!(response.status(), 403);
    assert_eq!(
        response.json::<serde_json::Value>().await.unwrap()["error"],
        "Forbidden"
    );
    assert_eq!(
        keep_alive(Some(&anonymous_token), "same-origin")
            .await
            .unwrap()
            .status(),
        403
    );
    assert_eq!(
        keep_alive(Some(&session_token), "cross-site")
            .await
            .unwrap()
            .status(),
        403
    );
    let response = keep_alive(Some(&session_token), "same-origin")
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    // "Stay signed in" saves the session, which moves its end and sends its cookie again; the
    // requests just before it, within a minute of the last save, did not.
    let saved = response
        .headers()
        .get_all(SET_COOKIE)
        .iter()
        .any(|cookie| cookie.to_str().unwrap().starts_with("session="));
    assert!(saved, "the session is saved by keeping it alive");
    assert_eq!(response.text().await.unwrap(), "4500");

    // A form from another site is refused even with the right token.
    let response = app
        .no_redirect
        .post(app.url("/logout/confirm"))
        .header("sec-fetch-site", "cross-site")
        .form(&[("csrf_token", session_token.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 403);

    let response = app
        .no_redirect
        .post(app.url("/logout/confirm"))
        .form(&[("csrf_token", session_token.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 303);
    assert_eq!(response.headers()[LOCATION], "/signed-out");
}

async fn signing_out_from_another_site_needs_a_button(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    create_account(&app, "stay@example.com", Role::Citizen).await;
    sign_in(&app, "stay@example.com", PASSWORD).await;
    for site in [Some("cross-site"), None] {
        let mut request = app.no_redirect.get(app.url("/logout"));
        if let Some(site) = site {
            request = request.header("sec-fetch-site", site);
        }
        let response = request.send().await.unwrap();
        assert_eq!(response.headers()[LOCATION], "/logout/confirm", "{site:?}");
        app.get_page("/user/dashboard", 200).await;
    }
}

async fn the_session_state_says_how_long_is_left_without_extending_it(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let response = app.get("/session-state").await;
    assert_eq!(response.status(), 204, "nobody signed in");
    create_account(&app, "timer@example.com", Role::Citizen).await;
    sign_in(&app, "timer@example.com", PASSWORD).await;
    let response = app.get("/session-state").await;
    assert_eq!(response.status(), 200);
    assert!(
        session_set(&response).is_none(),
        "asking does not save (extend) the session"
    );
    let remaining = response.json::<serde_json::Value>().await.unwrap()["remainingSeconds"]
        .as_i64()
        .unwrap();
    assert!((4400..=4500).contains(&remaining), "{remaining}");
}

async fn a_timed_out_session_leads_to_the_signed_out_page(backend: Backend) {
    let clock = ManualClock::new(chrono::Utc::now());
    let app = TestApp::spawn_with_clock(backend, &clock).await;
    create_account(&app, "idle@example.com", Role::Citizen).await;
    sign_in(&app, "idle@example.com", PASSWORD).await;
    app.get_page("/user/dashboard", 200).await;
    clock.advance(chrono::Duration::minutes(76));
    let response = app
        .no_redirect
        .get(app.url("/user/dashboard"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 302);
    assert_eq!(
        response.headers()[LOCATION],
        "/login/timeout?next=%2Fuser%2Fdashboard"
    );
    let page = app
        .get_page("/login/timeout?next=%2Fuser%2Fdashboard", 200)
        .await;
    assert_eq!(
        page.text(".govuk-notification-banner__heading"),
        "You’ve been signed out"
    );
    assert_eq!(page.attrs("input[name=next]", "value"), ["/user/dashboard"]);
    assert_eq!(app.get("/session-state").await.status(), 204);

    // Signing in again goes back to where they were.
    let response = app
        .post_form(
            "/login",
            &[
                ("email", "idle@example.com"),
                ("password", PASSWORD),
                ("next", "/user/dashboard"),
            ],
        )
        .await;
    assert_eq!(response.headers()[LOCATION], "/user/dashboard");
    // A script gets told to load the next page whole.
    let response = app
        .no_redirect
        .post(app.url("/login"))
        .header(ACCEPT, "application/json")
        .form(&[
            ("csrf_token", app.csrf_token("/login").await.as_str()),
            ("email", "idle@example.com"),
            ("password", PASSWORD),
            ("next", "https://evil.example/"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(
        response.json::<serde_json::Value>().await.unwrap(),
        serde_json::json!({ "reload": "/user/dashboard" })
    );
}

async fn a_citizen_is_refused_every_admin_page(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    create_account(&app, "citizen@example.com", Role::Citizen).await;
    create_account(&app, "admin@example.com", Role::Admin).await;
    sign_in(&app, "citizen@example.com", PASSWORD).await;
    for path in app::pages::admin::ADMIN_PAGES {
        let page = app.get_page(path, 403).await;
        assert_eq!(
            page.text("h1"),
            "You do not have permission to see this page"
        );
    }
    let response = app.get("/_fn/admin-outbox").await;
    assert_eq!(response.status(), 500);
    assert!(
        !response.text().await.unwrap().contains("@example.com"),
        "the server function refuses by itself, whatever page calls it"
    );

    let admin = TestApp::spawn(backend).await;
    create_account(&admin, "admin@example.com", Role::Admin).await;
    sign_in(&admin, "admin@example.com", PASSWORD).await;
    admin
        .post_form("/forgot-password", &[("email", "admin@example.com")])
        .await;
    mail_to(&admin, "admin@example.com", "Reset your password").await;
    let page = admin.get_page("/admin/outbox", 200).await;
    assert_eq!(page.text("h1"), "Emails sent by the service");
    assert!(page
        .texts("[data-testid=mail] h2")
        .contains(&"Reset your password".to_owned()));
}

async fn your_details_are_saved_and_only_yours(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    create_account(&app, "ann@example.com", Role::Citizen).await;
    create_account(&app, "bob@example.com", Role::Citizen).await;
    sign_in(&app, "ann@example.com", PASSWORD).await;

    let response = app
        .post_form(
            "/user/about-you",
            &[("name_first", "Ann"), ("address3", "Leeds")],
        )
        .await;
    assert_eq!(response.status(), 400);
    let page = Page::new(response.text().await.unwrap());
    assert_eq!(
        page.attrs(".govuk-error-summary__list a", "href"),
        ["#name_last", "#address1", "#address2"]
    );
    assert_eq!(page.attrs("input[name=address3]", "value"), ["Leeds"]);

    let response = app
        .post_form(
            "/user/about-you",
            &[
                ("name_title", "Dr"),
                ("name_first", "Ann"),
                ("name_last", "Smith"),
                ("dob-day", "9"),
                ("dob-month", "3"),
                ("dob-year", "1970"),
                ("address1", "1 High Street"),
                ("postcode", "LS1 1AA"),
            ],
        )
        .await;
    assert_eq!(response.status(), 303);
    assert_eq!(
        response.headers()[LOCATION],
        "/user/dashboard?saved=details"
    );
    let page = app.get_page("/user/about-you", 200).await;
    assert_eq!(page.attrs("input[name=name_last]", "value"), ["Smith"]);
    assert_eq!(page.attrs("input[name=dob-year]", "value"), ["1970"]);
    assert_eq!(page.attrs("option[selected]", "value"), ["Dr"]);

    // Bob sees his own (empty) details, never Ann's: nothing on the page or in the server
    // function names an account.
    let bob = app.new_browser();
    sign_in(&bob, "bob@example.com", PASSWORD).await;
    let page = bob.get_page("/user/about-you", 200).await;
    assert_eq!(page.attrs("input[name=name_last]", "value"), ["Person"]);
    let details = bob.get("/_fn/your-details").await.text().await.unwrap();
    assert!(!details.contains("Smith"), "{details}");

    // Signed out, the details are refused.
    let anonymous = reqwest::get(app.url("/_fn/your-details")).await.unwrap();
    assert!(!anonymous.status().is_success());
    assert!(!anonymous.text().await.unwrap().contains("Smith"));
}

async fn changing_the_password_ends_the_other_sessions(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    create_account(&app, "two@example.com", Role::Citizen).await;
    let other = app.new_browser();
    sign_in(&app, "two@example.com", PASSWORD).await;
    sign_in(&other, "two@example.com", PASSWORD).await;
    other.get_page("/user/dashboard", 200).await;

    let response = change_password(&app, "Not my password 1").await;
    assert_eq!(response.status(), 400);
    let page = Page::new(response.text().await.unwrap());
    assert_eq!(
        page.text("#password_current-error"),
        "Error: Your current password is not correct"
    );

    let response = change_password(&app, PASSWORD).await;
    assert_eq!(response.status(), 303);
    app.get_page("/user/dashboard", 200).await;
    let response = other
        .no_redirect
        .get(other.url("/user/dashboard"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 302, "the other session has ended");
    assert!(response.headers()[LOCATION]
        .to_str()
        .unwrap()
        .starts_with("/login/timeout"));
    mail_to(&app, "two@example.com", "Your password has been changed").await;
    assert_eq!(
        sign_in(&other, "two@example.com", NEW_PASSWORD)
            .await
            .status(),
        303
    );
}

async fn changing_the_email_address_needs_the_link_sent_to_it(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    create_account(&app, "old@example.com", Role::Citizen).await;
    create_account(&app, "someone.else@example.com", Role::Citizen).await;
    sign_in(&app, "old@example.com", PASSWORD).await;

    let response = app
        .post_form(
            "/user/change-email-address",
            &[("email", "old@example.com"), ("password_current", PASSWORD)],
        )
        .await;
    assert_eq!(response.status(), 400);

    // An address that has an account answers the same, and gets a mail instead of a link.
    let response = app
        .post_form(
            "/user/change-email-address",
            &[
                ("email", "someone.else@example.com"),
                ("password_current", PASSWORD),
            ],
        )
        .await;
    assert_eq!(
        response.headers()[LOCATION],
        "/user/dashboard?saved=email-link"
    );
    mail_to(
        &app,
        "someone.else@example.com",
        "You already have an account",
    )
    .await;

    let response = app
        .post_form(
            "/user/change-email-address",
            &[("email", "New@Example.com"), ("password_current", PASSWORD)],
        )
        .await;
    assert_eq!(
        response.headers()[LOCATION],
        "/user/dashboard?saved=email-link"
    );
    // The notice about this request (the one before named the other address).
    eventually(
        Duration::from_secs(20),
        "the notice naming the new address",
        || async {
            let notice = mail_to(
                &app,
                "old@example.com",
                "Your email address is being changed",
            )
            .await;
            notice.contains("new@example.com").then_some(())
        },
    )
    .await;
    let body = mail_to(&app, "new@example.com", "Confirm your new email address").await;
    let link = link_in(&body, "/user/change-email-address/verify/");
    assert_eq!(
        sign_in(&app, "new@example.com", PASSWORD).await.status(),
        400,
        "not moved yet"
    );

    let page = app.get_page(&link, 200).await;
    assert_eq!(page.text("h1"), "Your email address has been changed");
    let page = app.get_page(&link, 200).await;
    assert_eq!(
        page.text("h1"),
        "This link has expired or has already been used"
    );
    assert_eq!(
        sign_in(&app, "old@example.com", PASSWORD).await.status(),
        400
    );
    assert_eq!(
        sign_in(&app, "new@example.com", PASSWORD).await.status(),
        303
    );
}

async fn deleting_the_account_deletes_its_data_and_objects(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let id = create_account(&app, "leaving@example.com", Role::Citizen).await;
    let objects = &app.state.backends.objects;
    let key = backends::objects::ObjectKey::new(format!(
        "{}form.pdf",
        app::account::server::deletion::objects_prefix(id.as_str())
    ))
    .unwrap();
    objects
        .put(
            &key,
            backends::objects::body_from_bytes(b"%PDF".to_vec()),
            backends::objects::PutOptions::new("application/pdf"),
        )
        .await
        .unwrap();
    sign_in(&app, "leaving@example.com", PASSWORD).await;
    let page = app.get_page("/user/delete", 200).await;
    assert_eq!(page.text("h1"), "Delete your account");
    let response = app.post_form("/user/delete/confirm", &[]).await;
    assert_eq!(response.status(), 303);
    assert_eq!(response.headers()[LOCATION], "/deleted");
    assert!(app::account::server::Accounts::of(&app.state.backends)
        .get(&id)
        .await
        .unwrap()
        .is_none());
    assert!(objects
        .list(&format!("users/{id}/"))
        .await
        .unwrap()
        .is_empty());
    mail_to(&app, "leaving@example.com", "Your account has been deleted").await;
    let response = app
        .no_redirect
        .get(app.url("/user/dashboard"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 302);
    assert_eq!(
        sign_in(&app, "leaving@example.com", PASSWORD)
            .await
            .status(),
        400
    );
}

/// Malformed and oversized bodies at every account form: never a 500 or a panic.
async fn account_forms_survive_malformed_and_oversized_bodies(backend: Backend) {
    use rand::{Rng, SeedableRng};

    let app = TestApp::spawn(backend).await;
    create_account(&app, "fuzz@example.com", Role::Citizen).await;
    let paths = [
        "/signup",
        "/signup/resend-email",
        "/login",
        "/forgot-password",
        "/forgot-password/reset/not-a-token",
        "/logout/confirm",
        "/user/about-you",
        "/user/change-password",
        "/user/change-email-address",
        "/user/delete/confirm",
    ];
    let names = [
        "email",
        "password",
        "password_confirm",
        "password_current",
        "terms",
        "next",
        "name_title",
        "name_first",
        "dob-day",
        "address1",
        "postcode",
        "csrf_token",
    ];
    let mut rng = rand::rngs::StdRng::seed_from_u64(7);
    for round in 0..12 {
        // Half the rounds signed in, so the signed-in actions see the junk too.
        if round == 6 {
            sign_in(&app, "fuzz@example.com", PASSWORD).await;
        }
        for path in paths {
            let token = app.csrf_token("/login").await;
            let body: Vec<u8> = match rng.random_range(0..5) {
                // Random bytes.
                0 => (0..rng.random_range(0..2000))
                    .map(|_| rng.random())
                    .collect(),
                // Well-formed fields with hostile values, the real token first.
                1 | 2 => {
                    let mut body = format!("csrf_token={token}");
                    for _ in 0..rng.random_range(0..20) {
                        let name = names[rng.random_range(0..names.len())];
                        let length = rng.random_range(0..400);
                        let value: String = (0..length)
                            .map(|_| char::from_u32(rng.random_range(0..0x2FFFF)).unwrap_or('?'))
                            .collect();
                        body.push_str(&format!("&{name}={}", urlencode(&value)));
                    }
                    body.into_bytes()
                }
                // Broken percent-encoding and repeated names.
                3 => format!("csrf_token={token}&email=%ZZ%&email=a%&password=%%%&terms=1&terms=2")
                    .into_bytes(),
                // Far over the size limit.
                _ => vec![b'a'; 70 * 1024],
            };
            let accept = if rng.random_bool(0.5) {
                "application/json"
            } else {
                "text/html"
            };
            let response = app
                .no_redirect
                .post(app.url(path))
                .header("content-type", "application/x-www-form-urlencoded")
                .header(ACCEPT, accept)
                .body(body)
                .send()
                .await
                .unwrap();
            let status = response.status().as_u16();
            assert!(
                status < 500,
                "{path} answered {status} in round {round}: {}",
                response.text().await.unwrap_or_default()
            );
        }
    }
    // The service is still up and the account untouched.
    assert_eq!(app.get("/healthcheck").await.status(), 200);
    assert!(app::account::server::Accounts::of(&app.state.backends)
        .find_by_email("fuzz@example.com")
        .await
        .unwrap()
        .is_some());
}

fn urlencode(value: &str) -> String {
    form_urlencoded::byte_serialize(value.as_bytes()).collect()
}

async fn changed_terms_are_shown_once_at_the_next_sign_in(backend: Backend) {
    use chrono::TimeZone;
    let before_the_change = chrono::Utc.with_ymd_and_hms(2026, 10, 1, 9, 0, 0).unwrap();
    let clock = ManualClock::new(before_the_change);
    let app = TestApp::spawn_with_clock(backend, &clock).await;
    create_account(&app, "terms@example.com", Role::Citizen).await;
    let response = sign_in(&app.new_browser(), "terms@example.com", PASSWORD).await;
    assert_eq!(response.headers()[LOCATION], "/user/dashboard");

    // Back to the present (the terms changed before it): sessions expire by the real time too.
    clock.set(chrono::Utc::now());
    let response = sign_in(&app, "terms@example.com", PASSWORD).await;
    assert_eq!(response.headers()[LOCATION], "/user/dashboard/new-terms");
    let page = app.get_page("/user/dashboard/new-terms", 200).await;
    assert_eq!(page.text("h1"), "Our terms of use have changed");
    assert_eq!(
        page.attrs("main a.govuk-button", "href"),
        ["/user/dashboard"]
    );

    let response = sign_in(&app.new_browser(), "terms@example.com", PASSWORD).await;
    assert_eq!(response.headers()[LOCATION], "/user/dashboard", "only once");
}

/// "In the past" means before the app clock's today, not the machine's: the clock's own date is
/// refused until the clock moves on a day.
async fn the_date_of_birth_rule_reads_the_app_clock(backend: Backend) {
    let clock = ManualClock::new(chrono::Utc::now());
    let app = TestApp::spawn_with_clock(backend, &clock).await;
    create_account(&app, "ann@example.com", Role::Citizen).await;
    sign_in(&app, "ann@example.com", PASSWORD).await;
    let today = clock.now().date_naive();
    let (day, month, year) = (
        today.day().to_string(),
        today.month().to_string(),
        today.year().to_string(),
    );
    let details = [
        ("name_first", "Ann"),
        ("name_last", "Smith"),
        ("dob-day", day.as_str()),
        ("dob-month", month.as_str()),
        ("dob-year", year.as_str()),
    ];
    let response = app.post_form("/user/about-you", &details).await;
    assert_eq!(response.status(), 400);
    let page = Page::new(response.text().await.unwrap());
    assert_eq!(
        page.text(".govuk-error-summary__list a"),
        "Date of birth must be in the past"
    );
    clock.advance(chrono::Duration::days(1));
    let response = app.post_form("/user/about-you", &details).await;
    assert_eq!(response.status(), 303, "the next day, that date is past");
}

on_both_stores!(
    changed_terms_are_shown_once_at_the_next_sign_in,
    sign_up_confirm_sign_in_and_sign_out,
    sign_up_rules_are_checked_on_the_server,
    sign_up_does_not_reveal_which_addresses_have_accounts,
    sign_in_refusals_are_all_the_same,
    five_failures_lock_the_account_for_fifteen_minutes,
    forgotten_password_reset_works_once_and_expires,
    signing_in_cycles_the_session_id,
    csrf_tokens_are_bound_to_the_session_and_checked_everywhere,
    signing_out_from_another_site_needs_a_button,
    the_session_state_says_how_long_is_left_without_extending_it,
    a_timed_out_session_leads_to_the_signed_out_page,
    a_citizen_is_refused_every_admin_page,
    your_details_are_saved_and_only_yours,
    the_date_of_birth_rule_reads_the_app_clock,
    changing_the_password_ends_the_other_sessions,
    changing_the_email_address_needs_the_link_sent_to_it,
    deleting_the_account_deletes_its_data_and_objects,
    account_forms_survive_malformed_and_oversized_bodies,
);
