//! `/transfer/consignment/{id}/file-checks-results` (C.5): "Results of your checks", in TDR's
//! three variants: every check passed (go on to confirm the transfer); some files failed, with
//! each file's reasons and the error report to download (start a new transfer without them); or
//! the checks could not run (contact the transfer advisor).
use leptos::prelude::*;
use leptos_meta::Title;
use serde::{Deserialize, Serialize};

use crate::error::AppError;
use crate::govuk::{NotificationBanner, NotificationBannerType};
use crate::pages::transfer::frame::{ConsignmentFrame, ConsignmentSummary, WithReference};
use crate::transfer::flow::Step;
use crate::transfer::ids::ConsignmentId;
use crate::transfer::paths;

pub const TITLE: &str = "Results of your checks";

/// A file that failed, and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FailedFile {
    pub path: String,
    pub reasons: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum CheckResults {
    Succeeded {
        files: u64,
    },
    Failed {
        failures: Vec<FailedFile>,
    },
    /// The checks could not run.
    BackendFailure,
}

/// What the checks found for consignment `id`.
#[server(prefix = "/_fn", endpoint = "transfer-results", input = server_fn::codec::GetUrl)]
pub async fn transfer_results(id: ConsignmentId) -> Result<CheckResults, AppError> {
    use crate::transfer::server::{FileEntry, Transfers};
    use crate::transfer::status::failure_of;

    let user = crate::auth::ssr::require(crate::auth::Audience::Transferring)?;
    let backends = crate::ssr::backends()?;
    let (_, progress) =
        crate::pages::transfer::frame::ssr::consignment_of(&backends, &user, &id).await?;
    if progress.backend_checks_failed() {
        return Ok(CheckResults::BackendFailure);
    }
    let files = Transfers::of(&backends).files(&id).await?;
    let files: Vec<_> = files
        .into_iter()
        .filter(|file| file.entry == FileEntry::File)
        .collect();
    if progress.all_checks_succeeded {
        return Ok(CheckResults::Succeeded {
            files: files.len() as u64,
        });
    }
    let failures = files
        .into_iter()
        .filter_map(|file| {
            let reasons: Vec<String> = file
                .statuses
                .iter()
                .filter_map(|status| failure_of(*status))
                .map(|failure| failure.message.to_owned())
                .collect();
            (!reasons.is_empty()).then(|| FailedFile {
                path: file.original_path.to_string(),
                reasons,
            })
        })
        .collect();
    Ok(CheckResults::Failed { failures })
}

#[component]
pub fn FileChecksResults() -> impl IntoView {
    view! {
        <ConsignmentFrame
            step=Step::FileChecksResults
            render=|summary| view! { <ResultsContent summary=summary/> }
        />
    }
}

#[component]
fn ResultsContent(summary: ConsignmentSummary) -> impl IntoView {
    let id = summary.id.clone();
    let results = Resource::new_blocking(move || id.clone(), transfer_results);
    let folder = summary.parent_folder.clone().unwrap_or_default();
    view! {
        <Title text=TITLE/>
        <WithReference reference=summary.reference.clone()>
            <Suspense>
                {move || {
                    let (summary, folder) = (summary.clone(), folder.clone());
                    Suspend::new(async move {
                        match results.await {
                            Ok(CheckResults::Succeeded { files }) => succeeded(&summary, &folder, files).into_any(),
                            Ok(CheckResults::Failed { failures }) => failed(&summary, &folder, failures).into_any(),
                            Ok(CheckResults::BackendFailure) => backend_failure(&summary).into_any(),
                            Err(error) => view! { <crate::error_page::AppErrorContent error=error/> }.into_any(),
                        }
                    })
                }}
            </Suspense>
        </WithReference>
    }
}

fn succeeded(summary: &ConsignmentSummary, folder: &str, files: u64) -> impl IntoView {
    let folder = folder.to_owned();
    let records = if files == 1 { "record" } else { "records" };
    view! {
        <NotificationBanner banner_type=NotificationBannerType::Success title=Some("Files uploaded".into())>
            <h3 class="govuk-notification-banner__heading">
                {format!("Your folder \u{2018}{folder}\u{2019} containing {files} {records} has been uploaded")}
            </h3>
        </NotificationBanner>
        <h1 class="govuk-heading-l">"What happens next"</h1>
        <p class="govuk-body">"In the next step you will confirm the transfer of your records to The National Archives."</p>
        <crate::govuk::Button
            content="Continue"
            href=Some(paths::CONFIRM_TRANSFER.to(summary.id.clone()).to_string())
        />
    }
}

fn failed(summary: &ConsignmentSummary, folder: &str, failures: Vec<FailedFile>) -> impl IntoView {
    let folder = folder.to_owned();
    let report = paths::DOWNLOAD_FAILURES.to(summary.id.clone());
    view! {
        <NotificationBanner title=Some("There is a problem with your files".into())>
            <h3 class="govuk-notification-banner__heading">
                {format!("Your folder \u{2018}{folder}\u{2019} has records that could not be uploaded")}
            </h3>
        </NotificationBanner>
        <h1 class="govuk-heading-l">"What to do next"</h1>
        <p class="govuk-body">"You should be able to fix all the issues by following these instructions:"</p>
        <ol class="govuk-list govuk-list--number">
            <li>
                "Download the error report to identify the problem files: "
                <a class="govuk-link" href=report.clone().query("format", "xlsx").to_string() download="">"Download error report (Excel)"</a>
                " or "
                <a class="govuk-link" href=report.query("format", "csv").to_string() download="">"CSV"</a>
            </li>
            <li>"Open the error report and follow the instructions in the \u{2018}Action required\u{2019} and \u{2018}Error details\u{2019} columns for each file."</li>
            <li>"Return to this service when your files are ready to upload again."</li>
        </ol>
        <table class="govuk-table" data-testid="failed-files">
            <caption class="govuk-table__caption govuk-table__caption--m">"Files that could not be uploaded"</caption>
            <thead class="govuk-table__head">
                <tr class="govuk-table__row">
                    <th scope="col" class="govuk-table__header">"File"</th>
                    <th scope="col" class="govuk-table__header">"Problem"</th>
                </tr>
            </thead>
            <tbody class="govuk-table__body">
                {failures.into_iter().map(|failure| view! {
                    <tr class="govuk-table__row">
                        <td class="govuk-table__cell">{failure.path}</td>
                        <td class="govuk-table__cell">{failure.reasons.join(" ")}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
        <p class="govuk-body">
            "If you need help resolving these issues, contact your transfer advisor with your consignment reference "
            <strong>{summary.reference.clone()}</strong>"."
        </p>
        <hr class="govuk-section-break govuk-section-break--m"/>
        <h2 class="govuk-heading-m">"Resuming your upload"</h2>
        <p class="govuk-body">
            "When your files are ready, start a new transfer to upload them. You will not be able to continue with this one."
        </p>
        <crate::govuk::Button content="Start a new transfer" href=Some(paths::HOMEPAGE.href().to_string())/>
    }
}

fn backend_failure(summary: &ConsignmentSummary) -> impl IntoView {
    view! {
        <NotificationBanner title=Some("File check error".into())>
            <h3 class="govuk-notification-banner__heading">"We have a problem checking your records"</h3>
            <p class="govuk-body">"There may be a technical issue with this service."</p>
        </NotificationBanner>
        <h1 class="govuk-heading-l">"What to do next"</h1>
        <p class="govuk-body">
            "Contact your transfer advisor with your consignment reference "
            <strong>{summary.reference.clone()}</strong>
            " and they will help you resolve the issue."
        </p>
        <hr class="govuk-section-break govuk-section-break--m"/>
        <h2 class="govuk-heading-m">"Resuming your upload"</h2>
        <p class="govuk-body">
            "Once your transfer advisor confirms that the issues are resolved, you will need to start a new transfer."
        </p>
    }
}
