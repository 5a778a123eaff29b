//! Starting GOV.UK Frontend's JavaScript on parts of the page that Leptos rendered in the browser
//! (an error summary that appeared, fields drawn again). `public/assets/js/govuk-init.js` listens
//! for the event and runs `initAll` on that part only.

/// Asks GOV.UK Frontend to start the components inside `element`.
pub fn start_within(element: &web_sys::Element) {
    let init = web_sys::CustomEventInit::new();
    init.set_bubbles(true);
    if let Ok(event) = web_sys::CustomEvent::new_with_event_init_dict("app:govuk-init", &init) {
        let _ = element.dispatch_event(&event);
    }
}
