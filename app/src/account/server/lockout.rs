//! The sign-in lockout rule of the real service: 5 consecutive failed sign-ins lock the account for
//! 15 minutes from the last of them; once that has passed, the next attempt starts counting afresh;
//! a successful sign-in clears the count. Pure, so the rule is tested without a database.
use chrono::{DateTime, Duration, Utc};

/// Consecutive failures that lock an account (`MAX_ALLOWED_LOGIN_ATTEMPTS`).
pub const MAX_FAILED_SIGN_INS: i32 = 5;

/// How long a lock lasts from the failure that set it (`ACCOUNT_LOCK_TIME`, 900 s).
pub const LOCK_DURATION: Duration = Duration::minutes(15);

/// The two stored columns the rule reads and writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SignInCounters {
    pub failed_logins: i32,
    pub locked_until: Option<DateTime<Utc>>,
}

/// Where an account stands for signing in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SignInState {
    /// Sign-in may be tried; `failed_logins` consecutive failures so far.
    Open { failed_logins: i32 },
    /// Refuse sign-in without checking the password until `until`.
    Locked { until: DateTime<Utc> },
}

impl SignInCounters {
    pub fn state(self, now: DateTime<Utc>) -> SignInState {
        match self.locked_until {
            Some(until) if until > now => SignInState::Locked { until },
            _ => SignInState::Open {
                failed_logins: self.failed_logins,
            },
        }
    }

    /// The counters after one more failed sign-in at `now`.
    pub fn after_failure(self, now: DateTime<Utc>) -> SignInCounters {
        match self.locked_until {
            // Callers refuse locked accounts before checking a password, so this is a failure
            // that raced with the one that locked: count it, but the lock stays as it was set.
            Some(until) if until > now => SignInCounters {
                failed_logins: self.failed_logins.saturating_add(1),
                locked_until: Some(until),
            },
            // The lock has passed: this attempt counts from zero.
            Some(_) => SignInCounters {
                failed_logins: 1,
                locked_until: None,
            },
            None => {
                let failed_logins = self.failed_logins.saturating_add(1);
                SignInCounters {
                    failed_logins,
                    locked_until: (failed_logins >= MAX_FAILED_SIGN_INS)
                        .then(|| now + LOCK_DURATION),
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(minutes: i64) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 24, 9, 0, 0).unwrap() + Duration::minutes(minutes)
    }

    const FRESH: SignInCounters = SignInCounters {
        failed_logins: 0,
        locked_until: None,
    };

    #[test]
    fn four_failures_leave_the_account_open_and_the_fifth_locks_it_for_15_minutes() {
        let mut counters = FRESH;
        for failures in 1..=4 {
            counters = counters.after_failure(at(failures.into()));
            assert_eq!(
                counters.state(at(failures.into())),
                SignInState::Open {
                    failed_logins: failures
                }
            );
        }
        counters = counters.after_failure(at(10));
        assert_eq!(counters.failed_logins, 5);
        assert_eq!(
            counters.state(at(10)),
            SignInState::Locked { until: at(25) }
        );
        assert_eq!(
            counters.state(at(24)),
            SignInState::Locked { until: at(25) }
        );
        assert_eq!(
            counters.state(at(25)),
            SignInState::Open { failed_logins: 5 }
        );
    }

    #[test]
    fn a_failure_during_the_lock_is_counted_but_does_not_move_it() {
        let locked = SignInCounters {
            failed_logins: 5,
            locked_until: Some(at(15)),
        };
        assert_eq!(
            locked.after_failure(at(5)),
            SignInCounters {
                failed_logins: 6,
                locked_until: Some(at(15)),
            }
        );
    }

    #[test]
    fn the_first_failure_after_the_lock_counts_from_zero() {
        let lapsed = SignInCounters {
            failed_logins: 5,
            locked_until: Some(at(15)),
        };
        let counters = lapsed.after_failure(at(16));
        assert_eq!(
            counters,
            SignInCounters {
                failed_logins: 1,
                locked_until: None,
            }
        );
        assert_eq!(
            counters.state(at(16)),
            SignInState::Open { failed_logins: 1 }
        );
    }
}
