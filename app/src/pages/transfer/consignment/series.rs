//! `/transfer/consignment/{id}/series` (C.2 step 2): "Choose a series reference" from the body's
//! series; once chosen, shown as chosen with Continue.
use leptos::prelude::*;
use leptos_meta::Title;
use serde::{Deserialize, Serialize};

use crate::error::AppError;
use crate::form::{use_form, FieldErrors, Form, FormErrorSummary, FormInput};
use crate::govuk::{
    Button, LabelOptions, NotificationBanner, NotificationBannerType, Select, SelectItem,
};
use crate::pages::transfer::frame::{ConsignmentFrame, ConsignmentSummary, WithReference};
use crate::transfer::flow::Step;
use crate::transfer::ids::{ConsignmentId, SeriesId};
use crate::transfer::paths;

pub const SERIES: &str = "series";
pub const HEADING: &str = "Choose a series reference";
/// TDR's words.
pub const SERIES_MISSING: &str = "Select a series reference";

/// A series as the page offers it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SeriesChoice {
    pub id: SeriesId,
    pub code: String,
}

/// The series of the consignment's body (`getSeries`).
#[server(prefix = "/_fn", endpoint = "transfer-series", input = server_fn::codec::GetUrl)]
pub async fn transfer_series(id: ConsignmentId) -> Result<Vec<SeriesChoice>, AppError> {
    use crate::transfer::server::Transfers;

    let user = crate::auth::ssr::require(crate::auth::Audience::Transferring)?;
    let backends = crate::ssr::backends()?;
    let (consignment, _) =
        crate::pages::transfer::frame::ssr::consignment_of(&backends, &user, &id).await?;
    Ok(Transfers::of(&backends)
        .series_of_body(&consignment.body.id)
        .await?
        .into_iter()
        .map(|series| SeriesChoice {
            id: series.id,
            code: series.code,
        })
        .collect())
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SeriesForm {
    #[serde(default)]
    pub series: String,
}

impl FormInput for SeriesForm {
    type Valid = SeriesId;

    fn validate(&self) -> Result<SeriesId, FieldErrors> {
        self.series.parse().map_err(|_| {
            let mut errors = FieldErrors::new();
            errors.add(SERIES, SERIES_MISSING);
            errors
        })
    }
}

impl crate::form::FormAction for SeriesForm {
    #[cfg(feature = "ssr")]
    async fn perform(
        series: SeriesId,
        context: crate::form::ActionContext,
    ) -> Result<crate::form::Submitted, crate::form::FormFailure> {
        use crate::pages::transfer::frame::ssr::act_at;
        use crate::transfer::server::{TransferError, Transfers};

        act_at(
            context,
            Step::Series,
            |context, _, consignment| async move {
                match Transfers::of(&context.backends)
                    .set_series(&consignment, &series)
                    .await
                {
                    Ok(()) => Ok(crate::form::Submitted::redirect(
                        paths::TRANSFER_AGREEMENT.to(consignment.id),
                    )),
                    // Another body's series, or none: as if nothing were chosen.
                    Err(TransferError::NotFound) => {
                        Err(crate::form::FormFailure::field(SERIES, SERIES_MISSING))
                    }
                    Err(error) => Err(AppError::from(error).into()),
                }
            },
        )
        .await
    }
}

#[component]
pub fn Series() -> impl IntoView {
    view! {
        <ConsignmentFrame step=Step::Series render=|summary| view! { <SeriesContent summary=summary/> }/>
    }
}

#[component]
fn SeriesContent(summary: ConsignmentSummary) -> impl IntoView {
    let form = use_form::<SeriesForm>();
    let id = summary.id.clone();
    let choices = Resource::new_blocking(move || id.clone(), transfer_series);
    let chosen = summary.series.clone();
    let action = paths::SERIES.to(summary.id.clone());
    let next = summary
        .progress
        .current_step()
        .href(&summary.id)
        .to_string();
    view! {
        <Title text=form.title(HEADING)/>
        <WithReference reference=summary.reference.clone()>
            <FormErrorSummary form=form/>
            <Suspense>
                {move || {
                    let (chosen, action, next) = (chosen.clone(), action.clone(), next.clone());
                    Suspend::new(async move {
                        let choices = match choices.await {
                            Ok(choices) => choices,
                            Err(error) => return view! { <crate::error_page::AppErrorContent error=error/> }.into_any(),
                        };
                        match chosen {
                            Some(code) => view! { <AlreadyChosen choices=choices code=code next=next/> }.into_any(),
                            None => view! {
                                <Form form=form action=action>
                                    {move || {
                                        let items = std::iter::once(SelectItem::new("", "Select reference"))
                                            .chain(choices.iter().map(|choice| SelectItem::new(choice.id.to_string(), choice.code.clone())))
                                            .collect::<Vec<_>>();
                                        view! {
                                            <Select
                                                name=SERIES
                                                label=LabelOptions {
                                                    content: HEADING.into(),
                                                    classes: "govuk-label--l".into(),
                                                    is_page_heading: true,
                                                    ..Default::default()
                                                }
                                                items=items
                                                value=Some(form.input.get().series)
                                                error_message=form.error(SERIES)
                                            />
                                        }
                                    }}
                                    <p class="govuk-body">
                                        "If you cannot see the correct series reference for the records, you need a new one adding, \
                                         or you\u{2019}re transferring records on behalf of another transferring body, contact your transfer advisor."
                                    </p>
                                    <div class="govuk-button-group">
                                        <Button content="Continue" prevent_double_click=Some(true)/>
                                        <a class="govuk-button govuk-button--secondary" href=paths::HOMEPAGE.href().to_string()>"Cancel transfer"</a>
                                    </div>
                                </Form>
                            }.into_any(),
                        }
                    })
                }}
            </Suspense>
        </WithReference>
    }
}

#[component]
fn AlreadyChosen(choices: Vec<SeriesChoice>, code: String, next: String) -> impl IntoView {
    let items = choices
        .iter()
        .map(|choice| SelectItem::new(choice.code.clone(), choice.code.clone()))
        .collect::<Vec<_>>();
    view! {
        <h1 class="govuk-heading-l">{HEADING}</h1>
        <NotificationBanner banner_type=NotificationBannerType::Success>
            <h3 class="govuk-notification-banner__heading">"You have already chosen a series reference"</h3>
            <p class="govuk-body">"Click \u{2018}Continue\u{2019} to proceed with your transfer."</p>
        </NotificationBanner>
        <Select
            name=SERIES
            label=LabelOptions { content: "Series reference".into(), ..Default::default() }
            items=items
            value=Some(code)
            disabled=true
        />
        <div class="govuk-button-group">
            <crate::govuk::Button content="Continue" href=Some(next)/>
            <a class="govuk-link" href=paths::HOMEPAGE.href().to_string()>"Cancel"</a>
        </div>
    }
}
