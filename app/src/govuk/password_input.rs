//! `govukPasswordInput`: a password [`Input`](super::Input) with a "Show" button that
//! govuk-frontend's script reveals and wires up (the button stays hidden without JavaScript).
//!
//! ```ignore
//! view! {
//!     <PasswordInput
//!         name="password"
//!         label="Password"
//!         autocomplete=Some("new-password".into())
//!         error_message=Some("Enter a password".into())
//!     />
//! }
//! ```
use leptos::prelude::*;

use super::content::Translation;
use super::content::{classes as join_classes, i18n_attributes, Attributes, Content};
use super::{ErrorMessageOptions, FormGroupOptions, HintOptions, Input, InputAutocapitalize};
use super::{InputType, InputWrapperOptions, LabelOptions};

/// The show/hide button (`button` option).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PasswordInputButton {
    /// Extra classes on the button.
    pub classes: String,
}

/// `govukPasswordInput`, see the module documentation.
#[component]
pub fn PasswordInput(
    /// The field's name, and its id unless `id` is given.
    #[prop(into)]
    name: String,
    #[prop(into)] label: LabelOptions,
    #[prop(optional_no_strip)] id: Option<String>,
    #[prop(optional_no_strip)] value: Option<String>,
    #[prop(optional_no_strip)] hint: Option<HintOptions>,
    #[prop(optional_no_strip)] error_message: Option<ErrorMessageOptions>,
    #[prop(optional_no_strip)] described_by: Option<String>,
    /// Extra classes on the `<input>`, such as `govuk-input--width-10`.
    #[prop(optional, into)]
    classes: String,
    #[prop(optional)] form_group: FormGroupOptions,
    /// Content in the wrapper before the field (the macro's `formGroup.beforeInput`).
    #[prop(optional_no_strip)]
    before_input: Option<Content>,
    /// Content in the wrapper after the button (the macro's `formGroup.afterInput`).
    #[prop(optional_no_strip)]
    after_input: Option<Content>,
    /// `current-password` by default; `new-password` where the user chooses one.
    #[prop(optional_no_strip)]
    autocomplete: Option<String>,
    #[prop(optional)] disabled: bool,
    #[prop(optional)] button: PasswordInputButton,
    /// The button's text while the password is hidden; `Show` by default.
    #[prop(optional_no_strip)]
    show_password_text: Option<String>,
    /// The button's text while the password is shown; `Hide` by default (set by the script).
    #[prop(optional_no_strip)]
    hide_password_text: Option<String>,
    /// The button's accessible name while the password is hidden; `Show password` by default.
    #[prop(optional_no_strip)]
    show_password_aria_label_text: Option<String>,
    #[prop(optional_no_strip)] hide_password_aria_label_text: Option<String>,
    /// Announced when the password is shown.
    #[prop(optional_no_strip)]
    password_shown_announcement_text: Option<String>,
    /// Announced when the password is hidden again.
    #[prop(optional_no_strip)]
    password_hidden_announcement_text: Option<String>,
    /// Extra attributes on the `<input>`.
    #[prop(optional)]
    attributes: Attributes,
) -> impl IntoView {
    let id = id
        .filter(|id| !id.is_empty())
        .unwrap_or_else(|| name.clone());
    let message = |text: &Option<String>| {
        text.as_ref()
            .filter(|t| !t.is_empty())
            .map(|t| Translation::Message(t.clone()))
    };
    let translations = i18n_attributes(&[
        ("show-password", &message(&show_password_text)),
        ("hide-password", &message(&hide_password_text)),
        (
            "show-password-aria-label",
            &message(&show_password_aria_label_text),
        ),
        (
            "hide-password-aria-label",
            &message(&hide_password_aria_label_text),
        ),
        (
            "password-shown-announcement",
            &message(&password_shown_announcement_text),
        ),
        (
            "password-hidden-announcement",
            &message(&password_hidden_announcement_text),
        ),
    ]);
    let form_group = FormGroupOptions {
        classes: join_classes("govuk-password-input", &form_group.classes),
        attributes: Attributes::new()
            .with("data-module", "govuk-password-input")
            .extend(&translations)
            .extend(&form_group.attributes),
    };

    // The markup of `govukButton` for this toggle, written here so the field does not depend on
    // the Button component's API.
    let button_text = show_password_text
        .filter(|t| !t.is_empty())
        .unwrap_or_else(|| "Show".to_owned());
    let aria_label = show_password_aria_label_text
        .filter(|t| !t.is_empty())
        .unwrap_or_else(|| "Show password".to_owned());
    let button_class = join_classes(
        "govuk-button govuk-button--secondary govuk-password-input__toggle \
         govuk-js-password-input-toggle",
        &button.classes,
    );
    let controls = id.clone();
    let toggle = move || {
        view! {
            <button
                type="button"
                class=button_class
                data-module="govuk-button"
                aria-controls=controls
                aria-label=aria_label
                hidden=true
            >
                {button_text}
            </button>
        }
    };

    view! {
        <Input
            name=name
            label=label
            id=Some(id)
            input_type=InputType::Password
            value=value
            hint=hint
            error_message=error_message
            described_by=described_by
            classes=join_classes("govuk-password-input__input govuk-js-password-input-input", &classes)
            form_group=form_group
            before_input=before_input
            after_control=toggle
            after_input=after_input
            input_wrapper=InputWrapperOptions {
                classes: "govuk-password-input__wrapper".to_owned(),
                ..Default::default()
            }
            spellcheck=Some(false)
            autocapitalize=Some(InputAutocapitalize::None)
            autocomplete=Some(
                autocomplete.filter(|a| !a.is_empty()).unwrap_or_else(|| "current-password".to_owned()),
            )
            disabled=disabled
            attributes=attributes
        />
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::govuk::conformance::render_to_string;

    #[test]
    fn button_text_and_messages_are_escaped() {
        let html = render_to_string(|| {
            view! {
                <PasswordInput
                    name="p"
                    label="Password"
                    value=Some("<pw>".to_owned())
                    show_password_text=Some("<Show>".to_owned())
                    password_shown_announcement_text=Some("\"shown\"".to_owned())
                />
            }
        });
        assert!(html.contains(r#"value="&lt;pw&gt;""#), "{html}");
        assert!(html.contains("&lt;Show&gt;</button>"), "{html}");
        assert!(
            html.contains(r#"data-i18n.password-shown-announcement="&quot;shown&quot;""#),
            "{html}"
        );
        assert!(html.contains(r#"type="password""#), "{html}");
    }
}
