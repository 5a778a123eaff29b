//! `/lpa/{id}/people-to-notify/edit/{idx}`: change a person to notify's details.
use leptos::prelude::*;

use crate::pages::lpa::frame::LpaFrame;
use crate::pages::lpa::named_person::NamedPersonFormPage;

#[component]
pub fn EditPersonToNotify() -> impl IntoView {
    view! { <LpaFrame render=|lpa, page| view! { <NamedPersonFormPage lpa=lpa page=page/> }/> }
}
