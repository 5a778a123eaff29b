//! The account journey on the production services this machine runs: mail delivered through a
//! real SMTP server (aiosmtpd), and sessions in Redis shared by two instances of the app.
use app::account::server::Role;
use backends::on_both_stores;
use backends::testing::SmtpServer;
use reqwest::header::LOCATION;

use crate::accounts::{change_password, create_account, link_in, sign_in, PASSWORD};
use crate::support::{Backend, TestApp};

fn redis_url() -> String {
    std::env::var("TEST_REDIS_URL").unwrap_or_else(|_| "redis://127.0.0.1:6379".to_owned())
}

async fn account_mail_is_delivered_through_smtp(backend: Backend) {
    let smtp = SmtpServer::start();
    let app = TestApp::spawn_with(backend, |config| {
        config.smtp_url = Some(format!("smtp://{}", smtp.address));
    })
    .await;
    assert_eq!(app.state.backends.mail.kind(), "smtp");

    let response = app
        .post_form(
            "/signup",
            &[
                ("email", "smtp.person@example.com"),
                ("password", PASSWORD),
                ("password_confirm", PASSWORD),
                ("terms", "accepted"),
            ],
        )
        .await;
    assert_eq!(response.status(), 303);

    let received = smtp.wait_for(1).await;
    let mail = &received[0];
    assert_eq!(mail.envelope_recipient, "smtp.person@example.com");
    assert_eq!(mail.subject, "Confirm your email address");
    assert_eq!(mail.from, app.state.config.mail_from);
    let outbox = backends::mail::OutboxMailer::new(
        app.state.backends.store.as_ref(),
        app.state.backends.clock.clone(),
    );
    assert!(
        outbox
            .for_recipient("smtp.person@example.com", 10)
            .await
            .unwrap()
            .is_empty(),
        "with SMTP configured nothing goes to the outbox"
    );

    // The link as the person's mail client shows it works, once.
    let link = link_in(&mail.body, "/signup/confirm/");
    let page = app.get_page(&link, 200).await;
    assert_eq!(page.text("h1"), "Your email address is confirmed");
    let response = sign_in(&app, "smtp.person@example.com", PASSWORD).await;
    assert_eq!(response.headers()[LOCATION], "/user/about-you/new");

    // A reset link goes the same way.
    let response = app
        .post_form("/forgot-password", &[("email", "smtp.person@example.com")])
        .await;
    assert_eq!(response.status(), 303);
    let received = smtp.wait_for(2).await;
    let reset = received
        .iter()
        .find(|mail| mail.subject != "Confirm your email address")
        .expect("the reset mail");
    assert!(
        reset.body.contains("/forgot-password/reset/"),
        "{}",
        reset.body
    );
}

on_both_stores!(account_mail_is_delivered_through_smtp);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn on_redis_a_signed_in_session_spans_two_instances_until_it_ends() {
    let a = TestApp::spawn_with(Backend::Postgres, |config| {
        config.redis_url = Some(redis_url());
    })
    .await;
    assert_eq!(a.state.backends.sessions.kind(), "redis");
    let b = a.another_instance().await;
    create_account(&a, "redis.person@example.com", Role::Citizen).await;

    // Signed in on A, the same browser is signed in on B.
    let response = sign_in(&a, "redis.person@example.com", PASSWORD).await;
    assert_eq!(response.headers()[LOCATION], "/user/dashboard");
    let on_b = a.via(&b);
    let page = on_b.get_page("/user/account", 200).await;
    assert_eq!(
        page.text("[data-testid=signed-in-as]"),
        "redis.person@example.com"
    );

    // A second device, signed in on B; a form posted through B with the session's CSRF token
    // changes the password, and the second device's session ends on both instances.
    let other = b.new_browser();
    sign_in(&other, "redis.person@example.com", PASSWORD).await;
    other.get_page("/user/dashboard", 200).await;
    let response = change_password(&on_b, PASSWORD).await;
    assert_eq!(response.status(), 303);
    for instance in [&a, &b] {
        let response = other
            .via(instance)
            .no_redirect
            .get(instance.url("/user/dashboard"))
            .send()
            .await
            .unwrap();
        assert_eq!(
            response.status(),
            302,
            "the other device's session has ended"
        );
    }
    a.get_page("/user/dashboard", 200).await;

    // Signing out on B ends the session on A too.
    let response = on_b
        .no_redirect
        .get(b.url("/logout"))
        .header("sec-fetch-site", "same-origin")
        .send()
        .await
        .unwrap();
    assert_eq!(response.headers()[LOCATION], "/signed-out");
    let response = a
        .no_redirect
        .get(a.url("/user/dashboard"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 302);
    assert_eq!(
        response.headers()[LOCATION],
        "/login?next=%2Fuser%2Fdashboard"
    );
}
