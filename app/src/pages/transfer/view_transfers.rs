//! `/transfer/view-transfers` (C.2): the consignments of the person's body (every body's, for an
//! admin), newest first, ten a page (`?page=`), each with where it has got to and a link to go on.
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use serde::{Deserialize, Serialize};

use crate::auth::Audience;
use crate::error::AppError;
use crate::govuk::{Tag, TagColour};
use crate::pages::gate::NameFirst;
use crate::paging::{page_count, pager};
use crate::transfer::flow::{Progress, Step};
use crate::transfer::ids::ConsignmentId;
use crate::transfer::paths;
use crate::transfer::status::{ConsignmentStatusType, ConsignmentStatusValue};

pub const HEADING: &str = "View transfers";
pub const PER_PAGE: u32 = 10;

/// A consignment as the list shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TransferRow {
    pub id: ConsignmentId,
    pub reference: String,
    pub started: String,
    pub transferred: Option<String>,
    pub progress: Progress,
    /// Whether the viewer may download its exported bag: an admin, once it is exported.
    pub bag: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TransfersPage {
    pub rows: Vec<TransferRow>,
    pub total: u64,
}

/// Where a consignment stands, as a tag.
pub fn status_of(progress: &Progress) -> (&'static str, TagColour) {
    let export = progress.value(ConsignmentStatusType::Export);
    match progress.current_step() {
        _ if export == Some(ConsignmentStatusValue::Completed) => ("Transferred", TagColour::Green),
        _ if export == Some(ConsignmentStatusValue::Failed) => ("Contact us", TagColour::Red),
        Step::TransferComplete => ("Transferring", TagColour::Blue),
        Step::FileChecksResults => ("Failed", TagColour::Red),
        _ => ("In progress", TagColour::Yellow),
    }
}

/// Page `page` of the consignments the person may see.
#[server(prefix = "/_fn", endpoint = "transfer-list", input = server_fn::codec::GetUrl)]
pub async fn transfer_list(page: u32) -> Result<TransfersPage, AppError> {
    use crate::transfer::server::Transfers;

    let user = crate::auth::ssr::require(Audience::Transferring)?;
    let backends = crate::ssr::backends()?;
    let transfers = Transfers::of(&backends);
    let caller = crate::pages::transfer::frame::ssr::caller_of(&user);
    let admin = user.role == crate::account::server::Role::Admin;
    let offset = u64::from(page.max(1) - 1) * u64::from(PER_PAGE);
    let listed = transfers
        .consignments(&caller, offset, u64::from(PER_PAGE))
        .await?;
    let ids: Vec<_> = listed
        .consignments
        .iter()
        .map(|consignment| consignment.id.clone())
        .collect();
    let mut progress_of = transfers.progress_of_each(&ids).await?;
    let mut rows = Vec::with_capacity(listed.consignments.len());
    for consignment in listed.consignments {
        let progress = progress_of
            .remove(consignment.id.as_str())
            .unwrap_or_default();
        rows.push(TransferRow {
            bag: admin
                && progress.value(ConsignmentStatusType::Export)
                    == Some(ConsignmentStatusValue::Completed),
            progress,
            id: consignment.id,
            reference: consignment.reference.to_string(),
            started: crate::dates::long_date(consignment.created_at.date_naive()),
            transferred: consignment
                .transfer_initiated_at
                .map(|at| crate::dates::long_date(at.date_naive())),
        });
    }
    Ok(TransfersPage {
        rows,
        total: listed.total,
    })
}

#[component]
pub fn ViewTransfers() -> impl IntoView {
    view! {
        <NameFirst audience=Audience::Transferring>
            <ViewTransfersContent/>
        </NameFirst>
    }
}

#[component]
fn ViewTransfersContent() -> impl IntoView {
    let page = Memo::new(move |_| {
        use_query_map()
            .with(|query| query.get("page"))
            .and_then(|page| page.parse::<u32>().ok())
            .filter(|page| *page >= 1)
            .unwrap_or(1)
    });
    let listed = Resource::new_blocking(move || page.get(), transfer_list);
    view! {
        <Title text=HEADING/>
        <h1 class="govuk-heading-l">{HEADING}</h1>
        <p class="govuk-body">"View the history of all the consignments you have uploaded. You can also resume incomplete transfers."</p>
        <Suspense>
            {move || Suspend::new(async move {
                match listed.await {
                    Ok(listed) if listed.rows.is_empty() => view! {
                        <p class="govuk-body">"You have not started any transfers."</p>
                    }.into_any(),
                    Ok(listed) => {
                        let pages = page_count(listed.total, PER_PAGE);
                        view! {
                            <table class="govuk-table">
                                <caption class="govuk-table__caption govuk-visually-hidden">"Your transfers"</caption>
                                <thead class="govuk-table__head">
                                    <tr class="govuk-table__row">
                                        <th scope="col" class="govuk-table__header">"Reference"</th>
                                        <th scope="col" class="govuk-table__header">"Date started"</th>
                                        <th scope="col" class="govuk-table__header">"Date transferred"</th>
                                        <th scope="col" class="govuk-table__header">"Status"</th>
                                        <th scope="col" class="govuk-table__header">"Actions"</th>
                                    </tr>
                                </thead>
                                <tbody class="govuk-table__body">
                                    {listed.rows.into_iter().map(row).collect_view()}
                                </tbody>
                            </table>
                            {pager(page.get_untracked(), pages, |number| {
                                paths::VIEW_TRANSFERS.href().query("page", &number.to_string()).to_string()
                            })}
                        }.into_any()
                    }
                    Err(error) => view! { <crate::error_page::AppErrorContent error=error/> }.into_any(),
                }
            })}
        </Suspense>
        <a class="govuk-button govuk-button--secondary" href=paths::HOMEPAGE.href().to_string()>"Back to homepage"</a>
    }
}

fn row(transfer: TransferRow) -> impl IntoView {
    let (status, colour) = status_of(&transfer.progress);
    let step = transfer.progress.current_step();
    let action = match step {
        Step::TransferComplete => None,
        Step::FileChecksResults => Some("View errors"),
        _ => Some("Resume transfer"),
    };
    let href = step.href(&transfer.id).to_string();
    let reference = transfer.reference.clone();
    let bag = transfer.bag.then(|| {
        let (bag, checksum) = (
            paths::EXPORT.to(transfer.id.clone()).to_string(),
            paths::EXPORT_CHECKSUM.to(transfer.id.clone()).to_string(),
        );
        let reference = transfer.reference.clone();
        view! {
            <a class="govuk-link" href=bag download>
                "Download records"<span class="govuk-visually-hidden">{format!(" {reference}")}</span>
            </a>
            " ("
            <a class="govuk-link" href=checksum download>
                "checksum"<span class="govuk-visually-hidden">{format!(" of {reference}")}</span>
            </a>
            ")"
        }
    });
    view! {
        <tr class="govuk-table__row">
            <th scope="row" class="govuk-table__header">{transfer.reference}</th>
            <td class="govuk-table__cell">{transfer.started}</td>
            <td class="govuk-table__cell">{transfer.transferred.unwrap_or_else(|| "N/A".to_owned())}</td>
            <td class="govuk-table__cell"><Tag content=status colour=colour/></td>
            <td class="govuk-table__cell">
                {action.map(|action| view! {
                    <a class="govuk-link" href=href>
                        {action}<span class="govuk-visually-hidden">{format!(" {reference}")}</span>
                    </a>
                })}
                {bag}
            </td>
        </tr>
    }
}
