//! The live message feed (fpesa, reference D).
pub mod paths;
