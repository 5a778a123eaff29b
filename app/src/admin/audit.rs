//! What the audit log records: each admin action by name (the real admin's names where it had
//! them, `admin.feedback.export`), so the log can be filtered by action.
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum AuditAction {
    SystemMessageSet,
    SystemMessageCleared,
    FeedbackSearched,
    FeedbackExported,
    UserActivated,
    UserUnlocked,
    UserDeleted,
    JobRetried,
    MonthWorkedOutAgain,
    AllChannelsEntered,
    TransferExportDownloaded,
}

impl AuditAction {
    pub const ALL: [AuditAction; 11] = [
        AuditAction::SystemMessageSet,
        AuditAction::SystemMessageCleared,
        AuditAction::FeedbackSearched,
        AuditAction::FeedbackExported,
        AuditAction::UserActivated,
        AuditAction::UserUnlocked,
        AuditAction::UserDeleted,
        AuditAction::JobRetried,
        AuditAction::MonthWorkedOutAgain,
        AuditAction::AllChannelsEntered,
        AuditAction::TransferExportDownloaded,
    ];

    /// The name the log keeps.
    pub fn name(self) -> &'static str {
        match self {
            AuditAction::SystemMessageSet => "admin.system_message.set",
            AuditAction::SystemMessageCleared => "admin.system_message.clear",
            AuditAction::FeedbackSearched => "admin.feedback.search",
            AuditAction::FeedbackExported => "admin.feedback.export",
            AuditAction::UserActivated => "admin.user.activate",
            AuditAction::UserUnlocked => "admin.user.unlock",
            AuditAction::UserDeleted => "admin.user.delete",
            AuditAction::JobRetried => "admin.job.retry",
            AuditAction::MonthWorkedOutAgain => "admin.performance.rerun",
            AuditAction::AllChannelsEntered => "admin.performance.all_channels",
            AuditAction::TransferExportDownloaded => "admin.transfer.export_download",
        }
    }

    /// What it means, for the log's page.
    pub fn description(self) -> &'static str {
        match self {
            AuditAction::SystemMessageSet => "Set the system message",
            AuditAction::SystemMessageCleared => "Removed the system message",
            AuditAction::FeedbackSearched => "Looked at feedback",
            AuditAction::FeedbackExported => "Downloaded feedback",
            AuditAction::UserActivated => "Activated an account",
            AuditAction::UserUnlocked => "Unlocked an account",
            AuditAction::UserDeleted => "Deleted an account",
            AuditAction::JobRetried => "Retried a dead job",
            AuditAction::MonthWorkedOutAgain => "Sent a month's figures to be worked out again",
            AuditAction::AllChannelsEntered => "Entered applications received by any channel",
            AuditAction::TransferExportDownloaded => "Downloaded a transfer's exported records",
        }
    }

    pub fn parse(name: &str) -> Option<Self> {
        AuditAction::ALL
            .into_iter()
            .find(|action| action.name() == name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_action_has_its_own_name_that_reads_back() {
        let mut names: Vec<_> = AuditAction::ALL.iter().map(|a| a.name()).collect();
        for action in AuditAction::ALL {
            assert_eq!(AuditAction::parse(action.name()), Some(action));
            assert!(action.name().starts_with("admin."));
        }
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), AuditAction::ALL.len());
        assert_eq!(AuditAction::parse("admin.unknown"), None);
    }
}
