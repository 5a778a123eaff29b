//! Consignments and their statuses and metadata (other-systems C.1, C.2).
use std::collections::HashMap;

use backends::store::StoreTransaction;
use backends::{in_transaction, on_pool};
use chrono::{DateTime, Datelike, Utc};

use super::files::placeholders;
use super::{undecodable, Body, Series, TransferError, Transfers};
use crate::transfer::flow::{Progress, Step};
use crate::transfer::ids::{BodyId, ConsignmentId, SeriesId};
use crate::transfer::reference::ConsignmentReference;
use crate::transfer::status::{ConsignmentStatusType, ConsignmentStatusValue, ConsignmentType};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Consignment {
    pub id: ConsignmentId,
    pub reference: ConsignmentReference,
    /// Who started it; gone if their account was deleted.
    pub user_id: Option<String>,
    pub body: Body,
    pub series: Option<Series>,
    pub consignment_type: ConsignmentType,
    pub include_top_level_folder: bool,
    /// The folder the person uploaded (`parentFolder`).
    pub parent_folder: Option<String>,
    pub created_at: DateTime<Utc>,
    pub transfer_initiated_at: Option<DateTime<Utc>>,
    pub contact_name: Option<String>,
    pub contact_email: Option<String>,
    pub export_at: Option<DateTime<Utc>>,
    pub export_location: Option<String>,
    pub export_version: Option<String>,
    pub export_failure: Option<String>,
}

#[derive(sqlx::FromRow)]
struct ConsignmentRow {
    id: String,
    reference: String,
    user_id: Option<String>,
    body_id: String,
    body_name: String,
    body_code: String,
    series_id: Option<String>,
    series_code: Option<String>,
    series_name: Option<String>,
    series_description: Option<String>,
    consignment_type: String,
    include_top_level_folder: bool,
    parent_folder: Option<String>,
    created_at: DateTime<Utc>,
    transfer_initiated_at: Option<DateTime<Utc>>,
    contact_name: Option<String>,
    contact_email: Option<String>,
    export_at: Option<DateTime<Utc>>,
    export_location: Option<String>,
    export_version: Option<String>,
    export_failure: Option<String>,
}

const SELECT: &str = "SELECT c.id, c.reference, c.user_id, c.body_id, b.name AS body_name, \
     b.tdr_code AS body_code, c.series_id, s.code AS series_code, s.name AS series_name, \
     s.description AS series_description, c.consignment_type, c.include_top_level_folder, \
     c.parent_folder, c.created_at, c.transfer_initiated_at, c.contact_name, c.contact_email, \
     c.export_at, c.export_location, c.export_version, c.export_failure \
     FROM consignments c JOIN transfer_bodies b ON b.id = c.body_id \
     LEFT JOIN transfer_series s ON s.id = c.series_id";

/// Consignments a caller may see: those of the bodies they are a member of, or all. The
/// caller's [`Caller::sees_all`] is bound as parameter `$n` and their user id as `$n+1`.
pub(super) fn visible_to(n: usize) -> String {
    format!(
        "(${n} OR c.body_id IN (SELECT body_id FROM transfer_members WHERE user_id = ${}))",
        n + 1
    )
}

impl TryFrom<ConsignmentRow> for Consignment {
    type Error = TransferError;

    fn try_from(row: ConsignmentRow) -> Result<Self, TransferError> {
        let body_id: BodyId = row.body_id.parse().map_err(undecodable)?;
        let series = match (row.series_id, row.series_code, row.series_name) {
            (Some(id), Some(code), Some(name)) => Some(Series {
                id: id.parse().map_err(undecodable)?,
                body_id: body_id.clone(),
                code,
                name,
                description: row.series_description.unwrap_or_default(),
            }),
            _ => None,
        };
        Ok(Consignment {
            id: row.id.parse().map_err(undecodable)?,
            reference: ConsignmentReference::from_stored(row.reference),
            user_id: row.user_id,
            body: Body {
                id: body_id,
                name: row.body_name,
                tdr_code: row.body_code,
            },
            series,
            consignment_type: row.consignment_type.parse().map_err(undecodable)?,
            include_top_level_folder: row.include_top_level_folder,
            parent_folder: row.parent_folder,
            created_at: row.created_at,
            transfer_initiated_at: row.transfer_initiated_at,
            contact_name: row.contact_name,
            contact_email: row.contact_email,
            export_at: row.export_at,
            export_location: row.export_location,
            export_version: row.export_version,
            export_failure: row.export_failure,
        })
    }
}

/// Who is asking, for the checks every read and write makes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Caller {
    /// A signed-in account: sees its bodies' consignments, or every one if an admin.
    Account { user_id: String, admin: bool },
    /// The server's own jobs and its service clients: see everything.
    Service,
}

impl Caller {
    /// The caller a signed-in account is: an admin sees every consignment.
    pub fn account(user: &crate::account::server::User) -> Caller {
        Caller::Account {
            user_id: user.id.to_string(),
            admin: user.role == crate::account::server::Role::Admin,
        }
    }

    pub(super) fn sees_all(&self) -> bool {
        matches!(self, Caller::Account { admin: true, .. } | Caller::Service)
    }

    pub(super) fn user_id(&self) -> &str {
        match self {
            Caller::Account { user_id, .. } => user_id,
            Caller::Service => "",
        }
    }
}

/// One page of consignments, newest first.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConsignmentPage {
    pub consignments: Vec<Consignment>,
    pub total: u64,
}

/// Which consignments a listing takes (`consignmentFiltersInput`): all those the caller may see,
/// or only those one account started, or of one type.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ConsignmentFilter {
    pub user_id: Option<String>,
    pub consignment_type: Option<ConsignmentType>,
}

/// The order of a listing (`ConsignmentOrderField`): by reference — that is, by the number the
/// reference is made from, the order they were started in — or by when they were started.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ConsignmentOrder {
    Reference,
    Created,
}

/// A page of a listing, as the `consignments` query asks for it: after the consignment whose
/// reference is the cursor (if any), skip `offset`, take `limit`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConsignmentListing {
    pub filter: ConsignmentFilter,
    pub order: ConsignmentOrder,
    pub ascending: bool,
    /// The reference of the last consignment of the page before.
    pub after: Option<String>,
    pub offset: u64,
    pub limit: u64,
}

/// One status of a consignment, with when it was set and last changed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConsignmentStatusRecord {
    pub status_type: ConsignmentStatusType,
    pub value: ConsignmentStatusValue,
    pub created_at: DateTime<Utc>,
    pub modified_at: Option<DateTime<Utc>>,
}

/// `addConsignmentStatus` (a status not set before) or `updateConsignmentStatus` (one that is).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StatusChange {
    Add,
    Update,
}

/// Whether a status is the service's to set directly (its checks, the export, later reviews):
/// the others follow from the person's own steps of the journey, through the step itself.
fn set_by_service(status_type: ConsignmentStatusType) -> bool {
    !matches!(
        status_type,
        ConsignmentStatusType::Series
            | ConsignmentStatusType::TransferAgreement
            | ConsignmentStatusType::Upload
            | ConsignmentStatusType::ClientChecks
            | ConsignmentStatusType::ConfirmTransfer
    )
}

/// The refusal when a consignment is not at `step`.
fn not_at(step: Step, current: Step) -> TransferError {
    TransferError::Refused(format!(
        "The consignment is at its '{}' step, so its '{}' step cannot be taken now",
        current.name(),
        step.name()
    ))
}

impl Transfers {
    /// Takes `count` numbers from the sequence `name` in the caller's transaction: the first.
    pub(super) async fn take_sequence(
        tx: &mut StoreTransaction,
        name: &str,
        count: u64,
    ) -> Result<u64, TransferError> {
        let count = i64::try_from(count).map_err(undecodable)?;
        let first: i64 = in_transaction!(tx, conn => {
            sqlx::query_scalar(
                "UPDATE transfer_sequences SET next_value = next_value + $2 WHERE name = $1 \
                 RETURNING next_value - $2",
            )
            .bind(name)
            .bind(count)
            .fetch_one(conn)
            .await?
        });
        u64::try_from(first).map_err(undecodable)
    }

    /// `addConsignment`: a new consignment for the body, its reference made from this year and
    /// the next number.
    pub async fn add_consignment(
        &self,
        user_id: &str,
        body: &Body,
        consignment_type: ConsignmentType,
    ) -> Result<Consignment, TransferError> {
        let now = self.clock.now();
        let id = ConsignmentId::random();
        let mut tx = self.pool.begin().await?;
        let sequence = Self::take_sequence(&mut tx, "consignment", 1).await?;
        let reference = ConsignmentReference::new(now.year(), sequence);
        in_transaction!(&mut tx, conn => {
            sqlx::query(
                "INSERT INTO consignments (id, sequence, reference, user_id, body_id, \
                 consignment_type, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
            )
            .bind(id.as_str())
            .bind(i64::try_from(sequence).map_err(undecodable)?)
            .bind(reference.as_str())
            .bind(user_id)
            .bind(body.id.as_str())
            .bind(consignment_type.as_str())
            .bind(now)
            .execute(conn)
            .await?;
        });
        tx.commit().await?;
        self.consignment(&Caller::Service, &id).await
    }

    /// The consignment, if the caller may see it; [`TransferError::NotFound`] otherwise.
    pub async fn consignment(
        &self,
        caller: &Caller,
        id: &ConsignmentId,
    ) -> Result<Consignment, TransferError> {
        let row: Option<ConsignmentRow> = on_pool!(&self.pool, pool => {
            sqlx::query_as(&format!("{SELECT} WHERE c.id = $1 AND {}", visible_to(2)))
                .bind(id.as_str())
                .bind(caller.sees_all())
                .bind(caller.user_id())
                .fetch_optional(pool)
                .await?
        });
        row.ok_or(TransferError::NotFound)?.try_into()
    }

    /// A page of the consignments the caller may see, newest first (`view-transfers`).
    pub async fn consignments(
        &self,
        caller: &Caller,
        offset: u64,
        limit: u64,
    ) -> Result<ConsignmentPage, TransferError> {
        let offset = i64::try_from(offset).map_err(undecodable)?;
        let limit = i64::try_from(limit).map_err(undecodable)?;
        let (rows, total): (Vec<ConsignmentRow>, i64) = on_pool!(&self.pool, pool => {
            let rows = sqlx::query_as(&format!(
                "{SELECT} WHERE {} ORDER BY c.created_at DESC, c.sequence DESC LIMIT $3 OFFSET $4",
                visible_to(1)
            ))
            .bind(caller.sees_all())
            .bind(caller.user_id())
            .bind(limit)
            .bind(offset)
            .fetch_all(pool)
            .await?;
            let total = sqlx::query_scalar(&format!(
                "SELECT COUNT(*) FROM consignments c WHERE {}",
                visible_to(1)
            ))
            .bind(caller.sees_all())
            .bind(caller.user_id())
            .fetch_one(pool)
            .await?;
            (rows, total)
        });
        Ok(ConsignmentPage {
            consignments: rows
                .into_iter()
                .map(Consignment::try_from)
                .collect::<Result<_, _>>()?,
            total: u64::try_from(total).map_err(undecodable)?,
        })
    }

    /// The consignment, if the caller may see it and its journey is at `step` (the rule every
    /// form of the journey applies, `Progress::accepts`), with where its journey is; refused, in
    /// words, if it is elsewhere.
    pub async fn consignment_at_step(
        &self,
        caller: &Caller,
        id: &ConsignmentId,
        step: Step,
    ) -> Result<(Consignment, Progress), TransferError> {
        let consignment = self.consignment(caller, id).await?;
        let progress = self.progress(id).await?;
        progress
            .accepts(step)
            .map_err(|current| not_at(step, current))?;
        Ok((consignment, progress))
    }

    /// A page of the consignments the caller may see, filtered and ordered as asked, and whether
    /// more follow it. Refused if the cursor is not the reference of one the caller may see.
    pub async fn list_consignments(
        &self,
        caller: &Caller,
        listing: &ConsignmentListing,
    ) -> Result<(Vec<Consignment>, bool), TransferError> {
        if let Some(after) = &listing.after {
            let known: Option<i64> = on_pool!(&self.pool, pool => {
                sqlx::query_scalar(&format!(
                    "SELECT c.sequence FROM consignments c WHERE c.reference = $1 AND {}",
                    visible_to(2)
                ))
                .bind(after)
                .bind(caller.sees_all())
                .bind(caller.user_id())
                .fetch_optional(pool)
                .await?
            });
            if known.is_none() {
                return Err(TransferError::Refused(format!(
                    "The cursor {after:?} is not the reference of a consignment you can see"
                )));
            }
        }
        let (direction, beyond) = if listing.ascending {
            ("ASC", ">")
        } else {
            ("DESC", "<")
        };
        // Keyset paging: past the cursor's consignment in the same order, ties broken by the
        // sequence number, so a page never repeats or skips one.
        let (order_by, after) = match listing.order {
            ConsignmentOrder::Reference => (
                format!("c.sequence {direction}"),
                format!(
                    "c.sequence {beyond} (SELECT sequence FROM consignments WHERE reference = $5)"
                ),
            ),
            ConsignmentOrder::Created => (
                format!("c.created_at {direction}, c.sequence {direction}"),
                format!(
                    "(c.created_at, c.sequence) {beyond} \
                     (SELECT created_at, sequence FROM consignments WHERE reference = $5)"
                ),
            ),
        };
        let sql = format!(
            "{SELECT} WHERE {} AND ($3 IS NULL OR c.user_id = $3) \
             AND ($4 IS NULL OR c.consignment_type = $4) AND ($5 IS NULL OR {after}) \
             ORDER BY {order_by} LIMIT $6 OFFSET $7",
            visible_to(1)
        );
        let limit = i64::try_from(listing.limit).map_err(undecodable)?;
        let offset = i64::try_from(listing.offset).map_err(undecodable)?;
        let rows: Vec<ConsignmentRow> = on_pool!(&self.pool, pool => {
            sqlx::query_as(&sql)
                .bind(caller.sees_all())
                .bind(caller.user_id())
                .bind(listing.filter.user_id.as_deref())
                .bind(listing.filter.consignment_type.map(ConsignmentType::as_str))
                .bind(listing.after.as_deref())
                // One more than asked for: whether another page follows.
                .bind(limit.saturating_add(1))
                .bind(offset)
                .fetch_all(pool)
                .await?
        });
        let more = rows.len() as u64 > listing.limit;
        let consignments = rows
            .into_iter()
            .take(listing.limit as usize)
            .map(Consignment::try_from)
            .collect::<Result<_, _>>()?;
        Ok((consignments, more))
    }

    /// How many consignments the caller may see pass `filter`.
    pub async fn count_consignments(
        &self,
        caller: &Caller,
        filter: &ConsignmentFilter,
    ) -> Result<u64, TransferError> {
        let total: i64 = on_pool!(&self.pool, pool => {
            sqlx::query_scalar(&format!(
                "SELECT COUNT(*) FROM consignments c WHERE {} AND ($3 IS NULL OR c.user_id = $3) \
                 AND ($4 IS NULL OR c.consignment_type = $4)",
                visible_to(1)
            ))
            .bind(caller.sees_all())
            .bind(caller.user_id())
            .bind(filter.user_id.as_deref())
            .bind(filter.consignment_type.map(ConsignmentType::as_str))
            .fetch_one(pool)
            .await?
        });
        u64::try_from(total).map_err(undecodable)
    }

    /// Every status of the consignment, in the order they were first set.
    pub async fn consignment_statuses(
        &self,
        id: &ConsignmentId,
    ) -> Result<Vec<ConsignmentStatusRecord>, TransferError> {
        type Row = (String, String, DateTime<Utc>, Option<DateTime<Utc>>);
        let rows: Vec<Row> = on_pool!(&self.pool, pool => {
            sqlx::query_as(
                "SELECT status_type, value, created_at, modified_at FROM consignment_statuses \
                 WHERE consignment_id = $1 ORDER BY id",
            )
            .bind(id.as_str())
            .fetch_all(pool)
            .await?
        });
        rows.into_iter()
            .map(|(status_type, value, created_at, modified_at)| {
                Ok(ConsignmentStatusRecord {
                    status_type: status_type.parse().map_err(undecodable)?,
                    value: value.parse().map_err(undecodable)?,
                    created_at,
                    modified_at,
                })
            })
            .collect()
    }

    /// `addConsignmentStatus` and `updateConsignmentStatus`: how many statuses changed. A person
    /// sets no status directly — each follows from a step of the journey — except that the
    /// browser says its upload is over (`Upload` Completed), which completes the upload as
    /// [`Transfers::complete_upload`] does, at the upload step only. The service sets its own
    /// statuses (the checks', the export's) once there is something to have checked (the upload
    /// is complete) or exported (the transfer is confirmed), never the person's steps. Adding a
    /// status that exists is refused, in TDR's words; updating one that does not changes nothing.
    pub async fn change_status(
        &self,
        caller: &Caller,
        id: &ConsignmentId,
        status_type: ConsignmentStatusType,
        value: ConsignmentStatusValue,
        change: StatusChange,
    ) -> Result<u64, TransferError> {
        let consignment = self.consignment(caller, id).await?;
        let progress = self.progress(id).await?;
        if let Caller::Account { .. } = caller {
            let upload_over = status_type == ConsignmentStatusType::Upload
                && value == ConsignmentStatusValue::Completed
                && change == StatusChange::Update;
            if upload_over {
                progress
                    .accepts(Step::Upload)
                    .map_err(|current| not_at(Step::Upload, current))?;
                self.complete_upload(&consignment).await?;
                return Ok(1);
            }
            return Err(if set_by_service(status_type) {
                TransferError::Forbidden(format!(
                    "The {status_type} status is set by the service's checks and export"
                ))
            } else {
                TransferError::Refused(format!(
                    "The {status_type} status follows from the journey's steps: take the step"
                ))
            });
        }
        if !set_by_service(status_type) {
            return Err(TransferError::Forbidden(format!(
                "The {status_type} status follows from the person's own steps of the journey"
            )));
        }
        let (needed, what) = if status_type == ConsignmentStatusType::Export {
            (ConsignmentStatusType::ConfirmTransfer, "confirmed")
        } else {
            (ConsignmentStatusType::Upload, "uploaded")
        };
        if progress.value(needed) != Some(ConsignmentStatusValue::Completed) {
            return Err(TransferError::Refused(format!(
                "The consignment has not been {what}, so its {status_type} status cannot be set"
            )));
        }
        match (change, progress.value(status_type)) {
            (StatusChange::Add, Some(existing)) => Err(TransferError::Refused(format!(
                "Existing consignment {status_type} status is '{existing}'; new entry cannot be added"
            ))),
            (StatusChange::Update, None) => Ok(0),
            _ => {
                self.set_status(id, status_type, value).await?;
                Ok(1)
            }
        }
    }

    /// The consignment's statuses and whether every check succeeded: what the journey reads.
    pub async fn progress(&self, id: &ConsignmentId) -> Result<Progress, TransferError> {
        let mut progress = self.progress_of_each(std::slice::from_ref(id)).await?;
        Ok(progress.remove(id.as_str()).unwrap_or_default())
    }

    /// [`Transfers::progress`] of each of `ids` (by id), in two queries whatever their number
    /// and size: the statuses, and the checks' tally counted by the database (a consignment's
    /// file statuses may be tens of thousands of rows).
    pub async fn progress_of_each(
        &self,
        ids: &[ConsignmentId],
    ) -> Result<HashMap<String, Progress>, TransferError> {
        if ids.is_empty() {
            return Ok(HashMap::new());
        }
        let listed = placeholders(1, ids.len());
        let statuses: Vec<(String, String, String)> = on_pool!(&self.pool, pool => {
            let sql = format!(
                "SELECT consignment_id, status_type, value FROM consignment_statuses \
                 WHERE consignment_id IN ({listed}) ORDER BY consignment_id, status_type"
            );
            let mut query = sqlx::query_as(&sql);
            for id in ids {
                query = query.bind(id.as_str());
            }
            query.fetch_all(pool).await?
        });
        let tallies = self.checks_tallies(ids).await?;
        let mut progress: HashMap<String, Progress> = ids
            .iter()
            .map(|id| {
                let tally = tallies.get(id.as_str()).copied().unwrap_or_default();
                (
                    id.to_string(),
                    Progress {
                        statuses: Vec::new(),
                        all_checks_succeeded: tally.all_succeeded(),
                    },
                )
            })
            .collect();
        for (id, status_type, value) in statuses {
            if let Some(progress) = progress.get_mut(&id) {
                progress.statuses.push((
                    status_type.parse().map_err(undecodable)?,
                    value.parse().map_err(undecodable)?,
                ));
            }
        }
        Ok(progress)
    }

    /// Sets one status of the consignment in the caller's transaction, made if new.
    pub(super) async fn set_status_in(
        &self,
        tx: &mut StoreTransaction,
        id: &ConsignmentId,
        status_type: ConsignmentStatusType,
        value: ConsignmentStatusValue,
    ) -> Result<(), TransferError> {
        let now = self.clock.now();
        in_transaction!(tx, conn => {
            sqlx::query(
                "INSERT INTO consignment_statuses (consignment_id, status_type, value, created_at) \
                 VALUES ($1, $2, $3, $4) ON CONFLICT (consignment_id, status_type) \
                 DO UPDATE SET value = excluded.value, modified_at = excluded.created_at",
            )
            .bind(id.as_str())
            .bind(status_type.as_str())
            .bind(value.as_str())
            .bind(now)
            .execute(conn)
            .await?;
        });
        Ok(())
    }

    /// Sets one status of the consignment (`addConsignmentStatus` / `updateConsignmentStatus`).
    pub async fn set_status(
        &self,
        id: &ConsignmentId,
        status_type: ConsignmentStatusType,
        value: ConsignmentStatusValue,
    ) -> Result<(), TransferError> {
        let mut tx = self.pool.begin().await?;
        self.set_status_in(&mut tx, id, status_type, value).await?;
        tx.commit().await?;
        Ok(())
    }

    /// `updateConsignmentSeriesId`: the series, which must be one of the consignment's body's;
    /// the `Series` status completes with it.
    pub async fn set_series(
        &self,
        consignment: &Consignment,
        series_id: &SeriesId,
    ) -> Result<(), TransferError> {
        let series = self
            .series(series_id)
            .await?
            .filter(|series| series.body_id == consignment.body.id)
            .ok_or(TransferError::NotFound)?;
        let mut tx = self.pool.begin().await?;
        in_transaction!(&mut tx, conn => {
            sqlx::query("UPDATE consignments SET series_id = $2 WHERE id = $1")
                .bind(consignment.id.as_str())
                .bind(series.id.as_str())
                .execute(conn)
                .await?;
        });
        self.set_status_in(
            &mut tx,
            &consignment.id,
            ConsignmentStatusType::Series,
            ConsignmentStatusValue::Completed,
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Records name/value answers about the consignment and sets a status, together
    /// (`addTransferAgreementPrivateBeta`, `addTransferAgreementCompliance`).
    pub async fn record_answers(
        &self,
        id: &ConsignmentId,
        answers: &[(&str, String)],
        status: (ConsignmentStatusType, ConsignmentStatusValue),
    ) -> Result<(), TransferError> {
        let mut tx = self.pool.begin().await?;
        for (name, value) in answers {
            in_transaction!(&mut tx, conn => {
                sqlx::query(
                    "INSERT INTO consignment_metadata (consignment_id, property_name, value) \
                     VALUES ($1, $2, $3) ON CONFLICT (consignment_id, property_name) \
                     DO UPDATE SET value = excluded.value",
                )
                .bind(id.as_str())
                .bind(*name)
                .bind(value)
                .execute(conn)
                .await?;
            });
        }
        self.set_status_in(&mut tx, id, status.0, status.1).await?;
        tx.commit().await?;
        Ok(())
    }

    /// The consignment's name/value metadata, by name.
    pub async fn consignment_metadata(
        &self,
        id: &ConsignmentId,
    ) -> Result<Vec<(String, String)>, TransferError> {
        Ok(on_pool!(&self.pool, pool => {
            sqlx::query_as(
                "SELECT property_name, value FROM consignment_metadata WHERE consignment_id = $1 \
                 ORDER BY property_name",
            )
            .bind(id.as_str())
            .fetch_all(pool)
            .await?
        }))
    }
}

impl Transfers {
    /// `addFinalTransferConfirmation` and `updateTransferInitiated`: custody passes, the transfer
    /// is initiated by `contact`, and the export is queued — in one transaction.
    pub async fn confirm_transfer(
        &self,
        consignment: &Consignment,
        contact_name: &str,
        contact_email: &str,
    ) -> Result<(), TransferError> {
        let now = self.clock.now();
        let mut tx = self.pool.begin().await?;
        in_transaction!(&mut tx, conn => {
            sqlx::query(
                "INSERT INTO consignment_metadata (consignment_id, property_name, value) \
                 VALUES ($1, 'LegalCustodyTransferConfirmed', 'true') \
                 ON CONFLICT (consignment_id, property_name) DO UPDATE SET value = excluded.value",
            )
            .bind(consignment.id.as_str())
            .execute(conn)
            .await?;
        });
        in_transaction!(&mut tx, conn => {
            sqlx::query(
                "UPDATE consignments SET transfer_initiated_at = $2, contact_name = $3, \
                 contact_email = $4 WHERE id = $1",
            )
            .bind(consignment.id.as_str())
            .bind(now)
            .bind(contact_name)
            .bind(contact_email)
            .execute(conn)
            .await?;
        });
        for (status_type, value) in [
            (
                ConsignmentStatusType::ConfirmTransfer,
                ConsignmentStatusValue::Completed,
            ),
            (
                ConsignmentStatusType::Export,
                ConsignmentStatusValue::InProgress,
            ),
        ] {
            self.set_status_in(&mut tx, &consignment.id, status_type, value)
                .await?;
        }
        self.jobs
            .enqueue_in(&mut tx, &super::export::export_job(&consignment.id)?)
            .await?;
        tx.commit().await?;
        Ok(())
    }
}
