//! `/lpa/{id}/status`: "Track your LPA" (reference §6). For an LPA completed once tracking had
//! begun: the tracker Waiting → Received → Checking → Processed with what each step means, and
//! when the correspondent should have the outcome; for one completed before, the plain
//! "completed" message. Opening it asks Sirius (as the real page does); when Sirius cannot be
//! asked, what it last said is shown with a notice; before it said anything, Waiting.
use chrono::NaiveDate;
use leptos::prelude::*;
use leptos_meta::Title;
use serde::{Deserialize, Serialize};

use crate::account::paths as account_paths;
use crate::error::AppError;
use crate::error_page::AppErrorContent;
use crate::lpa::model::{Lpa, LpaId, LpaType};
use crate::lpa::paper::PaperForm;
use crate::lpa::tracking::{SiriusProgress, TrackedStatus};
use crate::pages::lpa::frame::LpaFrame;

const TITLE: &str = "Status message";

/// Shown when Sirius could not be asked just now.
const NOT_CHECKED: &str =
    "We could not check for news of this LPA just now, so its status may be out of date. Try again later.";

/// Where the LPA has got to, as the page shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusData {
    /// Completed once tracking had begun.
    pub tracked: bool,
    pub progress: SiriusProgress,
    /// Whether Sirius answered (if not, what was last stored is shown, with a notice).
    pub checked: bool,
}

/// Asks Sirius about the signed-in person's LPA `id` if it is in flight (as the real status page
/// does on every visit), stores what changed, and answers what to show. Another account's LPA
/// is not found.
#[server(prefix = "/_fn", endpoint = "lpa-status", input = server_fn::codec::GetUrl)]
pub async fn lpa_status(id: LpaId) -> Result<StatusData, AppError> {
    use crate::lpa::server::{tracking, LpaSettings, Lpas};
    let user = crate::auth::ssr::require(crate::auth::Audience::SignedIn)?;
    let backends = use_context::<backends::Backends>()
        .ok_or_else(|| AppError::internal("no backends in context"))?;
    let track_from = LpaSettings::current()?.track_from;
    let lpas = Lpas::of(&backends);
    let lpa = lpas.get(&user.id, id).await?.ok_or(AppError::NotFound)?;
    let tracked = lpa
        .completed_at
        .is_some_and(|at| crate::lpa::tracking::is_tracked(at.date_naive(), track_from));
    let mut progress = lpa.metadata.sirius;
    let mut checked = true;
    // In flight: tracked and not yet final (what `Lpas::in_flight_of` asks the store, read here
    // from the LPA already loaded).
    if tracked && progress.status != Some(crate::lpa::tracking::TrackedStatus::Processed) {
        let in_flight = tracking::InFlight {
            id,
            owner: user.id.clone(),
            stored: progress.clone(),
        };
        let refreshed = tracking::refresh(&backends, vec![in_flight]).await?;
        checked = refreshed.iter().all(|refreshed| refreshed.error.is_none());
        if refreshed.iter().any(|refreshed| refreshed.changed) {
            progress = lpas
                .get(&user.id, id)
                .await?
                .ok_or(AppError::NotFound)?
                .metadata
                .sirius;
        }
    }
    Ok(StatusData {
        tracked,
        progress,
        checked,
    })
}

#[component]
pub fn StatusPage() -> impl IntoView {
    view! {
        <Title text=TITLE/>
        <LpaFrame render=|lpa, _| {
            let id = lpa.id;
            let lpa = StoredValue::new(lpa);
            crate::sent_with_page::draw_sent_or_asked(
                || None,
                move || lpa_status(id),
                move |found| match found {
                    Ok(data) => lpa.with_value(|lpa| status_message(lpa, data)).into_any(),
                    Err(error) => view! { <AppErrorContent error=error/> }.into_any(),
                },
            )
        }/>
    }
}

/// The caption above the heading: the type and the reference.
fn caption(lpa: &Lpa) -> String {
    let kind = match lpa.document.lpa_type() {
        Some(LpaType::PropertyAndFinancial) => "Property and finance",
        Some(LpaType::HealthAndWelfare) => "Health and welfare",
        None => "Not selected",
    };
    format!("{kind}: {}", lpa.id.a_reference())
}

fn status_message(lpa: &Lpa, data: StatusData) -> impl IntoView {
    let donor = lpa
        .document
        .donor()
        .map(|donor| donor.name.to_string())
        .unwrap_or_default();
    let body = if data.tracked {
        let progress = &data.progress;
        let status = progress.status.unwrap_or(TrackedStatus::Waiting);
        let correspondent = lpa
            .document
            .correspondent_or_donor()
            .map(|correspondent| correspondent.display_name())
            .unwrap_or_else(|| donor.clone());
        let reduction_claimed = PaperForm::Lpa120.edition_for(lpa, false).is_some();
        view! {
            {(!data.checked).then(|| view! {
                <div class="govuk-inset-text" role="status">{NOT_CHECKED}</div>
            })}
            {tracker(status)}
            {message(status, &correspondent, reduction_claimed, progress.return_unpaid, progress.should_receive_by())}
        }
        .into_any()
    } else {
        view! {
            <h2 class="govuk-heading-l">"You have completed the LPA application"</h2>
            <p class="govuk-body-l">"This LPA was made before it was possible to track the progress of an LPA application online."</p>
            {post_it()}
        }
        .into_any()
    };
    view! {
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                <span class="govuk-caption-l">{caption(lpa)}</span>
                <h1 class="govuk-heading-xl">{donor}</h1>
                {body}
                <p class="govuk-body">
                    <a class="govuk-link" href=account_paths::DASHBOARD.href().to_string()>"Back to your LPAs"</a>
                </p>
            </div>
        </div>
    }
}

/// The four steps, those before the current one done, the current one marked for assistive
/// technology as well as by its look.
fn tracker(current: TrackedStatus) -> impl IntoView {
    let steps = TrackedStatus::ALL.map(|step| {
        let (class, state) = if step < current {
            ("app-tracker__step app-tracker__step--done", " (done)")
        } else if step == current {
            (
                "app-tracker__step app-tracker__step--current",
                " (current status)",
            )
        } else {
            ("app-tracker__step", "")
        };
        view! {
            <li class=class aria-current=(step == current).then_some("step")>
                {step.label()}<span class="govuk-visually-hidden">{state}</span>
            </li>
        }
    });
    view! {
        <h2 class="govuk-visually-hidden">"Progress"</h2>
        <ol class="app-tracker">{steps.into_iter().collect_view()}</ol>
    }
}

fn post_it() -> impl IntoView {
    view! {
        <p class="govuk-body">"If you have not posted the LPA to us yet, send it to:"</p>
        <p class="govuk-body">"Office of the Public Guardian"<br/>"PO Box 16185"<br/>"Birmingham"<br/>"B2 2WH"</p>
    }
}

fn message(
    status: TrackedStatus,
    correspondent: &str,
    reduction_claimed: bool,
    return_unpaid: bool,
    should_receive_by: Option<NaiveDate>,
) -> AnyView {
    match status {
        TrackedStatus::Waiting => view! {
            <h2 class="govuk-heading-l">"We’re waiting to confirm receipt of this LPA"</h2>
            <p class="govuk-body">"It will take up to 30 working days for us to add this LPA to our records and confirm we’ve received it. It will then take up to 8 weeks to process the LPA if there are no mistakes in the application."</p>
            <p class="govuk-body">"If you sent the LPA by recorded delivery, Royal Mail’s website will confirm we have received it before we can confirm it here."</p>
            {reduction_claimed.then(|| view! {
                <p class="govuk-body">{format!("If we need more information about the application to pay a reduced or no fee, we’ll write to {correspondent}. We will not start processing the LPA or update this message until we’ve heard back from them.")}</p>
            })}
            {post_it()}
        }
        .into_any(),
        TrackedStatus::Received => view! {
            <h2 class="govuk-heading-l">"We’ve received the LPA"</h2>
            <p class="govuk-body-l">"When we’ve checked the LPA, we’ll send a letter to the donor, the attorneys and the correspondent to let them know what happens next."</p>
            <p class="govuk-body">"It will take up to 16 weeks to register the LPA if there are no mistakes in the application."</p>
        }
        .into_any(),
        TrackedStatus::Checking => view! {
            <h2 class="govuk-heading-l">"We’re checking the LPA"</h2>
            <p class="govuk-body-l">"We’re checking the LPA to make sure it’s been made correctly. Once we’ve checked it, we’ll write to the donor, attorneys and correspondent to let them know what happens next."</p>
            <p class="govuk-body">{format!("If there is something that must be corrected before the LPA can be registered, we’ll contact {correspondent}.")}</p>
            <p class="govuk-body">"The law says there must be a 4 week wait between the date OPG sent the ‘Notice of application’ letter to the donor and attorneys and the date the LPA is registered."</p>
        }
        .into_any(),
        TrackedStatus::Processed => {
            let arrive_by = match should_receive_by {
                Some(date) => format!("by {}", crate::dates::long_date(date)),
                None => "after 15 working days".to_owned(),
            };
            view! {
                <h2 class="govuk-heading-l">"We’ve processed the LPA"</h2>
                <p class="govuk-body">"For security reasons, we cannot tell you here if the LPA has been registered or not."</p>
                <p class="govuk-body">{format!("{correspondent} will receive the LPA in the post, along with a letter saying if the LPA:")}</p>
                <ul class="govuk-list govuk-list--bullet">
                    <li>"has been registered"</li>
                    <li>"could not be registered – we’ll also say why we could not register it and what to do next"</li>
                </ul>
                {(!return_unpaid).then(|| view! {
                    <p class="govuk-body">"The donor and all attorneys on the LPA will get a letter telling them the outcome."</p>
                    <p class="govuk-body">"If the LPA has successfully been registered, the donor and attorneys will be able to use it by creating an account on "
                        <a class="govuk-link" href="https://www.gov.uk/use-lasting-power-of-attorney">"Use a lasting power of attorney"</a>
                        " and adding the details provided in the letter."</p>
                })}
                <p class="govuk-body">{format!("The letter and LPA were sent by second class post. If they have not arrived {arrive_by}, please call 0300 456 0300.")}</p>
                <p class="govuk-body">"Opening times: Monday, Tuesday, Thursday, Friday 9am to 5pm. Wednesday 10am to 5pm."</p>
            }
            .into_any()
        }
    }
}
