//! The accounts service's server half: the `users` table and the single-use tokens emailed to them (`account_tokens`), as the
//! real service's accounts behave (registration, activation, lockout, reset, change of address,
//! deletion; see the reference, section 1).
//!
//! - Emails are stored lower-cased; the unique index on them decides races between registrations.
//! - Passwords are argon2id PHC strings ([`hash_password`], [`verify_password`]); a sign-in for an
//!   unknown email calls [`verify_against_dummy`] so it takes as long as a wrong password.
//! - Tokens are random, single use and stored only as their SHA-256; issuing one replaces the
//!   user's earlier tokens of the same purpose.
//! - Lockout follows [`SignInCounters`], a pure rule; the store applies it under a row lock so
//!   concurrent failures are all counted.
//! - Every write that may cause an email has an `_in` form taking the caller's
//!   [`StoreTransaction`], so the mail job is enqueued in the same transaction
//!   (`JobQueue::enqueue_in`). After an error from an `_in` method, roll the transaction back: on
//!   PostgreSQL a failed statement leaves it unusable.
//!
//! - Accounts unused for 9 months are warned twice, then deleted ([`InactivityNotice`]).
//!
//! Every time written comes from the [`Clock`](backends::clock::Clock), so tests move time.

pub mod deletion;
pub mod emails;
mod inactivity;
pub mod jobs;
mod lockout;
mod password;
pub mod requests;
mod tokens;
pub mod use_cases;

use backends::{in_transaction, on_pool};

use chrono::{DateTime, Duration, Utc};

pub use crate::account::details::Details;
pub use crate::account::rules::{NotAUserId, UserId};

use backends::clock::SharedClock;
use backends::store::{Store, StoreError, StorePool, StoreTransaction};

pub use inactivity::{InactivityNotice, INACTIVE_LIFETIME, LAST_NOTICE_LEAD};
pub use lockout::{SignInCounters, SignInState, LOCK_DURATION, MAX_FAILED_SIGN_INS};
pub use password::{hash_password, verify_against_dummy, verify_password, HashedPassword};
pub use tokens::{TokenError, TokenGrant, TokenPurpose};

/// How long the links emailed to people work: confirming an address, resetting a password,
/// moving to a new address (reference: 24 hours for each).
pub const LINK_LIFETIME: Duration = Duration::hours(24);

/// The accounts layer's one error type.
#[derive(Debug, thiserror::Error)]
pub enum AccountError {
    /// Another account has this email (`username-already-exists`).
    #[error("an account with this email already exists")]
    EmailTaken,
    #[error("no such user")]
    UserNotFound,
    /// A token from a link was refused.
    #[error(transparent)]
    Token(#[from] TokenError),
    #[error("password hashing failed: {0}")]
    PasswordHashing(String),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
}

/// The app layer logs an account failure and hides it.
impl From<AccountError> for crate::error::AppError {
    fn from(error: AccountError) -> Self {
        crate::error::AppError::internal(error)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Role {
    Citizen,
    Admin,
    /// Data store staff: upload datasets and look after their sources (`/upload`).
    DataStore,
    /// A member of a transferring body: transfers its records (`/transfer`).
    Transfer,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Citizen => "citizen",
            Role::Admin => "admin",
            Role::DataStore => "datastore",
            Role::Transfer => "transfer",
        }
    }

    /// May upload datasets and look after the data store's sources: its staff, and admins.
    pub fn is_data_staff(self) -> bool {
        matches!(self, Role::Admin | Role::DataStore)
    }

    /// May transfer records (for the body they are a member of), and admins, who see every
    /// body's transfers.
    pub fn may_transfer(self) -> bool {
        matches!(self, Role::Admin | Role::Transfer)
    }
}

/// A role name the code does not know.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("unknown role {0:?}")]
pub struct UnknownRole(pub String);

impl TryFrom<String> for Role {
    type Error = UnknownRole;

    fn try_from(name: String) -> Result<Self, Self::Error> {
        match name.as_str() {
            "citizen" => Ok(Role::Citizen),
            "admin" => Ok(Role::Admin),
            "datastore" => Ok(Role::DataStore),
            "transfer" => Ok(Role::Transfer),
            _ => Err(UnknownRole(name)),
        }
    }
}

/// An account as stored. Its `Debug` output leaves the password hash out.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct User {
    pub id: UserId,
    pub email: String,
    pub password_hash: HashedPassword,
    #[sqlx(try_from = "String")]
    pub role: Role,
    /// `None` until the email is confirmed: such an account cannot sign in.
    pub confirmed_at: Option<DateTime<Utc>>,
    pub failed_logins: i32,
    pub locked_until: Option<DateTime<Utc>>,
    pub last_login_at: Option<DateTime<Utc>>,
    /// The sign-in before the last: what the dashboard shows as "last signed in".
    pub previous_login_at: Option<DateTime<Utc>>,
    /// The inactivity notices sent since the account was last used (0, 1 or 2).
    pub inactivity_notices: i32,
    pub inactivity_noticed_at: Option<DateTime<Utc>>,
    #[sqlx(flatten)]
    pub details: Details,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl User {
    /// A fingerprint of the credentials a session was signed in with. A session keeps the stamp it
    /// was given; when the password changes the stamp does too, so every other session of the
    /// account ends (as Django's session auth hash does). Derived from the salted hash, so it
    /// tells nothing about the password.
    pub fn session_stamp(&self) -> String {
        use sha2::{Digest, Sha256};
        let digest = Sha256::digest(format!("session-stamp:{}", self.password_hash.as_phc()));
        hex::encode(&digest[..16])
    }

    /// Whether "about you" has the name every account needs (reference 1.5: until it has, signing
    /// in leads to the details form).
    pub fn has_name(&self) -> bool {
        self.details.first_names.is_some() && self.details.last_name.is_some()
    }

    /// A user who can sign in: the email address is confirmed.
    pub fn is_confirmed(&self) -> bool {
        self.confirmed_at.is_some()
    }

    pub fn sign_in_counters(&self) -> SignInCounters {
        SignInCounters {
            failed_logins: self.failed_logins,
            locked_until: self.locked_until,
        }
    }
}

/// Emails are compared lower-cased; callers lower-case too, this makes sure.
fn normalise_email(email: &str) -> String {
    email.trim().to_lowercase()
}

/// The LIKE pattern of the emails containing `fragment`, lower-cased: the fragment is literal
/// text, so its own `%`, `_` and `\` do not act as wildcards.
fn email_pattern(fragment: &str) -> String {
    let escaped = normalise_email(fragment)
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    format!("%{escaped}%")
}

fn is_unique_violation(error: &sqlx::Error) -> bool {
    matches!(error, sqlx::Error::Database(e) if e.is_unique_violation())
}

/// The account store. Cheap to clone.
#[derive(Clone)]
pub struct Accounts {
    pool: StorePool,
    clock: SharedClock,
}

impl Accounts {
    pub fn new(store: &dyn Store, clock: SharedClock) -> Self {
        Accounts {
            pool: store.pool(),
            clock,
        }
    }

    /// The repository over the app's store and clock.
    pub fn of(backends: &backends::Backends) -> Self {
        Accounts::new(backends.store.as_ref(), backends.clock.clone())
    }

    /// Opens a transaction on the accounts' store, for the `_in` methods.
    pub async fn begin(&self) -> Result<StoreTransaction, AccountError> {
        Ok(self.pool.begin().await?)
    }

    /// Whether the account is locked now.
    pub fn is_locked(&self, user: &User) -> bool {
        matches!(
            user.sign_in_counters().state(self.clock.now()),
            SignInState::Locked { .. }
        )
    }

    // Reading.

    pub async fn get(&self, user_id: &UserId) -> Result<Option<User>, AccountError> {
        Ok(on_pool!(&self.pool, pool => {
            sqlx::query_as("SELECT * FROM users WHERE id = $1")
                .bind(user_id)
                .fetch_optional(pool)
                .await?
        }))
    }

    pub async fn find_by_email(&self, email: &str) -> Result<Option<User>, AccountError> {
        let email = normalise_email(email);
        Ok(on_pool!(&self.pool, pool => {
            sqlx::query_as("SELECT * FROM users WHERE email = $1")
                .bind(&email)
                .fetch_optional(pool)
                .await?
        }))
    }

    /// [`get`](Self::get) in the caller's transaction (see [`find_by_email_in`](Self::find_by_email_in)).
    pub async fn get_in(
        &self,
        tx: &mut StoreTransaction,
        user_id: &UserId,
    ) -> Result<Option<User>, AccountError> {
        Ok(in_transaction!(tx, conn => {
            sqlx::query_as("SELECT * FROM users WHERE id = $1")
                .bind(user_id)
                .fetch_optional(conn)
                .await?
        }))
    }

    /// [`find_by_email`](Self::find_by_email) in the caller's transaction. Code holding a
    /// transaction must read through it: on SQLite the transaction holds the one write lock, so a
    /// second connection taken from the pool meanwhile can wait for connections that are all
    /// waiting for that lock.
    pub async fn find_by_email_in(
        &self,
        tx: &mut StoreTransaction,
        email: &str,
    ) -> Result<Option<User>, AccountError> {
        let email = normalise_email(email);
        Ok(in_transaction!(tx, conn => {
            sqlx::query_as("SELECT * FROM users WHERE email = $1")
                .bind(&email)
                .fetch_optional(conn)
                .await?
        }))
    }

    /// Users whose email contains `fragment`, in email order, at most `limit` (admin search).
    pub async fn search_by_email(
        &self,
        fragment: &str,
        limit: i64,
    ) -> Result<Vec<User>, AccountError> {
        let pattern = email_pattern(fragment);
        Ok(on_pool!(&self.pool, pool => {
            sqlx::query_as(
                "SELECT * FROM users WHERE email LIKE $1 ESCAPE '\\' ORDER BY email LIMIT $2",
            )
            .bind(&pattern)
            .bind(limit)
            .fetch_all(pool)
            .await?
        }))
    }

    /// Page `page` (from 1) of the users whose email contains `fragment`, `per_page` a page in
    /// email order, and how many match in all (the admin's search).
    pub async fn page_by_email(
        &self,
        fragment: &str,
        page: u32,
        per_page: u32,
    ) -> Result<(Vec<User>, u64), AccountError> {
        let pattern = email_pattern(fragment);
        let offset = i64::from(page.max(1) - 1) * i64::from(per_page);
        let (users, total): (Vec<User>, i64) = on_pool!(&self.pool, pool => {
            let users = sqlx::query_as(
                "SELECT * FROM users WHERE email LIKE $1 ESCAPE '\\' ORDER BY email \
                 LIMIT $2 OFFSET $3",
            )
            .bind(&pattern)
            .bind(i64::from(per_page))
            .bind(offset)
            .fetch_all(pool)
            .await?;
            let total = sqlx::query_scalar("SELECT COUNT(*) FROM users WHERE email LIKE $1 ESCAPE '\\'")
                .bind(&pattern)
                .fetch_one(pool)
                .await?;
            (users, total)
        });
        Ok((users, u64::try_from(total).unwrap_or_default()))
    }

    // Registration and activation.

    /// Creates an unconfirmed account.
    pub async fn create_user(
        &self,
        email: &str,
        password_hash: &HashedPassword,
        role: Role,
    ) -> Result<UserId, AccountError> {
        let mut tx = self.begin().await?;
        let user_id = self
            .create_user_in(&mut tx, email, password_hash, role)
            .await?;
        tx.commit().await?;
        Ok(user_id)
    }

    /// [`create_user`](Self::create_user) in the caller's transaction.
    pub async fn create_user_in(
        &self,
        tx: &mut StoreTransaction,
        email: &str,
        password_hash: &HashedPassword,
        role: Role,
    ) -> Result<UserId, AccountError> {
        let now = self.clock.now();
        let user_id = UserId::random();
        // The unique index decides between concurrent registrations: the loser inserts nothing
        // (and, unlike a constraint error, leaves the caller's transaction usable).
        let inserted: Option<UserId> = in_transaction!(tx, conn => {
            sqlx::query_scalar(
                "INSERT INTO users (id, email, password_hash, role, failed_logins, created_at, \
                 updated_at) VALUES ($1, $2, $3, $4, 0, $5, $5) \
                 ON CONFLICT (email) DO NOTHING RETURNING id",
            )
            .bind(&user_id)
            .bind(normalise_email(email))
            .bind(password_hash)
            .bind(role.as_str())
            .bind(now)
            .fetch_optional(conn)
            .await?
        });
        inserted.ok_or(AccountError::EmailTaken)
    }

    /// Marks the email confirmed (once: a second confirmation keeps the first time).
    pub async fn confirm_email(&self, user_id: &UserId) -> Result<(), AccountError> {
        let mut tx = self.begin().await?;
        self.confirm_email_in(&mut tx, user_id).await?;
        tx.commit().await?;
        Ok(())
    }

    /// [`confirm_email`](Self::confirm_email) in the caller's transaction.
    pub async fn confirm_email_in(
        &self,
        tx: &mut StoreTransaction,
        user_id: &UserId,
    ) -> Result<(), AccountError> {
        let now = self.clock.now();
        let updated = in_transaction!(tx, conn => {
            sqlx::query(
                "UPDATE users SET confirmed_at = COALESCE(confirmed_at, $1), updated_at = $1 \
                 WHERE id = $2",
            )
            .bind(now)
            .bind(user_id)
            .execute(conn)
            .await?
            .rows_affected()
        });
        found(updated)
    }

    /// Deletes the accounts never confirmed that were created before `cutoff` (the real service
    /// keeps them 24 hours). Returns how many.
    pub async fn delete_unconfirmed_older_than(
        &self,
        cutoff: DateTime<Utc>,
    ) -> Result<u64, AccountError> {
        Ok(on_pool!(&self.pool, pool => {
            sqlx::query("DELETE FROM users WHERE confirmed_at IS NULL AND created_at < $1")
                .bind(cutoff)
                .execute(pool)
                .await?
                .rows_affected()
        }))
    }

    // Tokens.

    /// Issues a token valid for `ttl`, replacing the user's earlier tokens of the same purpose.
    /// Returns the raw token for the link; only its hash is stored. `new_email` is given exactly
    /// for [`TokenPurpose::ChangeEmail`] (the table checks it).
    pub async fn issue_token(
        &self,
        user_id: &UserId,
        purpose: TokenPurpose,
        ttl: Duration,
        new_email: Option<&str>,
    ) -> Result<String, AccountError> {
        let mut tx = self.begin().await?;
        let raw = self
            .issue_token_in(&mut tx, user_id, purpose, ttl, new_email)
            .await?;
        tx.commit().await?;
        Ok(raw)
    }

    /// [`issue_token`](Self::issue_token) in the caller's transaction.
    pub async fn issue_token_in(
        &self,
        tx: &mut StoreTransaction,
        user_id: &UserId,
        purpose: TokenPurpose,
        ttl: Duration,
        new_email: Option<&str>,
    ) -> Result<String, AccountError> {
        let now = self.clock.now();
        let raw = tokens::new_raw_token();
        let new_email = new_email.map(normalise_email);
        // Lock the user's row first, so two tokens issued at once are issued one after the
        // other and the second replaces the first (PostgreSQL; SQLite has one writer anyway).
        let user_exists = in_transaction!(&mut *tx, conn => {
            sqlx::query("UPDATE users SET updated_at = updated_at WHERE id = $1")
                .bind(user_id)
                .execute(conn)
                .await?
                .rows_affected()
        });
        found(user_exists)?;
        in_transaction!(tx, conn => {
            sqlx::query("DELETE FROM account_tokens WHERE user_id = $1 AND purpose = $2")
                .bind(user_id)
                .bind(purpose.as_str())
                .execute(&mut *conn)
                .await?;
            sqlx::query(
                "INSERT INTO account_tokens (token_hash, user_id, purpose, new_email, created_at, \
                 expires_at) VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(tokens::token_hash(&raw))
            .bind(user_id)
            .bind(purpose.as_str())
            .bind(&new_email)
            .bind(now)
            .bind(now + ttl)
            .execute(conn)
            .await?;
        });
        Ok(raw)
    }

    /// What a token from a link would grant now, without using it up (a page shows its form
    /// only for a link that works; submitting the form consumes it).
    pub async fn check_token(
        &self,
        raw: &str,
        purpose: TokenPurpose,
    ) -> Result<TokenGrant, AccountError> {
        let now = self.clock.now();
        let hash = tokens::token_hash(raw);
        let usable: Option<(UserId, Option<String>)> = on_pool!(&self.pool, pool => {
            sqlx::query_as(
                "SELECT user_id, new_email FROM account_tokens \
                 WHERE token_hash = $1 AND purpose = $2 AND used_at IS NULL AND expires_at > $3",
            )
            .bind(&hash)
            .bind(purpose.as_str())
            .bind(now)
            .fetch_optional(pool)
            .await?
        });
        match usable {
            Some((user_id, new_email)) => Ok(TokenGrant { user_id, new_email }),
            None => {
                let stored: Option<tokens::StoredToken> = on_pool!(&self.pool, pool => {
                    sqlx::query_as(
                        "SELECT purpose, expires_at, used_at FROM account_tokens \
                         WHERE token_hash = $1",
                    )
                    .bind(&hash)
                    .fetch_optional(pool)
                    .await?
                });
                let refusal =
                    stored.map_or(TokenError::Unknown, |token| token.refusal(purpose, now));
                Err(refusal.into())
            }
        }
    }

    /// Uses up a token from a link: succeeds once, for its purpose, before it expires.
    pub async fn consume_token(
        &self,
        raw: &str,
        purpose: TokenPurpose,
    ) -> Result<TokenGrant, AccountError> {
        let mut tx = self.begin().await?;
        let grant = self.consume_token_in(&mut tx, raw, purpose).await?;
        tx.commit().await?;
        Ok(grant)
    }

    /// [`consume_token`](Self::consume_token) in the caller's transaction, so what the token
    /// grants (a new email, say) is done only if the token is used up, and the other way round.
    pub async fn consume_token_in(
        &self,
        tx: &mut StoreTransaction,
        raw: &str,
        purpose: TokenPurpose,
    ) -> Result<TokenGrant, AccountError> {
        let now = self.clock.now();
        let hash = tokens::token_hash(raw);
        // One statement checks and marks, so two requests with the same link cannot both win.
        let consumed: Option<(UserId, Option<String>)> = in_transaction!(&mut *tx, conn => {
            sqlx::query_as(
                "UPDATE account_tokens SET used_at = $1 \
                 WHERE token_hash = $2 AND purpose = $3 AND used_at IS NULL AND expires_at > $1 \
                 RETURNING user_id, new_email",
            )
            .bind(now)
            .bind(&hash)
            .bind(purpose.as_str())
            .fetch_optional(conn)
            .await?
        });
        if let Some((user_id, new_email)) = consumed {
            return Ok(TokenGrant { user_id, new_email });
        }
        let stored: Option<tokens::StoredToken> = in_transaction!(tx, conn => {
            sqlx::query_as(
                "SELECT purpose, expires_at, used_at FROM account_tokens WHERE token_hash = $1",
            )
            .bind(&hash)
            .fetch_optional(conn)
            .await?
        });
        let refusal = stored.map_or(TokenError::Unknown, |token| token.refusal(purpose, now));
        Err(refusal.into())
    }

    // Signing in.

    /// Counts a failed sign-in (wrong password) and returns where the account stands after it.
    pub async fn record_failed_sign_in(
        &self,
        user_id: &UserId,
    ) -> Result<SignInState, AccountError> {
        let now = self.clock.now();
        let mut tx = self.begin().await?;
        // Read the counters with a write, so the row is locked before the rule runs: on
        // PostgreSQL a concurrent failure waits here and then reads this one's result; on SQLite
        // the transaction already holds the one write lock. No failure is lost.
        let current: Option<(i32, Option<DateTime<Utc>>)> = in_transaction!(&mut tx, conn => {
            sqlx::query_as(
                "UPDATE users SET updated_at = $1 WHERE id = $2 \
                 RETURNING failed_logins, locked_until",
            )
            .bind(now)
            .bind(user_id)
            .fetch_optional(conn)
            .await?
        });
        let (failed_logins, locked_until) = current.ok_or(AccountError::UserNotFound)?;
        let next = SignInCounters {
            failed_logins,
            locked_until,
        }
        .after_failure(now);
        in_transaction!(&mut tx, conn => {
            sqlx::query("UPDATE users SET failed_logins = $1, locked_until = $2 WHERE id = $3")
                .bind(next.failed_logins)
                .bind(next.locked_until)
                .bind(user_id)
                .execute(conn)
                .await?;
        });
        tx.commit().await?;
        Ok(next.state(now))
    }

    /// A successful sign-in: clears the failure count, any lock and any inactivity notices, and
    /// stamps `last_login_at` (keeping the one before as `previous_login_at`).
    pub async fn record_successful_sign_in(&self, user_id: &UserId) -> Result<(), AccountError> {
        let now = self.clock.now();
        let updated = on_pool!(&self.pool, pool => {
            sqlx::query(
                "UPDATE users SET failed_logins = 0, locked_until = NULL, \
                 previous_login_at = last_login_at, last_login_at = $1, inactivity_notices = 0, \
                 inactivity_noticed_at = NULL, updated_at = $1 \
                 WHERE id = $2",
            )
            .bind(now)
            .bind(user_id)
            .execute(pool)
            .await?
            .rows_affected()
        });
        found(updated)
    }

    /// Lifts a lockout and forgets the failed sign-ins (an admin's unlock).
    pub async fn unlock(&self, user_id: &UserId) -> Result<(), AccountError> {
        let now = self.clock.now();
        let updated = on_pool!(&self.pool, pool => {
            sqlx::query(
                "UPDATE users SET failed_logins = 0, locked_until = NULL, updated_at = $1 \
                 WHERE id = $2",
            )
            .bind(now)
            .bind(user_id)
            .execute(pool)
            .await?
            .rows_affected()
        });
        found(updated)
    }

    // Changing the account.

    /// Sets a new password hash; a reset also lifts any lockout.
    pub async fn set_password(
        &self,
        user_id: &UserId,
        password_hash: &HashedPassword,
    ) -> Result<(), AccountError> {
        let mut tx = self.begin().await?;
        self.set_password_in(&mut tx, user_id, password_hash)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    /// [`set_password`](Self::set_password) in the caller's transaction.
    pub async fn set_password_in(
        &self,
        tx: &mut StoreTransaction,
        user_id: &UserId,
        password_hash: &HashedPassword,
    ) -> Result<(), AccountError> {
        let now = self.clock.now();
        let updated = in_transaction!(tx, conn => {
            sqlx::query(
                "UPDATE users SET password_hash = $1, failed_logins = 0, locked_until = NULL, \
                 updated_at = $2 WHERE id = $3",
            )
            .bind(password_hash)
            .bind(now)
            .bind(user_id)
            .execute(conn)
            .await?
            .rows_affected()
        });
        found(updated)
    }

    /// Moves the account to `new_email`; [`AccountError::EmailTaken`] if another account has it.
    pub async fn change_email(
        &self,
        user_id: &UserId,
        new_email: &str,
    ) -> Result<(), AccountError> {
        let mut tx = self.begin().await?;
        self.change_email_in(&mut tx, user_id, new_email).await?;
        tx.commit().await?;
        Ok(())
    }

    /// [`change_email`](Self::change_email) in the caller's transaction.
    pub async fn change_email_in(
        &self,
        tx: &mut StoreTransaction,
        user_id: &UserId,
        new_email: &str,
    ) -> Result<(), AccountError> {
        let now = self.clock.now();
        let updated = in_transaction!(tx, conn => {
            sqlx::query("UPDATE users SET email = $1, updated_at = $2 WHERE id = $3")
                .bind(normalise_email(new_email))
                .bind(now)
                .bind(user_id)
                .execute(conn)
                .await
                .map(|result| result.rows_affected())
        });
        match updated {
            Ok(rows) => found(rows),
            Err(e) if is_unique_violation(&e) => Err(AccountError::EmailTaken),
            Err(e) => Err(e.into()),
        }
    }

    /// Replaces the "about you" details.
    pub async fn update_details(
        &self,
        user_id: &UserId,
        details: &Details,
    ) -> Result<(), AccountError> {
        let now = self.clock.now();
        let updated = on_pool!(&self.pool, pool => {
            sqlx::query(
                "UPDATE users SET title = $1, first_names = $2, last_name = $3, \
                 date_of_birth = $4, address_line_1 = $5, address_line_2 = $6, \
                 address_line_3 = $7, postcode = $8, updated_at = $9 WHERE id = $10",
            )
            .bind(&details.title)
            .bind(&details.first_names)
            .bind(&details.last_name)
            .bind(details.date_of_birth)
            .bind(&details.address_line_1)
            .bind(&details.address_line_2)
            .bind(&details.address_line_3)
            .bind(&details.postcode)
            .bind(now)
            .bind(user_id)
            .execute(pool)
            .await?
            .rows_affected()
        });
        found(updated)
    }

    pub async fn set_role(&self, user_id: &UserId, role: Role) -> Result<(), AccountError> {
        let now = self.clock.now();
        let updated = on_pool!(&self.pool, pool => {
            sqlx::query("UPDATE users SET role = $1, updated_at = $2 WHERE id = $3")
                .bind(role.as_str())
                .bind(now)
                .bind(user_id)
                .execute(pool)
                .await?
                .rows_affected()
        });
        found(updated)
    }

    /// Deletes the account; its tokens go with it.
    pub async fn delete_user(&self, user_id: &UserId) -> Result<(), AccountError> {
        let mut tx = self.begin().await?;
        self.delete_user_in(&mut tx, user_id).await?;
        tx.commit().await?;
        Ok(())
    }

    /// [`delete_user`](Self::delete_user) in the caller's transaction.
    pub async fn delete_user_in(
        &self,
        tx: &mut StoreTransaction,
        user_id: &UserId,
    ) -> Result<(), AccountError> {
        let deleted = in_transaction!(tx, conn => {
            sqlx::query("DELETE FROM users WHERE id = $1")
                .bind(user_id)
                .execute(conn)
                .await?
                .rows_affected()
        });
        found(deleted)
    }
}

/// An update or delete by id touched no row: there is no such user.
fn found(rows: u64) -> Result<(), AccountError> {
    if rows == 0 {
        Err(AccountError::UserNotFound)
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_ids_are_32_lower_case_hex_and_parse_back() {
        let id = UserId::random();
        assert_eq!(id.as_str().parse(), Ok(id.clone()));
        assert_eq!(id.as_str().len(), 32);
        assert_eq!(
            "0123456789ABCDEF0123456789abcdef".parse::<UserId>(),
            Err(NotAUserId)
        );
        assert_eq!("0123".parse::<UserId>(), Err(NotAUserId));
    }

    #[test]
    fn emails_are_compared_trimmed_and_lower_cased() {
        assert_eq!(normalise_email(" Ann@Example.COM "), "ann@example.com");
    }
}
