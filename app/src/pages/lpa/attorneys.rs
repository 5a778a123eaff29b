//! What the primary and replacement attorney pages share (reference §2.2 steps 4 and 6): the list
//! of attorneys with their change and remove links, and the attorney form, for a person or a trust
//! corporation, adding or changing one. The pages themselves are `primary_attorney/` and
//! `replacement_attorney/`.
use chrono::Datelike;
use leptos::prelude::*;
use leptos_meta::Title;
use serde::{Deserialize, Serialize};

use super::frame::{value_of, LpaForm};
use super::person_fields::{AddressFields, ConfirmWarnings, Parts, PersonFields};
use crate::dates::Today;
use crate::form::{use_form_with, FieldErrors, FormErrorSummary, FormInput};
use crate::govuk::{Button, SummaryListRow};
use crate::lpa::flow::{Page, Step};
use crate::lpa::model::{
    Attorney, AttorneyRole, HumanAttorney, Lpa, Name, Revision, TrustCorporation, MAX_COMPANY_TEXT,
};
use crate::lpa::paths;
use crate::lpa::rules::{self, field, Whose};
use crate::lpa::warnings::{self, Candidate, Role};

/// The words the pages use for each list.
pub struct Words {
    pub heading: &'static str,
    pub one: &'static str,
    pub whose: Whose,
}

pub fn words(role: AttorneyRole) -> Words {
    match role {
        AttorneyRole::Primary => Words {
            heading: "The attorneys",
            one: "attorney",
            whose: Whose::ATTORNEY,
        },
        AttorneyRole::Replacement => Words {
            heading: "Replacement attorneys",
            one: "replacement attorney",
            whose: Whose::REPLACEMENT,
        },
    }
}

pub fn rows(attorney: &Attorney) -> Vec<SummaryListRow> {
    match attorney {
        Attorney::Human(human) => {
            let mut rows = vec![
                SummaryListRow::new("Name", human.name.to_string()),
                SummaryListRow::new(
                    "Date of birth",
                    human.dob.date().format("%-d %B %Y").to_string(),
                ),
            ];
            if let Some(email) = &human.email {
                rows.push(SummaryListRow::new("Email address", email.to_string()));
            }
            rows.push(SummaryListRow::new(
                "Address",
                human.address.lines().join(", "),
            ));
            rows
        }
        Attorney::Trust(trust) => vec![
            SummaryListRow::new("Company name", trust.name().to_owned()),
            SummaryListRow::new("Company number", trust.number().to_owned()),
            SummaryListRow::new("Address", trust.address.lines().join(", ")),
        ],
    }
}

/// The attorneys of `role`, each in a card with "Change" and "Remove", and the links to add more.
#[component]
pub fn AttorneyList(lpa: Lpa, role: AttorneyRole) -> impl IntoView {
    let step = match role {
        AttorneyRole::Primary => Step::PrimaryAttorney,
        AttorneyRole::Replacement => Step::ReplacementAttorney,
    };
    let words = words(role);
    let cards = lpa
        .document
        .attorneys(role)
        .iter()
        .enumerate()
        .map(|(index, listed)| {
            super::named_person::person_card(
                lpa.id,
                step,
                Some(index),
                listed.person.display_name(),
                rows(&listed.person),
            )
        })
        .collect_view();
    let any = !lpa.document.attorneys(role).is_empty();
    let add = paths::href(lpa.id, Page::Add(step)).to_string();
    let add_trust = lpa
        .document
        .may_add_trust_corporation()
        .then(|| paths::href(lpa.id, Page::AddTrust(step)).to_string());
    view! {
        {cards}
        <p class="govuk-body">
            <a class="govuk-link" href=add>
                {if any { format!("Add another {}", words.one) } else { format!("Add an {}", words.one).replace("an replacement", "a replacement") }}
            </a>
        </p>
        {add_trust.map(|href| view! {
            <p class="govuk-body">
                <a class="govuk-link" href=href>"Add a trust corporation"</a>
            </p>
        })}
    }
}

/// An attorney as the form sends them: a person, or (`kind` = `trust`) a trust corporation.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct AttorneyForm {
    /// `human` or `trust`: which fields the form shows.
    #[serde(default)]
    pub kind: String,
    #[serde(default, rename = "name-title")]
    pub title: String,
    #[serde(default, rename = "name-first")]
    pub first: String,
    #[serde(default, rename = "name-last")]
    pub last: String,
    #[serde(default, rename = "dob-day")]
    pub dob_day: String,
    #[serde(default, rename = "dob-month")]
    pub dob_month: String,
    #[serde(default, rename = "dob-year")]
    pub dob_year: String,
    /// A trust corporation's name.
    #[serde(default)]
    pub name: String,
    /// A trust corporation's company number.
    #[serde(default)]
    pub number: String,
    #[serde(default, rename = "email-address")]
    pub email: String,
    #[serde(default, rename = "address-address1")]
    pub address1: String,
    #[serde(default, rename = "address-address2")]
    pub address2: String,
    #[serde(default, rename = "address-address3")]
    pub address3: String,
    #[serde(default, rename = "address-postcode")]
    pub postcode: String,
    #[serde(default)]
    pub confirm: String,
    #[serde(default)]
    pub revision: String,
    /// The address finder's fields.
    #[serde(flatten)]
    pub finder: crate::lpa::addresses::FinderInput,
}

crate::lpa::addresses::with_address_lines!(AttorneyForm);

const TRUST: &str = "trust";

/// A valid attorney form.
#[derive(Debug)]
pub struct AttorneyDetails {
    pub attorney: Attorney,
    pub confirmed: bool,
    pub revision: Revision,
}

impl FormInput for AttorneyForm {
    type Valid = AttorneyDetails;

    fn redisplay(&self) -> Option<Self> {
        crate::lpa::addresses::redisplay(self)
    }

    fn validate(&self) -> Result<AttorneyDetails, FieldErrors> {
        self.validate_on(Today::from_system())
    }

    fn validate_on(&self, today: Today) -> Result<AttorneyDetails, FieldErrors> {
        let mut errors = FieldErrors::new();
        let lines = [
            &*self.address1,
            &self.address2,
            &self.address3,
            &self.postcode,
        ];
        let attorney = if self.kind == TRUST {
            let whose = Whose::COMPANY;
            let name = rules::text(
                &mut errors,
                field::COMPANY_NAME,
                &self.name,
                MAX_COMPANY_TEXT,
                "Company name",
                Some("Enter the company’s name"),
            );
            let number = rules::text(
                &mut errors,
                field::COMPANY_NUMBER,
                &self.number,
                MAX_COMPANY_TEXT,
                "Company number",
                Some("Enter the company’s registration number"),
            );
            let email = rules::optional_email(&mut errors, whose, &self.email);
            let address = rules::address(&mut errors, whose, lines);
            match (name, number, address) {
                (Some(name), Some(number), Some(address)) => {
                    TrustCorporation::new(&name, &number, address, email)
                        .ok()
                        .map(Attorney::Trust)
                }
                _ => None,
            }
        } else {
            let whose = Whose::ATTORNEY;
            let name: Option<Name> =
                rules::name(&mut errors, whose, &self.title, &self.first, &self.last);
            let dob = rules::dob(
                &mut errors,
                whose,
                [&self.dob_day, &self.dob_month, &self.dob_year],
                today,
            );
            let email = rules::optional_email(&mut errors, whose, &self.email);
            let address = rules::address(&mut errors, whose, lines);
            match (name, dob, address) {
                (Some(name), Some(dob), Some(address)) => Some(Attorney::Human(HumanAttorney {
                    name,
                    dob,
                    address,
                    email,
                })),
                _ => None,
            }
        };
        match attorney {
            Some(attorney) if errors.is_empty() => Ok(AttorneyDetails {
                attorney,
                confirmed: rules::ticked(&self.confirm),
                revision: rules::revision(&self.revision),
            }),
            _ => Err(errors),
        }
    }
}

impl AttorneyForm {
    /// The form for a new attorney (`trust`: a trust corporation) or filled with `attorney`.
    pub fn of(attorney: Option<&Attorney>, trust: bool, revision: Revision) -> Self {
        let mut form = AttorneyForm {
            kind: if trust { TRUST } else { "human" }.to_owned(),
            revision: revision.0.to_string(),
            ..Default::default()
        };
        match attorney {
            Some(Attorney::Human(human)) => {
                form.kind = "human".to_owned();
                form.title = human.name.title().unwrap_or_default().to_owned();
                form.first = human.name.first().to_owned();
                form.last = human.name.last().to_owned();
                let dob = human.dob.date();
                form.dob_day = dob.day().to_string();
                form.dob_month = dob.month().to_string();
                form.dob_year = dob.year().to_string();
                form.email = human
                    .email
                    .as_ref()
                    .map(ToString::to_string)
                    .unwrap_or_default();
                [form.address1, form.address2, form.address3, form.postcode] =
                    human.address.parts();
            }
            Some(Attorney::Trust(trust)) => {
                form.kind = TRUST.to_owned();
                form.name = trust.name().to_owned();
                form.number = trust.number().to_owned();
                form.email = trust
                    .email
                    .as_ref()
                    .map(ToString::to_string)
                    .unwrap_or_default();
                [form.address1, form.address2, form.address3, form.postcode] =
                    trust.address.parts();
            }
            None => {}
        }
        form
    }

    /// What to ask about before saving this person as an attorney of `role` (the one at
    /// `editing`, if changing one). A trust corporation has no name or age to compare.
    fn warnings(
        &self,
        lpa: &Lpa,
        role: AttorneyRole,
        editing: Option<usize>,
        today: Today,
    ) -> Vec<warnings::Warning> {
        if self.kind == TRUST {
            return Vec::new();
        }
        let dob = rules::dob(
            &mut FieldErrors::new(),
            Whose::ATTORNEY,
            [&self.dob_day, &self.dob_month, &self.dob_year],
            today,
        );
        warnings::check(
            &lpa.document,
            Candidate {
                role: Role::Attorney(role),
                editing,
                first: &self.first,
                last: &self.last,
                dob,
            },
            today,
        )
    }
}

/// The attorney list and index a page of `page` is about.
fn role_and_index(page: Page) -> Option<(AttorneyRole, Option<usize>)> {
    match page {
        Page::Add(step) | Page::AddTrust(step) => Some((step.attorney_role()?, None)),
        Page::Edit(step, index) => Some((step.attorney_role()?, index)),
        _ => None,
    }
}

impl crate::form::FormAction for AttorneyForm {
    #[cfg(feature = "ssr")]
    async fn perform(
        details: AttorneyDetails,
        context: crate::form::ActionContext,
    ) -> Result<crate::form::Submitted, crate::form::FormFailure> {
        super::frame::save_here(&context, details.revision, |lpa, page, today| {
            let (role, editing) = role_and_index(page).ok_or(crate::error::AppError::NotFound)?;
            let trust = details.attorney.is_trust();
            let form = AttorneyForm::of(Some(&details.attorney), trust, lpa.revision);
            super::frame::confirmed(details.confirmed, &form.warnings(lpa, role, editing, today))?;
            let refused_on = if trust {
                field::COMPANY_NAME
            } else {
                field::FIRST
            };
            match editing {
                Some(index) => lpa.document.replace_attorney(role, index, details.attorney),
                None => lpa
                    .document
                    .add_attorney(role, details.attorney)
                    .map(|_| ()),
            }
            .map_err(|error| super::frame::refused(refused_on, error))
        })
        .await
    }
}

/// The attorney form on its page: adding a person or a trust corporation, or changing either.
#[component]
pub fn AttorneyFormPage(
    lpa: Lpa,
    page: Page,
    /// Details chosen on the reuse page, to start from.
    #[prop(optional_no_strip)]
    reused: Option<super::reuse_details::ReusablePerson>,
) -> impl IntoView {
    let Some((role, editing)) = role_and_index(page) else {
        return view! { <crate::error_page::PageNotFound/> }.into_any();
    };
    let words = words(role);
    let current = editing.and_then(|index| lpa.document.attorneys(role).get(index));
    let trust =
        matches!(page, Page::AddTrust(_)) || current.is_some_and(|listed| listed.person.is_trust());
    let heading = match (editing, trust) {
        (Some(_), _) => format!("Change the {}’s details", words.one),
        (None, true) => "Add a trust corporation".to_owned(),
        (None, false) => format!("Add an {}", words.one).replace("an replacement", "a replacement"),
    };
    let initial = AttorneyForm::of(current.map(|listed| &listed.person), trust, lpa.revision);
    let adding_person = editing.is_none() && !trust;
    let form = use_form_with(match &reused {
        Some(person) if adding_person => person.fill(initial),
        _ => initial,
    });
    let step = page.step();
    let (id, revision) = (lpa.id, lpa.revision);
    let lpa = StoredValue::new(lpa);
    let warnings = move || {
        let today = Today::from_system();
        form.input
            .with(|input| lpa.with_value(|lpa| input.warnings(lpa, role, editing, today)))
    };
    let title = heading.clone();
    view! {
        <Title text=form.title(title)/>
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                <FormErrorSummary form=form/>
                <h1 class="govuk-heading-l">{heading}</h1>
                {step.filter(|_| adding_person).map(|list| view! {
                    <super::reuse_details::ReuseLink lpa_id=id list=list/>
                })}
                <LpaForm form=form lpa_id=id page=page revision=revision>
                    <input type="hidden" name="kind" value=move || value_of(form, "kind")/>
                    {if trust {
                        view! {
                            <TrustFields form=form/>
                            <AddressFields form=form/>
                        }
                        .into_any()
                    } else {
                        view! { <PersonFields form=form parts=Parts { other_names: false, dob: true, email: true }/> }
                            .into_any()
                    }}
                    <ConfirmWarnings form=form warnings=warnings/>
                    <Button content="Save and continue"/>
                </LpaForm>
            </div>
        </div>
    }
    .into_any()
}

#[component]
fn TrustFields(form: crate::form::FormState<AttorneyForm>) -> impl IntoView {
    let input =
        move |name: &'static str, label: &'static str, autocomplete: Option<&'static str>| {
            move || {
                view! {
                    <crate::govuk::Input
                        name=name
                        id=Some(name.to_owned())
                        label=label
                        value=Some(value_of(form, name))
                        error_message=form.error(name)
                        autocomplete=autocomplete.map(str::to_owned)
                    />
                }
            }
        };
    view! {
        {input(field::COMPANY_NAME, "Company name", Some("organization"))}
        {input(field::COMPANY_NUMBER, "Company registration number", None)}
        {input(field::EMAIL, "Email address (optional)", Some("email"))}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn today() -> Today {
        Today::new(NaiveDate::from_ymd_opt(2026, 12, 3).unwrap())
    }

    #[test]
    fn a_trust_corporation_needs_its_name_and_number() {
        let form = AttorneyForm {
            kind: TRUST.into(),
            address1: "1 Bank St".into(),
            postcode: "EC1 1AA".into(),
            ..Default::default()
        };
        let errors = form.validate_on(today()).unwrap_err();
        assert_eq!(
            errors.get(field::COMPANY_NAME),
            Some("Enter the company’s name")
        );
        assert_eq!(
            errors.get(field::COMPANY_NUMBER),
            Some("Enter the company’s registration number")
        );
        assert_eq!(errors.get(field::FIRST), None, "no person's fields");
        let long = AttorneyForm {
            name: "x".repeat(76),
            number: "123".into(),
            ..form
        };
        assert_eq!(
            long.validate_on(today())
                .unwrap_err()
                .get(field::COMPANY_NAME),
            Some("Company name must be 75 characters or fewer")
        );
    }

    #[test]
    fn a_person_round_trips_through_the_form() {
        let form = AttorneyForm {
            kind: "human".into(),
            first: "Ann".into(),
            last: "Able".into(),
            dob_day: "2".into(),
            dob_month: "3".into(),
            dob_year: "1970".into(),
            address1: "1 High St".into(),
            address2: "Leeds".into(),
            revision: "4".into(),
            ..Default::default()
        };
        let valid = form.validate_on(today()).unwrap();
        assert_eq!(
            AttorneyForm::of(Some(&valid.attorney), false, Revision(4)),
            form
        );
        let errors = AttorneyForm::default().validate_on(today()).unwrap_err();
        assert_eq!(
            errors.get(field::FIRST),
            Some("Enter the attorney’s first names")
        );
    }
}
