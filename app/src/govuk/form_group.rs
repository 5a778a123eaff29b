use leptos::prelude::*;

use super::content::{classes as join_classes, Attributes, Content};
use super::{ErrorMessage, ErrorMessageOptions, Hint, HintOptions, Label, LabelOptions};

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

/// Appends `id` to a space-separated list of ids, as `aria-describedby` takes them.
pub(super) fn add_id(list: &mut String, id: &str) {
    if !list.is_empty() {
        list.push(' ');
    }
    list.push_str(id);
}

/// What a single-control field (input, textarea, select, file upload) draws around its control:
/// the form group, label, hint, error message and `formGroup` extras, as their macros do.
pub(super) struct SingleField {
    /// The control's id, also the prefix of the hint and error ids.
    pub id: String,
    pub label: LabelOptions,
    pub described_by: Option<String>,
    pub hint: Option<HintOptions>,
    pub error_message: Option<ErrorMessageOptions>,
    pub form_group: FormGroupOptions,
    pub before_input: Option<Content>,
    pub after_input: Option<Content>,
}

impl SingleField {
    fn hint_id(&self) -> String {
        format!("{}-hint", self.id)
    }

    fn error_id(&self) -> String {
        format!("{}-error", self.id)
    }

    /// The control's `aria-describedby`: the caller's ids, then the hint's and the error's.
    pub fn described_by(&self) -> Option<String> {
        let mut ids = self.described_by.clone().unwrap_or_default();
        if self.hint.is_some() {
            add_id(&mut ids, &self.hint_id());
        }
        if self.error_message.is_some() {
            add_id(&mut ids, &self.error_id());
        }
        Some(ids).filter(|ids| !ids.is_empty())
    }

    pub fn render(self, control: AnyView) -> AnyView {
        let hint_id = self.hint_id();
        let error_id = self.error_id();
        let SingleField {
            id,
            label,
            described_by: _,
            hint,
            error_message,
            form_group,
            before_input,
            after_input,
        } = self;
        let has_error = error_message.is_some();
        let hint = hint.map(|hint| view! { <Hint hint=hint id=Some(hint_id)/> });
        let error =
            error_message.map(|error| view! { <ErrorMessage error=error id=Some(error_id)/> });
        let before = before_input
            .filter(|c| !c.is_empty())
            .map(Content::into_view);
        let after = after_input
            .filter(|c| !c.is_empty())
            .map(Content::into_view);
        view! {
            <FormGroup form_group=form_group has_error=has_error>
                <Label label=label for_id=Some(id)/>
                {hint}
                {error}
                {before}
                {control}
                {after}
            </FormGroup>
        }
        .into_any()
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
