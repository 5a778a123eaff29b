//! "About you" (reference 1.10): the one type from the details form to the `users` row. The form
//! makes one only from input that keeps the rules (`pages::user::about_you`); the repository
//! stores and reads it as it is.
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Every text trimmed, and `None` where nothing was given.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct Details {
    pub title: Option<String>,
    pub first_names: Option<String>,
    pub last_name: Option<String>,
    pub date_of_birth: Option<NaiveDate>,
    pub address_line_1: Option<String>,
    pub address_line_2: Option<String>,
    /// The town or city.
    pub address_line_3: Option<String>,
    pub postcode: Option<String>,
}
