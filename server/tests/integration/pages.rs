//! The GOV.UK page template and the skeleton's pages.
use app::site::services::SERVICES;

use std::time::Duration;

use crate::support::{Backend, TestApp};
use backends::on_both_stores;
use backends::testing::{eventually, RabbitNamespace, AMQP_URL};

async fn landing_page_lists_every_service_in_the_govuk_template(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let page = app.get_page("/", 200).await;

    assert_eq!(
        page.title(),
        "Digital public services – Digital public services – GOV.UK"
    );
    assert_eq!(page.attrs("html", "lang"), vec!["en"]);
    assert_eq!(page.attrs("html", "class"), vec!["govuk-template"]);
    assert_eq!(
        page.attrs("a.govuk-skip-link", "href"),
        vec!["#main-content"]
    );
    assert_eq!(page.count("header.govuk-template__header .govuk-header"), 1);
    assert_eq!(
        page.text(".govuk-service-navigation__service-name"),
        "Digital public services"
    );
    assert!(page
        .text(".govuk-phase-banner")
        .starts_with("Beta This is a new service."));
    // The feedback form, told which page it came from.
    assert_eq!(
        page.attrs(".govuk-phase-banner a", "href"),
        vec!["/send-feedback?from=%2F"]
    );
    assert_eq!(page.count("main#main-content.govuk-main-wrapper"), 1);
    assert_eq!(
        page.attrs(".govuk-footer__inline-list a", "href"),
        vec!["/cookies", "/accessibility"]
    );
    assert!(page
        .text(".govuk-footer__licence-description")
        .contains("Open Government Licence v3.0"));
    assert_eq!(
        page.text(".govuk-footer__copyright-logo"),
        "© Crown copyright"
    );
    // The template's script that turns on GOV.UK's JS-enhanced styles, with the CSP nonce.
    assert!(page.html.contains("govuk-frontend-supported"));

    let services = page.texts("[data-testid=services] h3");
    assert_eq!(services.len(), SERVICES.len());
    for (shown, service) in services.iter().zip(SERVICES) {
        assert!(
            shown.starts_with(service.name),
            "{shown:?} should name {:?}",
            service.name
        );
    }
}

async fn cookies_and_accessibility_pages_render(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let cookies = app.get_page("/cookies", 200).await;
    assert_eq!(cookies.text("h1"), "Cookies");
    assert_eq!(
        cookies.title(),
        "Cookies – Digital public services – GOV.UK"
    );
    let accessibility = app.get_page("/accessibility", 200).await;
    assert_eq!(
        accessibility.text("h1"),
        "Accessibility statement for Digital public services"
    );
    assert_eq!(
        accessibility.title(),
        "Accessibility statement – Digital public services – GOV.UK"
    );
}

async fn unknown_url_gets_the_govuk_404_page(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    for path in ["/no-such-page", "/lpa/does/not/exist?x=1"] {
        let page = app.get_page(path, 404).await;
        assert_eq!(page.text("h1"), "Page not found");
        assert_eq!(
            page.title(),
            "Page not found – Digital public services – GOV.UK"
        );
        // Still the whole template around it.
        assert_eq!(page.count(".govuk-footer"), 1);
    }
}

async fn failure_gets_the_govuk_500_page_with_the_request_id_and_no_cause(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    for path in ["/__dev/fail", "/__dev/panic"] {
        let response = app.get(path).await;
        assert_eq!(response.status().as_u16(), 500, "{path}");
        let request_id = response.headers()["x-request-id"]
            .to_str()
            .unwrap()
            .to_owned();
        let page = crate::support::Page::new(response.text().await.unwrap());
        assert_eq!(
            page.text("h1"),
            "Sorry, there is a problem with the service"
        );
        assert_eq!(page.text("[data-testid=request-id]"), request_id);
        assert!(
            !page.html.contains("deliberate"),
            "the cause must never be shown"
        );
        // An error page is not hydrated: nothing there to make live, and a broken app should not run.
        assert!(
            !page.html.contains("modulepreload"),
            "no hydration scripts on error pages"
        );
    }
}

async fn failure_routes_do_not_exist_in_production(backend: Backend) {
    let app = TestApp::spawn_with(backend, |config| {
        crate::support::make_production(config);
    })
    .await;
    app.get_page("/__dev/fail", 404).await;
}

async fn system_message_set_in_the_store_shows_on_every_page(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    assert_eq!(
        app.get_page("/", 200)
            .await
            .count(".govuk-notification-banner"),
        0
    );

    let store = &app.state.services.system_message;
    store
        .set(Some(
            "The service will be unavailable on Sunday from 8am to 10am.",
        ))
        .await
        .unwrap();
    for path in ["/", "/cookies", "/no-such-page"] {
        let page = app
            .get_page(path, if path == "/no-such-page" { 404 } else { 200 })
            .await;
        assert_eq!(
            page.text(".govuk-notification-banner__heading"),
            "The service will be unavailable on Sunday from 8am to 10am.",
            "{path}"
        );
    }

    store.set(None).await.unwrap();
    assert_eq!(
        app.get_page("/", 200)
            .await
            .count(".govuk-notification-banner"),
        0
    );
}

/// The banner's message is kept in memory while the instance hears about changes: a row written
/// behind the service's back (no announcement) is not read until the kept one is forgotten; a
/// change through the service shows at once.
async fn system_message_is_kept_in_memory_until_a_change_is_announced(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let service = &app.state.services.system_message;
    eventually(Duration::from_secs(5), "listening for changes", || async {
        service.is_listening().then_some(())
    })
    .await;
    service.set(Some("First message")).await.unwrap();
    let banner = ".govuk-notification-banner__heading";
    assert_eq!(app.get_page("/", 200).await.text(banner), "First message");
    app::system_message::SystemMessages::of(&app.state.backends)
        .set(Some("Written behind its back"))
        .await
        .unwrap();
    assert_eq!(
        app.get_page("/cookies", 200).await.text(banner),
        "First message",
        "the kept message, not a table read"
    );
    service.set(Some("Second message")).await.unwrap();
    assert_eq!(app.get_page("/", 200).await.text(banner), "Second message");
    service.set(None).await.unwrap();
    assert_eq!(app.get_page("/", 200).await.count(banner), 0);
}

/// Two instances on PostgreSQL and RabbitMQ: a change made through one is announced to the
/// other, which forgets the message it kept.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rabbitmq_a_system_message_changed_on_one_instance_shows_on_another() {
    let namespace = RabbitNamespace::new();
    let database = crate::support::TestDatabase::create(Backend::Postgres).await;
    let mut config = crate::support::test_config(database.url());
    config.amqp_url = Some(AMQP_URL.to_owned());
    config.amqp_namespace = namespace.name.clone();
    let a = TestApp::spawn_on(database, config).await;
    let b = a.another_instance().await;
    for instance in [&a, &b] {
        let service = &instance.state.services.system_message;
        eventually(Duration::from_secs(10), "listening for changes", || async {
            service.is_listening().then_some(())
        })
        .await;
    }
    let banner = ".govuk-notification-banner__heading";
    // B keeps "no message".
    assert_eq!(b.get_page("/", 200).await.count(banner), 0);
    a.state
        .services
        .system_message
        .set(Some("Planned maintenance on Sunday"))
        .await
        .unwrap();
    eventually(Duration::from_secs(10), "the message on B", || async {
        // `texts`, not `text`: until the announcement arrives there is no banner at all.
        (b.get_page("/", 200).await.texts(banner) == ["Planned maintenance on Sunday"])
            .then_some(())
    })
    .await;
    a.state.services.system_message.set(None).await.unwrap();
    eventually(
        Duration::from_secs(10),
        "the message gone from B",
        || async { (b.get_page("/", 200).await.count(banner) == 0).then_some(()) },
    )
    .await;
}

async fn system_message_text_is_escaped(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    app.state
        .services
        .system_message
        .set(Some("<script>alert(1)</script>"))
        .await
        .unwrap();
    let page = app.get_page("/", 200).await;
    assert_eq!(
        page.text(".govuk-notification-banner__heading"),
        "<script>alert(1)</script>"
    );
    assert!(!page.html.contains("<script>alert(1)"));
}

/// Many requests at once move each render between worker threads: form pages (whose titles come
/// from the form's state) must still render whole. A title read outside the render's reactive
/// arena once made an odd one of these a 500.
async fn form_pages_render_under_concurrent_load(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let requests = (0..200).map(|n| {
        let path = [
            "/login",
            "/signup",
            "/forgot-password",
            "/signup/resend-email",
        ][n % 4];
        let request = app.client.get(app.url(path)).send();
        async move {
            (
                path,
                request.await.map(|response| response.status().as_u16()),
            )
        }
    });
    for (path, status) in futures::future::join_all(requests).await {
        assert_eq!(status.unwrap(), 200, "GET {path}");
    }
}

on_both_stores!(
    form_pages_render_under_concurrent_load,
    landing_page_lists_every_service_in_the_govuk_template,
    cookies_and_accessibility_pages_render,
    unknown_url_gets_the_govuk_404_page,
    failure_gets_the_govuk_500_page_with_the_request_id_and_no_cause,
    failure_routes_do_not_exist_in_production,
    system_message_set_in_the_store_shows_on_every_page,
    system_message_is_kept_in_memory_until_a_change_is_announced,
    system_message_text_is_escaped,
);
