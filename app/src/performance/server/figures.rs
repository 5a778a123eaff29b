//! The monthly figures' repository: counting a month from the journey's events, the feedback,
//! the "who are you" answers and Sirius's receipt dates, and keeping the result
//! (`performance_months`) beside OPG's all-channel counts (`performance_all_channels`).
use backends::clock::SharedClock;
use backends::on_pool;
use backends::store::{StoreError, StorePool};
use chrono::{DateTime, Utc};
use sqlx::types::Json;

use super::FeedbackStore;
use crate::lpa::events::{EventKind, Registering};
use crate::lpa::who_are_you::WhoAreYou;
use crate::performance::figures::{Counts, Month, MonthFigures, PublishedMonth};

/// The monthly figures. Cheap to clone.
#[derive(Clone)]
pub struct MonthlyFigures {
    pool: StorePool,
    clock: SharedClock,
    feedback: FeedbackStore,
}

fn count(value: i64) -> u64 {
    u64::try_from(value).unwrap_or(0)
}

impl MonthlyFigures {
    pub fn of(backends: &backends::Backends) -> Self {
        MonthlyFigures {
            pool: backends.store.pool(),
            clock: backends.clock.clone(),
            feedback: FeedbackStore::of(backends),
        }
    }

    /// Counts `month` as the tables hold it now.
    pub async fn count(&self, month: Month) -> Result<MonthFigures, StoreError> {
        let days = month.days();
        let (first, last) = (days.first(), days.last());
        let events: Vec<(String, Option<String>, i64)> = on_pool!(&self.pool, pool => {
            sqlx::query_as(
                "SELECT kind, applicant, COUNT(*) FROM lpa_events \
                 WHERE occurred_on >= $1 AND occurred_on <= $2 GROUP BY kind, applicant",
            )
            .bind(first)
            .bind(last)
            .fetch_all(pool)
            .await?
        });
        let of_kind = |kind: EventKind| {
            events
                .iter()
                .filter(|(value, _, _)| value == kind.value())
                .map(|(_, _, n)| count(*n))
                .sum()
        };
        let registering = Counts::from_pairs(events.iter().filter_map(|(_, applicant, n)| {
            Some((Registering::parse(applicant.as_deref()?)?, count(*n)))
        }));
        let who: Vec<(String, i64)> = on_pool!(&self.pool, pool => {
            sqlx::query_as(
                "SELECT who, COUNT(*) FROM who_are_you \
                 WHERE answered_on >= $1 AND answered_on <= $2 GROUP BY who",
            )
            .bind(first)
            .bind(last)
            .fetch_all(pool)
            .await?
        });
        let who_are_you = Counts::from_pairs(
            who.iter()
                .filter_map(|(who, n)| Some((WhoAreYou::from_value(who)?, count(*n)))),
        );
        let ratings = Counts::from_pairs(self.feedback.ratings(days).await?);
        // Sirius's receipt date, kept in each LPA's metadata as `YYYY-MM-DD` text.
        let (first_text, last_text) = (first.to_string(), last.to_string());
        let received: i64 = match &self.pool {
            StorePool::Sqlite(pool) => {
                sqlx::query_scalar(
                    "SELECT COUNT(*) FROM applications WHERE \
                     json_extract(metadata, '$.\"application-receipt-date\"') BETWEEN $1 AND $2",
                )
                .bind(&first_text)
                .bind(&last_text)
                .fetch_one(pool)
                .await?
            }
            StorePool::Postgres(pool) => {
                sqlx::query_scalar(
                    "SELECT COUNT(*) FROM applications WHERE \
                     metadata->>'application-receipt-date' BETWEEN $1 AND $2",
                )
                .bind(&first_text)
                .bind(&last_text)
                .fetch_one(pool)
                .await?
            }
        };
        Ok(MonthFigures {
            month,
            started: of_kind(EventKind::Started),
            reached_applicant: of_kind(EventKind::ReachedApplicant),
            created: of_kind(EventKind::Created),
            completed: of_kind(EventKind::Completed),
            ratings,
            registering,
            who_are_you,
            received_digitally: count(received),
            generated_at: self.clock.now(),
        })
    }

    /// Counts `month` and keeps its figures, replacing any it had.
    pub async fn work_out(&self, month: Month) -> Result<MonthFigures, StoreError> {
        let figures = self.count(month).await?;
        on_pool!(&self.pool, pool => {
            sqlx::query(
                "INSERT INTO performance_months (month, figures, generated_at) VALUES ($1, $2, $3) \
                 ON CONFLICT (month) DO UPDATE SET figures = excluded.figures, \
                 generated_at = excluded.generated_at",
            )
            .bind(month.key())
            .bind(Json(&figures))
            .bind(figures.generated_at)
            .execute(pool)
            .await?;
        });
        Ok(figures)
    }

    /// The latest `limit` months worked out, oldest first.
    pub async fn recent(&self, limit: u32) -> Result<Vec<PublishedMonth>, StoreError> {
        let rows: Vec<(Json<MonthFigures>, Option<i64>)> = on_pool!(&self.pool, pool => {
            sqlx::query_as(
                "SELECT figures, received FROM (\
                     SELECT m.month, m.figures, a.received FROM performance_months m \
                     LEFT JOIN performance_all_channels a ON a.month = m.month \
                     ORDER BY m.month DESC LIMIT $1\
                 ) latest ORDER BY month",
            )
            .bind(i64::from(limit))
            .fetch_all(pool)
            .await?
        });
        Ok(rows
            .into_iter()
            .map(|(Json(figures), received)| PublishedMonth {
                figures,
                received_all_channels: received.map(count),
            })
            .collect())
    }

    /// Records OPG's count of applications received in `month` through every channel.
    pub async fn set_received_all_channels(
        &self,
        month: Month,
        received: u32,
        entered_by: &str,
    ) -> Result<(), StoreError> {
        let now: DateTime<Utc> = self.clock.now();
        on_pool!(&self.pool, pool => {
            sqlx::query(
                "INSERT INTO performance_all_channels (month, received, entered_at, entered_by) \
                 VALUES ($1, $2, $3, $4) ON CONFLICT (month) DO UPDATE SET \
                 received = excluded.received, entered_at = excluded.entered_at, \
                 entered_by = excluded.entered_by",
            )
            .bind(month.key())
            .bind(i64::from(received))
            .bind(now)
            .bind(entered_by)
            .execute(pool)
            .await?;
        });
        Ok(())
    }
}
