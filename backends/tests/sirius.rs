//! The Sirius gateway client against `sirius-gateway-fake` over real HTTP, signed with SigV4 and
//! checked by the fake: every status and date read, 404 and 410, 5xx with and without retries, a
//! timeout, refusals, garbage, the circuit opening and closing on the app's clock, and the cache
//! (one call for a burst, the gateway's `Age` honoured).

use std::sync::Arc;
use std::time::Duration;

use backends::clock::{ManualClock, SharedClock};
use backends::sirius::{
    online_tool_id, GatewayError, GatewaySettings, Lookup, SiriusGateway, SiriusStatus,
    StatusGateway,
};
use chrono::{NaiveDate, Utc};
use sirius_gateway_fake::{Answer, FakeGatewayConfig, LpaRecord, RunningGateway};

async fn fake() -> RunningGateway {
    sirius_gateway_fake::spawn(FakeGatewayConfig::default())
        .await
        .expect("the fake starts")
}

fn settings(fake: &RunningGateway) -> GatewaySettings {
    let config = fake.config();
    GatewaySettings {
        access_key: Some((
            config.access_key_id.clone(),
            config.secret_access_key.clone(),
        )),
        attempt_timeout: Duration::from_millis(500),
        first_backoff: Duration::from_millis(1),
        ..GatewaySettings::new(fake.base_url(), &config.region)
    }
}

async fn client_with(settings: GatewaySettings, clock: SharedClock) -> SiriusGateway {
    SiriusGateway::new(settings, clock).await.expect("a client")
}

async fn client(fake: &RunningGateway) -> SiriusGateway {
    client_with(settings(fake), Arc::new(ManualClock::new(Utc::now()))).await
}

fn date(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

#[tokio::test]
async fn every_status_and_its_dates_are_read_as_the_gateway_sends_them() {
    let fake = fake().await;
    let client = client(&fake).await;
    for (n, status) in SiriusStatus::ALL.into_iter().enumerate() {
        let id = 7_000 + n as u64;
        fake.answer(
            &online_tool_id(id),
            vec![Answer::lpa(LpaRecord {
                status_date: Some("2026-03-04".to_owned()),
                receipt_date: Some("2026-02-01".to_owned()),
                dispatch_date: Some("2026-03-05".to_owned()),
                ..LpaRecord::with_status(status.as_str())
            })],
        );
        let Lookup::Found(record) = client.lookup(id).await.expect("found") else {
            panic!("{status:?} was not found");
        };
        assert_eq!(record.status, status);
        assert_eq!(record.online_lpa_id, online_tool_id(id));
        assert_eq!(record.status_date, Some(date("2026-03-04")));
        assert_eq!(record.receipt_date, Some(date("2026-02-01")));
        assert_eq!(record.dispatch_date, Some(date("2026-03-05")));
        assert_eq!(record.registration_date, None);
    }
}

#[tokio::test]
async fn not_received_and_deleted_are_answers_not_failures() {
    let fake = fake().await;
    let client = client(&fake).await;
    assert_eq!(
        client.lookup(1).await,
        Ok(Lookup::NotReceived),
        "told nothing: 404"
    );
    fake.answer(&online_tool_id(2), vec![Answer::status(410)]);
    assert_eq!(client.lookup(2).await, Ok(Lookup::Deleted));
    assert!(!client.is_failing_fast());
}

#[tokio::test]
async fn bad_gateway_and_timeouts_are_retried_with_back_off() {
    let fake = fake().await;
    let client = client(&fake).await;
    let pending = Answer::lpa(LpaRecord::with_status("Pending"));
    fake.answer(
        &online_tool_id(3),
        vec![Answer::status(502), Answer::status(504), pending.clone()],
    );
    assert!(matches!(client.lookup(3).await, Ok(Lookup::Found(_))));
    assert_eq!(fake.calls(&online_tool_id(3)), 3);

    fake.answer(
        &online_tool_id(4),
        vec![Answer::status(503), pending.clone().delayed(2_000), pending],
    );
    assert!(
        matches!(client.lookup(4).await, Ok(Lookup::Found(_))),
        "a slow answer is given up and asked again"
    );
    assert_eq!(fake.calls(&online_tool_id(4)), 3);

    fake.answer(&online_tool_id(5), vec![Answer::status(504)]);
    assert!(matches!(
        client.lookup(5).await,
        Err(GatewayError::Unavailable(_))
    ));
    assert_eq!(
        fake.calls(&online_tool_id(5)),
        3,
        "the first try and two retries"
    );
}

#[tokio::test]
async fn an_internal_error_is_a_failure_without_retries() {
    let fake = fake().await;
    let client = client(&fake).await;
    fake.answer(&online_tool_id(6), vec![Answer::status(500)]);
    assert!(matches!(
        client.lookup(6).await,
        Err(GatewayError::Unavailable(_))
    ));
    assert_eq!(fake.calls(&online_tool_id(6)), 1);
}

#[tokio::test]
async fn a_request_signed_with_the_wrong_key_is_refused() {
    let fake = fake().await;
    let wrong = GatewaySettings {
        access_key: Some((
            fake.config().access_key_id.clone(),
            "not the secret".to_owned(),
        )),
        ..settings(&fake)
    };
    let client = client_with(wrong, Arc::new(ManualClock::new(Utc::now()))).await;
    let Err(GatewayError::Refused { status, body }) = client.lookup(8).await else {
        panic!("a bad signature must be refused");
    };
    assert_eq!(status, 403);
    assert!(body.contains("OPGDATA-API-INVALID_SIGNATURE"), "{body}");
    assert_eq!(
        fake.calls(&online_tool_id(8)),
        0,
        "refused before it is looked up"
    );
}

#[tokio::test]
async fn garbage_and_someone_elses_record_are_bad_responses() {
    let fake = fake().await;
    let client = client(&fake).await;
    for (id, answer) in [
        (9, Answer::raw("<html>not json</html>")),
        (
            10,
            Answer::raw(r#"{"onlineLpaId":"A00000000010","status":"Lost in the post"}"#),
        ),
        (
            11,
            Answer::raw(
                r#"{"onlineLpaId":"A00000000099","status":"Pending","statusDate":null,"receiptDate":null,"registrationDate":null,"rejectedDate":null,"invalidDate":null,"withdrawnDate":null,"cancellationDate":null,"dispatchDate":null}"#,
            ),
        ),
    ] {
        fake.answer(&online_tool_id(id), vec![answer]);
        assert!(
            matches!(client.lookup(id).await, Err(GatewayError::BadResponse(_))),
            "LPA {id}"
        );
    }
}

#[tokio::test]
async fn the_circuit_opens_after_failures_in_a_row_and_closes_after_a_good_try() {
    let fake = fake().await;
    let clock = ManualClock::new(Utc::now());
    let client = client_with(
        GatewaySettings {
            retries: 0,
            failures_to_open: 3,
            ..settings(&fake)
        },
        Arc::new(clock.clone()),
    )
    .await;
    for id in 20..23 {
        fake.answer(&online_tool_id(id), vec![Answer::status(503)]);
        assert!(matches!(
            client.lookup(id).await,
            Err(GatewayError::Unavailable(_))
        ));
    }
    assert!(client.is_failing_fast());
    fake.answer(
        &online_tool_id(23),
        vec![Answer::lpa(LpaRecord::with_status("Perfect"))],
    );
    assert_eq!(client.lookup(23).await, Err(GatewayError::CircuitOpen));
    assert_eq!(fake.calls(&online_tool_id(23)), 0, "not asked while open");

    clock.advance(chrono::Duration::seconds(30));
    assert!(
        matches!(client.lookup(23).await, Ok(Lookup::Found(_))),
        "one try after 30 s"
    );
    assert!(!client.is_failing_fast());
    assert_eq!(client.lookup(24).await, Ok(Lookup::NotReceived));
}

#[tokio::test]
async fn a_burst_of_lookups_of_one_lpa_makes_one_call_and_its_answer_is_kept() {
    let fake = fake().await;
    let client = Arc::new(client(&fake).await);
    fake.answer(
        &online_tool_id(30),
        vec![Answer::lpa(LpaRecord::with_status("Pending")).delayed(100)],
    );
    let burst: Vec<_> = (0..20)
        .map(|_| {
            let client = client.clone();
            tokio::spawn(async move { client.lookup(30).await })
        })
        .collect();
    for lookup in burst {
        assert!(matches!(lookup.await.unwrap(), Ok(Lookup::Found(_))));
    }
    assert!(matches!(client.lookup(30).await, Ok(Lookup::Found(_))));
    assert_eq!(fake.calls(&online_tool_id(30)), 1);
}

#[tokio::test]
async fn no_more_lookups_than_allowed_are_in_flight_at_once() {
    let fake = fake().await;
    let client = Arc::new(
        client_with(
            GatewaySettings {
                max_in_flight: 3,
                ..settings(&fake)
            },
            Arc::new(ManualClock::new(Utc::now())),
        )
        .await,
    );
    let ids: Vec<u64> = (60..70).collect();
    for id in &ids {
        fake.answer(
            &online_tool_id(*id),
            vec![Answer::lpa(LpaRecord::with_status("Pending")).delayed(100)],
        );
    }
    let lookups: Vec<_> = ids
        .iter()
        .map(|id| {
            let (client, id) = (client.clone(), *id);
            tokio::spawn(async move { client.lookup(id).await })
        })
        .collect();
    for lookup in lookups {
        assert!(matches!(lookup.await.unwrap(), Ok(Lookup::Found(_))));
    }
    assert_eq!(fake.most_at_once(), 3, "ten asked at once, three at a time");
}

#[tokio::test]
async fn an_answer_as_old_as_the_cache_time_is_not_kept() {
    let fake = fake().await;
    let client = client_with(
        GatewaySettings {
            cache_for: Duration::from_secs(60),
            ..settings(&fake)
        },
        Arc::new(ManualClock::new(Utc::now())),
    )
    .await;
    let pending = Answer::lpa(LpaRecord::with_status("Pending"));
    fake.answer(&online_tool_id(31), vec![pending.clone().aged(60)]);
    fake.answer(&online_tool_id(32), vec![pending.aged(59)]);
    for _ in 0..2 {
        client.lookup(31).await.unwrap();
        client.lookup(32).await.unwrap();
    }
    assert_eq!(
        fake.calls(&online_tool_id(31)),
        2,
        "a 60 s old copy is already stale"
    );
    assert_eq!(
        fake.calls(&online_tool_id(32)),
        1,
        "a 59 s old copy is kept for a second"
    );
}

#[tokio::test]
async fn failures_are_not_kept() {
    let fake = fake().await;
    let client = client(&fake).await;
    fake.answer(
        &online_tool_id(40),
        vec![
            Answer::status(500),
            Answer::lpa(LpaRecord::with_status("Pending")),
        ],
    );
    assert!(client.lookup(40).await.is_err());
    assert!(matches!(client.lookup(40).await, Ok(Lookup::Found(_))));
}

#[tokio::test]
async fn a_gateway_that_is_not_there_is_unavailable() {
    let address = backends::testing::unused_local_address();
    let client = client_with(
        GatewaySettings {
            access_key: Some(("id".to_owned(), "secret".to_owned())),
            first_backoff: Duration::from_millis(1),
            ..GatewaySettings::new(&format!("http://{address}"), "eu-west-1")
        },
        Arc::new(ManualClock::new(Utc::now())),
    )
    .await;
    assert!(matches!(
        client.lookup(50).await,
        Err(GatewayError::Unavailable(_))
    ));
}
