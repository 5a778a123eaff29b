//! Server-only glue: the HTML shell, the Content-Security-Policy that goes with its nonce, and
//! access to the backends from server functions.
use std::collections::HashMap;
use std::sync::OnceLock;

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

/// Other origins than ours that pages use, given by the server: GOV.UK Pay's payment pages, where
/// "Confirm and pay" is redirected (a browser applies the form's page's `form-action` to the
/// redirects after a POST), when payments are not on our own origin; and the object store's, where
/// the upload page sends files' chunks, when the objects are on S3.
#[derive(Clone, Debug, Default)]
pub struct OtherOrigins {
    pub payment_pages: Option<String>,
    pub object_uploads: Option<String>,
}

/// The Content-Security-Policy for a response. Scripts only from our origin or carrying this
/// response's nonce (Leptos' hydration script and the GOV.UK `js-enabled` script); no inline styles;
/// wasm may be compiled; nobody may frame us; forms lead to us, or to the payment pages; scripts
/// connect to us, or to the object store.
pub fn content_security_policy(nonce: Option<&str>, others: &OtherOrigins) -> String {
    let with_self = |origin: &Option<String>| match origin {
        Some(origin) => format!("'self' {origin}"),
        None => "'self'".to_owned(),
    };
    let form_action = with_self(&others.payment_pages);
    let connect_src = with_self(&others.object_uploads);
    let script_src = match nonce {
        Some(nonce) => format!("'self' 'nonce-{nonce}' 'wasm-unsafe-eval'"),
        None => "'self' 'wasm-unsafe-eval'".to_owned(),
    };
    format!(
        "default-src 'self'; script-src {script_src}; style-src 'self'; img-src 'self' data:; \
         font-src 'self'; connect-src {connect_src}; object-src 'none'; base-uri 'none'; \
         form-action {form_action}; frame-ancestors 'none'"
    )
}

/// cargo-leptos's hash file (`kind: hash` lines, beside the server binary), read once: it does not
/// change while the server runs. Empty when the build does not hash its files.
fn file_hashes(options: &LeptosOptions) -> &'static HashMap<String, String> {
    static HASHES: OnceLock<HashMap<String, String>> = OnceLock::new();
    HASHES.get_or_init(|| {
        let file = options
            .hash_files
            .then(|| std::env::current_exe().ok())
            .flatten()
            .and_then(|exe| Some(exe.parent()?.join(options.hash_file.as_ref())));
        let hashes = file
            .and_then(|file| std::fs::read_to_string(file).ok())
            .unwrap_or_default();
        hashes
            .lines()
            .filter_map(|line| {
                let (kind, hash) = line.split_once(':')?;
                Some((kind.trim().to_owned(), hash.trim().to_owned()))
            })
            .collect()
    })
}

/// A built file's name in `pkg/`: `stem.hash.extension`, or `stem.extension` unhashed.
fn pkg_file(options: &LeptosOptions, stem: &str, kind: &str, extension: &str) -> String {
    let pkg = &options.site_pkg_dir;
    match file_hashes(options).get(kind) {
        Some(hash) => format!("/{pkg}/{stem}.{hash}.{extension}"),
        None => format!("/{pkg}/{stem}.{extension}"),
    }
}

/// The stylesheet's URL, `/pkg/app.<hash>.css` (`leptos_meta::HashedStylesheet` reads the hash
/// file on every render).
fn stylesheet_href(options: &LeptosOptions) -> &'static str {
    static HREF: OnceLock<String> = OnceLock::new();
    HREF.get_or_init(|| pkg_file(options, &options.output_name, "css", "css"))
}

/// The split build's page group modules (`routes::Page`), from its manifest: the loader script
/// and, per group, the module files its pages need beyond the main one. `None` for a build that is
/// not split (`cargo leptos build` without `--split`, as in development).
struct PageModules {
    loader: String,
    /// By group (`routes::Page::group_name`): the URLs of the module files its pages load.
    by_group: HashMap<String, Vec<String>>,
}

impl PageModules {
    fn of_build(options: &LeptosOptions) -> &'static Option<PageModules> {
        static MODULES: OnceLock<Option<PageModules>> = OnceLock::new();
        MODULES.get_or_init(|| {
            let manifest = pkg_file(options, "__wasm_split_manifest", "manifest", "json");
            let path = std::path::Path::new(options.site_root.as_ref()).join(&manifest[1..]);
            // Split point (`<group>_<hash>`) → file stems in `pkg/` (`chunk_3.<hash>`).
            let files: HashMap<String, Vec<String>> =
                serde_json::from_str(&std::fs::read_to_string(path).ok()?).ok()?;
            let pkg = &options.site_pkg_dir;
            let by_group = files
                .into_iter()
                .filter_map(|(split_point, stems)| {
                    let (group, hash) = split_point.rsplit_once('_')?;
                    hash.bytes().all(|byte| byte.is_ascii_digit()).then(|| {
                        let hrefs = stems
                            .iter()
                            .map(|stem| format!("/{pkg}/{stem}.wasm"))
                            .collect();
                        (group.to_owned(), hrefs)
                    })
                })
                .collect();
            Some(PageModules {
                loader: pkg_file(options, "__wasm_split", "split", "js"),
                by_group,
            })
        })
    }
}

/// Which page group draws a path (`routes::Page::group_name` of `routes::page_at`): provided by the
/// server, because the shell is a layer the pages use, and the route table names the pages.
#[derive(Clone, Copy)]
pub struct PageGroupOf(pub fn(&str) -> Option<&'static str>);

/// Preloads of the modules the requested page's group needs, so the browser fetches them beside
/// the main module instead of after it has started.
#[component]
fn PageModulePreloads(options: LeptosOptions) -> impl IntoView {
    let group = use_context::<PageGroupOf>()
        .zip(use_context::<http::request::Parts>())
        .and_then(|(PageGroupOf(group_of), request)| group_of(request.uri.path()));
    let (Some(modules), Some(group)) = (PageModules::of_build(&options), group) else {
        return None;
    };
    let preloads = modules
        .by_group
        .get(group)
        .into_iter()
        .flatten()
        .map(|href| {
            view! {
                <link
                    rel="preload"
                    href=href.as_str()
                    r#as="fetch"
                    r#type="application/wasm"
                    crossorigin="anonymous"
                />
            }
        })
        .collect_view();
    Some(view! {
        {preloads}
        <link rel="modulepreload" href=modules.loader.as_str()/>
    })
}

/// The whole HTML document. Renders the router's page, or an error page when the server's
/// error-page middleware asks for one (then without hydration: there is nothing to hydrate).
pub fn shell(options: LeptosOptions) -> impl IntoView {
    let nonce = leptos::nonce::use_nonce();
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        let others = use_context::<OtherOrigins>().unwrap_or_default();
        let policy = content_security_policy(nonce.as_deref(), &others);
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
                            <HydrationScripts options=options.clone()/>
                            <PageModulePreloads options=options/>
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
