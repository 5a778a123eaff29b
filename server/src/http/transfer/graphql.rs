//! `/transfer/graphql`: the transfer service's GraphQL API (other-systems C.7; the schema is
//! `app::transfer::server::graphql`). Operations are POSTed as JSON.
//!
//! Who may call: a service client with a bearer token of ours (`server transfer token create
//! NAME`; the `Authorization` header decides, cookies are then ignored), or a signed-in member
//! of a transferring body (the `transfer` role, or an admin) with the session the pages use.
//! A request the session authenticates must carry the session's CSRF token in `X-CSRF-Token` and
//! come from this site, as the app's scripts' requests do: another site cannot make a signed-in
//! browser call the API (its form posts can set no header; its scripts are stopped by CORS
//! before they can).
//!
//! Status codes: 401 without credentials or with a token that is not ours (`WWW-Authenticate:
//! Bearer realm="transfer"`), 403 for a session request without the CSRF token or from another
//! site, or for an account that does not transfer records; 415 for a body that is not JSON, 413
//! over [`MAX_BODY`], 400 for JSON that is not a GraphQL request, 429 over the allowance. Each
//! with a GraphQL error body and `extensions.code`. Everything decided while executing (not
//! found, refused, not for this kind of caller, too deep, too complex) is 200 with the errors in
//! the body, as GraphQL answers.
//!
//! GET serves GraphiQL in development (with the session's CSRF token as a header); elsewhere 405.
use std::sync::Arc;

use app::auth::Audience;
use app::csrf::CsrfToken;
use app::transfer::server::graphql::{self, codes, Client, TransferSchema};
use app::transfer::server::{ServiceTokens, Transfers};
use async_graphql_axum::GraphQLResponse;
use axum::body::{to_bytes, Body};
use axum::extract::{Extension, Request, State};
use axum::http::header::{self, HeaderValue};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use sha2::{Digest, Sha256};

use crate::state::AppState;

/// The largest request taken: `addFilesAndMetadata` for the most files a consignment takes
/// (10,000, with their paths and checksums) fits several times over.
pub const MAX_BODY: usize = 16 * 1024 * 1024;

/// The realm of the 401's challenge.
const REALM: &str = "transfer";

/// The content type GraphQL over HTTP answers with.
const GRAPHQL_RESPONSE: &str = "application/graphql-response+json";

/// The API's schemas, built once: one for operations, and one with a deeper limit for those that
/// ask for introspection alone (GraphiQL's documentation), and the service clients' tokens.
pub struct GraphqlApi {
    schema: TransferSchema,
    introspection: TransferSchema,
    tokens: ServiceTokens,
}

impl GraphqlApi {
    pub fn new(backends: &backends::Backends) -> Self {
        let transfers = Transfers::of(backends);
        GraphqlApi {
            schema: graphql::schema(transfers.clone(), graphql::MAX_DEPTH),
            introspection: graphql::schema(transfers, graphql::MAX_INTROSPECTION_DEPTH),
            tokens: ServiceTokens::of(backends),
        }
    }
}

/// A GraphQL error answered before anything is executed.
fn refusal(status: StatusCode, code: &str, message: &str) -> Response {
    let body = serde_json::json!({
        "errors": [{ "message": message, "extensions": { "code": code } }]
    });
    let mut response = (status, body.to_string()).into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(GRAPHQL_RESPONSE),
    );
    if status == StatusCode::UNAUTHORIZED {
        if let Ok(challenge) = HeaderValue::from_str(&format!("Bearer realm=\"{REALM}\"")) {
            response
                .headers_mut()
                .insert(header::WWW_AUTHENTICATE, challenge);
        }
    }
    response
}

/// Who is calling, or the answer that refuses them.
async fn identify(
    api: &GraphqlApi,
    parts: &axum::http::request::Parts,
) -> Result<Client, Response> {
    if let Some(authorization) = parts.headers.get(header::AUTHORIZATION) {
        let token = authorization
            .to_str()
            .ok()
            .and_then(|value| value.strip_prefix("Bearer "))
            .map(str::trim)
            .unwrap_or_default();
        return match api.tokens.holder(token).await {
            Ok(Some(name)) => Ok(Client::Service(name)),
            Ok(None) => Err(refusal(
                StatusCode::UNAUTHORIZED,
                codes::NOT_AUTHORISED,
                "The service token is not valid",
            )),
            Err(error) => {
                tracing::error!(%error, "a service token could not be checked");
                Err(refusal(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    codes::INTERNAL,
                    "Internal server error",
                ))
            }
        };
    }
    let Some(user) = app::auth::ssr::signed_in_from(&parts.extensions) else {
        return Err(refusal(
            StatusCode::UNAUTHORIZED,
            codes::NOT_AUTHORISED,
            "Sign in, or send a service token as Authorization: Bearer <token>",
        ));
    };
    if !crate::http::csrf::header_token_from_this_site(parts) {
        tracing::warn!("transfer GraphQL refused: CSRF token or origin did not match");
        return Err(refusal(
            StatusCode::FORBIDDEN,
            codes::NOT_AUTHORISED,
            "Send the page's CSRF token in the X-CSRF-Token header, from this site",
        ));
    }
    match app::auth::ssr::admit(Some(user), Audience::Transferring) {
        Ok(user) => Ok(Client::Member(user)),
        Err(_) => Err(refusal(
            StatusCode::FORBIDDEN,
            codes::NOT_AUTHORISED,
            "Your account does not transfer records",
        )),
    }
}

/// `POST /transfer/graphql`: one operation, as JSON.
pub async fn execute(Extension(api): Extension<Arc<GraphqlApi>>, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    let client = match identify(&api, &parts).await {
        Ok(client) => client,
        Err(refused) => return refused,
    };
    let is_json = parts
        .headers
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.split(';').next())
        .is_some_and(|media| media.trim().eq_ignore_ascii_case("application/json"));
    if !is_json {
        return refusal(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "UNSUPPORTED_MEDIA_TYPE",
            "Send the operation as JSON (Content-Type: application/json)",
        );
    }
    let Ok(bytes) = to_bytes(body, MAX_BODY).await else {
        return refusal(
            StatusCode::PAYLOAD_TOO_LARGE,
            "PAYLOAD_TOO_LARGE",
            &format!("The request is larger than {} MiB", MAX_BODY / 1024 / 1024),
        );
    };
    let operation: async_graphql::Request = match serde_json::from_slice(&bytes) {
        Ok(operation) => operation,
        Err(error) => {
            return refusal(
                StatusCode::BAD_REQUEST,
                "BAD_REQUEST",
                &format!("The body is not a GraphQL request: {error}"),
            )
        }
    };
    let (schema, depth) =
        if graphql::is_introspection(&operation.query, operation.operation_name.as_deref()) {
            (&api.introspection, graphql::MAX_INTROSPECTION_DEPTH)
        } else {
            (&api.schema, graphql::MAX_DEPTH)
        };
    let mut response = schema.execute(operation.data(client)).await;
    for error in &mut response.errors {
        coded_limit(error, depth);
    }
    GraphQLResponse::from(response).into_response()
}

/// The depth and complexity limits' refusals (async-graphql's own words), with a code and the
/// limit, as every other error has.
fn coded_limit(error: &mut async_graphql::ServerError, depth: usize) {
    let (code, message) = match error.message.as_str() {
        "Query is nested too deep." => (
            "QUERY_TOO_DEEP",
            format!("Query is nested too deep: at most {depth} levels of fields"),
        ),
        "Query is too complex." => (
            "QUERY_TOO_COMPLEX",
            format!(
                "Query is too complex: at most {} fields, counting each fragment where it is used",
                graphql::MAX_COMPLEXITY
            ),
        ),
        _ => return,
    };
    error.message = message;
    error
        .extensions
        .get_or_insert_with(Default::default)
        .set("code", code);
}

/// `GET /transfer/graphql`: GraphiQL in development, 405 elsewhere.
pub async fn graphiql(State(state): State<AppState>, request: Request) -> Response {
    if !state.config.dev_routes() {
        let mut response = refusal(
            StatusCode::METHOD_NOT_ALLOWED,
            "METHOD_NOT_ALLOWED",
            "Send GraphQL operations as POST, with a JSON body",
        );
        response
            .headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static("POST"));
        return response;
    }
    let token = request
        .extensions()
        .get::<CsrfToken>()
        .map(|token| token.0.clone())
        .unwrap_or_default();
    let page = async_graphql::http::GraphiQLSource::build()
        .endpoint(app::transfer::paths::GRAPHQL.pattern())
        .header(app::csrf::HEADER, &token)
        .title("Transfer digital records: GraphQL")
        .finish();
    let mut response = Body::from(page.clone()).into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    if let Ok(policy) = HeaderValue::from_str(&graphiql_policy(&page)) {
        response
            .headers_mut()
            .insert(header::CONTENT_SECURITY_POLICY, policy);
    }
    response
}

/// The Content-Security-Policy of the GraphiQL page, relaxed for that one page (development
/// only): GraphiQL and React come from unpkg.com, as async-graphql's page loads them; its own
/// inline script is allowed by its hash, and inline styles (which GraphiQL's editor sets) are
/// allowed. The app's pages keep their strict policy.
fn graphiql_policy(page: &str) -> String {
    let hashes: Vec<String> = inline_scripts(page)
        .map(|script| format!("'sha256-{}'", STANDARD.encode(Sha256::digest(script))))
        .collect();
    format!(
        "default-src 'none'; script-src https://unpkg.com {}; \
         style-src https://unpkg.com 'unsafe-inline'; img-src 'self' data: https://graphql.org; \
         font-src https://unpkg.com data:; connect-src 'self'; base-uri 'none'; \
         form-action 'none'; frame-ancestors 'none'",
        hashes.join(" ")
    )
}

/// The contents of the page's inline `<script>` elements (those without a `src`).
fn inline_scripts(page: &str) -> impl Iterator<Item = &str> {
    page.split("<script>")
        .skip(1)
        .filter_map(|rest| rest.split_once("</script>").map(|(script, _)| script))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_graphiql_page_allows_its_own_script_and_unpkg_only() {
        let page = async_graphql::http::GraphiQLSource::build()
            .endpoint("/graphql")
            .header("x-csrf-token", "token")
            .finish();
        let scripts: Vec<&str> = inline_scripts(&page).collect();
        assert_eq!(scripts.len(), 1, "{page}");
        assert!(scripts[0].contains("x-csrf-token"));
        let policy = graphiql_policy(&page);
        assert!(policy.contains(&format!(
            "'sha256-{}'",
            STANDARD.encode(Sha256::digest(scripts[0]))
        )));
        assert!(!policy.contains("script-src 'unsafe-inline'"));
        assert!(policy.contains("frame-ancestors 'none'"));
    }
}
