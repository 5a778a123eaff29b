//! `/lpa/{id}/people-to-notify/add`: add a person to notify (up to 5).
use leptos::prelude::*;

use crate::pages::lpa::frame::LpaFrame;
use crate::pages::lpa::named_person::NamedPersonFormPage;

#[component]
pub fn AddPersonToNotify() -> impl IntoView {
    view! { <LpaFrame render=|lpa, page| view! { <NamedPersonFormPage lpa=lpa page=page/> }/> }
}
