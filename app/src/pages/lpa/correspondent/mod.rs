//! `/lpa/{id}/correspondent`: who receives the registered LPA and the Office of the Public
//! Guardian's letters (reference §2.2 step 13, §3.7): the donor unless changed (`edit`), and how
//! they want to be contacted (post, phone, email: at least one) and in which language.
use leptos::prelude::*;
use leptos_meta::Title;
use serde::{Deserialize, Serialize};

use super::frame::{revealed_input, value_of, LpaForm, LpaFrame};
use crate::form::{use_form_with, FieldErrors, FormErrorSummary, FormInput};
use crate::govuk::{
    Button, Checkboxes, CheckboxesItem, CheckboxesOption, FieldsetOptions, Radios, RadiosItem,
    RadiosOption, SummaryList, SummaryListRow,
};
use crate::lpa::correspondent::Contact;
use crate::lpa::flow::{Page, Step};
use crate::lpa::model::{EmailAddress, Lpa, PhoneNumber, Revision};
use crate::lpa::paths;
use crate::lpa::rules;

pub mod edit;

const HEADING: &str = "Where should we send the registered LPA and any correspondence?";
const CONTACT: &str = "contact";
const PHONE: &str = "phone-number";
const EMAIL: &str = "email-address";
const WELSH: &str = "contactInWelsh";
const CONTACT_MISSING: &str = "Select how the correspondent would like to be contacted";
const PHONE_INVALID: &str = "Enter a phone number, like 01632 960 001 or +44 808 157 0192";
const WELSH_MISSING: &str = "Select which language we should use in written correspondence";

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ContactForm {
    /// The ways ticked: `post`, `phone`, `email`.
    #[serde(default)]
    pub contact: Vec<String>,
    #[serde(default, rename = "phone-number")]
    pub phone: String,
    #[serde(default, rename = "email-address")]
    pub email: String,
    /// `0` English, `1` Welsh.
    #[serde(default, rename = "contactInWelsh")]
    pub welsh: String,
    #[serde(default)]
    pub revision: String,
}

impl FormInput for ContactForm {
    type Valid = (Contact, Revision);

    fn validate(&self) -> Result<Self::Valid, FieldErrors> {
        let mut errors = FieldErrors::new();
        let ticked = |way: &str| self.contact.iter().any(|chosen| chosen == way);
        let phone = if ticked("phone") {
            PhoneNumber::parse(&self.phone)
                .map_err(|_| errors.add(PHONE, PHONE_INVALID))
                .ok()
        } else {
            None
        };
        let email = if ticked("email") {
            EmailAddress::check_field(&mut errors, EMAIL, &self.email)
        } else {
            None
        };
        if !["post", "phone", "email"].into_iter().any(ticked) {
            errors.add(CONTACT, CONTACT_MISSING);
        }
        let welsh = match self.welsh.as_str() {
            "0" => Some(false),
            "1" => Some(true),
            _ => {
                errors.add(WELSH, WELSH_MISSING);
                None
            }
        };
        let contact = welsh
            .filter(|_| errors.is_empty())
            .and_then(|welsh| Contact::new(email, phone, ticked("post"), welsh).ok());
        match contact {
            Some(contact) => Ok((contact, rules::revision(&self.revision))),
            None => {
                if errors.is_empty() {
                    errors.add(CONTACT, CONTACT_MISSING);
                }
                Err(errors)
            }
        }
    }
}

impl crate::form::FormAction for ContactForm {
    #[cfg(feature = "ssr")]
    async fn perform(
        (contact, revision): Self::Valid,
        context: crate::form::ActionContext,
    ) -> Result<crate::form::Submitted, crate::form::FormFailure> {
        super::frame::save_here(&context, revision, |lpa, _, _| {
            lpa.document
                .set_correspondent_contact(contact)
                .map_err(|error| super::frame::refused(CONTACT, error))
        })
        .await
    }
}

impl ContactForm {
    fn of(lpa: &Lpa) -> Self {
        let correspondent = lpa.document.correspondent_or_donor();
        let contact = correspondent.as_ref().and_then(|c| c.contact());
        let mut ways = Vec::new();
        if let Some(contact) = contact {
            if contact.by_post() {
                ways.push("post".to_owned());
            }
            if contact.phone().is_some() {
                ways.push("phone".to_owned());
            }
            if contact.email().is_some() {
                ways.push("email".to_owned());
            }
        }
        ContactForm {
            contact: ways,
            phone: contact
                .and_then(Contact::phone)
                .map(|phone| phone.as_str().to_owned())
                .unwrap_or_default(),
            email: correspondent
                .as_ref()
                .and_then(|c| c.known_email())
                .map(ToString::to_string)
                .unwrap_or_default(),
            welsh: contact
                .map(|contact| if contact.in_welsh() { "1" } else { "0" })
                .unwrap_or_default()
                .to_owned(),
            revision: lpa.revision.0.to_string(),
        }
    }
}

/// A legend styled as a medium heading.

#[component]
pub fn CorrespondentPage() -> impl IntoView {
    view! {
        <LpaFrame render=|lpa, page| {
            let form = use_form_with(ContactForm::of(&lpa));
            let (id, revision) = (lpa.id, lpa.revision);
            let correspondent = lpa.document.correspondent_or_donor();
            let rows = correspondent
                .as_ref()
                .map(|c| {
                    vec![
                        SummaryListRow::new("Name", c.display_name()),
                        SummaryListRow::new("Address", c.address().lines().join(", ")),
                    ]
                })
                .unwrap_or_default();
            let change = paths::href(id, Page::Edit(Step::Correspondent, None)).to_string();
            let ways = move || {
                vec![
                    CheckboxesItem::Option(CheckboxesOption::new("post", "Post")),
                    CheckboxesItem::Option(CheckboxesOption::new("phone", "Phone").with_conditional(
                        revealed_input(form, PHONE, "Phone number", "govuk-input--width-20", Some("tel")),
                    )),
                    CheckboxesItem::Option(CheckboxesOption::new("email", "Email").with_conditional(
                        revealed_input(form, EMAIL, "Email address", "govuk-!-width-two-thirds", Some("email")),
                    )),
                ]
            };
            view! {
                <Title text=form.title(HEADING)/>
                <div class="govuk-grid-row">
                    <div class="govuk-grid-column-two-thirds">
                        <FormErrorSummary form=form/>
                        <h1 class="govuk-heading-l">{HEADING}</h1>
                        <p class="govuk-body">
                            "The person below will be the ‘correspondent’. We’ll send them the registered LPA and contact them if we have any questions about the LPA application."
                        </p>
                        <h2 class="govuk-heading-m">"The correspondent"</h2>
                        <SummaryList rows=rows/>
                        <p class="govuk-body">
                            <a class="govuk-link" href=change>"Change correspondent"</a>
                        </p>
                        <LpaForm form=form lpa_id=id page=page revision=revision>
                            {move || view! {
                                <Checkboxes
                                    name=CONTACT
                                    id_prefix=Some(CONTACT.into())
                                    values=form.value(|input| input.contact.join(",")).split(',').map(str::to_owned).collect()
                                    error_message=form.error(CONTACT)
                                    fieldset=FieldsetOptions::medium_legend("How would the correspondent prefer to be contacted?")
                                    hint=Some("Select all that apply.".into())
                                    items=ways()
                                />
                                <Radios
                                    name=WELSH
                                    id_prefix=Some(WELSH.into())
                                    value=Some(value_of(form, WELSH))
                                    error_message=form.error(WELSH)
                                    fieldset=FieldsetOptions::medium_legend("Which language should we use in written correspondence?")
                                    classes="govuk-radios--inline"
                                    items=vec![
                                        RadiosItem::Option(RadiosOption::new("0", "English")),
                                        RadiosItem::Option(RadiosOption::new("1", "Welsh (Cymraeg)")),
                                    ]
                                />
                            }}
                            <Button content="Save and continue"/>
                        </LpaForm>
                    </div>
                </div>
            }
        }/>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(ways: &[&str]) -> ContactForm {
        ContactForm {
            contact: ways.iter().map(|w| (*w).to_owned()).collect(),
            welsh: "0".into(),
            ..Default::default()
        }
    }

    #[test]
    fn at_least_one_way_and_its_details() {
        assert_eq!(
            form(&[]).validate().unwrap_err().get(CONTACT),
            Some(CONTACT_MISSING)
        );
        assert!(form(&["post"]).validate().is_ok());
        assert_eq!(
            form(&["phone"]).validate().unwrap_err().get(PHONE),
            Some(PHONE_INVALID)
        );
        let email = ContactForm {
            email: "not an address".into(),
            ..form(&["email"])
        };
        assert!(email.validate().unwrap_err().get(EMAIL).is_some());
        let both = ContactForm {
            email: "Sam@Example.com".into(),
            phone: "01234 567890".into(),
            ..form(&["email", "phone"])
        };
        let (contact, _) = both.validate().unwrap();
        assert_eq!(contact.email().unwrap().as_str(), "sam@example.com");
        assert!(!contact.by_post());
        // A phone number given without ticking phone is not kept.
        let unticked = ContactForm {
            phone: "01234 567890".into(),
            ..form(&["post"])
        };
        assert!(unticked.validate().unwrap().0.phone().is_none());
    }

    #[test]
    fn the_language_is_asked() {
        let form = ContactForm {
            welsh: String::new(),
            ..form(&["post"])
        };
        assert_eq!(form.validate().unwrap_err().get(WELSH), Some(WELSH_MISSING));
    }
}
