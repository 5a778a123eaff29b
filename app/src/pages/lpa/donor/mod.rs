//! `/lpa/{id}/donor`: the donor (reference §2.2 step 2), with a link to add them or to change
//! their details, then on. The form itself is [`add`] and [`edit`]'s.
use chrono::Datelike;
use leptos::prelude::*;
use leptos_meta::Title;
use serde::{Deserialize, Serialize};

use super::frame::{LpaForm, LpaFrame};
use super::person_fields::{ConfirmWarnings, Parts, PersonFields};
use super::reuse_details::{ReusablePerson, ReuseLink};
use crate::dates::Today;
use crate::form::{use_form_with, FieldErrors, FormErrorSummary, FormInput};
use crate::govuk::{Button, Checkboxes, CheckboxesItem, SummaryList, SummaryListRow};
use crate::lpa::flow::{Page, Step};
use crate::lpa::model::{Donor, LongName, Lpa, Revision, MAX_OTHER_NAMES};
use crate::lpa::paths;
use crate::lpa::rules::{self, field, Whose};
use crate::lpa::warnings::{self, Candidate, Role};

pub mod add;
pub mod edit;

#[component]
pub fn DonorPage() -> impl IntoView {
    view! {
        <LpaFrame render=|lpa, _| {
            let next = paths::href(lpa.id, Page::Step(Step::Donor).next(&lpa));
            view! {
                <Title text="The donor"/>
                <div class="govuk-grid-row">
                    <div class="govuk-grid-column-two-thirds">
                        <h1 class="govuk-heading-l">"The donor"</h1>
                        <p class="govuk-body">
                            "The donor is the person the LPA is for: the person giving their attorneys the power to make decisions for them."
                        </p>
                        {match lpa.document.donor() {
                            Some(donor) => view! {
                                <SummaryList rows=person_rows(donor)/>
                                <p class="govuk-body">
                                    <a class="govuk-link" href=paths::DONOR_EDIT.to(lpa.id).to_string()>
                                        "Change the donor’s details"
                                    </a>
                                </p>
                                <Button content="Continue" href=Some(next.to_string())/>
                            }
                            .into_any(),
                            None => view! {
                                <Button content="Add the donor" href=Some(paths::DONOR_ADD.to(lpa.id).to_string())/>
                            }
                            .into_any(),
                        }}
                    </div>
                </div>
            }
        }/>
    }
}

pub fn person_rows(donor: &Donor) -> Vec<SummaryListRow> {
    let mut rows = vec![SummaryListRow::new("Name", donor.name.to_string())];
    if let Some(other) = &donor.other_names {
        rows.push(SummaryListRow::new("Also known as", other.clone()));
    }
    rows.push(SummaryListRow::new(
        "Date of birth",
        donor.dob.date().format("%-d %B %Y").to_string(),
    ));
    if let Some(email) = &donor.email {
        rows.push(SummaryListRow::new("Email address", email.to_string()));
    }
    rows.push(SummaryListRow::new(
        "Address",
        donor.address.lines().join(", "),
    ));
    rows
}

/// The donor's details as the form sends them.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct DonorForm {
    #[serde(default, rename = "name-title")]
    pub title: String,
    #[serde(default, rename = "name-first")]
    pub first: String,
    #[serde(default, rename = "name-last")]
    pub last: String,
    #[serde(default, rename = "other-names")]
    pub other_names: String,
    #[serde(default, rename = "dob-day")]
    pub dob_day: String,
    #[serde(default, rename = "dob-month")]
    pub dob_month: String,
    #[serde(default, rename = "dob-year")]
    pub dob_year: String,
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
    /// Ticked: the donor cannot sign, so someone will sign for them.
    #[serde(default, rename = "cannot-sign")]
    pub cannot_sign: String,
    #[serde(default)]
    pub confirm: String,
    #[serde(default)]
    pub revision: String,
    /// The address finder's fields.
    #[serde(flatten)]
    pub finder: crate::lpa::addresses::FinderInput,
}

crate::lpa::addresses::with_address_lines!(DonorForm);

/// A valid donor form: the donor, whether warnings were confirmed, and the revision it came from.
#[derive(Debug)]
pub struct DonorDetails {
    pub donor: Donor,
    pub confirmed: bool,
    pub revision: Revision,
}

impl FormInput for DonorForm {
    type Valid = DonorDetails;

    fn redisplay(&self) -> Option<Self> {
        crate::lpa::addresses::redisplay(self)
    }

    fn validate(&self) -> Result<DonorDetails, FieldErrors> {
        self.validate_on(Today::from_system())
    }

    fn validate_on(&self, today: Today) -> Result<DonorDetails, FieldErrors> {
        let mut errors = FieldErrors::new();
        let whose = Whose::DONOR;
        let name: Option<LongName> =
            rules::name(&mut errors, whose, &self.title, &self.first, &self.last);
        let other_names = rules::text(
            &mut errors,
            field::OTHER_NAMES,
            &self.other_names,
            MAX_OTHER_NAMES,
            "Other names",
            None,
        );
        let dob = rules::dob(
            &mut errors,
            whose,
            [&self.dob_day, &self.dob_month, &self.dob_year],
            today,
        );
        let email = rules::optional_email(&mut errors, whose, &self.email);
        let address = rules::address(
            &mut errors,
            whose,
            [
                &self.address1,
                &self.address2,
                &self.address3,
                &self.postcode,
            ],
        );
        match (name, dob, address) {
            (Some(name), Some(dob), Some(address)) if errors.is_empty() => Ok(DonorDetails {
                donor: Donor {
                    name,
                    other_names,
                    address,
                    dob,
                    email,
                    can_sign: !rules::ticked(&self.cannot_sign),
                },
                confirmed: rules::ticked(&self.confirm),
                revision: rules::revision(&self.revision),
            }),
            _ => Err(errors),
        }
    }
}

impl DonorForm {
    /// The form filled with `donor`'s details, at `revision`.
    pub fn of(donor: Option<&Donor>, revision: Revision) -> Self {
        let mut form = DonorForm {
            revision: revision.0.to_string(),
            ..Default::default()
        };
        if let Some(donor) = donor {
            form.title = donor.name.title().unwrap_or_default().to_owned();
            form.first = donor.name.first().to_owned();
            form.last = donor.name.last().to_owned();
            form.other_names = donor.other_names.clone().unwrap_or_default();
            let dob = donor.dob.date();
            form.dob_day = dob.day().to_string();
            form.dob_month = dob.month().to_string();
            form.dob_year = dob.year().to_string();
            form.email = donor
                .email
                .as_ref()
                .map(ToString::to_string)
                .unwrap_or_default();
            [form.address1, form.address2, form.address3, form.postcode] = donor.address.parts();
            form.cannot_sign = if donor.can_sign { "" } else { "yes" }.to_owned();
        }
        form
    }

    /// What to ask about before saving this as the donor of `lpa`.
    fn warnings(&self, lpa: &Lpa, today: Today) -> Vec<warnings::Warning> {
        let dob = rules::dob(
            &mut FieldErrors::new(),
            Whose::DONOR,
            [&self.dob_day, &self.dob_month, &self.dob_year],
            today,
        );
        warnings::check(
            &lpa.document,
            Candidate {
                role: Role::Donor,
                editing: Some(0),
                first: &self.first,
                last: &self.last,
                dob,
            },
            today,
        )
    }
}

impl crate::form::FormAction for DonorForm {
    #[cfg(feature = "ssr")]
    async fn perform(
        details: DonorDetails,
        context: crate::form::ActionContext,
    ) -> Result<crate::form::Submitted, crate::form::FormFailure> {
        super::frame::save_here(&context, details.revision, |lpa, _, today| {
            let form = DonorForm::of(Some(&details.donor), lpa.revision);
            super::frame::confirmed(details.confirmed, &form.warnings(lpa, today))?;
            lpa.document.set_donor(details.donor);
            Ok(())
        })
        .await
    }
}

/// The donor's form, for adding or changing them.
#[component]
fn DonorFormPage(
    lpa: Lpa,
    page: Page,
    heading: &'static str,
    /// Details chosen on the reuse page, to start from.
    #[prop(optional_no_strip)]
    reused: Option<ReusablePerson>,
) -> impl IntoView {
    let adding = lpa.document.donor().is_none();
    let initial = DonorForm::of(lpa.document.donor(), lpa.revision);
    let form = use_form_with(match &reused {
        Some(person) if adding => person.fill(initial),
        _ => initial,
    });
    let lpa = StoredValue::new(lpa);
    let warnings = move || {
        let today = Today::from_system();
        form.input
            .with(|input| lpa.with_value(|lpa| input.warnings(lpa, today)))
    };
    let (id, revision) = lpa.with_value(|lpa| (lpa.id, lpa.revision));
    view! {
        <Title text=form.title(heading)/>
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                <FormErrorSummary form=form/>
                <h1 class="govuk-heading-l">{heading}</h1>
                {adding.then(|| view! { <ReuseLink lpa_id=id list=Step::Donor/> })}
                <LpaForm form=form lpa_id=id page=page revision=revision>
                    <PersonFields form=form parts=Parts { other_names: true, dob: true, email: true }/>
                    {move || {
                        let ticked = !form.input.with(|f| f.cannot_sign.is_empty());
                        view! {
                            <Checkboxes
                                name="cannot-sign"
                                id_prefix=Some("cannot-sign".to_owned())
                                items=vec![CheckboxesItem::option("yes", "The donor cannot sign or make a mark on the LPA")]
                                values=if ticked { vec!["yes".to_owned()] } else { Vec::new() }
                                hint=Some("Someone else will sign on their behalf, in front of two witnesses.".into())
                            />
                        }
                    }}
                    <ConfirmWarnings form=form warnings=warnings/>
                    <Button content="Save and continue"/>
                </LpaForm>
            </div>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn today() -> Today {
        Today::new(NaiveDate::from_ymd_opt(2026, 12, 3).unwrap())
    }

    fn filled() -> DonorForm {
        DonorForm {
            first: "Dana".into(),
            last: "Donor".into(),
            dob_day: "1".into(),
            dob_month: "2".into(),
            dob_year: "1950".into(),
            address1: "1 High Street".into(),
            postcode: "LS1 1AA".into(),
            revision: "3".into(),
            ..Default::default()
        }
    }

    #[test]
    fn a_complete_form_is_a_donor_and_back() {
        let valid = filled().validate_on(today()).unwrap();
        assert_eq!(valid.donor.name.to_string(), "Dana Donor");
        assert!(valid.donor.can_sign);
        assert_eq!(valid.revision, Revision(3));
        assert_eq!(DonorForm::of(Some(&valid.donor), Revision(3)), filled());
    }

    #[test]
    fn every_missing_part_has_its_message() {
        let errors = DonorForm::default().validate_on(today()).unwrap_err();
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(
            fields,
            [
                field::FIRST,
                field::LAST,
                field::DOB_DAY,
                field::ADDRESS1,
                field::ADDRESS2
            ]
        );
        let mut bad = filled();
        bad.email = "nope".into();
        bad.other_names = "x".repeat(51);
        let errors = bad.validate_on(today()).unwrap_err();
        assert_eq!(
            errors.get(field::OTHER_NAMES),
            Some("Other names must be 50 characters or fewer")
        );
        assert!(errors.get(field::EMAIL).is_some());
    }
}
