//! The server side of the form pattern (see `app::form`): every form posts to its page's own URL.
//! The handler checks the CSRF token, reads the body into the form's raw input, validates it and
//! either performs the action and redirects (303; JSON `{"redirect": ...}` for scripts) or renders
//! the same page with status 400, the errors and the input kept (JSON `{"errors": ...}` for
//! scripts).
use std::collections::HashMap;

use app::auth::ssr::SessionEnded;
use app::csrf::{CsrfToken, FIELD as CSRF_FIELD};
use app::error::AppError;
use app::form::{
    ActionContext, FieldErrors, FormEndpoint, FormOutcome, FormResponse, RejectedSubmission,
};
use app::routes::{Allowance, Serves, ROUTES};
use axum::body::{to_bytes, Body};
use axum::extract::{Request, State};
use axum::http::header::{ACCEPT, LOCATION, SET_COOKIE};
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{post, MethodRouter};
use axum::{Json, Router};
use leptos::prelude::provide_context;

use super::rate_limit;
use crate::error::ServerError;
use crate::state::AppState;

/// The largest form body we read; forms of this service are far smaller.
const MAX_BODY: usize = 64 * 1024;

/// Every form of the route table (`app::routes`), at its page's URL. Each allowance but the
/// general one has its own bucket per address, on top of the general one every form shares.
pub fn routes(state: &AppState) -> Router<AppState> {
    let mut groups: HashMap<Allowance, Router<AppState>> = HashMap::new();
    for route in ROUTES.iter() {
        let Some(form) = route.form() else { continue };
        if form.dev_only && !state.config.dev_routes() {
            continue;
        }
        let endpoint = form.endpoint;
        let mut method: MethodRouter<AppState> =
            post(move |state: State<AppState>, request: Request| handle(state, endpoint, request));
        if let Serves::Form { shown_on, .. } = route.serves {
            method = method.get(move || async move { Redirect::to(shown_on) });
        }
        let group = groups.remove(&form.allowance).unwrap_or_default();
        groups.insert(form.allowance, group.route(route.pattern, method));
    }
    let trust = state.config.trust_forwarded_for;
    let mut router = Router::new();
    for (allowance, group) in groups {
        router = router.merge(match allowance {
            Allowance::General => group,
            _ => group.layer(rate_limit::layer(rate_limit::ACCOUNT, trust)),
        });
    }
    router.layer(rate_limit::layer(rate_limit::FORMS, trust))
}

pub async fn handle(
    State(state): State<AppState>,
    endpoint: FormEndpoint,
    request: Request,
) -> Response {
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
    if !token_ok || !super::csrf::same_origin(&parts) {
        return refuse(StatusCode::FORBIDDEN, from_script);
    }

    let context = ActionContext {
        backends: state.backends.clone(),
        services: state.services.clone(),
        request: parts.clone(),
        secure_cookies: state.config.secure_cookies(),
        from_script,
        public_url: state.config.public_url(),
    };
    match endpoint.submit(body, context).await {
        FormOutcome::Done(submitted) => go_to(submitted, from_script),
        FormOutcome::Rejected(rejected) => reject(&state, parts, rejected, from_script).await,
        // Scripts show these in place without sending them; one that does gets nothing to fix.
        FormOutcome::Redisplayed(_) if from_script => {
            Json(FormResponse::Errors(FieldErrors::new())).into_response()
        }
        FormOutcome::Redisplayed(shown) => {
            render_submission(&state, parts, shown, StatusCode::OK).await
        }
        FormOutcome::Failed(AppError::SignInRequired) => {
            // The form is for people signed in, and the session has ended (or never was): sign
            // in, then come back to the page the form is on.
            let timed_out = parts.extensions.get::<SessionEnded>().is_some();
            let here = parts.uri.path();
            let to = app::auth::sign_in_url(timed_out, here);
            go_to(app::form::Submitted::reload(to), from_script)
        }
        FormOutcome::Failed(error) => failed(ServerError::from(error), from_script),
    }
}

/// The answer to a form that was done: a 303 to the next page (JSON for scripts), with its cookies.
fn go_to(submitted: app::form::Submitted, from_script: bool) -> Response {
    let mut response = if from_script {
        let next = if submitted.reload {
            FormResponse::Reload(submitted.redirect)
        } else {
            FormResponse::Redirect(submitted.redirect)
        };
        Json(next).into_response()
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

/// A submission that breaks the rules: the page again with the errors and what was sent (JSON
/// errors for scripts).
async fn reject(
    state: &AppState,
    parts: axum::http::request::Parts,
    rejected: RejectedSubmission,
    from_script: bool,
) -> Response {
    if from_script {
        let errors: FieldErrors = rejected.errors;
        return (StatusCode::BAD_REQUEST, Json(FormResponse::Errors(errors))).into_response();
    }
    render_submission(state, parts, rejected, StatusCode::BAD_REQUEST).await
}

/// A refused form: JSON for scripts, else the GOV.UK error page for `status` (for 403, the one
/// that says to reload the form).
fn refuse(status: StatusCode, from_script: bool) -> Response {
    if from_script {
        let body = serde_json::json!({ "error": status.canonical_reason().unwrap_or("refused") });
        (status, Json(body)).into_response()
    } else if status == StatusCode::FORBIDDEN {
        ServerError::FormRefused.into_response()
    } else {
        ServerError::Refused(status).into_response()
    }
}

/// A form that could not be done: refused (the person signed in may not use it, or what it names
/// is not there) or failed. JSON for scripts, else the GOV.UK page for the status.
fn failed(error: ServerError, from_script: bool) -> Response {
    match error {
        ServerError::Refused(status) if from_script => {
            let body =
                serde_json::json!({ "error": status.canonical_reason().unwrap_or("refused") });
            (status, Json(body)).into_response()
        }
        error => error.into_response(),
    }
}

/// The page again, as a GET of the same URL would render it, but showing the submission (with
/// `status`: 400 for a rejected one, 200 for one a finder button sent).
async fn render_submission(
    state: &AppState,
    parts: axum::http::request::Parts,
    rejected: RejectedSubmission,
    status: StatusCode,
) -> Response {
    let context = super::leptos_context(state);
    let options = state.leptos_options.clone();
    let render_page = leptos_axum::render_app_async_with_context(
        move || {
            context();
            provide_context(rejected.clone());
        },
        move || app::ssr::shell(options.clone()),
    );
    let mut page_request = Request::from_parts(parts, Body::empty());
    *page_request.method_mut() = axum::http::Method::GET;
    let mut page = render_page(page_request).await;
    *page.status_mut() = status;
    page
}
