//! `/lpa/{id}/when-lpa-starts`: when a property and financial affairs LPA can be used (reference
//! §2.2 step 3a).
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use super::frame::{LpaFrame, RadioQuestion};
use crate::form::{use_form_with, FieldErrors, FormInput};
use crate::govuk::{RadiosItem, RadiosOption};
use crate::lpa::model::{Revision, WhenLpaStarts};
use crate::lpa::rules;

const HEADING: &str = "When can the LPA be used?";

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct WhenLpaStartsForm {
    #[serde(default)]
    pub when: String,
    #[serde(default)]
    pub revision: String,
}

impl FormInput for WhenLpaStartsForm {
    type Valid = (WhenLpaStarts, Revision);

    fn validate(&self) -> Result<Self::Valid, FieldErrors> {
        let when = match self.when.as_str() {
            "now" => WhenLpaStarts::Now,
            "no-capacity" => WhenLpaStarts::NoCapacity,
            _ => {
                let mut errors = FieldErrors::new();
                errors.add("when", "Select when the LPA can be used");
                return Err(errors);
            }
        };
        Ok((when, rules::revision(&self.revision)))
    }
}

impl crate::form::FormAction for WhenLpaStartsForm {
    #[cfg(feature = "ssr")]
    async fn perform(
        (when, revision): Self::Valid,
        context: crate::form::ActionContext,
    ) -> Result<crate::form::Submitted, crate::form::FormFailure> {
        super::frame::save_here(&context, revision, |lpa, _, _| {
            lpa.document
                .set_when_lpa_starts(when)
                .map_err(|error| super::frame::refused("when", error))
        })
        .await
    }
}

#[component]
pub fn WhenLpaStartsPage() -> impl IntoView {
    view! {
        <LpaFrame render=|lpa, page| {
            let saved = lpa.document.primary_decisions().when.map(WhenLpaStarts::value);
            let form = use_form_with(WhenLpaStartsForm {
                when: saved.unwrap_or_default().to_owned(),
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
                    items=|| vec![
                        RadiosItem::Option(RadiosOption::new("now", "As soon as it’s registered, with the donor’s consent")
                            .with_hint("The attorneys can act while the donor still has mental capacity, for example if the donor finds it hard to get to the bank.")),
                        RadiosItem::Option(RadiosOption::new("no-capacity", "Only if the donor does not have mental capacity")),
                    ]
                />
            }
        }/>
    }
}
