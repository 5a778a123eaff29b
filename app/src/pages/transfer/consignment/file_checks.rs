//! `/transfer/consignment/{id}/file-checks` (C.5): "Checking your records" — the three checks'
//! progress. With JavaScript the counts move as the server announces each finding, over the
//! consignment's websocket (`paths::CHECK_EVENTS`; asking every 2 seconds if no socket opens);
//! without it the page reloads itself every 5 seconds until the checks are over. Then "Continue"
//! leads to the results.
use leptos::prelude::*;
use leptos_meta::Title;

use crate::error::AppError;
use crate::govuk::{NotificationBanner, NotificationBannerType};
use crate::pages::transfer::frame::{ConsignmentFrame, ConsignmentSummary, WithReference};
use crate::transfer::flow::Step;
use crate::transfer::ids::ConsignmentId;
use crate::transfer::paths;
use crate::transfer::status::Check;
pub use crate::transfer::status::ChecksState;

pub const HEADING: &str = "Checking your records";

/// The checks' progress (TDR's `file-check-progress`).
#[server(prefix = "/_fn", endpoint = "transfer-check-progress", input = server_fn::codec::GetUrl)]
pub async fn transfer_check_progress(id: ConsignmentId) -> Result<ChecksState, AppError> {
    use crate::transfer::server::Transfers;

    let user = crate::auth::ssr::require(crate::auth::Audience::Transferring)?;
    let backends = crate::ssr::backends()?;
    let transfers = Transfers::of(&backends);
    transfers
        .consignment(&crate::pages::transfer::frame::ssr::caller_of(&user), &id)
        .await?;
    Ok(transfers.checks_state(&id).await?)
}

#[component]
pub fn FileChecks() -> impl IntoView {
    view! {
        <ConsignmentFrame step=Step::FileChecks render=|summary| view! { <FileChecksContent summary=summary/> }/>
    }
}

#[component]
fn FileChecksContent(summary: ConsignmentSummary) -> impl IntoView {
    let id = summary.id.clone();
    let first = Resource::new_blocking(move || id.clone(), transfer_check_progress);
    view! {
        <Title text=HEADING/>
        <WithReference reference=summary.reference.clone()>
            <h1 class="govuk-heading-l">{HEADING}</h1>
            <Suspense>
                {move || {
                    let id = summary.id.clone();
                    Suspend::new(async move {
                        match first.await {
                            Ok(first) => view! { <Checks id=id first=first/> }.into_any(),
                            Err(error) => view! { <crate::error_page::AppErrorContent error=error/> }.into_any(),
                        }
                    })
                }}
            </Suspense>
        </WithReference>
    }
}

#[component]
fn Checks(id: ConsignmentId, first: ChecksState) -> impl IntoView {
    let state = RwSignal::new(first);
    #[cfg(feature = "hydrate")]
    {
        let id = id.clone();
        crate::websocket::run_while_shown(move || follow(id, state));
    }
    let results = paths::FILE_CHECKS_RESULTS.to(id).to_string();
    view! {
        {move || (!state.with(|now| now.over)).then(|| view! {
            <noscript inner_html=r#"<meta http-equiv="refresh" content="5">"#></noscript>
        })}
        {move || if state.with(|now| now.over) {
            view! {
                <NotificationBanner banner_type=NotificationBannerType::Success>
                    <h3 class="govuk-notification-banner__heading">"Your records have been checked"</h3>
                    <p class="govuk-body">"Please click \u{2018}Continue\u{2019} to see your results."</p>
                </NotificationBanner>
            }.into_any()
        } else {
            view! {
                <p class="govuk-body">"Please wait while your records are being checked. This may take a few minutes."</p>
                <p class="govuk-body">"The following checks are now being performed:"</p>
            }.into_any()
        }}
        <div role="status">
        <ul class="govuk-list" data-testid="check-progress">
            {Check::ALL.into_iter().map(|check| view! {
                <li>
                    <span class="govuk-body govuk-!-font-weight-bold">{check.label()}</span>
                    " "
                    <span data-testid=format!("check-{}", check.as_str())>
                        {move || state.with(|now| format!(
                            "{} of {} files",
                            now.progress.processed(check).min(now.total_files),
                            now.total_files
                        ))}
                    </span>
                </li>
            }).collect_view()}
        </ul>
        </div>
        {move || if state.with(|now| now.over) {
            view! { <crate::govuk::Button content="Continue" href=Some(results.clone())/> }.into_any()
        } else {
            view! {
                <p class="govuk-hint">"This button will be enabled when we have finished checking your files."</p>
                <crate::govuk::Button content="Continue" disabled=true/>
            }.into_any()
        }}
    }
}

/// Follows the checks' websocket, which sends the state at once and after each finding and
/// closes when the checks are over; connects again (after 1 s, doubling to 30 s) if it closes
/// before that. A socket that cannot be opened at all three times running (a proxy that takes
/// no websockets) gives way to asking every 2 seconds.
#[cfg(feature = "hydrate")]
async fn follow(id: ConsignmentId, state: RwSignal<ChecksState>) {
    use crate::websocket::{self, Event, Socket};
    use futures::StreamExt;
    use gloo_timers::future::sleep;
    use std::time::Duration;

    const MAX_RETRY_SECONDS: u64 = 30;
    let url = websocket::url(&paths::CHECK_EVENTS.to(id.clone()).to_string());
    let mut retry_in = 1;
    let mut unopened = 0;
    while !state.with_untracked(|now| now.over) {
        let mut opened = false;
        if let Some(mut socket) = url.as_deref().and_then(Socket::open) {
            while let Some(event) = socket.events.next().await {
                match event {
                    Event::Open => {
                        opened = true;
                        unopened = 0;
                        retry_in = 1;
                    }
                    Event::Text(text) => {
                        if let Ok(now) = serde_json::from_str::<ChecksState>(&text) {
                            state.set(now);
                            if now.over {
                                return;
                            }
                        }
                    }
                    Event::Closed => break,
                }
            }
        }
        if !opened {
            unopened += 1;
            if unopened >= 3 {
                return poll(id, state).await;
            }
        }
        sleep(Duration::from_secs(retry_in)).await;
        retry_in = (retry_in * 2).min(MAX_RETRY_SECONDS);
    }
}

/// Asks every 2 seconds until the checks are over.
#[cfg(feature = "hydrate")]
async fn poll(id: ConsignmentId, state: RwSignal<ChecksState>) {
    use gloo_timers::future::sleep;
    use std::time::Duration;

    while !state.with_untracked(|now| now.over) {
        sleep(Duration::from_secs(2)).await;
        if let Ok(now) = transfer_check_progress(id.clone()).await {
            state.set(now);
        }
    }
}
