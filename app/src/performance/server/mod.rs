//! The performance platform's server half: the feedback and monthly figures repositories, and
//! the `perfplat.month` job.
mod feedback;
mod figures;
pub mod jobs;

pub use feedback::{columns, FeedbackEntry, FeedbackStore, COLUMN_HEADINGS, KEPT_FOR_DAYS};
pub use figures::MonthlyFigures;
