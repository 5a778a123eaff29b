//! Password hashing: argon2id with OWASP's parameters, stored as a PHC string (which carries its
//! own algorithm, parameters and salt, so hashes made with other parameters still verify).
//!
//! Hashing costs tens of milliseconds of CPU on purpose, so it runs on tokio's blocking pool and
//! never stalls the async workers.
use std::fmt;
use std::sync::LazyLock;

use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};

use super::AccountError;

/// OWASP's password storage recommendation for argon2id: 19 MiB of memory, 2 passes, 1 lane.
const MEMORY_KIB: u32 = 19 * 1024;
const ITERATIONS: u32 = 2;
const PARALLELISM: u32 = 1;

/// An argon2id PHC string. Its `Debug` output leaves the hash out, so logging a user cannot leak it.
#[derive(Clone, PartialEq, Eq, sqlx::Type)]
#[sqlx(transparent)]
pub struct HashedPassword(String);

impl HashedPassword {
    /// The PHC string (`$argon2id$v=19$m=19456,t=2,p=1$salt$hash`).
    pub fn as_phc(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for HashedPassword {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("HashedPassword(..)")
    }
}

fn hasher() -> Argon2<'static> {
    let params = Params::new(MEMORY_KIB, ITERATIONS, PARALLELISM, None)
        .expect("the OWASP argon2 parameters are valid");
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

fn hash_now(password: &str) -> Result<HashedPassword, AccountError> {
    let salt = SaltString::generate(&mut OsRng);
    let phc = hasher()
        .hash_password(password.as_bytes(), &salt)
        .map_err(|e| AccountError::PasswordHashing(e.to_string()))?;
    Ok(HashedPassword(phc.to_string()))
}

fn verify_now(password: &str, hash: &HashedPassword) -> bool {
    // A stored string that is not a PHC hash matches no password.
    PasswordHash::new(&hash.0).is_ok_and(|parsed| {
        hasher()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok()
    })
}

/// Runs `work` on the blocking pool, passing on a panic from it as the caller's own.
async fn off_the_async_workers<T: Send + 'static>(
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T, AccountError> {
    match tokio::task::spawn_blocking(work).await {
        Ok(value) => Ok(value),
        Err(error) if error.is_panic() => std::panic::resume_unwind(error.into_panic()),
        // Only a runtime that is shutting down cancels blocking work.
        Err(error) => Err(AccountError::PasswordHashing(error.to_string())),
    }
}

/// Hashes a new password with a fresh random salt.
pub async fn hash_password(password: &str) -> Result<HashedPassword, AccountError> {
    let password = password.to_owned();
    off_the_async_workers(move || hash_now(&password)).await?
}

/// Whether `password` is the one `hash` was made from.
pub async fn verify_password(password: &str, hash: &HashedPassword) -> bool {
    let (password, hash) = (password.to_owned(), hash.clone());
    off_the_async_workers(move || verify_now(&password, &hash))
        .await
        .unwrap_or(false)
}

/// A hash no password is known to match, made once per process with the same parameters.
static DUMMY_HASH: LazyLock<HashedPassword> = LazyLock::new(|| {
    let unguessable = hex::encode(rand::random::<[u8; 32]>());
    hash_now(&unguessable).expect("hashing a random password")
});

/// Costs what [`verify_password`] costs, for a sign-in with an unknown email: answering that one
/// faster would tell an attacker which addresses have accounts.
pub async fn verify_against_dummy(password: &str) {
    let password = password.to_owned();
    // The first call also makes the dummy hash; every later one costs exactly one verify.
    let _ = off_the_async_workers(move || verify_now(&password, &DUMMY_HASH)).await;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_string_that_is_not_a_phc_hash_matches_nothing() {
        assert!(!verify_now("", &HashedPassword("not a hash".to_owned())));
    }

    #[test]
    fn debug_output_leaves_the_hash_out() {
        let hash = HashedPassword("$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA".to_owned());
        assert_eq!(format!("{hash:?}"), "HashedPassword(..)");
    }
}
