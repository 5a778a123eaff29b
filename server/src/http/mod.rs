//! The HTTP surface: pages (through Leptos), static files, operations endpoints, and the layers every
//! response passes through.
pub mod admin_feedback;
pub mod api_error;
pub mod assets;
pub mod auth;
pub mod csrf;
pub mod datastore;
pub mod dev;
pub mod error_pages;
pub mod feed;
pub mod forms;
pub mod health;
pub mod lpa_checkout;
pub mod lpa_downloads;
pub mod lpa_events;
pub mod lpa_pages;
pub mod metrics;
pub mod objects;
pub mod paths;
pub mod rate_limit;
pub mod request_id;
pub mod security;
pub mod sessions;
pub mod stats;
pub mod transfer;

use axum::routing::{get, post};
use axum::Router;
use leptos::prelude::provide_context;
use leptos_axum::{generate_route_list, LeptosRoutes};
use tower::ServiceBuilder;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::CompressionLayer;
use tower_http::request_id::{PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::trace::{DefaultOnResponse, TraceLayer};
use tower_http::LatencyUnit;
use tracing::Level;

use crate::state::AppState;

/// Where the app serves our fake GOV.UK Pay itself (development without `pay_url`).
pub fn fake_pay_url(config: &crate::config::Config) -> String {
    format!("{}{}", config.public_url(), paths::DEV_GOVUK_PAY.pattern())
}

/// Where the app serves our fake Sirius gateway itself (development without `sirius_url`).
pub fn fake_sirius_url(config: &crate::config::Config) -> String {
    format!("{}{}", config.public_url(), paths::DEV_SIRIUS.pattern())
}

/// Where the app serves our fake OS Places itself (development without `os_places_url`).
pub fn fake_os_places_url(config: &crate::config::Config) -> String {
    format!("{}{}", config.public_url(), paths::DEV_OS_PLACES.pattern())
}

/// Context every Leptos render and server function receives.
pub fn leptos_context(state: &AppState) -> impl Fn() + Clone + Send + Sync + 'static {
    let backends = state.backends.clone();
    let services = state.services.clone();
    let design_system = app::pages::design_system::DesignSystemEnabled(state.config.dev_routes());
    let session_policy = app::session_timeout::SessionPolicy {
        inactivity_seconds: state.config.session_inactivity_minutes * 60,
    };
    let other_origins = app::ssr::OtherOrigins {
        payment_pages: state.config.payment_pages_origin(),
        object_uploads: state.object_uploads_origin.clone(),
    };
    let lpa_settings = crate::state::lpa_settings(&state.config);
    move || {
        provide_context(lpa_settings.clone());
        provide_context(backends.clone());
        provide_context(services.system_message.clone());
        provide_context(services.clone());
        provide_context(design_system);
        provide_context(session_policy);
        provide_context(other_origins.clone());
        provide_context(app::ssr::PageGroupOf(|path| {
            app::routes::page_at(path).map(app::routes::Page::group_name)
        }));
    }
}

pub fn router(state: AppState) -> Router {
    let options = state.leptos_options.clone();
    let routes = generate_route_list(app::App);
    let shell = move || app::ssr::shell(options.clone());

    // Pages and forms see the session; static files, probes and signed object URLs do not, so
    // they neither read nor extend it.
    let mut pages = Router::new()
        .route(
            app::account::paths::SIGN_OUT.pattern(),
            get(auth::sign_out_link),
        )
        .route(
            app::lpa::paths::CHECKOUT_PAY_RESPONSE.pattern(),
            get(lpa_checkout::payment_return),
        )
        .route(
            app::lpa::paths::DOWNLOAD_FILE.pattern(),
            get(lpa_downloads::file),
        )
        .route(app::lpa::paths::EVENTS.pattern(), get(lpa_events::lpa))
        .route(
            app::admin::paths::FEEDBACK_EXPORT.pattern(),
            get(admin_feedback::export),
        )
        .route(
            app::lpa::paths::DASHBOARD_EVENTS.pattern(),
            get(lpa_events::dashboard),
        )
        .route(
            app::performance::paths::STATS_JSON.pattern(),
            get(stats::json).layer(rate_limit::api_layer(
                stats::DOWNLOADS,
                state.config.trust_forwarded_for,
            )),
        )
        .route(
            app::performance::paths::STATS_CSV.pattern(),
            get(stats::csv).layer(rate_limit::layer(
                stats::DOWNLOADS,
                state.config.trust_forwarded_for,
            )),
        )
        .route(
            app::datastore::paths::UPLOAD_DATA.pattern(),
            // The file is streamed, with its own limit (`datastore::upload::LARGEST_UPLOAD`).
            post(datastore::upload::upload).layer(axum::extract::DefaultBodyLimit::disable()),
        )
        .route(
            app::datastore::paths::PROGRESS.pattern(),
            get(datastore::upload::progress),
        )
        .merge(transfer::routes(&state))
        .merge(forms::routes(&state))
        .merge(feed::routes(&state))
        .leptos_routes_with_context(&state, routes, leptos_context(&state), shell.clone())
        // Unknown URLs render the app, whose router answers with the GOV.UK 404 page.
        .fallback(leptos_axum::render_app_async_with_context(
            leptos_context(&state),
            shell,
        ));
    if state.config.dev_routes() {
        pages = pages.merge(dev::routes());
    }
    // Inside out: the LPA pages' data, server functions' CSRF check, then who is signed in, then
    // moving the session's end, then the session itself.
    let pages = pages
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            lpa_pages::load,
        ))
        .layer(axum::middleware::from_fn(csrf::check_server_functions))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            auth::identify,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.backends.clock.clone(),
            sessions::extend,
        ))
        .layer(sessions::layer(
            state.backends.sessions.clone(),
            &state.config,
        ));
    let mut router = Router::new()
        .route(paths::HEALTHCHECK.pattern(), get(health::healthcheck))
        .route(paths::METRICS.pattern(), get(metrics::render))
        .route(
            app::site::paths::SESSION_STATE.pattern(),
            get(auth::session_state),
        )
        .merge(assets::routes(&state.config.site_root))
        .merge(objects::routes())
        // Outside the session layers: HAWK clients have no session.
        .merge(datastore::routes(&state))
        .merge(pages);
    if state.config.dev_routes() {
        router = router.merge(dev::session_routes());
    }
    if state.config.serves_fake_pay() {
        // Development without a GOV.UK Pay: the app serves our fake of it (nothing of ours in
        // front of it but the outer layers, as if it were another server).
        let base_url = fake_pay_url(&state.config);
        let api_key = state.config.pay_api_key().unwrap_or_default();
        router = router.nest_service(
            paths::DEV_GOVUK_PAY.pattern(),
            govuk_pay_fake::router(govuk_pay_fake::FakePayConfig { api_key, base_url }),
        );
    }
    if state.config.serves_fake_sirius() {
        // Development without a Sirius gateway: the app serves our fake of it, with the keys
        // `Config::sirius_access_key` signs with.
        let (access_key_id, secret_access_key) =
            state.config.sirius_access_key().unwrap_or_default();
        router = router.nest_service(
            paths::DEV_SIRIUS.pattern(),
            sirius_gateway_fake::router(sirius_gateway_fake::FakeGatewayConfig {
                access_key_id,
                secret_access_key,
                region: state.config.sirius_region.clone(),
            }),
        );
    }
    if state.config.serves_fake_os_places() {
        // Development without OS Places: the app serves our fake of it.
        let key = state.config.os_places_key().unwrap_or_default();
        router = router.nest_service(paths::DEV_OS_PLACES.pattern(), os_places_fake::router(key));
    }

    // Outermost first: every response gets a request id, a log line, metrics and security headers;
    // failures become GOV.UK error pages (including panics), then the body is compressed.
    let layers = ServiceBuilder::new()
        .layer(axum::middleware::from_fn(request_id::accept_or_replace))
        .layer(SetRequestIdLayer::x_request_id(request_id::MakeUuid))
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(request_id::make_span)
                .on_request(())
                .on_response(
                    DefaultOnResponse::new()
                        .level(Level::INFO)
                        .latency_unit(LatencyUnit::Millis),
                ),
        )
        .layer(PropagateRequestIdLayer::x_request_id())
        .layer(axum::middleware::from_fn(metrics::track))
        .layer(axum::middleware::from_fn(security::headers))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            csrf::issue,
        ))
        .layer(CompressionLayer::new())
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            error_pages::render,
        ))
        .layer(CatchPanicLayer::custom(error_pages::from_panic));

    router.layer(layers).with_state(state)
}
