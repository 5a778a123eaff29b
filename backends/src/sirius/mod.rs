//! Where an LPA has got to at the Office of the Public Guardian: one [`StatusGateway`] trait, and
//! [`SiriusGateway`], which implements it over the Sirius gateway's API (opg-data-lpa,
//! `GET /v1/lpa-online-tool/lpas/A{11 digits}`, signed with AWS SigV4). The same client talks to
//! the real gateway and to `sirius-gateway-fake`, which answers as it does.
//!
//! What the answers mean to a citizen (the status mapping of reference §8.3) is the LPA
//! service's business, not this layer's: this is the wire and its failures.

mod breaker;
mod gateway;

use std::fmt;

use async_trait::async_trait;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

pub use breaker::CircuitBreaker;
pub use gateway::{GatewaySettings, SiriusGateway};

/// The status Sirius gives a received LPA (the gateway's `status` enum).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum SiriusStatus {
    Pending,
    #[serde(rename = "Payment Pending")]
    PaymentPending,
    Perfect,
    Imperfect,
    Invalid,
    Rejected,
    Withdrawn,
    Registered,
    Cancelled,
    Revoked,
    #[serde(rename = "Return - unpaid")]
    ReturnUnpaid,
}

impl SiriusStatus {
    pub const ALL: [SiriusStatus; 11] = [
        SiriusStatus::Pending,
        SiriusStatus::PaymentPending,
        SiriusStatus::Perfect,
        SiriusStatus::Imperfect,
        SiriusStatus::Invalid,
        SiriusStatus::Rejected,
        SiriusStatus::Withdrawn,
        SiriusStatus::Registered,
        SiriusStatus::Cancelled,
        SiriusStatus::Revoked,
        SiriusStatus::ReturnUnpaid,
    ];

    /// As the gateway writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            SiriusStatus::Pending => "Pending",
            SiriusStatus::PaymentPending => "Payment Pending",
            SiriusStatus::Perfect => "Perfect",
            SiriusStatus::Imperfect => "Imperfect",
            SiriusStatus::Invalid => "Invalid",
            SiriusStatus::Rejected => "Rejected",
            SiriusStatus::Withdrawn => "Withdrawn",
            SiriusStatus::Registered => "Registered",
            SiriusStatus::Cancelled => "Cancelled",
            SiriusStatus::Revoked => "Revoked",
            SiriusStatus::ReturnUnpaid => "Return - unpaid",
        }
    }
}

/// An LPA as the gateway describes it (reference §8.2).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SiriusRecord {
    pub online_lpa_id: String,
    pub status: SiriusStatus,
    pub status_date: Option<NaiveDate>,
    pub receipt_date: Option<NaiveDate>,
    pub registration_date: Option<NaiveDate>,
    pub rejected_date: Option<NaiveDate>,
    pub invalid_date: Option<NaiveDate>,
    pub withdrawn_date: Option<NaiveDate>,
    pub cancellation_date: Option<NaiveDate>,
    pub dispatch_date: Option<NaiveDate>,
}

/// What the gateway knows of an LPA.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Lookup {
    /// Sirius has it (200).
    Found(SiriusRecord),
    /// Sirius has no record of it yet (404): not received.
    NotReceived,
    /// Sirius had it and deleted it (410).
    Deleted,
}

/// The gateway's reference for LPA `id`: `A` and the id in 11 digits, no spaces.
pub fn online_tool_id(id: u64) -> String {
    format!("A{id:011}")
}

/// The Sirius layer's one error type. Cheap to clone: one lookup's failure is shared by every
/// caller that was waiting for the same LPA.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum GatewayError {
    /// Not reached, too slow, or 5xx, after the retries there were.
    #[error("the Sirius gateway is unavailable: {0}")]
    Unavailable(String),
    /// Too many failures in a row: not asked at all for a while.
    #[error("the Sirius gateway is not being asked (too many failures in a row)")]
    CircuitOpen,
    /// It refused the request (400, 403, 429…): our request or our credentials are wrong.
    #[error("the Sirius gateway refused the request: {status} {body}")]
    Refused { status: u16, body: String },
    /// It answered something this client does not understand.
    #[error("the Sirius gateway's answer could not be understood: {0}")]
    BadResponse(String),
    /// No credentials to sign with.
    #[error("no AWS credentials to sign Sirius gateway requests with: {0}")]
    Credentials(String),
    /// The client cannot be made from its configuration.
    #[error("Sirius gateway configuration: {0}")]
    Config(String),
}

/// Looks LPAs up in Sirius.
#[async_trait]
pub trait StatusGateway: Send + Sync + fmt::Debug {
    /// What Sirius knows of LPA `id` (the number behind its A-reference).
    async fn lookup(&self, id: u64) -> Result<Lookup, GatewayError>;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_gateways_reference_is_a_and_eleven_digits() {
        assert_eq!(online_tool_id(12_345_678), "A00012345678");
        assert_eq!(online_tool_id(99_999_999_999), "A99999999999");
    }

    #[test]
    fn statuses_read_and_write_as_the_gateway_spells_them() {
        for status in SiriusStatus::ALL {
            let json = serde_json::to_string(&status).unwrap();
            assert_eq!(json, format!("\"{}\"", status.as_str()));
            assert_eq!(serde_json::from_str::<SiriusStatus>(&json).unwrap(), status);
        }
    }

    #[test]
    fn a_record_reads_from_the_gateways_example() {
        let record: SiriusRecord = serde_json::from_str(
            r#"{"onlineLpaId":"A39721583862","status":"Pending","statusDate":"2014-10-15",
                "receiptDate":"2014-09-26","registrationDate":null,"rejectedDate":null,
                "invalidDate":null,"withdrawnDate":null,"cancellationDate":null,"dispatchDate":null}"#,
        )
        .unwrap();
        assert_eq!(record.status, SiriusStatus::Pending);
        assert_eq!(record.receipt_date, NaiveDate::from_ymd_opt(2014, 9, 26));
        assert_eq!(record.dispatch_date, None);
    }
}
