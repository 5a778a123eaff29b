//! The mail backend's tests: the message checks; the outbox on SQLite and PostgreSQL; SMTP against
//! a real local SMTP server (aiosmtpd, never a mock), directly and through the job queue.
#[path = "jobs/support.rs"]
// Shared with the job tests; the mail tests use only part of it.
#[allow(dead_code, unused_imports)]
mod support;

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use backends::clock::{ManualClock, SharedClock};
use backends::jobs::{JobRegistry, JobState, Worker, WorkerConfig};
use backends::mail::{self, Email, MailConfig, MailError, Mailer, OutboxMailer, SmtpMailer};
use backends::testing::{unused_local_address, SmtpServer};

use support::{start_time, Backend, Harness};

const FROM: &str = "Digital public services <no-reply@service.gov.uk>";
const SMTP_TIMEOUT: Duration = Duration::from_secs(5);

fn email(to: &str, subject: &str, body: &str) -> Email {
    Email::new(to, subject, body).expect("a valid email")
}

fn worker(harness: &Harness, mailer: Arc<dyn Mailer>) -> Worker {
    let config = WorkerConfig {
        worker_id: "mail-test-worker".to_owned(),
        ..WorkerConfig::default()
    };
    Worker::new(
        harness.queue.clone(),
        mail::register(JobRegistry::new(), mailer),
        config,
    )
}

fn test_clock() -> SharedClock {
    Arc::new(ManualClock::new(start_time()))
}

fn smtp_mailer(address: SocketAddr) -> Arc<dyn Mailer> {
    let url = format!("smtp://{address}");
    Arc::new(SmtpMailer::new(&url, FROM, SMTP_TIMEOUT, test_clock()).expect("mailer"))
}

mod message {
    use super::*;

    #[test]
    fn a_line_break_in_the_recipient_or_subject_is_refused() {
        for to in [
            "donor@example.com\r\nBcc: everyone@example.com",
            "donor@example.com\nBcc: x@example.com",
            "donor@example.com\r",
        ] {
            assert!(
                matches!(
                    Email::new(to, "Subject", "Body"),
                    Err(MailError::HeaderInjection { field: "recipient" })
                ),
                "{to:?}"
            );
        }
        for subject in [
            "Hello\r\nBcc: everyone@example.com",
            "Hello\nX: y",
            "Hello\r",
        ] {
            assert!(
                matches!(
                    Email::new("donor@example.com", subject, "Body"),
                    Err(MailError::HeaderInjection { field: "subject" })
                ),
                "{subject:?}"
            );
        }
        assert!(matches!(
            Email::new(" ", "Subject", "Body"),
            Err(MailError::NoRecipient)
        ));
        // The body is where line breaks belong.
        let ok = Email::new("donor@example.com", "Subject", "Line one\r\nLine two\n").unwrap();
        assert_eq!(ok.text_body(), "Line one\r\nLine two\n");
    }

    #[test]
    fn a_job_payload_is_checked_as_it_is_decoded() {
        let sent = email("Donor@Example.com", "Your LPA", "Hello");
        let json = serde_json::to_value(mail::SendEmail(sent.clone())).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"to": "Donor@Example.com", "subject": "Your LPA", "text_body": "Hello"})
        );
        let decoded: mail::SendEmail = serde_json::from_value(json).unwrap();
        assert_eq!(decoded.0, sent);

        let smuggled = serde_json::json!({
            "to": "donor@example.com", "subject": "Hi\r\nBcc: all@example.com", "text_body": "x"
        });
        let refused = serde_json::from_value::<Email>(smuggled).unwrap_err();
        assert!(refused.to_string().contains("subject"), "{refused}");
    }

    #[test]
    fn debug_output_leaves_the_address_out() {
        let shown = format!("{:?}", email("donor@example.com", "Your LPA", "secret"));
        assert!(!shown.contains("donor@example.com") && !shown.contains("secret"));
    }
}

mod outbox {
    use super::*;

    fn outbox(harness: &Harness) -> OutboxMailer {
        OutboxMailer::new(harness.store.as_ref(), Arc::new(harness.clock.clone()))
    }

    async fn a_sent_mail_is_readable_and_listed_newest_first(backend: Backend) {
        let harness = Harness::new(backend).await;
        let outbox = outbox(&harness);
        assert_eq!(outbox.latest_for("donor@example.com").await.unwrap(), None);

        outbox
            .send(&email("donor@example.com", "First", "one"))
            .await
            .unwrap();
        harness.clock.advance(chrono::Duration::minutes(1));
        outbox
            .send(&email("attorney@example.com", "Second", "two"))
            .await
            .unwrap();
        // Same time as the next: the id breaks the tie, so order stays the sending order.
        harness.clock.advance(chrono::Duration::minutes(1));
        outbox
            .send(&email("donor@example.com", "Third", "three\nlines"))
            .await
            .unwrap();
        outbox
            .send(&email("donor@example.com", "Fourth", "four"))
            .await
            .unwrap();

        let latest = outbox
            .latest_for("donor@example.com")
            .await
            .unwrap()
            .unwrap();
        assert_eq!(latest.recipient, "donor@example.com");
        assert_eq!(latest.subject, "Fourth");
        assert_eq!(latest.body, "four");
        assert_eq!(
            latest.created_at,
            start_time() + chrono::Duration::minutes(2)
        );

        let subjects = |entries: Vec<mail::OutboxEntry>| -> Vec<String> {
            entries.into_iter().map(|entry| entry.subject).collect()
        };
        assert_eq!(
            subjects(outbox.list(10).await.unwrap()),
            ["Fourth", "Third", "Second", "First"]
        );
        assert_eq!(subjects(outbox.list(2).await.unwrap()), ["Fourth", "Third"]);
        assert_eq!(
            subjects(outbox.for_recipient("donor@example.com", 10).await.unwrap()),
            ["Fourth", "Third", "First"]
        );
        let third = outbox.for_recipient("donor@example.com", 2).await.unwrap();
        assert_eq!(third[1].body, "three\nlines");
        assert_eq!(
            third[1].created_at,
            start_time() + chrono::Duration::minutes(2)
        );
    }

    async fn recipients_are_kept_as_given(backend: Backend) {
        let harness = Harness::new(backend).await;
        let outbox = outbox(&harness);
        outbox
            .send(&email("Donor.Name@Example.COM", "Mixed case", "x"))
            .await
            .unwrap();
        let entry = outbox
            .latest_for("Donor.Name@Example.COM")
            .await
            .unwrap()
            .expect("found by the address as sent");
        assert_eq!(entry.recipient, "Donor.Name@Example.COM");
        assert_eq!(
            outbox.list(1).await.unwrap()[0].recipient,
            "Donor.Name@Example.COM"
        );
        // Matched exactly: normalising addresses is the sender's business, not the outbox's.
        assert_eq!(
            outbox.latest_for("donor.name@example.com").await.unwrap(),
            None
        );
    }

    async fn without_an_smtp_url_mail_goes_to_the_outbox(backend: Backend) {
        let harness = Harness::new(backend).await;
        let mailer = mail::connect(
            &MailConfig::default(),
            harness.store.as_ref(),
            Arc::new(harness.clock.clone()),
        )
        .unwrap();
        assert_eq!(mailer.kind(), "outbox");
        mailer.ping().await.unwrap();

        let mut tx = harness.store.begin().await.unwrap();
        let job = mail::enqueue_in(
            &harness.queue,
            &mut tx,
            email("donor@example.com", "Queued", "q"),
        )
        .await
        .unwrap();
        tx.commit().await.unwrap();
        assert_eq!(worker(&harness, mailer).drain().await.unwrap(), 1);

        assert_eq!(harness.job(job.id()).await.state, JobState::Succeeded);
        let entry = outbox(&harness)
            .latest_for("donor@example.com")
            .await
            .unwrap()
            .expect("delivered to the outbox");
        assert_eq!(entry.subject, "Queued");
    }

    backends::on_both_stores!(
        a_sent_mail_is_readable_and_listed_newest_first,
        recipients_are_kept_as_given,
        without_an_smtp_url_mail_goes_to_the_outbox,
    );
}

mod smtp {
    use super::*;

    #[tokio::test]
    async fn a_mail_reaches_a_real_smtp_server() {
        let server = SmtpServer::start();
        let mailer = smtp_mailer(server.address);
        assert_eq!(mailer.kind(), "smtp");
        mailer.ping().await.expect("the server answers NOOP");

        let body =
            "Dear Sam,\n\nWe have received the £82 fee for your lasting power of attorney.\n\n\
                    Office of the Public Guardian";
        mailer
            .send(&email(
                "Sam.Smith@example.com",
                "Fee received – what happens next",
                body,
            ))
            .await
            .expect("sent");

        let received = server.wait_for(1).await;
        let mail = &received[0];
        assert_eq!(mail.envelope_recipient, "Sam.Smith@example.com");
        assert_eq!(mail.to, "Sam.Smith@example.com");
        assert_eq!(mail.from, FROM);
        assert_eq!(mail.subject, "Fee received – what happens next");
        assert_eq!(mail.content_type, "text/plain");
        // Dated by the mailer's clock, not the machine's.
        assert_eq!(
            chrono::DateTime::parse_from_rfc2822(&mail.date).unwrap(),
            start_time()
        );
        assert_eq!(mail.body.replace("\r\n", "\n").trim_end(), body);
    }

    #[tokio::test]
    async fn mails_in_a_row_all_arrive() {
        // The pool hands each connection back on a task of its own, so whether the next send
        // reuses it is timing: asserted here is only that none is lost on the way.
        let server = SmtpServer::start();
        let mailer = smtp_mailer(server.address);
        for n in 1..=3 {
            let subject = format!("Mail {n}");
            mailer
                .send(&email("donor@example.com", &subject, "x"))
                .await
                .expect("sent");
        }
        let mut subjects: Vec<String> = server
            .wait_for(3)
            .await
            .into_iter()
            .map(|mail| mail.subject)
            .collect();
        subjects.sort();
        assert_eq!(subjects, ["Mail 1", "Mail 2", "Mail 3"]);
    }

    #[tokio::test]
    async fn a_server_that_is_down_is_a_temporary_failure() {
        let mailer = smtp_mailer(unused_local_address());
        let ping = mailer.ping().await.unwrap_err();
        assert!(matches!(ping, MailError::Temporary(_)), "{ping}");
        let send = mailer
            .send(&email("donor@example.com", "Hello", "x"))
            .await
            .unwrap_err();
        assert!(matches!(send, MailError::Temporary(_)), "{send}");
        assert!(!send.is_permanent());
    }

    #[tokio::test]
    async fn a_rejection_or_an_invalid_address_is_a_permanent_failure() {
        // aiosmtpd answers 552 to a message over its size limit: a real 5xx rejection.
        let server = SmtpServer::start_with(&["--size", "1000"]);
        let mailer = smtp_mailer(server.address);
        let too_big = "x".repeat(70).repeat(50);
        let rejected = mailer
            .send(&email("donor@example.com", "Too big", &too_big))
            .await
            .unwrap_err();
        assert!(matches!(rejected, MailError::Permanent(_)), "{rejected}");
        assert!(rejected.to_string().contains("552"), "{rejected}");

        let invalid = mailer
            .send(&email("not an address", "Hello", "x"))
            .await
            .unwrap_err();
        assert!(matches!(invalid, MailError::Permanent(_)), "{invalid}");
        assert!(server.received().is_empty());
    }

    #[test]
    fn configuration_mistakes_are_refused_without_echoing_the_url() {
        let unknown_scheme = SmtpMailer::new(
            "imap://user:hunter2@mail.example.com",
            FROM,
            SMTP_TIMEOUT,
            test_clock(),
        )
        .err()
        .expect("refused");
        assert!(matches!(unknown_scheme, MailError::Config(_)));
        assert!(
            !unknown_scheme.to_string().contains("hunter2"),
            "{unknown_scheme}"
        );

        let bad_from = SmtpMailer::new(
            "smtp://127.0.0.1:2525",
            "not an address",
            SMTP_TIMEOUT,
            test_clock(),
        )
        .err()
        .expect("refused");
        assert!(matches!(bad_from, MailError::Config(_)), "{bad_from}");
    }

    #[tokio::test]
    async fn tls_urls_are_accepted() {
        for url in [
            "smtp://user:pass@smtp.example.com:587?tls=required",
            "smtps://user:pass@smtp.example.com:465",
            "smtp://smtp.example.com:587?tls=opportunistic",
        ] {
            // Building dials nothing: the transport connects on the first send.
            SmtpMailer::new(url, FROM, SMTP_TIMEOUT, test_clock()).expect(url);
        }
    }

    #[tokio::test]
    async fn connect_picks_smtp_when_a_url_is_set() {
        let database = support::TestDatabase::create(Backend::Sqlite).await;
        let store = database.store().await;
        let clock = test_clock();
        let config = MailConfig {
            smtp_url: Some("smtp://127.0.0.1:2525".to_owned()),
            ..MailConfig::default()
        };
        let mailer = mail::connect(&config, store.as_ref(), clock.clone()).unwrap();
        assert_eq!(mailer.kind(), "smtp");
        assert!(!format!("{config:?}").contains("2525"));

        let bad_from = MailConfig {
            from: "no address here".to_owned(),
            ..MailConfig::default()
        };
        let refused = mail::connect(&bad_from, store.as_ref(), clock)
            .err()
            .expect("refused");
        assert!(matches!(refused, MailError::Config(_)), "{refused}");
    }
}

mod queued {
    use super::*;

    async fn a_queued_mail_is_delivered_by_the_worker(backend: Backend) {
        let harness = Harness::new(backend).await;
        let server = SmtpServer::start();
        let mut tx = harness.store.begin().await.unwrap();
        let job = mail::enqueue_in(
            &harness.queue,
            &mut tx,
            email(
                "donor@example.com",
                "Confirm your email address",
                "Follow the link.",
            ),
        )
        .await
        .unwrap();
        tx.commit().await.unwrap();

        let queued = harness.job(job.id()).await;
        assert_eq!(queued.kind, "mail.send");
        assert_eq!(queued.max_attempts, mail::SEND_ATTEMPTS);
        assert_eq!(
            worker(&harness, smtp_mailer(server.address))
                .drain()
                .await
                .unwrap(),
            1
        );

        assert_eq!(harness.job(job.id()).await.state, JobState::Succeeded);
        let received = server.wait_for(1).await;
        assert_eq!(received[0].to, "donor@example.com");
        assert_eq!(received[0].subject, "Confirm your email address");
        assert_eq!(received[0].body.trim_end(), "Follow the link.");
    }

    async fn a_rolled_back_transaction_sends_nothing(backend: Backend) {
        let harness = Harness::new(backend).await;
        let mut tx = harness.store.begin().await.unwrap();
        mail::enqueue_in(
            &harness.queue,
            &mut tx,
            email("donor@example.com", "Never", "x"),
        )
        .await
        .unwrap();
        tx.rollback().await.unwrap();
        assert_eq!(harness.count("SELECT COUNT(*) FROM jobs").await, 0);
    }

    async fn mail_waits_while_the_server_is_down_and_goes_once_it_is_up(backend: Backend) {
        let harness = Harness::new(backend).await;
        let address = unused_local_address();
        let worker = worker(&harness, smtp_mailer(address));
        let job = mail::enqueue(
            &harness.queue,
            email("donor@example.com", "Patience", "Sent late."),
        )
        .await
        .unwrap();

        assert_eq!(worker.drain().await.unwrap(), 1);
        let retried = harness.job(job.id()).await;
        assert_eq!(retried.state, JobState::Pending);
        assert_eq!(retried.attempts, 1);
        assert!(retried.run_at > start_time(), "{retried:?}");
        let error = retried.last_error.clone().expect("the failure is kept");
        assert!(error.contains("temporary"), "{error}");
        // Not due yet: nothing runs, nothing is lost.
        assert_eq!(worker.drain().await.unwrap(), 0);

        let server = SmtpServer::start_on(address.port());
        harness.clock.set(retried.run_at);
        assert_eq!(worker.drain().await.unwrap(), 1);

        let delivered = harness.job(job.id()).await;
        assert_eq!(delivered.state, JobState::Succeeded);
        assert_eq!(delivered.attempts, 2);
        let received = server.wait_for(1).await;
        assert_eq!(received[0].subject, "Patience");
        assert_eq!(received[0].body.trim_end(), "Sent late.");
    }

    async fn a_mail_that_can_never_go_fails_at_once(backend: Backend) {
        let harness = Harness::new(backend).await;
        let server = SmtpServer::start();
        let job = mail::enqueue(&harness.queue, email("not an address", "Hello", "x"))
            .await
            .unwrap();
        assert_eq!(
            worker(&harness, smtp_mailer(server.address))
                .drain()
                .await
                .unwrap(),
            1
        );

        let dead = harness.job(job.id()).await;
        assert_eq!(dead.state, JobState::Dead);
        assert_eq!(dead.attempts, 1);
        let error = dead.last_error.expect("the failure is kept");
        assert!(error.contains("not a valid address"), "{error}");
        assert!(server.received().is_empty());
    }

    backends::on_both_stores!(
        a_queued_mail_is_delivered_by_the_worker,
        a_rolled_back_transaction_sends_nothing,
        mail_waits_while_the_server_is_down_and_goes_once_it_is_up,
        a_mail_that_can_never_go_fails_at_once,
    );
}
