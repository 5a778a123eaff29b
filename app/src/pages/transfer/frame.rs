//! What every page of a consignment shares: finding the consignment from the URL, asking the
//! server for it (which checks the person may see it and that the journey has reached the page),
//! and the consignment reference beside the page, as TDR shows it.
use leptos::prelude::*;
use leptos_router::hooks::use_location;
use serde::{Deserialize, Serialize};

use crate::auth::{redirect_to, Audience};
use crate::error::AppError;
use crate::error_page::AppErrorContent;
use crate::pages::gate::NameFirst;
use crate::transfer::flow::{Progress, Step};
use crate::transfer::ids::ConsignmentId;

/// A consignment as its pages show it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsignmentSummary {
    pub id: ConsignmentId,
    pub reference: String,
    pub body_name: String,
    /// The series' code, once chosen.
    pub series: Option<String>,
    /// The uploaded folder's name.
    pub parent_folder: Option<String>,
    pub progress: Progress,
}

/// What the server answers for a page of a consignment.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum StepData {
    Show(ConsignmentSummary),
    /// The journey is not at this page: go here instead.
    Redirect(String),
}

/// Consignment `id` at `step`, if the person may see it (their body's, or any for an admin; else
/// 404) and its journey has reached the step (else where it is).
#[server(prefix = "/_fn", endpoint = "transfer-step", input = server_fn::codec::GetUrl)]
pub async fn transfer_step(id: ConsignmentId, step: Step) -> Result<StepData, AppError> {
    let user = crate::auth::ssr::require(Audience::Transferring)?;
    let backends = crate::ssr::backends()?;
    let (consignment, progress) = ssr::consignment_of(&backends, &user, &id).await?;
    Ok(match progress.open(step) {
        Ok(()) => StepData::Show(ConsignmentSummary {
            id: consignment.id,
            reference: consignment.reference.to_string(),
            body_name: consignment.body.name,
            series: consignment.series.map(|series| series.code),
            parent_folder: consignment.parent_folder,
            progress,
        }),
        Err(current) => StepData::Redirect(current.href(&id).to_string()),
    })
}

#[cfg(feature = "ssr")]
pub mod ssr {
    use crate::account::server::User;
    use crate::error::AppError;
    use crate::transfer::flow::{Progress, Step};
    use crate::transfer::ids::ConsignmentId;
    use crate::transfer::server::{Caller, Consignment, Transfers};

    pub fn caller_of(user: &User) -> Caller {
        Caller::account(user)
    }

    /// The consignment and where its journey is, if `user` may see it.
    pub async fn consignment_of(
        backends: &backends::Backends,
        user: &User,
        id: &ConsignmentId,
    ) -> Result<(Consignment, Progress), AppError> {
        let transfers = Transfers::of(backends);
        let consignment = transfers.consignment(&caller_of(user), id).await?;
        let progress = transfers.progress(id).await?;
        Ok((consignment, progress))
    }

    /// A form at `step`: `act` runs with the person and the consignment in the URL if they may
    /// change it now; otherwise they go where its journey is (or see the 404).
    pub async fn act_at<F, Fut>(
        context: crate::form::ActionContext,
        step: Step,
        act: F,
    ) -> Result<crate::form::Submitted, crate::form::FormFailure>
    where
        F: FnOnce(crate::form::ActionContext, std::sync::Arc<User>, Consignment) -> Fut,
        Fut: std::future::Future<Output = Result<crate::form::Submitted, crate::form::FormFailure>>,
    {
        let user = context.require(crate::auth::Audience::Transferring)?;
        let path = context.request.uri.path().to_owned();
        match consignment_at(&context.backends, &user, &path, step).await? {
            Ok(consignment) => act(context, user, consignment).await,
            Err(elsewhere) => Ok(elsewhere),
        }
    }

    /// For a form at `step`: the consignment in the URL, if `user` may see it and its journey is
    /// at the step; else where to go (the 404 for a consignment they may not see).
    pub async fn consignment_at(
        backends: &backends::Backends,
        user: &User,
        path: &str,
        step: Step,
    ) -> Result<Result<Consignment, crate::form::Submitted>, AppError> {
        let id = step.path().parse(path).ok_or(AppError::NotFound)?;
        let (consignment, progress) = consignment_of(backends, user, &id).await?;
        Ok(match progress.accepts(step) {
            Ok(()) => Ok(consignment),
            Err(current) => Err(crate::form::Submitted::redirect(current.href(&id))),
        })
    }
}

/// A page of a consignment at `step`: drawn by `render` once the server has found the
/// consignment and opened the step; otherwise the person is sent where the journey is (or sees
/// the 404).
#[component]
pub fn ConsignmentFrame<F, V>(step: Step, render: F) -> impl IntoView
where
    F: Fn(ConsignmentSummary) -> V + Send + Sync + 'static,
    V: IntoView + 'static,
{
    let render = StoredValue::new(render);
    let location = use_location();
    // Only this page's own URLs change the consignment (see `pages::upload::with_dataset`).
    let id = Memo::new(move |previous: Option<&Option<ConsignmentId>>| {
        step.path()
            .parse(&location.pathname.get())
            .or_else(|| previous.cloned().flatten())
    });
    let data = Resource::new_blocking(
        move || id.get(),
        move |id| async move {
            match id {
                Some(id) => transfer_step(id, step).await,
                None => Err(AppError::NotFound),
            }
        },
    );
    view! {
        <NameFirst audience=Audience::Transferring>
            <Suspense>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(StepData::Show(summary)) => {
                            crate::govuk_js::start_on_drawn_page();
                            render.with_value(|render| render(summary)).into_any()
                        }
                        Ok(StepData::Redirect(to)) => {
                            redirect_to(&to);
                            ().into_any()
                        }
                        Err(error) => view! { <AppErrorContent error=error/> }.into_any(),
                    }
                })}
            </Suspense>
        </NameFirst>
    }
}

/// The page's main column and, beside it, the consignment reference (TDR's `transferReference`).
#[component]
pub fn WithReference(reference: String, children: Children) -> impl IntoView {
    view! {
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">{children()}</div>
            <div class="govuk-grid-column-one-third">
                <crate::govuk::Details summary="Consignment reference" open=true>
                    {reference}
                </crate::govuk::Details>
            </div>
        </div>
    }
}

/// A step answered once, as TDR's agreement pages are: its error summary, heading and form; or,
/// once the step is done, `already` and "Continue" to where the journey is.
#[component]
pub fn AnsweredOnce(
    summary: ConsignmentSummary,
    step: Step,
    heading: &'static str,
    already: &'static str,
    /// The form's error summary, above the heading.
    errors: ViewFn,
    children: ChildrenFn,
) -> impl IntoView {
    let next = summary
        .progress
        .current_step()
        .href(&summary.id)
        .to_string();
    let done = step.is_done(&summary.progress);
    view! {
        <WithReference reference=summary.reference.clone()>
            {errors.run()}
            <h1 class="govuk-heading-l govuk-!-margin-bottom-3">{heading}</h1>
            {if done {
                view! {
                    <p class="govuk-body">{already}</p>
                    <crate::govuk::Button content="Continue" href=Some(next.clone())/>
                }
                .into_any()
            } else {
                children().into_any()
            }}
        </WithReference>
    }
}
