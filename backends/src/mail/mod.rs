//! Email: one [`Mailer`] trait, chosen once at start-up by [`connect`].
//!
//! - [`OutboxMailer`], the embedded default, writes each mail to the `outbox` table, where
//!   `/admin/outbox` (in development) and tests read it. Nothing leaves the machine.
//! - [`SmtpMailer`] hands mail to an SMTP server (`SMTP_URL`) through lettre.
//!
//! Requests never talk to a mailer directly: they [`enqueue_in`] a `mail.send` job in the
//! transaction of the write that causes the mail, and a worker runs the handler [`register`]
//! adds. A slow SMTP server then never holds up a request, and one that is down delays the mail
//! (the job retries with back-off) instead of losing it.

mod outbox;
mod smtp;

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use serde::{Deserialize, Serialize};

use crate::clock::SharedClock;
use crate::jobs::{
    Enqueued, JobContext, JobError, JobKind, JobQueue, JobRegistry, JobSpec, QueueError,
};
use crate::store::{Store, StoreError, StoreTransaction};

pub use outbox::{OutboxEntry, OutboxMailer};
pub use smtp::SmtpMailer;

/// The mail layer's one error type.
#[derive(Debug, thiserror::Error)]
pub enum MailError {
    /// A header field held a line break, which would let its text add headers of its own.
    #[error("the {field} must be one line: it contains a line break")]
    HeaderInjection { field: &'static str },
    #[error("the email has no recipient")]
    NoRecipient,
    /// Worth trying again later: the server could not be reached, timed out, or answered 4xx.
    #[error("temporary mail failure: {0}")]
    Temporary(String),
    /// Trying again cannot help: the server refused the mail (5xx) or the address is invalid.
    #[error("permanent mail failure: {0}")]
    Permanent(String),
    /// The mail configuration cannot work (a bad `SMTP_URL` or from-address). Never holds the
    /// URL itself, which may carry a password.
    #[error("mail configuration: {0}")]
    Config(String),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Queue(#[from] QueueError),
}

impl From<sqlx::Error> for MailError {
    fn from(error: sqlx::Error) -> Self {
        MailError::Store(StoreError::Database(error))
    }
}

impl MailError {
    /// Whether sending the same mail again can never succeed, so its job should give up.
    pub fn is_permanent(&self) -> bool {
        match self {
            MailError::HeaderInjection { .. }
            | MailError::NoRecipient
            | MailError::Permanent(_)
            | MailError::Config(_) => true,
            MailError::Temporary(_) | MailError::Store(_) | MailError::Queue(_) => false,
        }
    }
}

/// One plain-text mail to one recipient, as service mails are (no HTML, no attachments).
/// The recipient and subject are checked to be single lines when built, and again when decoded
/// from a job's payload, so no field can smuggle in headers.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "UncheckedEmail")]
pub struct Email {
    to: String,
    subject: String,
    text_body: String,
}

impl Email {
    pub fn new(
        to: impl Into<String>,
        subject: impl Into<String>,
        text_body: impl Into<String>,
    ) -> Result<Self, MailError> {
        let (to, subject) = (to.into(), subject.into());
        if to.trim().is_empty() {
            return Err(MailError::NoRecipient);
        }
        if has_line_break(&to) {
            return Err(MailError::HeaderInjection { field: "recipient" });
        }
        if has_line_break(&subject) {
            return Err(MailError::HeaderInjection { field: "subject" });
        }
        Ok(Email {
            to,
            subject,
            text_body: text_body.into(),
        })
    }

    /// The recipient's address, as given.
    pub fn to(&self) -> &str {
        &self.to
    }

    pub fn subject(&self) -> &str {
        &self.subject
    }

    pub fn text_body(&self) -> &str {
        &self.text_body
    }
}

/// Addresses are personal data: debug output (logs, panics) names the subject only.
impl fmt::Debug for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Email")
            .field("subject", &self.subject)
            .finish_non_exhaustive()
    }
}

fn has_line_break(text: &str) -> bool {
    text.contains(['\r', '\n'])
}

/// An [`Email`] as decoded, before its checks.
#[derive(Deserialize)]
struct UncheckedEmail {
    to: String,
    subject: String,
    text_body: String,
}

impl TryFrom<UncheckedEmail> for Email {
    type Error = MailError;

    fn try_from(email: UncheckedEmail) -> Result<Self, Self::Error> {
        Email::new(email.to, email.subject, email.text_body)
    }
}

/// Sends mail. One implementation per backend; the rest of the app sees only this trait, and
/// mostly not even that: it enqueues [`SendEmail`] jobs.
#[async_trait]
pub trait Mailer: Send + Sync + 'static {
    /// `"outbox"` or `"smtp"`, for the health check and logs.
    fn kind(&self) -> &'static str;
    async fn send(&self, email: &Email) -> Result<(), MailError>;
    /// Checks the backend answers, for the health check.
    async fn ping(&self) -> Result<(), MailError>;
}

/// The from-address every mail carries unless configured otherwise.
pub const DEFAULT_FROM: &str = "Digital public services <no-reply@service.gov.uk>";

/// How long an SMTP connection, command or reply may take before the attempt fails (and its job
/// retries).
pub const DEFAULT_SMTP_TIMEOUT: Duration = Duration::from_secs(30);

#[derive(Clone)]
pub struct MailConfig {
    /// `smtp://host:port` (plain), `smtp://host:port?tls=required` (STARTTLS) or
    /// `smtps://host:port` (TLS), credentials as `user:password@`; `None` for the outbox.
    pub smtp_url: Option<String>,
    /// The `From` of every mail: `Name <address>` or a bare address.
    pub from: String,
    pub smtp_timeout: Duration,
}

impl Default for MailConfig {
    fn default() -> Self {
        MailConfig {
            smtp_url: None,
            from: DEFAULT_FROM.to_owned(),
            smtp_timeout: DEFAULT_SMTP_TIMEOUT,
        }
    }
}

/// The SMTP URL may hold a password: never print it.
impl fmt::Debug for MailConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MailConfig")
            .field("smtp", &self.smtp_url.as_ref().map(|_| "<set>"))
            .field("from", &self.from)
            .field("smtp_timeout", &self.smtp_timeout)
            .finish()
    }
}

/// The mailer the configuration names: SMTP when `smtp_url` is set, otherwise the outbox table
/// in `store`. The from-address is checked either way, so a bad one fails at start-up in
/// development too, not on production's first mail.
pub fn connect(
    config: &MailConfig,
    store: &dyn Store,
    clock: SharedClock,
) -> Result<Arc<dyn Mailer>, MailError> {
    Ok(match &config.smtp_url {
        Some(url) => Arc::new(SmtpMailer::new(
            url,
            &config.from,
            config.smtp_timeout,
            clock,
        )?),
        None => {
            smtp::parse_from(&config.from)?;
            Arc::new(OutboxMailer::new(store, clock))
        }
    })
}

/// The job that sends one mail. Its payload is the [`Email`] itself.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct SendEmail(pub Email);

impl JobKind for SendEmail {
    const KIND: &'static str = "mail.send";
}

/// Attempts before a mail's job is dead. With the queue's default back-off (2 s doubling, at
/// most an hour) they span some five hours, enough to ride out an SMTP server's outage.
pub const SEND_ATTEMPTS: i32 = 16;

fn send_job(email: Email) -> Result<JobSpec, MailError> {
    Ok(JobSpec::new(&SendEmail(email))?.max_attempts(SEND_ATTEMPTS))
}

/// Queues `email` inside the caller's transaction: it is sent if and only if that commits.
pub async fn enqueue_in(
    queue: &JobQueue,
    tx: &mut StoreTransaction,
    email: Email,
) -> Result<Enqueued, MailError> {
    Ok(queue.enqueue_in(tx, &send_job(email)?).await?)
}

/// Queues `email` in a transaction of its own, for mail no other write causes.
pub async fn enqueue(queue: &JobQueue, email: Email) -> Result<Enqueued, MailError> {
    Ok(queue.enqueue(&send_job(email)?).await?)
}

/// Adds the `mail.send` handler: it sends through `mailer`, and a failure retries the job unless
/// it can never succeed.
pub fn register(registry: JobRegistry, mailer: Arc<dyn Mailer>) -> JobRegistry {
    registry.register(move |_: JobContext, SendEmail(email)| {
        let mailer = Arc::clone(&mailer);
        async move {
            mailer.send(&email).await.map_err(|error| {
                if error.is_permanent() {
                    JobError::permanent(error)
                } else {
                    JobError::retryable(error)
                }
            })
        }
    })
}
