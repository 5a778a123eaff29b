//! `/lpa/{id}/when-replacement-attorney-step-in`: when the replacements step in, asked when two or
//! more attorneys act jointly and severally and there is a replacement (reference §2.2 step 7):
//! as soon as one attorney can no longer act, only when none can, or as described.
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use super::frame::{revealed_details, LpaFrame, RadioQuestion};
use crate::form::{use_form_with, FieldErrors, FormInput};
use crate::govuk::{RadiosItem, RadiosOption};
use crate::lpa::model::{Details, Revision, StepIn};
use crate::lpa::rules;

const HEADING: &str = "When should the replacement attorneys step in?";
const DETAILS: &str = "whenDetails";
const DETAILS_LABEL: &str = "Tell us how you’d like the replacement attorneys to step in";

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct StepInForm {
    #[serde(default)]
    pub when: String,
    #[serde(default, rename = "whenDetails")]
    pub when_details: String,
    #[serde(default)]
    pub revision: String,
}

impl FormInput for StepInForm {
    type Valid = (StepIn, Revision);

    fn validate(&self) -> Result<Self::Valid, FieldErrors> {
        let mut errors = FieldErrors::new();
        let when = match self.when.as_str() {
            "first" => Some(StepIn::First),
            "last" => Some(StepIn::Last),
            "depends" => rules::free_text::<1_024_000>(
                &mut errors,
                DETAILS,
                &self.when_details,
                "Details",
                Some(DETAILS_LABEL),
            )
            .map(|details: Details| StepIn::Depends(details)),
            _ => {
                errors.add(
                    "when",
                    "Select when the replacement attorneys should step in",
                );
                None
            }
        };
        match when {
            Some(when) if errors.is_empty() => Ok((when, rules::revision(&self.revision))),
            _ => Err(errors),
        }
    }
}

impl crate::form::FormAction for StepInForm {
    #[cfg(feature = "ssr")]
    async fn perform(
        (when, revision): Self::Valid,
        context: crate::form::ActionContext,
    ) -> Result<crate::form::Submitted, crate::form::FormFailure> {
        super::frame::save_here(&context, revision, |lpa, _, _| {
            lpa.document
                .set_step_in(when)
                .map_err(|error| super::frame::refused("when", error))
        })
        .await
    }
}

#[component]
pub fn WhenReplacementAttorneyStepInPage() -> impl IntoView {
    view! {
        <LpaFrame render=|lpa, page| {
            let saved = lpa.document.replacement_decisions().when;
            let form = use_form_with(StepInForm {
                when: saved.as_ref().map(StepIn::value).unwrap_or_default().to_owned(),
                when_details: match &saved {
                    Some(StepIn::Depends(details)) => details.as_str().to_owned(),
                    _ => String::new(),
                },
                revision: lpa.revision.0.to_string(),
            });
            view! {
                <RadioQuestion
                    form=form
                    lpa_id=lpa.id
                    page=page
                    revision=lpa.revision
                    name="when"
                    heading=HEADING
                    items=move || vec![
                        RadiosItem::Option(RadiosOption::new("first", "As soon as one of the original attorneys can no longer act")
                            .with_hint("The replacement attorneys act with the remaining original attorneys.")),
                        RadiosItem::Option(RadiosOption::new("last", "Only when none of the original attorneys can act")),
                        RadiosItem::Option(RadiosOption::new("depends", "In some other way")
                            .with_conditional(revealed_details(form, DETAILS, DETAILS_LABEL))),
                    ]
                />
            }
        }/>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_answer_and_its_details() {
        let answer = |when: &str, details: &str| {
            StepInForm {
                when: when.into(),
                when_details: details.into(),
                revision: "3".into(),
            }
            .validate()
        };
        assert_eq!(
            answer("first", "ignored").unwrap(),
            (StepIn::First, Revision(3))
        );
        assert_eq!(answer("last", "").unwrap().0, StepIn::Last);
        assert_eq!(
            answer("depends", "").unwrap_err().get(DETAILS),
            Some(DETAILS_LABEL)
        );
        assert!(matches!(
            answer("depends", "When two cannot act").unwrap().0,
            StepIn::Depends(_)
        ));
        assert_eq!(
            answer("", "").unwrap_err().get("when"),
            Some("Select when the replacement attorneys should step in")
        );
    }
}
