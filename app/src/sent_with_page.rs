//! Data a page needs that the server already has when it renders: drawn at once, and sent with
//! the page (a `SharedValue`) so that hydrating draws the same without asking. A page drawn in the
//! browser after a client-side navigation had nothing sent: it asks the server (a resource) and
//! draws the answer inside a suspense boundary.
use std::future::Future;

use leptos::prelude::*;
use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::error::AppError;

/// Draws `draw` with what `loaded` finds for the request the server is rendering (in the browser
/// it must answer `None`), or else with what `ask` answers.
pub fn draw_sent_or_asked<T, Asked>(
    loaded: impl FnOnce() -> Option<Result<T, AppError>>,
    ask: impl Fn() -> Asked + Send + Sync + 'static,
    draw: impl Fn(Result<T, AppError>) -> AnyView + Copy + Send + Sync + 'static,
) -> AnyView
where
    T: Clone + Serialize + DeserializeOwned + Send + Sync + 'static,
    Asked: Future<Output = Result<T, AppError>> + Send + 'static,
{
    if let Some(sent) = SharedValue::new(loaded).into_inner() {
        return draw(sent);
    }
    let asked = Resource::new_blocking(|| (), move |_| ask());
    view! { <Suspense>{move || Suspend::new(async move { draw(asked.await) })}</Suspense> }
        .into_any()
}
