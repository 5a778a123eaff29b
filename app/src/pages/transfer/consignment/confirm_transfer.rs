//! `/transfer/consignment/{id}/confirm-transfer` (C.2 step 8): "Confirm transfer" — a summary of
//! the consignment and the confirmation that custody of the records passes to The National
//! Archives. Confirming completes `ConfirmTransfer` and starts the export.
use leptos::prelude::*;
use leptos_meta::Title;
use serde::{Deserialize, Serialize};

use crate::error::AppError;
use crate::form::{use_form, FieldErrors, Form, FormErrorSummary, FormInput};
use crate::govuk::{Checkboxes, CheckboxesItem};
use crate::pages::transfer::frame::{ConsignmentFrame, ConsignmentSummary, WithReference};
use crate::transfer::flow::Step;
use crate::transfer::ids::ConsignmentId;
use crate::transfer::paths;

pub const TRANSFER_LEGAL_CUSTODY: &str = "transferLegalCustody";
pub const HEADING: &str = "Confirm transfer";
pub const CUSTODY_LABEL: &str = "By proceeding with this transfer, I confirm that the Departmental Records Officer (DRO) has agreed to transfer custody of these records to The National Archives.";
/// TDR's words (shared with the GraphQL API).
pub use crate::transfer::agreement::CUSTODY_MISSING;

/// How many files the consignment has.
#[server(prefix = "/_fn", endpoint = "transfer-file-count", input = server_fn::codec::GetUrl)]
pub async fn transfer_file_count(id: ConsignmentId) -> Result<u64, AppError> {
    use crate::transfer::server::Transfers;

    let user = crate::auth::ssr::require(crate::auth::Audience::Transferring)?;
    let backends = crate::ssr::backends()?;
    crate::pages::transfer::frame::ssr::consignment_of(&backends, &user, &id).await?;
    Ok(Transfers::of(&backends).file_count(&id).await?)
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ConfirmTransferForm {
    #[serde(default)]
    pub transfer_legal_custody: String,
}

impl FormInput for ConfirmTransferForm {
    type Valid = ();

    fn validate(&self) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::new();
        if self.transfer_legal_custody != "true" {
            errors.add(TRANSFER_LEGAL_CUSTODY, CUSTODY_MISSING);
        }
        errors.or_valid(|| ())
    }
}

impl crate::form::FormAction for ConfirmTransferForm {
    #[cfg(feature = "ssr")]
    async fn perform(
        _: (),
        context: crate::form::ActionContext,
    ) -> Result<crate::form::Submitted, crate::form::FormFailure> {
        use crate::pages::transfer::frame::ssr::act_at;
        use crate::transfer::server::Transfers;

        act_at(
            context,
            Step::ConfirmTransfer,
            |context, user, consignment| async move {
                let name = [&user.details.first_names, &user.details.last_name]
                    .into_iter()
                    .flatten()
                    .map(String::as_str)
                    .collect::<Vec<_>>()
                    .join(" ");
                Transfers::of(&context.backends)
                    .confirm_transfer(&consignment, &name, &user.email)
                    .await
                    .map_err(AppError::from)?;
                Ok(crate::form::Submitted::redirect(
                    paths::TRANSFER_COMPLETE.to(consignment.id),
                ))
            },
        )
        .await
    }
}

#[component]
pub fn ConfirmTransfer() -> impl IntoView {
    view! {
        <ConsignmentFrame
            step=Step::ConfirmTransfer
            render=|summary| view! { <ConfirmContent summary=summary/> }
        />
    }
}

#[component]
fn ConfirmContent(summary: ConsignmentSummary) -> impl IntoView {
    let form = use_form::<ConfirmTransferForm>();
    let id = summary.id.clone();
    let files = Resource::new_blocking(move || id.clone(), transfer_file_count);
    let reference = summary.reference.clone();
    let action = paths::CONFIRM_TRANSFER.to(summary.id.clone());
    let rows = move |files: u64| {
        [
            (
                "Series reference",
                summary.series.clone().unwrap_or_default(),
            ),
            ("Consignment reference", summary.reference.clone()),
            ("Transferring body", summary.body_name.clone()),
            (
                "Files uploaded for transfer",
                format!(
                    "{files} {} uploaded",
                    if files == 1 { "file" } else { "files" }
                ),
            ),
        ]
    };
    view! {
        <Title text=form.title(HEADING)/>
        <WithReference reference=reference>
            <FormErrorSummary form=form/>
            <h1 class="govuk-heading-l">{HEADING}</h1>
            <p class="govuk-body">"Here is a summary of the records you have uploaded."</p>
            <Suspense>
                {move || {
                    let rows = rows.clone();
                    Suspend::new(async move {
                        match files.await {
                            Ok(files) => view! {
                                <dl class="govuk-summary-list govuk-!-margin-bottom-9">
                                    {rows(files).into_iter().map(|(key, value)| view! {
                                        <div class="govuk-summary-list__row">
                                            <dt class="govuk-summary-list__key">{key}</dt>
                                            <dd class="govuk-summary-list__value">{value}</dd>
                                        </div>
                                    }).collect_view()}
                                </dl>
                            }.into_any(),
                            Err(error) => view! { <crate::error_page::AppErrorContent error=error/> }.into_any(),
                        }
                    })
                }}
            </Suspense>
            <Form form=form action=action>
                {move || {
                    let checked = form.input.get().transfer_legal_custody == "true";
                    view! {
                        <Checkboxes
                            name=TRANSFER_LEGAL_CUSTODY
                            id_prefix=Some(TRANSFER_LEGAL_CUSTODY.to_owned())
                            values=if checked { vec!["true".to_owned()] } else { Vec::new() }
                            error_message=form.error(TRANSFER_LEGAL_CUSTODY)
                            items=vec![CheckboxesItem::option("true", CUSTODY_LABEL)]
                        />
                    }
                }}
                <crate::govuk::Button content="Transfer your records" prevent_double_click=Some(true)/>
            </Form>
        </WithReference>
    }
}
