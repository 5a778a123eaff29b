//! Accounts over HTTP, as a browser without JavaScript uses them (and as scripts do, where the
//! answer differs): sign-up to sign-out, the rules, enumeration, tokens, lockout, sessions, CSRF
//! and roles.
use std::sync::Arc;
use std::time::Duration;

use backends::accounts::{hash_password, Role, UserId};
use backends::clock::ManualClock;
use reqwest::header::{ACCEPT, COOKIE, LOCATION, SET_COOKIE};

use crate::on_both_stores;
use crate::support::{eventually, test_config, Backend, Page, TestApp, TestDatabase};

pub const PASSWORD: &str = "Correct horse 1 battery";

/// A confirmed account, made directly in the store.
pub async fn create_account(app: &TestApp, email: &str, role: Role) -> UserId {
    let accounts = &app.state.backends.accounts;
    let hash = hash_password(PASSWORD).await.unwrap();
    let id = accounts.create_user(email, &hash, role).await.unwrap();
    accounts.confirm_email(&id).await.unwrap();
    id
}

/// Posts the sign-in form.
pub async fn sign_in(app: &TestApp, email: &str, password: &str) -> reqwest::Response {
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
    assert_eq!(response.headers()[LOCATION], "/user/dashboard");
    let cookie = session_set(&response).expect("signing in sets the session cookie");

    let page = app.get_page("/user/dashboard", 200).await;
    assert_eq!(
        page.text("[data-testid=signed-in-as]"),
        "new.person@example.com"
    );
    assert_eq!(
        page.texts(".govuk-service-navigation__item a"),
        ["Your account", "Sign out"]
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
    let database = TestDatabase::create(backend).await;
    let clock = ManualClock::new(chrono::Utc::now());
    let config = test_config(database.url());
    let app = TestApp::spawn_on_with_clock(database, config, Arc::new(clock.clone())).await;
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
    let database = TestDatabase::create(backend).await;
    let clock = ManualClock::new(chrono::Utc::now());
    let config = test_config(database.url());
    let app = TestApp::spawn_on_with_clock(database, config, Arc::new(clock.clone())).await;
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
    let token =
        Page::new(login.text().await.unwrap()).attrs("input[name=csrf_token]", "value")[0].clone();
    let planted = "session=AAAAAAAAAAAAAAAAAAAAAA";
    let response = client
        .post(app.url("/login"))
        .header(COOKIE, format!("{csrf_cookie}; {planted}"))
        .form(&[
            ("csrf_token", token.as_str()),
            ("email", "cycle@example.com"),
            ("password", PASSWORD),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 303);
    let first = session_set(&response).unwrap();
    assert_ne!(first, planted);

    // Signing in again, on the same session, gives it a new id and retires the old one.
    let token = Page::new(
        client
            .get(app.url("/login"))
            .header(COOKIE, format!("{csrf_cookie}; {first}"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap(),
    )
    .attrs("input[name=csrf_token]", "value")[0]
        .clone();
    let response = client
        .post(app.url("/login"))
        .header(COOKIE, format!("{csrf_cookie}; {first}"))
        .form(&[
            ("csrf_token", token.as_str()),
            ("email", "cycle@example.com"),
            ("password", PASSWORD),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 303);
    let second = session_set(&response).unwrap();
    assert_ne!(second, first);
    for (cookie, status) in [(&first, 302), (&second, 200)] {
        let response = client
            .get(app.url("/user/dashboard"))
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
    let database = TestDatabase::create(backend).await;
    let clock = ManualClock::new(chrono::Utc::now());
    let config = test_config(database.url());
    let app = TestApp::spawn_on_with_clock(database, config, Arc::new(clock.clone())).await;
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

on_both_stores!(
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
);
