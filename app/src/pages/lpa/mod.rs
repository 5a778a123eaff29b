//! Making an LPA: one file per page, named after its URL under `/lpa/{id}/` (the service's core is
//! `crate::lpa`). `/lpa/{id}` itself is [`ResumeLpa`].
use leptos::prelude::*;

use frame::LpaFrame;

pub mod address_finder;
pub mod applicant;
pub mod attorneys;
pub mod certificate_provider;
pub mod checkout;
pub mod complete;
pub mod correspondent;
pub mod date_check;
pub mod delete_person;
pub mod donor;
pub mod download;
pub mod fee_reduction;
pub mod frame;
pub mod how_primary_attorneys_make_decision;
pub mod how_replacement_attorneys_make_decision;
pub mod instructions;
pub mod life_sustaining;
pub mod more_info_required;
pub mod named_person;
pub mod people_to_notify;
pub mod person_fields;
pub mod primary_attorney;
pub mod repeat_application;
pub mod replacement_attorney;
pub mod reuse_details;
pub mod status;
pub mod summary;
pub mod r#type;
pub mod type_no_id;
pub mod view_docs;
pub mod when_lpa_starts;
pub mod when_replacement_attorney_step_in;
pub mod who_are_you;

/// `/lpa/{id}`: goes on to where the LPA was left (the flow checker's "back to form"); the
/// server answers with the redirect, so this never draws anything itself.
#[component]
pub fn ResumeLpa() -> impl IntoView {
    view! { <LpaFrame render=|_, _| ()/> }
}
