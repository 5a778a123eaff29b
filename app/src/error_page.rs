//! GOV.UK error pages rendered for failures outside the router: "Sorry, there is a problem with the
//! service" (500) and "Sorry, the service is unavailable" (503).
use leptos::prelude::*;
use leptos_meta::Title;

use crate::layout::Layout;

/// Which error page to render. Provided as context by the server's error-page middleware, which
/// renders the shell with this in place of the router.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ErrorPageRequest {
    pub status: u16,
    /// The id of the failed request, shown so a user can quote it and staff can find the log line.
    pub request_id: Option<String>,
}

#[component]
pub fn ErrorDocument(request: ErrorPageRequest) -> impl IntoView {
    let (heading, advice) = match request.status {
        503 => ("Sorry, the service is unavailable", "Try again later."),
        403 => (
            "Sorry, there was a problem with your form",
            "This can happen if the page was open for a long time or your browser blocks cookies. \
             Go back, reload the page and try again.",
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
        <Layout>
            <div class="govuk-grid-row">
                <div class="govuk-grid-column-two-thirds">
                    <h1 class="govuk-heading-l">{heading}</h1>
                    <p class="govuk-body">{advice}</p>
                    {request
                        .request_id
                        .map(|id| {
                            view! {
                                <p class="govuk-body">
                                    "If you contact us about this problem, quote this reference: "
                                    <strong data-testid="request-id">{id}</strong>
                                </p>
                            }
                        })}
                    <p class="govuk-body">
                        <a class="govuk-link" href="/">
                            "Go to the list of services"
                        </a>
                    </p>
                </div>
            </div>
        </Layout>
    }
}
