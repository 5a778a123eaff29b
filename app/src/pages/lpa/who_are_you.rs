//! `/lpa/{id}/who-are-you`: "Who was using the LPA service?" (reference §2.2 step 14, §3.10): an
//! anonymous answer, kept apart from the LPA and asked once; once answered the page says so.
use leptos::prelude::*;
use leptos_meta::Title;
use serde::{Deserialize, Serialize};

use super::frame::{revealed_input, LpaFrame, RadioQuestion};
use crate::form::{use_form_with, FieldErrors, FormInput};
use crate::govuk::{Button, RadiosItem, RadiosOption};
use crate::lpa::flow::Page;
use crate::lpa::model::Revision;
use crate::lpa::paths;
use crate::lpa::rules;
use crate::lpa::who_are_you::{WhoAreYou, WhoAreYouAnswer};

const HEADING: &str = "Who was using the LPA service?";
const WHO: &str = "who";
const OTHER: &str = "other";
const WHO_MISSING: &str = "Select who was using the service";

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct WhoAreYouForm {
    #[serde(default)]
    pub who: String,
    #[serde(default)]
    pub other: String,
    #[serde(default)]
    pub revision: String,
}

impl FormInput for WhoAreYouForm {
    type Valid = (WhoAreYouAnswer, Revision);

    fn validate(&self) -> Result<Self::Valid, FieldErrors> {
        let mut errors = FieldErrors::new();
        let Some(who) = WhoAreYou::from_value(&self.who) else {
            errors.add(WHO, WHO_MISSING);
            return Err(errors);
        };
        match WhoAreYouAnswer::new(who, &self.other) {
            Ok(answer) => Ok((answer, rules::revision(&self.revision))),
            Err(message) => {
                errors.add(OTHER, message);
                Err(errors)
            }
        }
    }
}

impl crate::form::FormAction for WhoAreYouForm {
    #[cfg(feature = "ssr")]
    async fn perform(
        (answer, revision): Self::Valid,
        context: crate::form::ActionContext,
    ) -> Result<crate::form::Submitted, crate::form::FormFailure> {
        let user = context.require(crate::auth::Audience::SignedIn)?;
        let (id, _) =
            paths::page_of(context.request.uri.path()).ok_or(crate::error::AppError::NotFound)?;
        crate::lpa::server::use_cases::answer_who_are_you(
            &context.backends,
            &user,
            id,
            revision,
            &answer,
        )
        .await
    }
}

#[component]
pub fn WhoAreYouPage() -> impl IntoView {
    view! {
        <LpaFrame render=|lpa, page| {
            if lpa.who_are_you_answered {
                let next = paths::href(lpa.id, page.next(&lpa)).to_string();
                let label = if next == paths::href(lpa.id, Page::Step(crate::lpa::flow::FINAL_CHECK)).to_string() {
                    "Return to final check"
                } else {
                    "Continue"
                };
                return view! {
                    <Title text=HEADING/>
                    <div class="govuk-grid-row">
                        <div class="govuk-grid-column-two-thirds">
                            <h1 class="govuk-heading-l">{HEADING}</h1>
                            <p class="govuk-body">"Thanks, you have already answered this question."</p>
                            <p class="govuk-body">"Your answer was saved separately from your LPA and is anonymous. This means that it cannot now be linked to you and you cannot change it."</p>
                            <Button content=label href=Some(next)/>
                        </div>
                    </div>
                }
                .into_any();
            }
            let form = use_form_with(WhoAreYouForm { revision: lpa.revision.0.to_string(), ..Default::default() });
            let items = move || {
                WhoAreYou::ALL
                    .into_iter()
                    .map(|who| {
                        let option = RadiosOption::new(who.value(), who.label());
                        RadiosItem::Option(if who == WhoAreYou::Other {
                            option.with_conditional(revealed_input(
                                form,
                                OTHER,
                                "Who helped the donor or made the LPA on the donor’s behalf? (optional)",
                                "",
                                None,
                            ))
                        } else {
                            option
                        })
                    })
                    .collect()
            };
            view! {
                <RadioQuestion
                    form=form
                    lpa_id=lpa.id
                    page=page
                    revision=lpa.revision
                    name=WHO
                    heading=HEADING
                    hint="We’d like to know who was using this service, to make it better. Your answer is anonymous: it will not be linked to you, this LPA or your personal information."
                    items=items
                />
            }
            .into_any()
        }/>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_answer_is_needed() {
        assert_eq!(
            WhoAreYouForm::default().validate().unwrap_err().get(WHO),
            Some(WHO_MISSING)
        );
        let other = WhoAreYouForm {
            who: "other".into(),
            other: "My neighbour".into(),
            revision: "4".into(),
        };
        let (answer, revision) = other.validate().unwrap();
        assert_eq!(answer.qualifier.as_deref(), Some("My neighbour"));
        assert_eq!(revision, Revision(4));
    }
}
