//! `/lpa/{id}/primary-attorney/add`: add a person as an attorney.
use leptos::prelude::*;

use crate::pages::lpa::attorneys::AttorneyFormPage;
use crate::pages::lpa::frame::LpaFrame;

#[component]
pub fn AddPrimaryAttorney() -> impl IntoView {
    view! { <LpaFrame render=|lpa, page| view! { <AttorneyFormPage lpa=lpa page=page/> }/> }
}
