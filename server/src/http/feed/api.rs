//! `/api/v1/messages/`: post a message, read them newest first (reference D.1).
//!
//! Where the original was wrong, we answer better and say so in `docs/architecture.md`: bad input
//! is 400 (the original said 500), a body over 64 KiB is 413, and posting needs a token or a
//! signed-in user. Everything a working client of the original sends or reads is the same.
use std::sync::Arc;

use app::feed::server::{MessageBody, PageRequest, PostedMessage, TokenName};
use axum::body::{to_bytes, Body};
use axum::extract::{Extension, Path, Request, State};
use axum::http::header::{AUTHORIZATION, CONTENT_LENGTH, CONTENT_TYPE};
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use governor::{DefaultKeyedRateLimiter, Quota};

use crate::http::rate_limit::Limit;

use crate::http::api_error::ApiError;

/// The realm API tokens are for, in a 401's challenge.
const REALM: &str = "feed";
use crate::state::AppState;

/// The largest message we take.
pub const MAX_BODY: usize = 64 * 1024;

/// `POST /api/v1/messages/`: any JSON object. Answered `{}` once the message cannot be lost.
pub async fn post_message(
    State(state): State<AppState>,
    Extension(token_limits): Extension<Arc<TokenLimits>>,
    request: Request,
) -> Result<Json<serde_json::Value>, ApiError> {
    let (parts, body) = request.into_parts();
    if parts.uri.query().is_some_and(|q| !q.is_empty()) {
        return Err(ApiError::bad_request("No request arguments allowed"));
    }
    let poster = authorise(&state, &parts).await?;
    if let Poster::Token(name) = &poster {
        token_limits.check(name)?;
    }
    let body = to_bytes(body, MAX_BODY).await.map_err(|_| {
        ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!("The message is larger than {} KiB", MAX_BODY / 1024),
        )
    })?;
    let message = MessageBody::parse(&body).map_err(|error| match error {
        app::feed::server::BodyError::NotJson(reason) => {
            ApiError::bad_request(format!("Can not parse request body as JSON: {reason}"))
        }
        app::feed::server::BodyError::NotAnObject(reason) => ApiError::bad_request(format!(
            "Can not validate request data json according to schema: {reason}"
        )),
    })?;
    state
        .services
        .feed
        .intake
        .accept(PostedMessage::new(message))
        .await?;
    Ok(Json(serde_json::json!({})))
}

/// Who is posting.
enum Poster {
    Token(TokenName),
    SignedIn,
}

/// A bearer token of ours, or a signed-in user whose request carries the CSRF token and comes
/// from this site.
async fn authorise(
    state: &AppState,
    parts: &axum::http::request::Parts,
) -> Result<Poster, ApiError> {
    if let Some(authorization) = parts.headers.get(AUTHORIZATION) {
        let token = authorization
            .to_str()
            .ok()
            .and_then(|value| value.strip_prefix("Bearer "))
            .map(str::trim)
            .unwrap_or_default();
        return match state.services.feed.tokens.holder(token).await? {
            Some(name) => Ok(Poster::Token(name)),
            None => Err(ApiError::unauthorized(REALM, "The API token is not valid")),
        };
    }
    if app::auth::ssr::signed_in_from(&parts.extensions).is_some() {
        if crate::http::csrf::header_token_from_this_site(parts) {
            return Ok(Poster::SignedIn);
        }
        return Err(ApiError::new(
            StatusCode::FORBIDDEN,
            "Send the page's CSRF token in the X-CSRF-Token header",
        ));
    }
    Err(ApiError::unauthorized(
        REALM,
        "Sign in, or send an API token in the header Authorization: Bearer <token>",
    ))
}

/// Each token's allowance, wherever its requests come from.
pub struct TokenLimits(DefaultKeyedRateLimiter<String>);

impl TokenLimits {
    pub fn new(limit: Limit) -> Self {
        let burst =
            std::num::NonZeroU32::new(limit.burst.max(1)).unwrap_or(std::num::NonZeroU32::MIN);
        let quota = Quota::with_period(limit.refill_every)
            .unwrap_or_else(|| Quota::per_second(std::num::NonZeroU32::MIN))
            .allow_burst(burst);
        TokenLimits(DefaultKeyedRateLimiter::keyed(quota))
    }

    fn check(&self, name: &TokenName) -> Result<(), ApiError> {
        self.0.check_key(&name.as_str().to_owned()).map_err(|_| {
            ApiError::new(
                StatusCode::TOO_MANY_REQUESTS,
                "Too many requests with this token: wait a moment before sending more",
            )
        })
    }
}

/// `GET /api/v1/messages/?offset=&limit=&paginationId=`: a page of saved messages, newest first.
pub async fn list_messages(
    State(state): State<AppState>,
    request: Request,
) -> Result<Response, ApiError> {
    let (parts, body) = request.into_parts();
    if has_body(&parts.headers, body).await {
        return Err(ApiError::bad_request("No request data allowed"));
    }
    let page_request =
        PageRequest::from_query(parts.uri.query().unwrap_or_default()).map_err(|reason| {
            ApiError::bad_request(format!(
                "Can not validate request arguments according to schema: {reason}"
            ))
        })?;
    let page = state.services.feed.messages.page(page_request).await?;
    Ok(Json(page.original()).into_response())
}

/// `GET /api/v1/messages/{id}`: one message with its id and the time it was stored (ours, not
/// the original's).
pub async fn get_message(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let not_found = || ApiError::new(StatusCode::NOT_FOUND, "Not Found: there is no such message");
    let id: i64 = digits(&id)
        .and_then(|id| id.parse().ok())
        .ok_or_else(not_found)?;
    let message = state
        .services
        .feed
        .messages
        .get(id)
        .await?
        .ok_or_else(not_found)?;
    Ok(Json(message).into_response())
}

/// The OpenAPI document of this API.
pub async fn openapi() -> Response {
    let mut response = Body::from(include_str!("openapi.json")).into_response();
    response
        .headers_mut()
        .insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
    response
}

pub async fn not_found() -> ApiError {
    ApiError::new(StatusCode::NOT_FOUND, "Not Found")
}

pub async fn method_not_allowed() -> ApiError {
    ApiError::new(StatusCode::METHOD_NOT_ALLOWED, "Method Not Allowed")
}

fn digits(value: &str) -> Option<&str> {
    (!value.is_empty() && value.bytes().all(|b| b.is_ascii_digit())).then_some(value)
}

/// Whether a GET came with a body (which the original refuses).
async fn has_body(headers: &axum::http::HeaderMap, body: Body) -> bool {
    let declared = headers
        .get(CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok())
        .is_some_and(|length| length > 0);
    declared
        || to_bytes(body, 1)
            .await
            .map_or(true, |bytes| !bytes.is_empty())
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_openapi_document_describes_every_route() {
        use app::feed::paths::{API_MESSAGE, API_MESSAGES, WEBSOCKET};

        let document: serde_json::Value =
            serde_json::from_str(include_str!("openapi.json")).unwrap();
        let paths = document["paths"].as_object().unwrap();
        for path in [
            API_MESSAGES.pattern(),
            API_MESSAGE.pattern(),
            WEBSOCKET.pattern(),
        ] {
            assert!(paths.contains_key(path), "{path}");
        }
        assert_eq!(document["openapi"], "3.1.0");
    }
}
