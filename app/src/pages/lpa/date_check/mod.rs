//! `/lpa/{id}/date-check`: check the LPA was signed in the right order (reference §4.3). Someone
//! enters the date each person signed; the rules (`lpa::date_check`) say which sections to sign
//! again, or the answer is "signed in the right order" (`date-check/valid`). Nothing is saved.
use std::collections::BTreeMap;

use chrono::NaiveDate;
use leptos::prelude::*;
use leptos_meta::Title;
use serde::{Deserialize, Serialize};

use crate::form::{use_form_with, FieldErrors, Form, FormErrorSummary, FormInput, FormState};
use crate::govuk::{Button, DateInput, DateInputItem, FieldsetOptions, LegendOptions};
use crate::lpa::date_check::field;
use crate::lpa::model::{Applicant, Lpa, LpaType};
use crate::lpa::paths;
use crate::pages::lpa::frame::LpaFrame;

pub mod valid;

const HEADING: &str = "Check signature dates";

/// Every date's three fields, `{signer}-day`, `-month` and `-year`, as sent: how many signers
/// there are is the LPA's to say.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct DateCheckForm {
    #[serde(flatten)]
    pub fields: BTreeMap<String, String>,
}

/// The dates that were sent, by signer field (`sign-date-donor`, …).
pub type SentDates = BTreeMap<String, NaiveDate>;

/// The signer fields a date was sent for, in order.
fn signers_sent(fields: &BTreeMap<String, String>) -> Vec<String> {
    let mut signers: Vec<String> = fields
        .keys()
        .filter_map(|name| name.strip_suffix("-day"))
        .filter(|signer| signer.starts_with("sign-date-"))
        .map(str::to_owned)
        .collect();
    signers.dedup();
    signers
}

impl FormInput for DateCheckForm {
    type Valid = SentDates;

    fn validate(&self) -> Result<Self::Valid, FieldErrors> {
        let mut errors = FieldErrors::new();
        let mut dates = SentDates::new();
        for signer in signers_sent(&self.fields) {
            let part = |name: &str| {
                self.fields
                    .get(&format!("{signer}-{name}"))
                    .map(|value| value.trim().to_owned())
                    .unwrap_or_default()
            };
            let (day, month, year) = (part("day"), part("month"), part("year"));
            if day.is_empty() || month.is_empty() || year.is_empty() {
                errors.add(format!("{signer}-day"), "Enter all the date fields");
                continue;
            }
            let date = match (day.parse(), month.parse(), year.parse::<i32>()) {
                (Ok(day), Ok(month), Ok(year)) if (1000..=9999).contains(&year) => {
                    NaiveDate::from_ymd_opt(year, month, day)
                }
                _ => None,
            };
            match date {
                Some(date) => {
                    dates.insert(signer, date);
                }
                None => errors.add(format!("{signer}-day"), "Enter a real date"),
            }
        }
        if errors.is_empty() {
            Ok(dates)
        } else {
            Err(errors)
        }
    }
}

/// Who signs an LPA, in the form's order: (field, legend).
fn signers(lpa: &Lpa) -> Vec<(String, String)> {
    let document = &lpa.document;
    let donor_signs = document.donor().is_none_or(|donor| donor.can_sign);
    let donor_text = if donor_signs {
        "The donor".to_owned()
    } else {
        "The person signing on behalf of the donor".to_owned()
    };
    let mut signers = Vec::new();
    if document.lpa_type() == Some(LpaType::HealthAndWelfare) {
        signers.push((
            field::DONOR_LIFE_SUSTAINING.to_owned(),
            format!("{donor_text} signed section 5 (life-sustaining treatment) on"),
        ));
    }
    signers.push((
        field::DONOR.to_owned(),
        format!("{donor_text} signed section 9 on"),
    ));
    signers.push((
        field::CERTIFICATE_PROVIDER.to_owned(),
        "The certificate provider signed section 10 on".to_owned(),
    ));
    let attorneys = document
        .primary_attorneys()
        .iter()
        .chain(document.replacement_attorneys());
    for (index, listed) in attorneys.enumerate() {
        signers.push((
            field::attorney(index),
            format!("{} signed section 11 on", listed.person.display_name()),
        ));
    }
    if lpa.is_completed() {
        for (index, name) in applicants(lpa).into_iter().enumerate() {
            signers.push((
                field::applicant(index),
                format!("{name} signed section 15 on"),
            ));
        }
    }
    signers
}

/// The applicants' names, in order.
fn applicants(lpa: &Lpa) -> Vec<String> {
    let document = &lpa.document;
    match document.applicant() {
        Some(Applicant::Donor(_)) => vec![document
            .donor()
            .map_or("The donor".to_owned(), |donor| donor.name.to_string())],
        Some(Applicant::Attorneys(ids)) => document
            .primary_attorneys()
            .iter()
            .filter(|listed| ids.contains(&listed.id))
            .map(|listed| listed.person.display_name())
            .collect(),
        None => Vec::new(),
    }
}

/// The dates of `lpa`'s signers from `sent`; a signer's missing date is an error on its field.
#[cfg(feature = "ssr")]
fn signing_dates(
    lpa: &Lpa,
    sent: &SentDates,
) -> Result<crate::lpa::date_check::SigningDates, FieldErrors> {
    let mut errors = FieldErrors::new();
    let mut date = |signer: &str| {
        let found = sent.get(signer).copied();
        if found.is_none() {
            errors.add(format!("{signer}-day"), "Enter all the date fields");
        }
        found
    };
    let document = &lpa.document;
    let life_sustaining = (document.lpa_type() == Some(LpaType::HealthAndWelfare))
        .then(|| date(field::DONOR_LIFE_SUSTAINING));
    let donor = date(field::DONOR);
    let provider = date(field::CERTIFICATE_PROVIDER);
    let attorney_count =
        document.primary_attorneys().len() + document.replacement_attorneys().len();
    let attorneys: Vec<Option<NaiveDate>> = (0..attorney_count)
        .map(|index| date(&field::attorney(index)))
        .collect();
    let applicant_count = if lpa.is_completed() {
        applicants(lpa).len()
    } else {
        0
    };
    let applicant_dates: Vec<Option<NaiveDate>> = (0..applicant_count)
        .map(|index| date(&field::applicant(index)))
        .collect();
    match (donor, provider) {
        (Some(donor), Some(certificate_provider)) if errors.is_empty() => {
            Ok(crate::lpa::date_check::SigningDates {
                donor,
                donor_life_sustaining: life_sustaining.flatten(),
                certificate_provider,
                attorneys: attorneys.into_iter().flatten().collect(),
                applicants: applicant_dates.into_iter().flatten().collect(),
            })
        }
        _ => Err(errors),
    }
}

impl crate::form::FormAction for DateCheckForm {
    #[cfg(feature = "ssr")]
    async fn perform(
        sent: Self::Valid,
        context: crate::form::ActionContext,
    ) -> Result<crate::form::Submitted, crate::form::FormFailure> {
        use crate::form::FormFailure;
        use crate::lpa::date_check::{check, Signers};
        use crate::lpa::server::use_cases::{show, Shown};

        let user = context.require(crate::auth::Audience::SignedIn)?;
        let (id, page) =
            paths::page_of(context.request.uri.path()).ok_or(crate::error::AppError::NotFound)?;
        let lpa = match show(&context.backends, &user, id, page).await? {
            Shown::Lpa(lpa) => lpa,
            Shown::Elsewhere(to) => return Ok(crate::form::Submitted::redirect(to)),
        };
        let dates = signing_dates(&lpa, &sent).map_err(FormFailure::Rejected)?;
        let signers = Signers {
            donor_can_sign: lpa.document.donor().is_none_or(|donor| donor.can_sign),
            donor_is_applicant: matches!(lpa.document.applicant(), Some(Applicant::Donor(_))),
            draft: !lpa.is_completed(),
        };
        let today = crate::dates::Today::from_clock(context.backends.clock.as_ref()).date();
        let problems = check(&dates, signers, today);
        if problems.is_empty() {
            return Ok(crate::form::Submitted::redirect(paths::href(
                id,
                crate::lpa::flow::Page::DateCheckValid,
            )));
        }
        let mut errors = FieldErrors::new();
        for (signer, message) in problems {
            errors.add(format!("{signer}-day"), message);
        }
        Err(FormFailure::Rejected(errors))
    }
}

/// One signer's date.
fn signature_date(form: FormState<DateCheckForm>, signer: String, legend: String) -> impl IntoView {
    let prefix = signer.clone();
    let value = move |part: &str| {
        form.value(|input| {
            input
                .fields
                .get(&format!("{prefix}-{part}"))
                .cloned()
                .unwrap_or_default()
        })
    };
    let item = |part: &str, width: &str| DateInputItem {
        name: part.to_owned(),
        value: Some(value(part)),
        classes: width.to_owned(),
        ..Default::default()
    };
    view! {
        <DateInput
            id=signer.clone()
            name_prefix=Some(signer.clone())
            fieldset=Some(FieldsetOptions {
                legend: Some(LegendOptions { content: legend.into(), classes: "govuk-fieldset__legend--s".into(), is_page_heading: false }),
                ..Default::default()
            })
            hint=Some("For example, 27 3 2026".into())
            error_message=form.error(&format!("{signer}-day"))
            items=vec![
                item("day", "govuk-input--width-2"),
                item("month", "govuk-input--width-2"),
                item("year", "govuk-input--width-4"),
            ]
        />
    }
}

#[component]
pub fn DateCheckPage() -> impl IntoView {
    view! {
        <LpaFrame render=|lpa, page| {
            let form = use_form_with(DateCheckForm::default());
            let signers = signers(&lpa);
            let action = paths::href(lpa.id, page);
            view! {
                <Title text=form.title(HEADING)/>
                <div class="govuk-grid-row">
                    <div class="govuk-grid-column-two-thirds">
                        <FormErrorSummary form=form/>
                        <span class="govuk-caption-l">{format!("LPA {}", lpa.id.a_reference())}</span>
                        <h1 class="govuk-heading-l">{HEADING}</h1>
                        <p class="govuk-body">"The sections of the LPA must be signed in the right order, or we cannot register it. Enter the date each person signed, to check."</p>
                        <Form form=form action=action>
                            {move || {
                                signers
                                    .iter()
                                    .map(|(signer, legend)| signature_date(form, signer.clone(), legend.clone()))
                                    .collect_view()
                            }}
                            <Button content="Check dates"/>
                        </Form>
                    </div>
                </div>
            }
        }/>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(pairs: &[(&str, &str)]) -> DateCheckForm {
        DateCheckForm {
            fields: pairs
                .iter()
                .map(|(name, value)| ((*name).to_owned(), (*value).to_owned()))
                .collect(),
        }
    }

    #[test]
    fn each_date_sent_is_read() {
        let dates = form(&[
            ("sign-date-donor-day", "1"),
            ("sign-date-donor-month", "2"),
            ("sign-date-donor-year", "2026"),
            ("sign-date-attorney-0-day", "3"),
            ("sign-date-attorney-0-month", "2"),
            ("sign-date-attorney-0-year", "2026"),
        ])
        .validate()
        .unwrap();
        assert_eq!(
            dates.get("sign-date-attorney-0"),
            NaiveDate::from_ymd_opt(2026, 2, 3).as_ref()
        );
        assert_eq!(dates.len(), 2);
    }

    #[test]
    fn missing_and_unreal_dates_are_errors_on_their_day_field() {
        let errors = form(&[
            ("sign-date-donor-day", "31"),
            ("sign-date-donor-month", "2"),
            ("sign-date-donor-year", "2026"),
            ("sign-date-certificate-provider-day", ""),
            ("sign-date-certificate-provider-month", "2"),
            ("sign-date-certificate-provider-year", "2026"),
        ])
        .validate()
        .unwrap_err();
        assert_eq!(errors.get("sign-date-donor-day"), Some("Enter a real date"));
        assert_eq!(
            errors.get("sign-date-certificate-provider-day"),
            Some("Enter all the date fields")
        );
    }
}
