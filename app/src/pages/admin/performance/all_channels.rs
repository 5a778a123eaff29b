//! `/admin/performance/all-channels`: OPG's count of LPA applications received in a month through
//! every channel (online, paper and phone), which digital take-up is a share of. The real service
//! updates take-up by hand each month (its runbook); here an admin enters the count, kept apart
//! from the worked-out figures, and it is in the audit log.
use leptos::prelude::*;
use leptos_meta::Title;
use serde::{Deserialize, Serialize};

use super::{chosen_month, month_items, month_select, MONTH};
use crate::admin::paths;
use crate::auth::Audience;
use crate::error_page::ServiceProblem;
use crate::form::{use_form, FieldErrors, Form, FormErrorSummary, FormInput};
use crate::govuk::{Button, HintOptions, Input, InputMode, LabelOptions};
use crate::pages::gate::NameFirst;
use crate::performance::figures::Month;

pub const RECEIVED: &str = "received";
/// The most a month's count may be: far beyond any month OPG has had.
pub const MOST_RECEIVED: u32 = 100_000_000;
pub const RECEIVED_MISSING: &str = "Enter the number of applications received";
pub const RECEIVED_NOT_A_NUMBER: &str =
    "The number of applications received must be a whole number, like 14250";
pub const RECEIVED_OUT_OF_RANGE: &str =
    "The number of applications received must be between 1 and 100,000,000";

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct AllChannelsForm {
    #[serde(default)]
    pub month: String,
    #[serde(default)]
    pub received: String,
}

impl FormInput for AllChannelsForm {
    type Valid = (Month, u32);

    fn validate(&self) -> Result<(Month, u32), FieldErrors> {
        let mut errors = FieldErrors::new();
        let month = chosen_month(&self.month, &mut errors);
        // Spaces and thousands separators as people write them.
        let digits: String = self
            .received
            .chars()
            .filter(|c| !c.is_whitespace() && *c != ',')
            .collect();
        let received = if digits.is_empty() {
            errors.add(RECEIVED, RECEIVED_MISSING);
            None
        } else if !digits.chars().all(|c| c.is_ascii_digit()) {
            errors.add(RECEIVED, RECEIVED_NOT_A_NUMBER);
            None
        } else {
            match digits.parse::<u32>() {
                Ok(n) if (1..=MOST_RECEIVED).contains(&n) => Some(n),
                _ => {
                    errors.add(RECEIVED, RECEIVED_OUT_OF_RANGE);
                    None
                }
            }
        };
        match (month, received) {
            (Some(month), Some(received)) if errors.is_empty() => Ok((month, received)),
            _ => Err(errors),
        }
    }
}

impl crate::form::FormAction for AllChannelsForm {
    #[cfg(feature = "ssr")]
    async fn perform(
        (month, received): (Month, u32),
        context: crate::form::ActionContext,
    ) -> Result<crate::form::Submitted, crate::form::FormFailure> {
        use crate::admin::audit::AuditAction;

        let admin = context.require(Audience::Admins)?;
        let month = super::ended(month, &context)?;
        crate::performance::server::MonthlyFigures::of(&context.backends)
            .set_received_all_channels(month, received, &admin.email)
            .await?;
        crate::admin::server::AuditLog::of(&context.backends)
            .record(
                &admin,
                AuditAction::AllChannelsEntered,
                Some(&month.key()),
                serde_json::json!({ "received": received }),
            )
            .await?;
        Ok(crate::form::Submitted::redirect(
            paths::PERFORMANCE.href().query("entered", &month.key()),
        ))
    }
}

#[component]
pub fn AllChannels() -> impl IntoView {
    let ended = Resource::new_blocking(|| (), |_| super::admin_ended_months());
    view! {
        <Title text="Applications received by any channel"/>
        <NameFirst audience=Audience::Admins>
            <Suspense>
                {move || Suspend::new(async move {
                    match ended.await {
                        Ok(ended) => view! { <AllChannelsQuestion ended=ended/> }.into_any(),
                        Err(_) => view! { <ServiceProblem/> }.into_any(),
                    }
                })}
            </Suspense>
        </NameFirst>
    }
}

#[component]
fn AllChannelsQuestion(ended: Vec<Month>) -> impl IntoView {
    let form = use_form::<AllChannelsForm>();
    let items = month_items(&ended);
    view! {
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                <FormErrorSummary form=form/>
                <h1 class="govuk-heading-l">"Applications received by any channel"</h1>
                <p class="govuk-body">
                    "Digital take-up is the share of all LPA applications OPG received in a month \
                     that were made with this service. Enter OPG\u{2019}s count for every channel \
                     (online, paper and phone) once it is published; it replaces any count \
                     entered for that month before."
                </p>
                <Form form=form action=paths::ALL_CHANNELS.href()>
                    {move || view! {
                        {month_select(
                            items.clone(),
                            form.input.with(|input| input.month.clone()),
                            form.error(MONTH),
                        )}
                        <Input
                            name=RECEIVED
                            id=Some(RECEIVED.to_owned())
                            label=LabelOptions::from("Applications received by any channel")
                            hint=Some(HintOptions::from("For example, 14250"))
                            inputmode=Some(InputMode::Numeric)
                            spellcheck=Some(false)
                            classes="govuk-input--width-10"
                            value=Some(form.input.with(|input| input.received.clone()))
                            error_message=form.error(RECEIVED)
                        />
                    }}
                    <Button content="Save"/>
                </Form>
                <p class="govuk-body">
                    <a class="govuk-link" href=paths::PERFORMANCE.href().to_string()>"Back to monthly figures"</a>
                </p>
            </div>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(month: &str, received: &str) -> AllChannelsForm {
        AllChannelsForm {
            month: month.into(),
            received: received.into(),
        }
    }

    #[test]
    fn a_count_for_a_month() {
        let november = Month::new(2026, 11).unwrap();
        assert_eq!(form("2026-11", "14,250").validate(), Ok((november, 14250)));
        assert_eq!(
            form("2026-11", " 14 250 ").validate(),
            Ok((november, 14250))
        );
        let cases = [
            ("", RECEIVED_MISSING),
            ("12.5", RECEIVED_NOT_A_NUMBER),
            ("-3", RECEIVED_NOT_A_NUMBER),
            ("0", RECEIVED_OUT_OF_RANGE),
            ("100000001", RECEIVED_OUT_OF_RANGE),
            ("99999999999999999999", RECEIVED_OUT_OF_RANGE),
        ];
        for (received, message) in cases {
            let errors = form("2026-11", received).validate().unwrap_err();
            assert_eq!(errors.get(RECEIVED), Some(message), "{received}");
        }
        let errors = form("", "").validate().unwrap_err();
        assert_eq!(errors.get(MONTH), Some(super::super::MONTH_MISSING));
        assert_eq!(errors.get(RECEIVED), Some(RECEIVED_MISSING));
    }
}
