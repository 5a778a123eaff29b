//! `/user/about-you/new`: the details form for someone who has not given their name yet. Signing
//! in leads here, and so does every other signed-in page until the name is saved (reference 1.5);
//! it posts to itself, through the same form as `/user/about-you`, then goes to the dashboard.
use leptos::prelude::*;

use super::AboutYouLoaded;
use crate::auth::{Audience, Protected};

#[component]
pub fn NewAboutYouPage() -> impl IntoView {
    view! {
        <Protected audience=Audience::SignedIn>
            <AboutYouLoaded first_time=true/>
        </Protected>
    }
}
