//! The `feedback` table: what visitors sent through the satisfaction form, kept two years (the
//! real service prunes older rows whenever feedback is read; so does this).
use backends::clock::SharedClock;
use backends::on_pool;
use backends::store::{StoreError, StorePool};
use chrono::{DateTime, Duration, Utc};

use crate::performance::feedback::{DateRange, Feedback, Rating, MAX_CONTEXT};

/// How long feedback is kept: two years, as the real service's `FEEDBACK_TTL`.
pub const KEPT_FOR_DAYS: i64 = 730;

/// One piece of feedback as stored.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct FeedbackEntry {
    pub id: i64,
    pub received_at: DateTime<Utc>,
    #[sqlx(try_from = "String")]
    pub rating: Rating,
    pub details: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub from_page: Option<String>,
    pub agent: Option<String>,
}

/// The CSV export's headings, as the real admin names its columns.
pub const COLUMN_HEADINGS: [&str; 7] = [
    "Received",
    "From",
    "Phone number",
    "Rating",
    "Details",
    "Page",
    "Browser",
];

/// `entry` as the admin's table and the CSV export show it, in [`COLUMN_HEADINGS`]' order:
/// received as `d/m/Y H:i` (UTC), "Unknown" where nothing was given, the rating's label.
pub fn columns(entry: &FeedbackEntry) -> [String; 7] {
    let or_unknown = |value: &Option<String>| value.clone().unwrap_or_else(|| "Unknown".to_owned());
    [
        entry.received_at.format("%d/%m/%Y %H:%M").to_string(),
        or_unknown(&entry.email),
        or_unknown(&entry.phone),
        entry.rating.label().to_owned(),
        entry.details.clone(),
        or_unknown(&entry.from_page),
        or_unknown(&entry.agent),
    ]
}

const COLUMNS: &str = "id, received_at, rating, details, email, phone, from_page, agent";

/// The feedback table. Cheap to clone.
#[derive(Clone)]
pub struct FeedbackStore {
    pool: StorePool,
    clock: SharedClock,
}

impl FeedbackStore {
    pub fn of(backends: &backends::Backends) -> Self {
        FeedbackStore {
            pool: backends.store.pool(),
            clock: backends.clock.clone(),
        }
    }

    /// Keeps `feedback`, sent now from a browser calling itself `agent`.
    pub async fn record(&self, feedback: &Feedback, agent: Option<&str>) -> Result<(), StoreError> {
        let now = self.clock.now();
        let agent = agent
            .map(str::trim)
            .filter(|agent| !agent.is_empty())
            .map(|agent| agent.chars().take(MAX_CONTEXT).collect::<String>());
        on_pool!(&self.pool, pool => {
            sqlx::query(
                "INSERT INTO feedback (received_at, rating, details, email, phone, from_page, agent) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7)",
            )
            .bind(now)
            .bind(feedback.rating.value())
            .bind(feedback.details())
            .bind(feedback.email.as_ref().map(|email| email.as_str()))
            .bind(feedback.phone.as_ref().map(|phone| phone.as_str()))
            .bind(feedback.from_page.as_ref().map(|path| path.as_str()))
            .bind(agent)
            .execute(pool)
            .await?;
        });
        Ok(())
    }

    /// Deletes feedback older than two years; answers the earliest time still kept.
    pub async fn prune(&self) -> Result<DateTime<Utc>, StoreError> {
        let kept_from = self.clock.now() - Duration::days(KEPT_FOR_DAYS);
        on_pool!(&self.pool, pool => {
            sqlx::query("DELETE FROM feedback WHERE received_at < $1")
                .bind(kept_from)
                .execute(pool)
                .await?;
        });
        Ok(kept_from)
    }

    /// Page `page` (from 1) of `per_page` received in `range`, oldest first, and how many there
    /// are in all.
    pub async fn page(
        &self,
        range: DateRange,
        page: u32,
        per_page: u32,
    ) -> Result<(Vec<FeedbackEntry>, u64), StoreError> {
        let (start, end) = range.bounds();
        let offset = i64::from(page.max(1) - 1) * i64::from(per_page);
        let (entries, total): (Vec<FeedbackEntry>, i64) = on_pool!(&self.pool, pool => {
            let rows = sqlx::query_as(&format!(
                "SELECT {COLUMNS} FROM feedback WHERE received_at >= $1 AND received_at < $2 \
                 ORDER BY received_at, id LIMIT $3 OFFSET $4"
            ))
            .bind(start)
            .bind(end)
            .bind(i64::from(per_page))
            .bind(offset)
            .fetch_all(pool)
            .await?;
            let total = sqlx::query_scalar(
                "SELECT COUNT(*) FROM feedback WHERE received_at >= $1 AND received_at < $2",
            )
            .bind(start)
            .bind(end)
            .fetch_one(pool)
            .await?;
            (rows, total)
        });
        Ok((entries, u64::try_from(total).unwrap_or_default()))
    }

    /// Up to `limit` received in `range` after `after` (the last one of the previous batch),
    /// oldest first: the CSV export reads the whole range in batches like this, so it never holds
    /// more than one batch.
    pub async fn batch_after(
        &self,
        range: DateRange,
        after: Option<(DateTime<Utc>, i64)>,
        limit: u32,
    ) -> Result<Vec<FeedbackEntry>, StoreError> {
        let (start, end) = range.bounds();
        // Before the range's start, nothing is after it.
        let (after_time, after_id) = after.unwrap_or((start - Duration::seconds(1), i64::MIN));
        Ok(on_pool!(&self.pool, pool => {
            sqlx::query_as(&format!(
                "SELECT {COLUMNS} FROM feedback WHERE received_at >= $1 AND received_at < $2 \
                 AND (received_at > $3 OR (received_at = $3 AND id > $4)) \
                 ORDER BY received_at, id LIMIT $5"
            ))
            .bind(start)
            .bind(end)
            .bind(after_time)
            .bind(after_id)
            .bind(i64::from(limit))
            .fetch_all(pool)
            .await?
        }))
    }

    /// The ratings received in `range`, for the monthly satisfaction figure.
    pub async fn ratings(&self, range: DateRange) -> Result<Vec<(Rating, u64)>, StoreError> {
        let (start, end) = range.bounds();
        let rows: Vec<(String, i64)> = on_pool!(&self.pool, pool => {
            sqlx::query_as(
                "SELECT rating, COUNT(*) FROM feedback WHERE received_at >= $1 AND received_at < $2 \
                 GROUP BY rating",
            )
            .bind(start)
            .bind(end)
            .fetch_all(pool)
            .await?
        });
        Ok(rows
            .into_iter()
            .filter_map(|(rating, count)| {
                Some((Rating::parse(&rating)?, u64::try_from(count).ok()?))
            })
            .collect())
    }
}
