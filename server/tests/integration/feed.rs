//! The message feed's API and websocket over HTTP (reference D), on the embedded backends with
//! SQLite and PostgreSQL, and across two instances on RabbitMQ and PostgreSQL.
use std::collections::HashSet;
use std::time::Duration;

use app::account::server::Role;
use app::feed::server::{FeedTokens, TokenName};
use backends::testing::{restart_broker, RabbitNamespace, AMQP_URL};
use futures::StreamExt;
use serde_json::{json, Value};
use tokio_tungstenite::tungstenite::Message;

use crate::support::{eventually, Backend, Browser, TestApp, TestDatabase};

const WAIT: Duration = Duration::from_secs(10);

async fn token(app: &TestApp, name: &str) -> String {
    FeedTokens::new(
        app.state.backends.store.as_ref(),
        app.state.backends.clock.clone(),
    )
    .create(&TokenName::new(name).unwrap())
    .await
    .unwrap()
}

async fn post(browser: &Browser, token: &str, body: impl Into<String>) -> reqwest::Response {
    browser
        .no_redirect
        .post(browser.url("/api/v1/messages/"))
        .bearer_auth(token)
        .header("content-type", "application/json")
        .body(body.into())
        .send()
        .await
        .expect("request")
}

async fn post_ok(browser: &Browser, token: &str, message: Value) {
    let response = post(browser, token, message.to_string()).await;
    assert_eq!(response.status(), 200, "{}", response.text().await.unwrap());
    assert_eq!(response.json::<Value>().await.unwrap(), json!({}));
}

async fn get_json(browser: &Browser, path: &str) -> (u16, Value) {
    let response = browser.get(path).await;
    let status = response.status().as_u16();
    (status, response.json().await.expect("a JSON body"))
}

/// The error envelope's description, checking its code is the status.
fn error_of(status: u16, body: &Value) -> String {
    assert_eq!(body["error"]["code"], status, "{body}");
    body["error"]["description"]
        .as_str()
        .expect("a description")
        .to_owned()
}

type Socket =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

async fn connect(browser: &Browser, query: &str) -> Socket {
    let url = format!("ws://{}/ws/v1/{query}", browser.addr);
    tokio_tungstenite::connect_async(url)
        .await
        .expect("websocket")
        .0
}

/// The next data frame, or `None` when the socket closed.
async fn next_frame(socket: &mut Socket) -> Option<Message> {
    let frame = tokio::time::timeout(WAIT, async {
        loop {
            match socket.next().await {
                Some(Ok(Message::Ping(_) | Message::Pong(_))) => continue,
                Some(Ok(Message::Close(_))) | None | Some(Err(_)) => return None,
                Some(Ok(frame)) => return Some(frame),
            }
        }
    })
    .await;
    frame.expect("a frame within the deadline")
}

/// The next enveloped message: (id, message).
async fn next_stored(socket: &mut Socket) -> (i64, Value) {
    match next_frame(socket).await {
        Some(Message::Text(text)) => {
            let envelope: Value = serde_json::from_str(&text).unwrap();
            assert!(envelope["inserted"].is_string(), "{envelope}");
            (
                envelope["id"].as_i64().unwrap(),
                envelope["message"].clone(),
            )
        }
        other => panic!("expected an enveloped message, got {other:?}"),
    }
}

async fn the_originals_behaviours_hold_over_http(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (status, empty) = get_json(&app, "/api/v1/messages/?offset=0&limit=10").await;
    assert_eq!(status, 200);
    assert_eq!(
        empty,
        json!({"paginationId": 0, "offset": 0, "limit": 10, "total": 0, "messages": []}),
        "the empty table's answer"
    );
    let token = token(&app, "original-tests").await;
    for i in 0..97 {
        post_ok(&app, &token, json!({ "i": i })).await;
    }
    let (status, first) = get_json(&app, "/api/v1/messages/?offset=0&limit=10").await;
    assert_eq!(status, 200);
    assert_eq!(first["paginationId"], 97);
    assert_eq!(first["total"], 97);
    assert_eq!(first["offset"], 0);
    assert_eq!(first["limit"], 10);
    let numbers: Vec<i64> = first["messages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["i"].as_i64().unwrap())
        .collect();
    assert_eq!(numbers, (87..=96).rev().collect::<Vec<_>>());

    let (_, capped) = get_json(&app, "/api/v1/messages?offset=0&limit=200").await;
    assert_eq!(capped["limit"], 100, "limit 200 is capped to 100");
    assert_eq!(capped["messages"].as_array().unwrap().len(), 97);

    let (_, frozen) = get_json(&app, "/api/v1/messages/?offset=90&limit=10&paginationId=50").await;
    assert_eq!(frozen["total"], 50);
    assert_eq!(frozen["messages"], json!([]));
    let (_, last) = get_json(&app, "/api/v1/messages/?offset=45&limit=10&paginationId=50").await;
    assert_eq!(
        last["messages"],
        json!([{"i": 4}, {"i": 3}, {"i": 2}, {"i": 1}, {"i": 0}])
    );
}

async fn a_message_is_kept_and_served_exactly_as_posted(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let token = token(&app, "exact").await;
    let sent = r#"{"zebra": 1, "apple": [1.50, 2e3], "nested": {"b": null, "a": "é"}}"#;
    assert_eq!(post(&app, &token, sent).await.status(), 200);
    let page = app
        .get("/api/v1/messages/?offset=0&limit=1")
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains(sent), "byte for byte in {page}");

    let (status, one) = get_json(&app, "/api/v1/messages/1").await;
    assert_eq!(status, 200);
    assert_eq!(one["id"], 1);
    assert!(one["inserted"].as_str().unwrap().ends_with('Z'), "{one}");
    assert_eq!(one["message"]["zebra"], 1);
    let (status, missing) = get_json(&app, "/api/v1/messages/2").await;
    assert_eq!(status, 404);
    assert!(error_of(404, &missing).contains("Not Found"));
}

async fn bad_input_gets_a_clear_error_in_the_envelope(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let token = token(&app, "errors").await;
    let refused = |response: reqwest::Response| async move {
        let status = response.status().as_u16();
        let body: Value = response.json().await.expect("a JSON error body");
        (status, error_of(status, &body))
    };

    let (status, description) = refused(post(&app, &token, "{not json").await).await;
    assert_eq!(status, 400);
    assert!(
        description.starts_with("Can not parse request body as JSON"),
        "{description}"
    );
    let (status, description) = refused(post(&app, &token, "[1, 2]").await).await;
    assert_eq!(status, 400);
    assert!(
        description.contains("array is not of type 'object'"),
        "{description}"
    );
    let (status, _) = refused(post(&app, &token, "").await).await;
    assert_eq!(status, 400);

    let big = format!("{{\"x\": \"{}\"}}", "a".repeat(70 * 1024));
    assert_eq!(refused(post(&app, &token, big).await).await.0, 413);

    let with_query = app
        .no_redirect
        .post(app.url("/api/v1/messages/?x=1"))
        .bearer_auth(&token)
        .body("{}")
        .send()
        .await
        .unwrap();
    assert_eq!(
        refused(with_query).await,
        (400, "No request arguments allowed".to_owned())
    );

    for (query, reason) in [
        ("limit=10", "'offset' is a required property"),
        ("offset=0&limit=ten", "'ten' does not match '^[0-9]+$'"),
        ("offset=0&limit=1&count=5", "'count' was unexpected"),
    ] {
        let (status, body) = get_json(&app, &format!("/api/v1/messages/?{query}")).await;
        assert_eq!(status, 400, "{query}");
        let description = error_of(400, &body);
        assert!(
            description.starts_with("Can not validate request arguments according to schema")
                && description.contains(reason),
            "{query}: {description}"
        );
    }
    let with_body = app
        .client
        .get(app.url("/api/v1/messages/?offset=0&limit=1"))
        .body("{}")
        .send()
        .await
        .unwrap();
    assert_eq!(
        refused(with_body).await,
        (400, "No request data allowed".to_owned())
    );

    let (status, body) = get_json(&app, "/api/v1/nothing-here").await;
    assert_eq!(
        (status, error_of(404, &body)),
        (404, "Not Found".to_owned())
    );
    let deleting = app
        .client
        .delete(app.url("/api/v1/messages/"))
        .send()
        .await
        .unwrap();
    assert_eq!(refused(deleting).await.0, 405);

    let anonymous = app
        .no_redirect
        .post(app.url("/api/v1/messages"))
        .body("{}")
        .send()
        .await
        .unwrap();
    assert_eq!(anonymous.status(), 401);
    assert!(anonymous.headers().contains_key("www-authenticate"));
    let (status, _) = refused(post(&app, "feed_not-a-real-token", "{}").await).await;
    assert_eq!(status, 401);

    let (status, body) = get_json(&app, "/ws/v1/?after=-3").await;
    assert_eq!(status, 400, "{body}");
    let plain = app.get("/ws/v1/").await;
    assert_eq!(plain.status(), 426, "a plain GET of the websocket");
    assert_eq!(plain.headers()["upgrade"], "websocket");
    assert_eq!(
        app.state.services.feed.messages.count().await.unwrap(),
        0,
        "nothing refused was stored"
    );
}

async fn a_signed_in_user_posts_with_the_pages_csrf_token(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    crate::accounts::create_account(&app, "poster@example.com", Role::Citizen).await;
    let signed_in =
        crate::accounts::sign_in(&app, "poster@example.com", crate::accounts::PASSWORD).await;
    assert_eq!(signed_in.status(), 303);
    let without_token = app
        .no_redirect
        .post(app.url("/api/v1/messages/"))
        .body(r#"{"from": "page"}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(without_token.status(), 403);
    let csrf = app.csrf_token("/user/change-password").await;
    let with_token = app
        .no_redirect
        .post(app.url("/api/v1/messages/"))
        .header("x-csrf-token", csrf)
        .body(r#"{"from": "page"}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(with_token.status(), 200);
    assert_eq!(app.state.services.feed.messages.count().await.unwrap(), 1);
}

async fn paging_while_messages_arrive_shows_each_once(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let token = token(&app, "paging").await;
    for n in 0..25 {
        post_ok(&app, &token, json!({ "n": n })).await;
    }
    let mut seen = Vec::new();
    let mut offset = 0;
    let mut pagination_id = None;
    let mut newcomer = 100;
    loop {
        let query = match pagination_id {
            Some(id) => format!("offset={offset}&limit=10&paginationId={id}"),
            None => format!("offset={offset}&limit=10"),
        };
        let (_, page) = get_json(&app, &format!("/api/v1/messages/?{query}")).await;
        pagination_id = Some(page["paginationId"].as_i64().unwrap());
        for message in page["messages"].as_array().unwrap() {
            seen.push(message["n"].as_i64().unwrap());
        }
        // New messages arrive between pages.
        for _ in 0..4 {
            post_ok(&app, &token, json!({ "n": newcomer })).await;
            newcomer += 1;
        }
        offset += 10;
        if offset >= page["total"].as_u64().unwrap() {
            break;
        }
    }
    assert_eq!(
        seen,
        (0..25).rev().collect::<Vec<_>>(),
        "every message of the frozen set once, newest first"
    );
}

async fn the_websocket_sends_each_message_as_posted_then_catches_up_after_a_reconnect(
    backend: Backend,
) {
    let app = TestApp::spawn(backend).await;
    let token = token(&app, "live").await;
    post_ok(&app, &token, json!({"before": "connecting"})).await;

    // As the original: one binary frame per message, the object exactly as posted.
    let mut raw = connect(&app, "").await;
    let sent = r#"{"b": 2, "a": 1}"#;
    assert_eq!(post(&app, &token, sent).await.status(), 200);
    match next_frame(&mut raw).await {
        Some(Message::Binary(bytes)) => assert_eq!(&bytes[..], sent.as_bytes()),
        other => panic!("expected a binary frame, got {other:?}"),
    }

    // With the envelope: ids, and after a reconnect exactly what was missed, then live ones.
    let mut live = connect(&app, "?envelope=true&after=0").await;
    let mut ids = Vec::new();
    for _ in 0..2 {
        ids.push(next_stored(&mut live).await.0);
    }
    assert_eq!(ids, [1, 2], "catches up from the table first");
    for n in 0..3 {
        post_ok(&app, &token, json!({ "n": n })).await;
        assert_eq!(next_stored(&mut live).await, (3 + n, json!({ "n": n })));
    }
    live.close(None).await.unwrap();
    drop(live);
    for n in 3..8 {
        post_ok(&app, &token, json!({ "n": n })).await;
    }
    let mut back = connect(&app, "?envelope=true&after=5").await;
    for n in 3..8 {
        assert_eq!(next_stored(&mut back).await, (3 + n, json!({ "n": n })));
    }
    post_ok(&app, &token, json!({ "n": 8 })).await;
    assert_eq!(next_stored(&mut back).await, (11, json!({ "n": 8 })));
}

async fn posts_beyond_the_allowance_get_429(backend: Backend) {
    let app = TestApp::spawn_with(backend, |config| {
        config.feed_posts_burst = 3;
        config.feed_posts_per_second = 1;
    })
    .await;
    let token = token(&app, "limited").await;
    let mut statuses = Vec::new();
    for _ in 0..5 {
        let response = post(&app, &token, "{}").await;
        statuses.push(response.status().as_u16());
        if response.status() == 429 {
            assert!(response.headers().contains_key("retry-after"));
            let body: Value = response.json().await.unwrap();
            assert!(error_of(429, &body).starts_with("Too many requests"));
        }
    }
    assert_eq!(statuses, [200, 200, 200, 429, 429]);
    let (status, _) = get_json(&app, "/api/v1/messages/?offset=0&limit=1").await;
    assert_eq!(status, 200, "reading has its own allowance");
}

/// A client that stops reading is dropped; the others keep getting every message.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_websocket_client_that_stops_reading_is_dropped_not_buffered() {
    let app = TestApp::spawn_with(Backend::Sqlite, |config| {
        config.feed_posts_burst = 100_000;
        config.feed_posts_per_second = 100_000;
    })
    .await;
    let token = token(&app, "slow").await;
    let mut stalled = connect(&app, "?envelope=true").await;
    let mut reader = connect(&app, "?envelope=true").await;
    post_ok(&app, &token, json!({ "n": -1 })).await;
    assert_eq!(
        next_stored(&mut stalled).await.0,
        1,
        "both sockets are live"
    );
    assert_eq!(next_stored(&mut reader).await.0, 1);

    // Far more than the socket buffers, the send buffer and the 1024-message channel hold.
    let filler = "x".repeat(8 * 1024);
    let total = 2_000;
    let posting = {
        let browser = app.new_browser();
        let token = token.clone();
        let filler = filler.clone();
        tokio::spawn(async move {
            for n in 0..total {
                let body = json!({ "n": n, "filler": filler }).to_string();
                assert_eq!(post(&browser, &token, body).await.status(), 200);
            }
        })
    };
    // The reading client gets every message, in order, while the other one reads nothing.
    for n in 0..total {
        let (_, message) = next_stored(&mut reader).await;
        assert_eq!(message["n"], n);
    }
    posting.await.unwrap();

    // The stalled client now reads: the server gave up on it long before the end.
    let mut got = 0;
    let ended = tokio::time::timeout(Duration::from_secs(30), async {
        loop {
            match stalled.next().await {
                Some(Ok(Message::Text(_))) => got += 1,
                Some(Ok(Message::Close(frame))) => return frame.map(|f| u16::from(f.code)),
                Some(Ok(_)) => {}
                None | Some(Err(_)) => return None,
            }
        }
    })
    .await
    .expect("the stalled connection ends");
    assert!(got < total, "dropped after {got} of {total} messages");
    if let Some(code) = ended {
        assert_eq!(code, 1013, "closed with 'try again later'");
    }
}

/// The store writer's batch: ids rise in the batch's order, and a redelivered batch (the same
/// keys, mixed with new ones) makes no second row.
async fn a_redelivered_batch_makes_no_second_row(backend: Backend) {
    use app::feed::server::{MessageBody, PostedMessage};
    let app = TestApp::spawn(backend).await;
    let feed = &app.state.services.feed.messages;
    let message = |n: i64| {
        PostedMessage::new(MessageBody::parse(json!({ "n": n }).to_string().as_bytes()).unwrap())
    };
    let first: Vec<PostedMessage> = (0..3).map(message).collect();
    let stored = feed.store_batch(&first).await.unwrap();
    let ids: Vec<i64> = stored.iter().map(|m| m.id).collect();
    assert_eq!(ids, [1, 2, 3]);
    let mut again = vec![message(3), first[1].clone()];
    again.extend(first.iter().cloned());
    let stored_again = feed.store_batch(&again).await.unwrap();
    let numbers: Vec<i64> = stored_again
        .iter()
        .map(|m| m.message.to_value()["n"].as_i64().unwrap())
        .collect();
    assert_eq!(
        numbers,
        [0, 1, 2, 3],
        "the old rows with their ids, then the new one"
    );
    assert_eq!(&stored_again[..3], &stored[..]);
    assert_eq!(feed.count().await.unwrap(), 4);
}

backends::on_both_stores!(
    a_redelivered_batch_makes_no_second_row,
    the_originals_behaviours_hold_over_http,
    a_message_is_kept_and_served_exactly_as_posted,
    bad_input_gets_a_clear_error_in_the_envelope,
    a_signed_in_user_posts_with_the_pages_csrf_token,
    paging_while_messages_arrive_shows_each_once,
    the_websocket_sends_each_message_as_posted_then_catches_up_after_a_reconnect,
    posts_beyond_the_allowance_get_429,
);

/// Two instances on PostgreSQL and the machine's RabbitMQ, in a namespace of the test's own.
async fn two_instances_on_rabbitmq(namespace: &RabbitNamespace) -> (TestApp, TestApp) {
    let database = TestDatabase::create(Backend::Postgres).await;
    let mut config = crate::support::test_config(database.url());
    config.amqp_url = Some(AMQP_URL.to_owned());
    config.amqp_namespace = namespace.name.clone();
    config.feed_posts_burst = 100_000;
    config.feed_posts_per_second = 100_000;
    let a = TestApp::spawn_on(database, config).await;
    let b = a.another_instance().await;
    (a, b)
}

/// What is stored: the `n` of every row, in id order.
async fn stored_numbers(app: &TestApp) -> Vec<i64> {
    let rows = app
        .state
        .services
        .feed
        .messages
        .after(0, None, 100_000)
        .await
        .unwrap();
    rows.iter()
        .map(|row| row.message.to_value()["n"].as_i64().unwrap())
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rabbitmq_a_message_posted_to_one_instance_reaches_a_websocket_on_another_and_is_stored_once(
) {
    let namespace = RabbitNamespace::new();
    let (a, b) = two_instances_on_rabbitmq(&namespace).await;
    assert_eq!(a.state.services.feed.intake.kind(), "rabbitmq");
    let token = token(&a, "two-instances").await;
    let mut on_b = connect(&b, "?envelope=true").await;
    // A message posted to B first proves the socket is subscribed before the test goes on.
    post_ok(&b, &token, json!({ "n": -1 })).await;
    assert_eq!(next_stored(&mut on_b).await.1, json!({ "n": -1 }));

    for n in 0..50 {
        post_ok(&a, &token, json!({ "n": n })).await;
    }
    let mut last_id = 1;
    for n in 0..50 {
        let (id, message) = next_stored(&mut on_b).await;
        assert_eq!(message, json!({ "n": n }), "in the order posted");
        assert!(id > last_id, "ids rise: {id} after {last_id}");
        last_id = id;
    }
    let stored = eventually(WAIT, "all 51 stored", || async {
        let stored = stored_numbers(&a).await;
        (stored.len() >= 51).then_some(stored)
    })
    .await;
    assert_eq!(
        stored,
        std::iter::once(-1).chain(0..50).collect::<Vec<_>>(),
        "each once"
    );

    // The client leaves, messages go on through A, and it comes back to A with the last id it
    // saw: exactly the ones it missed, in order, then live ones.
    drop(on_b);
    for n in 50..60 {
        post_ok(&a, &token, json!({ "n": n })).await;
    }
    let mut back = connect(&a, &format!("?envelope=true&after={last_id}")).await;
    for n in 50..60 {
        assert_eq!(next_stored(&mut back).await.1, json!({ "n": n }));
    }
    post_ok(&b, &token, json!({ "n": 60 })).await;
    assert_eq!(next_stored(&mut back).await.1, json!({ "n": 60 }));
    drop((a, b));
    namespace.remove().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rabbitmq_paging_on_one_instance_while_another_takes_posts_has_no_duplicate_or_gap() {
    let namespace = RabbitNamespace::new();
    let (a, b) = two_instances_on_rabbitmq(&namespace).await;
    let token = token(&a, "paging").await;
    for n in 0..30 {
        post_ok(&a, &token, json!({ "n": n })).await;
    }
    eventually(WAIT, "the first 30 stored", || async {
        (a.state.services.feed.messages.count().await.unwrap() >= 30).then_some(())
    })
    .await;
    let posting = {
        let browser = a.new_browser();
        let token = token.clone();
        tokio::spawn(async move {
            for n in 30..130 {
                post_ok(&browser, &token, json!({ "n": n })).await;
            }
        })
    };
    let (_, first) = get_json(&b, "/api/v1/messages/?offset=0&limit=7").await;
    let pagination_id = first["paginationId"].as_i64().unwrap();
    let total = first["total"].as_u64().unwrap();
    let mut seen: Vec<i64> = Vec::new();
    let mut offset = 0;
    while offset < total {
        let (_, page) = get_json(
            &b,
            &format!("/api/v1/messages/?offset={offset}&limit=7&paginationId={pagination_id}"),
        )
        .await;
        assert_eq!(
            page["total"].as_u64().unwrap(),
            total,
            "the set stays frozen"
        );
        seen.extend(
            page["messages"]
                .as_array()
                .unwrap()
                .iter()
                .map(|m| m["n"].as_i64().unwrap()),
        );
        offset += 7;
    }
    posting.await.unwrap();
    assert!(total >= 30, "{total}");
    let expected: Vec<i64> = (0..i64::try_from(total).unwrap()).rev().collect();
    assert_eq!(seen, expected, "newest first, none twice, none missing");
    drop((a, b));
    namespace.remove().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rabbitmq_restarted_mid_stream_loses_no_answered_message_and_sockets_catch_up() {
    let namespace = RabbitNamespace::new();
    let (a, b) = two_instances_on_rabbitmq(&namespace).await;
    let token = token(&a, "restart").await;

    // A client on B that reconnects with the last id it saw whenever its socket closes.
    let (received_tx, mut received) = tokio::sync::mpsc::unbounded_channel::<(i64, i64)>();
    let b_browser = b.new_browser();
    let client = tokio::spawn(async move {
        let mut last = 0;
        loop {
            let url = format!("ws://{}/ws/v1/?envelope=true&after={last}", b_browser.addr);
            let Ok((mut socket, _)) = tokio_tungstenite::connect_async(url).await else {
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            };
            while let Some(Ok(frame)) = socket.next().await {
                if let Message::Text(text) = frame {
                    let envelope: Value = serde_json::from_str(&text).unwrap();
                    last = envelope["id"].as_i64().unwrap();
                    let n = envelope["message"]["n"].as_i64().unwrap();
                    if received_tx.send((last, n)).is_err() {
                        return;
                    }
                }
            }
        }
    });

    // Posting goes on while the broker restarts: some posts fail (not answered), none answered
    // may be lost.
    let a_browser = a.new_browser();
    let poster_token = token.clone();
    let stop_posting = tokio_util::sync::CancellationToken::new();
    let stop = stop_posting.clone();
    let poster = tokio::spawn(async move {
        let mut answered = Vec::new();
        let mut n = 0;
        while !stop.is_cancelled() {
            let response = post(&a_browser, &poster_token, json!({ "n": n }).to_string()).await;
            if response.status() == 200 {
                answered.push(n);
            }
            n += 1;
        }
        (answered, n)
    });
    eventually(
        WAIT,
        "some messages delivered before the restart",
        || async { (a.state.services.feed.messages.count().await.unwrap() >= 20).then_some(()) },
    )
    .await;
    restart_broker().await;
    let after_restart = a.state.services.feed.messages.count().await.unwrap();
    eventually(
        Duration::from_secs(30),
        "messages flowing again after the restart",
        || async {
            (a.state.services.feed.messages.count().await.unwrap() >= after_restart + 20)
                .then_some(())
        },
    )
    .await;
    stop_posting.cancel();
    let (answered, tried) = poster.await.unwrap();
    assert!(
        answered.len() >= 40,
        "{} of {tried} answered",
        answered.len()
    );
    assert!(
        answered.len() < tried as usize,
        "some posts were refused while the broker was down, so it really restarted"
    );
    eprintln!(
        "{} of {tried} posts answered across the restart",
        answered.len()
    );

    let stored = eventually(
        Duration::from_secs(30),
        "every answered message stored",
        || async {
            let stored = stored_numbers(&a).await;
            let have: HashSet<i64> = stored.iter().copied().collect();
            answered.iter().all(|n| have.contains(n)).then_some(stored)
        },
    )
    .await;
    let distinct: HashSet<i64> = stored.iter().copied().collect();
    assert_eq!(distinct.len(), stored.len(), "no message stored twice");

    // The socket client got every stored message, each once, in id order.
    let mut got = Vec::new();
    let everything = stored.len();
    while got.len() < everything {
        let next = tokio::time::timeout(Duration::from_secs(30), received.recv())
            .await
            .expect("the live client keeps receiving")
            .expect("the client is running");
        got.push(next);
    }
    client.abort();
    let ids: Vec<i64> = got.iter().map(|(id, _)| *id).collect();
    let mut sorted = ids.clone();
    sorted.sort_unstable();
    sorted.dedup();
    assert_eq!(ids, sorted, "each id once, in order");
    let numbers: Vec<i64> = got.iter().map(|(_, n)| *n).collect();
    assert_eq!(numbers, stored, "the socket saw what the table holds");
    drop((a, b));
    namespace.remove().await;
}
