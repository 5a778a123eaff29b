//! The data of the pages that read the most, loaded before the page is rendered, for a GET by
//! someone signed in: an LPA page's LPA (with the owner and flow checks, into
//! `app::pages::lpa::frame::LoadedLpaPage`), and the dashboard's page of LPAs
//! (`app::pages::user::dashboard::LoadedDashboard`). The page draws it at once instead of through
//! a resource and a suspense boundary (docs/benchmarks.md, issue 18 third part and issue 19).
//! Anything else passes through untouched; a page asks the server itself when nothing was loaded.
use app::auth::ssr::signed_in_from;
use app::pages::lpa::frame::{load_page, LoadedLpaPage};
use app::pages::user::dashboard::{load_dashboard, page_number, LoadedDashboard};
use axum::extract::{Request, State};
use axum::http::Method;
use axum::middleware::Next;
use axum::response::Response;

use crate::state::AppState;

pub async fn load(State(state): State<AppState>, mut request: Request, next: Next) -> Response {
    if request.method() != Method::GET {
        return next.run(request).await;
    }
    let Some(user) = signed_in_from(request.extensions()) else {
        return next.run(request).await;
    };
    let path = request.uri().path().to_owned();
    // GOV.UK Pay's return is answered by the server itself (`lpa_checkout`), not a page.
    let is_lpa_page = app::lpa::paths::page_of(&path)
        .is_some_and(|(_, page)| page != app::lpa::flow::Page::PaymentReturn);
    if is_lpa_page {
        let loaded = load_page(&state.backends, &user, &path).await;
        request.extensions_mut().insert(LoadedLpaPage(loaded));
    } else if let Some(page) = page_number(&path) {
        let query = request.uri().query().unwrap_or_default();
        // A query the page could not read either is left for the page to answer.
        if let Ok(pairs) = serde_urlencoded::from_str::<Vec<(String, String)>>(query) {
            let search = pairs
                .into_iter()
                .find(|(name, _)| name == "search")
                .map(|(_, value)| value)
                .unwrap_or_default();
            let track_from = state.config.track_from_date;
            let found = load_dashboard(&state.backends, &user, page, &search, track_from).await;
            request.extensions_mut().insert(LoadedDashboard {
                page,
                search,
                found,
            });
        }
    }
    next.run(request).await
}
