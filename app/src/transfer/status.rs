//! Consignment and file statuses with TDR's own type and value names (other-systems C.1), and the
//! rules read from them (C.4, C.5): whether every check succeeded, the progress counts, when the
//! checks are over, and what the results page says to do about a failure.
use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// Enums whose variants are TDR's names: the name as `as_str`, `FromStr` back from it, and
/// serde through the name.
macro_rules! tdr_names {
    ($(#[$meta:meta])* $name:ident { $($variant:ident,)+ }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        pub enum $name {
            $($variant,)+
        }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant,)+];

            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => stringify!($variant),)+
                }
            }
        }

        impl FromStr for $name {
            type Err = UnknownName;

            fn from_str(name: &str) -> Result<Self, UnknownName> {
                $name::ALL
                    .iter()
                    .copied()
                    .find(|known| known.as_str() == name)
                    .ok_or_else(|| UnknownName {
                        kind: stringify!($name),
                        name: name.to_owned(),
                    })
            }
        }

        impl TryFrom<String> for $name {
            type Error = UnknownName;

            fn try_from(name: String) -> Result<Self, UnknownName> {
                name.parse()
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

/// A name that is not one of TDR's.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{name:?} is not a {kind}")]
pub struct UnknownName {
    pub kind: &'static str,
    pub name: String,
}

tdr_names!(
    /// What a consignment status is about.
    ConsignmentStatusType {
        Series,
        TransferAgreement,
        Upload,
        ClientChecks,
        ServerAntivirus,
        ServerChecksum,
        ServerFFID,
        ServerRedaction,
        DraftMetadata,
        DraftMetadataUpload,
        MetadataReview,
        ConfirmTransfer,
        Export,
    }
);

tdr_names!(
    /// Where a consignment status has got to.
    ConsignmentStatusValue {
        InProgress,
        Completed,
        CompletedWithIssues,
        Failed,
    }
);

tdr_names!(
    /// What a file status is about.
    FileStatusType {
        ChecksumMatch,
        Antivirus,
        FFID,
        Redaction,
        Upload,
        ServerChecksum,
        ClientChecks,
        ClientFilePath,
    }
);

tdr_names!(
    /// A file status's value.
    FileStatusValue {
        Success,
        Failed,
        Mismatch,
        VirusDetected,
        PasswordProtected,
        Zip,
        NonJudgmentFormat,
        ZeroByteFile,
        InProgress,
        Completed,
        MultipleFormats,
        Unidentified,
        Executable,
        OperatingSystemMac,
        NonRecord,
        SystemFile,
        Backup,
        Shortcut,
        LicenseContainsRegistrationInformation,
    }
);

/// A consignment's kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ConsignmentType {
    Standard,
    Judgment,
}

impl ConsignmentType {
    /// TDR's name for it.
    pub fn as_str(self) -> &'static str {
        match self {
            ConsignmentType::Standard => "standard",
            ConsignmentType::Judgment => "judgment",
        }
    }
}

impl FromStr for ConsignmentType {
    type Err = UnknownName;

    fn from_str(name: &str) -> Result<Self, UnknownName> {
        match name {
            "standard" => Ok(ConsignmentType::Standard),
            "judgment" => Ok(ConsignmentType::Judgment),
            _ => Err(UnknownName {
                kind: "ConsignmentType",
                name: name.to_owned(),
            }),
        }
    }
}

/// One file status row.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileStatus {
    pub status_type: FileStatusType,
    pub value: FileStatusValue,
}

/// The three checks each file goes through on the server.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Check {
    Antivirus,
    Checksum,
    FileFormat,
}

impl Check {
    pub const ALL: [Check; 3] = [Check::Antivirus, Check::Checksum, Check::FileFormat];

    /// The file status type whose rows count this check's progress (C.4).
    pub fn progress_status(self) -> FileStatusType {
        match self {
            Check::Antivirus => FileStatusType::Antivirus,
            Check::Checksum => FileStatusType::ChecksumMatch,
            Check::FileFormat => FileStatusType::FFID,
        }
    }

    /// The consignment status the server keeps for this check over all files.
    pub fn consignment_status(self) -> ConsignmentStatusType {
        match self {
            Check::Antivirus => ConsignmentStatusType::ServerAntivirus,
            Check::Checksum => ConsignmentStatusType::ServerChecksum,
            Check::FileFormat => ConsignmentStatusType::ServerFFID,
        }
    }

    /// The check's name in the store, the job queue and the bench output.
    pub fn as_str(self) -> &'static str {
        match self {
            Check::Antivirus => "antivirus",
            Check::Checksum => "checksum",
            Check::FileFormat => "ffid",
        }
    }

    /// How the progress page names it (C.5).
    pub fn label(self) -> &'static str {
        match self {
            Check::Antivirus => "Anti-virus scanning",
            Check::Checksum => "Validating data integrity",
            Check::FileFormat => "Identifying file formats",
        }
    }
}

impl FromStr for Check {
    type Err = UnknownName;

    fn from_str(name: &str) -> Result<Self, UnknownName> {
        Check::ALL
            .into_iter()
            .find(|check| check.as_str() == name)
            .ok_or_else(|| UnknownName {
                kind: "check",
                name: name.to_owned(),
            })
    }
}

/// The file status types `allChecksSucceeded` judges: each must be `Success`.
pub const JUDGED_STATUSES: [FileStatusType; 4] = [
    FileStatusType::ChecksumMatch,
    FileStatusType::Antivirus,
    FileStatusType::FFID,
    FileStatusType::Redaction,
];

/// What `allChecksSucceeded` needs of a consignment's file statuses, which the store counts
/// without reading them all: how many judged statuses are not `Success`, and how many of the
/// three checks have at least one status.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ChecksTally {
    pub judged_not_success: u64,
    pub checks_present: usize,
}

impl ChecksTally {
    pub fn of(statuses: &[FileStatus]) -> Self {
        ChecksTally {
            judged_not_success: statuses
                .iter()
                .filter(|status| JUDGED_STATUSES.contains(&status.status_type))
                .filter(|status| status.value != FileStatusValue::Success)
                .count() as u64,
            checks_present: Check::ALL
                .into_iter()
                .filter(|check| {
                    statuses
                        .iter()
                        .any(|status| status.status_type == check.progress_status())
                })
                .count(),
        }
    }

    /// `allChecksSucceeded` as TDR's API defines it: every status of the types ChecksumMatch,
    /// Antivirus, FFID and Redaction is `Success`, and there is at least one of each of the
    /// first three. (Over the whole consignment, as the API computes it: not per file.)
    pub fn all_succeeded(self) -> bool {
        self.judged_not_success == 0 && self.checks_present == Check::ALL.len()
    }
}

/// See [`ChecksTally::all_succeeded`].
pub fn all_checks_succeeded(statuses: &[FileStatus]) -> bool {
    ChecksTally::of(statuses).all_succeeded()
}

/// How many files each check has processed (`fileChecks`): the number of file status rows of its
/// type. A file whose format matched two disallowed PUIDs has two FFID rows, as in TDR.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckProgress {
    pub antivirus: u64,
    pub checksum: u64,
    pub ffid: u64,
}

impl CheckProgress {
    pub fn of(statuses: &[FileStatus]) -> Self {
        let count = |status_type| {
            statuses
                .iter()
                .filter(|status| status.status_type == status_type)
                .count() as u64
        };
        CheckProgress {
            antivirus: count(FileStatusType::Antivirus),
            checksum: count(FileStatusType::ChecksumMatch),
            ffid: count(FileStatusType::FFID),
        }
    }

    pub fn processed(&self, check: Check) -> u64 {
        match check {
            Check::Antivirus => self.antivirus,
            Check::Checksum => self.checksum,
            Check::FileFormat => self.ffid,
        }
    }

    /// The checks are over (C.5): every count has reached the number of files and no consignment
    /// status is still in progress.
    pub fn complete(&self, total_files: u64, any_status_in_progress: bool) -> bool {
        !any_status_in_progress
            && Check::ALL
                .into_iter()
                .all(|check| self.processed(check) >= total_files)
    }
}

/// How far the checks of a consignment have got: what the checking page shows, what the
/// progress server function answers and what its websocket sends on each finding.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChecksState {
    pub progress: CheckProgress,
    pub total_files: u64,
    /// Every check has a final status for the consignment (`flow::Progress::checks_over`).
    pub over: bool,
}

/// What one failed status means for the person transferring, as the error report and the
/// results page say it; `None` for a status that is not a failure. In TDR's current rules (its
/// common `StatusActions`) every failure is "user fixable": the person takes the file out or
/// replaces it and starts a new transfer, so no failure needs The National Archives' support.
pub fn failure_of(status: FileStatus) -> Option<Failure> {
    use FileStatusType as T;
    use FileStatusValue as V;
    let message = match (status.status_type, status.value) {
        (_, V::Success | V::Completed | V::InProgress) => return None,
        (T::Antivirus, V::VirusDetected) => "A virus was found in this file. Remove it from your folder and start a new transfer.",
        (T::Antivirus, _) => "We could not scan this file for viruses. Try again by starting a new transfer.",
        (T::ChecksumMatch, V::Mismatch) => "The file changed while it was being uploaded. Start a new transfer and upload it again.",
        (T::ChecksumMatch, _) => "We could not check this file's integrity. Start a new transfer and upload it again.",
        (T::FFID, V::PasswordProtected) => "This file is password protected. Remove the password, or remove the file, and start a new transfer.",
        (T::FFID, V::Zip) => "This is a compressed, archive or disk image file (such as .zip or .rar). Extract its contents into your folder and start a new transfer.",
        (T::FFID, V::ZeroByteFile) => "This file is empty (0 bytes). Remove it from your folder and start a new transfer.",
        (T::FFID, V::NonJudgmentFormat) => "Judgments must be Microsoft Word documents (.docx).",
        (T::FFID, V::MultipleFormats) => "This file could be in more than one format, so we cannot tell which. Check the file opens as it should, save it again in one format and start a new transfer.",
        (T::FFID, V::Executable) => "This is a program or script, which we do not accept. Remove it from your folder and start a new transfer.",
        (T::FFID, V::SystemFile | V::OperatingSystemMac) => "This is a system file, not a record. Remove it from your folder and start a new transfer.",
        (T::FFID, V::Backup) => "This is a backup or temporary file. Remove it from your folder and start a new transfer.",
        (T::FFID, V::Shortcut) => "This is a shortcut to another file. Put the file itself in your folder and start a new transfer.",
        (T::FFID, V::NonRecord | V::LicenseContainsRegistrationInformation) => "This file is not a record we can accept. Remove it from your folder and start a new transfer.",
        (T::FFID, _) => "We could not identify this file's format. Check the file opens as it should and start a new transfer.",
        (_, _) => "This file failed our checks. Remove it from your folder and start a new transfer.",
    };
    Some(Failure { status, message })
}

/// A failed status and what to do about it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Failure {
    pub status: FileStatus,
    pub message: &'static str,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn status(status_type: FileStatusType, value: FileStatusValue) -> FileStatus {
        FileStatus { status_type, value }
    }

    fn good_file() -> Vec<FileStatus> {
        vec![
            status(FileStatusType::Antivirus, FileStatusValue::Success),
            status(FileStatusType::ChecksumMatch, FileStatusValue::Success),
            status(FileStatusType::FFID, FileStatusValue::Success),
        ]
    }

    #[test]
    fn names_are_tdrs_and_read_back() {
        assert_eq!(ConsignmentStatusType::ServerFFID.as_str(), "ServerFFID");
        assert_eq!(FileStatusValue::VirusDetected.as_str(), "VirusDetected");
        for value in FileStatusValue::ALL {
            assert_eq!(value.as_str().parse::<FileStatusValue>(), Ok(*value));
        }
        assert!("virusdetected".parse::<FileStatusValue>().is_err());
        assert_eq!(
            serde_json::to_string(&ConsignmentType::Judgment).unwrap(),
            "\"judgment\""
        );
    }

    #[test]
    fn all_checks_succeeded_needs_each_check_and_no_failure() {
        assert!(all_checks_succeeded(&good_file()));
        assert!(!all_checks_succeeded(&[]), "no checks yet is not success");
        assert!(!all_checks_succeeded(&good_file()[..2]), "FFID missing");
        let mut redaction_failed = good_file();
        redaction_failed.push(status(FileStatusType::Redaction, FileStatusValue::Failed));
        assert!(!all_checks_succeeded(&redaction_failed));
        let mut infected = good_file();
        infected.push(status(
            FileStatusType::Antivirus,
            FileStatusValue::VirusDetected,
        ));
        assert!(!all_checks_succeeded(&infected));
        let mut with_upload = good_file();
        with_upload.push(status(FileStatusType::Upload, FileStatusValue::Completed));
        assert!(
            all_checks_succeeded(&with_upload),
            "other types do not count"
        );
    }

    #[test]
    fn progress_counts_status_rows_and_completes_with_every_count() {
        let mut statuses = good_file();
        statuses.extend(good_file());
        statuses.push(status(FileStatusType::Antivirus, FileStatusValue::Success));
        let progress = CheckProgress::of(&statuses);
        assert_eq!(
            progress,
            CheckProgress {
                antivirus: 3,
                checksum: 2,
                ffid: 2
            }
        );
        assert!(
            !progress.complete(3, false),
            "checksum and ffid have 2 of 3"
        );
        assert!(progress.complete(2, false));
        assert!(!progress.complete(2, true), "a status still in progress");
    }

    #[test]
    fn only_failures_have_an_action() {
        assert_eq!(
            failure_of(status(FileStatusType::FFID, FileStatusValue::Success)),
            None
        );
        let zip = failure_of(status(FileStatusType::FFID, FileStatusValue::Zip)).unwrap();
        assert!(zip.message.contains(".zip"));
        assert!(failure_of(status(
            FileStatusType::Antivirus,
            FileStatusValue::VirusDetected
        ))
        .unwrap()
        .message
        .contains("virus"));
    }
}
