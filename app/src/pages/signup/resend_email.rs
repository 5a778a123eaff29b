//! `/signup/resend-email`: a new confirmation link. Answers the same for every address: an
//! unconfirmed account gets a new link, a confirmed one a reminder that it exists, an unknown
//! address a note that there is no account.
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use serde::{Deserialize, Serialize};

use crate::account::fields::EmailField;
use crate::account::paths as account_paths;
use crate::account::rules::EmailAddress;
use crate::form::{use_form, FieldErrors, Form, FormErrorSummary, FormInput};
use crate::govuk::{Button, InsetText};

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ResendEmailForm {
    #[serde(default)]
    pub email: String,
}

impl FormInput for ResendEmailForm {
    type Valid = EmailAddress;

    fn validate(&self) -> Result<EmailAddress, FieldErrors> {
        let mut errors = FieldErrors::new();
        EmailAddress::check_field(&mut errors, "email", &self.email).ok_or(errors)
    }
}

impl crate::form::FormAction for ResendEmailForm {
    #[cfg(feature = "ssr")]
    async fn perform(
        email: EmailAddress,
        context: crate::form::ActionContext,
    ) -> Result<crate::form::Submitted, crate::form::FormFailure> {
        use crate::account::server::requests::{request, Asked};
        request(&context.backends, Asked::ConfirmationLink, email.as_str()).await?;
        Ok(crate::form::Submitted::redirect(
            account_paths::CHECK_EMAIL.href(),
        ))
    }
}

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
                <Form form=form action=account_paths::RESEND_EMAIL.href()>
                    {move || {
                        view! {
                            <EmailField
                                name="email"
                                label="Email address"
                                value=form.value(|f| f.email.clone())
                                error=form.error("email")
                            />
                        }
                    }}
                    <Button content="Send the link"/>
                </Form>
            </div>
        </div>
    }
}
