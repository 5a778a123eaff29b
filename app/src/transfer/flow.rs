//! The standard journey's order (other-systems C.2), in one table, and the rule every step's page
//! applies: a step can be reached only once the steps before it are done. Where a consignment has
//! got to is read from its statuses alone, so the same rule holds for the pages, the upload
//! endpoints and the GraphQL mutations.
use serde::{Deserialize, Serialize};

use super::ids::ConsignmentId;
use super::paths;
use super::status::{ConsignmentStatusType as Type, ConsignmentStatusValue as Value};
use crate::paths::{Href, Path};

/// A step of the journey, in order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Step {
    Series,
    TransferAgreement,
    TransferAgreementContinued,
    Upload,
    FileChecks,
    FileChecksResults,
    ConfirmTransfer,
    TransferComplete,
}

/// A row of the journey: the step, its page, and what makes it done.
type StepRow = (Step, Path<ConsignmentId>, fn(&Progress) -> bool);

/// The journey's one table, in order.
const JOURNEY: [StepRow; 8] = [
    (Step::Series, paths::SERIES, |p| {
        p.is(Type::Series, Value::Completed)
    }),
    (Step::TransferAgreement, paths::TRANSFER_AGREEMENT, |p| {
        p.value(Type::TransferAgreement).is_some()
    }),
    (
        Step::TransferAgreementContinued,
        paths::TRANSFER_AGREEMENT_CONTINUED,
        |p| p.is(Type::TransferAgreement, Value::Completed),
    ),
    (Step::Upload, paths::UPLOAD, |p| {
        p.is(Type::Upload, Value::Completed)
    }),
    (Step::FileChecks, paths::FILE_CHECKS, Progress::checks_over),
    // The results are passed once every check succeeded; with failures the consignment stops
    // here and the person starts a new transfer.
    (Step::FileChecksResults, paths::FILE_CHECKS_RESULTS, |p| {
        p.checks_over() && p.all_checks_succeeded
    }),
    (Step::ConfirmTransfer, paths::CONFIRM_TRANSFER, |p| {
        p.is(Type::ConfirmTransfer, Value::Completed)
    }),
    (Step::TransferComplete, paths::TRANSFER_COMPLETE, |_| false),
];

impl Step {
    fn row(self) -> &'static StepRow {
        JOURNEY
            .iter()
            .find(|(step, ..)| *step == self)
            .expect("every step has a row")
    }

    pub fn path(self) -> Path<ConsignmentId> {
        self.row().1
    }

    pub fn href(self, consignment: &ConsignmentId) -> Href {
        self.path().to(consignment.clone())
    }

    /// The step's name, as its page's URL ends: `series`, `upload`, `confirm-transfer`.
    pub fn name(self) -> &'static str {
        let pattern = self.path().pattern();
        pattern.rsplit('/').next().unwrap_or(pattern)
    }

    pub fn is_done(self, progress: &Progress) -> bool {
        (self.row().2)(progress)
    }

    /// Once done, its page still shows, read-only: TDR's "already confirmed" series and
    /// agreement pages, the checking page over, and the results (from which the person goes on
    /// to confirm).
    fn shows_when_done(self) -> bool {
        matches!(
            self,
            Step::Series
                | Step::TransferAgreement
                | Step::TransferAgreementContinued
                // Over: "Your records have been checked" and Continue, whether the page learnt
                // it over its websocket or by reloading itself without JavaScript.
                | Step::FileChecks
                | Step::FileChecksResults
        )
    }
}

/// A consignment's statuses, as the journey reads them.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Progress {
    pub statuses: Vec<(Type, Value)>,
    /// `allChecksSucceeded` over the consignment's file statuses.
    pub all_checks_succeeded: bool,
}

impl Progress {
    pub fn value(&self, status_type: Type) -> Option<Value> {
        self.statuses
            .iter()
            .find(|(known, _)| *known == status_type)
            .map(|(_, value)| *value)
    }

    fn is(&self, status_type: Type, value: Value) -> bool {
        self.value(status_type) == Some(value)
    }

    /// The backend checks could not run (C.5): the client checks failed while the file format
    /// check had not finished.
    pub fn backend_checks_failed(&self) -> bool {
        self.is(Type::ClientChecks, Value::Failed)
            && self
                .value(Type::ServerFFID)
                .is_none_or(|value| value == Value::InProgress)
    }

    /// Every server check has a final status for the whole consignment, or they could not run.
    pub fn checks_over(&self) -> bool {
        let finished = |status_type| {
            self.value(status_type)
                .is_some_and(|value| value != Value::InProgress)
        };
        self.backend_checks_failed()
            || (finished(Type::ServerAntivirus)
                && finished(Type::ServerChecksum)
                && finished(Type::ServerFFID))
    }

    /// The step the consignment is at: the first one not done.
    pub fn current_step(&self) -> Step {
        JOURNEY
            .iter()
            .map(|(step, ..)| *step)
            .find(|step| !step.is_done(self))
            .unwrap_or(Step::TransferComplete)
    }

    /// Whether `step`'s page may be shown, or where to go instead.
    pub fn access(&self, step: Step) -> Access {
        let current = self.current_step();
        match step.cmp(&current) {
            std::cmp::Ordering::Greater => Access::NotYet(current),
            std::cmp::Ordering::Equal => Access::Current,
            std::cmp::Ordering::Less => Access::Done(current),
        }
    }
}

impl Progress {
    /// Whether `step`'s page shows, or the step to go to instead.
    pub fn open(&self, step: Step) -> Result<(), Step> {
        match self.access(step) {
            Access::Current => Ok(()),
            Access::Done(_) if step.shows_when_done() => Ok(()),
            Access::Done(current) | Access::NotYet(current) => Err(current),
        }
    }

    /// Whether a form may change `step` now: only at the step the consignment is at.
    pub fn accepts(&self, step: Step) -> Result<(), Step> {
        match self.access(step) {
            Access::Current => Ok(()),
            Access::Done(current) | Access::NotYet(current) => Err(current),
        }
    }
}

/// What a step's page does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Access {
    /// This is where the consignment is: show the step.
    Current,
    /// Done already: show it as confirmed (as TDR does for the series and the agreement), or go
    /// on to the step the consignment is at.
    Done(Step),
    /// Steps before it are not done: go to the step the consignment is at.
    NotYet(Step),
}

#[cfg(test)]
mod tests {
    use super::*;

    fn progress(statuses: &[(Type, Value)], all_checks_succeeded: bool) -> Progress {
        Progress {
            statuses: statuses.to_vec(),
            all_checks_succeeded,
        }
    }

    const UPLOADED: [(Type, Value); 4] = [
        (Type::Series, Value::Completed),
        (Type::TransferAgreement, Value::Completed),
        (Type::Upload, Value::Completed),
        (Type::ClientChecks, Value::Completed),
    ];

    fn checked(value: Value) -> Vec<(Type, Value)> {
        let mut statuses = UPLOADED.to_vec();
        statuses.extend([
            (Type::ServerAntivirus, value),
            (Type::ServerChecksum, Value::Completed),
            (Type::ServerFFID, Value::Completed),
        ]);
        statuses
    }

    #[test]
    fn a_new_consignment_starts_at_the_series_and_cannot_skip_ahead() {
        let new = Progress::default();
        assert_eq!(new.current_step(), Step::Series);
        assert_eq!(new.access(Step::Series), Access::Current);
        assert_eq!(new.access(Step::Upload), Access::NotYet(Step::Series));
        assert_eq!(
            new.access(Step::ConfirmTransfer),
            Access::NotYet(Step::Series)
        );
    }

    #[test]
    fn the_agreement_has_two_parts() {
        let part_one = progress(
            &[
                (Type::Series, Value::Completed),
                (Type::TransferAgreement, Value::InProgress),
            ],
            false,
        );
        assert_eq!(part_one.current_step(), Step::TransferAgreementContinued);
        assert_eq!(
            part_one.access(Step::TransferAgreement),
            Access::Done(Step::TransferAgreementContinued)
        );
    }

    #[test]
    fn an_upload_in_progress_stays_at_the_upload() {
        let uploading = progress(
            &[
                (Type::Series, Value::Completed),
                (Type::TransferAgreement, Value::Completed),
                (Type::Upload, Value::InProgress),
            ],
            false,
        );
        assert_eq!(uploading.current_step(), Step::Upload);
        assert_eq!(
            uploading.access(Step::FileChecks),
            Access::NotYet(Step::Upload)
        );
    }

    #[test]
    fn checks_running_then_over() {
        let running = progress(&checked(Value::InProgress), false);
        assert_eq!(running.current_step(), Step::FileChecks);
        assert!(!running.checks_over());
        let succeeded = progress(&checked(Value::Completed), true);
        assert_eq!(succeeded.current_step(), Step::ConfirmTransfer);
        assert_eq!(
            succeeded.access(Step::FileChecksResults),
            Access::Done(Step::ConfirmTransfer)
        );
    }

    #[test]
    fn failures_stop_the_consignment_at_the_results() {
        let failed = progress(&checked(Value::CompletedWithIssues), false);
        assert_eq!(failed.current_step(), Step::FileChecksResults);
        assert_eq!(
            failed.access(Step::ConfirmTransfer),
            Access::NotYet(Step::FileChecksResults)
        );
    }

    #[test]
    fn a_backend_failure_goes_to_the_results() {
        let mut statuses = UPLOADED.to_vec();
        statuses[3] = (Type::ClientChecks, Value::Failed);
        statuses.push((Type::ServerFFID, Value::InProgress));
        let broken = progress(&statuses, false);
        assert!(broken.backend_checks_failed());
        assert_eq!(broken.current_step(), Step::FileChecksResults);
    }

    #[test]
    fn confirmed_goes_to_complete() {
        let mut statuses = checked(Value::Completed);
        statuses.push((Type::ConfirmTransfer, Value::Completed));
        let confirmed = progress(&statuses, true);
        assert_eq!(confirmed.current_step(), Step::TransferComplete);
        assert_eq!(
            confirmed.access(Step::Upload),
            Access::Done(Step::TransferComplete)
        );
    }

    #[test]
    fn done_steps_show_read_only_or_move_on() {
        let succeeded = progress(&checked(Value::Completed), true);
        assert_eq!(succeeded.open(Step::Series), Ok(()));
        assert_eq!(succeeded.accepts(Step::Series), Err(Step::ConfirmTransfer));
        assert_eq!(succeeded.open(Step::Upload), Err(Step::ConfirmTransfer));
        assert_eq!(succeeded.open(Step::FileChecks), Ok(()));
        assert_eq!(succeeded.open(Step::FileChecksResults), Ok(()));
        assert_eq!(
            succeeded.open(Step::TransferComplete),
            Err(Step::ConfirmTransfer)
        );
    }

    #[test]
    fn steps_are_named_as_their_pages() {
        assert_eq!(Step::Series.name(), "series");
        assert_eq!(
            Step::TransferAgreementContinued.name(),
            "transfer-agreement-continued"
        );
        assert_eq!(Step::ConfirmTransfer.name(), "confirm-transfer");
    }

    #[test]
    fn every_step_has_one_row_in_order() {
        let steps: Vec<Step> = JOURNEY.iter().map(|(step, ..)| *step).collect();
        let mut sorted = steps.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(steps, sorted);
    }
}
