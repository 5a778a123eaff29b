//! `/lpa/{id}/certificate-provider/add`: add the certificate provider (once there is one, this
//! URL goes to changing them).
use leptos::prelude::*;

use crate::pages::lpa::frame::LpaFrame;
use crate::pages::lpa::named_person::NamedPersonFormPage;

#[component]
pub fn AddCertificateProvider() -> impl IntoView {
    view! { <LpaFrame render=|lpa, page| view! { <NamedPersonFormPage lpa=lpa page=page/> }/> }
}
