//! `/lpa/{id}/instructions`: the donor's preferences and instructions for the attorneys (reference
//! §2.2 step 11). Both optional: saving them empty answers "none" (stored as `""`), and confirms
//! the step.
use leptos::prelude::*;
use leptos_meta::Title;
use serde::{Deserialize, Serialize};

use super::frame::{value_of, LpaForm, LpaFrame};
use crate::form::{use_form_with, FieldErrors, FormErrorSummary, FormInput};
use crate::govuk::{Button, CharacterCount, HintOptions, LabelOptions};
use crate::lpa::model::{Instructions, Revision};
use crate::lpa::rules;

const HEADING: &str = "Preferences and instructions";
const PREFERENCE: &str = "preference";
const INSTRUCTION: &str = "instruction";
/// The most each box may hold (reference §3).
const MAX: u32 = 10_000;

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct InstructionsForm {
    #[serde(default)]
    pub preference: String,
    #[serde(default)]
    pub instruction: String,
    #[serde(default)]
    pub revision: String,
}

impl FormInput for InstructionsForm {
    type Valid = (Instructions, Instructions, Revision);

    fn validate(&self) -> Result<Self::Valid, FieldErrors> {
        let mut errors = FieldErrors::new();
        let preference = rules::free_text(
            &mut errors,
            PREFERENCE,
            &self.preference,
            "Preferences",
            None,
        );
        let instruction = rules::free_text(
            &mut errors,
            INSTRUCTION,
            &self.instruction,
            "Instructions",
            None,
        );
        match (preference, instruction) {
            (Some(preference), Some(instruction)) => {
                Ok((preference, instruction, rules::revision(&self.revision)))
            }
            _ => Err(errors),
        }
    }
}

impl crate::form::FormAction for InstructionsForm {
    #[cfg(feature = "ssr")]
    async fn perform(
        (preference, instruction, revision): Self::Valid,
        context: crate::form::ActionContext,
    ) -> Result<crate::form::Submitted, crate::form::FormFailure> {
        super::frame::save_here(&context, revision, |lpa, _, _| {
            lpa.document.set_instructions(instruction, preference);
            lpa.metadata.instruction_confirmed = true;
            Ok(())
        })
        .await
    }
}

#[component]
pub fn InstructionsPage() -> impl IntoView {
    view! {
        <LpaFrame render=|lpa, page| {
            let saved = |text: Option<&Instructions>| text.map(|t| t.as_str().to_owned()).unwrap_or_default();
            let form = use_form_with(InstructionsForm {
                preference: saved(lpa.document.preference()),
                instruction: saved(lpa.document.instruction()),
                revision: lpa.revision.0.to_string(),
            });
            let text_box = move |name: &'static str, label: &'static str, hint: &'static str| {
                move || view! {
                    <CharacterCount
                        name=name
                        label=LabelOptions { content: label.into(), classes: "govuk-label--m".into(), ..Default::default() }
                        hint=Some(HintOptions::from(hint))
                        maxlength=Some(MAX)
                        rows=8
                        value=Some(value_of(form, name))
                        error_message=form.error(name)
                    />
                }
            };
            view! {
                <Title text=form.title(HEADING)/>
                <div class="govuk-grid-row">
                    <div class="govuk-grid-column-two-thirds">
                        <FormErrorSummary form=form/>
                        <h1 class="govuk-heading-l">{HEADING}</h1>
                        <p class="govuk-body">
                            "The donor does not have to give preferences or instructions. Most people leave these boxes empty: the attorneys must always act in the donor’s best interests."
                        </p>
                        <LpaForm form=form lpa_id=lpa.id page=page revision=lpa.revision>
                            {text_box(PREFERENCE, "Preferences (optional)", "Things the donor would like the attorneys to think about when they make decisions, for example “I’d like to live near my family”. The attorneys do not have to follow them.")}
                            {text_box(INSTRUCTION, "Instructions (optional)", "Things the attorneys must do, or must not do, for example “My attorneys must not sell my house”. Do not include web links.")}
                            <Button content="Save and continue"/>
                        </LpaForm>
                    </div>
                </div>
            }
        }/>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(preference: &str, instruction: &str) -> InstructionsForm {
        InstructionsForm {
            preference: preference.into(),
            instruction: instruction.into(),
            revision: "1".into(),
        }
    }

    #[test]
    fn empty_boxes_are_an_answer() {
        let (preference, instruction, _) = form("", "  ").validate().unwrap();
        assert!(preference.is_empty() && instruction.is_empty());
    }

    #[test]
    fn each_rule_has_its_message_next_to_its_box() {
        let errors = form(&"a ".repeat(5_001), "see https://example.com")
            .validate()
            .unwrap_err();
        assert_eq!(
            errors.get(PREFERENCE),
            Some("Preferences must be 10000 characters or fewer")
        );
        assert_eq!(
            errors.get(INSTRUCTION),
            Some("Instructions cannot include web links")
        );
        let errors = form("", &"x".repeat(86)).validate().unwrap_err();
        assert_eq!(
            errors.get(INSTRUCTION),
            Some("Instructions cannot have a word longer than 85 characters")
        );
        // A browser's CRLF line breaks count once, as the box's count shows them.
        let lines = "line\r\n".repeat(1_999) + "last";
        assert!(form(&lines, "").validate().is_ok());
    }
}
