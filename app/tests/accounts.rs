#![cfg(feature = "ssr")]
//! The account store, each test on SQLite and on PostgreSQL (one database per test): users,
//! password hashes, tokens, lockout, deletion and cleanup. Time moves by a manual clock.
use std::sync::Arc;

use app::account::server::{
    hash_password, verify_against_dummy, verify_password, AccountError, Accounts, Details,
    HashedPassword, Role, SignInState, TokenError, TokenGrant, TokenPurpose, UserId,
};
use backends::clock::{Clock, ManualClock};
use backends::store::{Store, StorePool};
use chrono::{Duration, NaiveDate};
use futures::future::join_all;
use sha2::{Digest, Sha256};

use backends::testing::{start_time, Backend, TestDatabase};

const DAY: Duration = Duration::hours(24);

/// A fresh database with an account store on a manual clock.
struct Harness {
    store: Arc<dyn Store>,
    clock: ManualClock,
    accounts: Accounts,
    /// A real argon2id hash, made once per test: hashing costs time and the tests need many users.
    hash: HashedPassword,
    _database: TestDatabase,
}

impl Harness {
    async fn new(backend: Backend) -> Self {
        let database = TestDatabase::create(backend).await;
        let store = database.store().await;
        let clock = ManualClock::new(start_time());
        let accounts = Accounts::new(store.as_ref(), Arc::new(clock.clone()));
        Harness {
            store,
            clock,
            accounts,
            hash: hash_password("Correct horse 1").await.unwrap(),
            _database: database,
        }
    }

    async fn citizen(&self, email: &str) -> UserId {
        self.accounts
            .create_user(email, &self.hash, Role::Citizen)
            .await
            .expect("create user")
    }

    async fn user(&self, id: &UserId) -> app::account::server::User {
        self.accounts
            .get(id)
            .await
            .unwrap()
            .expect("the user exists")
    }

    /// The `token_hash` column, read behind the store's back.
    async fn stored_token_hashes(&self) -> Vec<String> {
        let sql = "SELECT token_hash FROM account_tokens ORDER BY token_hash";
        match self.store.pool() {
            StorePool::Sqlite(pool) => sqlx::query_scalar(sql).fetch_all(&pool).await,
            StorePool::Postgres(pool) => sqlx::query_scalar(sql).fetch_all(&pool).await,
        }
        .expect("read token hashes")
    }
}

backends::on_both_stores!(
    a_new_user_is_unconfirmed_and_found_by_id_and_by_email,
    a_taken_email_is_refused_whatever_its_case,
    concurrent_registrations_of_one_email_make_one_account,
    a_token_is_consumed_once,
    a_token_expires_after_its_time_to_live,
    a_token_is_unknown_for_another_purpose,
    a_newer_token_replaces_the_older_one,
    tokens_issued_at_once_leave_one_valid,
    only_the_sha256_of_a_token_is_stored,
    a_change_email_token_carries_the_new_address_and_a_taken_address_is_refused,
    a_token_consumed_in_a_rolled_back_transaction_stays_usable,
    four_failures_leave_the_account_open_and_the_fifth_locks_it,
    the_lock_lasts_15_minutes_and_the_count_restarts_after_it,
    a_successful_sign_in_clears_the_failures,
    concurrent_failures_are_all_counted_and_lock_the_account,
    a_new_password_lifts_the_lock,
    details_and_role_are_saved,
    deleting_a_user_deletes_its_tokens,
    cleanup_deletes_only_unconfirmed_accounts_older_than_the_cutoff,
    admins_find_users_by_part_of_their_email,
);

#[tokio::test]
async fn passwords_hash_as_argon2id_with_owasp_parameters_and_verify() {
    let hash = hash_password("Correct horse 1").await.unwrap();
    assert!(
        hash.as_phc().starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
        "{}",
        hash.as_phc()
    );
    assert!(verify_password("Correct horse 1", &hash).await);
    assert!(!verify_password("correct horse 1", &hash).await);
    assert!(!verify_password("", &hash).await);
    let again = hash_password("Correct horse 1").await.unwrap();
    assert_ne!(hash, again, "each hash has its own salt");
    // Only its cost matters; it must simply return.
    verify_against_dummy("Correct horse 1").await;
}

async fn a_new_user_is_unconfirmed_and_found_by_id_and_by_email(backend: Backend) {
    let h = Harness::new(backend).await;
    let id = h.citizen("ann@example.com").await;
    assert_eq!(id.as_str().len(), 32);
    let user = h.user(&id).await;
    assert_eq!(user.email, "ann@example.com");
    assert_eq!(user.role, Role::Citizen);
    assert_eq!(user.confirmed_at, None);
    assert_eq!(user.failed_logins, 0);
    assert_eq!(user.details, Details::default());
    assert_eq!(user.created_at, h.clock.now());
    assert_eq!(user.password_hash, h.hash);
    assert!(
        !format!("{user:?}").contains(h.hash.as_phc()),
        "Debug output leaves the hash out"
    );
    let found = h.accounts.find_by_email("Ann@Example.com").await.unwrap();
    assert_eq!(found.as_ref().map(|u| &u.id), Some(&id));
    assert!(h
        .accounts
        .find_by_email("bob@example.com")
        .await
        .unwrap()
        .is_none());

    h.clock.advance(Duration::minutes(3));
    h.accounts.confirm_email(&id).await.unwrap();
    h.clock.advance(Duration::minutes(3));
    h.accounts.confirm_email(&id).await.unwrap();
    assert_eq!(
        h.user(&id).await.confirmed_at,
        Some(start_time() + Duration::minutes(3)),
        "the first confirmation counts"
    );
    let nobody: UserId = "0123456789abcdef0123456789abcdef".parse().unwrap();
    assert!(matches!(
        h.accounts.confirm_email(&nobody).await,
        Err(AccountError::UserNotFound)
    ));
}

async fn a_taken_email_is_refused_whatever_its_case(backend: Backend) {
    let h = Harness::new(backend).await;
    h.citizen("ann@example.com").await;
    for taken in ["ann@example.com", "ANN@example.COM", " Ann@Example.com "] {
        let result = h.accounts.create_user(taken, &h.hash, Role::Citizen).await;
        assert!(
            matches!(result, Err(AccountError::EmailTaken)),
            "{taken}: {result:?}"
        );
    }
    let id = h.citizen("Bob@Example.com").await;
    assert_eq!(h.user(&id).await.email, "bob@example.com");
}

async fn concurrent_registrations_of_one_email_make_one_account(backend: Backend) {
    let h = Harness::new(backend).await;
    let attempts = (0..8).map(|_| {
        let (accounts, hash) = (h.accounts.clone(), h.hash.clone());
        tokio::spawn(async move {
            accounts
                .create_user("race@example.com", &hash, Role::Citizen)
                .await
        })
    });
    let results: Vec<_> = join_all(attempts)
        .await
        .into_iter()
        .map(|joined| joined.unwrap())
        .collect();
    let created = results.iter().filter(|r| r.is_ok()).count();
    let refused = results
        .iter()
        .filter(|r| matches!(r, Err(AccountError::EmailTaken)))
        .count();
    assert_eq!((created, refused), (1, 7), "{results:?}");
    assert_eq!(
        h.accounts.search_by_email("race", 10).await.unwrap().len(),
        1
    );
}

async fn a_token_is_consumed_once(backend: Backend) {
    let h = Harness::new(backend).await;
    let id = h.citizen("ann@example.com").await;
    let raw = h
        .accounts
        .issue_token(&id, TokenPurpose::ConfirmEmail, DAY, None)
        .await
        .unwrap();
    let grant = h
        .accounts
        .consume_token(&raw, TokenPurpose::ConfirmEmail)
        .await
        .unwrap();
    assert_eq!(
        grant,
        TokenGrant {
            user_id: id,
            new_email: None
        }
    );
    assert!(matches!(
        h.accounts
            .consume_token(&raw, TokenPurpose::ConfirmEmail)
            .await,
        Err(AccountError::Token(TokenError::Used))
    ));
    assert!(matches!(
        h.accounts
            .consume_token("no-such-token", TokenPurpose::ConfirmEmail)
            .await,
        Err(AccountError::Token(TokenError::Unknown))
    ));
}

async fn a_token_expires_after_its_time_to_live(backend: Backend) {
    let h = Harness::new(backend).await;
    let id = h.citizen("ann@example.com").await;
    let early = h
        .accounts
        .issue_token(&id, TokenPurpose::ResetPassword, DAY, None)
        .await
        .unwrap();
    h.clock.advance(DAY - Duration::seconds(1));
    assert!(h
        .accounts
        .consume_token(&early, TokenPurpose::ResetPassword)
        .await
        .is_ok());

    let late = h
        .accounts
        .issue_token(&id, TokenPurpose::ResetPassword, DAY, None)
        .await
        .unwrap();
    h.clock.advance(DAY);
    assert!(matches!(
        h.accounts
            .consume_token(&late, TokenPurpose::ResetPassword)
            .await,
        Err(AccountError::Token(TokenError::Expired))
    ));
}

async fn a_token_is_unknown_for_another_purpose(backend: Backend) {
    let h = Harness::new(backend).await;
    let id = h.citizen("ann@example.com").await;
    let raw = h
        .accounts
        .issue_token(&id, TokenPurpose::ConfirmEmail, DAY, None)
        .await
        .unwrap();
    assert!(matches!(
        h.accounts
            .consume_token(&raw, TokenPurpose::ResetPassword)
            .await,
        Err(AccountError::Token(TokenError::Unknown))
    ));
    assert!(
        h.accounts
            .consume_token(&raw, TokenPurpose::ConfirmEmail)
            .await
            .is_ok(),
        "a refused use for another purpose does not use the token up"
    );
}

async fn a_newer_token_replaces_the_older_one(backend: Backend) {
    let h = Harness::new(backend).await;
    let id = h.citizen("ann@example.com").await;
    let older = h
        .accounts
        .issue_token(&id, TokenPurpose::ResetPassword, DAY, None)
        .await
        .unwrap();
    let other_purpose = h
        .accounts
        .issue_token(&id, TokenPurpose::ConfirmEmail, DAY, None)
        .await
        .unwrap();
    let newer = h
        .accounts
        .issue_token(&id, TokenPurpose::ResetPassword, DAY, None)
        .await
        .unwrap();
    assert!(matches!(
        h.accounts
            .consume_token(&older, TokenPurpose::ResetPassword)
            .await,
        Err(AccountError::Token(TokenError::Unknown))
    ));
    for (raw, purpose) in [
        (newer, TokenPurpose::ResetPassword),
        (other_purpose, TokenPurpose::ConfirmEmail),
    ] {
        assert!(
            h.accounts.consume_token(&raw, purpose).await.is_ok(),
            "{purpose}"
        );
    }
}

async fn tokens_issued_at_once_leave_one_valid(backend: Backend) {
    let h = Harness::new(backend).await;
    let id = h.citizen("ann@example.com").await;
    let issues = (0..6).map(|_| {
        let (accounts, id) = (h.accounts.clone(), id.clone());
        tokio::spawn(async move {
            accounts
                .issue_token(&id, TokenPurpose::ResetPassword, DAY, None)
                .await
        })
    });
    for issued in join_all(issues).await {
        issued.unwrap().unwrap();
    }
    assert_eq!(h.stored_token_hashes().await.len(), 1);
}

async fn only_the_sha256_of_a_token_is_stored(backend: Backend) {
    let h = Harness::new(backend).await;
    let ann = h.citizen("ann@example.com").await;
    let bob = h.citizen("bob@example.com").await;
    let mut raws = vec![
        h.accounts
            .issue_token(&ann, TokenPurpose::ConfirmEmail, DAY, None)
            .await
            .unwrap(),
        h.accounts
            .issue_token(&bob, TokenPurpose::ResetPassword, DAY, None)
            .await
            .unwrap(),
    ];
    for raw in &raws {
        assert_eq!(raw.len(), 43, "32 bytes in base64url without padding");
    }
    let stored = h.stored_token_hashes().await;
    assert!(stored.iter().all(|hash| hash.len() == 64
        && hash
            .bytes()
            .all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase())));
    for raw in &raws {
        assert!(!stored.contains(raw));
    }
    raws.iter_mut()
        .for_each(|raw| *raw = hex::encode(Sha256::digest(raw.as_bytes())));
    raws.sort();
    assert_eq!(stored, raws);
}

async fn a_change_email_token_carries_the_new_address_and_a_taken_address_is_refused(
    backend: Backend,
) {
    let h = Harness::new(backend).await;
    let ann = h.citizen("ann@example.com").await;
    let raw = h
        .accounts
        .issue_token(
            &ann,
            TokenPurpose::ChangeEmail,
            DAY,
            Some("Ann.New@Example.com"),
        )
        .await
        .unwrap();
    let grant = h
        .accounts
        .consume_token(&raw, TokenPurpose::ChangeEmail)
        .await
        .unwrap();
    assert_eq!(grant.new_email.as_deref(), Some("ann.new@example.com"));
    h.accounts
        .change_email(&grant.user_id, grant.new_email.as_deref().unwrap())
        .await
        .unwrap();
    assert_eq!(h.user(&ann).await.email, "ann.new@example.com");

    h.citizen("bob@example.com").await;
    assert!(matches!(
        h.accounts.change_email(&ann, "BOB@example.com").await,
        Err(AccountError::EmailTaken)
    ));
    assert_eq!(h.user(&ann).await.email, "ann.new@example.com");
}

async fn a_token_consumed_in_a_rolled_back_transaction_stays_usable(backend: Backend) {
    let h = Harness::new(backend).await;
    let ann = h.citizen("ann@example.com").await;
    h.citizen("taken@example.com").await;
    let raw = h
        .accounts
        .issue_token(
            &ann,
            TokenPurpose::ChangeEmail,
            DAY,
            Some("taken@example.com"),
        )
        .await
        .unwrap();
    // The address was taken after the link was sent: the change fails, and so the token must
    // not be used up.
    let mut tx = h.accounts.begin().await.unwrap();
    let grant = h
        .accounts
        .consume_token_in(&mut tx, &raw, TokenPurpose::ChangeEmail)
        .await
        .unwrap();
    let changed = h
        .accounts
        .change_email_in(&mut tx, &grant.user_id, grant.new_email.as_deref().unwrap())
        .await;
    assert!(matches!(changed, Err(AccountError::EmailTaken)));
    tx.rollback().await.unwrap();
    assert!(h
        .accounts
        .consume_token(&raw, TokenPurpose::ChangeEmail)
        .await
        .is_ok());
}

async fn four_failures_leave_the_account_open_and_the_fifth_locks_it(backend: Backend) {
    let h = Harness::new(backend).await;
    let id = h.citizen("ann@example.com").await;
    for failures in 1..=4 {
        let state = h.accounts.record_failed_sign_in(&id).await.unwrap();
        assert_eq!(
            state,
            SignInState::Open {
                failed_logins: failures
            }
        );
        assert!(!h.accounts.is_locked(&h.user(&id).await));
    }
    let state = h.accounts.record_failed_sign_in(&id).await.unwrap();
    assert_eq!(
        state,
        SignInState::Locked {
            until: start_time() + Duration::minutes(15)
        }
    );
    let user = h.user(&id).await;
    assert_eq!(user.failed_logins, 5);
    assert!(h.accounts.is_locked(&user));
}

async fn the_lock_lasts_15_minutes_and_the_count_restarts_after_it(backend: Backend) {
    let h = Harness::new(backend).await;
    let id = h.citizen("ann@example.com").await;
    for _ in 0..5 {
        h.clock.advance(Duration::minutes(1));
        h.accounts.record_failed_sign_in(&id).await.unwrap();
    }
    // 15 minutes from the last failure.
    h.clock.advance(Duration::minutes(14));
    assert!(h.accounts.is_locked(&h.user(&id).await));
    h.clock.advance(Duration::minutes(2));
    assert!(!h.accounts.is_locked(&h.user(&id).await));
    assert_eq!(
        h.accounts.record_failed_sign_in(&id).await.unwrap(),
        SignInState::Open { failed_logins: 1 }
    );
    let user = h.user(&id).await;
    assert_eq!((user.failed_logins, user.locked_until), (1, None));
}

async fn a_successful_sign_in_clears_the_failures(backend: Backend) {
    let h = Harness::new(backend).await;
    let id = h.citizen("ann@example.com").await;
    for _ in 0..4 {
        h.accounts.record_failed_sign_in(&id).await.unwrap();
    }
    h.clock.advance(Duration::minutes(1));
    h.accounts.record_successful_sign_in(&id).await.unwrap();
    let user = h.user(&id).await;
    assert_eq!(user.failed_logins, 0);
    assert_eq!(user.last_login_at, Some(h.clock.now()));
    assert_eq!(
        h.accounts.record_failed_sign_in(&id).await.unwrap(),
        SignInState::Open { failed_logins: 1 },
        "the count starts again"
    );
}

async fn concurrent_failures_are_all_counted_and_lock_the_account(backend: Backend) {
    let h = Harness::new(backend).await;
    let id = h.citizen("ann@example.com").await;
    let failures = (0..10).map(|_| {
        let (accounts, id) = (h.accounts.clone(), id.clone());
        tokio::spawn(async move { accounts.record_failed_sign_in(&id).await })
    });
    let states: Vec<SignInState> = join_all(failures)
        .await
        .into_iter()
        .map(|joined| joined.unwrap().unwrap())
        .collect();
    let user = h.user(&id).await;
    assert_eq!(user.failed_logins, 10, "no failure was lost");
    assert!(h.accounts.is_locked(&user));
    let locked = states
        .iter()
        .filter(|s| matches!(s, SignInState::Locked { .. }))
        .count();
    assert_eq!(
        locked, 6,
        "the 5th to 10th failures saw the lock: {states:?}"
    );
}

async fn a_new_password_lifts_the_lock(backend: Backend) {
    let h = Harness::new(backend).await;
    let id = h.citizen("ann@example.com").await;
    for _ in 0..5 {
        h.accounts.record_failed_sign_in(&id).await.unwrap();
    }
    let new_hash = hash_password("Battery staple 2").await.unwrap();
    h.accounts.set_password(&id, &new_hash).await.unwrap();
    let user = h.user(&id).await;
    assert!(!h.accounts.is_locked(&user));
    assert_eq!(user.failed_logins, 0);
    assert!(verify_password("Battery staple 2", &user.password_hash).await);
}

async fn details_and_role_are_saved(backend: Backend) {
    let h = Harness::new(backend).await;
    let id = h.citizen("ann@example.com").await;
    let details = Details {
        title: Some("Dr".to_owned()),
        first_names: Some("Ann Marie".to_owned()),
        last_name: Some("Smith".to_owned()),
        date_of_birth: NaiveDate::from_ymd_opt(1950, 2, 28),
        address_line_1: Some("1 High Street".to_owned()),
        address_line_2: None,
        address_line_3: Some("Leeds".to_owned()),
        postcode: Some("LS1 1AA".to_owned()),
    };
    h.clock.advance(Duration::minutes(5));
    h.accounts.update_details(&id, &details).await.unwrap();
    h.accounts.set_role(&id, Role::Admin).await.unwrap();
    let user = h.user(&id).await;
    assert_eq!(user.details, details);
    assert_eq!(user.role, Role::Admin);
    assert_eq!(user.updated_at, h.clock.now());
}

async fn deleting_a_user_deletes_its_tokens(backend: Backend) {
    let h = Harness::new(backend).await;
    let ann = h.citizen("ann@example.com").await;
    let bob = h.citizen("bob@example.com").await;
    for (user, purpose) in [
        (&ann, TokenPurpose::ConfirmEmail),
        (&ann, TokenPurpose::ResetPassword),
        (&bob, TokenPurpose::ResetPassword),
    ] {
        h.accounts
            .issue_token(user, purpose, DAY, None)
            .await
            .unwrap();
    }
    h.accounts.delete_user(&ann).await.unwrap();
    assert!(h.accounts.get(&ann).await.unwrap().is_none());
    assert_eq!(h.stored_token_hashes().await.len(), 1, "only Bob's is left");
    assert!(matches!(
        h.accounts.delete_user(&ann).await,
        Err(AccountError::UserNotFound)
    ));
    assert!(matches!(
        h.accounts
            .issue_token(&ann, TokenPurpose::ResetPassword, DAY, None)
            .await,
        Err(AccountError::UserNotFound)
    ));
}

async fn cleanup_deletes_only_unconfirmed_accounts_older_than_the_cutoff(backend: Backend) {
    let h = Harness::new(backend).await;
    let old_unconfirmed = h.citizen("old-unconfirmed@example.com").await;
    let old_confirmed = h.citizen("old-confirmed@example.com").await;
    h.accounts.confirm_email(&old_confirmed).await.unwrap();
    h.clock.advance(Duration::hours(2));
    let new_unconfirmed = h.citizen("new-unconfirmed@example.com").await;

    h.clock.advance(Duration::hours(23));
    let deleted = h
        .accounts
        .delete_unconfirmed_older_than(h.clock.now() - DAY)
        .await
        .unwrap();
    assert_eq!(deleted, 1);
    assert!(h.accounts.get(&old_unconfirmed).await.unwrap().is_none());
    assert!(h.accounts.get(&old_confirmed).await.unwrap().is_some());
    assert!(h.accounts.get(&new_unconfirmed).await.unwrap().is_some());
}

async fn admins_find_users_by_part_of_their_email(backend: Backend) {
    let h = Harness::new(backend).await;
    for email in [
        "carol@example.com",
        "ann@example.com",
        "bob@example.org",
        "ann_b@test.net",
        "100%@test.net",
    ] {
        h.citizen(email).await;
    }
    let found = |users: Vec<app::account::server::User>| -> Vec<String> {
        users.into_iter().map(|u| u.email).collect()
    };
    assert_eq!(
        found(h.accounts.search_by_email("EXAMPLE.", 10).await.unwrap()),
        ["ann@example.com", "bob@example.org", "carol@example.com"]
    );
    assert_eq!(
        found(h.accounts.search_by_email("example", 2).await.unwrap()),
        ["ann@example.com", "bob@example.org"]
    );
    assert_eq!(
        found(h.accounts.search_by_email("n_", 10).await.unwrap()),
        ["ann_b@test.net"],
        "an underscore is literal, not a wildcard"
    );
    assert_eq!(
        found(h.accounts.search_by_email("%", 10).await.unwrap()),
        ["100%@test.net"]
    );
    assert!(h
        .accounts
        .search_by_email("nobody", 10)
        .await
        .unwrap()
        .is_empty());
}
