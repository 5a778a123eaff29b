//! `/send-feedback` (reference §10, other-systems A.4): how satisfied the visitor was, what they
//! want to tell us, and how to reach them if they are happy to help with research. Open to
//! everyone, signed in or not; the page it was opened from (`?from=`, set by the phase banner's
//! link) is kept with the feedback. Then `/feedback-thanks`.
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use serde::{Deserialize, Serialize};

use crate::form::{use_form_with, FieldErrors, Form, FormErrorSummary, FormInput};
use crate::govuk::{
    Button, CharacterCount, FieldsetOptions, HintOptions, Input, InputType, LabelOptions, Radios,
    RadiosItem,
};
use crate::performance::feedback::{field, Feedback, LocalPath, Rating, MAX_DETAILS};
use crate::performance::paths;

const HEADING: &str = "Send us feedback";

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SendFeedbackForm {
    #[serde(default)]
    pub rating: String,
    #[serde(default)]
    pub details: String,
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub phone: String,
    #[serde(default, rename = "fromPage")]
    pub from_page: String,
}

impl FormInput for SendFeedbackForm {
    type Valid = Feedback;

    fn validate(&self) -> Result<Feedback, FieldErrors> {
        Feedback::check(
            &self.rating,
            &self.details,
            &self.email,
            &self.phone,
            &self.from_page,
        )
    }
}

impl crate::form::FormAction for SendFeedbackForm {
    #[cfg(feature = "ssr")]
    async fn perform(
        feedback: Feedback,
        context: crate::form::ActionContext,
    ) -> Result<crate::form::Submitted, crate::form::FormFailure> {
        let agent = context
            .request
            .headers
            .get(http::header::USER_AGENT)
            .and_then(|agent| agent.to_str().ok());
        crate::performance::server::FeedbackStore::of(&context.backends)
            .record(&feedback, agent)
            .await?;
        let thanks = match &feedback.from_page {
            Some(from) => paths::FEEDBACK_THANKS
                .href()
                .query("returnTarget", from.as_str()),
            None => paths::FEEDBACK_THANKS.href(),
        };
        Ok(crate::form::Submitted::redirect(thanks))
    }
}

#[component]
pub fn SendFeedback() -> impl IntoView {
    // Only a path on this site is kept as where the visitor came from.
    let from = use_query_map()
        .with_untracked(|query| query.get("from"))
        .and_then(|from| LocalPath::parse(&from))
        .map(String::from)
        .unwrap_or_default();
    let form = use_form_with(SendFeedbackForm {
        from_page: from,
        ..Default::default()
    });
    let ratings: Vec<RadiosItem> = Rating::ALL
        .iter()
        .map(|rating| RadiosItem::option(rating.value(), rating.label()))
        .collect();
    view! {
        <Title text=form.title(HEADING)/>
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                <FormErrorSummary form=form/>
                <h1 class="govuk-heading-l">{HEADING}</h1>
                <p class="govuk-body">
                    "We use your feedback to improve this service. We cannot reply to it: if you \
                     have a question about your LPA, email "
                    <a class="govuk-link" href="mailto:customerservices@publicguardian.gov.uk">
                        "customerservices@publicguardian.gov.uk"
                    </a>
                    "."
                </p>
                <Form form=form action=paths::SEND_FEEDBACK.href()>
                    {move || {
                        let input = form.input.get();
                        view! {
                            <input type="hidden" name=field::FROM_PAGE value=input.from_page.clone()/>
                            <Radios
                                name=field::RATING
                                value=Some(input.rating.clone())
                                fieldset=FieldsetOptions::medium_legend("Overall, how did you feel about this service?")
                                error_message=form.error(field::RATING)
                                items=ratings.clone()
                            />
                            <CharacterCount
                                name=field::DETAILS
                                id=Some(field::DETAILS.to_owned())
                                label=LabelOptions {
                                    content: "How could we improve this service?".into(),
                                    classes: "govuk-label--m".into(),
                                    ..Default::default()
                                }
                                hint=Some(HintOptions::from(
                                    "Do not include personal or financial information, like \
                                     your National Insurance number or credit card details",
                                ))
                                maxlength=Some(MAX_DETAILS as u32)
                                value=Some(input.details.clone())
                                error_message=form.error(field::DETAILS)
                            />
                            <h2 class="govuk-heading-m">"Help us with research (optional)"</h2>
                            <p class="govuk-body">
                                "If you would be happy to talk to us about the service, leave an \
                                 email address or a phone number."
                            </p>
                            <Input
                                name=field::EMAIL
                                id=Some(field::EMAIL.to_owned())
                                input_type=InputType::Email
                                label="Email address (optional)"
                                value=Some(input.email.clone())
                                error_message=form.error(field::EMAIL)
                                autocomplete=Some("email".into())
                                spellcheck=Some(false)
                            />
                            <Input
                                name=field::PHONE
                                id=Some(field::PHONE.to_owned())
                                input_type=InputType::Tel
                                label="Phone number (optional)"
                                value=Some(input.phone.clone())
                                error_message=form.error(field::PHONE)
                                autocomplete=Some("tel".into())
                                classes="govuk-input--width-20"
                            />
                        }
                    }}
                    <Button content="Send feedback"/>
                </Form>
            </div>
        </div>
    }
}
