//! GOV.UK Pay's return to the service (`/lpa/{id}/checkout/pay/response`, its `return_url`): a
//! plain GET the payer's browser is redirected to, so it is answered here rather than by a page.
//! The payment is looked up and recorded (`app::lpa::server::checkout::payment_returned`), then
//! the person is sent on: to "Last steps", or to the cancelled or failed page. Seeing it twice
//! records nothing twice. The session cookie comes with the redirect (SameSite=Lax allows a
//! top-level GET from GOV.UK Pay), so only the LPA's owner gets anywhere.
use app::auth::ssr::{signed_in_from, SessionEnded};
use app::lpa::server::checkout::payment_returned;
use axum::extract::{Request, State};
use axum::response::{IntoResponse, Redirect, Response};

use crate::error::ServerError;
use crate::state::AppState;

pub async fn payment_return(State(state): State<AppState>, request: Request) -> Response {
    let path = request.uri().path().to_owned();
    let Some(user) = signed_in_from(request.extensions()) else {
        let timed_out = request.extensions().get::<SessionEnded>().is_some();
        return Redirect::to(&app::auth::sign_in_url(timed_out, &path)).into_response();
    };
    let Some(id) = app::lpa::paths::CHECKOUT_PAY_RESPONSE.parse(&path) else {
        return ServerError::from(app::error::AppError::NotFound).into_response();
    };
    match payment_returned(&state.backends, &state.config.public_url(), &user, id).await {
        Ok(next) => Redirect::to(&next.to_string()).into_response(),
        Err(error) => ServerError::from(error).into_response(),
    }
}
