//! The LPA pages' data, loaded before the page is rendered: for a GET of an LPA page by someone
//! signed in, the LPA (with the owner and flow checks) goes into the request's extensions
//! (`app::pages::lpa::frame::LoadedLpaPage`), so the page frame draws it at once instead of
//! through a resource and a suspense boundary (docs/benchmarks.md, issue 18 third part). Anything
//! else passes through untouched; the frame asks the server itself when nothing was loaded.
use app::auth::ssr::signed_in_from;
use app::pages::lpa::frame::{load_page, LoadedLpaPage};
use axum::extract::{Request, State};
use axum::http::Method;
use axum::middleware::Next;
use axum::response::Response;

use crate::state::AppState;

pub async fn load(State(state): State<AppState>, mut request: Request, next: Next) -> Response {
    // GOV.UK Pay's return is answered by the server itself (`lpa_checkout`), not a page.
    let is_lpa_page = request.method() == Method::GET
        && app::lpa::paths::page_of(request.uri().path())
            .is_some_and(|(_, page)| page != app::lpa::flow::Page::PaymentReturn);
    if is_lpa_page {
        if let Some(user) = signed_in_from(request.extensions()) {
            let loaded = load_page(&state.backends, &user, request.uri().path()).await;
            request.extensions_mut().insert(LoadedLpaPage(loaded));
        }
    }
    next.run(request).await
}
