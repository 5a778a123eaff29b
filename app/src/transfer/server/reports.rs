//! What The National Archives reads across consignments (other-systems C.7): the files whose
//! checks failed (TDR's `getFileCheckFailures`) and the consignments whose metadata is under
//! review (`getConsignmentReviewDetails`). Each answers only the consignments the caller may see
//! (a member: their body's; an admin or a service client: all — TDR keeps both to its reporting
//! and TNA roles).
use std::fmt;
use std::str::FromStr;

use backends::on_pool;
use chrono::{DateTime, Utc};

use super::consignments::visible_to;
use super::files::{FfidMatchRecord, CLIENT_CHECKSUM};
use super::{undecodable, Caller, TransferError, Transfers};
use crate::transfer::ids::{ConsignmentId, FileId};
use crate::transfer::reference::ConsignmentReference;
use crate::transfer::status::{
    ConsignmentStatusType, ConsignmentStatusValue, ConsignmentType, FileStatus, FileStatusType,
    FileStatusValue,
};

/// The file statuses a failure is read from, as TDR's report takes them.
const FAILURE_STATUS_TYPES: [FileStatusType; 5] = [
    FileStatusType::Antivirus,
    FileStatusType::FFID,
    FileStatusType::ChecksumMatch,
    FileStatusType::ClientFilePath,
    FileStatusType::Redaction,
];

/// Which failures to report (`GetFileCheckFailuresInput`): of one consignment, or all the
/// caller may see; only those recorded after `after` and before `before` (TDR's bounds are
/// exclusive).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FailureFilter {
    pub consignment: Option<ConsignmentId>,
    pub after: Option<DateTime<Utc>>,
    pub before: Option<DateTime<Utc>>,
}

/// One failed check of one file, with what TDR's report shows beside it. A file identified as
/// several formats has a row per format, as TDR's has.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileCheckFailure {
    pub file_id: FileId,
    pub consignment_id: ConsignmentId,
    pub consignment_reference: ConsignmentReference,
    pub consignment_type: ConsignmentType,
    /// Who started the consignment; gone if their account was deleted.
    pub user_id: Option<String>,
    pub status: FileStatus,
    pub series_name: Option<String>,
    pub body_name: String,
    pub original_path: String,
    /// The threats the antivirus check found (empty if none), if it ran.
    pub antivirus_result: Option<String>,
    /// One format the file format check found, if it ran.
    pub ffid_match: Option<FfidMatchRecord>,
    /// The SHA-256 the browser computed.
    pub client_checksum: Option<String>,
    /// When the failed status was recorded.
    pub created_at: DateTime<Utc>,
    /// The file's place among the files reported (from 1, by consignment and then path): TDR's
    /// `rankOverFilePath`. The rows of one file share it.
    pub rank: u32,
}

/// Where a consignment's metadata review has got to, as TDR's `MetadataReviewStatus` names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum ReviewStatus {
    Requested,
    Rejected,
    Approved,
    Transferred,
}

impl ReviewStatus {
    pub const ALL: [ReviewStatus; 4] = [
        ReviewStatus::Requested,
        ReviewStatus::Rejected,
        ReviewStatus::Approved,
        ReviewStatus::Transferred,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ReviewStatus::Requested => "Requested",
            ReviewStatus::Rejected => "Rejected",
            ReviewStatus::Approved => "Approved",
            ReviewStatus::Transferred => "Transferred",
        }
    }

    /// The review's state from the consignment's `MetadataReview` status, as TDR's review log
    /// reads it (`InProgress` a submission, `Completed` an approval, `CompletedWithIssues` a
    /// rejection; TDR sets no `Failed`, which we read as a rejection), and `Transferred` once an
    /// approved consignment's transfer is confirmed.
    pub fn of(review: ConsignmentStatusValue, transfer_confirmed: bool) -> ReviewStatus {
        match review {
            ConsignmentStatusValue::InProgress => ReviewStatus::Requested,
            ConsignmentStatusValue::CompletedWithIssues | ConsignmentStatusValue::Failed => {
                ReviewStatus::Rejected
            }
            ConsignmentStatusValue::Completed if transfer_confirmed => ReviewStatus::Transferred,
            ConsignmentStatusValue::Completed => ReviewStatus::Approved,
        }
    }
}

impl FromStr for ReviewStatus {
    type Err = String;

    fn from_str(name: &str) -> Result<Self, String> {
        ReviewStatus::ALL
            .into_iter()
            .find(|status| status.as_str() == name)
            .ok_or_else(|| {
                format!(
                    "'{name}' is not a review status: one of {}",
                    ReviewStatus::ALL.map(ReviewStatus::as_str).join(", ")
                )
            })
    }
}

impl fmt::Display for ReviewStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A consignment whose metadata is under review (TDR's `ConsignmentReviewDetails`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReviewDetails {
    pub consignment_id: ConsignmentId,
    pub reference: ConsignmentReference,
    pub status: ReviewStatus,
    pub body_name: String,
    pub series_name: Option<String>,
    /// When the review's state last changed (for `Transferred`, when the transfer was
    /// confirmed).
    pub last_updated: DateTime<Utc>,
}

/// Requested first, then rejected, approved, transferred; within each the latest first (TDR's
/// order).
fn review_order(a: &ReviewDetails, b: &ReviewDetails) -> std::cmp::Ordering {
    a.status
        .cmp(&b.status)
        .then(b.last_updated.cmp(&a.last_updated))
        .then(a.reference.as_str().cmp(b.reference.as_str()))
}

impl Transfers {
    /// The failed checks of the files of the consignments the caller may see (or of one, which
    /// is [`TransferError::NotFound`] if they may not see it), by consignment and path.
    pub async fn file_check_failures(
        &self,
        caller: &Caller,
        filter: &FailureFilter,
    ) -> Result<Vec<FileCheckFailure>, TransferError> {
        if let Some(consignment) = &filter.consignment {
            self.consignment(caller, consignment).await?;
        }
        let types = FAILURE_STATUS_TYPES
            .map(|status_type| format!("'{}'", status_type.as_str()))
            .join(", ");
        let sql = format!(
            "SELECT s.file_id, f.consignment_id, c.reference, c.consignment_type, c.user_id, \
             s.status_type, s.value, sr.name, b.name, f.original_path, a.result, \
             m.extension, m.identification_basis, m.puid, m.extension_mismatch, m.format_name, \
             cs.value, s.created_at \
             FROM file_statuses s \
             JOIN transfer_files f ON f.id = s.file_id \
             JOIN consignments c ON c.id = f.consignment_id \
             JOIN transfer_bodies b ON b.id = c.body_id \
             LEFT JOIN transfer_series sr ON sr.id = c.series_id \
             LEFT JOIN antivirus_metadata a ON a.file_id = f.id \
             LEFT JOIN ffid_matches m ON m.file_id = f.id \
             LEFT JOIN file_metadata cs ON cs.file_id = f.id AND cs.property_name = '{CLIENT_CHECKSUM}' \
             WHERE s.status_type IN ({types}) AND s.value <> '{}' AND {} \
             AND ($3 IS NULL OR c.id = $3) AND ($4 IS NULL OR s.created_at > $4) \
             AND ($5 IS NULL OR s.created_at < $5) \
             ORDER BY c.sequence, f.original_path, s.id, m.position",
            FileStatusValue::Success.as_str(),
            visible_to(1),
        );
        type Columns = (
            String,
            String,
            String,
            String,
            Option<String>,
            String,
            String,
            Option<String>,
            String,
            String,
            Option<String>,
            Option<String>,
            Option<String>,
            Option<String>,
            Option<bool>,
            Option<String>,
        );
        // Tuples decode at most 16 columns: the last two come in a second tuple.
        type Row = (Columns, (Option<String>, DateTime<Utc>));
        let rows: Vec<Row> = on_pool!(&self.pool, pool => {
            let found = sqlx::query(&sql)
                .bind(caller.sees_all())
                .bind(caller.user_id())
                .bind(filter.consignment.as_ref().map(ConsignmentId::as_str))
                .bind(filter.after)
                .bind(filter.before)
                .fetch_all(pool)
                .await?;
            found
                .iter()
                .map(|row| {
                    use sqlx::Row as _;
                    Ok((
                        (
                            row.try_get(0)?,
                            row.try_get(1)?,
                            row.try_get(2)?,
                            row.try_get(3)?,
                            row.try_get(4)?,
                            row.try_get(5)?,
                            row.try_get(6)?,
                            row.try_get(7)?,
                            row.try_get(8)?,
                            row.try_get(9)?,
                            row.try_get(10)?,
                            row.try_get(11)?,
                            row.try_get(12)?,
                            row.try_get(13)?,
                            row.try_get(14)?,
                            row.try_get(15)?,
                        ),
                        (row.try_get(16)?, row.try_get(17)?),
                    ))
                })
                .collect::<Result<Vec<_>, sqlx::Error>>()?
        });
        let mut failures = Vec::with_capacity(rows.len());
        let mut rank = 0u32;
        let mut last_file: Option<String> = None;
        for (
            (
                file_id,
                consignment_id,
                reference,
                consignment_type,
                user_id,
                status_type,
                value,
                series_name,
                body_name,
                original_path,
                antivirus_result,
                extension,
                identification_basis,
                puid,
                extension_mismatch,
                format_name,
            ),
            (client_checksum, created_at),
        ) in rows
        {
            if last_file.as_deref() != Some(file_id.as_str()) {
                rank += 1;
                last_file = Some(file_id.clone());
            }
            let ffid_match = identification_basis.map(|identification_basis| FfidMatchRecord {
                extension,
                identification_basis,
                puid,
                extension_mismatch: extension_mismatch.unwrap_or(false),
                format_name: format_name.unwrap_or_default(),
            });
            failures.push(FileCheckFailure {
                file_id: file_id.parse().map_err(undecodable)?,
                consignment_id: consignment_id.parse().map_err(undecodable)?,
                consignment_reference: ConsignmentReference::from_stored(reference),
                consignment_type: consignment_type.parse().map_err(undecodable)?,
                user_id,
                status: FileStatus {
                    status_type: status_type.parse().map_err(undecodable)?,
                    value: value.parse().map_err(undecodable)?,
                },
                series_name,
                body_name,
                original_path,
                antivirus_result,
                ffid_match,
                client_checksum,
                created_at,
                rank,
            });
        }
        Ok(failures)
    }

    /// The consignments the caller may see whose metadata is under review (they have a
    /// `MetadataReview` status), only those in `status` if given; requested first, then
    /// rejected, approved and transferred, the latest first within each.
    pub async fn review_details(
        &self,
        caller: &Caller,
        status: Option<ReviewStatus>,
    ) -> Result<Vec<ReviewDetails>, TransferError> {
        type Row = (
            String,
            String,
            String,
            Option<String>,
            String,
            DateTime<Utc>,
            Option<DateTime<Utc>>,
            Option<DateTime<Utc>>,
            Option<String>,
        );
        let sql = format!(
            "SELECT c.id, c.reference, b.name, sr.name, s.value, s.created_at, s.modified_at, \
             c.transfer_initiated_at, \
             (SELECT t.value FROM consignment_statuses t WHERE t.consignment_id = c.id \
              AND t.status_type = '{}') \
             FROM consignment_statuses s \
             JOIN consignments c ON c.id = s.consignment_id \
             JOIN transfer_bodies b ON b.id = c.body_id \
             LEFT JOIN transfer_series sr ON sr.id = c.series_id \
             WHERE s.status_type = '{}' AND {}",
            ConsignmentStatusType::ConfirmTransfer.as_str(),
            ConsignmentStatusType::MetadataReview.as_str(),
            visible_to(1),
        );
        let rows: Vec<Row> = on_pool!(&self.pool, pool => {
            sqlx::query_as(&sql)
                .bind(caller.sees_all())
                .bind(caller.user_id())
                .fetch_all(pool)
                .await?
        });
        let mut details = Vec::with_capacity(rows.len());
        for (id, reference, body_name, series_name, value, created, modified, initiated, confirm) in
            rows
        {
            let review: ConsignmentStatusValue = value.parse().map_err(undecodable)?;
            let confirmed = confirm.as_deref() == Some(ConsignmentStatusValue::Completed.as_str());
            let review_status = ReviewStatus::of(review, confirmed);
            if status.is_some_and(|wanted| wanted != review_status) {
                continue;
            }
            let changed = modified.unwrap_or(created);
            let last_updated = match review_status {
                ReviewStatus::Transferred => initiated.map_or(changed, |at| at.max(changed)),
                _ => changed,
            };
            details.push(ReviewDetails {
                consignment_id: id.parse().map_err(undecodable)?,
                reference: ConsignmentReference::from_stored(reference),
                status: review_status,
                body_name,
                series_name,
                last_updated,
            });
        }
        details.sort_by(review_order);
        Ok(details)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_review_status_is_read_as_tdrs_review_log_reads_it() {
        use ConsignmentStatusValue as Value;
        assert_eq!(
            ReviewStatus::of(Value::InProgress, false),
            ReviewStatus::Requested
        );
        assert_eq!(
            ReviewStatus::of(Value::CompletedWithIssues, false),
            ReviewStatus::Rejected
        );
        assert_eq!(
            ReviewStatus::of(Value::Completed, false),
            ReviewStatus::Approved
        );
        assert_eq!(
            ReviewStatus::of(Value::Completed, true),
            ReviewStatus::Transferred
        );
        assert_eq!("Approved".parse(), Ok(ReviewStatus::Approved));
        assert!("approved".parse::<ReviewStatus>().is_err());
    }

    #[test]
    fn reviews_are_ordered_as_tdr_orders_them() {
        let at = |seconds| DateTime::from_timestamp(seconds, 0).unwrap();
        let details = |status, seconds, reference: &str| ReviewDetails {
            consignment_id: ConsignmentId::random(),
            reference: ConsignmentReference::from_stored(reference.to_owned()),
            status,
            body_name: String::new(),
            series_name: None,
            last_updated: at(seconds),
        };
        let mut all = [
            details(ReviewStatus::Approved, 5, "A"),
            details(ReviewStatus::Requested, 1, "B"),
            details(ReviewStatus::Requested, 9, "C"),
            details(ReviewStatus::Transferred, 9, "D"),
            details(ReviewStatus::Rejected, 2, "E"),
        ];
        all.sort_by(review_order);
        let references: Vec<&str> = all.iter().map(|d| d.reference.as_str()).collect();
        assert_eq!(references, ["C", "B", "E", "A", "D"]);
    }
}
