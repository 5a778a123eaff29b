//! Who is signed in, and who may see what.
//!
//! The server resolves the session into the account signed in before any page, form or server
//! function runs (`server/src/http/auth.rs`); they ask here. Every protected page is wrapped in
//! [`Protected`], every protected form action calls `ActionContext::require`, every protected
//! server function calls [`ssr::require`]: the check is made by the code that serves the data, not
//! only by a route prefix.
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::account::paths as account_paths;
use crate::error::AppError;
use crate::error_page::{AppErrorContent, Forbidden};

/// What a page may show about the person signed in.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Viewer {
    pub email: String,
    pub is_admin: bool,
    /// Data store staff, or an admin: may upload datasets.
    pub is_data_staff: bool,
    /// Transfers records for a body, or an admin.
    pub may_transfer: bool,
    /// No name given yet: the signed-in pages send them to the details form first.
    pub needs_details: bool,
}

/// Who a page, form or server function is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Audience {
    /// Anyone signed in.
    SignedIn,
    /// Admins only.
    Admins,
    /// Data store staff and admins.
    DataStaff,
    /// Members of transferring bodies and admins.
    Transferring,
}

impl Audience {
    pub fn admits(self, viewer: &Viewer) -> bool {
        match self {
            Audience::SignedIn => true,
            Audience::Admins => viewer.is_admin,
            Audience::DataStaff => viewer.is_data_staff,
            Audience::Transferring => viewer.may_transfer,
        }
    }
}

/// Who is signed in, if anyone. Reads the request; changes nothing.
#[server(prefix = "/_fn", endpoint = "viewer", input = server_fn::codec::GetUrl)]
pub async fn current_viewer() -> Result<Option<Viewer>, AppError> {
    Ok(viewer_of_request())
}

/// Who is signed in, for the request the server is rendering. In the browser, where no request
/// is being served, nobody: what the browser knows comes from the server ([`current_viewer`], or
/// a value sent with the page).
pub fn viewer_of_request() -> Option<Viewer> {
    #[cfg(feature = "ssr")]
    {
        use crate::account::server::Role;
        ssr::signed_in().map(|user| Viewer {
            email: user.email.clone(),
            is_admin: user.role == Role::Admin,
            is_data_staff: user.role.is_data_staff(),
            may_transfer: user.role.may_transfer(),
            needs_details: !user.has_name(),
        })
    }
    #[cfg(not(feature = "ssr"))]
    {
        None
    }
}

/// The path `next` names, if it is a path on this service: where to go after signing in. Anything
/// else (another site, `//host`, a backslash trick) is ignored, so the parameter cannot be used
/// to send people elsewhere.
pub fn local_path(next: &str) -> Option<&str> {
    let safe = next.starts_with('/')
        && !next.starts_with("//")
        && !next.contains('\\')
        && next.len() <= 2000
        && !next.chars().any(char::is_control);
    safe.then_some(next)
}

/// The sign-in page, saying the session ended when `timed_out`, and coming back to `back_to`.
pub fn sign_in_url(timed_out: bool, back_to: &str) -> String {
    let page = if timed_out {
        account_paths::SIGN_IN_TIMEOUT
    } else {
        account_paths::SIGN_IN
    };
    match local_path(back_to) {
        Some(path) if path != "/" => page.href().query("next", path).into(),
        _ => page.href().into(),
    }
}

/// The access guard: a page only `audience` may see. Someone signed out is sent to sign in (and
/// brought back); someone signed in without the role gets the 403 page. `children` are drawn only
/// for people the page admits, so their data is never even asked for otherwise, and they find the
/// [`Viewer`] in context. Journey rules (such as "give your name first") are the services' own
/// gates inside it (`account::gate`).
#[component]
pub fn Protected(audience: Audience, children: ChildrenFn) -> impl IntoView {
    let children = StoredValue::new(children);
    let draw = move |viewer: Result<Option<Viewer>, AppError>| match viewer {
        Ok(Some(viewer)) if audience.admits(&viewer) => {
            // The page's content reads who this is with `use_context::<Viewer>()`.
            provide_context(viewer);
            children.with_value(|children| children()).into_any()
        }
        Ok(Some(_)) => view! { <Forbidden/> }.into_any(),
        Ok(None) => {
            send_to_sign_in();
            ().into_any()
        }
        Err(error) => view! { <AppErrorContent error=error/> }.into_any(),
    };
    // On the server, who is signed in came with the request; in the browser after a navigation,
    // the server is asked.
    crate::sent_with_page::draw_sent_or_asked(
        || cfg!(feature = "ssr").then(|| Ok(viewer_of_request())),
        current_viewer,
        draw,
    )
}

/// Redirects to the sign-in page, coming back here afterwards.
fn send_to_sign_in() {
    #[cfg(feature = "ssr")]
    {
        let (timed_out, here) = use_context::<http::request::Parts>()
            .map(|parts| {
                let here = parts
                    .uri
                    .path_and_query()
                    .map(|p| p.as_str().to_owned())
                    .unwrap_or_default();
                (parts.extensions.get::<ssr::SessionEnded>().is_some(), here)
            })
            .unwrap_or_default();
        redirect_to(&sign_in_url(timed_out, &here));
    }
    #[cfg(feature = "hydrate")]
    {
        let location = window().location();
        let here = format!(
            "{}{}",
            location.pathname().unwrap_or_default(),
            location.search().unwrap_or_default()
        );
        redirect_to(&sign_in_url(false, &here));
    }
}

/// Sends the browser to `location`: a 302 from the server, or a page load in the browser.
pub fn redirect_to(location: &str) {
    // A page (not a server function, which leptos_axum::redirect also serves): always a 302,
    // whatever the request accepts.
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        if let Ok(location) = http::HeaderValue::from_str(location) {
            response.insert_header(http::header::LOCATION, location);
            response.set_status(http::StatusCode::FOUND);
        }
    }
    #[cfg(feature = "hydrate")]
    let _ = window().location().assign(location);
}

#[cfg(feature = "ssr")]
pub mod ssr {
    //! The session's side of signing in: what the session holds, and the checks.
    use std::sync::Arc;

    use crate::account::server::{Accounts, Role, User, UserId};
    use serde::{Deserialize, Serialize};
    use tower_sessions::Session;

    use super::Audience;
    use crate::error::AppError;

    /// The account signed in for this request: put in the request's extensions by the server,
    /// from the session.
    #[derive(Clone, Debug)]
    pub struct SignedIn(pub Arc<User>);

    /// The request came with a session that has ended (timed out, signed out elsewhere, or its
    /// password changed): pages say so instead of a plain "sign in".
    #[derive(Clone, Copy, Debug)]
    pub struct SessionEnded;

    /// The session key of the account signed in.
    const USER_KEY: &str = "user";
    /// The session key of the CSRF token while signed in (see `crate::csrf`).
    const CSRF_KEY: &str = "csrf";

    /// What the session remembers about who signed in.
    #[derive(Debug, Serialize, Deserialize)]
    struct SessionUser {
        id: String,
        /// `User::session_stamp` at sign-in: a password change ends every other session.
        stamp: String,
    }

    /// A session resumed at the start of a request.
    pub enum Resumed {
        SignedIn {
            user: Arc<User>,
            csrf_token: String,
        },
        Anonymous,
        /// There was a signed-in session, and it is over.
        Ended,
    }

    /// Reads who is signed in from `session`. `had_cookie` says the browser sent a session cookie:
    /// with no session behind it, the session has ended.
    pub async fn resume(
        session: &Session,
        accounts: &Accounts,
        had_cookie: bool,
    ) -> Result<Resumed, AppError> {
        let Some(entry) = session.get::<SessionUser>(USER_KEY).await? else {
            let ended = had_cookie && session.is_empty().await;
            return Ok(if ended {
                Resumed::Ended
            } else {
                Resumed::Anonymous
            });
        };
        let user = match entry.id.parse::<UserId>() {
            Ok(id) => accounts.get(&id).await?,
            Err(_) => None,
        };
        let user = user.filter(|user| user.is_confirmed() && user.session_stamp() == entry.stamp);
        let Some(user) = user else {
            // Deleted, or its password changed since: this session is over.
            session.flush().await?;
            return Ok(Resumed::Ended);
        };
        let csrf_token = match session.get::<String>(CSRF_KEY).await? {
            Some(token) => token,
            None => {
                let token = crate::csrf::new_token();
                session.insert(CSRF_KEY, &token).await?;
                token
            }
        };
        Ok(Resumed::SignedIn {
            user: Arc::new(user),
            csrf_token,
        })
    }

    /// Signs `user` in on this session: a new session id (so an id planted before sign-in is
    /// worth nothing) and a new CSRF token bound to it.
    pub async fn sign_in(session: &Session, user: &User) -> Result<(), AppError> {
        session.cycle_id().await?;
        remember(session, user).await?;
        session.insert(CSRF_KEY, crate::csrf::new_token()).await?;
        Ok(())
    }

    /// Keeps this session signed in after its own password change (which ends the others).
    pub async fn remember(session: &Session, user: &User) -> Result<(), AppError> {
        let entry = SessionUser {
            id: user.id.to_string(),
            stamp: user.session_stamp(),
        };
        session.insert(USER_KEY, entry).await?;
        Ok(())
    }

    /// Ends the session: its record is deleted and its cookie removed; any later session gets a
    /// new id.
    pub async fn sign_out(session: &Session) -> Result<(), AppError> {
        session.flush().await?;
        Ok(())
    }

    /// Makes this request save its session, which moves the session's end a full inactivity
    /// period on (the timeout warning's "Stay signed in"); other requests move it at most once a
    /// minute (`server::http::sessions::extend`).
    pub fn keep_alive() -> Result<(), AppError> {
        let session = leptos::prelude::use_context::<http::request::Parts>()
            .and_then(|parts| parts.extensions.get::<Session>().cloned())
            .ok_or_else(|| AppError::internal("no session for this request"))?;
        // Setting the expiry to what it is marks the session changed, so the layer saves it.
        session.set_expiry(session.expiry());
        Ok(())
    }

    /// The account signed in, from a request's extensions.
    pub fn signed_in_from(extensions: &http::Extensions) -> Option<Arc<User>> {
        extensions
            .get::<SignedIn>()
            .map(|signed_in| Arc::clone(&signed_in.0))
    }

    /// The account signed in for the request being served (pages and server functions).
    pub fn signed_in() -> Option<Arc<User>> {
        leptos::prelude::use_context::<http::request::Parts>()
            .and_then(|parts| signed_in_from(&parts.extensions))
    }

    /// `user`, if `audience` admits them.
    pub fn admit(user: Option<Arc<User>>, audience: Audience) -> Result<Arc<User>, AppError> {
        let user = user.ok_or(AppError::SignInRequired)?;
        match audience {
            Audience::SignedIn => Ok(user),
            Audience::Admins if user.role == Role::Admin => Ok(user),
            Audience::DataStaff if user.role.is_data_staff() => Ok(user),
            Audience::Transferring if user.role.may_transfer() => Ok(user),
            Audience::Admins | Audience::DataStaff | Audience::Transferring => {
                Err(AppError::Forbidden)
            }
        }
    }

    /// The check every protected server function starts with.
    pub fn require(audience: Audience) -> Result<Arc<User>, AppError> {
        admit(signed_in(), audience)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_paths_on_this_service_are_followed_after_sign_in() {
        assert_eq!(local_path("/user/about-you"), Some("/user/about-you"));
        assert_eq!(local_path("/a?b=c"), Some("/a?b=c"));
        for unsafe_next in [
            "https://evil.example",
            "//evil.example",
            "/\\evil",
            "",
            "a/b",
        ] {
            assert_eq!(local_path(unsafe_next), None, "{unsafe_next}");
        }
        assert_eq!(local_path("/a\nb"), None);
    }

    #[test]
    fn the_sign_in_url_says_why_and_where_to_come_back_to() {
        assert_eq!(sign_in_url(false, "/"), "/login");
        assert_eq!(
            sign_in_url(true, "/user/about-you?x=1"),
            "/login/timeout?next=%2Fuser%2Fabout-you%3Fx%3D1"
        );
        assert_eq!(sign_in_url(false, "//evil.example"), "/login");
    }
}
