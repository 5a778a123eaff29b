//! The paper forms made by jobs into the object store (reference §7.3). Asking for a form looks
//! for it under a key made of the form, its edition and a hash of everything printed on it; if it
//! is not there, a `pdf.render` job is queued with that key as its dedupe key, so identical
//! requests share one job and any change to the LPA makes a new key (a changed LPA never finds
//! an old form). The job draws the form, stores it for 24 hours (the hourly `objects.expire` job
//! deletes it after that; a later request makes it again) and announces it on the fan-out topic
//! `lpa:{id}`, which the waiting page listens to.
use backends::fanout::Topic;
use backends::jobs::{JobContext, JobError, JobKind, JobRegistry, JobSpec};
use backends::objects::{body_from_bytes, ObjectKey, PutOptions};
use backends::Backends;
use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::{LpaError, Lpas};
use crate::account::server::{Role, User, UserId};
use crate::lpa::model::{Lpa, LpaId};
use crate::lpa::paper::{Edition, PaperForm};

/// How long a drawn form is kept.
pub const KEEP_FOR: Duration = Duration::hours(24);

/// Where a form stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FormStatus {
    /// Being drawn: ask again (or listen on the LPA's topic).
    Preparing,
    /// Drawn and stored under its request's key.
    Ready,
}

/// A form asked for: the LPA's, of this kind and edition, with this content.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FormRequest {
    pub form: PaperForm,
    pub edition: Edition,
    pub file_name: String,
    pub key: ObjectKey,
}

impl FormRequest {
    /// `form` (as a draft if `draft`) of `lpa`; `None` if the LPA cannot have it (§7.1).
    pub fn of(lpa: &Lpa, form: PaperForm, draft: bool) -> Option<Self> {
        let edition = form.edition_for(lpa, draft)?;
        let lpa_type = lpa.document.lpa_type()?;
        let file_name = form.file_name(lpa_type, edition);
        // The file's own name last, so a browser that is sent straight to the store saves it
        // under that name even where the store does not send the `Content-Disposition` it keeps.
        let key = ObjectKey::new(format!(
            "lpa-forms/{}/{}/{file_name}",
            lpa.id.get(),
            content_hash(lpa, form, edition)
        ))
        .ok()?;
        Some(FormRequest {
            form,
            edition,
            file_name,
            key,
        })
    }
}

/// A hash of everything the form prints: the document, the payment, the repeat case number, the
/// reference and whether (and when) it was completed. Saves that change none of these (a
/// revision, a time) keep the same form.
fn content_hash(lpa: &Lpa, form: PaperForm, edition: Edition) -> String {
    let printed = serde_json::json!({
        "form": form,
        "edition": edition,
        "id": lpa.id.get(),
        "document": lpa.document,
        "payment": lpa.payment,
        "repeatCaseNumber": lpa.repeat_case_number.map(|number| number.digits()),
        "completedAt": lpa.completed_at,
    });
    hex::encode(Sha256::digest(printed.to_string().as_bytes()))
}

/// The fan-out topic of an LPA's announcements.
pub fn topic(id: LpaId) -> Option<Topic> {
    Topic::new(format!("lpa:{}", id.get())).ok()
}

/// What a form's job is announced with when the form is stored.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FormReady {
    /// The stored form's key.
    pub form_ready: String,
}

/// Draws a form into the object store.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RenderForm {
    pub owner: String,
    pub lpa: u64,
    pub form: PaperForm,
    pub draft: bool,
    /// The key the form is wanted under: if the LPA has changed since, there is nothing to do.
    pub key: String,
}

impl JobKind for RenderForm {
    const KIND: &'static str = "pdf.render";
}

/// How long a link straight to a stored form works: long enough to follow a redirect.
pub const LINK_LIFETIME: std::time::Duration = std::time::Duration::from_secs(60);

/// LPA `id` with its owner, if `viewer` may see it: their own, or anyone's for an admin.
pub async fn viewable(
    backends: &Backends,
    viewer: &User,
    id: LpaId,
) -> Result<Option<(UserId, Lpa)>, LpaError> {
    let lpas = Lpas::of(backends);
    let owner = if viewer.role == Role::Admin {
        match lpas.owner_of(id).await? {
            Some(owner) => owner,
            None => return Ok(None),
        }
    } else {
        viewer.id.clone()
    };
    Ok(lpas.get(&owner, id).await?.map(|lpa| (owner, lpa)))
}

/// Where a form `viewer` may see stands: stored and not expired, or queued to be drawn now.
/// `None` if the LPA does not exist for them, or cannot have that form (§7.1).
pub async fn request(
    backends: &Backends,
    viewer: &User,
    id: LpaId,
    form: PaperForm,
    draft: bool,
) -> Result<Option<(FormRequest, FormStatus)>, LpaError> {
    let Some((owner, lpa)) = viewable(backends, viewer, id).await? else {
        return Ok(None);
    };
    let Some(request) = FormRequest::of(&lpa, form, draft) else {
        return Ok(None);
    };
    let status = prepare(backends, &owner, &lpa, &request, draft).await?;
    Ok(Some((request, status)))
}

/// What the link to a stored form leads to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FormFile {
    /// A short-lived URL that reads the file from the object store.
    At(String),
    /// Not stored (expired, or the LPA changed since the link was drawn): being drawn again.
    Preparing { draft: bool },
}

/// The file `file_name` of `form`, if `viewer` may see the LPA and it can have a form of that
/// name now; a form not stored is queued to be drawn.
pub async fn file(
    backends: &Backends,
    viewer: &User,
    id: LpaId,
    form: PaperForm,
    file_name: &str,
) -> Result<Option<FormFile>, LpaError> {
    let Some((owner, lpa)) = viewable(backends, viewer, id).await? else {
        return Ok(None);
    };
    // An LP1 not completed is a draft under both its URLs: the draft's own page is the one
    // to go back to.
    let Some((request, draft)) = [true, false].into_iter().find_map(|draft| {
        FormRequest::of(&lpa, form, draft)
            .filter(|request| request.file_name == file_name)
            .map(|request| (request, draft))
    }) else {
        return Ok(None);
    };
    Ok(Some(
        match prepare(backends, &owner, &lpa, &request, draft).await? {
            FormStatus::Ready => FormFile::At(
                backends
                    .objects
                    .presign_get(&request.key, LINK_LIFETIME)
                    .await
                    .map_err(|error| LpaError::Objects(error.to_string()))?,
            ),
            FormStatus::Preparing => FormFile::Preparing { draft },
        },
    ))
}

/// Ready if `request` is stored and not expired; otherwise its job is queued (once: identical
/// requests share it).
async fn prepare(
    backends: &Backends,
    owner: &UserId,
    lpa: &Lpa,
    request: &FormRequest,
    draft: bool,
) -> Result<FormStatus, LpaError> {
    if stored(backends, &request.key, backends.clock.now()).await? {
        return Ok(FormStatus::Ready);
    }
    let (id, form) = (lpa.id, request.form);
    let job = RenderForm {
        owner: owner.as_str().to_owned(),
        lpa: id.get(),
        form,
        draft,
        key: request.key.as_str().to_owned(),
    };
    let spec = JobSpec::new(&job)
        .map_err(|error| LpaError::Jobs(error.to_string()))?
        .dedupe_key(format!("pdf.render:{}", request.key.as_str()));
    backends
        .jobs
        .enqueue(&spec)
        .await
        .map_err(|error| LpaError::Jobs(error.to_string()))?;
    Ok(FormStatus::Preparing)
}

/// Whether `key` holds a form that has not expired at `now`.
async fn stored(
    backends: &Backends,
    key: &ObjectKey,
    now: DateTime<Utc>,
) -> Result<bool, LpaError> {
    let info = backends
        .objects
        .head(key)
        .await
        .map_err(|error| LpaError::Objects(error.to_string()))?;
    Ok(info.is_some_and(|info| info.expires_at.is_none_or(|expires| expires > now)))
}

/// Draws the form the job asks for, unless the LPA changed since (a newer request has its own
/// job) or it is already stored; stores it for [`KEEP_FOR`] and announces it.
async fn render(backends: &Backends, job: RenderForm) -> Result<(), JobError> {
    let owner: UserId = job
        .owner
        .parse()
        .map_err(|_| JobError::permanent("not a user id"))?;
    let id = LpaId::new(job.lpa).ok_or_else(|| JobError::permanent("not an LPA id"))?;
    let lpa = Lpas::of(backends)
        .get(&owner, id)
        .await
        .map_err(JobError::retryable)?;
    let Some(lpa) = lpa else {
        return Ok(());
    };
    let Some(request) = FormRequest::of(&lpa, job.form, job.draft) else {
        return Ok(());
    };
    if request.key.as_str() != job.key {
        return Ok(());
    }
    let now = backends.clock.now();
    if !stored(backends, &request.key, now)
        .await
        .map_err(JobError::retryable)?
    {
        let (form, edition) = (request.form, request.edition);
        // Drawing is CPU work of tens of milliseconds: off the async workers.
        let pdf = tokio::task::spawn_blocking(move || super::pdf::render(&lpa, form, edition))
            .await
            .map_err(JobError::retryable)?
            .map_err(|error| JobError::permanent(error.to_string()))?;
        let options = PutOptions::new("application/pdf")
            .download_as(request.file_name.clone())
            .expiring_at(now + KEEP_FOR);
        backends
            .objects
            .put(&request.key, body_from_bytes(pdf), options)
            .await
            .map_err(JobError::retryable)?;
    }
    if let Some(topic) = topic(id) {
        let ready = FormReady {
            form_ready: request.key.as_str().to_owned(),
        };
        // Announcing is a courtesy to a waiting page, which also finds the form on its next
        // look: a failure here does not undo the form.
        if let Err(error) = backends
            .fanout
            .publish(&topic, serde_json::to_value(ready).unwrap_or_default())
            .await
        {
            tracing::warn!(%error, "the form's announcement was not published");
        }
    }
    Ok(())
}

/// Adds the `pdf.render` handler to `registry`.
pub fn register(registry: JobRegistry, backends: &Backends) -> JobRegistry {
    let backends = backends.clone();
    registry.register(move |_: JobContext, job: RenderForm| {
        let backends = backends.clone();
        async move { render(&backends, job).await }
    })
}
