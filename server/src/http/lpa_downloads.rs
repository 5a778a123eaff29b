//! The paper forms' file URL (reference §7.3); their page is `app::pages::lpa::download`.
//!
//! - `/lpa/{id}/download/{form}/{file}`: the form's file, for its owner or an admin. A stored form
//!   is a redirect to a link into the object store that works for a minute (S3's presigned URL,
//!   or the filesystem store's signed `/objects/` URL), which serves it as an attachment under
//!   its own name. A form not stored (expired since the page showed the link, or the LPA changed)
//!   goes back to its page, which waits for it to be drawn again. Anything else is the 404 page.
//!
//! The websocket that tells a waiting page its form is ready is `super::lpa_events`.
use app::auth::ssr::{signed_in_from, SessionEnded};
use app::lpa::server::forms::{self, FormFile};
use axum::extract::{Request, State};
use axum::http::header;
use axum::response::{IntoResponse, Redirect, Response};

use crate::error::ServerError;
use crate::state::AppState;

pub async fn file(State(state): State<AppState>, request: Request) -> Response {
    let path = request.uri().path().to_owned();
    let Some(user) = signed_in_from(request.extensions()) else {
        let timed_out = request.extensions().get::<SessionEnded>().is_some();
        return Redirect::to(&app::auth::sign_in_url(timed_out, &path)).into_response();
    };
    let Some((id, (form, file_name))) = app::lpa::paths::DOWNLOAD_FILE.parse(&path) else {
        return ServerError::from(app::error::AppError::NotFound).into_response();
    };
    match forms::file(&state.backends, &user, id, form, &file_name).await {
        Ok(Some(FormFile::At(url))) => {
            ([(header::CACHE_CONTROL, "no-store")], Redirect::to(&url)).into_response()
        }
        Ok(Some(FormFile::Preparing { draft })) => {
            Redirect::to(&app::lpa::paths::download(id, form, draft).to_string()).into_response()
        }
        Ok(None) => ServerError::from(app::error::AppError::NotFound).into_response(),
        Err(error) => ServerError::from(app::error::AppError::from(error)).into_response(),
    }
}
