//! Turns failed responses into GOV.UK error pages, rendered by the app's own shell so they look like
//! every other page and carry the request id.
use std::any::Any;

use app::error_page::ErrorPageRequest;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::header::RETRY_AFTER;
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use leptos::prelude::provide_context;

use crate::error::RenderErrorPage;
use crate::state::AppState;

pub async fn render(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let uri = request.uri().clone();
    // The page's layout has forms (the cookie banner): they need the request's CSRF token.
    let csrf_token = request.extensions().get::<app::csrf::CsrfToken>().cloned();
    let request_id = super::request_id::from_headers(request.headers());
    let response = next.run(request).await;
    let Some(kind) = response.extensions().get::<RenderErrorPage>().copied() else {
        return response;
    };
    let status = response.status();
    // What the failed response told the client beyond its status (how long to wait) stays.
    let retry_after = response.headers().get(RETRY_AFTER).cloned();
    let page_request = ErrorPageRequest {
        status: status.as_u16(),
        request_id,
        form_refused: kind == RenderErrorPage::FormRefused,
    };
    let context = super::leptos_context(&state);
    let options = state.leptos_options.clone();
    let render_page = leptos_axum::render_app_async_with_context(
        move || {
            context();
            provide_context(page_request.clone());
        },
        move || app::ssr::shell(options.clone()),
    );
    let mut synthetic = match Request::builder().uri(uri).body(Body::empty()) {
        Ok(request) => request,
        Err(_) => return response,
    };
    if let Some(token) = csrf_token {
        synthetic.extensions_mut().insert(token);
    }
    let mut page = render_page(synthetic).await;
    *page.status_mut() = status;
    if let Some(retry_after) = retry_after {
        page.headers_mut().insert(RETRY_AFTER, retry_after);
    }
    page
}

/// A panicking handler still answers with the GOV.UK 500 page; the panic is logged.
pub fn from_panic(panic: Box<dyn Any + Send + 'static>) -> Response {
    let message = panic
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| panic.downcast_ref::<&str>().copied())
        .unwrap_or("unknown panic");
    tracing::error!(panic = %message, "handler panicked");
    let mut response = StatusCode::INTERNAL_SERVER_ERROR.into_response();
    response.extensions_mut().insert(RenderErrorPage::ForStatus);
    response
}
