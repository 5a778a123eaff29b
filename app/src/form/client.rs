//! The browser side of the form pattern: validate at once, then send by `fetch` and show the
//! outcome in place. Anything unexpected falls back to the browser's own submission, which the
//! server answers with a whole page.
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos::wasm_bindgen::JsCast;
use web_sys::{FormData, HtmlFormElement, UrlSearchParams};

use super::{FormInput, FormResponse, FormState};

pub fn submit<F: FormInput>(
    event: leptos::ev::SubmitEvent,
    form: FormState<F>,
    action: String,
    done: impl Fn(String) + 'static,
) {
    let Some(element) = event
        .target()
        .and_then(|t| t.dyn_into::<HtmlFormElement>().ok())
    else {
        return;
    };
    let Some(body) = urlencoded(&element, event.submitter()) else {
        return;
    };
    event.prevent_default();
    let input = F::from_urlencoded(body.as_bytes());
    // A button that asks for something (the address finder's): shown in place, nothing sent.
    if let Some(shown) = input.redisplay() {
        form.reject(shown, Default::default());
        start_govuk_frontend_in_main();
        return;
    }
    if let Err(errors) = input.validate_on(crate::dates::Today::from_system()) {
        show_errors(form, input, errors);
        return;
    }
    spawn_local(async move {
        let sent = gloo_net::http::Request::post(&action)
            .header("Accept", "application/json")
            .header("Content-Type", "application/x-www-form-urlencoded")
            .body(body);
        let response = match sent {
            Ok(request) => request.send().await.ok(),
            Err(_) => None,
        };
        let outcome = match response {
            Some(response) => response.json::<FormResponse>().await.ok(),
            None => None,
        };
        match outcome {
            Some(FormResponse::Redirect(to)) => {
                form.errors.set(Default::default());
                done(to);
            }
            Some(FormResponse::Reload(to)) => {
                let _ = window().location().assign(&to);
            }
            Some(FormResponse::Errors(errors)) => show_errors(form, input, errors),
            None => {
                let _ = element.submit();
            }
        }
    });
}

/// The form's fields as the browser would post them, with the button that sent it.
fn urlencoded(
    element: &HtmlFormElement,
    submitter: Option<web_sys::HtmlElement>,
) -> Option<String> {
    let data = FormData::new_with_form(element).ok()?;
    if let Some(submitter) = submitter {
        if let Some(name) = submitter.get_attribute("name").filter(|n| !n.is_empty()) {
            let value = submitter.get_attribute("value").unwrap_or_default();
            data.append_with_str(&name, &value).ok()?;
        }
    }
    // As a urlencoded form posts without JavaScript: a file field sends the file's name.
    let params = UrlSearchParams::new().ok()?;
    for entry in js_sys::try_iter(&data.entries()).ok()??.flatten() {
        let entry: js_sys::Array = entry.unchecked_into();
        let name = entry.get(0).as_string()?;
        let value = entry.get(1);
        let value = match value.as_string() {
            Some(text) => text,
            None => value.dyn_into::<web_sys::File>().ok()?.name(),
        };
        params.append(&name, &value);
    }
    Some(params.to_string().into())
}

/// Shows the errors, then asks GOV.UK Frontend to start the new parts of the page (the error
/// summary takes focus; its links focus the fields).
fn show_errors<F: FormInput>(form: FormState<F>, input: F, errors: super::FieldErrors) {
    form.reject(input, errors);
    start_govuk_frontend_in_main();
}

/// Once the fields drawn again are in the page, starts GOV.UK Frontend on them (a conditional
/// reveal drawn again must still open and close with its radio).
fn start_govuk_frontend_in_main() {
    request_animation_frame(|| {
        let main = document().get_element_by_id("main-content");
        if let Some(main) = main {
            crate::govuk_js::start_within(&main);
        }
    });
}
