//! Server-only glue: the HTML shell, the Content-Security-Policy that goes with its nonce, and
//! access to the backends from server functions.
use leptos::prelude::*;
use leptos_meta::{MetaTags, Title};

use crate::error::AppError;
use crate::error_page::{ErrorContent, ErrorPageRequest};
use crate::layout::Layout;

pub use backends::Backends;

/// The backends, provided as context to every render and server function by the server.
pub fn backends() -> Result<Backends, AppError> {
    use_context::<Backends>().ok_or_else(|| AppError::internal("backends missing from context"))
}

/// The Content-Security-Policy for a response. Scripts only from our origin or carrying this
/// response's nonce (Leptos' hydration script and the GOV.UK `js-enabled` script); no inline styles;
/// wasm may be compiled; nobody may frame us.
pub fn content_security_policy(nonce: Option<&str>) -> String {
    let script_src = match nonce {
        Some(nonce) => format!("'self' 'nonce-{nonce}' 'wasm-unsafe-eval'"),
        None => "'self' 'wasm-unsafe-eval'".to_owned(),
    };
    format!(
        "default-src 'self'; script-src {script_src}; style-src 'self'; img-src 'self' data:; \
         font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; \
         form-action 'self'; frame-ancestors 'none'"
    )
}

/// The stylesheet's URL, `/pkg/app.<hash>.css`. `leptos_meta::HashedStylesheet` reads the hash
/// file from disk on every render; the file does not change while the server runs, so it is read
/// once.
fn stylesheet_href(options: &LeptosOptions) -> &'static str {
    static HREF: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    HREF.get_or_init(|| {
        let name = &options.output_name;
        let pkg = &options.site_pkg_dir;
        let hash = options
            .hash_files
            .then(|| {
                let file = std::env::current_exe()
                    .ok()?
                    .parent()?
                    .join(options.hash_file.as_ref());
                let hashes = std::fs::read_to_string(file).ok()?;
                hashes.lines().find_map(|line| {
                    let (kind, hash) = line.split_once(':')?;
                    (kind.trim() == "css").then(|| hash.trim().to_owned())
                })
            })
            .flatten();
        match hash {
            Some(hash) => format!("/{pkg}/{name}.{hash}.css"),
            None => format!("/{pkg}/{name}.css"),
        }
    })
}

/// The whole HTML document. Renders the router's page, or an error page when the server's
/// error-page middleware asks for one (then without hydration: there is nothing to hydrate).
pub fn shell(options: LeptosOptions) -> impl IntoView {
    let nonce = leptos::nonce::use_nonce();
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        let policy = content_security_policy(nonce.as_deref());
        if let Ok(value) = http::HeaderValue::from_str(&policy) {
            response.insert_header(http::header::CONTENT_SECURITY_POLICY, value);
        }
    }
    leptos_meta::provide_meta_context();
    let error_page = use_context::<ErrorPageRequest>();
    let hydrate = error_page.is_none();
    view! {
        <!DOCTYPE html>
        <html lang="en" class="govuk-template">
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover"/>
                <meta name="theme-color" content="#1d70b8"/>
                // For forms that scripts send (see crate::csrf).
                <meta name="csrf-token" content=crate::csrf::current_token()/>
                <link rel="icon" sizes="48x48" href="/assets/images/favicon.ico"/>
                <link rel="icon" sizes="any" href="/assets/images/favicon.svg" type="image/svg+xml"/>
                <link rel="mask-icon" href="/assets/images/govuk-icon-mask.svg" color="#1d70b8"/>
                <link rel="apple-touch-icon" href="/assets/images/govuk-icon-180.png"/>
                <link rel="manifest" href="/assets/manifest.json"/>
                <link id="leptos" rel="stylesheet" href=stylesheet_href(&options)/>
                {hydrate
                    .then(|| {
                        view! {
                            <HydrationScripts options=options/>
                            <script type="module" src="/assets/js/govuk-init.js"></script>
                        }
                    })}
                <MetaTags/>
            </head>
            <body class="govuk-template__body">
                {match error_page {
                    Some(request) => {
                        view! {
                            <Title formatter=|heading: String| crate::page_title(&heading)/>
                            <ErrorDocument request=request/>
                        }
                            .into_any()
                    }
                    None => view! { <crate::App/> }.into_any(),
                }}
            </body>
        </html>
    }
}

/// An error page drawn without the router: the template around the error's content.
#[component]
fn ErrorDocument(request: ErrorPageRequest) -> impl IntoView {
    view! {
        <Layout>
            <ErrorContent
                status=request.status
                request_id=request.request_id
                form_refused=request.form_refused
            />
        </Layout>
    }
}
