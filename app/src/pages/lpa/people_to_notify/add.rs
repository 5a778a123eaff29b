//! `/lpa/{id}/people-to-notify/add`: add a person to notify (up to 5).
use leptos::prelude::*;

use crate::pages::lpa::frame::LpaFrame;
use crate::pages::lpa::named_person::NamedPersonFormPage;
use crate::pages::lpa::reuse_details::WithReused;

#[component]
pub fn AddPersonToNotify() -> impl IntoView {
    view! {
        <LpaFrame render=|lpa, page| view! {
            <WithReused lpa_id=lpa.id render=move |reused| view! {
                <NamedPersonFormPage lpa=lpa.clone() page=page reused=reused/>
            }/>
        }/>
    }
}
