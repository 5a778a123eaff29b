//! `/upload/data/{slug}/uploaded/{id}` (B.3 step 6): "Data now being processed by <pipeline>
//! pipeline", a progress bar and what is happening. With JavaScript the bar moves as the server
//! reports (asked every 2 seconds, as the real page polled `/upload/progress/{id}`); without it
//! the page reloads itself every 5 seconds until the load has ended. Once completed it says where
//! the data is; a failed load goes to its own page.
use leptos::prelude::*;
use leptos_meta::Title;
use serde::{Deserialize, Serialize};

use super::{with_dataset, with_version, DatasetListed};
use crate::auth::Audience;
use crate::datastore::names::DatasetSlug;
use crate::datastore::paths;
use crate::datastore::upload::{Progress, UploadState};
use crate::error::AppError;
use crate::pages::gate::NameFirst;

/// A version's progress, with what the page needs to say of it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct VersionProgress {
    pub progress: Progress,
    pub file_name: String,
}

/// Where version `id` of dataset `slug` is.
#[server(prefix = "/_fn", endpoint = "upload-progress", input = server_fn::codec::GetUrl)]
pub async fn upload_progress(slug: DatasetSlug, id: String) -> Result<VersionProgress, AppError> {
    let (_, _, version) = super::staff_version(&slug, &id).await?;
    Ok(VersionProgress {
        progress: Progress::of(Some(version.state), version.share_loaded()),
        file_name: version.file_name,
    })
}

#[component]
pub fn Uploaded() -> impl IntoView {
    view! {
        <NameFirst audience=Audience::DataStaff>
            {with_dataset(paths::UPLOADED, |(slug, _)| slug, |dataset| view! { <UploadedContent dataset=dataset/> })}
        </NameFirst>
    }
}

#[component]
fn UploadedContent(dataset: DatasetListed) -> impl IntoView {
    with_version(
        dataset,
        paths::UPLOADED,
        upload_progress,
        |dataset, id, now| {
            if now.progress.state == Some(UploadState::Failed) {
                crate::auth::redirect_to(&paths::FAILED.to((dataset.slug, id)).to_string());
                return ().into_any();
            }
            view! { <Processing dataset=dataset id=id first=now/> }.into_any()
        },
    )
}

#[component]
fn Processing(dataset: DatasetListed, id: String, first: VersionProgress) -> impl IntoView {
    let progress = RwSignal::new(first.progress);
    #[cfg(feature = "hydrate")]
    {
        let (slug, id) = (dataset.slug.clone(), id.clone());
        crate::websocket::run_while_shown(move || follow(slug, id, progress));
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = &id;
    let heading = format!("Data now being processed by {} pipeline", dataset.schema);
    let schema = dataset.schema.clone();
    view! {
        <Title text=heading.clone()/>
        {move || (!progress.with(Progress::is_finished)).then(|| view! {
            <noscript inner_html=r#"<meta http-equiv="refresh" content="5">"#></noscript>
        })}
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                <h1 class="govuk-heading-l">{heading}</h1>
                <p class="govuk-body">{format!("File: {}", first.file_name)}</p>
                <label class="govuk-label" for="upload-progress">"Progress"</label>
                <progress
                    id="upload-progress"
                    class="app-progress"
                    max="100"
                    value=move || progress.with(|now| now.progress.to_string())
                >
                    {move || progress.with(|now| format!("{}%", now.progress))}
                </progress>
                <p class="govuk-body" role="status" data-testid="progress-info">
                    {move || progress.with(|now| now.info.clone())}
                </p>
                {move || (progress.with(|now| now.state) == Some(UploadState::Completed)).then(|| view! {
                    <p class="govuk-body" data-testid="where-the-data-is">
                        {format!("The data will be available in Data Workspace in table \u{201c}L0\u{201d} under schema \u{201c}{schema}\u{201d}.")}
                    </p>
                })}
                <p class="govuk-body">
                    <a class="govuk-link" href=paths::UPLOAD_DATA.to(dataset.slug.clone()).to_string()>
                        {format!("Back to {}", dataset.schema)}
                    </a>
                </p>
            </div>
        </div>
    }
}

/// Asks every 2 seconds until the load has ended; a failure goes to its page.
#[cfg(feature = "hydrate")]
async fn follow(slug: DatasetSlug, id: String, progress: RwSignal<Progress>) {
    use gloo_timers::future::sleep;
    use std::time::Duration;

    while !progress.with_untracked(Progress::is_finished) {
        sleep(Duration::from_secs(2)).await;
        if let Ok(now) = upload_progress(slug.clone(), id.clone()).await {
            if now.progress.state == Some(UploadState::Failed) {
                crate::auth::redirect_to(&paths::FAILED.to((slug, id)).to_string());
                return;
            }
            progress.set(now.progress);
        }
    }
}
