//! The system message: a notice an admin sets (planned maintenance, known problems) that every page
//! shows at the top of its content. Stored in the relational store.
use leptos::prelude::*;

use crate::error::AppError;
use crate::govuk::NotificationBanner;

/// The current system message, if an admin has set one.
#[server(prefix = "/_fn", endpoint = "system-message")]
pub async fn get_system_message() -> Result<Option<String>, AppError> {
    let backends = crate::ssr::backends()?;
    let message = backends
        .store
        .system_message()
        .await
        .map_err(AppError::internal)?;
    Ok(message.map(|m| m.text))
}

#[component]
pub fn SystemMessageBanner() -> impl IntoView {
    let message = Resource::new_blocking(|| (), |_| get_system_message());
    view! {
        <Suspense>
            {move || Suspend::new(async move {
                // A failure to read the message must not take the page down with it.
                message
                    .await
                    .ok()
                    .flatten()
                    .map(|text| view! { <NotificationBanner content=Some(text.into())/> })
            })}
        </Suspense>
    }
}
