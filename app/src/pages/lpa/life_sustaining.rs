//! `/lpa/{id}/life-sustaining`: whether a health and welfare LPA's attorneys can decide about
//! life-sustaining treatment (reference §2.2 step 3b; the form sends `1` or `0`).
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use super::frame::{LpaFrame, RadioQuestion};
use crate::form::{use_form_with, FieldErrors, FormInput};
use crate::govuk::RadiosItem;
use crate::lpa::model::Revision;
use crate::lpa::rules;

const HEADING: &str = "Life-sustaining treatment";

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct LifeSustainingForm {
    #[serde(default, rename = "canSustainLife")]
    pub can_sustain_life: String,
    #[serde(default)]
    pub revision: String,
}

impl FormInput for LifeSustainingForm {
    type Valid = (bool, Revision);

    fn validate(&self) -> Result<Self::Valid, FieldErrors> {
        let can = match self.can_sustain_life.as_str() {
            "1" => true,
            "0" => false,
            _ => {
                let mut errors = FieldErrors::new();
                errors.add(
                    "canSustainLife",
                    "Select whether the attorneys can make decisions about life-sustaining treatment",
                );
                return Err(errors);
            }
        };
        Ok((can, rules::revision(&self.revision)))
    }
}

impl crate::form::FormAction for LifeSustainingForm {
    #[cfg(feature = "ssr")]
    async fn perform(
        (can, revision): Self::Valid,
        context: crate::form::ActionContext,
    ) -> Result<crate::form::Submitted, crate::form::FormFailure> {
        super::frame::save_here(&context, revision, |lpa, _, _| {
            lpa.document
                .set_life_sustaining(can)
                .map_err(|error| super::frame::refused("canSustainLife", error))
        })
        .await
    }
}

#[component]
pub fn LifeSustainingPage() -> impl IntoView {
    view! {
        <LpaFrame render=|lpa, page| {
            let saved = lpa.document.primary_decisions().can_sustain_life;
            let form = use_form_with(LifeSustainingForm {
                can_sustain_life: saved.map(|can| if can { "1" } else { "0" }).unwrap_or_default().to_owned(),
                revision: lpa.revision.0.to_string(),
            });
            view! {
                <RadioQuestion
                    form=form
                    lpa_id=lpa.id
                    page=page
                    revision=lpa.revision
                    name="canSustainLife"
                    heading="Can the attorneys make decisions about life-sustaining treatment?"
                    title=HEADING
                    hint="Life-sustaining treatment means care, surgery, medicine or other help from doctors that’s needed to keep someone alive."
                    items=|| vec![
                        RadiosItem::option("1", "Yes, the attorneys can make decisions about life-sustaining treatment"),
                        RadiosItem::option("0", "No, the donor’s doctors will make these decisions"),
                    ]
                />
            }
        }/>
    }
}
