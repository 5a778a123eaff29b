//! `/transfer/consignment/{id}/upload` (C.2 step 4, C.3): "Upload your records". The folder is
//! posted to the same URL as `multipart/form-data` and streamed to the object store by the server
//! (`server/src/http/transfer/upload.rs`), which computes each file's checksum as the browser
//! would have; the page shows `?error=` when the folder cannot be taken.
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::govuk::{Attributes, Button, ErrorSummary, ErrorSummaryItem, FileUpload, LabelOptions};
use crate::pages::transfer::frame::{ConsignmentFrame, ConsignmentSummary, WithReference};
use crate::transfer::flow::Step;
use crate::transfer::paths;
use crate::transfer::upload::{MAX_FILES, MAX_FILE_BYTES};

/// The multipart field of the files.
pub const FILES: &str = "files";
/// The checkbox keeping the top folder's name in the catalogue.
pub const INCLUDE_TOP_LEVEL_FOLDER: &str = "includeTopLevelFolder";
pub const HEADING: &str = "Upload your records";

/// Why an upload was refused, as `?error=` says.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UploadRefusal {
    NoFiles,
    SeveralFolders,
    TooMany,
    TooLarge,
    BadName,
}

impl UploadRefusal {
    const ALL: [UploadRefusal; 5] = [
        UploadRefusal::NoFiles,
        UploadRefusal::SeveralFolders,
        UploadRefusal::TooMany,
        UploadRefusal::TooLarge,
        UploadRefusal::BadName,
    ];

    pub fn code(self) -> &'static str {
        match self {
            UploadRefusal::NoFiles => "no-files",
            UploadRefusal::SeveralFolders => "several-folders",
            UploadRefusal::TooMany => "too-many",
            UploadRefusal::TooLarge => "too-large",
            UploadRefusal::BadName => "bad-name",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|refusal| refusal.code() == code)
    }

    pub fn message(self) -> String {
        match self {
            UploadRefusal::NoFiles => "Select a folder to upload".to_owned(),
            UploadRefusal::SeveralFolders => {
                "You can only upload one top-level folder per consignment".to_owned()
            }
            UploadRefusal::TooMany => format!("You can upload up to {MAX_FILES} files at a time"),
            UploadRefusal::TooLarge => format!(
                "Each file must be smaller than {} GB",
                MAX_FILE_BYTES / (1024 * 1024 * 1024)
            ),
            UploadRefusal::BadName => {
                "A file or folder name in the selected folder cannot be used: rename it and try again"
                    .to_owned()
            }
        }
    }
}

#[component]
pub fn Upload() -> impl IntoView {
    view! {
        <ConsignmentFrame step=Step::Upload render=|summary| view! { <UploadContent summary=summary/> }/>
    }
}

#[component]
fn UploadContent(summary: ConsignmentSummary) -> impl IntoView {
    let refusal = use_query_map()
        .with_untracked(|query| query.get("error"))
        .and_then(|code| UploadRefusal::from_code(&code));
    let title = match refusal {
        Some(_) => format!("Error: {HEADING}"),
        None => HEADING.to_owned(),
    };
    view! {
        <Title text=title/>
        <WithReference reference=summary.reference.clone()>
            {refusal.map(|refusal| view! {
                <ErrorSummary
                    title="There is a problem"
                    error_list=vec![ErrorSummaryItem::new(format!("#{FILES}"), refusal.message())]
                />
            })}
            <h1 class="govuk-heading-l">{HEADING}</h1>
            <p class="govuk-body">
                "Before uploading, all files and folders you wish to transfer must be put into a single, top-level folder."
            </p>
            <details class="govuk-details">
                <summary class="govuk-details__summary">
                    <span class="govuk-details__summary-text">"Check limitations on transfer size"</span>
                </summary>
                <div class="govuk-details__text">
                    <ul class="govuk-list govuk-list--bullet">
                        <li>{format!("Individual files must be no bigger than {} GB", MAX_FILE_BYTES / (1024 * 1024 * 1024))}</li>
                        <li>{format!("No more than {MAX_FILES} files per transfer")}</li>
                    </ul>
                </div>
            </details>
            <p class="govuk-body">
                "If your folder contains file formats that we cannot accept, you may have to start again."
            </p>
            <form
                method="post"
                enctype="multipart/form-data"
                action=paths::UPLOAD.to(summary.id.clone()).to_string()
                novalidate=true
            >
                // First, so the server reads it before the files.
                <input type="hidden" name=crate::csrf::FIELD value=crate::csrf::current_token()/>
                <FileUpload
                    name=FILES
                    id=Some(FILES.to_owned())
                    label=LabelOptions {
                        content: "Select a folder to upload".into(),
                        classes: "govuk-label--m".into(),
                        ..Default::default()
                    }
                    hint=Some("Select the folder, or every file in it. Its name is kept as the consignment\u{2019}s folder.".into())
                    error_message=refusal.map(|refusal| refusal.message().into())
                    attributes=Attributes::new().with("multiple", "").with("webkitdirectory", "")
                />
                <div class="govuk-form-group">
                    <div class="govuk-checkboxes govuk-checkboxes--small" data-module="govuk-checkboxes">
                        <div class="govuk-checkboxes__item">
                            <input class="govuk-checkboxes__input" id=INCLUDE_TOP_LEVEL_FOLDER name=INCLUDE_TOP_LEVEL_FOLDER type="checkbox" value="true"/>
                            <label class="govuk-label govuk-checkboxes__label" for=INCLUDE_TOP_LEVEL_FOLDER>
                                "If you want the folder name to be displayed on Discovery/the public catalogue, select this checkbox."
                            </label>
                        </div>
                    </div>
                </div>
                <div class="govuk-button-group">
                    <Button content="Start upload" prevent_double_click=Some(true)/>
                    <a class="govuk-button govuk-button--secondary" href=paths::HOMEPAGE.href().to_string()>"Cancel transfer"</a>
                </div>
            </form>
        </WithReference>
    }
}
