//! The gateway's endpoint and its answers, with opg-data-lpa's bodies: a 200 is the LPA's
//! record; errors raised by API Gateway itself (a bad signature, a bad path parameter, an
//! upstream failure or timeout) have the gateway-response envelope `{"errors": {…}}` of its
//! OpenAPI document; errors raised by its Lambda (404, 500) have the Lambda's own shape; a 410
//! (deleted in Sirius) is an empty JSON string, as its handler returns.
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use axum::extract::{OriginalUri, Path, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::json;

use crate::answers::Answer;
use crate::sigv4::{self, Expected};
use crate::Fake;

/// `GET /v1/lpa-online-tool/lpas/{id}`.
pub async fn lpa(
    State(fake): State<Arc<Fake>>,
    Path(id): Path<String>,
    OriginalUri(uri): OriginalUri,
    method: Method,
    headers: HeaderMap,
) -> Response {
    let expected = Expected {
        access_key_id: &fake.config.access_key_id,
        secret_access_key: &fake.config.secret_access_key,
        region: &fake.config.region,
        service: "execute-api",
    };
    if let Err(refusal) = sigv4::verify(&method, &uri, &headers, b"", &expected, SystemTime::now())
    {
        let code = match refusal {
            sigv4::Refusal::Missing => "OPGDATA-API-MISSING_AUTHENTICATION_TOKEN",
            sigv4::Refusal::Expired => "OPGDATA-API-EXPIRED_TOKEN",
            sigv4::Refusal::InvalidToken => "OPGDATA-API-FORBIDDEN",
            sigv4::Refusal::Mismatch => "OPGDATA-API-INVALID_SIGNATURE",
        };
        return gateway_error(StatusCode::FORBIDDEN, code, refusal.message(), "");
    }
    if !is_online_tool_id(&id) {
        // API Gateway's request validator, on the path parameter's pattern `^A\d{11}$`.
        return gateway_error(
            StatusCode::BAD_REQUEST,
            "OPGDATA-API-BAD_REQUEST_PARAMETERS",
            "Invalid request parameters",
            "",
        );
    }
    let answer = fake.answers.next(&id);
    let _answering = fake.answering.begin();
    if answer.delay_ms > 0 {
        tokio::time::sleep(Duration::from_millis(answer.delay_ms)).await;
    }
    let mut response = respond(&id, &answer);
    if let Some(age) = answer.age_seconds {
        response
            .headers_mut()
            .insert(header::AGE, HeaderValue::from(age));
    }
    response
}

/// Any other path: API Gateway's "missing authentication token", which is what it answers for a
/// resource it does not have.
pub async fn not_found() -> Response {
    gateway_error(
        StatusCode::FORBIDDEN,
        "OPGDATA-API-MISSING_AUTHENTICATION_TOKEN",
        "Missing Authentication Token",
        "",
    )
}

fn is_online_tool_id(id: &str) -> bool {
    id.len() == 12 && id.starts_with('A') && id[1..].bytes().all(|byte| byte.is_ascii_digit())
}

fn respond(id: &str, answer: &Answer) -> Response {
    let status = StatusCode::from_u16(answer.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    if let Some(body) = &answer.raw_body {
        return (status, json_content_type(), body.clone()).into_response();
    }
    match answer.status {
        200 => match &answer.lpa {
            Some(record) => {
                let mut body = serde_json::to_value(record).unwrap_or_default();
                body["onlineLpaId"] = json!(id);
                (status, axum::Json(body)).into_response()
            }
            None => lambda_error(StatusCode::NOT_FOUND, "An LPA with the passed ID Not Found"),
        },
        404 => lambda_error(status, "An LPA with the passed ID Not Found"),
        410 => (status, axum::Json(json!(""))).into_response(),
        500 => lambda_error(status, "Something went wrong: 500 Internal Server Error"),
        502 => gateway_error(
            status,
            "OPGDATA-API-INTEGRATION_FAILURE",
            "Internal server error",
            "",
        ),
        504 => gateway_error(
            status,
            "OPGDATA-API-INTEGRATION_TIMEOUT",
            "Endpoint request timed out",
            "",
        ),
        501..=599 => gateway_error(
            status,
            "OPGDATA-API-SERVERERROR",
            "Service Unavailable",
            "Something unexpected happened internally",
        ),
        _ => (status, axum::Json(json!({}))).into_response(),
    }
}

fn json_content_type() -> [(header::HeaderName, HeaderValue); 1] {
    [(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    )]
}

/// API Gateway's own answer, through the gateway responses of opg-data-lpa's OpenAPI document.
fn gateway_error(status: StatusCode, code: &str, title: &str, detail: &str) -> Response {
    let body = json!({
        "errors": {
            "id": uuid::Uuid::new_v4().to_string(),
            "code": code,
            "title": title,
            "detail": detail,
            "meta": {"x-ray": format!("1-{:08x}-{}", chrono::Utc::now().timestamp(), uuid::Uuid::new_v4().simple())},
        }
    });
    (status, axum::Json(body)).into_response()
}

/// The Lambda's own error, as its Flask error handlers shape it (a Lambda proxy response, whole,
/// as the body).
fn lambda_error(status: StatusCode, message: &str) -> Response {
    let body = json!({
        "isBase64Encoded": false,
        "statusCode": status.as_u16(),
        "headers": {"Content-Type": "application/json"},
        "body": {"error": {"code": status.canonical_reason().unwrap_or("Error"), "message": message}},
    });
    (status, axum::Json(body)).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_and_eleven_digits_is_an_online_tool_id() {
        assert!(is_online_tool_id("A00012345678"));
        for id in [
            "A0001234567",
            "A000123456789",
            "B00012345678",
            "A0001234567x",
            "a00012345678",
            "A0001234567٣",
        ] {
            assert!(!is_online_tool_id(id), "{id}");
        }
    }
}
