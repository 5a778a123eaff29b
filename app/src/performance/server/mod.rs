//! The performance platform's server half: the feedback repository.
mod feedback;

pub use feedback::{columns, FeedbackEntry, FeedbackStore, COLUMN_HEADINGS, KEPT_FOR_DAYS};
