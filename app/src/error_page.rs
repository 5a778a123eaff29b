//! The GOV.UK error pages: "Page not found" (404), the 403s, "Sorry, there is a problem with the
//! service" (500), "Sorry, the service is unavailable" (503) and the others, drawn inside a page
//! (in place of its content, with the status set) or by the server's error-page middleware. Every
//! [`AppError`] a page meets is shown through [`AppErrorContent`], the one place that maps them.
use leptos::prelude::*;
use leptos_meta::Title;

use crate::error::AppError;
use crate::site::paths as site_paths;

/// Which error page to render. Provided as context by the server's error-page middleware, which
/// renders the shell with this in place of the router.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ErrorPageRequest {
    pub status: u16,
    /// The id of the failed request, shown so a user can quote it and staff can find the log line.
    pub request_id: Option<String>,
    /// The request was a form refused for its CSRF token or origin.
    pub form_refused: bool,
}

/// The heading and advice of an error page, for the error page itself and for pages that answer
/// with an error status from inside the app (403 for the wrong role).
#[component]
pub fn ErrorContent(
    status: u16,
    request_id: Option<String>,
    /// A 403 because the form's CSRF token or origin did not match, not because of who is asking.
    #[prop(optional)]
    form_refused: bool,
) -> impl IntoView {
    if status == 404 {
        return view! { <NotFoundContent/> }.into_any();
    }
    let (heading, advice) = match status {
        503 => ("Sorry, the service is unavailable", "Try again later."),
        403 if form_refused => (
            "Sorry, there was a problem with your form",
            "This can happen if the page was open for a long time or your browser blocks cookies. \
             Go back, reload the page and try again.",
        ),
        403 => (
            "You do not have permission to see this page",
            "This page is only for people with a particular role. If you think you should have it, \
             contact the service team.",
        ),
        429 => (
            "Sorry, there have been too many attempts",
            "Wait a few minutes and try again.",
        ),
        413 => (
            "Sorry, what you sent was too large",
            "Go back and try again with less.",
        ),
        _ => (
            "Sorry, there is a problem with the service",
            "Try again later.",
        ),
    };
    view! {
        <Title text=heading/>
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                <h1 class="govuk-heading-l">{heading}</h1>
                <p class="govuk-body">{advice}</p>
                {request_id
                    .map(|id| {
                        view! {
                            <p class="govuk-body">
                                "If you contact us about this problem, quote this reference: "
                                <strong data-testid="request-id">{id}</strong>
                            </p>
                        }
                    })}
                <p class="govuk-body">
                    <a class="govuk-link" href=site_paths::LANDING.href().to_string()>
                        "Go to the list of services"
                    </a>
                </p>
            </div>
        </div>
    }
    .into_any()
}

/// Sets the status of the page being rendered on the server (nothing in the browser).
pub fn set_status(status: u16) {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        if let Ok(status) = http::StatusCode::from_u16(status) {
            response.set_status(status);
        }
    }
    #[cfg(not(feature = "ssr"))]
    let _ = status;
}

/// In place of a page whose data could not be read: the 500 content (the cause is logged where
/// it happened).
#[component]
pub fn ServiceProblem() -> impl IntoView {
    set_status(500);
    view! { <ErrorContent status=500 request_id=None/> }
}

/// In place of a page the person signed in may not see: the 403 content.
#[component]
pub fn Forbidden() -> impl IntoView {
    set_status(403);
    view! { <ErrorContent status=403 request_id=None/> }
}

/// In place of a page whose subject does not exist (or is not theirs): the 404 content.
#[component]
pub fn PageNotFound() -> impl IntoView {
    set_status(404);
    view! { <NotFoundContent/> }
}

/// The GOV.UK "Page not found" pattern.
#[component]
fn NotFoundContent() -> impl IntoView {
    view! {
        <Title text="Page not found"/>
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                <h1 class="govuk-heading-l">"Page not found"</h1>
                <p class="govuk-body">"If you typed the web address, check it is correct."</p>
                <p class="govuk-body">
                    "If you pasted the web address, check you copied the entire address."
                </p>
                <p class="govuk-body">
                    "You can go to the "
                    <a class="govuk-link" href=site_paths::LANDING.href().to_string()>
                        "list of services"
                    </a>
                    "."
                </p>
            </div>
        </div>
    }
}

/// In place of a page that met `error`: the GOV.UK page for it, with its status.
#[component]
pub fn AppErrorContent(error: AppError) -> impl IntoView {
    match error {
        AppError::NotFound => view! { <PageNotFound/> }.into_any(),
        AppError::Forbidden => view! { <Forbidden/> }.into_any(),
        AppError::Internal | AppError::SignInRequired | AppError::ServerFn(_) => {
            view! { <ServiceProblem/> }.into_any()
        }
    }
}
