//! `/lpa/{id}/download/{lp1|lp3|lpa120}` and `/lpa/{id}/download/lp1/draft`: a paper form
//! (reference §7.3). Opening the page asks for the form, which queues the `pdf.render` job unless
//! the form is already stored. Until it is, the page says so: without JavaScript it reloads every
//! 2 seconds, as the real service's holding page does; hydrated, it listens on the LPA's websocket
//! (`/lpa/{id}/events`) and shows the link the moment the job announces the form, with no polling.
//! The link is the file under its own name (`/lpa/{id}/download/{form}/{file}`), which the server
//! answers with a short-lived link into the object store. A form the LPA cannot have (§7.1), or
//! another account's LPA, is the 404 page.
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_location;
use serde::{Deserialize, Serialize};

use crate::auth::Audience;
use crate::error::AppError;
use crate::error_page::{AppErrorContent, PageNotFound};
use crate::govuk::InsetText;
use crate::lpa::flow::Page;
use crate::lpa::model::LpaId;
use crate::lpa::paper::PaperForm;
use crate::lpa::paths;
use crate::pages::gate::NameFirst;

const PREPARING: &str = "Your document is being prepared";
const READY: &str = "Your document is ready";

/// A form asked for, and whether it is ready.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FormDownload {
    pub id: LpaId,
    pub form: PaperForm,
    pub draft: bool,
    /// `[Draft-]Lasting-Power-of-Attorney-LP1F.pdf` and so on.
    pub file_name: String,
    pub ready: bool,
}

impl FormDownload {
    fn file_href(&self) -> String {
        paths::DOWNLOAD_FILE
            .to((self.id, (self.form, self.file_name.clone())))
            .to_string()
    }
}

/// Form `form` of LPA `id` (a draft if `draft`), queued to be drawn if it is not stored: for its
/// owner, or an admin; otherwise, or if the LPA cannot have that form, not found.
#[server(prefix = "/_fn", endpoint = "lpa-download", input = server_fn::codec::GetUrl)]
pub async fn lpa_download(
    id: LpaId,
    form: PaperForm,
    draft: bool,
) -> Result<FormDownload, AppError> {
    use crate::lpa::server::forms::{request, FormStatus};

    let user = crate::auth::ssr::require(Audience::SignedIn)?;
    let backends = use_context::<backends::Backends>()
        .ok_or_else(|| AppError::internal("no backends in context"))?;
    let (request, status) = request(&backends, &user, id, form, draft)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(FormDownload {
        id,
        form,
        draft,
        file_name: request.file_name,
        ready: status == FormStatus::Ready,
    })
}

#[component]
pub fn DownloadPage() -> impl IntoView {
    view! {
        <NameFirst audience=Audience::SignedIn>
            {move || match paths::download_of(&use_location().pathname.get_untracked()) {
                Some((id, form, draft)) => view! { <Asked id=id form=form draft=draft/> }.into_any(),
                None => view! { <PageNotFound/> }.into_any(),
            }}
        </NameFirst>
    }
}

#[component]
fn Asked(id: LpaId, form: PaperForm, draft: bool) -> impl IntoView {
    let asked = Resource::new_blocking(
        move || (id, form, draft),
        |(id, form, draft)| lpa_download(id, form, draft),
    );
    view! {
        <Suspense>
            {move || Suspend::new(async move {
                match asked.await {
                    Ok(download) => view! { <Download download=download/> }.into_any(),
                    Err(error) => view! { <AppErrorContent error=error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Download(download: FormDownload) -> impl IntoView {
    let ready = RwSignal::new(download.ready);
    #[cfg(feature = "hydrate")]
    if !download.ready {
        live::wait_until_ready(download.id, download.form, download.draft, ready);
    }
    let heading = move || if ready.get() { READY } else { PREPARING };
    let title = download.form.title();
    let file_href = download.file_href();
    let file_name = download.file_name.clone();
    let (back, back_text) = if download.draft {
        (
            paths::SUMMARY.to(download.id),
            "Return to check your answers",
        )
    } else {
        (
            paths::href(download.id, Page::ViewDocs),
            "Return to your LPA’s documents",
        )
    };
    view! {
        <Title text=heading/>
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                <h1 class="govuk-heading-l">{heading}</h1>
                <p class="govuk-body" role="status" data-testid="download-status">
                    {move || if ready.get() {
                        format!("The {title} is ready to download.")
                    } else {
                        format!("We’re preparing the {title}. This usually takes a few seconds.")
                    }}
                </p>
                {move || if ready.get() {
                    view! {
                        <p class="govuk-body">
                            <a class="govuk-link" href=file_href.clone() download=file_name.clone()>
                                {format!("Download {} (PDF)", file_name)}
                            </a>
                        </p>
                    }
                    .into_any()
                } else {
                    // Without JavaScript the page looks again every 2 seconds; with it, the
                    // websocket says when (a `<noscript>` is only text while scripts run).
                    view! {
                        <p class="govuk-body">"The link to download it will appear on this page."</p>
                        <noscript inner_html=r#"<meta http-equiv="refresh" content="2">"#></noscript>
                    }
                    .into_any()
                }}
                {download.draft.then(|| view! {
                    <InsetText content=Some("This draft is for checking the LPA. Do not sign it: once the LPA is confirmed and paid for, download the final version to print and sign.".into())/>
                })}
                <p class="govuk-body">
                    <a class="govuk-link" href=back.to_string()>{back_text}</a>
                </p>
            </div>
        </div>
    }
}

#[cfg(feature = "hydrate")]
mod live {
    //! Waits on the LPA's websocket for the form's job to announce it. Asks once when the socket
    //! opens (the job may have finished before we listened) and again on each announcement on the
    //! LPA's topic; reconnects after 1 s, 2, 4, ... up to a minute if the socket closes.
    use std::time::Duration;

    use futures::StreamExt;
    use gloo_timers::future::sleep;
    use leptos::prelude::*;

    use crate::lpa::model::LpaId;
    use crate::lpa::paper::PaperForm;
    use crate::lpa::paths;
    use crate::websocket::{self, Event, Socket};

    const MAX_RETRY_SECONDS: u64 = 60;

    /// Sets `ready` once the form is stored; stops when the page is left.
    pub fn wait_until_ready(id: LpaId, form: PaperForm, draft: bool, ready: RwSignal<bool>) {
        websocket::run_while_shown(move || listen(id, form, draft, ready));
    }

    async fn listen(id: LpaId, form: PaperForm, draft: bool, ready: RwSignal<bool>) {
        let url = websocket::url(&paths::EVENTS.to(id).to_string());
        let mut retry_in = 1;
        loop {
            if let Some(mut socket) = url.as_deref().and_then(Socket::open) {
                while let Some(event) = socket.events.next().await {
                    match event {
                        Event::Open | Event::Text(_) => {
                            retry_in = 1;
                            let asked = super::lpa_download(id, form, draft).await;
                            if asked.is_ok_and(|download| download.ready) {
                                ready.set(true);
                                return;
                            }
                        }
                        Event::Closed => break,
                    }
                }
            }
            sleep(Duration::from_secs(retry_in)).await;
            retry_in = (retry_in * 2).min(MAX_RETRY_SECONDS);
        }
    }
}
