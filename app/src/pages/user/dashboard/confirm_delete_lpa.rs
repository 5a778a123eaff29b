//! `/user/dashboard/confirm-delete-lpa/{id}`: "Are you sure you want to delete this LPA?", with
//! the button that does it, posting to `/user/dashboard/delete-lpa/{id}` (which shows the same
//! question if opened). Any LPA of the account may be deleted, in any state (reference §6).
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_location;
use serde::{Deserialize, Serialize};

use crate::account::paths as account_paths;
use crate::auth::Audience;
use crate::error::AppError;
use crate::error_page::{AppErrorContent, PageNotFound};
use crate::form::{use_form, FieldErrors, Form, FormErrorSummary, FormInput};
use crate::govuk::{Button, SummaryList, SummaryListRow};
use crate::lpa::dashboard::LpaListed;
use crate::lpa::model::LpaId;
use crate::lpa::paths as lpa_paths;
use crate::pages::gate::NameFirst;

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct DeleteLpaForm {}

impl FormInput for DeleteLpaForm {
    type Valid = ();

    fn validate(&self) -> Result<(), FieldErrors> {
        Ok(())
    }
}

impl crate::form::FormAction for DeleteLpaForm {
    #[cfg(feature = "ssr")]
    async fn perform(
        _: (),
        context: crate::form::ActionContext,
    ) -> Result<crate::form::Submitted, crate::form::FormFailure> {
        let user = context.require(Audience::SignedIn)?;
        let id = lpa_paths::DELETE_LPA
            .parse(context.request.uri.path())
            .ok_or(AppError::NotFound)?;
        crate::lpa::server::use_cases::delete(&context.backends, &user, id).await?;
        Ok(crate::form::Submitted::redirect(format!(
            "{}?saved=lpa-deleted",
            account_paths::DASHBOARD.href()
        )))
    }
}

/// The account's LPA `id`, as the dashboard lists it (to delete, or to reuse).
#[server(prefix = "/_fn", endpoint = "listed-lpa", input = server_fn::codec::GetUrl)]
pub async fn listed_lpa(id: LpaId) -> Result<LpaListed, AppError> {
    let user = crate::auth::ssr::require(Audience::SignedIn)?;
    let backends = use_context::<backends::Backends>()
        .ok_or_else(|| AppError::internal("no backends in context"))?;
    let lpa = crate::lpa::server::Lpas::of(&backends)
        .get(&user.id, id)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(LpaListed::of(&lpa))
}

fn current_id() -> Option<LpaId> {
    let path = use_location().pathname.get_untracked();
    lpa_paths::CONFIRM_DELETE_LPA
        .parse(&path)
        .or_else(|| lpa_paths::DELETE_LPA.parse(&path))
}

#[component]
pub fn ConfirmDeleteLpa() -> impl IntoView {
    view! {
        <Title text="Are you sure you want to delete this LPA?"/>
        <NameFirst audience=Audience::SignedIn>
            {move || match current_id() {
                Some(id) => view! { <Question id=id/> }.into_any(),
                None => view! { <PageNotFound/> }.into_any(),
            }}
        </NameFirst>
    }
}

#[component]
fn Question(id: LpaId) -> impl IntoView {
    let form = use_form::<DeleteLpaForm>();
    let lpa = Resource::new_blocking(move || id, listed_lpa);
    view! {
        <Suspense>
            {move || Suspend::new(async move {
                match lpa.await {
                    Ok(lpa) => view! {
                        <div class="govuk-grid-row">
                            <div class="govuk-grid-column-two-thirds">
                                <FormErrorSummary form=form/>
                                <h1 class="govuk-heading-l">"Are you sure you want to delete this LPA?"</h1>
                                <SummaryList rows=vec![
                                    SummaryListRow::new("Donor", lpa.donor.unwrap_or_else(|| "Not added yet".to_owned())),
                                    SummaryListRow::new("Reference", lpa.id.a_reference()),
                                ]/>
                                <p class="govuk-body">"Everything in it will be deleted straight away. You cannot undo this."</p>
                                <Form form=form action=lpa_paths::DELETE_LPA.to(id)>
                                    <div class="govuk-button-group">
                                        <Button content="Delete this LPA" classes="govuk-button--warning"/>
                                        <a class="govuk-link" href=account_paths::DASHBOARD.href().to_string()>"Cancel"</a>
                                    </div>
                                </Form>
                            </div>
                        </div>
                    }
                    .into_any(),
                    Err(error) => view! { <AppErrorContent error=error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}
