use std::collections::BTreeMap;

/// What every client counts of its requests, on one connection or (merged) on all of them: the
/// measured answers' latencies and statuses, those not answered as the run expects, those not
/// answered at all, and the first problem seen.
#[derive(Default)]
pub struct Tally {
    /// Latencies of the measured answers, in microseconds.
    pub latencies_us: Vec<u32>,
    /// The measured answers by status: the code, with whatever else the client says of one (where
    /// an unexpected redirect went, for page-load).
    pub statuses: BTreeMap<String, u64>,
    /// Measured answers that were not the ones the run expects.
    pub unexpected: u64,
    /// Measured requests that got no answer (connection errors).
    pub errors: u64,
    /// The first unexpected answer or error, warm-up included.
    pub first_problem: Option<String>,
}

impl Tally {
    /// Counts an answer: `latency_us` is there if it was measured, `status` is its key among the
    /// statuses, `expected` whether it is the answer the run wants; `describe` says what is wrong
    /// with it, asked only if it is the first problem.
    pub fn answered(
        &mut self,
        latency_us: Option<u32>,
        status: String,
        expected: bool,
        describe: impl FnOnce() -> String,
    ) {
        if let Some(latency_us) = latency_us {
            self.latencies_us.push(latency_us);
            *self.statuses.entry(status).or_default() += 1;
            if !expected {
                self.unexpected += 1;
            }
        }
        if !expected {
            self.problem(describe);
        }
    }

    /// Counts a request that got no answer, if it was measured; `error` is kept if it is the first
    /// problem.
    pub fn failed(&mut self, measured: bool, error: String) {
        if measured {
            self.errors += 1;
        }
        self.first_problem.get_or_insert(error);
    }

    /// Keeps the problem `describe` says, if it is the first.
    pub fn problem(&mut self, describe: impl FnOnce() -> String) {
        self.first_problem.get_or_insert_with(describe);
    }

    /// The first problem as a report shows it: its first `chars` characters.
    pub fn first_problem_shown(&self, chars: usize) -> Option<String> {
        let problem = self.first_problem.as_ref()?;
        Some(problem.chars().take(chars).collect())
    }
}

/// What one connection counts over a run (a [`Tally`], and whatever else its client counts),
/// added up over the connections when they are done.
pub trait Counts: Default {
    /// The tally among these counts.
    fn tally(&self) -> &Tally;
    /// The same, to change.
    fn tally_mut(&mut self) -> &mut Tally;
    /// Adds another connection's counts to these.
    fn merge(&mut self, other: Self);
}

impl Counts for Tally {
    fn tally(&self) -> &Tally {
        self
    }

    fn tally_mut(&mut self) -> &mut Tally {
        self
    }

    fn merge(&mut self, other: Tally) {
        self.latencies_us.extend(other.latencies_us);
        for (status, count) in other.statuses {
            *self.statuses.entry(status).or_default() += count;
        }
        self.unexpected += other.unexpected;
        self.errors += other.errors;
        if self.first_problem.is_none() {
            self.first_problem = other.first_problem;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{Counts, Tally};

    #[test]
    fn only_measured_answers_are_counted_but_any_problem_is_kept() {
        let mut tally = Tally::default();
        tally.answered(None, "500".to_owned(), false, || {
            "500 in the warm-up".to_owned()
        });
        tally.answered(Some(1200), "200".to_owned(), true, || unreachable!());
        tally.answered(Some(900), "404".to_owned(), false, || {
            "404 later".to_owned()
        });
        tally.failed(false, "reset in the warm-up".to_owned());
        tally.failed(true, "reset".to_owned());
        assert_eq!(tally.latencies_us, [1200, 900]);
        assert_eq!(
            tally.statuses.into_iter().collect::<Vec<_>>(),
            [("200".to_owned(), 1), ("404".to_owned(), 1)]
        );
        assert_eq!((tally.unexpected, tally.errors), (1, 1));
        assert_eq!(tally.first_problem.as_deref(), Some("500 in the warm-up"));
    }

    #[test]
    fn merging_adds_up_and_keeps_the_first_problem() {
        let mut all = Tally::default();
        let mut one = Tally::default();
        one.answered(Some(5), "200".to_owned(), true, String::new);
        let mut other = Tally::default();
        other.answered(Some(7), "200".to_owned(), true, String::new);
        other.failed(true, "refused".to_owned());
        all.merge(one);
        all.merge(other);
        assert_eq!(all.latencies_us, [5, 7]);
        assert_eq!(all.statuses["200"], 2);
        assert_eq!(all.errors, 1);
        assert_eq!(all.first_problem_shown(3).as_deref(), Some("ref"));
    }
}
