use leptos::prelude::*;

use super::error_message::error_message_options;
use super::hint::hint_options;
use super::input::{form_group_content, form_group_options};
use super::label::label_options;
use super::options::Options;
use super::render_to_string;
use crate::govuk::{PasswordInput, PasswordInputButton};

pub fn render(o: Options<'_>) -> Option<String> {
    let name = o.string("name");
    let label = o.get("label").map(label_options).unwrap_or_default();
    let id = o.str("id");
    let value = o.str("value");
    let hint = o.get("hint").map(hint_options);
    let error_message = o.get("errorMessage").map(error_message_options);
    let described_by = o.str("describedBy");
    let classes = o.classes();
    let form_group = form_group_options(o);
    let before_input = form_group_content(o, "beforeInput");
    let after_input = form_group_content(o, "afterInput");
    let autocomplete = o.str("autocomplete");
    let disabled = o.bool("disabled");
    let button = PasswordInputButton {
        classes: o.get("button").map(|b| b.classes()).unwrap_or_default(),
    };
    let show_password_text = o.str("showPasswordText");
    let hide_password_text = o.str("hidePasswordText");
    let show_password_aria_label_text = o.str("showPasswordAriaLabelText");
    let hide_password_aria_label_text = o.str("hidePasswordAriaLabelText");
    let password_shown_announcement_text = o.str("passwordShownAnnouncementText");
    let password_hidden_announcement_text = o.str("passwordHiddenAnnouncementText");
    let attributes = o.attributes();
    Some(render_to_string(move || {
        view! {
            <PasswordInput
                name=name
                label=label
                id=id
                value=value
                hint=hint
                error_message=error_message
                described_by=described_by
                classes=classes
                form_group=form_group
                before_input=before_input
                after_input=after_input
                autocomplete=autocomplete
                disabled=disabled
                button=button
                show_password_text=show_password_text
                hide_password_text=hide_password_text
                show_password_aria_label_text=show_password_aria_label_text
                hide_password_aria_label_text=hide_password_aria_label_text
                password_shown_announcement_text=password_shown_announcement_text
                password_hidden_announcement_text=password_hidden_announcement_text
                attributes=attributes
            />
        }
    }))
}
