//! The LPA service's emails, in GOV.UK's plain style.
use backends::mail::{Email, MailError};

use crate::lpa::model::{Lpa, PaymentMethod};
use crate::lpa::payment::pounds;
use crate::SERVICE_NAME;

/// After checkout (the real service's "registration complete" email): the LPA is ready to print,
/// sign and post; with the payment's details when it was paid by card. `documents` is the
/// absolute link to the LPA's documents page.
pub fn ready_to_register(to: &str, lpa: &Lpa, documents: &str) -> Result<Email, MailError> {
    let donor = lpa
        .document
        .donor()
        .map(|donor| donor.name.to_string())
        .unwrap_or_default();
    let kind =
        lpa.document
            .lpa_type()
            .map_or("lasting power of attorney", |lpa_type| match lpa_type {
                crate::lpa::model::LpaType::PropertyAndFinancial => {
                    "property and financial affairs lasting power of attorney"
                }
                crate::lpa::model::LpaType::HealthAndWelfare => {
                    "health and welfare lasting power of attorney"
                }
            });
    let mut paragraphs = vec![
        format!(
            "The {kind} for {donor} (reference {}) is ready to print, sign and post to the \
             Office of the Public Guardian.",
            lpa.id.a_reference()
        ),
        format!("Download the LPA and see what to do next: {documents}"),
    ];
    if let Some(payment) = &lpa.payment {
        match (payment.method, payment.amount) {
            (Some(PaymentMethod::Card), Some(amount)) => paragraphs.push(format!(
                "Thank you for your payment of {} by card. Your payment reference is {}.",
                pounds(amount),
                payment.reference.as_deref().unwrap_or_default()
            )),
            (Some(PaymentMethod::Cheque), Some(amount)) => paragraphs.push(format!(
                "Send a cheque for {} payable to ‘Office of the Public Guardian’ with the LPA.",
                pounds(amount)
            )),
            _ => {}
        }
    }
    paragraphs.push(
        "The LPA must be signed in the right order, or we cannot register it. The documents page \
         explains the order and has a tool to check the dates."
            .to_owned(),
    );
    let mut body = paragraphs.join("\n\n");
    body.push_str(&format!("\n\n{SERVICE_NAME}\n"));
    Email::new(
        to,
        format!("Lasting power of attorney for {donor} is ready to register"),
        body,
    )
}
