//! `/transfer/consignment/{id}/upload` (C.2 step 4, C.3): "Upload your records".
//!
//! Without JavaScript the folder is posted to the same URL as `multipart/form-data` and streamed
//! to the object store by the server (`server/src/http/transfer/upload.rs`), which computes each
//! file's checksum as the browser would have; the page shows `?error=` when the folder cannot be
//! taken.
//!
//! With JavaScript the page does what TDR's does (`sending`): it checks the folder with the
//! server's rules (`transfer::upload::check_folder`), computes each file's SHA-256 as it reads it
//! in chunks (the progress bars' first half), starts the upload and sends every file's metadata,
//! then each file's bytes in chunks of `CHUNK_BYTES` from where the server says it has got to
//! (the second half), completes the upload and goes to the checking page. A problem is shown in
//! the error summary; selecting the folder again resumes an upload that stopped. A folder may also
//! be dropped on the form (`dropping`), then uploaded with "Start upload" as a chosen one is.
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

/// The ids and test ids the page's script draws with (for the browser tests).
pub mod ids {
    /// The progress panel, shown while the upload runs; its `data-stage` is the [`super::Stage`].
    pub const PANEL: &str = "upload-progress-panel";
    /// What is happening now (`role="status"`).
    pub const STAGE: &str = "upload-stage";
    /// The whole upload's `<progress>`, 0 to 100: checksums to 50, the bytes sent to 100.
    pub const OVERALL: &str = "upload-progress";
    /// The whole upload's percentage, as text.
    pub const OVERALL_PERCENT: &str = "upload-progress-percent";
    /// The table of files; each row `upload-file` with `data-path`, its `<progress>`
    /// `upload-file-progress` (0 to 100, as the whole's).
    pub const FILES: &str = "upload-files";
    pub const FILE_ROW: &str = "upload-file";
    pub const FILE_PROGRESS: &str = "upload-file-progress";
    /// The error summary (the script's messages, or the server's `?error=`).
    pub const ERRORS: &str = "upload-errors";
    /// The form's button.
    pub const START: &str = "start-upload";
    /// Where a folder may be dropped (round the picker), and what says which was dropped.
    pub const DROP_ZONE: &str = "drop-zone";
    pub const DROPPED: &str = "dropped-folder";
}

/// Said when a dropped folder cannot be read (the browser refused to list it).
#[cfg(feature = "hydrate")]
const UNREADABLE_DROP: &str =
    "The folder you dropped could not be read: select it with \u{2018}Choose files\u{2019} instead";

/// A folder dropped on the form, as the page says it: its name (none for files dropped alone)
/// and how many files it holds.
#[derive(Clone, Debug, PartialEq, Eq)]
struct DroppedFolder {
    folder: Option<String>,
    files: usize,
}

impl DroppedFolder {
    #[cfg(feature = "hydrate")]
    fn of(files: &[(web_sys::File, String)]) -> Self {
        DroppedFolder {
            folder: files
                .first()
                .and_then(|(_, path)| path.split_once('/'))
                .map(|(folder, _)| folder.to_owned()),
            files: files.len(),
        }
    }

    fn says(&self) -> String {
        let files = if self.files == 1 {
            "1 file".to_owned()
        } else {
            format!("{} files", self.files)
        };
        match &self.folder {
            Some(folder) => format!("The folder \u{2018}{folder}\u{2019} is selected ({files})"),
            None => format!("{files} selected"),
        }
    }
}

/// Where an upload with JavaScript has got to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stage {
    Checksums,
    Uploading,
    Completing,
}

impl Stage {
    pub fn code(self) -> &'static str {
        match self {
            Stage::Checksums => "checksums",
            Stage::Uploading => "uploading",
            Stage::Completing => "completing",
        }
    }

    fn says(self) -> &'static str {
        match self {
            Stage::Checksums => "Working out your records\u{2019} checksums\u{2026}",
            Stage::Uploading => "Uploading your records\u{2026}",
            Stage::Completing => "Finishing your upload\u{2026}",
        }
    }
}

/// One file's row of the progress table.
#[derive(Clone, Debug)]
pub struct FileRow {
    pub path: String,
    pub percent: RwSignal<u8>,
}

/// What the progress panel shows while an upload runs.
#[derive(Clone, Debug)]
pub struct Uploading {
    pub stage: RwSignal<Stage>,
    pub overall: RwSignal<u8>,
    pub files: Vec<FileRow>,
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
    // What the script found wrong; the server's `?error=` until then.
    let problems: RwSignal<Vec<String>> = RwSignal::new(Vec::new());
    let uploading: RwSignal<Option<Uploading>> = RwSignal::new(None);
    // With JavaScript a folder may be dropped on the form instead of chosen: what was dropped, and
    // whether something is being dragged over it now.
    let scripted = RwSignal::new(false);
    Effect::new(move || scripted.set(true));
    let dropped: RwSignal<Option<DroppedFolder>> = RwSignal::new(None);
    let dragging = RwSignal::new(false);
    #[cfg(feature = "hydrate")]
    let (on_submit, on_drop) = {
        let dropped_files = StoredValue::new_local(None::<Vec<(web_sys::File, String)>>);
        let navigate = leptos_router::hooks::use_navigate();
        let id = summary.id.clone();
        let reference = summary.reference.clone();
        let shown = StoredValue::new(());
        let on_submit = move |event: leptos::ev::SubmitEvent| {
            event.prevent_default();
            if uploading.with_untracked(Option::is_some) {
                return;
            }
            let navigate = navigate.clone();
            let files = if dropped.with_untracked(Option::is_some) {
                dropped_files.get_value()
            } else {
                None
            };
            sending::start(
                sending::Upload {
                    consignment: id.clone(),
                    reference: reference.clone(),
                    problems,
                    uploading,
                    shown,
                },
                files,
                move |to: String| navigate(&to, Default::default()),
            );
        };
        let on_drop = move |event: leptos::ev::DragEvent| {
            event.prevent_default();
            dragging.set(false);
            let Some(data) = event.data_transfer() else {
                return;
            };
            if uploading.with_untracked(Option::is_some) {
                return;
            }
            let dropped_now = dropping::dropped(&data);
            leptos::task::spawn_local(async move {
                match dropping::files_in(dropped_now).await {
                    Ok(files) if !files.is_empty() => {
                        dropped.set(Some(DroppedFolder::of(&files)));
                        dropped_files.set_value(Some(files));
                        problems.set(Vec::new());
                    }
                    Ok(_) => problems.set(vec![UploadRefusal::NoFiles.message()]),
                    Err(_) => problems.set(vec![UNREADABLE_DROP.to_owned()]),
                }
            });
        };
        (on_submit, on_drop)
    };
    #[cfg(not(feature = "hydrate"))]
    let (on_submit, on_drop) = (
        move |_: leptos::ev::SubmitEvent| {},
        move |_: leptos::ev::DragEvent| {},
    );
    let on_drag_over = move |event: leptos::ev::DragEvent| {
        // Without this the browser opens what is dropped instead of giving it to the page.
        event.prevent_default();
        if !dragging.get_untracked() {
            dragging.set(true);
        }
    };
    let messages = move || {
        let messages = problems.get();
        if messages.is_empty() {
            refusal.map(UploadRefusal::message).into_iter().collect()
        } else {
            messages
        }
    };
    view! {
        <Title text=title/>
        <WithReference reference=summary.reference.clone()>
            {move || {
                let items: Vec<ErrorSummaryItem> = messages()
                    .into_iter()
                    .map(|message| ErrorSummaryItem::new(format!("#{FILES}"), message))
                    .collect();
                (!items.is_empty()).then(|| view! {
                    <ErrorSummary
                        title="There is a problem"
                        error_list=items
                        attributes=Attributes::new().with("data-testid", ids::ERRORS)
                    />
                })
            }}
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
                hidden=move || uploading.with(Option::is_some)
                on:submit=on_submit
            >
                // First, so the server reads it before the files.
                <input type="hidden" name=crate::csrf::FIELD value=crate::csrf::current_token()/>
                <div
                    class="app-drop-zone"
                    class:app-drop-zone--dragging=move || dragging.get()
                    data-testid=ids::DROP_ZONE
                    on:dragover=on_drag_over
                    on:dragleave=move |_| dragging.set(false)
                    on:drop=on_drop
                    // A folder chosen after one was dropped is the one uploaded.
                    on:change=move |_| dropped.set(None)
                >
                    // Drawn again with the script's first message (the folder is then chosen again).
                    {move || view! {
                        <FileUpload
                            name=FILES
                            id=Some(FILES.to_owned())
                            label=LabelOptions {
                                content: "Select a folder to upload".into(),
                                classes: "govuk-label--m".into(),
                                ..Default::default()
                            }
                            hint=Some("Select the folder, or every file in it. Its name is kept as the consignment\u{2019}s folder.".into())
                            error_message=messages().into_iter().next().map(Into::into)
                            attributes=Attributes::new().with("multiple", "").with("webkitdirectory", "")
                        />
                    }}
                    {move || scripted.get().then(|| view! {
                        <p class="govuk-body govuk-!-margin-bottom-0">"Or drag and drop the folder here."</p>
                    })}
                    {move || dropped.get().map(|folder| view! {
                        <p class="govuk-body govuk-!-font-weight-bold govuk-!-margin-top-2 govuk-!-margin-bottom-0" role="status" data-testid=ids::DROPPED>
                            {folder.says()}
                        </p>
                    })}
                </div>
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
                    <Button content="Start upload" prevent_double_click=Some(true) id=Some(ids::START.to_owned())/>
                    <a class="govuk-button govuk-button--secondary" href=paths::HOMEPAGE.href().to_string()>"Cancel transfer"</a>
                </div>
            </form>
            {move || uploading.get().map(|now| view! { <Progress now=now/> })}
        </WithReference>
    }
}

/// The upload's progress: what is happening, the whole upload's bar, and each file's.
#[component]
fn Progress(now: Uploading) -> impl IntoView {
    let Uploading {
        stage,
        overall,
        files,
    } = now;
    let count = files.len();
    view! {
        <div id=ids::PANEL data-testid=ids::PANEL data-stage=move || stage.get().code()>
            <h2 class="govuk-heading-m">"Uploading your records"</h2>
            <p class="govuk-body" role="status" id=ids::STAGE data-testid=ids::STAGE>
                {move || stage.get().says()}
            </p>
            <label class="govuk-label govuk-!-font-weight-bold" for=ids::OVERALL>"Upload progress"</label>
            <progress
                id=ids::OVERALL
                data-testid=ids::OVERALL
                class="app-progress"
                max="100"
                value=move || overall.get().to_string()
            >
                {move || format!("{}%", overall.get())}
            </progress>
            <p class="govuk-body" data-testid=ids::OVERALL_PERCENT>{move || format!("{}%", overall.get())}</p>
            <p class="govuk-body">"Do not close this page until your upload is complete."</p>
            <table class="govuk-table" data-testid=ids::FILES>
                <caption class="govuk-table__caption govuk-table__caption--s">
                    {if count == 1 { "1 file".to_owned() } else { format!("{count} files") }}
                </caption>
                <thead class="govuk-table__head">
                    <tr class="govuk-table__row">
                        <th scope="col" class="govuk-table__header">"File"</th>
                        <th scope="col" class="govuk-table__header">"Progress"</th>
                    </tr>
                </thead>
                <tbody class="govuk-table__body">
                    {files.into_iter().map(|file| {
                        let percent = file.percent;
                        view! {
                            <tr class="govuk-table__row" data-testid=ids::FILE_ROW data-path=file.path.clone()>
                                <td class="govuk-table__cell">{file.path.clone()}</td>
                                <td class="govuk-table__cell">
                                    <progress
                                        class="app-progress"
                                        data-testid=ids::FILE_PROGRESS
                                        max="100"
                                        value=move || percent.get().to_string()
                                        aria-label=format!("{} progress", file.path)
                                    >
                                        {move || format!("{}%", percent.get())}
                                    </progress>
                                </td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

#[cfg(feature = "hydrate")]
mod dropping;
#[cfg(feature = "hydrate")]
mod sending;
