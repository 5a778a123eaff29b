//! GOV.UK Pay's public API for card payments: create a payment, get one, search them. Field
//! names, status codes, error codes and their wording follow the real service (pay-publicapi's
//! `RequestError`, `RequestJsonParser` and `CreateCardPaymentRequest`, and the checks its
//! connector adds: a missing or malformed `return_url`, an amount of 0).

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Path, Query, Request, State};
use axum::http::{header, HeaderMap, HeaderName, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Json;
use chrono::{DateTime, SecondsFormat, Utc};
use serde::Serialize;
use serde_json::{json, Map, Value};

use crate::payments::{Created, NewPayment, Payment, State as PaymentState};
use crate::Fake;

const MAX_AMOUNT: i64 = 10_000_000;
const MAX_REFERENCE_LENGTH: usize = 255;
const MAX_DESCRIPTION_LENGTH: usize = 255;
const MAX_EMAIL_LENGTH: usize = 254;
const MAX_RETURN_URL_LENGTH: usize = 2000;
const MAX_METADATA_PAIRS: usize = 15;
const MAX_METADATA_KEY_LENGTH: usize = 30;
const MAX_METADATA_VALUE_LENGTH: usize = 100;
const MAX_SEARCH_PAGE_SIZE: usize = 500;
const IDEMPOTENCY_KEY: &str = "Idempotency-Key";
/// The `state` values a search takes (pay-publicapi's `PaymentSearchValidator`).
const SEARCHABLE_STATES: [&str; 7] = [
    "created",
    "started",
    "submitted",
    "success",
    "failed",
    "cancelled",
    "error",
];

/// Refuses, before any handler runs, a request without `Authorization: Bearer {api_key}`. GOV.UK
/// Pay answers 401 with no error envelope.
pub(crate) async fn require_api_key(
    State(fake): State<Arc<Fake>>,
    request: Request,
    next: Next,
) -> Response {
    let sent = request
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.strip_prefix("Bearer "));
    if sent == Some(fake.api_key.as_str()) {
        next.run(request).await
    } else {
        (
            StatusCode::UNAUTHORIZED,
            [(header::WWW_AUTHENTICATE, "Bearer")],
        )
            .into_response()
    }
}

/// GOV.UK Pay's error envelope: `field` names the attribute at fault, `header` the header.
#[derive(Debug, Serialize)]
struct RequestError {
    #[serde(skip_serializing_if = "Option::is_none")]
    field: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    header: Option<&'static str>,
    code: &'static str,
    description: String,
}

#[derive(Debug)]
pub(crate) struct ApiError {
    status: StatusCode,
    error: RequestError,
}

impl ApiError {
    fn new(status: StatusCode, code: &'static str, description: impl Into<String>) -> Self {
        ApiError {
            status,
            error: RequestError {
                field: None,
                header: None,
                code,
                description: description.into(),
            },
        }
    }

    fn on_field(mut self, field: &'static str) -> Self {
        self.error.field = Some(field);
        self
    }

    fn unparsable() -> Self {
        ApiError::new(StatusCode::BAD_REQUEST, "P0197", "Unable to parse JSON")
    }

    fn missing(field: &'static str) -> Self {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            "P0101",
            format!("Missing mandatory attribute: {field}"),
        )
        .on_field(field)
    }

    /// A value of the wrong type (400) or out of bounds (422).
    fn invalid(status: StatusCode, field: &'static str, reason: &str) -> Self {
        ApiError::new(
            status,
            "P0102",
            format!("Invalid attribute value: {field}. {reason}"),
        )
        .on_field(field)
    }

    fn bad_idempotency_key(description: &str) -> Self {
        let mut error = ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "P0102", description);
        error.error.header = Some(IDEMPOTENCY_KEY);
        error
    }

    fn not_found() -> Self {
        ApiError::new(StatusCode::NOT_FOUND, "P0200", "Not found")
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (self.status, Json(self.error)).into_response()
    }
}

/// `POST /v1/payments`.
pub(crate) async fn create(
    State(fake): State<Arc<Fake>>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    let request: Value = serde_json::from_slice(&body).map_err(|_| ApiError::unparsable())?;
    let new = new_payment(&request)?;
    let idempotency_key = idempotency_key(&headers)?;
    let mut payments = fake.payments();
    let (status, payment) = match payments.create(
        new,
        idempotency_key.map(|key| (key, request)),
        Utc::now(),
    ) {
        Created::New(payment) => (StatusCode::CREATED, payment),
        Created::Repeated(payment) => (StatusCode::OK, payment),
        Created::KeyReused => {
            return Err(ApiError::new(
                StatusCode::CONFLICT,
                "P0191",
                "The `Idempotency-Key` you sent in the request header has already been used to create a payment.",
            ))
        }
    };
    let body = payment_json(payment, &fake.base_url);
    let mut response = (
        status,
        [
            (header::CACHE_CONTROL, "no-store"),
            (header::PRAGMA, "no-cache"),
        ],
        Json(body),
    )
        .into_response();
    if status == StatusCode::CREATED {
        let location = HeaderValue::try_from(self_url(&fake.base_url, payment))
            .expect("a payment's URL is made of the base URL and letters");
        response.headers_mut().insert(header::LOCATION, location);
    }
    Ok(response)
}

/// `GET /v1/payments/{payment_id}`.
pub(crate) async fn get(
    State(fake): State<Arc<Fake>>,
    Path(payment_id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let payments = fake.payments();
    let payment = payments.get(&payment_id).ok_or_else(ApiError::not_found)?;
    Ok(Json(payment_json(payment, &fake.base_url)))
}

/// `GET /v1/payments`: the payments matching `reference` (whole, any case), `email` (a part of
/// it, any case) and `state`, newest first, a page at a time. The real search's other filters
/// (dates, card brand and digits, agreements) are not kept: a search naming one finds every
/// payment it would have filtered.
pub(crate) async fn search(
    State(fake): State<Arc<Fake>>,
    Query(query): Query<Vec<(String, String)>>,
) -> Result<Json<Value>, ApiError> {
    let parameter = |name: &str| {
        query
            .iter()
            .rev()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
            .filter(|value| !value.trim().is_empty())
    };
    let (reference, email, state) = (
        parameter("reference"),
        parameter("email"),
        parameter("state"),
    );
    let number = |name: &str, range: std::ops::RangeInclusive<usize>, default: usize| {
        parameter(name).map_or(Some(default), |text| {
            text.parse::<usize>()
                .ok()
                .filter(|number| range.contains(number))
        })
    };
    let page = number("page", 1..=usize::MAX, 1);
    let display_size = number(
        "display_size",
        1..=MAX_SEARCH_PAGE_SIZE,
        MAX_SEARCH_PAGE_SIZE,
    );

    let mut invalid = Vec::new();
    if state.is_some_and(|state| !SEARCHABLE_STATES.contains(&state)) {
        invalid.push("state");
    }
    if reference.is_some_and(|reference| java_length(reference) > MAX_REFERENCE_LENGTH) {
        invalid.push("reference");
    }
    if email.is_some_and(|email| java_length(email) > MAX_EMAIL_LENGTH) {
        invalid.push("email");
    }
    if page.is_none() {
        invalid.push("page");
    }
    if display_size.is_none() {
        invalid.push("display_size");
    }
    let (page, display_size) = match (page, display_size) {
        (Some(page), Some(display_size)) if invalid.is_empty() => (page, display_size),
        _ => return Err(invalid_search(&invalid)),
    };

    let payments = fake.payments();
    let email = email.map(str::to_lowercase);
    let found: Vec<&Payment> = payments
        .newest_first()
        .filter(|payment| {
            reference.is_none_or(|reference| {
                payment.details.reference.to_lowercase() == reference.to_lowercase()
            })
        })
        .filter(|payment| {
            email.as_ref().is_none_or(|email| {
                payment
                    .email
                    .as_ref()
                    .is_some_and(|address| address.to_lowercase().contains(email.as_str()))
            })
        })
        .filter(|payment| state.is_none_or(|state| payment.state.status() == state))
        .collect();
    let total = found.len();
    let last_page = total.div_ceil(display_size).max(1);
    if page > last_page {
        return Err(ApiError::new(
            StatusCode::NOT_FOUND,
            "P0402",
            "Page not found",
        ));
    }
    let results: Vec<Value> = found
        .iter()
        .skip((page - 1) * display_size)
        .take(display_size)
        .map(|payment| payment_json(payment, &fake.base_url))
        .collect();

    let page_link = |page: usize| {
        let mut query = url::form_urlencoded::Serializer::new(String::new());
        for (name, value) in [
            ("reference", reference),
            ("email", email.as_deref()),
            ("state", state),
        ] {
            if let Some(value) = value {
                query.append_pair(name, value);
            }
        }
        query.append_pair("display_size", &display_size.to_string());
        query.append_pair("page", &page.to_string());
        json!({ "href": format!("{}/v1/payments?{}", fake.base_url, query.finish()) })
    };
    let mut links = Map::new();
    links.insert("self".into(), page_link(page));
    links.insert("first_page".into(), page_link(1));
    links.insert("last_page".into(), page_link(last_page));
    if page > 1 {
        links.insert("prev_page".into(), page_link(page - 1));
    }
    if page < last_page {
        links.insert("next_page".into(), page_link(page + 1));
    }
    Ok(Json(json!({
        "total": total,
        "count": results.len(),
        "page": page,
        "results": results,
        "_links": links,
    })))
}

fn invalid_search(parameters: &[&str]) -> ApiError {
    ApiError::new(
        StatusCode::UNPROCESSABLE_ENTITY,
        "P0401",
        format!(
            "Invalid parameters: {}. See Public API documentation for the correct data formats",
            parameters.join(", ")
        ),
    )
}

/// The create request's checks, in GOV.UK Pay's order: attributes missing or of the wrong type
/// first (400), then values out of bounds (422), then what its connector checks.
fn new_payment(request: &Value) -> Result<NewPayment, ApiError> {
    let empty = Map::new();
    let attributes = request.as_object().unwrap_or(&empty);

    let amount = match attributes.get("amount") {
        None | Some(Value::Null) => return Err(ApiError::missing("amount")),
        Some(amount) => amount
            .as_i64()
            .filter(|amount| i32::try_from(*amount).is_ok())
            .ok_or_else(|| {
                ApiError::invalid(
                    StatusCode::BAD_REQUEST,
                    "amount",
                    "Must be a valid numeric format",
                )
            })?,
    };
    let reference = required_text(attributes, "reference")?;
    let description = required_text(attributes, "description")?;
    let return_url = optional_text(attributes, "return_url", "Must be a valid URL format")?;
    let language = match attributes.get("language") {
        None => "en".to_owned(),
        Some(language) => {
            let invalid =
                |status| ApiError::invalid(status, "language", "Must be \"en\" or \"cy\"");
            let language = language
                .as_str()
                .filter(|language| !language.trim().is_empty())
                .ok_or_else(|| invalid(StatusCode::BAD_REQUEST))?;
            if !matches!(language, "en" | "cy") {
                return Err(invalid(StatusCode::UNPROCESSABLE_ENTITY));
            }
            language.to_owned()
        }
    };
    let email = optional_text(attributes, "email", "Field must be a string")?;
    let metadata = match attributes.get("metadata") {
        None => None,
        Some(metadata) => Some(checked_metadata(metadata)?),
    };

    let too_long = |field, limit| {
        ApiError::invalid(
            StatusCode::UNPROCESSABLE_ENTITY,
            field,
            &format!("Must be less than or equal to {limit} characters length"),
        )
    };
    if amount < 0 {
        return Err(ApiError::invalid(
            StatusCode::UNPROCESSABLE_ENTITY,
            "amount",
            "Must be greater than or equal to 1",
        ));
    }
    if amount > MAX_AMOUNT {
        return Err(ApiError::invalid(
            StatusCode::UNPROCESSABLE_ENTITY,
            "amount",
            &format!("Must be less than or equal to {MAX_AMOUNT}"),
        ));
    }
    if java_length(&reference) > MAX_REFERENCE_LENGTH {
        return Err(too_long("reference", MAX_REFERENCE_LENGTH));
    }
    if java_length(&description) > MAX_DESCRIPTION_LENGTH {
        return Err(too_long("description", MAX_DESCRIPTION_LENGTH));
    }
    if email
        .as_deref()
        .is_some_and(|email| java_length(email) > MAX_EMAIL_LENGTH)
    {
        return Err(too_long("email", MAX_EMAIL_LENGTH));
    }
    if return_url
        .as_deref()
        .is_some_and(|url| java_length(url) > MAX_RETURN_URL_LENGTH)
    {
        return Err(too_long("return_url", MAX_RETURN_URL_LENGTH));
    }

    // The connector's checks, whose errors name no `field`.
    let Some(return_url) = return_url else {
        return Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            "P0101",
            "Missing mandatory attribute: return_url",
        ));
    };
    if amount == 0 {
        return Err(ApiError::invalid(
            StatusCode::UNPROCESSABLE_ENTITY,
            "amount",
            "Must be greater than or equal to 1. Refer to https://docs.payments.service.gov.uk/making_payments/#amount",
        ));
    }
    let return_location = url::Url::parse(&return_url)
        .ok()
        .filter(|url| matches!(url.scheme(), "http" | "https") && url.host().is_some())
        .ok_or_else(|| {
            ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "P0102",
                "Invalid attribute value: return_url. Must be a valid URL format",
            )
        })?
        .to_string();

    Ok(NewPayment {
        amount,
        reference,
        description,
        return_url,
        return_location,
        email,
        language,
        metadata,
    })
}

/// `reference` and `description`: a string that is not blank and holds none of the characters
/// GOV.UK Pay's firewall refuses.
fn required_text(attributes: &Map<String, Value>, field: &'static str) -> Result<String, ApiError> {
    let invalid = || {
        ApiError::invalid(
            StatusCode::BAD_REQUEST,
            field,
            "Must be a valid string format",
        )
    };
    match attributes.get(field) {
        None | Some(Value::Null) => Err(ApiError::missing(field)),
        Some(Value::String(text)) if text.trim().is_empty() => Err(ApiError::missing(field)),
        Some(Value::String(text)) if text.contains(['<', '>', '|']) => Err(invalid()),
        Some(Value::String(text)) => Ok(text.clone()),
        Some(_) => Err(invalid()),
    }
}

/// An attribute that may be left out or `null`, but is a string when given.
fn optional_text(
    attributes: &Map<String, Value>,
    field: &'static str,
    reason: &str,
) -> Result<Option<String>, ApiError> {
    match attributes.get(field) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(text)) => Ok(Some(text.clone())),
        Some(_) => Err(ApiError::invalid(StatusCode::BAD_REQUEST, field, reason)),
    }
}

/// Up to 15 pairs, keys of 1 to 30 characters, values strings of up to 100 characters, numbers
/// or booleans (pay-java-commons' `ExternalMetadata`). Every broken rule is named at once.
fn checked_metadata(metadata: &Value) -> Result<Map<String, Value>, ApiError> {
    let invalid =
        |reason: &str| ApiError::invalid(StatusCode::UNPROCESSABLE_ENTITY, "metadata", reason);
    let pairs = match metadata {
        Value::Object(pairs) => pairs,
        Value::Null => return Err(invalid("Value must not be null")),
        _ => return Err(invalid("Must be an object of JSON key-value pairs")),
    };
    let mut broken = Vec::new();
    if pairs.len() > MAX_METADATA_PAIRS {
        broken.push(format!(
            "Cannot have more than {MAX_METADATA_PAIRS} key-value pairs"
        ));
    }
    if pairs
        .keys()
        .any(|key| !(1..=MAX_METADATA_KEY_LENGTH).contains(&java_length(key)))
    {
        broken.push(format!(
            "Keys must be between 1 and {MAX_METADATA_KEY_LENGTH} characters long"
        ));
    }
    if pairs.values().any(|value| {
        value
            .as_str()
            .is_some_and(|text| java_length(text) > MAX_METADATA_VALUE_LENGTH)
    }) {
        broken.push(format!(
            "Values must be no greater than {MAX_METADATA_VALUE_LENGTH} characters long"
        ));
    }
    if pairs
        .values()
        .any(|value| matches!(value, Value::Array(_) | Value::Object(_)))
    {
        broken.push("Values must be of type String, Boolean or Number".to_owned());
    }
    if pairs.values().any(Value::is_null) {
        broken.push("Must not have null values".to_owned());
    }
    if broken.is_empty() {
        Ok(pairs.clone())
    } else {
        Err(invalid(&broken.join(". ")))
    }
}

/// The optional `Idempotency-Key`: 1 to 255 letters, digits and hyphens.
fn idempotency_key(headers: &HeaderMap) -> Result<Option<String>, ApiError> {
    let Some(key) = headers.get(HeaderName::from_static("idempotency-key")) else {
        return Ok(None);
    };
    let key = key.to_str().unwrap_or("\u{fffd}");
    if key.is_empty() || key.len() > 255 {
        return Err(ApiError::bad_idempotency_key(
            "Header [Idempotency-Key] can have a size between 1 and 255",
        ));
    }
    if !key.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') {
        return Err(ApiError::bad_idempotency_key(
            "Header [Idempotency-Key] can only contain alphanumeric characters and hyphens",
        ));
    }
    Ok(Some(key.to_owned()))
}

/// A string's length as GOV.UK Pay (Java) counts it: in UTF-16 code units.
fn java_length(text: &str) -> usize {
    text.encode_utf16().count()
}

fn self_url(base_url: &str, payment: &Payment) -> String {
    format!("{base_url}/v1/payments/{}", payment.payment_id)
}

/// Dates as GOV.UK Pay writes them: UTC, milliseconds, `Z`.
fn timestamp(time: DateTime<Utc>) -> String {
    time.to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// A payment as the API shows it. `next_url` is there while the payment can still be paid.
fn payment_json(payment: &Payment, base_url: &str) -> Value {
    let details = &payment.details;
    let mut body = Map::new();
    body.insert("amount".into(), details.amount.into());
    body.insert("description".into(), details.description.as_str().into());
    body.insert("reference".into(), details.reference.as_str().into());
    body.insert("language".into(), details.language.as_str().into());
    if let Some(metadata) = &details.metadata {
        body.insert("metadata".into(), Value::Object(metadata.clone()));
    }
    if let Some(email) = &payment.email {
        body.insert("email".into(), email.as_str().into());
    }
    let mut state = json!({
        "status": payment.state.status(),
        "finished": payment.state.is_finished(),
    });
    if let Some((code, message)) = payment.state.failure() {
        state["code"] = code.into();
        state["message"] = message.into();
    }
    body.insert("state".into(), state);
    body.insert("payment_id".into(), payment.payment_id.as_str().into());
    body.insert("payment_provider".into(), "sandbox".into());
    body.insert("created_date".into(), timestamp(payment.created).into());
    let (refund_status, refundable) = if !payment.state.is_finished() {
        ("pending", details.amount)
    } else if payment.state == PaymentState::Success {
        ("available", details.amount)
    } else {
        ("unavailable", 0)
    };
    body.insert(
        "refund_summary".into(),
        json!({
            "status": refund_status,
            "amount_available": refundable,
            "amount_submitted": 0,
        }),
    );
    let settlement = match payment.captured {
        Some(captured) => json!({
            "capture_submit_time": timestamp(captured),
            "captured_date": captured.date_naive().to_string(),
        }),
        None => json!({}),
    };
    body.insert("settlement_summary".into(), settlement);
    if let Some(card) = &payment.card {
        body.insert(
            "card_details".into(),
            json!({
                "last_digits_card_number": card.last_digits,
                "first_digits_card_number": card.first_digits,
                "cardholder_name": card.cardholder_name,
                "expiry_date": card.expiry_date,
                "card_brand": card.brand,
                "card_type": card.card_type,
            }),
        );
    }
    body.insert("delayed_capture".into(), false.into());
    body.insert("moto".into(), false.into());
    if let Some(provider_id) = &payment.provider_id {
        body.insert("provider_id".into(), provider_id.as_str().into());
    }
    body.insert("return_url".into(), details.return_url.as_str().into());
    body.insert("authorisation_mode".into(), "web".into());

    let mut links = Map::new();
    links.insert(
        "self".into(),
        json!({ "href": self_url(base_url, payment), "method": "GET" }),
    );
    if !payment.state.is_finished() {
        links.insert(
            "next_url".into(),
            json!({ "href": format!("{base_url}/secure/{}", payment.token), "method": "GET" }),
        );
        links.insert(
            "next_url_post".into(),
            json!({
                "type": "application/x-www-form-urlencoded",
                "params": { "chargeTokenId": payment.token },
                "href": format!("{base_url}/secure"),
                "method": "POST",
            }),
        );
    }
    body.insert("_links".into(), Value::Object(links));
    Value::Object(body)
}
