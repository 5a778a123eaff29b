//! `/lpa/{id}/donor/add`: the donor's details, the first time.
use leptos::prelude::*;

use super::DonorFormPage;
use crate::pages::lpa::frame::LpaFrame;
use crate::pages::lpa::reuse_details::WithReused;

#[component]
pub fn AddDonor() -> impl IntoView {
    view! {
        <LpaFrame render=|lpa, page| view! {
            <WithReused lpa_id=lpa.id render=move |reused| view! {
                <DonorFormPage lpa=lpa.clone() page=page heading="Add the donor" reused=reused/>
            }/>
        }/>
    }
}
