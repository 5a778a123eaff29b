//! The LPA service's jobs: `lpa.recover-payments` (every 10 minutes: card payments that succeeded
//! at GOV.UK Pay but whose return was never seen are recorded, reference §5.3),
//! `lpa.refresh-statuses` (every hour: Sirius is asked about every completed LPA not yet final,
//! `super::tracking`) and `pdf.render` (a paper form drawn into the object store,
//! `super::forms`). The server registers them with one [`register`] call and schedules
//! [`schedules`].
use backends::jobs::{JobContext, JobError, JobKind, JobRegistry, JobSpec, Schedule};
use backends::Backends;
use serde::{Deserialize, Serialize};

use super::checkout::recover_unseen_payments;
use super::LpaSettings;

/// Records successful card payments whose return was never seen.
#[derive(Debug, Serialize, Deserialize)]
pub struct RecoverPayments {}

impl JobKind for RecoverPayments {
    const KIND: &'static str = "lpa.recover-payments";
}

/// Asks Sirius about every in-flight LPA.
#[derive(Debug, Serialize, Deserialize)]
pub struct RefreshStatuses {}

impl JobKind for RefreshStatuses {
    const KIND: &'static str = "lpa.refresh-statuses";
}

/// Every LPA job's handler, added to `registry`.
pub fn register(registry: JobRegistry, backends: &Backends, settings: &LpaSettings) -> JobRegistry {
    let context = (backends.clone(), settings.clone());
    let registry = super::forms::register(registry, backends);
    let refresh_context = context.clone();
    registry
        .register(move |_: JobContext, _: RecoverPayments| {
            let (backends, settings) = context.clone();
            async move {
                let recorded = recover_unseen_payments(&backends, &settings.public_url)
                    .await
                    .map_err(JobError::retryable)?;
                if recorded > 0 {
                    tracing::info!(recorded, "unseen card payments recorded");
                }
                Ok(())
            }
        })
        .register(move |_: JobContext, _: RefreshStatuses| {
            let (backends, settings) = refresh_context.clone();
            async move {
                let (asked, changed) = super::tracking::refresh_all(&backends, settings.track_from)
                    .await
                    .map_err(JobError::retryable)?;
                tracing::info!(asked, changed, "LPA statuses refreshed");
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
        Schedule::new("lpa.refresh-statuses", "45 * * * *", |period| {
            Ok(JobSpec::new(&RefreshStatuses {})?
                .dedupe_key(format!("lpa.refresh-statuses:{period}")))
        })
        .expect("a valid cron expression"),
    ]
}
