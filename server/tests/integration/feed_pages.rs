//! The feed's pages over HTTP, as a browser without JavaScript sees them: `/feed` (the newest
//! messages), `/feed/saved` (paging that never repeats a message) and `/feed/dev` (posting through
//! forms, reading as the API answers).
use app::account::server::Role;
use app::feed::server::{MessageBody, PostedMessage};
use reqwest::header::LOCATION;

use crate::accounts::{create_account, sign_in, PASSWORD};
use crate::support::{Backend, Page, TestApp};
use backends::on_both_stores;

/// Posts `{"n": from}` to `{"n": to - 1}` straight to the intake, in order.
async fn post_numbered(app: &TestApp, numbers: std::ops::Range<u32>) {
    for n in numbers {
        let body = MessageBody::parse(format!(r#"{{"n": {n}}}"#).as_bytes()).unwrap();
        app.state
            .services
            .feed
            .intake
            .accept(PostedMessage::new(body))
            .await
            .unwrap();
    }
}

/// The `n` of each message a page shows, in page order.
fn numbers_shown(page: &Page) -> Vec<u32> {
    page.texts("[data-testid=feed-message] pre")
        .iter()
        .map(|json| {
            serde_json::from_str::<serde_json::Value>(json).unwrap()["n"]
                .as_u64()
                .unwrap() as u32
        })
        .collect()
}

async fn signed_in(app: &TestApp) {
    create_account(app, "poster@example.com", Role::Citizen).await;
    let response = sign_in(app, "poster@example.com", PASSWORD).await;
    assert_eq!(response.status(), 303);
}

async fn the_live_page_shows_the_newest_thirty_and_counts_the_rest(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let empty = app.get_page("/feed", 200).await;
    assert_eq!(empty.text("h1"), "Messages as they arrive");
    assert_eq!(
        empty.title(),
        "Messages as they arrive – Digital public services – GOV.UK"
    );
    assert!(empty.html.contains("No messages have been posted yet."));
    assert_eq!(empty.count("[data-testid=feed-older]"), 0);

    post_numbered(&app, 0..35).await;
    let page = app.get_page("/feed", 200).await;
    let shown = numbers_shown(&page);
    assert_eq!(shown, (5..35).rev().collect::<Vec<_>>(), "newest first");
    let ids: Vec<i64> = page
        .attrs("[data-testid=feed-message]", "data-id")
        .iter()
        .map(|id| id.parse().unwrap())
        .collect();
    assert!(ids.windows(2).all(|w| w[0] > w[1]), "{ids:?}");
    assert_eq!(
        page.texts("[data-testid=feed-message] h2")[0],
        format!("Message {}", ids[0])
    );
    assert!(page.texts("[data-testid=feed-message] time")[0].ends_with("UTC"));
    // The posted text, indented.
    assert!(
        page.html.contains("{\n  &quot;n&quot;: 34\n}") || page.html.contains("{\n  \"n\": 34\n}")
    );
    assert_eq!(
        page.text("[data-testid=feed-older]"),
        "… and 5 older messages"
    );
    assert_eq!(
        page.attrs("[data-testid=feed-older] a", "href"),
        vec!["/feed/saved"]
    );
    // Without JavaScript: a link to load the page again.
    assert_eq!(
        page.attrs("[data-testid=feed-refresh] a", "href"),
        vec!["/feed"]
    );
}

async fn saved_pages_carry_the_pagination_id_so_none_shows_twice(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let empty = app.get_page("/feed/saved", 200).await;
    assert_eq!(empty.text("h1"), "Saved messages");
    assert!(empty.html.contains("No messages have been posted yet."));

    post_numbered(&app, 0..25).await;
    let first = app.get_page("/feed/saved", 200).await;
    assert_eq!(numbers_shown(&first), (15..25).rev().collect::<Vec<_>>());
    assert_eq!(
        first.text("[data-testid=showing]"),
        "Showing 1 to 10 of 25 messages"
    );
    let newest = app.state.services.feed.messages.newest_id().await.unwrap();
    assert!(first
        .text("[data-testid=pagination-id]")
        .contains(&format!("paginationId {newest}")));
    let next = first.attrs(".govuk-pagination__next a", "href");
    assert_eq!(
        next,
        vec![format!("/feed/saved?paginationId={newest}&offset=10")]
    );
    assert_eq!(first.count(".govuk-pagination__prev"), 0);
    assert_eq!(first.count(".govuk-pagination__item"), 3);

    // New messages arrive; the next page still follows on from the first.
    post_numbered(&app, 25..30).await;
    let second = app.get_page(&next[0], 200).await;
    assert_eq!(numbers_shown(&second), (5..15).rev().collect::<Vec<_>>());
    assert_eq!(
        second.text("[data-testid=showing]"),
        "Showing 11 to 20 of 25 messages"
    );
    assert!(second
        .text("[data-testid=newer-messages]")
        .starts_with("5 messages have arrived since"));
    assert_eq!(
        second.attrs(".govuk-pagination__prev a", "href"),
        vec![format!("/feed/saved?paginationId={newest}&offset=0")]
    );
    let third = app
        .get_page(&second.attrs(".govuk-pagination__next a", "href")[0], 200)
        .await;
    assert_eq!(numbers_shown(&third), (0..5).rev().collect::<Vec<_>>());
    assert_eq!(third.count(".govuk-pagination__next"), 0);

    // Without a paginationId the first page is the newest; bad values count as not given.
    let fresh = app
        .get_page("/feed/saved?paginationId=x&offset=-3", 200)
        .await;
    assert_eq!(numbers_shown(&fresh), (20..30).rev().collect::<Vec<_>>());
    let beyond = app
        .get_page(
            &format!("/feed/saved?paginationId={newest}&offset=500"),
            200,
        )
        .await;
    assert!(beyond.html.contains("There are no messages on this page."));
}

async fn the_dev_page_posts_one_message_for_someone_signed_in(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let page = app.get_page("/feed/dev", 200).await;
    assert_eq!(page.text("h1"), "Try the feed API");
    assert!(page.text("textarea[name=message]").contains("\"from\""));

    // Nobody signed in: sign in first, then come back.
    let anonymous = app
        .post_form("/feed/dev", &[("message", r#"{"a": 1}"#)])
        .await;
    assert_eq!(anonymous.status(), 303);
    assert_eq!(anonymous.headers()[LOCATION], "/login?next=%2Ffeed%2Fdev");
    let many = app.post_form("/feed/dev/post-100", &[]).await;
    assert_eq!(many.status(), 303);
    assert_eq!(
        many.headers()[LOCATION],
        "/login?next=%2Ffeed%2Fdev%2Fpost-100"
    );
    assert_eq!(app.state.services.feed.messages.count().await.unwrap(), 0);

    signed_in(&app).await;
    for (sent, error) in [
        ("", "Enter a message"),
        ("{\"a\":", "Enter a message in JSON format"),
        ("[1, 2]", "Enter a JSON object, in { }"),
    ] {
        let refused = app.post_form("/feed/dev", &[("message", sent)]).await;
        assert_eq!(refused.status(), 400, "{sent:?}");
        let page = Page::new(refused.text().await.unwrap());
        assert_eq!(page.text(".govuk-error-summary__list a"), error);
        assert_eq!(page.text("#message-error"), format!("Error: {error}"));
        assert!(page.title().starts_with("Error: Try the feed API"));
        assert_eq!(page.text("textarea[name=message]"), sent, "kept as sent");
    }
    assert_eq!(app.state.services.feed.messages.count().await.unwrap(), 0);

    let posted = app
        .post_form("/feed/dev", &[("message", " {\"b\": 2, \"a\": 1.50} ")])
        .await;
    assert_eq!(posted.status(), 303);
    assert_eq!(posted.headers()[LOCATION], "/feed/dev?posted=1");
    let stored = app
        .state
        .services
        .feed
        .messages
        .page(first_page())
        .await
        .unwrap();
    assert_eq!(stored.total, 1);
    assert_eq!(
        stored.messages[0].message.as_str(),
        "{\"b\": 2, \"a\": 1.50}"
    );
    let banner = app.get_page("/feed/dev?posted=1", 200).await;
    assert_eq!(
        banner.text(".govuk-notification-banner--success .govuk-notification-banner__heading"),
        "Message posted"
    );
    assert_eq!(banner.text("[data-testid=post-response]"), "{}");

    // Scripts get JSON.
    let token = app.csrf_token("/feed/dev").await;
    let scripted = app
        .no_redirect
        .post(app.url("/feed/dev"))
        .header("Accept", "application/json")
        .form(&[("csrf_token", token.as_str()), ("message", "[]")])
        .send()
        .await
        .unwrap();
    assert_eq!(scripted.status(), 400);
    let body: serde_json::Value = scripted.json().await.unwrap();
    assert_eq!(body["errors"][0]["message"], "Enter a JSON object, in { }");
}

fn first_page() -> app::feed::server::PageRequest {
    app::feed::server::PageRequest {
        offset: 0,
        limit: 100,
        pagination_id: None,
    }
}

async fn the_dev_page_posts_a_hundred_in_order(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    signed_in(&app).await;
    let posted = app.post_form("/feed/dev/post-100", &[]).await;
    assert_eq!(posted.status(), 303);
    assert_eq!(posted.headers()[LOCATION], "/feed/dev?posted=100");
    let stored = app
        .state
        .services
        .feed
        .messages
        .after(0, None, 200)
        .await
        .unwrap();
    let numbers: Vec<serde_json::Value> = stored.iter().map(|m| m.message.to_value()).collect();
    let expected: Vec<serde_json::Value> = (0..100)
        .map(|i| serde_json::json!({"multiple": true, "i": i}))
        .collect();
    assert_eq!(numbers, expected);
    let banner = app.get_page("/feed/dev?posted=100", 200).await;
    assert!(banner
        .text(".govuk-notification-banner--success")
        .contains("100 messages posted"));
    // Opening the form's own address shows the page.
    let opened = app
        .no_redirect
        .get(app.url("/feed/dev/post-100"))
        .send()
        .await
        .unwrap();
    assert_eq!(opened.headers()[LOCATION], "/feed/dev");
}

async fn the_dev_page_reads_as_the_api_answers(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let plain = app.get_page("/feed/dev", 200).await;
    assert_eq!(plain.count("[data-testid=api-response]"), 0);
    assert_eq!(plain.attrs("input[name=offset]", "value"), vec!["0"]);
    assert_eq!(plain.attrs("input[name=limit]", "value"), vec!["20"]);

    post_numbered(&app, 0..5).await;
    let newest = app.state.services.feed.messages.newest_id().await.unwrap();
    let page = app
        .get_page("/feed/dev?paginationId=&offset=1&limit=2", 200)
        .await;
    let json: serde_json::Value =
        serde_json::from_str(&page.text("[data-testid=api-response]")).unwrap();
    assert_eq!(
        json,
        serde_json::json!({
            "paginationId": newest,
            "offset": 1,
            "limit": 2,
            "total": 5,
            "messages": [{"n": 3}, {"n": 2}],
        })
    );
    assert_eq!(page.text("[data-testid=api-status]"), "200 OK");
    // The form shows what was asked.
    assert_eq!(page.attrs("input[name=offset]", "value"), vec!["1"]);
    assert_eq!(page.attrs("input[name=limit]", "value"), vec!["2"]);

    let refused = app.get_page("/feed/dev?offset=-1&limit=2", 200).await;
    let json: serde_json::Value =
        serde_json::from_str(&refused.text("[data-testid=api-response]")).unwrap();
    assert_eq!(
        json,
        serde_json::json!({"error": {
            "code": 400,
            "description": "Can not validate request arguments according to schema: '-1' does not match '^[0-9]+$'",
        }})
    );
    assert_eq!(refused.text("[data-testid=api-status]"), "400 Bad Request");
    // The page's answer is the API's own.
    let api: serde_json::Value = app
        .get("/api/v1/messages/?offset=-1&limit=2")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(api, json);
    let missing = app.get_page("/feed/dev?limit=2", 200).await;
    assert!(missing
        .text("[data-testid=api-response]")
        .contains("'offset' is a required property"));
}

on_both_stores!(
    the_live_page_shows_the_newest_thirty_and_counts_the_rest,
    saved_pages_carry_the_pagination_id_so_none_shows_twice,
    the_dev_page_posts_one_message_for_someone_signed_in,
    the_dev_page_posts_a_hundred_in_order,
    the_dev_page_reads_as_the_api_answers,
);
