//! What the tests share: a fake on a free port, a client that shows redirects instead of
//! following them, and the requests a service and a payer make.

use chrono::Datelike;
use govuk_pay_fake::{spawn, RunningFake};
use reqwest::header::LOCATION;
use reqwest::{Client, Response, StatusCode};
use serde_json::{json, Value};

pub const API_KEY: &str = "test-api-key-1";
pub const RETURN_URL: &str = "https://service.example/lpa/7000/paid";

pub struct TestFake {
    pub fake: RunningFake,
    pub http: Client,
}

/// A client that hands back 3xx answers, so tests see where they lead.
pub fn http_client() -> Client {
    Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

impl TestFake {
    pub async fn start() -> Self {
        TestFake {
            fake: spawn(API_KEY).await.expect("the fake starts"),
            http: http_client(),
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.fake.base_url())
    }

    /// `POST /v1/payments` with the key, and an `Idempotency-Key` if given.
    pub async fn post_payment(&self, body: &Value, idempotency_key: Option<&str>) -> Response {
        let mut request = self
            .http
            .post(self.url("/v1/payments"))
            .bearer_auth(API_KEY)
            .json(body);
        if let Some(key) = idempotency_key {
            request = request.header("Idempotency-Key", key);
        }
        request.send().await.unwrap()
    }

    /// Creates a payment, which must succeed.
    pub async fn create(&self, body: &Value) -> Value {
        let response = self.post_payment(body, None).await;
        assert_eq!(response.status(), StatusCode::CREATED);
        response.json().await.unwrap()
    }

    /// `GET /v1/payments/{id}`, which must find it.
    pub async fn payment(&self, payment_id: &str) -> Value {
        let response = self
            .http
            .get(self.url(&format!("/v1/payments/{payment_id}")))
            .bearer_auth(API_KEY)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        response.json().await.unwrap()
    }

    /// `GET /v1/payments` with a query.
    pub async fn search(&self, query: &[(&str, &str)]) -> Response {
        self.http
            .get(self.url("/v1/payments"))
            .query(query)
            .bearer_auth(API_KEY)
            .send()
            .await
            .unwrap()
    }

    /// Opens a payment page, as a browser would.
    pub async fn open(&self, url: &str) -> Response {
        self.http.get(url).send().await.unwrap()
    }

    /// Posts a form to a payment page, as a browser would.
    pub async fn submit(&self, url: &str, form: &[(&str, String)]) -> Response {
        self.http.post(url).form(form).send().await.unwrap()
    }

    /// Opens the payment's page and pays with `card_number`; the payer goes back to the service.
    pub async fn pay(&self, payment: &Value, card_number: &str) {
        let next_url = next_url(payment);
        assert_eq!(self.open(&next_url).await.status(), StatusCode::OK);
        let response = self.submit(&next_url, &card_form(card_number)).await;
        assert_redirects_to_return_url(&response);
    }
}

/// A create request with `reference` and every optional attribute the app sends.
pub fn payment_request(reference: &str) -> Value {
    json!({
        "amount": 8200,
        "reference": reference,
        "description": "Lasting power of attorney application fee",
        "return_url": RETURN_URL,
        "email": "donor@example.com",
    })
}

pub fn next_url(payment: &Value) -> String {
    payment["_links"]["next_url"]["href"]
        .as_str()
        .expect("an unfinished payment has a next_url")
        .to_owned()
}

/// The card details form, filled in well for `card_number`.
pub fn card_form(card_number: &str) -> Vec<(&'static str, String)> {
    let next_year = chrono::Utc::now().year() + 1;
    vec![
        ("cardNo", card_number.to_owned()),
        ("expiryMonth", "04".to_owned()),
        ("expiryYear", (next_year % 100).to_string()),
        ("cardholderName", "Sherlock Holmes".to_owned()),
        ("cvc", "123".to_owned()),
        ("email", "payer@example.com".to_owned()),
    ]
}

pub fn assert_redirects_to_return_url(response: &Response) {
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(response.headers()[LOCATION], RETURN_URL);
}
