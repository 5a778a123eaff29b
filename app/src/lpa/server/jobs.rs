//! The LPA service's jobs: `lpa.recover-payments` (every 10 minutes: card payments that succeeded
//! at GOV.UK Pay but whose return was never seen are recorded, reference §5.3) and `pdf.render`
//! (a paper form drawn into the object store, `super::forms`). The server
//! registers them with one [`register`] call and schedules [`schedules`].
use backends::jobs::{JobContext, JobError, JobKind, JobRegistry, JobSpec, Schedule};
use backends::Backends;
use serde::{Deserialize, Serialize};

use super::checkout::recover_unseen_payments;

/// Records successful card payments whose return was never seen.
#[derive(Debug, Serialize, Deserialize)]
pub struct RecoverPayments {}

impl JobKind for RecoverPayments {
    const KIND: &'static str = "lpa.recover-payments";
}

/// Every LPA job's handler, added to `registry`. `public_url` makes the links in emails.
pub fn register(registry: JobRegistry, backends: &Backends, public_url: &str) -> JobRegistry {
    let context = (backends.clone(), public_url.to_owned());
    let registry = super::forms::register(registry, backends);
    registry.register(move |_: JobContext, _: RecoverPayments| {
        let (backends, public_url) = context.clone();
        async move {
            let recorded = recover_unseen_payments(&backends, &public_url)
                .await
                .map_err(JobError::retryable)?;
            if recorded > 0 {
                tracing::info!(recorded, "unseen card payments recorded");
            }
            Ok(())
        }
    })
}

pub fn schedules() -> Vec<Schedule> {
    vec![
        Schedule::new("lpa.recover-payments", "*/10 * * * *", |period| {
            Ok(JobSpec::new(&RecoverPayments {})?
                .dedupe_key(format!("lpa.recover-payments:{period}")))
        })
        .expect("a valid cron expression"),
    ]
}
