//! The browser entry point: hydrates the server-rendered page, then tells the page it is live.
use wasm_bindgen::prelude::wasm_bindgen;

/// Hydration waits for the page's own module (`app::routes::Page`: each group of pages is a module
/// fetched when first needed; the server preloads the page's with the page), so the page is live,
/// and says so, only once its module has run.
#[wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    // `hydrate_from_async` starts Leptos' executor on wasm-bindgen's.
    wasm_bindgen_futures::spawn_local(async {
        let body = leptos::prelude::document()
            .body()
            .expect("a server-rendered page has a body");
        leptos::mount::hydrate_from_async(body, app::App)
            .await
            .forget();
        mark_hydrated();
        app::prefetch::preload_modules_on_link_intent();
    });
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
