//! Macros that run one piece of sqlx code on whichever database the store is on, so SQL that
//! reads the same on SQLite and PostgreSQL is written once (used by the job queue here and by the
//! services' repositories in `app`).

/// Runs the same sqlx code on whichever pool the store has. Each arm type-checks the body for
/// its own driver, so SQL that reads the same on both databases is written once.
#[macro_export]
macro_rules! on_pool {
    ($pool:expr, $bound:ident => $body:expr) => {
        match $pool {
            $crate::store::StorePool::Sqlite($bound) => $body,
            $crate::store::StorePool::Postgres($bound) => $body,
        }
    };
}

/// [`on_pool!`] for an open transaction: binds the variant's connection.
#[macro_export]
macro_rules! in_transaction {
    ($tx:expr, $bound:ident => $body:expr) => {
        match $tx {
            $crate::store::StoreTransaction::Sqlite(tx) => {
                let $bound = &mut **tx;
                $body
            }
            $crate::store::StoreTransaction::Postgres(tx) => {
                let $bound = &mut **tx;
                $body
            }
        }
    };
}
