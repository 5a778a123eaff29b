//! The GOV.UK Pay client against `govuk-pay-fake` over real HTTP (GOV.UK Pay asks services to
//! test against a stub, not its test accounts): creating, reading and finding payments, each way
//! a payer can end one on the fake's card page, and each way a call can fail.

use std::net::{Ipv4Addr, SocketAddr};
use std::time::Duration;

use axum::http::StatusCode as AxumStatus;
use axum::Router;
use backends::payments::{
    CreatePayment, GovUkPay, Payment, PaymentError, PaymentProvider, PaymentStatus,
};
use backends::testing::unused_local_address;
use govuk_pay_fake::RunningFake;
use reqwest::header::{CONTENT_TYPE, LOCATION};
use reqwest::StatusCode;

const API_KEY: &str = "backends-test-key";
const RETURN_URL: &str = "https://service.example/lpa/7000/paid";

async fn fake() -> RunningFake {
    govuk_pay_fake::spawn(API_KEY)
        .await
        .expect("the fake starts")
}

fn client(fake: &RunningFake) -> GovUkPay {
    GovUkPay::new(fake.base_url(), API_KEY).expect("a client")
}

fn request(reference: &str) -> CreatePayment {
    CreatePayment {
        amount_pence: 8200,
        reference: reference.to_owned(),
        description: "Lasting power of attorney application fee".to_owned(),
        return_url: RETURN_URL.to_owned(),
        email: Some("donor@example.com".to_owned()),
    }
}

/// A browser that shows redirects instead of following them.
fn browser() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

/// What a payer does on the payment page: opens `next_url`, then sends `form` to `action`
/// (relative to `next_url`) and is sent back to the service.
async fn on_payment_page(payment: &Payment, action: &str, form: &[(&str, &str)]) {
    let browser = browser();
    let next_url = payment.next_url.as_deref().expect("a payable payment");
    let page = browser.get(next_url).send().await.unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    let response = browser
        .post(format!("{next_url}{action}"))
        .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(serde_urlencoded::to_string(form).unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(response.headers()[LOCATION], RETURN_URL);
}

async fn pay_with(payment: &Payment, card_number: &str) {
    let form = [
        ("cardNo", card_number),
        ("expiryMonth", "12"),
        ("expiryYear", "2099"),
        ("cardholderName", "Sherlock Holmes"),
        ("cvc", "123"),
        ("email", "payer@example.com"),
    ];
    on_payment_page(payment, "", &form).await;
}

#[tokio::test]
async fn a_created_payment_is_read_back_with_its_next_url() {
    let fake = fake().await;
    let pay = client(&fake);
    let created = pay
        .create(request("LPA-7000-1001"), "lpa-7000-1001")
        .await
        .unwrap();
    assert_eq!(created.payment_id.len(), 26);
    assert_eq!(created.amount_pence, 8200);
    assert_eq!(created.reference, "LPA-7000-1001");
    assert_eq!(
        created.description,
        "Lasting power of attorney application fee"
    );
    assert_eq!(created.return_url, RETURN_URL);
    assert_eq!(created.email.as_deref(), Some("donor@example.com"));
    assert_eq!(created.state.status, PaymentStatus::Created);
    assert!(!created.state.is_finished() && !created.state.is_success());
    let next_url = created.next_url.as_deref().unwrap();
    assert!(
        next_url.starts_with(&format!("{}/secure/", fake.base_url())),
        "{next_url}"
    );

    assert_eq!(pay.get(&created.payment_id).await.unwrap(), created);
}

#[tokio::test]
async fn a_payment_without_an_email_address_is_made_without_one() {
    let fake = fake().await;
    let pay = client(&fake);
    let created = pay
        .create(
            CreatePayment {
                email: None,
                ..request("LPA-7000-1002")
            },
            "lpa-7000-1002",
        )
        .await
        .unwrap();
    assert_eq!(created.email, None);
}

#[tokio::test]
async fn the_same_idempotency_key_gives_the_same_payment_and_refuses_another_request() {
    let fake = fake().await;
    let pay = client(&fake);
    let first = pay
        .create(request("LPA-7000-1003"), "fee-7000-1003")
        .await
        .unwrap();
    let again = pay
        .create(request("LPA-7000-1003"), "fee-7000-1003")
        .await
        .unwrap();
    assert_eq!(again, first);

    let changed = CreatePayment {
        amount_pence: 4100,
        ..request("LPA-7000-1003")
    };
    match pay.create(changed, "fee-7000-1003").await {
        Err(PaymentError::Rejected { code, .. }) => assert_eq!(code, "P0191"),
        other => panic!("expected P0191, got {other:?}"),
    }
    let another = pay
        .create(request("LPA-7000-1003"), "fee-7000-1003-b")
        .await
        .unwrap();
    assert_ne!(another.payment_id, first.payment_id);
}

#[tokio::test]
async fn a_request_gov_uk_pay_refuses_is_rejected_with_its_code_and_description() {
    let fake = fake().await;
    let pay = client(&fake);
    let free = CreatePayment {
        amount_pence: 0,
        ..request("LPA-7000-1004")
    };
    match pay.create(free, "lpa-7000-1004").await {
        Err(error @ PaymentError::Rejected { .. }) => {
            assert!(!error.is_retryable());
            let PaymentError::Rejected { code, description } = error else {
                unreachable!()
            };
            assert_eq!(code, "P0102");
            assert!(
                description.starts_with("Invalid attribute value: amount."),
                "{description}"
            );
        }
        other => panic!("expected a rejection, got {other:?}"),
    }
    match pay.create(request("LPA-7000-1004"), "not a key!").await {
        Err(PaymentError::Rejected { code, description }) => {
            assert_eq!(code, "P0102");
            assert!(description.contains("Idempotency-Key"), "{description}");
        }
        other => panic!("expected a rejection, got {other:?}"),
    }
}

#[tokio::test]
async fn paying_on_the_card_page_makes_the_payment_a_success() {
    let fake = fake().await;
    let pay = client(&fake);
    let created = pay
        .create(request("LPA-7000-1005"), "lpa-7000-1005")
        .await
        .unwrap();
    pay_with(&created, "4444333322221111").await;

    let paid = pay.get(&created.payment_id).await.unwrap();
    assert_eq!(paid.state.status, PaymentStatus::Success);
    assert!(paid.state.is_success() && paid.state.is_finished());
    assert!(!paid.state.cancelled_by_user());
    assert_eq!((paid.state.code, paid.state.message), (None, None));
    assert_eq!(paid.email.as_deref(), Some("payer@example.com"));
    assert_eq!(paid.next_url, None, "a paid payment cannot be paid again");
}

#[tokio::test]
async fn cancelling_on_the_card_page_fails_the_payment_as_cancelled_by_the_user() {
    let fake = fake().await;
    let pay = client(&fake);
    let created = pay
        .create(request("LPA-7000-1006"), "lpa-7000-1006")
        .await
        .unwrap();
    on_payment_page(&created, "/cancel", &[]).await;

    let cancelled = pay.get(&created.payment_id).await.unwrap();
    assert_eq!(cancelled.state.status, PaymentStatus::Failed);
    assert!(cancelled.state.cancelled_by_user() && cancelled.state.is_finished());
    assert!(!cancelled.state.is_success());
    assert_eq!(cancelled.state.code.as_deref(), Some("P0030"));
    assert_eq!(
        cancelled.state.message.as_deref(),
        Some("Payment was cancelled by the user")
    );
}

#[tokio::test]
async fn a_declined_card_or_a_provider_error_finishes_the_payment_unpaid() {
    let fake = fake().await;
    let pay = client(&fake);
    for (card, status, code) in [
        ("4000000000000002", PaymentStatus::Failed, "P0010"),
        ("4000000000000119", PaymentStatus::Error, "P0050"),
    ] {
        let created = pay
            .create(request("LPA-7000-1007"), &format!("lpa-7000-1007-{card}"))
            .await
            .unwrap();
        pay_with(&created, card).await;
        let ended = pay.get(&created.payment_id).await.unwrap();
        assert_eq!(ended.state.status, status, "{card}");
        assert_eq!(ended.state.code.as_deref(), Some(code), "{card}");
        assert!(ended.state.is_finished() && !ended.state.is_success());
        assert!(!ended.state.cancelled_by_user());
    }
}

#[tokio::test]
async fn payments_are_found_by_reference() {
    let fake = fake().await;
    let pay = client(&fake);
    let first = pay
        .create(request("LPA-7000-1008"), "lpa-7000-1008-a")
        .await
        .unwrap();
    let second = pay
        .create(request("LPA-7000-1008"), "lpa-7000-1008-b")
        .await
        .unwrap();
    pay.create(request("LPA-7000-1009"), "lpa-7000-1009")
        .await
        .unwrap();
    pay_with(&second, "4242424242424242").await;

    let found = pay.find_by_reference("lpa-7000-1008").await.unwrap();
    let ids: Vec<&str> = found
        .iter()
        .map(|payment| payment.payment_id.as_str())
        .collect();
    assert_eq!(ids, [second.payment_id.as_str(), first.payment_id.as_str()]);
    assert!(found[0].state.is_success());
    assert!(pay.find_by_reference("LPA-0000").await.unwrap().is_empty());
}

#[tokio::test]
async fn an_unknown_payment_is_not_found() {
    let fake = fake().await;
    let pay = client(&fake);
    for payment_id in ["hu20sqlact5260q2nanm0q8u93", "../v1/payments", ""] {
        assert!(
            matches!(pay.get(payment_id).await, Err(PaymentError::NotFound)),
            "{payment_id:?}"
        );
    }
}

#[tokio::test]
async fn a_wrong_api_key_is_unauthorised() {
    let fake = fake().await;
    let pay = GovUkPay::new(fake.base_url(), "not-the-key").unwrap();
    assert!(matches!(
        pay.create(request("LPA-7000-1010"), "lpa-7000-1010").await,
        Err(PaymentError::Unauthorised)
    ));
    assert!(matches!(
        pay.get("hu20sqlact5260q2nanm0q8u93").await,
        Err(PaymentError::Unauthorised)
    ));
    assert!(matches!(
        pay.find_by_reference("LPA-7000-1010").await,
        Err(PaymentError::Unauthorised)
    ));
}

#[tokio::test]
async fn a_server_that_is_not_listening_is_unavailable_and_worth_retrying() {
    let pay = GovUkPay::new(&format!("http://{}", unused_local_address()), API_KEY).unwrap();
    match pay.get("hu20sqlact5260q2nanm0q8u93").await {
        Err(error @ PaymentError::Unavailable(_)) => assert!(error.is_retryable()),
        other => panic!("expected unavailable, got {other:?}"),
    }
    assert!(matches!(
        pay.create(request("LPA-7000-1011"), "lpa-7000-1011").await,
        Err(PaymentError::Unavailable(_))
    ));
}

/// A server answering every request with `status` and `body`.
async fn answering(status: AxumStatus, body: &'static str) -> SocketAddr {
    let listener = tokio::net::TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
        .await
        .unwrap();
    let address = listener.local_addr().unwrap();
    let app = Router::new().fallback(move || async move { (status, body) });
    tokio::spawn(async move { axum::serve(listener, app).await });
    address
}

#[tokio::test]
async fn server_errors_are_unavailable_and_answers_out_of_shape_are_bad_responses() {
    for (status, body, unavailable) in [
        (
            AxumStatus::SERVICE_UNAVAILABLE,
            "down for maintenance",
            true,
        ),
        (
            AxumStatus::TOO_MANY_REQUESTS,
            r#"{"code":"P0900","description":"Too many requests"}"#,
            true,
        ),
        (AxumStatus::OK, "<html>not the API</html>", false),
        (AxumStatus::OK, r#"{"payment_id": 7}"#, false),
        (
            AxumStatus::BAD_REQUEST,
            "<html>a proxy's page</html>",
            false,
        ),
    ] {
        let address = answering(status, body).await;
        let pay = GovUkPay::new(&format!("http://{address}"), API_KEY).unwrap();
        let error = pay.get("hu20sqlact5260q2nanm0q8u93").await.unwrap_err();
        if unavailable {
            assert!(
                matches!(error, PaymentError::Unavailable(_)),
                "{status}: {error:?}"
            );
        } else {
            assert!(
                matches!(error, PaymentError::BadResponse(_)),
                "{status}: {error:?}"
            );
        }
    }
}

#[tokio::test]
async fn the_client_is_made_for_https_and_refuses_a_base_that_is_not_a_web_url() {
    let real = GovUkPay::new("https://publicapi.payments.service.gov.uk/", API_KEY).unwrap();
    let shown = format!("{real:?}");
    assert!(
        shown.contains("https://publicapi.payments.service.gov.uk"),
        "{shown}"
    );
    assert!(
        !shown.contains(API_KEY),
        "debug output shows the API key: {shown}"
    );
    for base_url in ["publicapi.payments.service.gov.uk", "ftp://example.com"] {
        assert!(
            matches!(
                GovUkPay::new(base_url, API_KEY),
                Err(PaymentError::Config(_))
            ),
            "{base_url}"
        );
    }

    // An https URL is spoken to in TLS: a server answering plain HTTP there is not understood.
    let plain = answering(AxumStatus::OK, "{}").await;
    let pay = GovUkPay::new(&format!("https://{plain}"), API_KEY).unwrap();
    assert!(matches!(
        pay.get("hu20sqlact5260q2nanm0q8u93").await,
        Err(PaymentError::Unavailable(_))
    ));
}

#[tokio::test]
async fn a_slow_answer_is_unavailable_within_the_request_timeout() {
    // A server that accepts connections and never answers.
    let listener = tokio::net::TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
        .await
        .unwrap();
    let address = listener.local_addr().unwrap();
    let held = tokio::spawn(async move {
        let mut connections = Vec::new();
        while let Ok((connection, _)) = listener.accept().await {
            connections.push(connection);
        }
    });
    let pay = GovUkPay::new(&format!("http://{address}"), API_KEY).unwrap();
    let started = std::time::Instant::now();
    let error = pay.get("hu20sqlact5260q2nanm0q8u93").await.unwrap_err();
    assert!(matches!(error, PaymentError::Unavailable(_)), "{error:?}");
    let waited = started.elapsed();
    assert!(
        waited >= Duration::from_secs(14) && waited < Duration::from_secs(30),
        "{waited:?}"
    );
    held.abort();
}
