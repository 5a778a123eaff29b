//! The cookie banner at the top of every page (after the skip link) until the user chooses (except on /cookies itself,
//! which asks the same question). It is a form posting to `/cookie-banner`: without JavaScript the
//! server sets the choice, redirects back and the next page confirms it once; with JavaScript the
//! same POST goes by `fetch` and the banner changes in place.
use leptos::prelude::*;
use leptos_router::hooks::use_location;
use serde::{Deserialize, Serialize};

use crate::consent::{current_policy, request_cookie, CookiePolicy, CONFIRMATION_COOKIE};
use crate::form::{use_form, FieldErrors, Form, FormInput};
use crate::govuk::{
    ButtonType, CookieBanner, CookieBannerAction, CookieBannerMessage, TrustedHtml,
};
use crate::site::paths as site_paths;
use crate::SERVICE_NAME;

/// The banner's form: which button was pressed, and the page to go back to.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct CookieBannerForm {
    #[serde(default)]
    pub cookies: String,
    #[serde(default)]
    pub return_to: String,
}

/// A valid choice from the banner.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BannerChoice {
    pub policy: CookiePolicy,
    pub return_to: String,
}

impl FormInput for CookieBannerForm {
    type Valid = BannerChoice;

    fn validate(&self) -> Result<BannerChoice, FieldErrors> {
        let mut errors = FieldErrors::new();
        let analytics = match self.cookies.as_str() {
            "accept" => true,
            "reject" => false,
            _ => {
                errors.add("cookies", "Choose whether to accept analytics cookies");
                false
            }
        };
        errors.or_valid(|| BannerChoice {
            policy: CookiePolicy { analytics },
            return_to: local_path(&self.return_to),
        })
    }
}

/// `path` when it is a path on this site, else `/`: the banner must not redirect anywhere else.
pub fn local_path(path: &str) -> String {
    let local = path.starts_with('/')
        && !path.starts_with("//")
        && !path.starts_with("/\\")
        && !path.chars().any(|c| c.is_control());
    if local {
        path.to_owned()
    } else {
        site_paths::LANDING.href().to_string()
    }
}

impl crate::form::FormAction for CookieBannerForm {
    #[cfg(feature = "ssr")]
    async fn perform(
        choice: BannerChoice,
        context: crate::form::ActionContext,
    ) -> Result<crate::form::Submitted, crate::form::FormFailure> {
        let mut submitted = crate::form::Submitted::redirect(choice.return_to).with_cookie(
            crate::consent::policy_cookie(choice.policy, context.secure_cookies),
        );
        if !context.from_script {
            // The next page (without JavaScript) confirms the choice once.
            let answer = if choice.policy.analytics {
                "accept"
            } else {
                "reject"
            };
            submitted = submitted.with_cookie(
                cookie::Cookie::build((CONFIRMATION_COOKIE, answer))
                    .path("/")
                    .http_only(true)
                    .same_site(cookie::SameSite::Lax)
                    .secure(context.secure_cookies)
                    .max_age(cookie::time::Duration::minutes(5))
                    .build(),
            );
        }
        Ok(submitted)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
enum BannerState {
    Question,
    Confirmed { analytics: bool },
    Hidden,
}

/// What the banner shows for this request; on the server, the one-off confirmation is used up.
fn initial_state() -> BannerState {
    if let Some(answer) = request_cookie(CONFIRMATION_COOKIE) {
        #[cfg(feature = "ssr")]
        if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
            let expired = cookie::Cookie::build((CONFIRMATION_COOKIE, ""))
                .path("/")
                .max_age(cookie::time::Duration::ZERO)
                .build();
            if let Ok(value) = http::HeaderValue::from_str(&expired.to_string()) {
                response.append_header(http::header::SET_COOKIE, value);
            }
        }
        return BannerState::Confirmed {
            analytics: answer == "accept",
        };
    }
    if current_policy().is_some() {
        BannerState::Hidden
    } else {
        BannerState::Question
    }
}

const HIDE_MARKER: &str = "data-cookie-banner-hide";

#[component]
pub fn SiteCookieBanner() -> impl IntoView {
    let location = use_location();
    let state = RwSignal::new(SharedValue::new(initial_state).into_inner());
    let form = use_form::<CookieBannerForm>();
    let on_done = Callback::new(move |_next: String| {
        if let Some(policy) = current_policy() {
            state.set(BannerState::Confirmed {
                analytics: policy.analytics,
            });
        }
    });
    // With JavaScript, "Hide cookie message" hides the banner instead of reloading the page.
    let on_click = move |event: leptos::ev::MouseEvent| {
        #[cfg(feature = "hydrate")]
        {
            use leptos::wasm_bindgen::JsCast;
            let hide = event
                .target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                .is_some_and(|e| {
                    e.closest(&format!("[{HIDE_MARKER}]"))
                        .ok()
                        .flatten()
                        .is_some()
                });
            if hide {
                event.prevent_default();
                state.set(BannerState::Hidden);
            }
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = event;
    };
    move || {
        let here = format!("{}{}", location.pathname.get(), location.search.get());
        if site_paths::COOKIES.matches(&location.pathname.get()) {
            return None;
        }
        let banner = match state.get() {
            BannerState::Hidden => return None,
            BannerState::Question => view! {
                <Form form=form action=site_paths::COOKIE_BANNER.href() on_done=on_done>
                    <input type="hidden" name="return_to" value=here.clone()/>
                    <CookieBanner
                        aria_label=Some(format!("Cookies on {SERVICE_NAME}"))
                        messages=vec![question()]
                    />
                </Form>
            }
            .into_any(),
            BannerState::Confirmed { analytics } => view! {
                <div on:click=on_click>
                    <CookieBanner
                        aria_label=Some(format!("Cookies on {SERVICE_NAME}"))
                        messages=vec![confirmation(analytics, here.clone())]
                    />
                </div>
            }
            .into_any(),
        };
        Some(banner)
    }
}

fn question() -> CookieBannerMessage {
    let button = |text: &str, value: &str| CookieBannerAction {
        text: text.to_owned(),
        button_type: Some(ButtonType::Submit),
        name: Some("cookies".to_owned()),
        value: Some(value.to_owned()),
        ..Default::default()
    };
    CookieBannerMessage {
        heading: Some(format!("Cookies on {SERVICE_NAME}").into()),
        content: Some(
            TrustedHtml::from_trusted(
                "<p class=\"govuk-body\">We use some essential cookies to make this service work.</p>\
                 <p class=\"govuk-body\">We’d also like to use analytics cookies so we can understand \
                 how you use the service and make improvements.</p>",
            )
            .into(),
        ),
        actions: vec![
            button("Accept analytics cookies", "accept"),
            button("Reject analytics cookies", "reject"),
            CookieBannerAction {
                text: "View cookies".to_owned(),
                href: Some(site_paths::COOKIES.href().to_string()),
                ..Default::default()
            },
        ],
        ..Default::default()
    }
}

fn confirmation(analytics: bool, here: String) -> CookieBannerMessage {
    let answer = if analytics { "accepted" } else { "rejected" };
    CookieBannerMessage {
        content: Some(
            TrustedHtml::from_trusted(format!(
                "<p class=\"govuk-body\">You’ve {answer} analytics cookies. You can \
                 <a class=\"govuk-link\" href=\"{}\">change your cookie settings</a> at any time.</p>",
                site_paths::COOKIES.pattern()
            ))
            .into(),
        ),
        role: Some("alert".to_owned()),
        actions: vec![CookieBannerAction {
            text: "Hide cookie message".to_owned(),
            href: Some(here),
            button_type: Some(ButtonType::Button),
            attributes: crate::govuk::Attributes::new().with(HIDE_MARKER, ""),
            ..Default::default()
        }],
        ..Default::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_local_paths_are_returned_to() {
        assert_eq!(local_path("/cookies?x=1"), "/cookies?x=1");
        for outside in [
            "https://evil.example",
            "//evil.example",
            "/\\evil.example",
            "",
            "x",
        ] {
            assert_eq!(local_path(outside), "/", "{outside}");
        }
    }

    #[test]
    fn the_banner_accepts_only_its_two_buttons() {
        let choice = |cookies: &str| {
            CookieBannerForm {
                cookies: cookies.to_owned(),
                return_to: site_paths::LANDING.href().to_string(),
            }
            .validate()
        };
        assert!(choice("accept").unwrap().policy.analytics);
        assert!(!choice("reject").unwrap().policy.analytics);
        assert!(choice("maybe").is_err());
    }
}
