//! `/login` and `/login/timeout`: sign in (reference 1.5). One message for every refusal — unknown
//! address, wrong password, locked account — so the page never tells anyone which addresses have
//! accounts; the message says what a lock means, so a locked-out person knows what to do.
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_location, use_query_map};
use serde::{Deserialize, Serialize};

use crate::account::fields::{EmailField, PasswordField};
use crate::account::paths as account_paths;
use crate::account::rules::EmailAddress;
use crate::form::{use_form, FieldErrors, Form, FormErrorSummary, FormInput};
use crate::govuk::{Button, NotificationBanner, NotificationBannerType};

/// The one answer to credentials that do not sign anyone in.
pub const NOT_RECOGNISED: &str = "Enter a correct email address and password. After 5 wrong \
     attempts, you’ll need to wait 15 minutes or reset your password";

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SignInForm {
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub password: String,
    /// Where to go after signing in (a path on this service; anything else is ignored).
    #[serde(default)]
    pub next: String,
}

#[derive(Clone, Debug)]
pub struct SignIn {
    pub email: EmailAddress,
    pub password: String,
    pub next: Option<String>,
}

impl FormInput for SignInForm {
    type Valid = SignIn;

    fn validate(&self) -> Result<SignIn, FieldErrors> {
        let mut errors = FieldErrors::new();
        let email = EmailAddress::check_field(&mut errors, "email", &self.email);
        if self.password.is_empty() {
            errors.add("password", "Enter your password");
        }
        match email {
            Some(email) if errors.is_empty() => Ok(SignIn {
                email,
                password: self.password.clone(),
                next: crate::auth::local_path(&self.next).map(str::to_owned),
            }),
            _ => Err(errors),
        }
    }
}

impl crate::form::FormAction for SignInForm {
    #[cfg(feature = "ssr")]
    async fn perform(
        sign_in: SignIn,
        context: crate::form::ActionContext,
    ) -> Result<crate::form::Submitted, crate::form::FormFailure> {
        use crate::form::{FormFailure, Submitted};

        use crate::account::server::use_cases::{sign_in as check, SignInOutcome};

        let user = match check(&context.backends, &sign_in.email, &sign_in.password).await? {
            SignInOutcome::SignedIn(user) => user,
            SignInOutcome::NotRecognised => {
                return Err(FormFailure::field("email", NOT_RECOGNISED));
            }
            SignInOutcome::Unconfirmed => {
                return Ok(Submitted::redirect(
                    account_paths::RESEND_EMAIL
                        .href()
                        .query("unconfirmed", "true"),
                ));
            }
        };
        crate::auth::ssr::sign_in(&context.session()?, &user).await?;
        Ok(Submitted::reload(destination(&user, sign_in.next)))
    }
}

/// Where signing in leads (reference 1.4, 1.5, "Terms"): the new terms, once, to whoever last
/// signed in before they changed; else the details form to someone without a name; else the
/// dashboard saying the account stays open, to someone warned it would be deleted; else `next`.
/// `user` is the account as it was before this sign-in.
#[cfg(feature = "ssr")]
fn destination(user: &crate::account::server::User, next: Option<String>) -> String {
    use crate::pages::terms::TERMS_LAST_CHANGED;

    let terms_changed = chrono::DateTime::parse_from_rfc3339(TERMS_LAST_CHANGED)
        .expect("TERMS_LAST_CHANGED is an RFC 3339 time");
    if user.last_login_at.is_some_and(|last| last < terms_changed) {
        account_paths::NEW_TERMS.href().into()
    } else if !user.has_name() {
        account_paths::NEW_ABOUT_YOU.href().into()
    } else if user.inactivity_notices > 0 {
        account_paths::DASHBOARD
            .href()
            .query("saved", "kept-open")
            .to_string()
    } else {
        next.unwrap_or_else(|| account_paths::DASHBOARD.href().to_string())
    }
}

#[component]
pub fn SignInPage() -> impl IntoView {
    let form = use_form::<SignInForm>();
    let location = use_location();
    let timed_out = move || {
        location
            .pathname
            .with(|path| account_paths::SIGN_IN_TIMEOUT.matches(path))
    };
    let query = use_query_map();
    let next = move || query.with(|q| q.get("next").unwrap_or_default());
    let notice = move || {
        let query = query.get();
        if timed_out() {
            Some((
                NotificationBannerType::Neutral,
                "You’ve been signed out",
                "We signed you out because you had not done anything for 75 minutes. Any answers \
                 you had not saved or continued from were not saved. Sign in again to carry on.",
            ))
        } else if query.get("reset").is_some() {
            Some((
                NotificationBannerType::Success,
                "Your password has been reset",
                "Sign in with your new password.",
            ))
        } else if query.get("email-changed").is_some() {
            Some((
                NotificationBannerType::Success,
                "Your email address has been changed",
                "Sign in with your new email address.",
            ))
        } else {
            None
        }
    };
    view! {
        <Title text=form.title("Sign in")/>
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                {move || {
                    notice()
                        .map(|(banner_type, heading, text)| {
                            view! {
                                <NotificationBanner banner_type=banner_type>
                                    <h3 class="govuk-notification-banner__heading">{heading}</h3>
                                    <p class="govuk-body">{text}</p>
                                </NotificationBanner>
                            }
                        })
                }}
                <FormErrorSummary form=form/>
                <h1 class="govuk-heading-l">"Sign in"</h1>
                <Form form=form action=account_paths::SIGN_IN.href()>
                    <input type="hidden" name="next" value=move || {
                        let sent = form.value(|f| f.next.clone());
                        if sent.is_empty() { next() } else { sent }
                    }/>
                    {move || {
                        view! {
                            <EmailField
                                name="email"
                                label="Email address"
                                value=form.value(|f| f.email.clone())
                                error=form.error("email")
                            />
                            <PasswordField
                                name="password"
                                label="Password"
                                autocomplete="current-password"
                                error=form.error("password")
                            />
                        }
                    }}
                    <Button content="Sign in"/>
                </Form>
                <p class="govuk-body">
                    <a class="govuk-link" href=account_paths::FORGOT_PASSWORD.href().to_string()>
                        "I’ve forgotten my password"
                    </a>
                </p>
                <h2 class="govuk-heading-m">"If you do not have an account"</h2>
                <p class="govuk-body">
                    <a class="govuk-link" href=account_paths::SIGN_UP.href().to_string()>
                        "Create an account"
                    </a>
                </p>
            </div>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_fields_are_needed_and_next_must_be_on_this_service() {
        let errors = SignInForm::default().validate().unwrap_err();
        assert_eq!(errors.get("email"), Some("Enter your email address"));
        assert_eq!(errors.get("password"), Some("Enter your password"));
        let valid = SignInForm {
            email: "A@Example.com".into(),
            password: "anything".into(),
            next: "https://evil.example".into(),
        }
        .validate()
        .unwrap();
        assert_eq!(valid.email.as_str(), "a@example.com");
        assert_eq!(valid.next, None);
    }
}
