//! `/lpa/{id}/replacement-attorney/add`: add a person as a replacement attorney.
use leptos::prelude::*;

use crate::pages::lpa::attorneys::AttorneyFormPage;
use crate::pages::lpa::frame::LpaFrame;

#[component]
pub fn AddReplacementAttorney() -> impl IntoView {
    view! { <LpaFrame render=|lpa, page| view! { <AttorneyFormPage lpa=lpa page=page/> }/> }
}
