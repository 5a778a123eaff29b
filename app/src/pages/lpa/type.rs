//! `/lpa/{id}/type`: what type of LPA (reference §2.2 step 1). Posted to `/lpa/type` it starts a
//! new LPA of that type; posted here it changes this one's (refused while a trust corporation is
//! an attorney and the new type is health and welfare, rather than dropping the attorney).
use leptos::prelude::*;
use leptos_meta::Title;
use serde::{Deserialize, Serialize};

use super::frame::{value_of, LpaForm, LpaFrame};
use crate::form::{use_form_with, FieldErrors, FormErrorSummary, FormInput, FormState};
use crate::govuk::{Button, Radios, RadiosItem};
use crate::lpa::model::{LpaType, Revision};
use crate::lpa::rules;

pub const HEADING: &str = "What type of LPA do you want to make?";

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct TypeForm {
    #[serde(default, rename = "type")]
    pub lpa_type: String,
    #[serde(default)]
    pub revision: String,
}

impl FormInput for TypeForm {
    type Valid = (LpaType, Revision);

    fn validate(&self) -> Result<Self::Valid, FieldErrors> {
        match LpaType::from_value(&self.lpa_type) {
            Some(lpa_type) => Ok((lpa_type, rules::revision(&self.revision))),
            None => {
                let mut errors = FieldErrors::new();
                errors.add("type", "Select the type of LPA you want to make");
                Err(errors)
            }
        }
    }
}

impl crate::form::FormAction for TypeForm {
    #[cfg(feature = "ssr")]
    async fn perform(
        (lpa_type, revision): Self::Valid,
        context: crate::form::ActionContext,
    ) -> Result<crate::form::Submitted, crate::form::FormFailure> {
        use crate::lpa::flow::{Page, Step};

        if crate::lpa::paths::NEW_LPA.matches(context.request.uri.path()) {
            let user = context.require(crate::auth::Audience::SignedIn)?;
            let lpa =
                crate::lpa::server::use_cases::start(&context.backends, &user, lpa_type).await?;
            let next = Page::Step(Step::Type).next(&lpa);
            return Ok(crate::form::Submitted::redirect(crate::lpa::paths::href(
                lpa.id, next,
            )));
        }
        super::frame::save_here(&context, revision, |lpa, _, _| {
            lpa.document
                .set_type(lpa_type)
                .map_err(|error| super::frame::refused("type", error))
        })
        .await
    }
}

#[component]
pub fn TypePage() -> impl IntoView {
    view! {
        <LpaFrame render=|lpa, page| {
            let form = use_form_with(TypeForm {
                lpa_type: lpa.document.lpa_type().map(LpaType::value).unwrap_or_default().to_owned(),
                revision: lpa.revision.0.to_string(),
            });
            view! {
                <Title text=form.title(HEADING)/>
                <div class="govuk-grid-row">
                    <div class="govuk-grid-column-two-thirds">
                        <FormErrorSummary form=form/>
                        <LpaForm form=form lpa_id=lpa.id page=page revision=lpa.revision>
                            <TypeRadios form=form/>
                        </LpaForm>
                    </div>
                </div>
            }
        }/>
    }
}

/// The question and its button, for this page and the new LPA's.
#[component]
pub fn TypeRadios(form: FormState<TypeForm>) -> impl IntoView {
    view! {
                {move || {
                    view! {
                        <Radios
                            name="type"
                            id_prefix=Some("type".into())
                            value=Some(value_of(form, "type"))
                            error_message=form.error("type")
                            fieldset=super::frame::question(HEADING)
                            items=LpaType::ALL
                                .into_iter()
                                .map(|lpa_type| {
                                    RadiosItem::Option(
                                        crate::govuk::RadiosOption::new(lpa_type.value(), lpa_type.name())
                                            .with_hint(match lpa_type {
                                                LpaType::PropertyAndFinancial => {
                                                    "Money, property and financial decisions, such as paying bills or selling a home."
                                                }
                                                LpaType::HealthAndWelfare => {
                                                    "Decisions about daily routine, medical care, moving into a care home and life-sustaining treatment."
                                                }
                                            }),
                                    )
                                })
                                .collect()
                        />
                    }
                }}
                <Button content="Save and continue"/>
    }
}
