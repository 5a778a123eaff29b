//! `/lpa/{id}/certificate-provider/add`: add the certificate provider (once there is one, this
//! URL goes to changing them).
use leptos::prelude::*;

use crate::pages::lpa::frame::LpaFrame;
use crate::pages::lpa::named_person::NamedPersonFormPage;
use crate::pages::lpa::reuse_details::WithReused;

#[component]
pub fn AddCertificateProvider() -> impl IntoView {
    view! {
        <LpaFrame render=|lpa, page| view! {
            <WithReused lpa_id=lpa.id render=move |reused| view! {
                <NamedPersonFormPage lpa=lpa.clone() page=page reused=reused/>
            }/>
        }/>
    }
}
