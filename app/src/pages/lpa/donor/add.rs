//! `/lpa/{id}/donor/add`: the donor's details, the first time.
use leptos::prelude::*;

use super::DonorFormPage;
use crate::pages::lpa::frame::LpaFrame;

#[component]
pub fn AddDonor() -> impl IntoView {
    view! {
        <LpaFrame render=|lpa, page| view! { <DonorFormPage lpa=lpa page=page heading="Add the donor"/> }/>
    }
}
