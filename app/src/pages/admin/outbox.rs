//! `/admin/outbox`: the emails the service has sent, newest first, when mail goes to the outbox
//! table (the embedded default) rather than to an SMTP server.
use leptos::prelude::*;
use leptos_meta::Title;
use serde::{Deserialize, Serialize};

use crate::auth::Audience;
use crate::error::AppError;
use crate::error_page::ServiceProblem;
use crate::pages::gate::NameFirst;

/// How many of the latest mails the page shows.
#[cfg(feature = "ssr")]
const SHOWN: i64 = 50;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SentMail {
    pub recipient: String,
    pub subject: String,
    pub body: String,
    /// When it was sent, as `2026-11-24 14:05 UTC`.
    pub sent_at: String,
}

/// The latest mails, or `None` when mail goes to an SMTP server instead.
#[server(prefix = "/_fn", endpoint = "admin-outbox", input = server_fn::codec::GetUrl)]
pub async fn outbox() -> Result<Option<Vec<SentMail>>, AppError> {
    crate::auth::ssr::require(Audience::Admins)?;
    let backends = crate::ssr::backends()?;
    if backends.mail.kind() != "outbox" {
        return Ok(None);
    }
    let outbox = backends::mail::OutboxMailer::new(backends.store.as_ref(), backends.clock.clone());
    let mails = outbox
        .list(SHOWN)
        .await?
        .into_iter()
        .map(|entry| SentMail {
            recipient: entry.recipient,
            subject: entry.subject,
            body: entry.body,
            sent_at: entry.created_at.format("%Y-%m-%d %H:%M UTC").to_string(),
        })
        .collect();
    Ok(Some(mails))
}

#[component]
pub fn Outbox() -> impl IntoView {
    view! {
        <Title text="Emails sent by the service"/>
        <NameFirst audience=Audience::Admins>
            <OutboxContent/>
        </NameFirst>
    }
}

#[component]
fn OutboxContent() -> impl IntoView {
    let mails = Resource::new_blocking(|| (), |_| outbox());
    view! {
        <h1 class="govuk-heading-l">"Emails sent by the service"</h1>
        <Suspense>
            {move || Suspend::new(async move {
                match mails.await {
                    Ok(None) => {
                        view! {
                            <p class="govuk-body">
                                "Emails go to the SMTP server, so the service keeps no copy."
                            </p>
                        }
                            .into_any()
                    }
                    Ok(Some(mails)) if mails.is_empty() => {
                        view! { <p class="govuk-body">"No emails have been sent yet."</p> }.into_any()
                    }
                    Ok(Some(mails)) => {
                        view! {
                            <p class="govuk-body">{format!("The latest {} emails, newest first.", mails.len())}</p>
                            {mails
                                .into_iter()
                                .map(|mail| {
                                    view! {
                                        <div class="app-mail" data-testid="mail">
                                            <h2 class="govuk-heading-m">{mail.subject}</h2>
                                            <dl class="govuk-summary-list">
                                                <div class="govuk-summary-list__row">
                                                    <dt class="govuk-summary-list__key">"To"</dt>
                                                    <dd class="govuk-summary-list__value">{mail.recipient}</dd>
                                                </div>
                                                <div class="govuk-summary-list__row">
                                                    <dt class="govuk-summary-list__key">"Sent"</dt>
                                                    <dd class="govuk-summary-list__value">{mail.sent_at}</dd>
                                                </div>
                                            </dl>
                                            <div class="govuk-inset-text app-mail__body">{mail.body}</div>
                                        </div>
                                    }
                                })
                                .collect_view()}
                        }
                            .into_any()
                    }
                    Err(_) => view! { <ServiceProblem/> }.into_any(),
                }
            })}
        </Suspense>
    }
}
