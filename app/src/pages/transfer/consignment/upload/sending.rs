//! The upload with JavaScript (C.3), as TDR's browser does it: the folder checked with the
//! server's own rules; each file read in chunks of [`CHUNK_BYTES`] and hashed (SHA-256) as it is
//! read, the progress bars going to 50 %; the upload started and every file's metadata sent, which
//! gives each file its id; each file's bytes sent chunk by chunk from where the server says it has
//! got to, each straight to the object store URL the server gives (S3's own with S3) and then
//! taken in by the server, the bars going on to 100 %; the upload completed, and the checking page
//! shown.
//!
//! A request that fails on the way (the network, the server) is tried again after asking the
//! server how much it has, waiting 1 s, then 2, 4, 8 and 16; after that the person is asked to
//! select the folder again, which resumes the upload: the same folder starts again, the same
//! files' metadata gives the same ids, and each file goes on from its first missing chunk.
use std::collections::HashMap;
use std::time::Duration;

use gloo_net::http::{Request, RequestBuilder, Response};
use gloo_timers::future::sleep;
use js_sys::Uint8Array;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos::wasm_bindgen::JsCast;
use serde::de::DeserializeOwned;
use serde::Serialize;
use sha2::{Digest, Sha256};
use wasm_bindgen_futures::JsFuture;
use web_sys::{File, HtmlInputElement};

use super::{FileRow, Stage, UploadRefusal, Uploading, FILES, INCLUDE_TOP_LEVEL_FOLDER};
use crate::paths::Path;
use crate::transfer::ids::{ConsignmentId, FileId};
use crate::transfer::paths;
use crate::transfer::upload::{
    check_folder, BadUpload, ChunkTarget, FileInput, FileMatch, Received, RecordPath, Sha256Hex,
    StartUpload, UploadCompleted, UploadProblem, CHUNK_BYTES,
};

/// Retries of one request after the first attempt, waiting 1 s, 2, 4, 8 and 16 in between.
const RETRIES: u32 = 5;

const INTERRUPTED: &str =
    "The upload was interrupted: check your connection, then select the folder again to go on";

/// One upload from the page: the consignment, and what the page shows of it.
pub struct Upload {
    pub consignment: ConsignmentId,
    /// The consignment's reference: the folder files chosen one by one are put in.
    pub reference: String,
    pub problems: RwSignal<Vec<String>>,
    pub uploading: RwSignal<Option<Uploading>>,
    /// Disposed when the page is left: the upload stops, and goes nowhere.
    pub shown: StoredValue<()>,
}

impl Upload {
    fn shown(&self) -> bool {
        !self.shown.is_disposed()
    }
}

/// What stopped an upload.
enum Stop {
    /// Shown in the error summary; the form shows again.
    Problem(String),
    /// Somewhere else to be: signing in again, the step the consignment is at.
    GoTo(String),
    /// The page was left.
    Left,
}

/// A file chosen, with its path in the folder.
struct Picked {
    file: File,
    path: RecordPath,
    size: u64,
    last_modified: i64,
}

/// Starts uploading the folder chosen in the form, or the files `dropped` on it (each with its
/// path); `done` is given the checking page's URL.
pub fn start(
    upload: Upload,
    dropped: Option<Vec<(File, String)>>,
    done: impl Fn(String) + 'static,
) {
    let files = match dropped {
        Some(files) => Ok(files),
        None => in_the_form(),
    };
    let picked = match files.and_then(|files| picked(&upload.reference, files)) {
        Ok(picked) => picked,
        Err(message) => return show_problem(&upload, message),
    };
    let include = document()
        .get_element_by_id(INCLUDE_TOP_LEVEL_FOLDER)
        .and_then(|element| element.dyn_into::<HtmlInputElement>().ok())
        .is_some_and(|checkbox| checkbox.checked());
    let shown = Uploading {
        stage: RwSignal::new(Stage::Checksums),
        overall: RwSignal::new(0),
        files: picked
            .iter()
            .map(|file| FileRow {
                path: file.path.to_string(),
                percent: RwSignal::new(0),
            })
            .collect(),
    };
    if !upload.problems.with_untracked(Vec::is_empty) {
        upload.problems.set(Vec::new());
    }
    upload.uploading.set(Some(shown.clone()));
    spawn_local(async move {
        match run(&upload, &picked, include, &shown).await {
            Ok(to) if upload.shown() => done(to),
            Ok(_) | Err(Stop::Left) => {}
            Err(Stop::GoTo(to)) => {
                if upload.shown() {
                    let _ = window().location().assign(&to);
                }
            }
            Err(Stop::Problem(message)) => {
                if upload.shown() {
                    upload.uploading.set(None);
                    show_problem(&upload, message);
                }
            }
        }
    });
}

/// Shows `message` in the error summary, which GOV.UK Frontend's script focuses.
fn show_problem(upload: &Upload, message: String) {
    upload.problems.set(vec![message]);
    let title = document().title();
    if !title.starts_with("Error: ") {
        document().set_title(&format!("Error: {title}"));
    }
    request_animation_frame(|| {
        if let Some(main) = document().get_element_by_id("main-content") {
            crate::govuk_js::start_within(&main);
        }
    });
}

/// The files chosen in the form, each with its path in the folder (`webkitRelativePath`; none for
/// files chosen one by one).
fn in_the_form() -> Result<Vec<(File, String)>, String> {
    let list = document()
        .get_element_by_id(FILES)
        .and_then(|element| element.dyn_into::<HtmlInputElement>().ok())
        .and_then(|input| input.files())
        .ok_or_else(|| UploadRefusal::NoFiles.message())?;
    Ok((0..list.length())
        .filter_map(|n| list.item(n))
        .map(|file| {
            let relative = js_sys::Reflect::get(&file, &"webkitRelativePath".into())
                .ok()
                .and_then(|path| path.as_string())
                .unwrap_or_default();
            (file, relative)
        })
        .collect())
}

/// The files to upload, each with its path in the folder (files not in a folder, chosen or
/// dropped one by one, are put in one named after the consignment, as the server does without
/// JavaScript), if the folder can be a consignment.
fn picked(reference: &str, files: Vec<(File, String)>) -> Result<Vec<Picked>, String> {
    let mut picked = Vec::with_capacity(files.len());
    for (file, path) in files {
        let name = if path.contains('/') {
            path
        } else {
            format!("{reference}/{}", file.name())
        };
        let path = RecordPath::try_from(name).map_err(|_| UploadRefusal::BadName.message())?;
        picked.push(Picked {
            size: file.size() as u64,
            last_modified: file.last_modified() as i64,
            path,
            file,
        });
    }
    let sized: Vec<(&RecordPath, u64)> =
        picked.iter().map(|file| (&file.path, file.size)).collect();
    check_folder(&sized).map_err(|bad| match bad {
        BadUpload::NoFiles => UploadRefusal::NoFiles.message(),
        BadUpload::TooMany => UploadRefusal::TooMany.message(),
        BadUpload::SeveralFolders => UploadRefusal::SeveralFolders.message(),
        other => other.to_string(),
    })?;
    Ok(picked)
}

/// The progress bars: each file counts its size and one more for each half (checksums, sending),
/// so an empty file moves too.
struct Tracker<'a> {
    shown: &'a Uploading,
    weights: Vec<f64>,
    done: Vec<f64>,
    total: f64,
    all_done: f64,
}

impl<'a> Tracker<'a> {
    fn new(shown: &'a Uploading, picked: &[Picked]) -> Self {
        let weights: Vec<f64> = picked.iter().map(|file| file.size as f64 + 1.0).collect();
        Tracker {
            shown,
            total: 2.0 * weights.iter().sum::<f64>(),
            done: vec![0.0; weights.len()],
            weights,
            all_done: 0.0,
        }
    }

    fn advance(&mut self, file: usize, by: f64) {
        self.done[file] += by;
        self.all_done += by;
        let percent = |done: f64, of: f64| ((100.0 * done / of).floor() as u8).min(100);
        let row = self.shown.files[file].percent;
        let now = percent(self.done[file], 2.0 * self.weights[file]);
        if row.get_untracked() != now {
            row.set(now);
        }
        let now = percent(self.all_done, self.total);
        if self.shown.overall.get_untracked() != now {
            self.shown.overall.set(now);
        }
    }
}

async fn run(
    upload: &Upload,
    picked: &[Picked],
    include_top_level_folder: bool,
    shown: &Uploading,
) -> Result<String, Stop> {
    let mut tracker = Tracker::new(shown, picked);
    let mut buffer = Vec::new();
    let mut inputs = Vec::with_capacity(picked.len());
    for (n, file) in picked.iter().enumerate() {
        let checksum = sha256(upload, file, &mut buffer, |read| tracker.advance(n, read)).await?;
        tracker.advance(n, 1.0);
        inputs.push(FileInput {
            original_path: file.path.clone(),
            checksum,
            last_modified: file.last_modified,
            file_size: file.size,
            match_id: n.to_string(),
        });
    }
    drop(buffer);

    shown.stage.set(Stage::Uploading);
    let api = Api {
        consignment: upload.consignment.clone(),
        token: crate::csrf::current_token(),
    };
    let start = StartUpload {
        parent_folder: picked[0].path.top_folder().to_owned(),
        include_top_level_folder,
    };
    api.post::<serde_json::Value>(upload, paths::UPLOAD_START, &start)
        .await?;
    let matches: Vec<FileMatch> = api.post(upload, paths::UPLOAD_METADATA, &inputs).await?;
    let ids: HashMap<String, FileId> = matches
        .into_iter()
        .map(|matched| (matched.match_id, matched.file_id))
        .collect();
    for (n, file) in picked.iter().enumerate() {
        let id = ids
            .get(&n.to_string())
            .ok_or_else(|| Stop::Problem(INTERRUPTED.to_owned()))?;
        api.send_file(upload, id, file, |sent| tracker.advance(n, sent))
            .await?;
        tracker.advance(n, 1.0);
    }

    shown.stage.set(Stage::Completing);
    let completed: UploadCompleted = api
        .post(upload, paths::UPLOAD_COMPLETE, &serde_json::json!({}))
        .await?;
    Ok(completed.redirect)
}

/// The file's SHA-256, read a chunk at a time (`Blob.slice`, `arrayBuffer`) into `buffer`.
async fn sha256(
    upload: &Upload,
    file: &Picked,
    buffer: &mut Vec<u8>,
    mut read: impl FnMut(f64),
) -> Result<Sha256Hex, Stop> {
    let unreadable = || {
        Stop::Problem(format!(
            "{} could not be read: check it is still in the folder, then select the folder again",
            file.path
        ))
    };
    let mut hasher = Sha256::new();
    let mut offset = 0;
    while offset < file.size {
        if !upload.shown() {
            return Err(Stop::Left);
        }
        let end = (offset + CHUNK_BYTES).min(file.size);
        let chunk = file
            .file
            .slice_with_f64_and_f64(offset as f64, end as f64)
            .map_err(|_| unreadable())?;
        let bytes = JsFuture::from(chunk.array_buffer())
            .await
            .map_err(|_| unreadable())?;
        let bytes = Uint8Array::new(&bytes);
        let length = bytes.length() as usize;
        if length as u64 != end - offset {
            return Err(unreadable());
        }
        if buffer.len() < length {
            buffer.resize(length, 0);
        }
        bytes.copy_to(&mut buffer[..length]);
        hasher.update(&buffer[..length]);
        read(length as f64);
        offset = end;
    }
    let hex: String = hasher
        .finalize()
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect();
    Sha256Hex::try_from(hex).map_err(|_| unreadable())
}

/// Why a request failed.
enum Failure {
    /// The network or the server: worth trying again.
    Retry,
    /// The server refused it, saying why.
    Refused(UploadProblem),
}

impl From<Failure> for Stop {
    fn from(failure: Failure) -> Stop {
        match failure {
            Failure::Retry => Stop::Problem(INTERRUPTED.to_owned()),
            Failure::Refused(UploadProblem {
                redirect: Some(to), ..
            }) => Stop::GoTo(to),
            Failure::Refused(problem) => Stop::Problem(problem.error),
        }
    }
}

/// The upload's endpoints.
struct Api {
    consignment: ConsignmentId,
    token: String,
}

impl Api {
    fn request(&self, builder: RequestBuilder) -> RequestBuilder {
        builder
            .header(crate::csrf::HEADER, &self.token)
            .header("Accept", "application/json")
    }

    async fn answer<T: DeserializeOwned>(
        sent: Result<Response, gloo_net::Error>,
    ) -> Result<T, Failure> {
        let response = sent.map_err(|_| Failure::Retry)?;
        if response.ok() {
            return response.json().await.map_err(|_| Failure::Retry);
        }
        if response.status() >= 500 || response.status() == 429 {
            return Err(Failure::Retry);
        }
        match response.json::<UploadProblem>().await {
            Ok(problem) => Err(Failure::Refused(problem)),
            Err(_) => Err(Failure::Retry),
        }
    }

    /// Waits before the `attempt`th retry (1 s, 2, 4, ...); `Left` if the page was left.
    async fn pause(upload: &Upload, attempt: u32) -> Result<(), Stop> {
        sleep(Duration::from_secs(1 << (attempt - 1).min(4))).await;
        if upload.shown() {
            Ok(())
        } else {
            Err(Stop::Left)
        }
    }

    /// POSTs `body` as JSON, trying again after a failure on the way.
    async fn post<T: DeserializeOwned>(
        &self,
        upload: &Upload,
        path: Path<ConsignmentId>,
        body: &impl Serialize,
    ) -> Result<T, Stop> {
        let url = path.to(self.consignment.clone()).to_string();
        let mut attempt = 0;
        loop {
            let sent = match self.request(Request::post(&url)).json(body) {
                Ok(request) => request.send().await,
                Err(error) => Err(error),
            };
            match Self::answer(sent).await {
                Ok(answer) => return Ok(answer),
                Err(Failure::Retry) if attempt < RETRIES => {
                    attempt += 1;
                    Self::pause(upload, attempt).await?;
                }
                Err(failure) => return Err(failure.into()),
            }
        }
    }

    /// Sends the file's chunks from the first the server does not have, until it is whole: each
    /// to where the server says (the object store), then the server told to take it in. After a
    /// failure the server is asked again where to go on.
    async fn send_file(
        &self,
        upload: &Upload,
        id: &FileId,
        file: &Picked,
        mut sent: impl FnMut(f64),
    ) -> Result<(), Stop> {
        let url = paths::UPLOAD_FILE
            .to((self.consignment.clone(), id.clone()))
            .to_string();
        // What the bars count as sent already.
        let mut counted = 0;
        let mut count = |received: u64| {
            if received > counted {
                sent((received - counted) as f64);
                counted = received;
            }
        };
        let mut attempt = 0;
        loop {
            if !upload.shown() {
                return Err(Stop::Left);
            }
            let asked =
                Self::answer::<Received>(self.request(Request::get(&url)).send().await).await;
            let mut received = match asked {
                Ok(received) => received,
                Err(Failure::Retry) if attempt < RETRIES => {
                    attempt += 1;
                    Self::pause(upload, attempt).await?;
                    continue;
                }
                Err(failure) => return Err(failure.into()),
            };
            loop {
                count(received.received);
                if received.complete {
                    return Ok(());
                }
                if !upload.shown() {
                    return Err(Stop::Left);
                }
                let Some(next) = received.next.take() else {
                    return Err(Stop::Problem(INTERRUPTED.to_owned()));
                };
                let stored = Self::store_chunk(file, &next).await;
                let settled = match stored {
                    Ok(()) => {
                        Self::answer::<Received>(self.request(Request::post(&url)).send().await)
                            .await
                    }
                    Err(failure) => Err(failure),
                };
                match settled {
                    // Progress: go on from where the server now is.
                    Ok(now) if now.complete || now.received > next.offset => {
                        attempt = 0;
                        received = now;
                    }
                    // Taken, but the server is no further: ask again, as after a failure.
                    Ok(_) | Err(Failure::Retry) if attempt < RETRIES => {
                        attempt += 1;
                        Self::pause(upload, attempt).await?;
                        break;
                    }
                    Ok(_) => return Err(Stop::Problem(INTERRUPTED.to_owned())),
                    Err(failure) => return Err(failure.into()),
                }
            }
        }
    }

    /// `PUT`s the chunk at `target` to the object store. Its answer is its own (XML from S3):
    /// only whether it took the bytes counts, and any refusal (an expired URL) is worth asking
    /// the server again.
    async fn store_chunk(file: &Picked, target: &ChunkTarget) -> Result<(), Failure> {
        let end = (target.offset + CHUNK_BYTES).min(file.size);
        let chunk = file
            .file
            .slice_with_f64_and_f64(target.offset as f64, end as f64)
            .map_err(|_| Failure::Retry)?;
        let mut request = Request::put(&target.url);
        for (name, value) in &target.headers {
            request = request.header(name, value);
        }
        match request.body(chunk) {
            Ok(request) => match request.send().await {
                Ok(response) if response.ok() => Ok(()),
                _ => Err(Failure::Retry),
            },
            Err(_) => Err(Failure::Retry),
        }
    }
}
