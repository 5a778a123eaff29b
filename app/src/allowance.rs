//! Per-account allowances of the server functions that each cost a call to an outside service
//! (OS Places for the address finder, Sirius for the dashboard's statuses): enough for anyone
//! using the pages, too few for a script to spend the service's quota. Counted by account, since
//! only signed-in people may call them; each instance counts its own calls (the forms' and the
//! API's per-address limits in the server are the same), so N instances allow N times as many.
use std::num::NonZeroU32;
use std::time::Duration;

use governor::{DefaultKeyedRateLimiter, Quota};

use crate::account::server::UserId;

/// What a call is allowed for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Costly {
    /// Looking a postcode up in OS Places.
    AddressLookup,
    /// Asking Sirius for a dashboard's statuses (a page of LPAs at once).
    StatusCheck,
}

impl Costly {
    /// How many calls at once, and how fast the allowance refills.
    fn quota(self) -> Quota {
        let (burst, refill_every) = match self {
            Costly::AddressLookup => (20, Duration::from_secs(3)),
            Costly::StatusCheck => (10, Duration::from_secs(6)),
        };
        Quota::with_period(refill_every)
            .expect("a non-zero period")
            .allow_burst(NonZeroU32::new(burst).expect("a non-zero burst"))
    }
}

pub struct Allowances {
    address_lookups: DefaultKeyedRateLimiter<UserId>,
    status_checks: DefaultKeyedRateLimiter<UserId>,
}

impl Default for Allowances {
    fn default() -> Self {
        Allowances {
            address_lookups: DefaultKeyedRateLimiter::keyed(Costly::AddressLookup.quota()),
            status_checks: DefaultKeyedRateLimiter::keyed(Costly::StatusCheck.quota()),
        }
    }
}

impl Allowances {
    /// Takes one call of `user`'s allowance for `what`: false when it is spent.
    pub fn take(&self, what: Costly, user: &UserId) -> bool {
        let limiter = match what {
            Costly::AddressLookup => &self.address_lookups,
            Costly::StatusCheck => &self.status_checks,
        };
        let allowed = limiter.check_key(user).is_ok();
        if !allowed {
            tracing::warn!(?what, "an account's allowance is spent");
        }
        allowed
    }

    /// Forgets accounts whose allowance has refilled, so the memory does not grow with every
    /// account that ever called.
    pub fn forget_refilled(&self) {
        for limiter in [&self.address_lookups, &self.status_checks] {
            limiter.retain_recent();
            limiter.shrink_to_fit();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_account_has_its_own_allowance_for_each_service() {
        let allowances = Allowances::default();
        let ann: UserId = "a".repeat(32).parse().unwrap();
        let bob: UserId = "b".repeat(32).parse().unwrap();
        for _ in 0..20 {
            assert!(allowances.take(Costly::AddressLookup, &ann));
        }
        assert!(!allowances.take(Costly::AddressLookup, &ann), "spent");
        assert!(
            allowances.take(Costly::AddressLookup, &bob),
            "another account"
        );
        assert!(
            allowances.take(Costly::StatusCheck, &ann),
            "another service"
        );
    }
}
