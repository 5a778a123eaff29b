//! Card payments: one [`PaymentProvider`] trait, and [`GovUkPay`], which implements it over GOV.UK
//! Pay's public API (docs.payments.service.gov.uk/api_reference). The same client talks to the
//! real service and to `govuk-pay-fake`, which answers as it does.
//!
//! GOV.UK Pay takes the card itself: the service [creates](PaymentProvider::create) a payment,
//! sends the payer to its [`next_url`](Payment::next_url), and when the payer comes back to its
//! [`return_url`](Payment::return_url) [reads](PaymentProvider::get) what became of it. The
//! return alone proves nothing (a payer can open the URL by hand): only the payment's state does.

mod govuk_pay;

use std::fmt;

use async_trait::async_trait;
use serde::Deserialize;

pub use govuk_pay::GovUkPay;

/// The payments layer's one error type.
#[derive(Debug, thiserror::Error)]
pub enum PaymentError {
    /// No payment has that id.
    #[error("no such payment")]
    NotFound,
    /// GOV.UK Pay refused the request as it was (its `code` and `description` say why, such as
    /// `P0102` for a bad value, or `P0191` for an idempotency key used with another request).
    /// Sending it again cannot help.
    #[error("GOV.UK Pay refused the request: {code} {description}")]
    Rejected { code: String, description: String },
    /// The API key is missing, wrong or revoked.
    #[error("GOV.UK Pay refused the API key")]
    Unauthorised,
    /// GOV.UK Pay could not be reached, took too long, was rate limiting or answered 5xx. Worth
    /// trying again later (with the same idempotency key, for a create).
    #[error("GOV.UK Pay is unavailable: {0}")]
    Unavailable(String),
    /// GOV.UK Pay answered something this client does not understand.
    #[error("GOV.UK Pay's answer could not be understood: {0}")]
    BadResponse(String),
    /// The client cannot be made from its configuration. Never holds the API key.
    #[error("payment configuration: {0}")]
    Config(String),
}

impl PaymentError {
    /// Whether the same request may succeed later.
    pub fn is_retryable(&self) -> bool {
        matches!(self, PaymentError::Unavailable(_))
    }
}

/// A payment to ask the payer for.
#[derive(Clone, PartialEq, Eq)]
pub struct CreatePayment {
    /// From 1 to 10 000 000 (£100,000).
    pub amount_pence: u64,
    /// The service's own reference (up to 255 characters; not unique in GOV.UK Pay): how the
    /// payment is found again, and what finance teams reconcile by.
    pub reference: String,
    /// What the payer sees they are paying for (up to 255 characters).
    pub description: String,
    /// Where GOV.UK Pay sends the payer when they have finished, whatever the outcome.
    pub return_url: String,
    /// Fills in the payer's email address on the payment page.
    pub email: Option<String>,
}

/// Email addresses are personal data: debug output (logs, panics) only says whether there is one.
impl fmt::Debug for CreatePayment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CreatePayment")
            .field("amount_pence", &self.amount_pence)
            .field("reference", &self.reference)
            .field("description", &self.description)
            .field("return_url", &self.return_url)
            .field("email", &self.email.as_ref().map(|_| "<set>"))
            .finish()
    }
}

/// A payment as GOV.UK Pay has it.
#[derive(Clone, PartialEq, Eq)]
pub struct Payment {
    /// GOV.UK Pay's id for it (26 characters).
    pub payment_id: String,
    pub amount_pence: u64,
    pub reference: String,
    pub description: String,
    pub return_url: String,
    /// The payer's email address: the one sent, or the one the payer entered.
    pub email: Option<String>,
    pub state: PaymentState,
    /// Where to send the payer to pay, while the payment can still be paid.
    pub next_url: Option<String>,
}

/// Email addresses are personal data: debug output only says whether there is one.
impl fmt::Debug for Payment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Payment")
            .field("payment_id", &self.payment_id)
            .field("amount_pence", &self.amount_pence)
            .field("reference", &self.reference)
            .field("description", &self.description)
            .field("return_url", &self.return_url)
            .field("email", &self.email.as_ref().map(|_| "<set>"))
            .field("state", &self.state)
            .field("next_url", &self.next_url)
            .finish()
    }
}

/// Where a payment is in its lifecycle (docs.payments.service.gov.uk/api_reference, "Payment
/// status lifecycle").
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct PaymentState {
    pub status: PaymentStatus,
    /// Whether the payment journey is over, paid or not.
    pub finished: bool,
    /// Why a payment failed: `P0010` declined, `P0020` expired, `P0030` cancelled by the payer,
    /// `P0040` cancelled by the service, `P0050` the provider's error.
    #[serde(default)]
    pub code: Option<String>,
    #[serde(default)]
    pub message: Option<String>,
}

impl PaymentState {
    /// The money was taken.
    pub fn is_success(&self) -> bool {
        self.status == PaymentStatus::Success
    }

    /// The payer chose "Cancel payment" on GOV.UK Pay's pages.
    pub fn cancelled_by_user(&self) -> bool {
        self.code.as_deref() == Some("P0030")
    }

    /// Nothing more will happen to the payment: it was paid, or it never will be.
    pub fn is_finished(&self) -> bool {
        self.finished
    }
}

/// GOV.UK Pay's `state.status`. Statuses it adds later are kept as they are ([`Other`]), so an
/// answer is never refused for one.
///
/// [`Other`]: PaymentStatus::Other
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(from = "String")]
pub enum PaymentStatus {
    /// Made; the payer has not opened `next_url`.
    Created,
    /// The payer is entering their details.
    Started,
    /// The provider authorised the card; the payer has not confirmed.
    Submitted,
    /// Confirmed, waiting for the service to take the money (delayed capture).
    Capturable,
    Success,
    /// Declined, expired or cancelled by the payer: see [`PaymentState::code`].
    Failed,
    /// Cancelled by the service.
    Cancelled,
    /// GOV.UK Pay or the provider failed; no money was taken.
    Error,
    Other(String),
}

impl PaymentStatus {
    pub fn as_str(&self) -> &str {
        match self {
            PaymentStatus::Created => "created",
            PaymentStatus::Started => "started",
            PaymentStatus::Submitted => "submitted",
            PaymentStatus::Capturable => "capturable",
            PaymentStatus::Success => "success",
            PaymentStatus::Failed => "failed",
            PaymentStatus::Cancelled => "cancelled",
            PaymentStatus::Error => "error",
            PaymentStatus::Other(status) => status,
        }
    }
}

impl From<String> for PaymentStatus {
    fn from(status: String) -> Self {
        match status.as_str() {
            "created" => PaymentStatus::Created,
            "started" => PaymentStatus::Started,
            "submitted" => PaymentStatus::Submitted,
            "capturable" => PaymentStatus::Capturable,
            "success" => PaymentStatus::Success,
            "failed" => PaymentStatus::Failed,
            "cancelled" => PaymentStatus::Cancelled,
            "error" => PaymentStatus::Error,
            _ => PaymentStatus::Other(status),
        }
    }
}

/// Takes card payments. One implementation ([`GovUkPay`]); the rest of the app sees this trait.
#[async_trait]
pub trait PaymentProvider: Send + Sync {
    /// Makes a payment for the payer to pay at its `next_url`. Sending the same request with the
    /// same `idempotency_key` again (after a timeout, say) answers the payment the first one made
    /// instead of making another; the key with a different request is [`PaymentError::Rejected`]
    /// (`P0191`). Keys are 1 to 255 letters, digits and hyphens.
    async fn create(
        &self,
        request: CreatePayment,
        idempotency_key: &str,
    ) -> Result<Payment, PaymentError>;

    /// The payment as it is now: GOV.UK Pay answers this at once after the payer's last step.
    async fn get(&self, payment_id: &str) -> Result<Payment, PaymentError>;

    /// The payments with this reference (in any case), newest first, up to 500. GOV.UK Pay's
    /// search catches up with new payments after a delay, so a payment made moments ago may be
    /// missing: for one whose id is known, use [`get`](PaymentProvider::get).
    async fn find_by_reference(&self, reference: &str) -> Result<Vec<Payment>, PaymentError>;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_read_as_gov_uk_pay_writes_them_and_unknown_ones_are_kept() {
        for status in [
            "created",
            "started",
            "submitted",
            "capturable",
            "success",
            "failed",
            "cancelled",
            "error",
            "refunded-someday",
        ] {
            assert_eq!(PaymentStatus::from(status.to_owned()).as_str(), status);
        }
        assert_eq!(
            PaymentStatus::from("later".to_owned()),
            PaymentStatus::Other("later".to_owned())
        );
    }

    #[test]
    fn a_payment_cancelled_by_its_payer_has_failed_with_p0030() {
        let state: PaymentState = serde_json::from_value(serde_json::json!({
            "status": "failed",
            "finished": true,
            "code": "P0030",
            "message": "Payment was cancelled by the user",
        }))
        .unwrap();
        assert!(state.cancelled_by_user() && state.is_finished() && !state.is_success());
        let paid: PaymentState =
            serde_json::from_value(serde_json::json!({"status": "success", "finished": true}))
                .unwrap();
        assert!(paid.is_success() && !paid.cancelled_by_user());
    }

    #[test]
    fn debug_output_leaves_the_email_address_out() {
        let request = CreatePayment {
            amount_pence: 8200,
            reference: "LPA-7000".to_owned(),
            description: "Lasting power of attorney".to_owned(),
            return_url: "https://example.com/paid".to_owned(),
            email: Some("donor@example.com".to_owned()),
        };
        assert!(!format!("{request:?}").contains("donor@example.com"));
    }
}
