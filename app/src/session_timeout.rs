//! The session timeout (reference: 75 minutes without a request) and the GOV.UK timeout warning:
//! with JavaScript, a modal dialog 5 minutes before the end counts down and offers to stay signed
//! in or sign out; without it, the next page after the end is the sign-in page saying they were
//! signed out, and what that means for answers not yet saved.
use leptos::prelude::*;

use crate::account::paths as account_paths;
use crate::error::AppError;

/// How long a session lasts without a request; provided by the server as context.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SessionPolicy {
    pub inactivity_seconds: u64,
}

/// The warning opens this long before the session ends (reference: 300 s).
pub const WARNING_SECONDS: i64 = 300;

/// Extends the session signed in (every request does; this is the request the "Stay signed in"
/// button makes) and says how long it now has.
#[server(prefix = "/_fn", endpoint = "session-keep-alive", client = crate::form::CsrfClient)]
pub async fn keep_session_alive() -> Result<u64, AppError> {
    crate::auth::ssr::require(crate::auth::Audience::SignedIn)?;
    crate::auth::ssr::keep_alive()?;
    let policy = use_context::<SessionPolicy>()
        .ok_or_else(|| AppError::internal("session policy missing from context"))?;
    Ok(policy.inactivity_seconds)
}

/// How much time `seconds` is, in the words the warning uses.
pub fn time_left(seconds: i64) -> String {
    match seconds.max(0) {
        s @ 0..=59 => format!("{s} second{}", if s == 1 { "" } else { "s" }),
        s => {
            let minutes = (s + 59) / 60;
            format!("{minutes} minute{}", if minutes == 1 { "" } else { "s" })
        }
    }
}

/// The warning dialog, drawn on every page for someone signed in. It stays closed (and invisible)
/// until the browser's script opens it.
#[component]
pub fn TimeoutWarning() -> impl IntoView {
    let seconds_left = RwSignal::new(WARNING_SECONDS);
    let dialog = NodeRef::<leptos::html::Dialog>::new();
    let stay = Action::new(move |_: &()| keep_session_alive());

    #[cfg(feature = "hydrate")]
    watch::start(dialog, seconds_left, stay);

    let announce = move || {
        // Screen readers hear the time when the minute changes, not every second.
        let seconds = seconds_left.get();
        if seconds >= 60 {
            time_left(seconds)
        } else {
            "less than a minute".to_owned()
        }
    };
    view! {
        <dialog
            node_ref=dialog
            class="app-timeout-dialog"
            aria-labelledby="timeout-heading"
            aria-describedby="timeout-message"
            data-testid="timeout-warning"
            on:cancel=move |event: leptos::ev::Event| {
                // Escape means "stay signed in", as GOV.UK services do.
                event.prevent_default();
                stay.dispatch(());
            }
        >
            <h2 class="govuk-heading-m" id="timeout-heading">
                "You’re about to be signed out"
            </h2>
            <p class="govuk-body" id="timeout-message">
                <span aria-hidden="true">
                    "For your security, we will sign you out in "
                    <strong>{move || time_left(seconds_left.get())}</strong> "."
                </span>
                <span class="govuk-visually-hidden" aria-live="polite">
                    {move || format!("For your security, we will sign you out in {}.", announce())}
                </span>
            </p>
            <p class="govuk-body">"Any answers you have not saved will be lost."</p>
            <div class="govuk-button-group">
                <button
                    type="button"
                    class="govuk-button"
                    data-module="govuk-button"
                    on:click=move |_| {
                        stay.dispatch(());
                    }
                >
                    "Stay signed in"
                </button>
                <a class="govuk-link" href=account_paths::SIGN_OUT.href().to_string() rel="external">
                    "Sign out"
                </a>
            </div>
        </dialog>
    }
}

#[cfg(feature = "hydrate")]
mod watch {
    //! Polls `/session-state` (which does not extend the session), opens the dialog when the
    //! warning window starts, counts down, and goes to the signed-out page at the end.
    use std::time::Duration;

    use gloo_timers::future::sleep;
    use leptos::prelude::*;
    use leptos::task::spawn_local;

    use super::WARNING_SECONDS;
    use crate::error::AppError;

    /// Seconds left, or `None` when the session has ended.
    async fn remaining() -> Result<Option<i64>, ()> {
        let response = gloo_net::http::Request::get(crate::site::paths::SESSION_STATE.pattern())
            .send()
            .await
            .map_err(|_| ())?;
        match response.status() {
            204 => Ok(None),
            200 => {
                let body: serde_json::Value = response.json().await.map_err(|_| ())?;
                body["remainingSeconds"].as_i64().map(Some).ok_or(())
            }
            _ => Err(()),
        }
    }

    fn signed_out() {
        let _ = window()
            .location()
            .assign(crate::account::paths::SIGN_IN_TIMEOUT.pattern());
    }

    fn now_seconds() -> f64 {
        js_sys::Date::now() / 1000.0
    }

    pub fn start(
        dialog: NodeRef<leptos::html::Dialog>,
        seconds_left: RwSignal<i64>,
        stay: Action<(), Result<u64, AppError>>,
    ) {
        // Timers sleep in background tabs: look again whenever the window regains focus.
        let (wake, mut woken) = futures::channel::mpsc::unbounded::<()>();
        let on_focus = window_event_listener(leptos::ev::focus, move |_| {
            let _ = wake.unbounded_send(());
        });
        on_cleanup(move || on_focus.remove());
        // After "Stay signed in": close the dialog (the loop then sees the longer session).
        Effect::new(move |_| {
            if let Some(Ok(_)) = stay.value().get() {
                if let Some(dialog) = dialog.get_untracked() {
                    dialog.close();
                }
            }
        });
        {
            spawn_local(async move {
                loop {
                    let left = match remaining().await {
                        Ok(Some(left)) => left,
                        Ok(None) => return signed_out(),
                        Err(()) => {
                            sleep(Duration::from_secs(60)).await;
                            continue;
                        }
                    };
                    if left > WARNING_SECONDS {
                        // Wake when the warning window starts, or within the hour to look again.
                        let wait = (left - WARNING_SECONDS).min(3600) as u64;
                        let slept = sleep(Duration::from_secs(wait));
                        let focused = futures::StreamExt::next(&mut woken);
                        futures::pin_mut!(slept, focused);
                        futures::future::select(slept, focused).await;
                        continue;
                    }
                    let Some(element) = dialog.get_untracked() else {
                        return;
                    };
                    seconds_left.set(left);
                    if !element.open() {
                        let _ = element.show_modal();
                    }
                    // Count down here; ask the server again at the end, every 30 seconds (another
                    // tab may have extended the session), and once the person chose to stay.
                    let ends_at = now_seconds() + left as f64;
                    for _ in 0..30 {
                        sleep(Duration::from_secs(1)).await;
                        let left = (ends_at - now_seconds()).ceil() as i64;
                        seconds_left.set(left.max(0));
                        if left <= 0 || !element.open() {
                            break;
                        }
                    }
                }
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn time_left_is_in_whole_minutes_then_seconds() {
        assert_eq!(time_left(300), "5 minutes");
        assert_eq!(time_left(241), "5 minutes");
        assert_eq!(time_left(60), "1 minute");
        assert_eq!(time_left(59), "59 seconds");
        assert_eq!(time_left(1), "1 second");
        assert_eq!(time_left(-4), "0 seconds");
    }
}
