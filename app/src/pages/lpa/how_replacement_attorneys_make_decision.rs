//! `/lpa/{id}/how-replacement-attorneys-make-decision`: how two or more replacements act, when
//! the reference asks it (§2.2 step 8). The same question and form as the primary attorneys'.
use leptos::prelude::*;

use super::frame::LpaFrame;
use super::how_primary_attorneys_make_decision::HowQuestion;

#[component]
pub fn HowReplacementAttorneysPage() -> impl IntoView {
    view! {
        <LpaFrame render=|lpa, page| view! {
            <HowQuestion lpa=lpa page=page heading="How should the replacement attorneys make decisions?"/>
        }/>
    }
}
