//! `/upload/data/{slug}` (B.3 step 3): the dataset's versions — "Process" an uploaded one, "View
//! progress" of one processing, the "Latest", "Restore" an older one — and the form to upload a
//! CSV file. The file is posted as `multipart/form-data` to this URL and streamed by the server
//! into the object store (`server/src/http/datastore/upload.rs`), which comes back here with
//! `?error=` when the file cannot be taken.
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use serde::{Deserialize, Serialize};

use super::{with_dataset, DatasetListed};
use crate::auth::Audience;
use crate::datastore::names::DatasetSlug;
use crate::datastore::paths;
use crate::error::AppError;
use crate::error_page::ServiceProblem;
use crate::govuk::content::escape_html;
use crate::govuk::{
    Attributes, Button, ErrorSummary, ErrorSummaryItem, FileUpload, LabelOptions, Table, TableCell,
    TrustedHtml,
};
use crate::pages::gate::NameFirst;

/// The file field, as the real form names it.
pub const CSV_FILE: &str = "csv_file";

/// Why an upload was refused, as `?error=` says.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UploadRefusal {
    /// No file, or not a `.csv` one: the real service's one message.
    NotCsv,
    /// Larger than the configured limit.
    TooLarge,
}

impl UploadRefusal {
    pub fn code(self) -> &'static str {
        match self {
            UploadRefusal::NotCsv => "not-csv",
            UploadRefusal::TooLarge => "too-large",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        [UploadRefusal::NotCsv, UploadRefusal::TooLarge]
            .into_iter()
            .find(|refusal| refusal.code() == code)
    }

    pub fn message(self) -> &'static str {
        match self {
            UploadRefusal::NotCsv => "Select a CSV data file to upload",
            UploadRefusal::TooLarge => "The selected file must be smaller than 2 GB",
        }
    }
}

/// What can be done with a version, as its row's action says.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum VersionAction {
    Process,
    ViewProgress,
    Latest,
    Restore,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VersionListed {
    pub id: String,
    pub file_name: String,
    pub uploaded: String,
    pub processed: Option<String>,
    pub action: VersionAction,
}

/// The dataset's versions listed on its page: uploaded, processing or completed, newest first.
#[server(prefix = "/_fn", endpoint = "upload-versions", input = server_fn::codec::GetUrl)]
pub async fn upload_versions(slug: DatasetSlug) -> Result<Vec<VersionListed>, AppError> {
    use crate::datastore::server::datasets::Datasets;
    use crate::datastore::server::versions::Versions;
    use crate::datastore::upload::UploadState;

    crate::auth::ssr::require(Audience::DataStaff)?;
    let backends = crate::ssr::backends()?;
    let dataset = Datasets::of(&backends)
        .by_slug(&slug)
        .await
        .map_err(AppError::internal)?
        .ok_or(AppError::NotFound)?;
    let versions = Versions::of(&backends);
    let latest = versions
        .latest_completed(dataset.id)
        .await
        .map_err(AppError::internal)?
        .map(|version| version.id);
    let shown = |at: chrono::DateTime<chrono::Utc>| crate::dates::shown_time(&at.to_rfc3339());
    Ok(versions
        .of_dataset(dataset.id)
        .await
        .map_err(AppError::internal)?
        .into_iter()
        .filter(|version| version.state.is_listed())
        .map(|version| VersionListed {
            action: match version.state {
                UploadState::Uploaded => VersionAction::Process,
                UploadState::Completed if latest.as_ref() == Some(&version.id) => {
                    VersionAction::Latest
                }
                UploadState::Completed => VersionAction::Restore,
                _ => VersionAction::ViewProgress,
            },
            uploaded: shown(version.uploaded_at),
            processed: version.processed_at.map(shown),
            file_name: version.file_name,
            id: version.id,
        })
        .collect())
}

#[component]
pub fn UploadData() -> impl IntoView {
    view! {
        <NameFirst audience=Audience::DataStaff>
            {with_dataset(paths::UPLOAD_DATA, |slug| slug, |dataset| view! { <Versions dataset=dataset/> })}
        </NameFirst>
    }
}

#[component]
fn Versions(dataset: DatasetListed) -> impl IntoView {
    let refusal = use_query_map()
        .with_untracked(|query| query.get("error"))
        .and_then(|code| UploadRefusal::from_code(&code));
    let slug = dataset.slug.clone();
    let versions = Resource::new_blocking(move || slug.clone(), upload_versions);
    let heading = format!("Upload data to {}", dataset.schema);
    let title = match refusal {
        Some(_) => format!("Error: {heading}"),
        None => heading.clone(),
    };
    let slug = dataset.slug.clone();
    view! {
        <Title text=title/>
        {refusal.map(|refusal| view! {
            <ErrorSummary
                title="There is a problem"
                error_list=vec![ErrorSummaryItem::new(format!("#{CSV_FILE}"), refusal.message())]
            />
        })}
        <h1 class="govuk-heading-l">{heading}</h1>
        <Suspense>
            {move || {
                let slug = slug.clone();
                Suspend::new(async move {
                    match versions.await {
                        Ok(versions) if versions.is_empty() => ().into_any(),
                        Ok(versions) => versions_table(&slug, versions).into_any(),
                        Err(_) => view! { <ServiceProblem/> }.into_any(),
                    }
                })
            }}
        </Suspense>
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                <h2 class="govuk-heading-m">"Upload a new version"</h2>
                <form
                    method="post"
                    enctype="multipart/form-data"
                    action=paths::UPLOAD_DATA.to(dataset.slug.clone()).to_string()
                    novalidate=true
                >
                    // First, so the server reads it before the file.
                    <input type="hidden" name=crate::csrf::FIELD value=crate::csrf::current_token()/>
                    <FileUpload
                        name=CSV_FILE
                        id=Some(CSV_FILE.to_owned())
                        label=LabelOptions::from("CSV File")
                        hint=Some("The first line must hold the column headers: lower-case letters, numbers and underscores, starting with a letter.".into())
                        error_message=refusal.map(|refusal| refusal.message().into())
                        attributes=Attributes::new().with("accept", ".csv,text/csv")
                    />
                    <Button content="Upload"/>
                </form>
            </div>
        </div>
    }
}

fn versions_table(slug: &DatasetSlug, versions: Vec<VersionListed>) -> impl IntoView {
    let rows: Vec<Vec<TableCell>> = versions
        .into_iter()
        .map(|version| {
            let id = version.id.clone();
            let link = |text: &str, href: String| {
                TableCell::from(TrustedHtml::from_trusted(format!(
                    r#"<a class="govuk-link" href="{}">{text}<span class="govuk-visually-hidden"> {}</span></a>"#,
                    escape_html(&href),
                    escape_html(&version.file_name)
                )))
            };
            let action = match version.action {
                VersionAction::Process => {
                    link("Process", paths::VERIFY.to((slug.clone(), id)).to_string())
                }
                VersionAction::ViewProgress => {
                    link("View progress", paths::UPLOADED.to((slug.clone(), id)).to_string())
                }
                VersionAction::Latest => TableCell::from("Latest"),
                VersionAction::Restore => {
                    link("Restore", paths::RESTORE.to((slug.clone(), id)).to_string())
                }
            };
            vec![
                TableCell::from(version.file_name.clone()),
                TableCell::from(version.uploaded),
                TableCell::from(version.processed.unwrap_or_default()),
                action,
            ]
        })
        .collect();
    view! {
        <Table
            caption="Existing versions"
            caption_classes="govuk-table__caption--m"
            head=vec![
                TableCell::from("File"),
                TableCell::from("Date uploaded"),
                TableCell::from("Date processed"),
                TableCell::from("Action"),
            ]
            rows=rows
        />
    }
}
