//! The fields every person form of an LPA shares (name, date of birth, email, address), and the
//! warning people confirm before saving a name or date that needs a second look. Their names and
//! ids are `lpa::rules::field`'s, which the forms' rules read.
use leptos::prelude::*;

use super::frame::value_of;
use crate::form::{FormInput, FormState};
use crate::govuk::{
    Checkboxes, CheckboxesItem, DateInput, DateInputItem, Fieldset, FieldsetOptions, Input,
    WarningText,
};
use crate::lpa::rules::field;
use crate::lpa::warnings::Warning;

/// Which of the optional parts a person form asks for.
#[derive(Clone, Copy, Debug, Default)]
pub struct Parts {
    pub other_names: bool,
    pub dob: bool,
    pub email: bool,
}

fn text_input<F: FormInput>(
    form: FormState<F>,
    name: &'static str,
    label: &'static str,
    autocomplete: &'static str,
    classes: &'static str,
) -> impl IntoView {
    move || {
        view! {
            <Input
                name=name
                id=Some(name.to_owned())
                label=label
                value=Some(value_of(form, name))
                error_message=form.error(name)
                autocomplete=(!autocomplete.is_empty()).then(|| autocomplete.to_owned())
                classes=classes
            />
        }
    }
}

/// The name fields: title, first names, last name.
#[component]
pub fn NameFields<F: FormInput>(form: FormState<F>) -> impl IntoView {
    view! {
        {text_input(form, field::TITLE, "Title (optional)", "honorific-prefix", "govuk-input--width-5")}
        {text_input(form, field::FIRST, "First names", "", "")}
        {text_input(form, field::LAST, "Last name", "", "")}
    }
}

/// The address fields, with the address finder above them.
#[component]
pub fn AddressFields<F: FormInput>(form: FormState<F>) -> impl IntoView {
    view! {
        <super::address_finder::AddressFinder form=form/>
        <Fieldset fieldset=FieldsetOptions::medium_legend("Address").unwrap_or_default()>
            {text_input(form, field::ADDRESS1, "Address line 1", "", "")}
            {text_input(form, field::ADDRESS2, "Address line 2", "", "")}
            {text_input(form, field::ADDRESS3, "Town or city", "", "govuk-!-width-two-thirds")}
            {text_input(form, field::POSTCODE, "Postcode", "", "govuk-input--width-10")}
        </Fieldset>
    }
}

/// A person's fields, with the optional parts `parts` asks for.
#[component]
pub fn PersonFields<F: FormInput>(form: FormState<F>, parts: Parts) -> impl IntoView {
    let dob = move || {
        let error = ["dob-day", "dob-month", "dob-year"]
            .into_iter()
            .find_map(|id| form.error(id));
        let item = |name: &str, id: &'static str, width: &str| DateInputItem {
            name: name.to_owned(),
            value: Some(value_of(form, id)),
            classes: width.to_owned(),
            ..Default::default()
        };
        view! {
            <DateInput
                id="dob"
                name_prefix=Some("dob".into())
                fieldset=FieldsetOptions::medium_legend("Date of birth")
                hint=Some("For example, 27 3 1980".into())
                error_message=error
                items=vec![
                    item("day", "dob-day", "govuk-input--width-2"),
                    item("month", "dob-month", "govuk-input--width-2"),
                    item("year", "dob-year", "govuk-input--width-4"),
                ]
            />
        }
    };
    view! {
        <Fieldset fieldset=FieldsetOptions::medium_legend("Name").unwrap_or_default()>
            <NameFields form=form/>
        </Fieldset>
        {parts
            .other_names
            .then(|| text_input(form, field::OTHER_NAMES, "Other names they are known by (optional)", "", ""))}
        {parts.dob.then_some(dob)}
        {parts
            .email
            .then(|| text_input(form, field::EMAIL, "Email address (optional)", "email", ""))}
        <AddressFields form=form/>
    }
}

/// The warning to confirm: the reasons the current input gives (the same check the server makes,
/// `lpa::warnings`), and the box to tick to save anyway.
#[component]
pub fn ConfirmWarnings<F: FormInput, W>(form: FormState<F>, warnings: W) -> impl IntoView
where
    W: Fn() -> Vec<Warning> + Send + Sync + 'static,
{
    move || {
        let reasons = crate::lpa::warnings::message(&warnings());
        reasons.map(|reasons| {
            let ticked = !value_of(form, field::CONFIRM).is_empty();
            view! {
                <WarningText content=reasons/>
                <Checkboxes
                    name=field::CONFIRM
                    id_prefix=Some(field::CONFIRM.to_owned())
                    items=vec![CheckboxesItem::option("yes", "I’ve checked these details and want to save them")]
                    values=if ticked { vec!["yes".to_owned()] } else { Vec::new() }
                    error_message=form.error(field::CONFIRM)
                />
            }
        })
    }
}
