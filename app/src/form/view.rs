use leptos::prelude::*;

use super::{FieldErrors, FormInput};
use crate::csrf;
use crate::govuk::{ErrorMessageOptions, ErrorSummary, ErrorSummaryItem};

/// A form on its page: what the user last sent and what was wrong with it. Cheap to copy into
/// closures; reading it inside a closure makes that part of the page follow it.
pub struct FormState<F: FormInput> {
    pub input: RwSignal<F>,
    pub errors: RwSignal<FieldErrors>,
}

impl<F: FormInput> Clone for FormState<F> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<F: FormInput> Copy for FormState<F> {}

impl<F: FormInput> FormState<F> {
    /// The inline error message for `field`, if it has one (tracks the errors).
    pub fn error(&self, field: &str) -> Option<ErrorMessageOptions> {
        self.errors.with(|errors| {
            errors
                .get(field)
                .map(|m| ErrorMessageOptions::from(m.to_owned()))
        })
    }

    /// One value of what the user sent (tracks the input).
    pub fn value(&self, read: impl Fn(&F) -> String) -> String {
        self.input.with(read)
    }

    /// The page heading for `<title>`, prefixed `Error: ` while there are errors, as GOV.UK asks.
    pub fn title(&self, heading: impl Into<String>) -> leptos::text_prop::TextProp {
        let errors = self.errors;
        let heading: String = heading.into();
        let title = move || {
            if errors.with(FieldErrors::is_empty) {
                heading.clone()
            } else {
                format!("Error: {heading}")
            }
        };
        // The server renders a page once, so its title is fixed here. leptos_meta reads the title
        // after the body has rendered, and a signal read there can find no reactive arena: it
        // panicked now and then under load (the fuzz test caught it).
        #[cfg(feature = "ssr")]
        let title = title();
        title.into()
    }

    /// Shows a rejected submission: the input as sent and its errors.
    pub fn reject(&self, input: F, errors: FieldErrors) {
        self.input.set(input);
        self.errors.set(errors);
    }
}

/// The state of form `F` on this page: empty, or, when the server is re-rendering a rejected
/// submission of `F` (status 400), what was sent and its errors. The server's value is carried to
/// the browser with the page so hydration sees the same state.
pub fn use_form<F: FormInput>() -> FormState<F> {
    use_form_with(F::default())
}

/// As [`use_form`], starting from `initial` (what the service already holds, such as saved
/// details) unless the server is showing a rejected submission.
pub fn use_form_with<F: FormInput>(initial: F) -> FormState<F> {
    let rejected = SharedValue::new(|| {
        #[cfg(feature = "ssr")]
        {
            use_context::<super::RejectedSubmission>()
                .filter(|s| s.form == super::form_name::<F>())
                .and_then(|s| Some((serde_json::from_value::<F>(s.input).ok()?, s.errors)))
        }
        #[cfg(not(feature = "ssr"))]
        {
            None::<(F, FieldErrors)>
        }
    });
    let (input, errors) = rejected
        .into_inner()
        .unwrap_or_else(|| (initial, FieldErrors::default()));
    FormState {
        input: RwSignal::new(input),
        errors: RwSignal::new(errors),
    }
}

/// A GOV.UK form posting to `action` (the page's own URL), with its CSRF token. Without JavaScript
/// the browser posts it; with JavaScript it is validated at once and sent by `fetch`, and the page
/// shows the outcome without reloading.
#[component]
pub fn Form<F: FormInput>(
    form: FormState<F>,
    #[prop(into)] action: String,
    /// With JavaScript, called with the next URL instead of going there (for forms that change the
    /// page they are on, such as the cookie banner).
    #[prop(optional)]
    on_done: Option<Callback<String>>,
    children: Children,
) -> impl IntoView {
    #[cfg(feature = "hydrate")]
    let on_submit = {
        let navigate = leptos_router::hooks::use_navigate();
        let action = action.clone();
        move |event: leptos::ev::SubmitEvent| {
            let navigate = navigate.clone();
            let done = move |to: String| match on_done {
                Some(callback) => callback.run(to),
                None => navigate(&to, Default::default()),
            };
            super::client::submit(event, form, action.clone(), done)
        }
    };
    #[cfg(not(feature = "hydrate"))]
    let on_submit = move |_: leptos::ev::SubmitEvent| {
        let _ = (form, on_done);
    };
    view! {
        <form method="post" action=action novalidate=true on:submit=on_submit>
            <input type="hidden" name=csrf::FIELD value=csrf::current_token()/>
            {children()}
        </form>
    }
}

/// The GOV.UK error summary for form `F`: shown while it has errors, each linking to its field.
/// GOV.UK Frontend's JavaScript focuses it and makes its links focus the fields.
#[component]
pub fn FormErrorSummary<F: FormInput>(form: FormState<F>) -> impl IntoView {
    move || {
        let errors = form.errors.get();
        (!errors.is_empty()).then(|| {
            let items: Vec<ErrorSummaryItem> = errors
                .iter()
                .map(|e| ErrorSummaryItem::for_field(&e.field, e.message.clone()))
                .collect();
            view! { <ErrorSummary title="There is a problem" error_list=items/> }
        })
    }
}
