//! What the admin pages share: the "Are you sure" page of an action on an account.
use leptos::prelude::*;

/// What an "Are you sure" page about an account asks.
pub struct AccountQuestion {
    pub heading: &'static str,
    /// What doing it means, shown as a GOV.UK warning.
    pub warning: &'static str,
    pub button: &'static str,
    /// The page's own URL, which its form posts to.
    pub action: crate::paths::Path<crate::account::rules::UserId>,
    /// Why it cannot be done to this account, if it cannot: shown instead of the button.
    pub refusal: Option<&'static str>,
}

/// The GOV.UK "Are you sure" page of an action on `account`: what it is, a warning and the
/// button that posts `form` (or why it cannot be done), and the way back to the account.
pub fn account_question<F: crate::form::FormInput>(
    form: crate::form::FormState<F>,
    account: &super::users::user::UserAccount,
    question: AccountQuestion,
) -> impl IntoView {
    use crate::form::{Form, FormErrorSummary};
    use crate::govuk::{Button, InsetText, SummaryList, SummaryListRow, WarningText};
    use leptos_meta::Title;

    let back = crate::admin::paths::USER.to(account.id.clone()).to_string();
    let rows = vec![
        SummaryListRow::new("Email address", account.email.clone()),
        SummaryListRow::new("User id", account.id.to_string()),
    ];
    view! {
        <Title text=question.heading/>
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                <FormErrorSummary form=form/>
                <h1 class="govuk-heading-l">{question.heading}</h1>
                <SummaryList rows=rows/>
                {match question.refusal {
                    Some(refusal) => view! {
                        <InsetText content=Some(refusal.into())/>
                        <p class="govuk-body">
                            <a class="govuk-link" href=back>"Back to the account"</a>
                        </p>
                    }
                    .into_any(),
                    None => view! {
                        <WarningText content=question.warning/>
                        <Form form=form action=question.action.to(account.id.clone())>
                            <div class="govuk-button-group">
                                <Button content=question.button classes="govuk-button--warning"/>
                                <a class="govuk-link" href=back>"Cancel"</a>
                            </div>
                        </Form>
                    }
                    .into_any(),
                }}
            </div>
        </div>
    }
}
