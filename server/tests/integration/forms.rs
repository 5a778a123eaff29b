//! The form pattern over HTTP: CSRF, 400 re-render with errors and input kept, POST/redirect/GET,
//! JSON answers for scripts, the cookie banner without JavaScript, the design-system demo form.
use reqwest::header::{ACCEPT, LOCATION, SET_COOKIE};
use serde_json::{json, Value};

use crate::support::{Backend, Page, TestApp};
use backends::on_both_stores;

async fn cookies_form_rejects_no_choice_then_saves_a_choice(backend: Backend) {
    let app = TestApp::spawn(backend).await;

    let response = app.post_form("/cookies", &[]).await;
    assert_eq!(response.status(), 400);
    let page = Page::new(response.text().await.unwrap());
    assert_eq!(
        page.title(),
        "Error: Cookies – Digital public services – GOV.UK"
    );
    assert_eq!(
        page.attrs(".govuk-error-summary__list a", "href"),
        vec!["#analytics"]
    );
    assert_eq!(
        page.text(".govuk-error-summary__list a"),
        "Select yes if you want to accept analytics cookies"
    );
    assert_eq!(page.count("#analytics-error.govuk-error-message"), 1);
    assert_eq!(page.count(".govuk-form-group--error input#analytics"), 1);

    let response = app.post_form("/cookies", &[("analytics", "yes")]).await;
    assert_eq!(response.status(), 303);
    assert_eq!(response.headers()[LOCATION], "/cookies?saved=true");
    let set_cookies: Vec<_> = response.headers().get_all(SET_COOKIE).iter().collect();
    assert!(
        set_cookies.iter().any(|c| c
            .to_str()
            .unwrap()
            .starts_with("cookies_policy=analytics:yes;")),
        "{set_cookies:?}"
    );

    let page = app.get_page("/cookies?saved=true", 200).await;
    assert_eq!(
        page.text(".govuk-notification-banner--success .govuk-notification-banner__heading"),
        "You’ve set your cookie preferences."
    );
    assert_eq!(
        page.attrs("input[name=analytics][checked]", "value"),
        vec!["yes"]
    );
}

async fn a_form_without_its_csrf_token_is_refused(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    app.get("/cookies").await;

    let forged = app
        .no_redirect
        .post(app.url("/cookies"))
        .form(&[
            ("analytics", "yes"),
            ("csrf_token", "x".repeat(43).as_str()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), 403);
    let page = Page::new(forged.text().await.unwrap());
    assert_eq!(page.text("h1"), "Sorry, there was a problem with your form");

    let token = app.csrf_token("/cookies").await;
    let cross_site = app
        .no_redirect
        .post(app.url("/cookies"))
        .header("origin", "https://evil.example")
        .form(&[("analytics", "yes"), ("csrf_token", token.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(cross_site.status(), 403);

    let fetch_from_elsewhere = app
        .no_redirect
        .post(app.url("/cookies"))
        .header("sec-fetch-site", "cross-site")
        .form(&[("analytics", "yes"), ("csrf_token", token.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(fetch_from_elsewhere.status(), 403);

    // What a browser sends under our no-referrer policy: accepted on the token.
    let same_site_form = app
        .no_redirect
        .post(app.url("/cookies"))
        .header("origin", "null")
        .header("sec-fetch-site", "same-origin")
        .form(&[("analytics", "yes"), ("csrf_token", token.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(same_site_form.status(), 303);
}

on_both_stores!(
    cookies_form_rejects_no_choice_then_saves_a_choice,
    a_form_without_its_csrf_token_is_refused
);

#[tokio::test]
async fn the_csrf_cookie_is_http_only_and_same_site_strict() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    let response = app.get("/cookies").await;
    let cookie = response
        .headers()
        .get_all(SET_COOKIE)
        .iter()
        .map(|c| c.to_str().unwrap().to_owned())
        .find(|c| c.starts_with("csrf="))
        .expect("a csrf cookie");
    assert!(cookie.contains("HttpOnly"), "{cookie}");
    assert!(cookie.contains("SameSite=Strict"), "{cookie}");
    let page = Page::new(response.text().await.unwrap());
    let token = page.attrs("meta[name=csrf-token]", "content");
    assert_eq!(token, page.attrs("form input[name=csrf_token]", "value"));
    assert_eq!(token[0].len(), 43);
}

#[tokio::test]
async fn scripts_get_json_errors_and_redirects() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    let token = app.csrf_token("/cookies").await;
    let send = |analytics: &'static str| {
        app.no_redirect
            .post(app.url("/cookies"))
            .header(ACCEPT, "application/json")
            .form(&[("analytics", analytics), ("csrf_token", token.as_str())])
            .send()
    };

    let invalid = send("perhaps").await.unwrap();
    assert_eq!(invalid.status(), 400);
    assert_eq!(
        invalid.json::<Value>().await.unwrap(),
        json!({ "errors": [{
            "field": "analytics",
            "message": "Select yes if you want to accept analytics cookies"
        }] })
    );

    let valid = send("no").await.unwrap();
    assert_eq!(valid.status(), 200);
    assert!(valid.headers()[SET_COOKIE]
        .to_str()
        .unwrap()
        .starts_with("cookies_policy=analytics:no;"));
    assert_eq!(
        valid.json::<Value>().await.unwrap(),
        json!({ "redirect": "/cookies?saved=true" })
    );
}

#[tokio::test]
async fn the_cookie_banner_works_without_javascript() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    let page = app.get_page("/accessibility", 200).await;
    assert_eq!(page.count(".govuk-cookie-banner"), 1);
    assert_eq!(
        page.attrs(".govuk-cookie-banner button[name=cookies]", "value"),
        vec!["accept", "reject"]
    );
    assert_eq!(
        page.attrs(
            "form:has(.govuk-cookie-banner) input[name=return_to]",
            "value"
        ),
        vec!["/accessibility"]
    );
    // Not on the cookies page, which asks the same question.
    assert_eq!(
        app.get_page("/cookies", 200)
            .await
            .count(".govuk-cookie-banner"),
        0
    );

    let response = app
        .post_form(
            "/cookie-banner",
            &[("cookies", "accept"), ("return_to", "/accessibility")],
        )
        .await;
    assert_eq!(response.status(), 303);
    assert_eq!(response.headers()[LOCATION], "/accessibility");

    let confirmed = app.get_page("/accessibility", 200).await;
    assert!(confirmed
        .text(".govuk-cookie-banner")
        .contains("You’ve accepted analytics cookies."));
    // Shown once: the next page has no banner, the choice being made.
    assert_eq!(
        app.get_page("/accessibility", 200)
            .await
            .count(".govuk-cookie-banner"),
        0
    );
}

#[tokio::test]
async fn the_cookie_banner_only_returns_to_pages_of_this_site() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    let response = app
        .post_form(
            "/cookie-banner",
            &[
                ("cookies", "reject"),
                ("return_to", "https://evil.example/"),
            ],
        )
        .await;
    assert_eq!(response.status(), 303);
    assert_eq!(response.headers()[LOCATION], "/");
}

#[tokio::test]
async fn the_demo_form_shows_every_error_and_keeps_what_was_typed() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    let response = app
        .post_form(
            "/design-system",
            &[
                ("full_name", "<script>alert(1)</script>"),
                ("email", "not-an-email"),
                ("dob-day", "31"),
                ("dob-month", "2"),
                ("dob-year", "2000"),
                ("interests", "lpa"),
                ("interests", "none"),
            ],
        )
        .await;
    assert_eq!(response.status(), 400);
    let page = Page::new(response.text().await.unwrap());
    assert!(page.title().starts_with("Error: "), "{}", page.title());
    assert_eq!(
        page.attrs(
            "main > .govuk-error-summary .govuk-error-summary__list a",
            "href"
        ),
        vec![
            "#email",
            "#description",
            "#dob-day",
            "#contact",
            "#interests",
            "#country",
            "#password",
            "#evidence",
            "#confirm"
        ]
    );
    assert_eq!(
        page.attrs("input#full-name", "value"),
        vec!["<script>alert(1)</script>"]
    );
    assert_eq!(page.attrs("input#email", "value"), vec!["not-an-email"]);
    assert_eq!(page.attrs("input#dob-day", "value"), vec!["31"]);
    assert_eq!(
        page.attrs("input[name=interests][checked]", "value"),
        vec!["lpa", "none"]
    );
    assert_eq!(page.count("form .govuk-error-message"), 9);
}

#[tokio::test]
async fn the_design_system_page_is_off_in_production() {
    let app = TestApp::spawn_with(Backend::Sqlite, |config| {
        crate::support::make_production(config);
    })
    .await;
    app.get_page("/design-system", 404).await;
    let response = app
        .no_redirect
        .post(app.url("/design-system"))
        .form(&[("full_name", "x")])
        .send()
        .await
        .unwrap();
    assert!(
        [404, 405].contains(&response.status().as_u16()),
        "{}",
        response.status()
    );
}

#[tokio::test]
async fn too_many_form_posts_from_one_address_get_the_too_many_attempts_page() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    let token = app.csrf_token("/cookies").await;
    let burst = server::http::rate_limit::FORMS.burst as usize;
    let mut statuses = Vec::new();
    // Sent back to back: the allowance refills one request every 2 seconds.
    for _ in 0..burst + 3 {
        let response = app
            .no_redirect
            .post(app.url("/cookies"))
            .form(&[("csrf_token", token.as_str()), ("analytics", "no")])
            .send()
            .await
            .unwrap();
        statuses.push(response.status().as_u16());
        if response.status().as_u16() == 429 {
            let retry_after: u64 = response.headers()["retry-after"]
                .to_str()
                .unwrap()
                .parse()
                .unwrap();
            assert!((1..=2).contains(&retry_after), "Retry-After {retry_after}");
            let page = Page::new(response.text().await.unwrap());
            assert_eq!(page.text("h1"), "Sorry, there have been too many attempts");
            break;
        }
    }
    let accepted = statuses.iter().filter(|&&s| s == 303).count();
    assert!(
        accepted >= burst - 1 && accepted <= burst + 1,
        "about {burst} accepted before the limit: {statuses:?}"
    );
    assert_eq!(statuses.last(), Some(&429), "{statuses:?}");
    // Reading pages is not limited.
    assert_eq!(app.get("/cookies").await.status().as_u16(), 200);
}
