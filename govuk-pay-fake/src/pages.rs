//! The payer's pages, where `next_url` leads: card details, and what a finished payment says.
//! They work without JavaScript (there is none) and under a strict Content-Security-Policy (the
//! one they send: no inline script or style), with labelled fields, landmarks and GOV.UK colours.
//!
//! Unlike the real service, a good card is paid at once (no "Confirm your payment" page), and
//! every outcome (paid, declined, error, cancelled) sends the payer straight back to the
//! service's `return_url`, which reads the outcome from the API.

use std::collections::HashMap;
use std::fmt::Write;
use std::sync::Arc;

use axum::extract::{Path, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use chrono::Utc;
use serde::Deserialize;

use crate::card_form::{Card, CardForm, Field, FieldError};
use crate::cards::{self, Outcome};
use crate::payments::{CardDetails, Payment, State as PaymentState};
use crate::Fake;

/// Where the pages' stylesheet is, under the router.
pub(crate) const STYLESHEET_PATH: &str = "/assets/card-payment.css";

/// Where the pages' icon is, under the router. Named in each page, so a browser does not ask
/// for `/favicon.ico` (a 404, which browsers report as an error in the console).
pub(crate) const ICON_PATH: &str = "/assets/icon.svg";

const STYLESHEET: &str = include_str!("card-payment.css");

/// A black square: the fake has no crown to show.
const ICON: &str = r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" fill="#0b0c0c"/></svg>"##;

/// `GET /assets/card-payment.css`.
pub(crate) async fn stylesheet() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "max-age=3600"),
        ],
        STYLESHEET,
    )
        .into_response()
}

/// `GET /assets/icon.svg`.
pub(crate) async fn icon() -> Response {
    (
        [
            (header::CONTENT_TYPE, "image/svg+xml"),
            (header::CACHE_CONTROL, "max-age=3600"),
        ],
        ICON,
    )
        .into_response()
}

/// The form `next_url_post` describes.
#[derive(Deserialize)]
pub(crate) struct ChargeToken {
    #[serde(rename = "chargeTokenId")]
    charge_token_id: String,
}

/// `POST /secure`: `next_url_post`, which leads where `next_url` does.
pub(crate) async fn continue_payment(
    State(fake): State<Arc<Fake>>,
    Form(form): Form<ChargeToken>,
) -> Response {
    let payments = fake.payments();
    match payments.by_token(&form.charge_token_id) {
        Some(payment) => {
            Redirect::to(&format!("{}/secure/{}", fake.base_url, payment.token)).into_response()
        }
        None => not_found(&fake),
    }
}

/// `GET /secure/{token}`: the card details page, or what became of a finished payment.
pub(crate) async fn card_details(
    State(fake): State<Arc<Fake>>,
    Path(token): Path<String>,
) -> Response {
    let mut payments = fake.payments();
    let Some(payment) = payments.by_token_mut(&token) else {
        return not_found(&fake);
    };
    if payment.state.is_finished() {
        return finished(&fake, payment, StatusCode::OK);
    }
    payment.state = PaymentState::Started;
    let form = CardForm::prefilled(payment.email.as_deref());
    card_details_page(&fake, payment, &form, &[])
}

/// `POST /secure/{token}`: the payer's card. Errors show on the form again (400); a good card
/// goes to the provider, and the payer back to the service with the outcome recorded.
pub(crate) async fn submit_card_details(
    State(fake): State<Arc<Fake>>,
    Path(token): Path<String>,
    Form(fields): Form<HashMap<String, String>>,
) -> Response {
    let mut payments = fake.payments();
    let Some(payment) = payments.by_token_mut(&token) else {
        return not_found(&fake);
    };
    if payment.state.is_finished() {
        return finished(&fake, payment, StatusCode::CONFLICT);
    }
    let form = CardForm::from_fields(&fields);
    let now = Utc::now();
    match form.validate(now.date_naive()) {
        Err(errors) => card_details_page(&fake, payment, &form, &errors),
        Ok(card) => {
            let outcome = cards::outcome(&card.number);
            record(payment, &card, outcome, now);
            Redirect::to(&payment.details.return_location).into_response()
        }
    }
}

/// `POST /secure/{token}/cancel`: the payer gives up, and goes back to the service.
pub(crate) async fn cancel(State(fake): State<Arc<Fake>>, Path(token): Path<String>) -> Response {
    let mut payments = fake.payments();
    let Some(payment) = payments.by_token_mut(&token) else {
        return not_found(&fake);
    };
    if payment.state.is_finished() {
        return finished(&fake, payment, StatusCode::CONFLICT);
    }
    payment.state = PaymentState::CancelledByUser;
    Redirect::to(&payment.details.return_location).into_response()
}

/// What the provider's answer makes of the payment. The card is kept whatever the answer, as
/// GOV.UK Pay keeps it once it has tried it.
fn record(payment: &mut Payment, card: &Card, outcome: Outcome, now: chrono::DateTime<Utc>) {
    payment.email = Some(card.email.clone());
    payment.card = Some(CardDetails {
        first_digits: card.number[..6].to_owned(),
        last_digits: card.number[card.number.len() - 4..].to_owned(),
        cardholder_name: card.cardholder_name.clone(),
        expiry_date: card.expiry_date(),
        brand: card.brand,
        card_type: cards::card_type(&card.number),
    });
    payment.provider_id = Some(uuid::Uuid::new_v4().to_string());
    payment.state = match outcome {
        Outcome::Authorised => {
            payment.captured = Some(now);
            PaymentState::Success
        }
        Outcome::Declined => PaymentState::Rejected,
        Outcome::ProviderError => PaymentState::ProviderError,
    };
}

fn card_details_page(
    fake: &Fake,
    payment: &Payment,
    form: &CardForm,
    errors: &[FieldError],
) -> Response {
    let error_for = |field: Field| {
        errors
            .iter()
            .find(|error| error.field == field)
            .map(|error| error.message)
    };
    let action = format!("{}/secure/{}", fake.base_path, escape(&payment.token));
    let mut main = String::new();
    if !errors.is_empty() {
        main.push_str(
            r#"<div class="error-summary" role="alert" aria-labelledby="error-summary-title">
<h2 class="error-summary-title" id="error-summary-title">The following fields are missing or contain errors</h2>
<ul class="error-summary-list">"#,
        );
        for error in errors {
            let _ = write!(
                main,
                r##"<li><a href="#{}">{}</a></li>"##,
                error.field.id(),
                escape(error.message)
            );
        }
        main.push_str("</ul>\n</div>\n");
    }
    let _ = write!(
        main,
        r#"<h1>Enter card details</h1>
<div class="summary">
<h2>Payment summary</h2>
<p>{description}</p>
<p>Total amount: <strong>{amount}</strong></p>
</div>
<p class="inset">{hint}</p>
<form method="post" action="{action}" novalidate>
"#,
        description = escape(&payment.details.description),
        amount = pounds(payment.details.amount),
        hint = escape(cards::HINT),
    );
    main.push_str(&text_field(
        Field::CardNo,
        "Card number",
        None,
        &form.card_no,
        error_for(Field::CardNo),
        "input",
        r#"type="text" inputmode="numeric" autocomplete="cc-number" spellcheck="false""#,
    ));
    main.push_str(&expiry_fields(form, error_for(Field::ExpiryMonth)));
    main.push_str(&text_field(
        Field::CardholderName,
        "Name on card",
        None,
        &form.cardholder_name,
        error_for(Field::CardholderName),
        "input",
        r#"type="text" autocomplete="cc-name" spellcheck="false""#,
    ));
    // The security code is never shown again.
    main.push_str(&text_field(
        Field::Cvc,
        "Card security code",
        Some("The last 3 digits on the back of the card"),
        "",
        error_for(Field::Cvc),
        "input input-short",
        r#"type="text" inputmode="numeric" autocomplete="cc-csc""#,
    ));
    main.push_str(&text_field(
        Field::Email,
        "Email",
        Some("We’ll send your payment confirmation here"),
        &form.email,
        error_for(Field::Email),
        "input",
        r#"type="email" autocomplete="email" spellcheck="false""#,
    ));
    let _ = write!(
        main,
        r#"<button type="submit" class="button">Confirm payment</button>
</form>
<form method="post" action="{action}/cancel">
<button type="submit" class="button button-secondary">Cancel payment</button>
</form>
"#
    );
    let title = if errors.is_empty() {
        "Enter card details".to_owned()
    } else {
        "Error: Enter card details".to_owned()
    };
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::BAD_REQUEST
    };
    html(
        fake,
        status,
        &title,
        &main,
        Some(&payment.details.return_location),
    )
}

/// One labelled input with its hint and error, GOV.UK style. `attributes` are trusted markup;
/// `class` is the input's (`input`, or `input input-short`).
fn text_field(
    field: Field,
    label: &str,
    hint: Option<&str>,
    value: &str,
    error: Option<&str>,
    class: &str,
    attributes: &str,
) -> String {
    let id = field.id();
    let mut described_by = Vec::new();
    let mut html = format!(
        r#"<div class="form-group{}">
<label class="label" for="{id}">{}</label>
"#,
        if error.is_some() {
            " form-group-error"
        } else {
            ""
        },
        escape(label)
    );
    if let Some(hint) = hint {
        let _ = writeln!(
            html,
            r#"<p class="hint" id="{id}-hint">{}</p>"#,
            escape(hint)
        );
        described_by.push(format!("{id}-hint"));
    }
    if let Some(error) = error {
        let _ = writeln!(
            html,
            r#"<p class="error-message" id="{id}-error"><span class="visually-hidden">Error:</span> {}</p>"#,
            escape(error)
        );
        described_by.push(format!("{id}-error"));
    }
    let class = if error.is_some() {
        format!("{class} input-error")
    } else {
        class.to_owned()
    };
    let described_by = if described_by.is_empty() {
        String::new()
    } else {
        format!(r#" aria-describedby="{}""#, described_by.join(" "))
    };
    let _ = write!(
        html,
        r#"<input id="{id}" name="{name}" value="{value}" {attributes} class="{class}"{described_by}>
</div>
"#,
        name = field.name(),
        value = escape(value),
    );
    html
}

/// Month and year in one fieldset, its error on the month.
fn expiry_fields(form: &CardForm, error: Option<&str>) -> String {
    let input_class = if error.is_some() {
        "input input-short input-error"
    } else {
        "input input-short"
    };
    let (group_class, error_html, described_by) = match error {
        Some(error) => (
            " form-group-error",
            format!(
                r#"<p class="error-message" id="expiry-error"><span class="visually-hidden">Error:</span> {}</p>
"#,
                escape(error)
            ),
            "expiry-hint expiry-error",
        ),
        None => ("", String::new(), "expiry-hint"),
    };
    format!(
        r#"<div class="form-group{group_class}">
<fieldset class="fieldset" role="group" aria-describedby="{described_by}">
<legend class="legend">Expiry date</legend>
<p class="hint" id="expiry-hint">For example, 10/30</p>
{error_html}<div class="date-input">
<div class="date-input-item">
<label class="label" for="{month_id}">Month</label>
<input id="{month_id}" name="{month_name}" value="{month}" type="text" inputmode="numeric" autocomplete="cc-exp-month" class="{input_class}">
</div>
<div class="date-input-item">
<label class="label" for="{year_id}">Year</label>
<input id="{year_id}" name="{year_name}" value="{year}" type="text" inputmode="numeric" autocomplete="cc-exp-year" class="{input_class}">
</div>
</div>
</fieldset>
</div>
"#,
        month_id = Field::ExpiryMonth.id(),
        month_name = Field::ExpiryMonth.name(),
        month = escape(&form.expiry_month),
        year_id = Field::ExpiryYear.id(),
        year_name = Field::ExpiryYear.name(),
        year = escape(&form.expiry_year),
    )
}

/// A finished payment's page: what became of it, and the way back to the service.
fn finished(fake: &Fake, payment: &Payment, status: StatusCode) -> Response {
    let (heading, detail) = match payment.state {
        PaymentState::Success => (
            "Your payment was successful",
            format!(
                "You paid {} for {}.",
                pounds(payment.details.amount),
                escape(&payment.details.description)
            ),
        ),
        PaymentState::Rejected => (
            "Your payment has been declined",
            "No money has been taken from your account.".to_owned(),
        ),
        PaymentState::CancelledByUser => (
            "Your payment has been cancelled",
            "No money has been taken from your account.".to_owned(),
        ),
        // (Unfinished payments show the card details page instead.)
        PaymentState::ProviderError | PaymentState::Created | PaymentState::Started => (
            "We’re experiencing technical problems",
            "No money has been taken from your account.".to_owned(),
        ),
    };
    let main = format!(
        r#"<h1>{heading}</h1>
<p>{detail}</p>
<p>This payment is finished: it cannot be paid or cancelled here again.</p>
<a class="button" href="{return_url}">Go back to the service</a>
"#,
        return_url = escape(&payment.details.return_location),
    );
    html(
        fake,
        status,
        heading,
        &main,
        Some(&payment.details.return_location),
    )
}

fn not_found(fake: &Fake) -> Response {
    html(
        fake,
        StatusCode::NOT_FOUND,
        "Payment not found",
        "<h1>Payment not found</h1>\n<p>This payment link is not valid. Go back to the service and start the payment again.</p>\n",
        None,
    )
}

/// A whole page around `main` (trusted markup). Its policy allows its own stylesheet and forms,
/// and the service it sends the payer back to (browsers hold a form's redirect to `form-action`).
fn html(
    fake: &Fake,
    status: StatusCode,
    title: &str,
    main: &str,
    return_url: Option<&str>,
) -> Response {
    let page = format!(
        r##"<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} – GOV.UK Pay</title>
<link rel="icon" href="{base_path}{ICON_PATH}" type="image/svg+xml">
<link rel="stylesheet" href="{base_path}{STYLESHEET_PATH}">
</head>
<body>
<a class="skip-link" href="#main-content">Skip to main content</a>
<header class="header">
<div class="width-container"><p class="header-title">GOV.UK Pay <span class="header-fake">(fake)</span></p></div>
</header>
<div class="width-container">
<main class="main" id="main-content">
{main}</main>
</div>
<footer class="footer">
<div class="width-container"><p>A fake of GOV.UK Pay for development and tests. It takes no money.</p></div>
</footer>
</body>
</html>
"##,
        title = escape(title),
        base_path = fake.base_path,
    );
    let return_origin = return_url
        .and_then(|url| url::Url::parse(url).ok())
        .map(|url| format!(" {}", url.origin().ascii_serialization()))
        .unwrap_or_default();
    let policy = format!(
        "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'{return_origin}; \
         base-uri 'none'; frame-ancestors 'none'"
    );
    let policy =
        HeaderValue::try_from(policy).expect("an origin is made of header-safe characters");
    (
        status,
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/html; charset=utf-8"),
            ),
            (header::CONTENT_SECURITY_POLICY, policy),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
            (
                header::X_CONTENT_TYPE_OPTIONS,
                HeaderValue::from_static("nosniff"),
            ),
            (
                header::REFERRER_POLICY,
                HeaderValue::from_static("no-referrer"),
            ),
        ],
        page,
    )
        .into_response()
}

/// Pence as pounds, the way GOV.UK writes money: `£1,234.50`.
fn pounds(pence: i64) -> String {
    let pounds = (pence / 100).to_string();
    let mut grouped = String::new();
    for (position, digit) in pounds.chars().enumerate() {
        if position > 0 && (pounds.len() - position).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(digit);
    }
    format!("£{grouped}.{:02}", pence % 100)
}

/// Text made safe for HTML content and quoted attributes.
fn escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&#39;"),
            _ => escaped.push(c),
        }
    }
    escaped
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_is_written_in_pounds_with_thousands_grouped() {
        assert_eq!(pounds(1), "£0.01");
        assert_eq!(pounds(8200), "£82.00");
        assert_eq!(pounds(123_456), "£1,234.56");
        assert_eq!(pounds(10_000_000), "£100,000.00");
    }

    #[test]
    fn text_cannot_open_markup() {
        assert_eq!(
            escape(r#"<script>"a" & 'b'</script>"#),
            "&lt;script&gt;&quot;a&quot; &amp; &#39;b&#39;&lt;/script&gt;"
        );
    }
}
