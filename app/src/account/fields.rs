//! The fields the account pages share, drawn the same way on each.
use leptos::prelude::*;

use crate::govuk::{ErrorMessageOptions, HintOptions, Input, InputType, PasswordInput};

/// An email address field. `id` and `name` are the same; it is the field the error summary links.
#[component]
pub fn EmailField(
    #[prop(into)] name: String,
    #[prop(into)] label: String,
    value: String,
    error: Option<ErrorMessageOptions>,
    #[prop(optional_no_strip)] hint: Option<HintOptions>,
) -> impl IntoView {
    view! {
        <Input
            name=name.clone()
            id=Some(name)
            input_type=InputType::Email
            label=label
            hint=hint
            value=Some(value)
            error_message=error
            autocomplete=Some("email".into())
            spellcheck=Some(false)
        />
    }
}

/// A password field. What was typed is never sent back in the page: after an error, the person
/// types it again.
#[component]
pub fn PasswordField(
    #[prop(into)] name: String,
    #[prop(into)] label: String,
    error: Option<ErrorMessageOptions>,
    /// `new-password` where a password is being chosen, `current-password` where it is checked.
    autocomplete: &'static str,
    #[prop(optional_no_strip)] hint: Option<HintOptions>,
) -> impl IntoView {
    view! {
        <PasswordInput
            name=name.clone()
            id=Some(name)
            label=label
            hint=hint
            error_message=error
            autocomplete=Some(autocomplete.to_owned())
        />
    }
}

/// The hint for choosing a password: the rules (reference 1.3).
fn new_password_hint() -> Option<HintOptions> {
    Some(
        "Your password must be 12 characters or more and include a number, a lower case letter \
         and a capital letter"
            .into(),
    )
}

/// The new password and its confirmation, with the rules as a hint: every page that sets a
/// password (sign-up, reset, change), checked by `NewPassword::check_fields`.
#[component]
pub fn NewPasswordFields(
    /// The new password's label: "Create a password", "New password".
    #[prop(into)]
    label: String,
    #[prop(into)] confirm_label: String,
    error: Option<ErrorMessageOptions>,
    confirm_error: Option<ErrorMessageOptions>,
) -> impl IntoView {
    view! {
        <PasswordField
            name="password"
            label=label
            hint=new_password_hint()
            autocomplete="new-password"
            error=error
        />
        <PasswordField
            name="password_confirm"
            label=confirm_label
            autocomplete="new-password"
            error=confirm_error
        />
    }
}
