//! Accounts nobody uses (reference 1.4): a month's notice at 8 months since the account was last
//! used, a week's notice at 9 months less a week, deletion at 9 months. "Last used" is the last
//! sign-in, or the confirmation for an account never signed in to. An account is never deleted
//! less than a week after its last notice, so a notice that went late still gives a week.
use backends::{in_transaction, on_pool};
use chrono::{DateTime, Duration, Months, Utc};

use super::{AccountError, Accounts, User, UserId};
use backends::store::StoreTransaction;

/// The notices, in the order they are sent.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InactivityNotice {
    /// At 8 months: the account will be deleted in a month.
    MonthLeft = 1,
    /// At 9 months less a week: the account will be deleted in a week.
    WeekLeft = 2,
}

/// How long an account may go unused before it is deleted.
pub const INACTIVE_LIFETIME: Months = Months::new(9);
/// The least time between the last notice and the deletion.
pub const LAST_NOTICE_LEAD: Duration = Duration::weeks(1);

impl InactivityNotice {
    /// Accounts last used before this time are due this notice.
    pub fn due_if_unused_since(self, now: DateTime<Utc>) -> DateTime<Utc> {
        match self {
            InactivityNotice::MonthLeft => now - Months::new(8),
            InactivityNotice::WeekLeft => now - INACTIVE_LIFETIME + LAST_NOTICE_LEAD,
        }
    }
}

/// The time an account was last used: its last sign-in, or else its confirmation.
const LAST_USED: &str = "COALESCE(last_login_at, confirmed_at)";
/// How many accounts one pass looks at; the daily job takes the rest the next day.
const BATCH: i64 = 1000;

impl Accounts {
    /// Confirmed accounts due `notice` that have not had it yet, oldest first.
    pub async fn due_inactivity_notice(
        &self,
        notice: InactivityNotice,
    ) -> Result<Vec<User>, AccountError> {
        let cutoff = notice.due_if_unused_since(self.clock.now());
        Ok(on_pool!(&self.pool, pool => {
            sqlx::query_as(&format!(
                "SELECT * FROM users WHERE confirmed_at IS NOT NULL AND {LAST_USED} < $1 \
                 AND inactivity_notices < $2 ORDER BY {LAST_USED} LIMIT $3"
            ))
            .bind(cutoff)
            .bind(notice as i32)
            .bind(BATCH)
            .fetch_all(pool)
            .await?
        }))
    }

    /// Records that `notice` was sent, in the transaction that queues its mail. `false` if the
    /// account already had it (another run got there first), and then nothing should be sent.
    pub async fn record_inactivity_notice_in(
        &self,
        tx: &mut StoreTransaction,
        user_id: &UserId,
        notice: InactivityNotice,
    ) -> Result<bool, AccountError> {
        let now = self.clock.now();
        let updated = in_transaction!(tx, conn => {
            sqlx::query(
                "UPDATE users SET inactivity_notices = $1, inactivity_noticed_at = $2 \
                 WHERE id = $3 AND inactivity_notices < $1",
            )
            .bind(notice as i32)
            .bind(now)
            .bind(user_id)
            .execute(conn)
            .await?
            .rows_affected()
        });
        Ok(updated == 1)
    }

    /// Accounts unused for [`INACTIVE_LIFETIME`] whose week's notice went at least
    /// [`LAST_NOTICE_LEAD`] ago: the ones to delete.
    pub async fn expired_inactive(&self) -> Result<Vec<User>, AccountError> {
        let now = self.clock.now();
        Ok(on_pool!(&self.pool, pool => {
            sqlx::query_as(&format!(
                "SELECT * FROM users WHERE confirmed_at IS NOT NULL AND {LAST_USED} < $1 \
                 AND inactivity_notices = $2 AND inactivity_noticed_at <= $3 \
                 ORDER BY {LAST_USED} LIMIT $4"
            ))
            .bind(now - INACTIVE_LIFETIME)
            .bind(InactivityNotice::WeekLeft as i32)
            .bind(now - LAST_NOTICE_LEAD)
            .bind(BATCH)
            .fetch_all(pool)
            .await?
        }))
    }

    /// Deletes an expired account only if it is still unused (it may have been signed in to since
    /// it was listed). `false` if it was kept.
    pub async fn delete_if_still_inactive_in(
        &self,
        tx: &mut StoreTransaction,
        user_id: &UserId,
    ) -> Result<bool, AccountError> {
        let now = self.clock.now();
        let deleted = in_transaction!(tx, conn => {
            sqlx::query(&format!(
                "DELETE FROM users WHERE id = $1 AND {LAST_USED} < $2 AND inactivity_notices = $3"
            ))
            .bind(user_id)
            .bind(now - INACTIVE_LIFETIME)
            .bind(InactivityNotice::WeekLeft as i32)
            .execute(conn)
            .await?
            .rows_affected()
        });
        Ok(deleted == 1)
    }
}
