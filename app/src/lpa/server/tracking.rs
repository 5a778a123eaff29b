//! Asking Sirius where completed LPAs have got to (reference §6, §8.3): the mapping of the
//! gateway's answers onto what the LPA keeps ([`progress_after`]), the queries for the LPAs still
//! in flight and for writing what changed, and [`refresh`], which the dashboard and the
//! `lpa.refresh-statuses` job both use. A change is announced on the owner's fan-out topic
//! ([`owner_topic`]) so an open dashboard shows it at once, on any instance.
use backends::fanout::Topic;
use backends::on_pool;
use backends::sirius::{GatewayError, Lookup, SiriusStatus};
use backends::store::StorePool;
use backends::Backends;
use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use futures::future::join_all;
use sqlx::types::Json;

use super::{db_id, LpaError, Lpas};
use crate::account::server::UserId;
use crate::lpa::model::LpaId;
use crate::lpa::tracking::{SiriusProgress, StatusChanged, TrackedStatus};

/// What the gateway's answer makes of what the LPA had stored (§8.3). A 404 (not received, or
/// not yet known to the gateway) leaves what was stored, as the real service does; a 410 (deleted
/// in Sirius) goes back to Waiting.
pub fn progress_after(lookup: &Lookup, stored: &SiriusProgress) -> SiriusProgress {
    let record = match lookup {
        Lookup::NotReceived => return stored.clone(),
        Lookup::Deleted => return SiriusProgress::default(),
        Lookup::Found(record) => record,
    };
    use SiriusStatus::*;
    let (status, return_unpaid) = match record.status {
        Pending | PaymentPending => (TrackedStatus::Received, false),
        Perfect | Imperfect => (TrackedStatus::Checking, false),
        Registered if record.dispatch_date.is_some() => (TrackedStatus::Processed, false),
        Registered => (TrackedStatus::Checking, false),
        Invalid | Rejected | Withdrawn | Cancelled | Revoked => (TrackedStatus::Processed, false),
        ReturnUnpaid => (TrackedStatus::Processed, true),
    };
    SiriusProgress {
        status: Some(status),
        receipt_date: record.receipt_date,
        registration_date: record.registration_date,
        rejected_date: record.rejected_date,
        invalid_date: record.invalid_date,
        withdrawn_date: record.withdrawn_date,
        // An unpaid return is dispatched the day its status was set.
        dispatch_date: if return_unpaid {
            record.status_date
        } else {
            record.dispatch_date
        },
        return_unpaid,
    }
}

/// A completed, tracked LPA that is not yet final, and what it has stored.
#[derive(Clone, Debug)]
pub struct InFlight {
    pub id: LpaId,
    pub owner: UserId,
    pub stored: SiriusProgress,
}

#[derive(sqlx::FromRow)]
struct InFlightRow {
    id: i64,
    owner: UserId,
    metadata: Json<SiriusProgress>,
}

impl TryFrom<InFlightRow> for InFlight {
    type Error = LpaError;

    fn try_from(row: InFlightRow) -> Result<Self, LpaError> {
        let id = u64::try_from(row.id)
            .ok()
            .and_then(LpaId::new)
            .ok_or_else(|| LpaError::Database(sqlx::Error::Decode("LPA id out of range".into())))?;
        Ok(InFlight {
            id,
            owner: row.owner,
            stored: row.metadata.0,
        })
    }
}

/// The first moment of `date`, for comparing with completion times.
fn start_of(date: NaiveDate) -> DateTime<Utc> {
    date.and_time(NaiveTime::MIN).and_utc()
}

const IN_FLIGHT: &str = "completed_at IS NOT NULL AND completed_at >= $1 \
                         AND (tracking_status IS NULL OR tracking_status <> 'processed')";

/// How many in-flight LPAs the refresh job reads and asks about at a time.
pub const REFRESH_BATCH: i64 = 200;

impl Lpas {
    /// Up to `limit` in-flight LPAs (completed on or after `track_from`, not processed) after
    /// `after` in id order: the refresh job's pages.
    pub async fn in_flight_after(
        &self,
        track_from: NaiveDate,
        after: i64,
        limit: i64,
    ) -> Result<Vec<InFlight>, LpaError> {
        let sql = format!(
            "SELECT id, owner, metadata FROM applications WHERE {IN_FLIGHT} AND id > $2 \
             ORDER BY id LIMIT $3"
        );
        let rows: Vec<InFlightRow> = on_pool!(&self.pool, pool => {
            sqlx::query_as(&sql)
                .bind(start_of(track_from))
                .bind(after)
                .bind(limit)
                .fetch_all(pool)
                .await?
        });
        rows.into_iter().map(InFlight::try_from).collect()
    }

    /// `owner`'s in-flight LPAs among `ids`.
    pub async fn in_flight_of(
        &self,
        owner: &UserId,
        ids: &[LpaId],
        track_from: NaiveDate,
    ) -> Result<Vec<InFlight>, LpaError> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        // One placeholder per id (both stores): the dashboard asks for at most a page of them.
        let placeholders = (0..ids.len())
            .map(|n| format!("${}", n + 3))
            .collect::<Vec<_>>()
            .join(", ");
        let sql = format!(
            "SELECT id, owner, metadata FROM applications WHERE {IN_FLIGHT} AND owner = $2 \
             AND id IN ({placeholders})"
        );
        let rows: Vec<InFlightRow> = on_pool!(&self.pool, pool => {
            let mut query = sqlx::query_as(&sql).bind(start_of(track_from)).bind(owner);
            for id in ids {
                query = query.bind(db_id(*id));
            }
            query.fetch_all(pool).await?
        });
        rows.into_iter().map(InFlight::try_from).collect()
    }

    /// Stores what Sirius said of a completed LPA, in its metadata (only the tracking keys) and
    /// beside it, without a new revision: it is not a change its owner made.
    pub async fn record_progress(
        &self,
        id: LpaId,
        progress: &SiriusProgress,
    ) -> Result<(), LpaError> {
        const KEYS: [&str; 8] = [
            "sirius-processing-status",
            "application-receipt-date",
            "application-registration-date",
            "application-rejected-date",
            "application-invalid-date",
            "application-withdrawn-date",
            "application-dispatch-date",
            "application-return-unpaid",
        ];
        let status = progress.status.map(TrackedStatus::slug);
        let waiting = progress.status.is_none() || progress.status == Some(TrackedStatus::Waiting);
        let status = if waiting { None } else { status };
        match &self.pool {
            StorePool::Postgres(pool) => {
                sqlx::query(
                    "UPDATE applications SET metadata = (metadata - $1::text[]) || $2, \
                     tracking_status = $3 WHERE id = $4 AND completed_at IS NOT NULL",
                )
                .bind(&KEYS[..])
                .bind(Json(progress))
                .bind(status)
                .bind(db_id(id))
                .execute(pool)
                .await?;
            }
            StorePool::Sqlite(pool) => {
                let paths = KEYS
                    .iter()
                    .map(|key| format!("'$.\"{key}\"'"))
                    .collect::<Vec<_>>()
                    .join(", ");
                let sql = format!(
                    "UPDATE applications SET metadata = json_patch(json_remove(metadata, {paths}), $1), \
                     tracking_status = $2 WHERE id = $3 AND completed_at IS NOT NULL"
                );
                sqlx::query(&sql)
                    .bind(Json(progress))
                    .bind(status)
                    .bind(db_id(id))
                    .execute(pool)
                    .await?;
            }
        }
        Ok(())
    }
}

/// The fan-out topic on which changes to `owner`'s LPAs' statuses are announced
/// ([`StatusChanged`]).
pub fn owner_topic(owner: &UserId) -> Option<Topic> {
    Topic::new(format!("lpas-of:{owner}")).ok()
}

/// What asking about one LPA came to.
#[derive(Clone, Debug, PartialEq)]
pub struct Refreshed {
    pub id: LpaId,
    /// Its status now: what Sirius said, or what was stored when the gateway failed.
    pub status: TrackedStatus,
    pub changed: bool,
    pub error: Option<GatewayError>,
}

/// Asks the gateway about each of `lpas` at once (the client keeps at most 50 calls in flight,
/// and one call per LPA however many ask), stores each answer that changed something, and
/// announces the changes to their owners. A failing gateway changes nothing: the stored status
/// stands, with the error.
pub async fn refresh(backends: &Backends, lpas: Vec<InFlight>) -> Result<Vec<Refreshed>, LpaError> {
    let repository = Lpas::of(backends);
    let lookups = join_all(lpas.iter().map(|lpa| backends.sirius.lookup(lpa.id.get()))).await;
    let mut refreshed = Vec::with_capacity(lpas.len());
    for (lpa, lookup) in lpas.into_iter().zip(lookups) {
        let stored_status = lpa.stored.status.unwrap_or(TrackedStatus::Waiting);
        let lookup = match lookup {
            Ok(lookup) => lookup,
            Err(error) => {
                refreshed.push(Refreshed {
                    id: lpa.id,
                    status: stored_status,
                    changed: false,
                    error: Some(error),
                });
                continue;
            }
        };
        let progress = progress_after(&lookup, &lpa.stored);
        let changed = progress != lpa.stored;
        let status = progress.status.unwrap_or(TrackedStatus::Waiting);
        if changed {
            repository.record_progress(lpa.id, &progress).await?;
            if status != stored_status {
                announce(backends, &lpa.owner, lpa.id, status).await;
            }
        }
        refreshed.push(Refreshed {
            id: lpa.id,
            status,
            changed,
            error: None,
        });
    }
    Ok(refreshed)
}

/// Tells open dashboards; they also find the new status on their next load, so a failure here
/// is only logged.
async fn announce(backends: &Backends, owner: &UserId, id: LpaId, status: TrackedStatus) {
    let Some(topic) = owner_topic(owner) else {
        return;
    };
    let message = serde_json::to_value(StatusChanged { id, status }).unwrap_or_default();
    if let Err(error) = backends.fanout.publish(&topic, message).await {
        tracing::warn!(%error, "a status change was not announced");
    }
}

/// Refreshes every in-flight LPA, a batch at a time: the scheduled job's work. Returns how many
/// were asked about and how many changed.
pub async fn refresh_all(
    backends: &Backends,
    track_from: NaiveDate,
) -> Result<(usize, usize), LpaError> {
    let repository = Lpas::of(backends);
    let (mut asked, mut changed, mut after) = (0, 0, 0);
    loop {
        let batch = repository
            .in_flight_after(track_from, after, REFRESH_BATCH)
            .await?;
        let Some(last) = batch.last() else {
            break;
        };
        after = db_id(last.id);
        asked += batch.len();
        let results = refresh(backends, batch).await?;
        changed += results.iter().filter(|result| result.changed).count();
        if let Some(error) = results.iter().find_map(|result| result.error.clone()) {
            if matches!(error, GatewayError::CircuitOpen) {
                // The gateway is down: the next run tries again.
                tracing::warn!(%error, "status refresh stopped early");
                break;
            }
        }
    }
    Ok((asked, changed))
}

#[cfg(test)]
mod tests {
    use super::*;
    use backends::sirius::SiriusRecord;

    fn date(text: &str) -> Option<NaiveDate> {
        Some(text.parse().unwrap())
    }

    fn record(status: SiriusStatus, dispatch: Option<NaiveDate>) -> Lookup {
        Lookup::Found(SiriusRecord {
            online_lpa_id: "A00012345678".to_owned(),
            status,
            status_date: date("2026-03-01"),
            receipt_date: date("2026-02-01"),
            registration_date: None,
            rejected_date: None,
            invalid_date: None,
            withdrawn_date: None,
            cancellation_date: None,
            dispatch_date: dispatch,
        })
    }

    /// Reference §8.3, row by row.
    #[test]
    fn every_sirius_status_maps_as_the_reference_says() {
        use SiriusStatus::*;
        use TrackedStatus::*;
        let dispatched = date("2026-03-02");
        let table = [
            (Pending, None, Received, false),
            (PaymentPending, None, Received, false),
            (Perfect, None, Checking, false),
            (Imperfect, None, Checking, false),
            (Registered, dispatched, Processed, false),
            (Registered, None, Checking, false),
            (Invalid, None, Processed, false),
            (Rejected, None, Processed, false),
            (Withdrawn, None, Processed, false),
            (Cancelled, None, Processed, false),
            (Revoked, None, Processed, false),
            (ReturnUnpaid, None, Processed, true),
        ];
        assert_eq!(
            table
                .iter()
                .map(|row| row.0)
                .collect::<std::collections::HashSet<_>>()
                .len(),
            SiriusStatus::ALL.len(),
            "every status has a row"
        );
        for (sirius, dispatch, status, return_unpaid) in table {
            let progress = progress_after(&record(sirius, dispatch), &SiriusProgress::default());
            assert_eq!(progress.status, Some(status), "{sirius:?} {dispatch:?}");
            assert_eq!(progress.return_unpaid, return_unpaid, "{sirius:?}");
            assert_eq!(progress.receipt_date, date("2026-02-01"));
        }
    }

    #[test]
    fn an_unpaid_return_is_dispatched_on_its_status_date() {
        let progress = progress_after(
            &record(SiriusStatus::ReturnUnpaid, None),
            &SiriusProgress::default(),
        );
        assert_eq!(progress.dispatch_date, date("2026-03-01"));
    }

    #[test]
    fn not_found_keeps_what_was_stored_and_deleted_goes_back_to_waiting() {
        let stored = progress_after(
            &record(SiriusStatus::Perfect, None),
            &SiriusProgress::default(),
        );
        assert_eq!(progress_after(&Lookup::NotReceived, &stored), stored);
        assert_eq!(
            progress_after(&Lookup::Deleted, &stored),
            SiriusProgress::default()
        );
    }
}
