//! Fetching a page group's browser module before it is needed: when the pointer comes onto, or the
//! keyboard focuses, a link to one of our pages, the module of that page's group starts loading
//! (`routes::Page`), so following the link waits for the page's data only.
use std::cell::Cell;

use leptos::wasm_bindgen::closure::Closure;
use leptos::wasm_bindgen::JsCast;
use leptos_router::ChooseView;

use crate::routes::{page_at, Page};

/// Listens, on the whole document, for the pointer or the focus reaching a link.
pub fn preload_modules_on_link_intent() {
    let Some(document) = web_sys::window().and_then(|window| window.document()) else {
        return;
    };
    // A module loads once; hovering the same page's links again need not ask again.
    let last_preloaded = Cell::new(None::<Page>);
    let listener = Closure::<dyn Fn(web_sys::Event)>::new(move |event: web_sys::Event| {
        let Some(page) = event
            .target()
            .and_then(|target| target.dyn_into::<web_sys::Element>().ok())
            .and_then(|element| element.closest("a[href]").ok().flatten())
            .and_then(|link| link.get_attribute("href"))
            .and_then(|href| page_of_local_link(&href))
        else {
            return;
        };
        if last_preloaded.replace(Some(page)) != Some(page) {
            leptos::task::spawn_local(async move { page.preload().await });
        }
    });
    for kind in ["pointerover", "focusin"] {
        let _ = document.add_event_listener_with_callback(kind, listener.as_ref().unchecked_ref());
    }
    // It listens for as long as the page lives.
    listener.forget();
}

/// The page a link on our own site leads to (`/path?query#fragment`); none for other sites.
fn page_of_local_link(href: &str) -> Option<Page> {
    if !href.starts_with('/') || href.starts_with("//") {
        return None;
    }
    let path = href.split(['?', '#']).next().unwrap_or_default();
    page_at(path)
}
