//! `/lpa/{id}/repeat-application`: is this a repeat application (reference §2.2 step 15)? Yes
//! needs the 12-digit case number of the application the Office of the Public Guardian returned
//! (dashes and spaces ignored); a repeat application pays half the fee.
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use super::frame::{revealed_input, LpaFrame, RadioQuestion};
use crate::form::{use_form_with, FieldErrors, FormInput};
use crate::govuk::{RadiosItem, RadiosOption};
use crate::lpa::model::{CaseNumber, Lpa, Revision};
use crate::lpa::payment::CaseNumberProblem;
use crate::lpa::rules;

const HEADING: &str = "Is the donor making a repeat application to register their LPA?";
const REPEAT: &str = "isRepeatApplication";
const CASE_NUMBER: &str = "repeatCaseNumber";
const REPEAT_MISSING: &str = "Select if the donor is or is not making a repeat application";
const CASE_NUMBER_MISSING: &str = "If you are making a repeat application, you need to enter the \
                                   case number given to you by the Office of the Public Guardian";
const CASE_NUMBER_INVALID: &str = "Case number must be 12 digits";

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct RepeatApplicationForm {
    /// `is-repeat` or `is-new`.
    #[serde(default, rename = "isRepeatApplication")]
    pub repeat: String,
    #[serde(default, rename = "repeatCaseNumber")]
    pub case_number: String,
    #[serde(default)]
    pub revision: String,
}

impl FormInput for RepeatApplicationForm {
    type Valid = (Option<CaseNumber>, Revision);

    fn validate(&self) -> Result<Self::Valid, FieldErrors> {
        let mut errors = FieldErrors::new();
        let case_number = match self.repeat.as_str() {
            "is-new" => None,
            "is-repeat" => match CaseNumber::parse(&self.case_number) {
                Ok(number) => Some(number),
                Err(problem) => {
                    errors.add(
                        CASE_NUMBER,
                        match problem {
                            CaseNumberProblem::Missing => CASE_NUMBER_MISSING,
                            CaseNumberProblem::NotTwelveDigits => CASE_NUMBER_INVALID,
                        },
                    );
                    return Err(errors);
                }
            },
            _ => {
                errors.add(REPEAT, REPEAT_MISSING);
                return Err(errors);
            }
        };
        Ok((case_number, rules::revision(&self.revision)))
    }
}

impl crate::form::FormAction for RepeatApplicationForm {
    #[cfg(feature = "ssr")]
    async fn perform(
        (case_number, revision): Self::Valid,
        context: crate::form::ActionContext,
    ) -> Result<crate::form::Submitted, crate::form::FormFailure> {
        super::frame::save_here(&context, revision, |lpa, _, _| {
            lpa.set_repeat_application(case_number);
            Ok(())
        })
        .await
    }
}

impl RepeatApplicationForm {
    fn of(lpa: &Lpa) -> Self {
        let repeat = match (
            lpa.metadata.repeat_application_confirmed,
            lpa.repeat_case_number,
        ) {
            (_, Some(_)) => "is-repeat",
            (true, None) => "is-new",
            (false, None) => "",
        };
        RepeatApplicationForm {
            repeat: repeat.to_owned(),
            case_number: lpa
                .repeat_case_number
                .map(CaseNumber::digits)
                .unwrap_or_default(),
            revision: lpa.revision.0.to_string(),
        }
    }
}

#[component]
pub fn RepeatApplicationPage() -> impl IntoView {
    view! {
        <LpaFrame render=|lpa, page| {
            let form = use_form_with(RepeatApplicationForm::of(&lpa));
            let items = move || vec![
                RadiosItem::Option(RadiosOption::new("is-repeat", "Yes").with_conditional(
                    revealed_input(form, CASE_NUMBER, "Case number", "govuk-input--width-20", Some("numeric")),
                )),
                RadiosItem::Option(RadiosOption::new("is-new", "No")),
            ];
            view! {
                <RadioQuestion
                    form=form
                    lpa_id=lpa.id
                    page=page
                    revision=lpa.revision
                    name=REPEAT
                    heading=HEADING
                    hint="If the Office of the Public Guardian could not register an earlier application for the donor, they wrote to the correspondent. A repeat application made within 3 months pays half the fee. The case number is on that letter."
                    items=items
                />
            }
        }/>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(repeat: &str, case_number: &str) -> Result<Option<CaseNumber>, FieldErrors> {
        RepeatApplicationForm {
            repeat: repeat.into(),
            case_number: case_number.into(),
            revision: "1".into(),
        }
        .validate()
        .map(|(number, _)| number)
    }

    #[test]
    fn a_repeat_needs_its_twelve_digit_case_number() {
        assert_eq!(form("is-new", "ignored").unwrap(), None);
        assert_eq!(
            form("is-repeat", "7000-1234-5678")
                .unwrap()
                .map(CaseNumber::digits),
            Some("700012345678".into())
        );
        assert_eq!(
            form("is-repeat", "").unwrap_err().get(CASE_NUMBER),
            Some(CASE_NUMBER_MISSING)
        );
        assert_eq!(
            form("is-repeat", "1234").unwrap_err().get(CASE_NUMBER),
            Some(CASE_NUMBER_INVALID)
        );
        assert_eq!(form("", "").unwrap_err().get(REPEAT), Some(REPEAT_MISSING));
    }
}
