//! The browser entry point: hydrates the server-rendered page, then tells the page it is live.
use wasm_bindgen::prelude::wasm_bindgen;

#[wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_body(app::App);
    mark_hydrated();
}

/// Sets `data-hydrated` on `<html>` and fires `app:hydrated`, so GOV.UK Frontend's `initAll()`
/// (public/assets/js/govuk-init.js) runs after hydration rather than racing it, and tests can wait
/// for a live page.
fn mark_hydrated() {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    if let Some(root) = document.document_element() {
        let _ = root.set_attribute("data-hydrated", "true");
    }
    if let Ok(event) = web_sys::CustomEvent::new("app:hydrated") {
        let _ = document.dispatch_event(&event);
    }
}
