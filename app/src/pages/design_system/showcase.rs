//! The gallery's static part: one example of every component.
use leptos::prelude::*;

#[component]
pub fn Showcase() -> impl IntoView {
    view! { <div class="app-showcase"></div> }
}
