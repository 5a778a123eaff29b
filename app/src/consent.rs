//! Cookie consent: the `cookies_policy` cookie (readable by scripts, as analytics code must read
//! it) and the one-off confirmation the cookie banner shows after a choice made without JavaScript.
use serde::{Deserialize, Serialize};

/// The consent cookie's name.
pub const POLICY_COOKIE: &str = "cookies_policy";
/// Set for one page view after the banner's choice was posted without JavaScript.
pub const CONFIRMATION_COOKIE: &str = "cookies_confirmation";

/// What the user agreed to. Essential cookies need no consent.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CookiePolicy {
    pub analytics: bool,
}

impl CookiePolicy {
    pub fn to_cookie_value(self) -> &'static str {
        if self.analytics {
            "analytics:yes"
        } else {
            "analytics:no"
        }
    }

    pub fn from_cookie_value(value: &str) -> Option<Self> {
        match value {
            "analytics:yes" => Some(CookiePolicy { analytics: true }),
            "analytics:no" => Some(CookiePolicy { analytics: false }),
            _ => None,
        }
    }
}

/// The value of cookie `name` in a `Cookie` header.
pub fn cookie_in_header(header: &str, name: &str) -> Option<String> {
    header.split(';').find_map(|pair| {
        let (key, value) = pair.trim().split_once('=')?;
        (key == name).then(|| value.to_owned())
    })
}

/// The value of cookie `name` the current request carries (server) or the document has (browser).
pub fn request_cookie(name: &str) -> Option<String> {
    #[cfg(feature = "ssr")]
    {
        let parts = leptos::prelude::use_context::<http::request::Parts>()?;
        parts
            .headers
            .get_all(http::header::COOKIE)
            .iter()
            .filter_map(|h| h.to_str().ok())
            .find_map(|h| cookie_in_header(h, name))
    }
    #[cfg(all(feature = "hydrate", not(feature = "ssr")))]
    {
        use leptos::wasm_bindgen::JsCast;
        let document: web_sys::HtmlDocument = leptos::prelude::document().dyn_into().ok()?;
        cookie_in_header(&document.cookie().ok()?, name)
    }
    #[cfg(not(any(feature = "hydrate", feature = "ssr")))]
    {
        let _ = name;
        None
    }
}

/// The consent the request carries, if the user has chosen.
pub fn current_policy() -> Option<CookiePolicy> {
    request_cookie(POLICY_COOKIE).and_then(|v| CookiePolicy::from_cookie_value(&v))
}

/// The cookies a choice sets, on the server.
#[cfg(feature = "ssr")]
pub fn policy_cookie(policy: CookiePolicy, secure: bool) -> cookie::Cookie<'static> {
    cookie::Cookie::build((POLICY_COOKIE, policy.to_cookie_value()))
        .path("/")
        .max_age(cookie::time::Duration::days(365))
        .same_site(cookie::SameSite::Lax)
        .secure(secure)
        .build()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn policy_round_trips_through_its_cookie_and_rejects_anything_else() {
        for analytics in [true, false] {
            let policy = CookiePolicy { analytics };
            assert_eq!(
                CookiePolicy::from_cookie_value(policy.to_cookie_value()),
                Some(policy)
            );
        }
        assert_eq!(CookiePolicy::from_cookie_value("analytics:maybe"), None);
        assert_eq!(
            cookie_in_header("a=1; cookies_policy=analytics:no", POLICY_COOKIE).as_deref(),
            Some("analytics:no")
        );
    }
}
