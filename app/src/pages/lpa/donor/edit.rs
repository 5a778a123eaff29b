//! `/lpa/{id}/donor/edit`: change the donor's details.
use leptos::prelude::*;

use super::DonorFormPage;
use crate::pages::lpa::frame::LpaFrame;

#[component]
pub fn EditDonor() -> impl IntoView {
    view! {
        <LpaFrame render=|lpa, page| view! { <DonorFormPage lpa=lpa page=page heading="Change the donor’s details"/> }/>
    }
}
