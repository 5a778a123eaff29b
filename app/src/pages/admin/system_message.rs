//! `/admin/system-message` (reference §9): the notice every page shows at the top. An admin
//! writes it, previews it as it will look, saves it, or removes it (saving it empty removes it,
//! as in the real admin). Every instance shows the change within moments (the service announces
//! it on the fan-out); each change is in the audit log.
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use serde::{Deserialize, Serialize};

use crate::admin::paths;
use crate::auth::Audience;
use crate::error::AppError;
use crate::error_page::ServiceProblem;
use crate::form::{use_form_with, FieldErrors, Form, FormErrorSummary, FormInput, FormState};
use crate::govuk::{
    Button, CharacterCount, HintOptions, LabelOptions, NotificationBanner, NotificationBannerType,
};
use crate::pages::gate::NameFirst;
use crate::system_message::MAX_MESSAGE;

const MESSAGE: &str = "message";
const ACTION: &str = "action";
const PREVIEW: &str = "preview";
const REMOVE: &str = "remove";
const TOO_LONG: &str = "The message must be 8,000 characters or fewer";

/// The message set now, for an admin.
#[server(prefix = "/_fn", endpoint = "admin-system-message", input = server_fn::codec::GetUrl)]
pub async fn admin_system_message() -> Result<Option<String>, AppError> {
    crate::auth::ssr::require(Audience::Admins)?;
    crate::services::current()?
        .system_message
        .current()
        .await
        .map_err(AppError::internal)
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SystemMessageForm {
    #[serde(default)]
    pub message: String,
    /// The button pressed: `save`, `preview` or `remove`.
    #[serde(default)]
    pub action: String,
}

/// What the admin asked for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MessageChange {
    Set(String),
    Remove,
}

impl FormInput for SystemMessageForm {
    type Valid = MessageChange;

    /// "Preview" shows the page again with the message as it will look; nothing is saved.
    fn redisplay(&self) -> Option<Self> {
        (self.action == PREVIEW).then(|| self.clone())
    }

    fn validate(&self) -> Result<MessageChange, FieldErrors> {
        let message = self.message.trim();
        if self.action == REMOVE || message.is_empty() {
            return Ok(MessageChange::Remove);
        }
        if message.chars().count() > MAX_MESSAGE {
            let mut errors = FieldErrors::new();
            errors.add(MESSAGE, TOO_LONG);
            return Err(errors);
        }
        Ok(MessageChange::Set(message.to_owned()))
    }
}

impl crate::form::FormAction for SystemMessageForm {
    #[cfg(feature = "ssr")]
    async fn perform(
        change: MessageChange,
        context: crate::form::ActionContext,
    ) -> Result<crate::form::Submitted, crate::form::FormFailure> {
        use crate::admin::audit::AuditAction;

        let admin = context.require(Audience::Admins)?;
        let service = &context.services.system_message;
        let (action, details, done) = match &change {
            MessageChange::Set(text) => {
                service.set(Some(text)).await?;
                let details = serde_json::json!({ "message": text });
                (AuditAction::SystemMessageSet, details, "saved")
            }
            MessageChange::Remove => {
                service.set(None).await?;
                (
                    AuditAction::SystemMessageCleared,
                    serde_json::json!({}),
                    "removed",
                )
            }
        };
        crate::admin::server::AuditLog::of(&context.backends)
            .record(&admin, action, None, details)
            .await?;
        Ok(crate::form::Submitted::redirect(
            paths::SYSTEM_MESSAGE.href().query("done", done),
        ))
    }
}

#[component]
pub fn SystemMessagePage() -> impl IntoView {
    view! {
        <Title text="System message"/>
        <NameFirst audience=Audience::Admins>
            <MessageContent/>
        </NameFirst>
    }
}

#[component]
fn MessageContent() -> impl IntoView {
    // After a save (`?done=`), the same route again: the message is read again and the form drawn
    // afresh with it and the outcome.
    let query = use_query_map();
    let done = Memo::new(move |_| query.with(|query| query.get("done")));
    let current = Resource::new_blocking(move || done.get(), |_| admin_system_message());
    view! {
        <Suspense>
            {move || Suspend::new(async move {
                let done = done.get_untracked();
                match current.await {
                    Ok(message) => view! { <MessageForm current=message done=done/> }.into_any(),
                    Err(_) => view! { <ServiceProblem/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn MessageForm(current: Option<String>, done: Option<String>) -> impl IntoView {
    let is_set = current.is_some();
    let form = use_form_with(SystemMessageForm {
        message: current.unwrap_or_default(),
        action: String::new(),
    });
    let outcome = done.and_then(|done| match done.as_str() {
        "saved" => Some("The system message is now shown on every page."),
        "removed" => Some("The system message has been removed."),
        _ => None,
    });
    view! {
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                {outcome.map(|text| view! {
                    <NotificationBanner
                        banner_type=NotificationBannerType::Success
                        title_id=Some("system-message-outcome".into())
                        content=Some(text.into())
                    />
                })}
                <FormErrorSummary form=form/>
                <h1 class="govuk-heading-l">"System message"</h1>
                <p class="govuk-body">
                    {if is_set {
                        "A message is shown at the top of every page."
                    } else {
                        "No message is shown now."
                    }}
                </p>
                <Preview form=form/>
                <Form form=form action=paths::SYSTEM_MESSAGE.href()>
                    {move || view! {
                        <CharacterCount
                            name=MESSAGE
                            id=Some(MESSAGE.to_owned())
                            label=LabelOptions {
                                content: "Message".into(),
                                classes: "govuk-label--m".into(),
                                ..Default::default()
                            }
                            hint=Some(HintOptions::from(
                                "Shown to everyone at the top of every page until you remove it, \
                                 on every instance within moments. Save it empty to remove it.",
                            ))
                            maxlength=Some(MAX_MESSAGE as u32)
                            rows=6
                            value=Some(form.input.with(|input| input.message.clone()))
                            error_message=form.error(MESSAGE)
                        />
                    }}
                    <div class="govuk-button-group">
                        <Button content="Save message" name=Some(ACTION.to_owned()) value=Some("save".to_owned())/>
                        <Button
                            content="Preview"
                            name=Some(ACTION.to_owned())
                            value=Some(PREVIEW.to_owned())
                            classes="govuk-button--secondary"
                        />
                        {is_set.then(|| view! {
                            <Button
                                content="Remove message"
                                name=Some(ACTION.to_owned())
                                value=Some(REMOVE.to_owned())
                                classes="govuk-button--warning"
                            />
                        })}
                    </div>
                </Form>
            </div>
        </div>
    }
}

/// The message as every page will show it, after "Preview".
#[component]
fn Preview(form: FormState<SystemMessageForm>) -> impl IntoView {
    move || {
        let input = form.input.get();
        let text = input.message.trim().to_owned();
        (input.action == PREVIEW && !text.is_empty()).then(|| {
            view! {
                <h2 class="govuk-heading-m">"Preview"</h2>
                <NotificationBanner
                    title=Some("Preview of the system message".into())
                    title_id=Some("system-message-preview-title".into())
                    content=Some(text.into())
                />
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(message: &str, action: &str) -> SystemMessageForm {
        SystemMessageForm {
            message: message.into(),
            action: action.into(),
        }
    }

    #[test]
    fn a_message_is_set_removed_or_previewed() {
        assert_eq!(
            form("  Down at 6pm  ", "save").validate(),
            Ok(MessageChange::Set("Down at 6pm".into()))
        );
        assert_eq!(form("   ", "save").validate(), Ok(MessageChange::Remove));
        assert_eq!(form("kept", REMOVE).validate(), Ok(MessageChange::Remove));
        assert_eq!(form("x", PREVIEW).redisplay(), Some(form("x", PREVIEW)));
        assert_eq!(form("x", "save").redisplay(), None);
        let longest = "é".repeat(MAX_MESSAGE);
        assert!(form(&longest, "save").validate().is_ok());
        let errors = form(&format!("{longest}e"), "save").validate().unwrap_err();
        assert_eq!(errors.get(MESSAGE), Some(TOO_LONG));
    }
}
