//! The payments the fake holds (in memory, gone when it stops) and the moves a payment can make.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use rand::Rng;
use serde_json::{Map, Value};

/// Where a payment is in GOV.UK Pay's lifecycle. The fake's payer goes from the card details
/// page straight to the outcome (the real one confirms on a second page, in `submitted`), and
/// nothing cancels or expires a payment but its payer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum State {
    /// Made through the API; the payer has not opened `next_url`.
    Created,
    /// The payer has the card details page.
    Started,
    Success,
    /// The payment provider declined the card (`P0010`).
    Rejected,
    /// The payer chose "Cancel payment" (`P0030`).
    CancelledByUser,
    /// The payment provider failed (`P0050`).
    ProviderError,
}

impl State {
    /// The `state.status` the API reports.
    pub(crate) fn status(self) -> &'static str {
        match self {
            State::Created => "created",
            State::Started => "started",
            State::Success => "success",
            State::Rejected | State::CancelledByUser => "failed",
            State::ProviderError => "error",
        }
    }

    pub(crate) fn is_finished(self) -> bool {
        !matches!(self, State::Created | State::Started)
    }

    /// The `state.code` and `state.message` of a payment that failed, as GOV.UK Pay words them
    /// (pay-connector's `ExternalChargeState`).
    pub(crate) fn failure(self) -> Option<(&'static str, &'static str)> {
        match self {
            State::Rejected => Some(("P0010", "Payment method rejected")),
            State::CancelledByUser => Some(("P0030", "Payment was cancelled by the user")),
            State::ProviderError => Some(("P0050", "Payment provider returned an error")),
            State::Created | State::Started | State::Success => None,
        }
    }
}

/// The card a payer entered, as the API shows it once the payment was tried.
#[derive(Clone, Debug)]
pub(crate) struct CardDetails {
    pub(crate) first_digits: String,
    pub(crate) last_digits: String,
    pub(crate) cardholder_name: String,
    /// `MM/YY`.
    pub(crate) expiry_date: String,
    pub(crate) brand: &'static str,
    /// `credit`, `debit`, or unknown.
    pub(crate) card_type: Option<&'static str>,
}

/// A create request that passed the API's checks.
#[derive(Clone, Debug)]
pub(crate) struct NewPayment {
    pub(crate) amount: i64,
    pub(crate) reference: String,
    pub(crate) description: String,
    /// As sent; the API echoes it unchanged.
    pub(crate) return_url: String,
    /// The same URL as one `Location` header value (percent-encoded), for the redirects.
    pub(crate) return_location: String,
    pub(crate) email: Option<String>,
    pub(crate) language: String,
    pub(crate) metadata: Option<Map<String, Value>>,
}

#[derive(Clone, Debug)]
pub(crate) struct Payment {
    pub(crate) payment_id: String,
    /// The secret in `next_url`: whoever has it can pay (or cancel) the payment.
    pub(crate) token: String,
    pub(crate) created: DateTime<Utc>,
    pub(crate) details: NewPayment,
    /// The payer's email address: the one the service sent, until the payer enters one.
    pub(crate) email: Option<String>,
    pub(crate) state: State,
    pub(crate) card: Option<CardDetails>,
    /// The payment provider's id, once the card was sent to it.
    pub(crate) provider_id: Option<String>,
    /// When the money was taken.
    pub(crate) captured: Option<DateTime<Utc>>,
}

/// The outcome of a create request.
pub(crate) enum Created<'a> {
    New(&'a Payment),
    /// The request repeats an earlier one with its `Idempotency-Key`: the payment it made.
    Repeated(&'a Payment),
    /// The `Idempotency-Key` came with a different request before.
    KeyReused,
}

/// Every payment, by id and by `next_url` token, in the order they were made.
#[derive(Default)]
pub(crate) struct Payments {
    by_id: HashMap<String, Payment>,
    ids_by_token: HashMap<String, String>,
    /// Each `Idempotency-Key` with the request body it came with and the payment it made. Kept
    /// for as long as the fake runs (GOV.UK Pay keeps them for 24 hours).
    by_idempotency_key: HashMap<String, (Value, String)>,
    ids_oldest_first: Vec<String>,
}

impl Payments {
    /// Makes a payment, unless `idempotency` (the key and the request's JSON) names one made by
    /// the same request before.
    pub(crate) fn create(
        &mut self,
        new: NewPayment,
        idempotency: Option<(String, Value)>,
        now: DateTime<Utc>,
    ) -> Created<'_> {
        if let Some((key, request)) = &idempotency {
            if let Some((first_request, payment_id)) = self.by_idempotency_key.get(key) {
                return if first_request == request {
                    Created::Repeated(&self.by_id[payment_id])
                } else {
                    Created::KeyReused
                };
            }
        }
        let payment_id = new_payment_id();
        let token = uuid::Uuid::new_v4().to_string();
        let payment = Payment {
            payment_id: payment_id.clone(),
            token: token.clone(),
            created: now,
            email: new.email.clone(),
            details: new,
            state: State::Created,
            card: None,
            provider_id: None,
            captured: None,
        };
        if let Some((key, request)) = idempotency {
            self.by_idempotency_key
                .insert(key, (request, payment_id.clone()));
        }
        self.ids_by_token.insert(token, payment_id.clone());
        self.ids_oldest_first.push(payment_id.clone());
        Created::New(self.by_id.entry(payment_id).or_insert(payment))
    }

    pub(crate) fn get(&self, payment_id: &str) -> Option<&Payment> {
        self.by_id.get(payment_id)
    }

    pub(crate) fn by_token(&self, token: &str) -> Option<&Payment> {
        self.get(self.ids_by_token.get(token)?)
    }

    pub(crate) fn by_token_mut(&mut self, token: &str) -> Option<&mut Payment> {
        self.by_id.get_mut(self.ids_by_token.get(token)?)
    }

    pub(crate) fn newest_first(&self) -> impl Iterator<Item = &Payment> {
        self.ids_oldest_first
            .iter()
            .rev()
            .map(|payment_id| &self.by_id[payment_id])
    }
}

/// 26 characters of base 32 (`0-9a-v`), like the ids GOV.UK Pay gives (130 random bits).
fn new_payment_id() -> String {
    const ALPHABET: &[u8; 32] = b"0123456789abcdefghijklmnopqrstuv";
    let mut random = rand::rng();
    (0..26)
        .map(|_| char::from(ALPHABET[random.random_range(0..ALPHABET.len())]))
        .collect()
}
