//! The production mailer: an SMTP server, through lettre's pooled async transport.
use std::time::Duration;

use async_trait::async_trait;
use lettre::message::header::ContentType;
use lettre::message::Mailbox;
use lettre::transport::smtp::{Error as SmtpError, PoolConfig};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use tracing::info;

use super::{Email, MailError, Mailer};
use crate::clock::SharedClock;

/// Open connections kept for reuse. Mail goes out from a few job handlers at once (the worker's
/// per-kind limit), so more would only sit idle.
const POOL_SIZE: u32 = 4;
/// How long an unused pooled connection stays open. Servers drop idle clients after a minute or
/// so themselves; closing first spares a failed send on a dead connection.
const POOL_IDLE_TIMEOUT: Duration = Duration::from_secs(50);

/// Sends through the SMTP server `SMTP_URL` names. Cheap to clone; clones share the pool.
#[derive(Clone)]
pub struct SmtpMailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
    /// Dates each mail (its `Date` header), like every other time the backends write.
    clock: SharedClock,
}

impl SmtpMailer {
    /// `url`: `smtp://host:port` (plain; local servers only), `smtp://host:port?tls=required`
    /// (STARTTLS) or `smtps://host:port` (TLS from the start), with `user:password@` when the
    /// server wants credentials. `from`: `Name <address>` or a bare address. `timeout` bounds
    /// connecting and each command. Connects lazily: nothing is dialled until the first send.
    pub fn new(
        url: &str,
        from: &str,
        timeout: Duration,
        clock: SharedClock,
    ) -> Result<Self, MailError> {
        let from = parse_from(from)?;
        // lettre's message names neither the URL nor its password, so it is safe to pass on.
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
            .map_err(|error| MailError::Config(format!("SMTP_URL cannot be used: {error}")))?
            .timeout(Some(timeout))
            .pool_config(
                PoolConfig::new()
                    .max_size(POOL_SIZE)
                    .idle_timeout(POOL_IDLE_TIMEOUT),
            )
            .build();
        Ok(SmtpMailer {
            transport,
            from,
            clock,
        })
    }

    fn message(&self, email: &Email) -> Result<Message, MailError> {
        let to: Mailbox = email.to().parse().map_err(|error| {
            MailError::Permanent(format!("the recipient is not a valid address: {error}"))
        })?;
        Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(email.subject())
            .date(self.clock.now().into())
            .header(ContentType::TEXT_PLAIN)
            .body(email.text_body().to_owned())
            .map_err(|error| MailError::Permanent(format!("the mail cannot be built: {error}")))
    }
}

/// The configured from-address, checked.
pub(super) fn parse_from(from: &str) -> Result<Mailbox, MailError> {
    from.parse().map_err(|error| {
        MailError::Config(format!("the from-address {from:?} is not valid: {error}"))
    })
}

/// A 5xx reply refuses the mail for good. Everything else (4xx replies, connection refused or
/// reset, timeouts, TLS failures) may clear up, so the mail waits and tries again: a TLS failure
/// is usually configuration, which an operator fixes while the job backs off.
fn classify(error: SmtpError) -> MailError {
    if error.is_permanent() {
        MailError::Permanent(error.to_string())
    } else {
        MailError::Temporary(error.to_string())
    }
}

#[async_trait]
impl Mailer for SmtpMailer {
    fn kind(&self) -> &'static str {
        "smtp"
    }

    async fn send(&self, email: &Email) -> Result<(), MailError> {
        let message = self.message(email)?;
        let response = self.transport.send(message).await.map_err(classify)?;
        // The server's reply usually carries its queue id, which ties this mail to its logs.
        info!(
            reply = response.first_line().unwrap_or_default(),
            "mail handed to the SMTP server"
        );
        Ok(())
    }

    async fn ping(&self) -> Result<(), MailError> {
        match self.transport.test_connection().await {
            Ok(true) => Ok(()),
            Ok(false) => Err(MailError::Temporary(
                "the SMTP server did not answer NOOP".to_owned(),
            )),
            Err(error) => Err(classify(error)),
        }
    }
}
