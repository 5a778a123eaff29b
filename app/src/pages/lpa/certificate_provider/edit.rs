//! `/lpa/{id}/certificate-provider/edit`: change the certificate provider's details.
use leptos::prelude::*;

use crate::pages::lpa::frame::LpaFrame;
use crate::pages::lpa::named_person::NamedPersonFormPage;

#[component]
pub fn EditCertificateProvider() -> impl IntoView {
    view! { <LpaFrame render=|lpa, page| view! { <NamedPersonFormPage lpa=lpa page=page/> }/> }
}
