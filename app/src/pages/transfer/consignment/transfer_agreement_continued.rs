//! `/transfer/consignment/{id}/transfer-agreement-continued` (C.2 step 3): "Transfer agreement
//! (part 2)", the Departmental Records Officer's sign-offs. Completes the `TransferAgreement`
//! status.
use leptos::prelude::*;
use leptos_meta::Title;
use serde::{Deserialize, Serialize};

use crate::form::{use_form, FieldErrors, Form, FormErrorSummary, FormInput};
use crate::govuk::{Checkboxes, CheckboxesItem};
use crate::pages::transfer::frame::{AnsweredOnce, ConsignmentFrame, ConsignmentSummary};
use crate::transfer::agreement;
use crate::transfer::flow::Step;
use crate::transfer::paths;

pub const HEADING: &str = "Transfer agreement (part 2)";
pub const LEGEND: &str =
    "I confirm that the Departmental Records Officer (DRO) has signed off on the following:";
/// Each sign-off: its field, its label, the message when it is not confirmed (TDR's words), and
/// the consignment metadata it is kept as.
pub const SIGN_OFFS: [(&str, &str, &str, &str); 2] = [
    (
        "droAppraisalSelection",
        "The appraisal and selection decision",
        agreement::APPRAISAL_SELECTION_MISSING,
        agreement::APPRAISAL_SELECTION_SIGN_OFF,
    ),
    (
        "droSensitivity",
        "The sensitivity review",
        agreement::SENSITIVITY_REVIEW_MISSING,
        agreement::SENSITIVITY_REVIEW_SIGN_OFF,
    ),
];
/// What a ticked box sends, which is also what is recorded.
const CONFIRMED: &str = agreement::CONFIRMED;

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SignOffsForm {
    #[serde(default)]
    pub dro_appraisal_selection: String,
    #[serde(default)]
    pub dro_sensitivity: String,
}

impl SignOffsForm {
    fn value(&self, field: &str) -> &str {
        if field == SIGN_OFFS[0].0 {
            &self.dro_appraisal_selection
        } else {
            &self.dro_sensitivity
        }
    }
}

impl FormInput for SignOffsForm {
    type Valid = ();

    fn validate(&self) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::new();
        for (field, _, missing, _) in SIGN_OFFS {
            if self.value(field) != CONFIRMED {
                errors.add(field, missing);
            }
        }
        errors.or_valid(|| ())
    }
}

impl crate::form::FormAction for SignOffsForm {
    #[cfg(feature = "ssr")]
    async fn perform(
        _: (),
        context: crate::form::ActionContext,
    ) -> Result<crate::form::Submitted, crate::form::FormFailure> {
        use crate::pages::transfer::frame::ssr::act_at;
        use crate::transfer::server::Transfers;
        use crate::transfer::status::{ConsignmentStatusType, ConsignmentStatusValue};

        act_at(
            context,
            Step::TransferAgreementContinued,
            |context, _, consignment| async move {
                let answers: Vec<(&str, String)> = SIGN_OFFS
                    .iter()
                    .map(|(_, _, _, property)| (*property, CONFIRMED.to_owned()))
                    .collect();
                Transfers::of(&context.backends)
                    .record_answers(
                        &consignment.id,
                        &answers,
                        (
                            ConsignmentStatusType::TransferAgreement,
                            ConsignmentStatusValue::Completed,
                        ),
                    )
                    .await
                    .map_err(crate::error::AppError::from)?;
                Ok(crate::form::Submitted::redirect(
                    paths::UPLOAD.to(consignment.id),
                ))
            },
        )
        .await
    }
}

/// "Agree and continue" and "Cancel transfer", under both parts of the agreement.
#[component]
pub fn AgreementButtons() -> impl IntoView {
    view! {
        <div class="govuk-button-group">
            <crate::govuk::Button content="Agree and continue" prevent_double_click=Some(true)/>
            <a class="govuk-button govuk-button--secondary" href=paths::HOMEPAGE.href().to_string()>"Cancel transfer"</a>
        </div>
    }
}

#[component]
pub fn TransferAgreementContinued() -> impl IntoView {
    view! {
        <ConsignmentFrame
            step=Step::TransferAgreementContinued
            render=|summary| view! { <SignOffsContent summary=summary/> }
        />
    }
}

#[component]
fn SignOffsContent(summary: ConsignmentSummary) -> impl IntoView {
    let form = use_form::<SignOffsForm>();
    let action = paths::TRANSFER_AGREEMENT_CONTINUED.to(summary.id.clone());
    view! {
        <Title text=form.title(HEADING)/>
        <AnsweredOnce
            summary=summary
            step=Step::TransferAgreementContinued
            heading=HEADING
            already="You have already confirmed all statements."
            errors=ViewFn::from(move || view! { <FormErrorSummary form=form/> })
        >
            <p class="govuk-hint govuk-!-margin-bottom-6">
                "You must confirm all statements before proceeding. If you cannot, please close your browser and contact your transfer advisor."
            </p>
            <Form form=form action=action.clone()>
                <div class="govuk-form-group">
                    <fieldset class="govuk-fieldset">
                        <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">{LEGEND}</legend>
                        {move || {
                            let input = form.input.get();
                            SIGN_OFFS.into_iter().map(|(field, label, _, _)| {
                                let checked = input.value(field) == CONFIRMED;
                                view! {
                                    <Checkboxes
                                        name=field
                                        id_prefix=Some(field.to_owned())
                                        values=if checked { vec![CONFIRMED.to_owned()] } else { Vec::new() }
                                        error_message=form.error(field)
                                        items=vec![CheckboxesItem::option(CONFIRMED, label)]
                                        classes="govuk-checkboxes--small"
                                    />
                                }
                            }).collect_view()
                        }}
                    </fieldset>
                </div>
                <AgreementButtons/>
            </Form>
        </AnsweredOnce>
    }
}
