//! The API: what GOV.UK Pay answers, field for field, and the errors it gives, word for word
//! (pay-publicapi's own tests assert the same texts).

use reqwest::header::{LOCATION, WWW_AUTHENTICATE};
use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::support::{payment_request, TestFake, API_KEY, RETURN_URL};

#[tokio::test]
async fn a_created_payment_is_answered_in_gov_uk_pays_shape_and_can_be_fetched() {
    let fake = TestFake::start().await;
    let response = fake
        .post_payment(&payment_request("LPA-7000-0001"), None)
        .await;
    assert_eq!(response.status(), StatusCode::CREATED);
    assert_eq!(response.headers()["cache-control"], "no-store");
    let location = response.headers()[LOCATION].to_str().unwrap().to_owned();
    let created: Value = response.json().await.unwrap();

    let payment_id = created["payment_id"].as_str().unwrap();
    assert_eq!(payment_id.len(), 26);
    assert!(payment_id
        .bytes()
        .all(|b| b.is_ascii_digit() || (b'a'..=b'v').contains(&b)));
    let self_url = fake.url(&format!("/v1/payments/{payment_id}"));
    assert_eq!(location, self_url);
    let created_date = created["created_date"].as_str().unwrap();
    chrono::DateTime::parse_from_rfc3339(created_date).expect("an RFC 3339 time");
    assert!(created_date.ends_with('Z'), "{created_date}");
    let token = created["_links"]["next_url_post"]["params"]["chargeTokenId"]
        .as_str()
        .unwrap();
    assert_eq!(
        created,
        json!({
            "amount": 8200,
            "description": "Lasting power of attorney application fee",
            "reference": "LPA-7000-0001",
            "language": "en",
            "email": "donor@example.com",
            "state": { "status": "created", "finished": false },
            "payment_id": payment_id,
            "payment_provider": "sandbox",
            "created_date": created_date,
            "refund_summary": { "status": "pending", "amount_available": 8200, "amount_submitted": 0 },
            "settlement_summary": {},
            "delayed_capture": false,
            "moto": false,
            "return_url": RETURN_URL,
            "authorisation_mode": "web",
            "_links": {
                "self": { "href": self_url, "method": "GET" },
                "next_url": { "href": fake.url(&format!("/secure/{token}")), "method": "GET" },
                "next_url_post": {
                    "type": "application/x-www-form-urlencoded",
                    "params": { "chargeTokenId": token },
                    "href": fake.url("/secure"),
                    "method": "POST",
                },
            },
        })
    );

    assert_eq!(fake.payment(payment_id).await, created);
}

#[tokio::test]
async fn metadata_and_language_are_kept_and_email_may_be_left_out() {
    let fake = TestFake::start().await;
    let created = fake
        .create(&json!({
            "amount": 1,
            "reference": "r",
            "description": "d",
            "return_url": "http://localhost:3000/paid?lpa=7000",
            "language": "cy",
            "metadata": { "ledger_code": "AB100", "internal_reference_number": 200, "reconciled": false },
        }))
        .await;
    assert_eq!(created["language"], "cy");
    assert_eq!(
        created["metadata"],
        json!({ "ledger_code": "AB100", "internal_reference_number": 200, "reconciled": false })
    );
    assert!(created.get("email").is_none());
    assert_eq!(created["return_url"], "http://localhost:3000/paid?lpa=7000");
}

#[tokio::test]
async fn the_api_refuses_requests_without_its_key() {
    let fake = TestFake::start().await;
    let created = fake.create(&payment_request("LPA-7000-0002")).await;
    let one = fake.url(&format!(
        "/v1/payments/{}",
        created["payment_id"].as_str().unwrap()
    ));
    let search = fake.url("/v1/payments?reference=LPA-7000-0002");
    for authorization in [
        None,
        Some("Bearer wrong-key".to_owned()),
        Some(format!("Basic {API_KEY}")),
        Some(format!("Bearer {API_KEY}x")),
    ] {
        let requests = [
            fake.http
                .post(fake.url("/v1/payments"))
                .json(&payment_request("LPA-7000-0003")),
            fake.http.get(&one),
            fake.http.get(&search),
        ];
        for request in requests {
            let request = match &authorization {
                Some(value) => request.header("Authorization", value),
                None => request,
            };
            let response = request.send().await.unwrap();
            assert_eq!(
                response.status(),
                StatusCode::UNAUTHORIZED,
                "{authorization:?}"
            );
            assert_eq!(response.headers()[WWW_AUTHENTICATE], "Bearer");
        }
    }
    let found: Value = fake
        .search(&[("reference", "LPA-7000-0003")])
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(found["total"], 0, "a refused request makes no payment");
}

#[tokio::test]
async fn an_unknown_payment_is_not_found() {
    let fake = TestFake::start().await;
    let response = fake
        .http
        .get(fake.url("/v1/payments/hu20sqlact5260q2nanm0q8u93"))
        .bearer_auth(API_KEY)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    assert_eq!(
        response.json::<Value>().await.unwrap(),
        json!({ "code": "P0200", "description": "Not found" })
    );
}

/// The request with `attribute` set to `value` (or left out, for `None`).
fn with(attribute: &str, value: Option<Value>) -> Value {
    let mut request = payment_request("LPA-7000-0004");
    match value {
        Some(value) => request[attribute] = value,
        None => {
            request.as_object_mut().unwrap().remove(attribute);
        }
    }
    request
}

fn error(field: Option<&str>, code: &str, description: &str) -> Value {
    let mut error = json!({ "code": code, "description": description });
    if let Some(field) = field {
        error["field"] = field.into();
    }
    error
}

#[tokio::test]
async fn invalid_create_requests_are_refused_as_gov_uk_pay_refuses_them() {
    let fake = TestFake::start().await;
    let long = |length: usize| Some(json!("x".repeat(length)));
    let missing = |field| {
        error(
            Some(field),
            "P0101",
            &format!("Missing mandatory attribute: {field}"),
        )
    };
    let invalid = |field, reason: &str| {
        error(
            Some(field),
            "P0102",
            &format!("Invalid attribute value: {field}. {reason}"),
        )
    };
    let cases = [
        (with("amount", None), 400, missing("amount")),
        (with("amount", Some(Value::Null)), 400, missing("amount")),
        (with("amount", Some(json!("8200"))), 400, invalid("amount", "Must be a valid numeric format")),
        (with("amount", Some(json!(82.5))), 400, invalid("amount", "Must be a valid numeric format")),
        (with("amount", Some(json!(3_000_000_000_u64))), 400, invalid("amount", "Must be a valid numeric format")),
        (with("amount", Some(json!(-1))), 422, invalid("amount", "Must be greater than or equal to 1")),
        (
            with("amount", Some(json!(0))),
            422,
            invalid("amount", "Must be greater than or equal to 1. Refer to https://docs.payments.service.gov.uk/making_payments/#amount"),
        ),
        (with("amount", Some(json!(10_000_001))), 422, invalid("amount", "Must be less than or equal to 10000000")),
        (with("reference", None), 400, missing("reference")),
        (with("reference", Some(json!("  "))), 400, missing("reference")),
        (with("reference", Some(json!(7000))), 400, invalid("reference", "Must be a valid string format")),
        (with("reference", Some(json!("LPA<7000>"))), 400, invalid("reference", "Must be a valid string format")),
        (with("reference", long(256)), 422, invalid("reference", "Must be less than or equal to 255 characters length")),
        (with("description", None), 400, missing("description")),
        (with("description", long(256)), 422, invalid("description", "Must be less than or equal to 255 characters length")),
        (
            with("return_url", None),
            400,
            error(None, "P0101", "Missing mandatory attribute: return_url"),
        ),
        (
            with("return_url", Some(json!("not a url"))),
            422,
            error(None, "P0102", "Invalid attribute value: return_url. Must be a valid URL format"),
        ),
        (
            with("return_url", Some(json!("ftp://service.example/paid"))),
            422,
            error(None, "P0102", "Invalid attribute value: return_url. Must be a valid URL format"),
        ),
        (with("return_url", Some(json!(true))), 400, invalid("return_url", "Must be a valid URL format")),
        (with("email", Some(json!(42))), 400, invalid("email", "Field must be a string")),
        (
            with("email", Some(json!(format!("{}@example.com", "a".repeat(243))))),
            422,
            invalid("email", "Must be less than or equal to 254 characters length"),
        ),
        (with("language", Some(json!("fr"))), 422, invalid("language", "Must be \"en\" or \"cy\"")),
        (with("language", Some(json!(""))), 400, invalid("language", "Must be \"en\" or \"cy\"")),
        (with("metadata", Some(json!("ledger"))), 422, invalid("metadata", "Must be an object of JSON key-value pairs")),
        (
            with("metadata", Some(json!({ "code": ["a", "b"] }))),
            422,
            invalid("metadata", "Values must be of type String, Boolean or Number"),
        ),
        (
            with("metadata", Some(json!({ "a-key-of-thirty-one-characters!": "x", "long": "y".repeat(101) }))),
            422,
            invalid("metadata", "Keys must be between 1 and 30 characters long. Values must be no greater than 100 characters long"),
        ),
        (
            with("metadata", Some(Value::Object((0..16).map(|n| (format!("key{n}"), json!(n))).collect()))),
            422,
            invalid("metadata", "Cannot have more than 15 key-value pairs"),
        ),
        (json!([1, 2]), 400, missing("amount")),
    ];
    for (request, status, expected) in cases {
        let response = fake.post_payment(&request, None).await;
        assert_eq!(response.status().as_u16(), status, "{request}");
        assert_eq!(
            response.json::<Value>().await.unwrap(),
            expected,
            "{request}"
        );
    }
    let found: Value = fake.search(&[]).await.json().await.unwrap();
    assert_eq!(found["total"], 0, "no refused request made a payment");
}

#[tokio::test]
async fn a_body_that_is_not_json_is_refused() {
    let fake = TestFake::start().await;
    for body in ["", "{\"amount\": 0x1000}", "{\"amount\": 100,"] {
        let response = fake
            .http
            .post(fake.url("/v1/payments"))
            .bearer_auth(API_KEY)
            .header("content-type", "application/json")
            .body(body)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{body}");
        assert_eq!(
            response.json::<Value>().await.unwrap(),
            json!({ "code": "P0197", "description": "Unable to parse JSON" })
        );
    }
}

#[tokio::test]
async fn a_repeated_idempotency_key_answers_the_first_payment() {
    let fake = TestFake::start().await;
    let request = payment_request("LPA-7000-0005");
    let first = fake.post_payment(&request, Some("lpa-7000-fee-1")).await;
    assert_eq!(first.status(), StatusCode::CREATED);
    let first: Value = first.json().await.unwrap();

    let again = fake.post_payment(&request, Some("lpa-7000-fee-1")).await;
    assert_eq!(again.status(), StatusCode::OK);
    assert!(again.headers().get(LOCATION).is_none());
    assert_eq!(again.json::<Value>().await.unwrap(), first);

    let mut different = request.clone();
    different["amount"] = json!(4100);
    let reused = fake.post_payment(&different, Some("lpa-7000-fee-1")).await;
    assert_eq!(reused.status(), StatusCode::CONFLICT);
    assert_eq!(
        reused.json::<Value>().await.unwrap(),
        json!({
            "code": "P0191",
            "description": "The `Idempotency-Key` you sent in the request header has already been used to create a payment.",
        })
    );

    let header_error = |description: &str| json!({ "header": "Idempotency-Key", "code": "P0102", "description": description });
    for (key, description) in [
        (
            "",
            "Header [Idempotency-Key] can have a size between 1 and 255",
        ),
        (
            &*"k".repeat(256),
            "Header [Idempotency-Key] can have a size between 1 and 255",
        ),
        (
            "lpa_7000",
            "Header [Idempotency-Key] can only contain alphanumeric characters and hyphens",
        ),
    ] {
        let response = fake.post_payment(&request, Some(key)).await;
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY, "{key}");
        assert_eq!(
            response.json::<Value>().await.unwrap(),
            header_error(description)
        );
    }

    let without_key = fake.create(&request).await;
    let another_key = fake.post_payment(&request, Some("lpa-7000-fee-2")).await;
    assert_eq!(another_key.status(), StatusCode::CREATED);
    let another_key: Value = another_key.json().await.unwrap();
    let ids = [&first, &without_key, &another_key].map(|payment| payment["payment_id"].clone());
    assert!(
        ids[0] != ids[1] && ids[1] != ids[2] && ids[0] != ids[2],
        "{ids:?}"
    );
}

#[tokio::test]
async fn payments_are_found_by_reference_newest_first_a_page_at_a_time() {
    let fake = TestFake::start().await;
    let older = fake.create(&payment_request("LPA-7000-0006")).await;
    let newer = fake.create(&payment_request("lpa-7000-0006")).await;
    fake.create(&payment_request("LPA-7000-0007")).await;

    let found: Value = fake
        .search(&[("reference", "Lpa-7000-0006")])
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        (
            found["total"].clone(),
            found["count"].clone(),
            found["page"].clone()
        ),
        (json!(2), json!(2), json!(1))
    );
    assert_eq!(found["results"], json!([newer, older]));
    let page_link = |page: u32| json!({ "href": fake.url(&format!("/v1/payments?reference=Lpa-7000-0006&display_size=500&page={page}")) });
    assert_eq!(
        found["_links"],
        json!({ "self": page_link(1), "first_page": page_link(1), "last_page": page_link(1) })
    );

    let second: Value = fake
        .search(&[
            ("reference", "LPA-7000-0006"),
            ("display_size", "1"),
            ("page", "2"),
        ])
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(second["results"], json!([older]));
    assert_eq!(
        (second["total"].clone(), second["count"].clone()),
        (json!(2), json!(1))
    );
    assert!(second["_links"]["prev_page"]["href"]
        .as_str()
        .unwrap()
        .ends_with("page=1"));
    assert!(second["_links"].get("next_page").is_none());

    let by_state: Value = fake
        .search(&[("state", "created")])
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(by_state["total"], 3);
    let none: Value = fake
        .search(&[("state", "success")])
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        (none["total"].clone(), none["results"].clone()),
        (json!(0), json!([]))
    );

    let beyond = fake
        .search(&[
            ("reference", "LPA-7000-0006"),
            ("page", "3"),
            ("display_size", "1"),
        ])
        .await;
    assert_eq!(beyond.status(), StatusCode::NOT_FOUND);
    assert_eq!(
        beyond.json::<Value>().await.unwrap(),
        json!({ "code": "P0402", "description": "Page not found" })
    );
    let invalid = fake
        .search(&[("state", "paid"), ("page", "0"), ("display_size", "501")])
        .await;
    assert_eq!(invalid.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        invalid.json::<Value>().await.unwrap(),
        json!({
            "code": "P0401",
            "description": "Invalid parameters: state, page, display_size. See Public API documentation for the correct data formats",
        })
    );
}
