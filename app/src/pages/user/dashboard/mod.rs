//! `/user/dashboard`: where signing in leads. The account's LPAs (reference §6: the latest changed
//! first, each to continue or delete), making a new one, and the account's own pages. Someone with
//! no LPAs goes straight to making one.
use chrono::{DateTime, Utc};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use serde::{Deserialize, Serialize};

use crate::auth::{redirect_to, Audience};
use crate::error::AppError;
use crate::error_page::AppErrorContent;
use crate::govuk::{
    tag_markup, Button, NotificationBanner, NotificationBannerType, SummaryCard, SummaryList,
    SummaryListAction, SummaryListActions, SummaryListRow, TagColour,
};
use crate::lpa::model::{LpaId, LpaType, Progress};
use crate::lpa::paths as lpa_paths;
use crate::pages::gate::NameFirst;

pub mod confirm_delete_lpa;
pub mod new_terms;

/// One LPA as the dashboard lists it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LpaListed {
    pub id: LpaId,
    pub donor: Option<String>,
    pub lpa_type: Option<LpaType>,
    pub progress: Progress,
    pub updated_at: DateTime<Utc>,
}

impl LpaListed {
    pub fn of(lpa: &crate::lpa::model::Lpa) -> Self {
        LpaListed {
            id: lpa.id,
            donor: lpa.document.donor().map(|donor| donor.name.to_string()),
            lpa_type: lpa.document.lpa_type(),
            progress: lpa.progress(),
            updated_at: lpa.updated_at,
        }
    }
}

/// The LPAs of the person signed in, the latest changed first.
#[server(prefix = "/_fn", endpoint = "your-lpas", input = server_fn::codec::GetUrl)]
pub async fn your_lpas() -> Result<Vec<LpaListed>, AppError> {
    let user = crate::auth::ssr::require(Audience::SignedIn)?;
    let backends = use_context::<backends::Backends>()
        .ok_or_else(|| AppError::internal("no backends in context"))?;
    let lpas = crate::lpa::server::Lpas::of(&backends)
        .list(&user.id)
        .await?;
    Ok(lpas.iter().map(LpaListed::of).collect())
}

#[component]
pub fn Dashboard() -> impl IntoView {
    view! {
        <Title text="Your LPAs"/>
        <NameFirst audience=Audience::SignedIn>
            <DashboardContent/>
        </NameFirst>
    }
}

fn card(lpa: &LpaListed) -> impl IntoView {
    let title = lpa
        .donor
        .clone()
        .unwrap_or_else(|| "Donor not added yet".to_owned());
    let colour = match lpa.progress {
        Progress::Started => TagColour::Grey,
        Progress::Created => TagColour::Blue,
        Progress::Completed => TagColour::Green,
    };
    let rows = vec![
        SummaryListRow::new("Reference", lpa.id.a_reference()),
        SummaryListRow::new("Type", lpa.lpa_type.map_or("Not chosen yet", LpaType::name)),
        SummaryListRow::new("Status", tag_markup(lpa.progress.label(), colour)),
        SummaryListRow::new(
            "Last changed",
            lpa.updated_at.format("%-d %B %Y").to_string(),
        ),
    ];
    let card = SummaryCard {
        title: Some(title.into()),
        actions: SummaryListActions {
            items: vec![
                SummaryListAction::new(
                    lpa_paths::LPA.to(lpa.id).to_string(),
                    "Continue",
                    String::new(),
                ),
                SummaryListAction::new(
                    lpa_paths::CONFIRM_DELETE_LPA.to(lpa.id).to_string(),
                    "Delete",
                    String::new(),
                ),
            ],
            classes: String::new(),
        },
        ..Default::default()
    };
    view! { <SummaryList rows=rows card=Some(card)/> }
}

/// The list, or (no LPAs, and nothing just done to say) on to making the first.
#[component]
fn YourLpas(just_saved: bool) -> impl IntoView {
    let lpas = Resource::new_blocking(|| (), |_| your_lpas());
    view! {
        <Suspense>
            {move || Suspend::new(async move {
                match lpas.await {
                    Ok(lpas) if lpas.is_empty() && !just_saved => {
                        redirect_to(&lpa_paths::NEW_LPA.href().to_string());
                        ().into_any()
                    }
                    Ok(lpas) => view! {
                        <Button content="Make a new LPA" href=Some(lpa_paths::NEW_LPA.href().to_string())/>
                        {lpas.iter().map(card).collect_view()}
                    }
                    .into_any(),
                    Err(error) => view! { <AppErrorContent error=error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn DashboardContent() -> impl IntoView {
    let saved = move || {
        use_query_map().with(|q| match q.get("saved").as_deref() {
            Some("details") => Some("Your details have been saved"),
            Some("password") => Some("Your password has been changed"),
            Some("kept-open") => Some("Your account will stay open for another 9 months"),
            Some("email-link") => {
                Some("We’ve sent a link to your new email address. Open it to finish the change")
            }
            Some("lpa-deleted") => Some("The LPA has been deleted"),
            _ => None,
        })
    };
    view! {
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                {move || {
                    saved()
                        .map(|text| {
                            view! {
                                <NotificationBanner
                                    banner_type=NotificationBannerType::Success
                                    content=Some(text.into())
                                />
                            }
                        })
                }}
                <h1 class="govuk-heading-l">"Your LPAs"</h1>
                <YourLpas just_saved=saved().is_some()/>
            </div>
        </div>
    }
}
