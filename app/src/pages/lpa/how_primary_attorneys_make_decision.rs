//! `/lpa/{id}/how-primary-attorneys-make-decision`: how two or more attorneys act (reference §2.2
//! step 5): jointly and severally, jointly, or jointly for some decisions (described). The same
//! question about the replacements is `how_replacement_attorneys_make_decision`, which posts this
//! form too.
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use super::frame::{LpaFrame, RadioQuestion};
use crate::form::{use_form_with, FieldErrors, FormInput};
use crate::govuk::{RadiosItem, RadiosOption};
use crate::lpa::flow::{Page, Step};
use crate::lpa::model::{Details, How, Lpa, Revision};
use crate::lpa::rules;

const DETAILS: &str = "howDetails";
const DETAILS_MISSING: &str =
    "Tell us which decisions have to be made jointly, and which can be made jointly and severally";

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct HowForm {
    #[serde(default)]
    pub how: String,
    #[serde(default, rename = "howDetails")]
    pub how_details: String,
    #[serde(default)]
    pub revision: String,
}

impl FormInput for HowForm {
    type Valid = (How, Revision);

    fn validate(&self) -> Result<Self::Valid, FieldErrors> {
        let mut errors = FieldErrors::new();
        let how = match self.how.as_str() {
            "jointly-attorney-severally" => Some(How::JointlyAttorneySeverally),
            "jointly" => Some(How::Jointly),
            "depends" => rules::free_text::<1_024_000>(
                &mut errors,
                DETAILS,
                &self.how_details,
                "Details",
                Some(DETAILS_MISSING),
            )
            .map(|details: Details| How::Depends(details)),
            _ => {
                errors.add("how", "Select how the attorneys should make decisions");
                None
            }
        };
        match how {
            Some(how) if errors.is_empty() => Ok((how, rules::revision(&self.revision))),
            _ => Err(errors),
        }
    }
}

impl crate::form::FormAction for HowForm {
    #[cfg(feature = "ssr")]
    async fn perform(
        (how, revision): Self::Valid,
        context: crate::form::ActionContext,
    ) -> Result<crate::form::Submitted, crate::form::FormFailure> {
        super::frame::save_here(&context, revision, |lpa, page, _| {
            match page {
                Page::Step(Step::HowReplacementAttorneysMakeDecision) => {
                    lpa.document.set_replacement_how(how)
                }
                _ => lpa.document.set_primary_how(how),
            }
            .map_err(|error| super::frame::refused("how", error))
        })
        .await
    }
}

impl HowForm {
    fn of(how: Option<&How>, revision: Revision) -> Self {
        HowForm {
            how: how.map(How::value).unwrap_or_default().to_owned(),
            how_details: match how {
                Some(How::Depends(details)) => details.as_str().to_owned(),
                _ => String::new(),
            },
            revision: revision.0.to_string(),
        }
    }
}

/// The question, for the primary attorneys or the replacements.
#[component]
pub fn HowQuestion(lpa: Lpa, page: Page, heading: &'static str) -> impl IntoView {
    let current = match page {
        Page::Step(Step::HowReplacementAttorneysMakeDecision) => {
            lpa.document.replacement_decisions().how
        }
        _ => lpa.document.primary_decisions().how,
    };
    let form = use_form_with(HowForm::of(current.as_ref(), lpa.revision));
    view! {
        <RadioQuestion
            form=form
            lpa_id=lpa.id
            page=page
            revision=lpa.revision
            name="how"
            heading=heading
            items=move || vec![
                RadiosItem::Option(RadiosOption::new("jointly-attorney-severally", "Jointly and severally")
                    .with_hint("They can make decisions on their own or together.")),
                RadiosItem::Option(RadiosOption::new("jointly", "Jointly")
                    .with_hint("They must agree unanimously on every decision.")),
                RadiosItem::Option(RadiosOption::new("depends", "Jointly for some decisions, and jointly and severally for other decisions")
                    .with_conditional(super::frame::revealed_details(form, DETAILS, DETAILS_MISSING))),
            ]
        />
    }
}

#[component]
pub fn HowPrimaryAttorneysPage() -> impl IntoView {
    view! {
        <LpaFrame render=|lpa, page| view! {
            <HowQuestion lpa=lpa page=page heading="How should the attorneys make decisions?"/>
        }/>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn depends_needs_its_details() {
        let form = HowForm {
            how: "depends".into(),
            ..Default::default()
        };
        assert_eq!(
            form.validate().unwrap_err().get(DETAILS),
            Some(DETAILS_MISSING)
        );
        let form = HowForm {
            how_details: "Selling the house jointly".into(),
            ..form
        };
        let (how, _) = form.validate().unwrap();
        assert_eq!(
            HowForm::of(Some(&how), Revision(0)).how_details,
            "Selling the house jointly"
        );
        assert!(HowForm::default()
            .validate()
            .unwrap_err()
            .get("how")
            .is_some());
        // Details given with another answer are not kept.
        let form = HowForm {
            how: "jointly".into(),
            how_details: "ignored".into(),
            ..Default::default()
        };
        assert_eq!(form.validate().unwrap().0, How::Jointly);
    }
}
