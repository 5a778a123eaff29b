use leptos::prelude::*;

use super::content::{classes as join_classes, Attributes};

/// The `formGroup` option of the field components: extra classes and attributes for the
/// `govuk-form-group` wrapper.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FormGroupOptions {
    pub classes: String,
    pub attributes: Attributes,
}

/// The `govuk-form-group` wrapper every field component draws around its label, hint, error
/// message and control; red-barred (`govuk-form-group--error`) when the field has an error.
#[component]
pub fn FormGroup(
    form_group: FormGroupOptions,
    has_error: bool,
    children: Children,
) -> impl IntoView {
    let base = if has_error {
        "govuk-form-group govuk-form-group--error"
    } else {
        "govuk-form-group"
    };
    view! {
        <div class=join_classes(base, &form_group.classes) {..form_group.attributes.spread()}>
            {children()}
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::govuk::conformance::render_to_string;

    #[test]
    fn error_state_adds_the_error_class_before_extra_classes() {
        let form_group = FormGroupOptions {
            classes: "app-x".to_owned(),
            ..Default::default()
        };
        let html = render_to_string(move || {
            view! { <FormGroup form_group=form_group has_error=true>"x"</FormGroup> }
        });
        assert!(
            html.contains(r#"class="govuk-form-group govuk-form-group--error app-x""#),
            "{html}"
        );
    }
}
