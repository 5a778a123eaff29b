//! The journey gates a signed-in page passes through after the access guard (`auth::Protected`).
//! Today one: someone who has not given their name yet is sent to give it first (reference 1.5),
//! from every signed-in page but the details forms themselves.
use leptos::prelude::*;

use crate::account::paths;
use crate::auth::{redirect_to, Audience, Protected, Viewer};

/// A page only `audience` may see, once they have given their name.
#[component]
pub fn NameFirst(audience: Audience, children: ChildrenFn) -> impl IntoView {
    let children = StoredValue::new(children);
    view! {
        <Protected audience=audience>
            {move || {
                let needs_details = use_context::<Viewer>().is_some_and(|v| v.needs_details);
                if needs_details {
                    redirect_to(paths::NEW_ABOUT_YOU.pattern());
                    ().into_any()
                } else {
                    children.with_value(|children| children()).into_any()
                }
            }}
        </Protected>
    }
}
