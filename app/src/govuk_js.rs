//! Starting GOV.UK Frontend's JavaScript on parts of the page that Leptos rendered in the browser
//! (an error summary that appeared, fields drawn again, a page drawn after a client-side
//! navigation). `public/assets/js/govuk-init.js` listens for the event and runs `initAll` on that
//! part only.

/// After a client-side navigation, starts GOV.UK Frontend's scripts on the page just drawn (its
/// conditional reveals, say). A page the server sent is started once it has hydrated, as before.
/// Called where a page is drawn; nothing on the server.
pub fn start_on_drawn_page() {
    #[cfg(feature = "hydrate")]
    leptos::prelude::Effect::new(|_| {
        use leptos::prelude::{document, request_animation_frame};

        let hydrated = document()
            .document_element()
            .is_some_and(|root| root.has_attribute("data-hydrated"));
        if hydrated {
            request_animation_frame(|| {
                if let Some(main) = document().get_element_by_id("main-content") {
                    start_within(&main);
                }
            });
        }
    });
}

/// Starts GOV.UK Frontend's scripts on the page again whenever what `track` reads changes (a
/// resource whose answer redraws radios with conditional reveals, say). Nothing on the server.
pub fn start_whenever(track: impl Fn() + Send + Sync + 'static) {
    #[cfg(feature = "hydrate")]
    leptos::prelude::Effect::new(move |_| {
        use leptos::prelude::{document, request_animation_frame};

        track();
        request_animation_frame(|| {
            if let Some(main) = document().get_element_by_id("main-content") {
                start_within(&main);
            }
        });
    });
    #[cfg(not(feature = "hydrate"))]
    let _ = track;
}

/// Asks GOV.UK Frontend to start the components inside `element`.
#[cfg(feature = "hydrate")]
pub fn start_within(element: &web_sys::Element) {
    let init = web_sys::CustomEventInit::new();
    init.set_bubbles(true);
    if let Ok(event) = web_sys::CustomEvent::new_with_event_init_dict("app:govuk-init", &init) {
        let _ = element.dispatch_event(&event);
    }
}
