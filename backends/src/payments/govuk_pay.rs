//! [`GovUkPay`]: the [`PaymentProvider`] over GOV.UK Pay's HTTP API, with reqwest.

use std::fmt;
use std::time::Duration;

use async_trait::async_trait;
use reqwest::header::ACCEPT;
use reqwest::{RequestBuilder, Response, StatusCode, Url};
use serde::{Deserialize, Serialize};

use super::{CreatePayment, Payment, PaymentError, PaymentProvider, PaymentState};

/// How long reaching GOV.UK Pay may take.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
/// How long a whole request may take, answer included: a payer is waiting on it.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(15);
/// The most results a search page holds.
const SEARCH_PAGE_SIZE: &str = "500";

/// GOV.UK Pay's public API at a base URL (`https://publicapi.payments.service.gov.uk`, or a
/// `govuk-pay-fake`). TLS is rustls with the system's root certificates.
#[derive(Clone)]
pub struct GovUkPay {
    /// Without a trailing slash.
    base_url: String,
    api_key: String,
    http: reqwest::Client,
}

/// The API key is a secret: debug output names the URL only.
impl fmt::Debug for GovUkPay {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("GovUkPay")
            .field("base_url", &self.base_url)
            .finish_non_exhaustive()
    }
}

impl GovUkPay {
    pub fn new(base_url: &str, api_key: impl Into<String>) -> Result<Self, PaymentError> {
        let parsed = Url::parse(base_url)
            .map_err(|error| PaymentError::Config(format!("{base_url:?} is not a URL: {error}")))?;
        if !matches!(parsed.scheme(), "https" | "http") {
            return Err(PaymentError::Config(format!(
                "{base_url:?} is not an http(s) URL"
            )));
        }
        let http = reqwest::Client::builder()
            .connect_timeout(CONNECT_TIMEOUT)
            .timeout(REQUEST_TIMEOUT)
            // The API never redirects; following one could send the key elsewhere.
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|error| PaymentError::Config(format!("the HTTP client: {error}")))?;
        Ok(GovUkPay {
            base_url: base_url.trim_end_matches('/').to_owned(),
            api_key: api_key.into(),
            http,
        })
    }

    fn payments_url(&self) -> String {
        format!("{}/v1/payments", self.base_url)
    }

    /// Sends a request with the key (as a header reqwest marks sensitive, so never shown) and
    /// turns anything but 2xx into the error it means.
    async fn send(&self, request: RequestBuilder) -> Result<Response, PaymentError> {
        let response = request
            .bearer_auth(&self.api_key)
            .header(ACCEPT, "application/json")
            .send()
            .await
            .map_err(from_reqwest)?;
        if response.status().is_success() {
            Ok(response)
        } else {
            Err(error_from(response).await)
        }
    }
}

#[async_trait]
impl PaymentProvider for GovUkPay {
    async fn create(
        &self,
        request: CreatePayment,
        idempotency_key: &str,
    ) -> Result<Payment, PaymentError> {
        let body = CreatePaymentBody {
            amount: request.amount_pence,
            reference: &request.reference,
            description: &request.description,
            return_url: &request.return_url,
            email: request.email.as_deref(),
        };
        let response = self
            .send(
                self.http
                    .post(self.payments_url())
                    .header("Idempotency-Key", idempotency_key)
                    .json(&body),
            )
            .await?;
        read::<PaymentResource>(response).await.map(Payment::from)
    }

    async fn get(&self, payment_id: &str) -> Result<Payment, PaymentError> {
        // An id is letters and digits; anything else cannot name a payment, nor change the path.
        if payment_id.is_empty() || !payment_id.bytes().all(|b| b.is_ascii_alphanumeric()) {
            return Err(PaymentError::NotFound);
        }
        let url = format!("{}/{payment_id}", self.payments_url());
        let response = self.send(self.http.get(url)).await?;
        read::<PaymentResource>(response).await.map(Payment::from)
    }

    async fn find_by_reference(&self, reference: &str) -> Result<Vec<Payment>, PaymentError> {
        let request = self
            .http
            .get(self.payments_url())
            .query(&[("reference", reference), ("display_size", SEARCH_PAGE_SIZE)]);
        let response = self.send(request).await?;
        let found = read::<SearchResults>(response).await?;
        Ok(found.results.into_iter().map(Payment::from).collect())
    }
}

/// What went wrong, from a response that is not 2xx.
async fn error_from(response: Response) -> PaymentError {
    let status = response.status();
    match status {
        StatusCode::UNAUTHORIZED => return PaymentError::Unauthorised,
        StatusCode::NOT_FOUND => return PaymentError::NotFound,
        StatusCode::TOO_MANY_REQUESTS => {
            return PaymentError::Unavailable(format!("GOV.UK Pay answered {status}"))
        }
        _ if status.is_server_error() => {
            return PaymentError::Unavailable(format!("GOV.UK Pay answered {status}"))
        }
        _ => {}
    }
    match response.json::<ErrorEnvelope>().await {
        Ok(error) => PaymentError::Rejected {
            code: error.code,
            description: error.description,
        },
        Err(error) => PaymentError::BadResponse(format!("{status} without its error: {error}")),
    }
}

async fn read<T: serde::de::DeserializeOwned>(response: Response) -> Result<T, PaymentError> {
    response.json::<T>().await.map_err(from_reqwest)
}

/// A failure to exchange a request: the answer's body not being what was expected is
/// GOV.UK Pay's fault; anything else (connecting, timing out, a cut connection) may pass.
fn from_reqwest(error: reqwest::Error) -> PaymentError {
    if error.is_decode() {
        PaymentError::BadResponse(error.to_string())
    } else {
        PaymentError::Unavailable(error.to_string())
    }
}

#[derive(Serialize)]
struct CreatePaymentBody<'a> {
    amount: u64,
    reference: &'a str,
    description: &'a str,
    return_url: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    email: Option<&'a str>,
}

/// A payment as the API writes it (the fields used; the API adds fields without notice).
#[derive(Deserialize)]
struct PaymentResource {
    payment_id: String,
    amount: u64,
    reference: String,
    description: String,
    /// Absent for payments not made for the web (MOTO, recurring).
    #[serde(default)]
    return_url: String,
    #[serde(default)]
    email: Option<String>,
    state: PaymentState,
    #[serde(rename = "_links", default)]
    links: PaymentLinks,
}

#[derive(Default, Deserialize)]
struct PaymentLinks {
    #[serde(default)]
    next_url: Option<Link>,
}

#[derive(Deserialize)]
struct Link {
    href: String,
}

impl From<PaymentResource> for Payment {
    fn from(payment: PaymentResource) -> Self {
        Payment {
            payment_id: payment.payment_id,
            amount_pence: payment.amount,
            reference: payment.reference,
            description: payment.description,
            return_url: payment.return_url,
            email: payment.email,
            state: payment.state,
            next_url: payment.links.next_url.map(|link| link.href),
        }
    }
}

#[derive(Deserialize)]
struct SearchResults {
    results: Vec<PaymentResource>,
}

/// GOV.UK Pay's error body.
#[derive(Deserialize)]
struct ErrorEnvelope {
    code: String,
    description: String,
}
