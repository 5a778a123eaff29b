#![recursion_limit = "256"]
//! The Leptos application: routes, pages (one file per page, found from its URL), GOV.UK components and
//! server functions. Compiled twice: with `ssr` into the server binary, with `hydrate` into the wasm.

pub mod account;
pub mod admin;
#[cfg(feature = "ssr")]
pub mod allowance;
pub mod auth;
#[cfg(feature = "ssr")]
pub mod bearer_tokens;
pub mod consent;
pub mod cookie_banner;
pub mod csrf;
pub mod datastore;
pub mod dates;
pub mod error;
pub mod error_page;
pub mod feed;
pub mod form;
pub mod govuk;
pub mod govuk_js;
pub mod layout;
pub mod lpa;
pub mod pages;
pub mod paging;
pub mod paths;
pub mod performance;
#[cfg(feature = "hydrate")]
pub mod prefetch;
pub mod routes;
pub mod sent_with_page;
#[cfg(feature = "ssr")]
pub mod services;
pub mod session_timeout;
pub mod site;
pub mod system_message;
pub mod transfer;
pub mod validation;
#[cfg(feature = "hydrate")]
pub mod websocket;

#[cfg(feature = "ssr")]
pub mod ssr;

use leptos::children::ToChildren;
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, Title};
use leptos_router::components::{RouteChildren, Router, Routes, RoutesProps};

/// The name shown in the service navigation and in every page title.
pub const SERVICE_NAME: &str = "Digital public services";

/// `<title>` = page heading – service name – GOV.UK, as the GOV.UK Design System asks.
pub fn page_title(heading: &str) -> String {
    format!("{heading} – {SERVICE_NAME} – GOV.UK")
}

/// The whole application below `<body>`: hydrated in the browser by `frontend`.
#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    // The route table's rows, not `<Route>` children: see `routes`.
    let routes = move || {
        Routes(
            RoutesProps::builder()
                .fallback(error_page::PageNotFound)
                .children(RouteChildren::to_children(routes::leptos_routes))
                .build(),
        )
    };
    view! {
        <Title formatter=|heading: String| page_title(&heading)/>
        <Router>
            <layout::Layout cookie_banner=true>
                <system_message::SystemMessageBanner/>
                {routes()}
            </layout::Layout>
        </Router>
    }
}
