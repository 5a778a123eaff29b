//! The server side of the form pattern (see `app::form`): every form posts to its page's own URL.
//! The handler checks the CSRF token, reads the body into the form's raw input, validates it and
//! either performs the action and redirects (303; JSON `{"redirect": ...}` for scripts) or renders
//! the same page with status 400, the errors and the input kept (JSON `{"errors": ...}` for
//! scripts).
use app::form::csrf::{CsrfToken, FIELD as CSRF_FIELD};
use app::form::{form_name, ActionContext, FormAction, FormResponse, RejectedSubmission};
use axum::body::{to_bytes, Body};
use axum::extract::{Request, State};
use axum::http::header::{ACCEPT, LOCATION, SET_COOKIE};
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Json, Router};
use leptos::prelude::provide_context;

use crate::error::ServerError;
use crate::state::AppState;

/// The largest form body we read; forms of this service are far smaller.
const MAX_BODY: usize = 64 * 1024;

/// Every page that takes a form, at its own URL.
pub fn routes(state: &AppState) -> Router<AppState> {
    let mut router = Router::new()
        .route("/cookies", post(handle::<app::pages::cookies::CookiesForm>))
        // The banner's form has no page of its own: someone who opens its URL gets the cookies page.
        .route(
            "/cookie-banner",
            post(handle::<app::cookie_banner::CookieBannerForm>)
                .get(|| async { axum::response::Redirect::to("/cookies") }),
        );
    if state.config.dev_routes() {
        router = router.route(
            "/design-system",
            post(handle::<app::pages::design_system::DemoForm>),
        );
    }
    router.layer(super::rate_limit::layer(
        super::rate_limit::FORMS,
        state.config.trust_forwarded_for,
    ))
}

pub async fn handle<F: FormAction>(State(state): State<AppState>, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    let from_script = parts
        .headers
        .get(ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("application/json"));
    let Ok(body) = to_bytes(body, MAX_BODY).await else {
        return refuse(StatusCode::PAYLOAD_TOO_LARGE, from_script);
    };
    let form_token = serde_urlencoded::from_bytes::<Vec<(String, String)>>(&body)
        .unwrap_or_default()
        .into_iter()
        .find_map(|(name, value)| (name == CSRF_FIELD).then_some(value))
        .unwrap_or_default();
    let token_ok = parts
        .extensions
        .get::<CsrfToken>()
        .is_some_and(|token| super::csrf::verify(token, &form_token));
    if !token_ok || !same_origin(&parts) {
        tracing::warn!("form refused: CSRF token or origin did not match");
        return refuse(StatusCode::FORBIDDEN, from_script);
    }

    let input = F::from_urlencoded(&body);
    let valid = match input.validate() {
        Ok(valid) => valid,
        Err(errors) if from_script => {
            return (StatusCode::BAD_REQUEST, Json(FormResponse::Errors(errors))).into_response()
        }
        Err(errors) => {
            let rejected = RejectedSubmission {
                form: form_name::<F>(),
                input: serde_json::to_value(&input).unwrap_or_default(),
                errors,
            };
            return render_rejected(&state, parts, rejected).await;
        }
    };

    let context = ActionContext {
        backends: state.backends.clone(),
        request: parts,
        secure_cookies: state.config.secure_cookies(),
        from_script,
    };
    let submitted = match F::perform(valid, context).await {
        Ok(submitted) => submitted,
        Err(error) => {
            tracing::error!(%error, "form action failed");
            return ServerError::Internal(anyhow::anyhow!("{error}")).into_response();
        }
    };
    let mut response = if from_script {
        Json(FormResponse::Redirect(submitted.redirect)).into_response()
    } else {
        let mut response = StatusCode::SEE_OTHER.into_response();
        if let Ok(location) = HeaderValue::from_str(&submitted.redirect) {
            response.headers_mut().insert(LOCATION, location);
        }
        response
    };
    for cookie in submitted.set_cookies {
        if let Ok(value) = HeaderValue::from_str(&cookie.to_string()) {
            response.headers_mut().append(SET_COOKIE, value);
        }
    }
    response
}

/// Browsers say where a POST came from; one from another site is refused even with a token.
/// `Sec-Fetch-Site` first: our `Referrer-Policy: no-referrer` makes browsers send `Origin: null`
/// on form posts, which says nothing.
fn same_origin(parts: &axum::http::request::Parts) -> bool {
    let header = |name: &str| parts.headers.get(name).and_then(|v| v.to_str().ok());
    if let Some(site) = header("sec-fetch-site") {
        return matches!(site, "same-origin" | "none");
    }
    match header("origin") {
        None | Some("null") => true,
        Some(origin) => origin
            .split_once("://")
            .is_some_and(|(_, authority)| Some(authority) == header("host")),
    }
}

/// A refused form: JSON for scripts, else the GOV.UK error page for `status`.
fn refuse(status: StatusCode, from_script: bool) -> Response {
    if from_script {
        let body = serde_json::json!({ "error": status.canonical_reason().unwrap_or("refused") });
        (status, Json(body)).into_response()
    } else {
        ServerError::Refused(status).into_response()
    }
}

/// The page again, as a GET of the same URL would render it, but showing the rejected submission.
async fn render_rejected(
    state: &AppState,
    parts: axum::http::request::Parts,
    rejected: RejectedSubmission,
) -> Response {
    let context = super::leptos_context(state);
    let options = state.leptos_options.clone();
    let render_page = leptos_axum::render_app_to_stream_with_context(
        move || {
            context();
            provide_context(rejected.clone());
        },
        move || app::ssr::shell(options.clone()),
    );
    let mut page_request = Request::from_parts(parts, Body::empty());
    *page_request.method_mut() = axum::http::Method::GET;
    let mut page = render_page(page_request).await;
    *page.status_mut() = StatusCode::BAD_REQUEST;
    page
}
