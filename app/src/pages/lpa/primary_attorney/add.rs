//! `/lpa/{id}/primary-attorney/add`: add a person as an attorney.
use leptos::prelude::*;

use crate::pages::lpa::attorneys::AttorneyFormPage;
use crate::pages::lpa::frame::LpaFrame;
use crate::pages::lpa::reuse_details::WithReused;

#[component]
pub fn AddPrimaryAttorney() -> impl IntoView {
    view! {
        <LpaFrame render=|lpa, page| view! {
            <WithReused lpa_id=lpa.id render=move |reused| view! {
                <AttorneyFormPage lpa=lpa.clone() page=page reused=reused/>
            }/>
        }/>
    }
}
