//! `/lpa/{id}/primary-attorney/add-trust`: add a trust corporation (property and financial
//! affairs only, and one per LPA across all attorneys).
use leptos::prelude::*;

use crate::pages::lpa::attorneys::AttorneyFormPage;
use crate::pages::lpa::frame::LpaFrame;

#[component]
pub fn AddPrimaryTrust() -> impl IntoView {
    view! { <LpaFrame render=|lpa, page| view! { <AttorneyFormPage lpa=lpa page=page/> }/> }
}
