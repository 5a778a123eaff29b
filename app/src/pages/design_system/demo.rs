//! The demo form: one field of every kind, each showing its error state when the form is sent
//! with bad input.
use leptos::prelude::*;

use super::{DemoForm, COUNTRIES, DESCRIPTION_MAX, INTERESTS};
use crate::form::{Form, FormState};
use crate::govuk::content::escape_html;
use crate::govuk::{
    Button, CharacterCount, Checkboxes, CheckboxesBehaviour, CheckboxesItem, CheckboxesOption,
    DateInput, DateInputItem, FieldsetOptions, FileUpload, Input, InputType, PasswordInput, Radios,
    RadiosItem, RadiosOption, Select, SelectItem, TrustedHtml,
};
use crate::site::paths as site_paths;

/// The phone number field revealed under "Phone": GOV.UK input markup written out, because a
/// conditional reveal takes HTML (and rendering a view to a string only works on the server).
fn phone_field(value: &str, error: Option<String>) -> TrustedHtml {
    let (group_class, input_class, described_by, message) = match error {
        Some(message) => (
            " govuk-form-group--error",
            " govuk-input--error",
            r#" aria-describedby="contact-phone-error""#,
            format!(
                r#"<p id="contact-phone-error" class="govuk-error-message"><span class="govuk-visually-hidden">Error:</span> {}</p>"#,
                escape_html(&message)
            ),
        ),
        None => ("", "", "", String::new()),
    };
    TrustedHtml::from_trusted(format!(
        r#"<div class="govuk-form-group{group_class}"><label class="govuk-label" for="contact-phone">Phone number</label>{message}<input class="govuk-input govuk-!-width-one-third{input_class}" id="contact-phone" name="contact_phone" type="tel" autocomplete="tel" value="{}"{described_by}></div>"#,
        escape_html(value)
    ))
}

#[component]
pub fn DemoFields(form: FormState<DemoForm>) -> impl IntoView {
    // Each field is drawn again when the errors change, from what the user last sent.
    let field = move |draw: fn(&DemoForm, FormState<DemoForm>) -> AnyView| {
        move || form.input.with(|input| draw(input, form))
    };
    view! {
        <Form form=form action=site_paths::DESIGN_SYSTEM.href()>
            {field(|input, form| {
                view! {
                    <Input
                        name="full_name"
                        id=Some("full-name".into())
                        label="Full name"
                        value=Some(input.full_name.clone())
                        error_message=form.error("full-name")
                        autocomplete=Some("name".into())
                        spellcheck=Some(false)
                    />
                }
                    .into_any()
            })}
            {field(|input, form| {
                view! {
                    <Input
                        name="email"
                        id=Some("email".into())
                        input_type=InputType::Email
                        label="Email address"
                        hint=Some("We’ll only use this to reply to you".into())
                        value=Some(input.email.clone())
                        error_message=form.error("email")
                        autocomplete=Some("email".into())
                        spellcheck=Some(false)
                    />
                }
                    .into_any()
            })}
            {field(|input, form| {
                view! {
                    <CharacterCount
                        name="description"
                        id=Some("description".into())
                        label="Describe what you need"
                        maxlength=Some(DESCRIPTION_MAX as u32)
                        value=Some(input.description.clone())
                        error_message=form.error("description")
                    />
                }
                    .into_any()
            })}
            {field(|input, form| {
                let error = ["dob-day", "dob-month", "dob-year"]
                    .into_iter()
                    .find_map(|id| form.error(id).map(|message| (id, message)));
                // A missing part marks only that part; any other problem marks the whole date.
                let only_part = error.as_ref().and_then(|(id, message)| {
                    let missing = message.content.to_markup().contains("must include");
                    (missing || *id != "dob-day").then_some(*id)
                });
                let item = |name: &str, value: &str, width: &str| DateInputItem {
                    name: name.to_owned(),
                    value: Some(value.to_owned()),
                    classes: width.to_owned(),
                    error: only_part.map(|id| id == format!("dob-{name}")),
                    ..Default::default()
                };
                view! {
                    <DateInput
                        id="dob"
                        name_prefix=Some("dob".into())
                        fieldset=FieldsetOptions::medium_legend("What is your date of birth?")
                        hint=Some("For example, 27 3 2007".into())
                        error_message=error.map(|(_, message)| message)
                        items=vec![
                            item("day", &input.dob_day, "govuk-input--width-2"),
                            item("month", &input.dob_month, "govuk-input--width-2"),
                            item("year", &input.dob_year, "govuk-input--width-4"),
                        ]
                    />
                }
                    .into_any()
            })}
            {field(|input, form| {
                let phone = phone_field(&input.contact_phone, form.errors.with(|e| e.get("contact-phone").map(str::to_owned)));
                view! {
                    <Radios
                        name="contact"
                        value=Some(input.contact.clone())
                        fieldset=FieldsetOptions::medium_legend("How would you like to be contacted?")
                        error_message=form.error("contact")
                        items=vec![
                            RadiosItem::option("email", "Email"),
                            RadiosItem::Option(RadiosOption::new("phone", "Phone").with_conditional(phone)),
                            RadiosItem::divider("or"),
                            RadiosItem::option("post", "Post"),
                        ]
                    />
                }
                    .into_any()
            })}
            {field(|input, form| {
                let mut items: Vec<CheckboxesItem> = INTERESTS
                    .iter()
                    .map(|(value, text)| CheckboxesItem::option(*value, *text))
                    .collect();
                items.push(CheckboxesItem::Divider("or".into()));
                items.push(CheckboxesItem::Option(CheckboxesOption {
                    behaviour: Some(CheckboxesBehaviour::Exclusive),
                    ..CheckboxesOption::new("none", "None of these")
                }));
                view! {
                    <Checkboxes
                        name="interests"
                        values=input.interests.clone()
                        fieldset=FieldsetOptions::medium_legend("What are you interested in?")
                        hint=Some("Select all that apply".into())
                        error_message=form.error("interests")
                        items=items
                    />
                }
                    .into_any()
            })}
            {field(|input, form| {
                let mut items = vec![SelectItem::new("", "Choose a country")];
                items.extend(COUNTRIES.iter().map(|(value, text)| SelectItem::new(*value, *text)));
                view! {
                    <Select
                        name="country"
                        id=Some("country".into())
                        label="Country where you live".into()
                        value=Some(input.country.clone())
                        error_message=form.error("country")
                        items=items
                    />
                }
                    .into_any()
            })}
            {field(|input, form| {
                view! {
                    <PasswordInput
                        name="password"
                        id=Some("password".into())
                        label="Password"
                        hint=Some("At least 8 characters".into())
                        value=Some(input.password.clone())
                        error_message=form.error("password")
                    />
                }
                    .into_any()
            })}
            {field(|_input, form| {
                view! {
                    <FileUpload
                        name="evidence"
                        id=Some("evidence".into())
                        label="Upload a file".into()
                        error_message=form.error("evidence")
                    />
                }
                    .into_any()
            })}
            {field(|input, form| {
                view! {
                    <Checkboxes
                        name="confirm"
                        values=vec![input.confirm.clone()]
                        error_message=form.error("confirm")
                        items=vec![CheckboxesItem::option("yes", "I confirm the information is correct")]
                    />
                }
                    .into_any()
            })}
            <Button content="Send"/>
        </Form>
    }
}
