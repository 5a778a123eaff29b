//! `/user/dashboard/create/{id}`: "Reuse LPA details" (reference §2.1): a new LPA whose people may
//! be reused from LPA `id` (its seed); then its type is asked. The real service made the LPA on
//! opening the link; here the link asks first and a button (a POST with the CSRF token) makes it,
//! so no other site can make LPAs in someone's account.
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_location;
use serde::{Deserialize, Serialize};

use crate::account::paths as account_paths;
use crate::auth::Audience;
use crate::error_page::{AppErrorContent, PageNotFound};
use crate::form::{use_form, FieldErrors, Form, FormErrorSummary, FormInput};
use crate::govuk::{Button, SummaryList, SummaryListRow};
use crate::lpa::paths as lpa_paths;
use crate::pages::gate::NameFirst;
use crate::pages::user::dashboard::confirm_delete_lpa::listed_lpa;

const HEADING: &str = "Make a new LPA using these details?";

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ReuseLpaForm {}

impl FormInput for ReuseLpaForm {
    type Valid = ();

    fn validate(&self) -> Result<(), FieldErrors> {
        Ok(())
    }
}

impl crate::form::FormAction for ReuseLpaForm {
    #[cfg(feature = "ssr")]
    async fn perform(
        _: (),
        context: crate::form::ActionContext,
    ) -> Result<crate::form::Submitted, crate::form::FormFailure> {
        let user = context.require(Audience::SignedIn)?;
        let seed = lpa_paths::REUSE_LPA
            .parse(context.request.uri.path())
            .ok_or(crate::error::AppError::NotFound)?;
        let lpa = crate::lpa::server::use_cases::start_from(&context.backends, &user, seed).await?;
        Ok(crate::form::Submitted::redirect(lpa_paths::href(
            lpa.id,
            crate::lpa::flow::Page::Step(crate::lpa::flow::Step::Type),
        )))
    }
}

#[component]
pub fn ReuseLpa() -> impl IntoView {
    let seed = lpa_paths::REUSE_LPA.parse(&use_location().pathname.get_untracked());
    view! {
        <Title text=HEADING/>
        <NameFirst audience=Audience::SignedIn>
            {match seed {
                Some(id) => {
                    let form = use_form::<ReuseLpaForm>();
                    let lpa = Resource::new_blocking(move || id, listed_lpa);
                    view! {
                        <Suspense>
                            {move || Suspend::new(async move {
                                match lpa.await {
                                    Ok(lpa) => view! {
                                        <div class="govuk-grid-row">
                                            <div class="govuk-grid-column-two-thirds">
                                                <FormErrorSummary form=form/>
                                                <h1 class="govuk-heading-l">{HEADING}</h1>
                                                <SummaryList rows=vec![
                                                    SummaryListRow::new("Donor", lpa.donor.unwrap_or_else(|| "Not added yet".to_owned())),
                                                    SummaryListRow::new("Reference", lpa.id.a_reference()),
                                                ]/>
                                                <p class="govuk-body">"You’ll start a new LPA. When you add people to it, you can choose the people from this LPA instead of typing their details again."</p>
                                                <Form form=form action=lpa_paths::REUSE_LPA.to(id)>
                                                    <div class="govuk-button-group">
                                                        <Button content="Make a new LPA"/>
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
                    .into_any()
                }
                None => view! { <PageNotFound/> }.into_any(),
            }}
        </NameFirst>
    }
}
