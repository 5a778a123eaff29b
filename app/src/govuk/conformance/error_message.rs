use leptos::prelude::*;

use super::options::Options;
use super::render_to_string;
use crate::govuk::{ErrorMessage, ErrorMessageOptions};

/// An `errorMessage` option as our `ErrorMessageOptions`.
pub fn error_message_options(o: Options<'_>) -> ErrorMessageOptions {
    ErrorMessageOptions {
        content: o.content(),
        // The macro defaults only an absent value; an empty string removes the prefix.
        visually_hidden_text: match o.raw("visuallyHiddenText") {
            serde_json::Value::String(s) => s.clone(),
            _ => "Error".to_owned(),
        },
        classes: o.classes(),
        attributes: o.attributes(),
    }
}

pub fn render(o: Options<'_>) -> Option<String> {
    let error = error_message_options(o);
    let id = o.str("id");
    Some(render_to_string(
        move || view! { <ErrorMessage error=error id=id/> },
    ))
}
