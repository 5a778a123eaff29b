//! `/transfer`: "Welcome to the Transfer Digital Records service" (other-systems C.2 step 1):
//! start a new transfer, or view the body's transfers. For members of a transferring body.
pub mod consignment;
pub mod frame;
pub mod view_transfers;

use leptos::prelude::*;
use leptos_meta::Title;
use serde::{Deserialize, Serialize};

use crate::auth::Audience;
use crate::error::AppError;
use crate::form::{use_form, FieldErrors, Form, FormInput};
use crate::govuk::Button;
use crate::pages::gate::NameFirst;
use crate::transfer::paths;

pub const HEADING: &str = "Welcome to the Transfer Digital Records service";
/// Shown to an account that is not a member of any transferring body (an admin, say).
pub const NO_BODY: &str =
    "Your account is not linked to a transferring body, so you cannot start a transfer. \
     Contact your transfer advisor to be added to your body.";

/// The body the person transfers for, if any.
#[server(prefix = "/_fn", endpoint = "transfer-body", input = server_fn::codec::GetUrl)]
pub async fn transfer_body() -> Result<Option<String>, AppError> {
    use crate::transfer::server::Transfers;

    let user = crate::auth::ssr::require(Audience::Transferring)?;
    let backends = crate::ssr::backends()?;
    Ok(Transfers::of(&backends)
        .body_of_member(&user.id.to_string())
        .await?
        .map(|body| body.name))
}

/// "Start transfer": a new standard consignment for the person's body.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct StartTransferForm {}

impl FormInput for StartTransferForm {
    type Valid = ();

    fn validate(&self) -> Result<(), FieldErrors> {
        Ok(())
    }
}

impl crate::form::FormAction for StartTransferForm {
    #[cfg(feature = "ssr")]
    async fn perform(
        _: (),
        context: crate::form::ActionContext,
    ) -> Result<crate::form::Submitted, crate::form::FormFailure> {
        use crate::transfer::server::Transfers;
        use crate::transfer::status::ConsignmentType;

        let user = context.require(Audience::Transferring)?;
        let transfers = Transfers::of(&context.backends);
        let body = transfers
            .body_of_member(&user.id.to_string())
            .await?
            .ok_or(AppError::Forbidden)?;
        let consignment = transfers
            .add_consignment(&user.id.to_string(), &body, ConsignmentType::Standard)
            .await?;
        Ok(crate::form::Submitted::redirect(
            paths::SERIES.to(consignment.id),
        ))
    }
}

#[component]
pub fn TransferHomepage() -> impl IntoView {
    view! {
        <NameFirst audience=Audience::Transferring>
            <HomepageContent/>
        </NameFirst>
    }
}

#[component]
fn HomepageContent() -> impl IntoView {
    let form = use_form::<StartTransferForm>();
    let body = Resource::new_blocking(|| (), |_| transfer_body());
    view! {
        <Title text=HEADING/>
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                <h1 class="govuk-heading-l govuk-!-margin-bottom-9">{HEADING}</h1>
                <Suspense>
                    {move || Suspend::new(async move {
                        match body.await {
                            Ok(Some(_)) => view! {
                                <h2 class="govuk-heading-m">"Upload your records to start a new transfer"</h2>
                                <Form form=form action=paths::HOMEPAGE.href()>
                                    <div class="govuk-button-group">
                                        <Button content="Start transfer" prevent_double_click=Some(true)/>
                                    </div>
                                </Form>
                            }.into_any(),
                            Ok(None) => view! { <p class="govuk-body">{NO_BODY}</p> }.into_any(),
                            Err(error) => view! { <crate::error_page::AppErrorContent error=error/> }.into_any(),
                        }
                    })}
                </Suspense>
                <a class="govuk-button govuk-button--secondary" href=paths::VIEW_TRANSFERS.href().to_string()>
                    "View transfers"
                </a>
            </div>
        </div>
    }
}
