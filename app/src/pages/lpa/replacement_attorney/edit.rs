//! `/lpa/{id}/replacement-attorney/edit/{idx}`: change an attorney's details (a person's or a
//! trust corporation's).
use leptos::prelude::*;

use crate::pages::lpa::attorneys::AttorneyFormPage;
use crate::pages::lpa::frame::LpaFrame;

#[component]
pub fn EditReplacementAttorney() -> impl IntoView {
    view! { <LpaFrame render=|lpa, page| view! { <AttorneyFormPage lpa=lpa page=page/> }/> }
}
