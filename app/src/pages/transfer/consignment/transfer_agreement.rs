//! `/transfer/consignment/{id}/transfer-agreement` (C.2 step 3): "Transfer agreement (part 1)",
//! the records' legal status. Starts the `TransferAgreement` status.
use leptos::prelude::*;
use leptos_meta::Title;
use serde::{Deserialize, Serialize};

use crate::form::{use_form, FieldErrors, Form, FormErrorSummary, FormInput};
use crate::govuk::{Radios, RadiosItem};
use crate::pages::transfer::frame::{AnsweredOnce, ConsignmentFrame, ConsignmentSummary};
use crate::transfer::flow::Step;
use crate::transfer::paths;

pub const LEGAL_STATUS: &str = "legal_status";
pub const HEADING: &str = "Transfer agreement (part 1)";
/// TDR's words.
pub const LEGAL_STATUS_MISSING: &str = "Select the appropriate option for your records";
/// The answers TDR offers, which are also what it records, and the consignment metadata it is
/// kept as (shared with the GraphQL API).
pub use crate::transfer::agreement::{LEGAL_STATUSES, LEGAL_STATUS_PROPERTY};

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct LegalStatusForm {
    #[serde(default)]
    pub legal_status: String,
}

impl FormInput for LegalStatusForm {
    type Valid = &'static str;

    fn validate(&self) -> Result<&'static str, FieldErrors> {
        LEGAL_STATUSES
            .into_iter()
            .find(|status| *status == self.legal_status)
            .ok_or_else(|| {
                let mut errors = FieldErrors::new();
                errors.add(LEGAL_STATUS, LEGAL_STATUS_MISSING);
                errors
            })
    }
}

impl crate::form::FormAction for LegalStatusForm {
    #[cfg(feature = "ssr")]
    async fn perform(
        legal_status: &'static str,
        context: crate::form::ActionContext,
    ) -> Result<crate::form::Submitted, crate::form::FormFailure> {
        use crate::pages::transfer::frame::ssr::act_at;
        use crate::transfer::server::Transfers;
        use crate::transfer::status::{ConsignmentStatusType, ConsignmentStatusValue};

        act_at(
            context,
            Step::TransferAgreement,
            |context, _, consignment| async move {
                Transfers::of(&context.backends)
                    .record_answers(
                        &consignment.id,
                        &[(LEGAL_STATUS_PROPERTY, legal_status.to_owned())],
                        (
                            ConsignmentStatusType::TransferAgreement,
                            ConsignmentStatusValue::InProgress,
                        ),
                    )
                    .await
                    .map_err(crate::error::AppError::from)?;
                Ok(crate::form::Submitted::redirect(
                    paths::TRANSFER_AGREEMENT_CONTINUED.to(consignment.id),
                ))
            },
        )
        .await
    }
}

#[component]
pub fn TransferAgreement() -> impl IntoView {
    view! {
        <ConsignmentFrame
            step=Step::TransferAgreement
            render=|summary| view! { <TransferAgreementContent summary=summary/> }
        />
    }
}

#[component]
fn TransferAgreementContent(summary: ConsignmentSummary) -> impl IntoView {
    let form = use_form::<LegalStatusForm>();
    let action = paths::TRANSFER_AGREEMENT.to(summary.id.clone());
    view! {
        <Title text=form.title(HEADING)/>
        <AnsweredOnce
            summary=summary
            step=Step::TransferAgreement
            heading=HEADING
            already="You have already confirmed the legal status of these records."
            errors=ViewFn::from(move || view! { <FormErrorSummary form=form/> })
        >
            <Form form=form action=action.clone()>
                {move || view! {
                    <Radios
                        name=LEGAL_STATUS
                        id_prefix=Some(LEGAL_STATUS.into())
                        value=Some(form.input.get().legal_status)
                        error_message=form.error(LEGAL_STATUS)
                        fieldset=Some(crate::govuk::FieldsetOptions {
                            legend: Some(crate::govuk::LegendOptions {
                                content: "Select the legal status of these records:".into(),
                                classes: "govuk-fieldset__legend--s".into(),
                                is_page_heading: false,
                            }),
                            ..Default::default()
                        })
                        items=LEGAL_STATUSES.into_iter().map(|status| RadiosItem::option(status, status)).collect()
                    />
                }}
                <super::transfer_agreement_continued::AgreementButtons/>
            </Form>
        </AnsweredOnce>
    }
}
