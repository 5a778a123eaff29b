//! A circuit breaker: after so many failures in a row the gateway is left alone for a while, so a
//! gateway that is down costs a page nothing (no waiting on timeouts and retries) and is not
//! hammered while it recovers; then one request tries it, and its outcome closes the circuit or
//! opens it again. Small enough to write here, and it reads the backends' [`Clock`] so tests
//! open and close it without waiting.
//!
//! [`Clock`]: crate::clock::Clock
use std::sync::{Mutex, MutexGuard, PoisonError};

use chrono::{DateTime, Duration, Utc};

use crate::clock::SharedClock;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum State {
    Closed {
        failures: u32,
    },
    Open {
        until: DateTime<Utc>,
    },
    /// One request is trying the gateway; the others are refused until it is done.
    Trying,
}

pub struct CircuitBreaker {
    state: Mutex<State>,
    failures_to_open: u32,
    open_for: Duration,
    clock: SharedClock,
}

impl std::fmt::Debug for CircuitBreaker {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CircuitBreaker")
            .field("state", &*self.state())
            .finish_non_exhaustive()
    }
}

impl CircuitBreaker {
    pub fn new(failures_to_open: u32, open_for: Duration, clock: SharedClock) -> Self {
        Self {
            state: Mutex::new(State::Closed { failures: 0 }),
            failures_to_open: failures_to_open.max(1),
            open_for,
            clock,
        }
    }

    /// The state is always whole: nothing can panic between reading and writing it.
    fn state(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Whether a request may go now. After the open period the first to ask goes (and must
    /// report with [`succeeded`](Self::succeeded) or [`failed`](Self::failed)).
    pub fn allows(&self) -> bool {
        let mut state = self.state();
        match *state {
            State::Closed { .. } => true,
            State::Open { until } if self.clock.now() >= until => {
                *state = State::Trying;
                true
            }
            State::Open { .. } | State::Trying => false,
        }
    }

    /// The gateway answered.
    pub fn succeeded(&self) {
        *self.state() = State::Closed { failures: 0 };
    }

    /// The gateway failed.
    pub fn failed(&self) {
        let mut state = self.state();
        let failures = match *state {
            State::Closed { failures } => failures + 1,
            State::Trying | State::Open { .. } => self.failures_to_open,
        };
        *state = if failures >= self.failures_to_open {
            State::Open {
                until: self.clock.now() + self.open_for,
            }
        } else {
            State::Closed { failures }
        };
    }

    /// Whether requests are being refused (for health reports and tests).
    pub fn is_open(&self) -> bool {
        !matches!(*self.state(), State::Closed { .. })
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::clock::ManualClock;

    fn breaker() -> (CircuitBreaker, ManualClock) {
        let clock = ManualClock::new(DateTime::UNIX_EPOCH);
        (
            CircuitBreaker::new(3, Duration::seconds(30), Arc::new(clock.clone())),
            clock,
        )
    }

    #[test]
    fn it_opens_after_failures_in_a_row_only() {
        let (breaker, _) = breaker();
        breaker.failed();
        breaker.failed();
        breaker.succeeded();
        breaker.failed();
        breaker.failed();
        assert!(
            breaker.allows(),
            "a success in between starts the count again"
        );
        breaker.failed();
        assert!(!breaker.allows());
        assert!(breaker.is_open());
    }

    #[test]
    fn after_the_open_period_one_request_tries_and_its_outcome_decides() {
        let (breaker, clock) = breaker();
        for _ in 0..3 {
            breaker.failed();
        }
        clock.advance(Duration::seconds(29));
        assert!(!breaker.allows());
        clock.advance(Duration::seconds(1));
        assert!(breaker.allows(), "the first after 30 s tries");
        assert!(!breaker.allows(), "only one tries at a time");
        breaker.failed();
        assert!(
            !breaker.allows(),
            "a failed try opens it for another period"
        );
        clock.advance(Duration::seconds(30));
        assert!(breaker.allows());
        breaker.succeeded();
        assert!(breaker.allows() && breaker.allows());
        assert!(!breaker.is_open());
    }
}
