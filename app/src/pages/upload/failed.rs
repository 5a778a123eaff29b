//! `/upload/data/{slug}/uploaded/{id}/failed` (B.3 step 6): a file that could not be processed,
//! why (the file's own fault, in the real service's words, or the service's), and "Try again".
use leptos::prelude::*;
use leptos_meta::Title;

use super::{with_dataset, with_version, DatasetListed};
use crate::auth::Audience;
use crate::datastore::names::DatasetSlug;
use crate::datastore::paths;
use crate::error::AppError;
use crate::pages::gate::NameFirst;

/// A failed version's file name and why it failed; not found unless it failed.
#[server(prefix = "/_fn", endpoint = "upload-failure", input = server_fn::codec::GetUrl)]
pub async fn upload_failure(slug: DatasetSlug, id: String) -> Result<(String, String), AppError> {
    use crate::datastore::upload::{Progress, UploadState};

    let (_, _, version) = super::staff_version(&slug, &id).await?;
    if version.state != UploadState::Failed {
        return Err(AppError::NotFound);
    }
    let why = version
        .error_message
        .unwrap_or_else(|| Progress::of(Some(UploadState::Failed), 0.0).info);
    Ok((version.file_name, why))
}

#[component]
pub fn UploadFailed() -> impl IntoView {
    view! {
        <NameFirst audience=Audience::DataStaff>
            {with_dataset(paths::FAILED, |(slug, _)| slug, |dataset| view! { <FailedContent dataset=dataset/> })}
        </NameFirst>
    }
}

#[component]
fn FailedContent(dataset: DatasetListed) -> impl IntoView {
    with_version(
        dataset,
        paths::FAILED,
        upload_failure,
        |dataset, _, (file_name, why)| {
            view! {
                <Title text="The data could not be processed"/>
                <div class="govuk-grid-row">
                    <div class="govuk-grid-column-two-thirds">
                        <h1 class="govuk-heading-l">"The data could not be processed"</h1>
                        <p class="govuk-body">{format!("{file_name} could not be processed.")}</p>
                        <div class="govuk-inset-text" data-testid="csv-problem">{why}</div>
                        <a class="govuk-button" data-module="govuk-button" role="button" draggable="false"
                            href=paths::UPLOAD_DATA.to(dataset.slug).to_string()>
                            "Try again"
                        </a>
                    </div>
                </div>
            }
        },
    )
}
