//! `/signup/resend-email`: a new confirmation link. Answers the same for every address: an
//! unconfirmed account gets a new link, a confirmed one a reminder that it exists, an unknown
//! address a note that there is no account.
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::account::paths as account_paths;
use crate::form::{use_form, FormErrorSummary};
use crate::govuk::InsetText;
use crate::pages::email_request::{EmailRequest, EmailRequestFields, EmailRequestForm};
use crate::paths::Path;

/// A new confirmation link.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ConfirmationLink;

impl EmailRequest for ConfirmationLink {
    const NEXT: Path = account_paths::CHECK_EMAIL;
    #[cfg(feature = "ssr")]
    const ASKED: crate::account::server::requests::Asked =
        crate::account::server::requests::Asked::ConfirmationLink;
}

pub type ResendEmailForm = EmailRequestForm<ConfirmationLink>;

#[component]
pub fn ResendEmail() -> impl IntoView {
    let form = use_form::<ResendEmailForm>();
    // Sign-in sends people here when their address is not confirmed yet.
    let unconfirmed = move || use_query_map().with(|q| q.get("unconfirmed").is_some());
    view! {
        <Title text=form.title("Get a new confirmation link")/>
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                <FormErrorSummary form=form/>
                <h1 class="govuk-heading-l">"Get a new confirmation link"</h1>
                {move || {
                    unconfirmed()
                        .then(|| {
                            view! {
                                <InsetText>
                                    "You need to confirm your email address before you can sign in."
                                </InsetText>
                            }
                        })
                }}
                <p class="govuk-body">
                    "We’ll send a new link to confirm your email address. Any link we sent before \
                     will stop working."
                </p>
                <EmailRequestFields form=form action=account_paths::RESEND_EMAIL.href()/>
            </div>
        </div>
    }
}
