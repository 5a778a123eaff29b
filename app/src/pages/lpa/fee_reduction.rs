//! `/lpa/{id}/fee-reduction`: does the donor want to apply to pay a reduced fee (reference §2.2
//! step 16, §5.2)? Each option shows the fee it makes ([`crate::lpa::payment::fee`]); choosing
//! one works the fee out and records the real service's payment flags.
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use super::frame::{LpaFrame, RadioQuestion};
use crate::form::{use_form_with, FieldErrors, FormInput};
use crate::govuk::{RadiosItem, RadiosOption, TrustedHtml};
use crate::lpa::model::{FeeReduction, Revision};
use crate::lpa::payment::{fee, pounds, Fee};
use crate::lpa::rules;

const HEADING: &str = "Does the donor want to apply to pay a reduced fee?";
const REDUCTION: &str = "reductionOptions";
const REDUCTION_MISSING: &str =
    "Select if the donor does or does not want to apply for a fee reduction";

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct FeeReductionForm {
    #[serde(default, rename = "reductionOptions")]
    pub reduction: String,
    #[serde(default)]
    pub revision: String,
}

impl FormInput for FeeReductionForm {
    type Valid = (FeeReduction, Revision);

    fn validate(&self) -> Result<Self::Valid, FieldErrors> {
        match FeeReduction::from_value(&self.reduction) {
            Some(reduction) => Ok((reduction, rules::revision(&self.revision))),
            None => {
                let mut errors = FieldErrors::new();
                errors.add(REDUCTION, REDUCTION_MISSING);
                Err(errors)
            }
        }
    }
}

impl crate::form::FormAction for FeeReductionForm {
    #[cfg(feature = "ssr")]
    async fn perform(
        (reduction, revision): Self::Valid,
        context: crate::form::ActionContext,
    ) -> Result<crate::form::Submitted, crate::form::FormFailure> {
        super::frame::save_here(&context, revision, |lpa, _, _| {
            lpa.choose_fee_reduction(reduction);
            Ok(())
        })
        .await
    }
}

/// What an option's fee says.
fn fee_words(fee: Fee) -> String {
    match fee {
        Fee::Pounds(amount) => format!("Fee: {}", pounds(amount)),
        Fee::ToBeAgreed => "We’ll contact you about the fee".to_owned(),
    }
}

/// What is revealed under an option: the evidence to send.
fn evidence(reduction: FeeReduction) -> Option<TrustedHtml> {
    let paragraphs: &[&str] = match reduction {
        FeeReduction::ReceivesBenefits => &[
            "To apply to pay no fee, you must send us a ‘fee remissions and exemptions form’ and copies of letters from the Department for Work and Pensions (DWP) or the benefit provider as proof that the donor is receiving benefits.",
            "You can download the form on the last page of this service. Sign and date the form and send it to us, along with the proof and completed LPA.",
            "If you do not send the right proof, your application will be delayed. If your application to pay a reduced fee is rejected, the donor will have to pay the rest of the fee.",
        ],
        FeeReduction::UniversalCredit => &[
            "Because Universal Credit replaces several existing benefits, we look at fee reductions case by case. This means you will not be charged for this LPA now.",
            "To apply to pay a reduced fee, you must send us a ‘fee remissions and exemptions form’ and a copy of the donor’s benefit award letter. You can download the form on the last page of this service.",
            "Once we receive your application, we’ll contact you to let you know how much the fee will be and to arrange payment.",
        ],
        FeeReduction::LowIncome => &[
            "To apply to pay a reduced fee, you must send us a ‘fee remissions and exemptions form’ and documents that prove the donor has a low income.",
            "The documents must have the donor’s title, full name, address and postcode printed on them and they must be from the current tax year. Tax years run from 6 April one year to 5 April the next year.",
            "If you do not send the right proof, your application will be delayed. If your application to pay a reduced fee is rejected, the donor will have to pay the rest of the fee.",
        ],
        FeeReduction::NotApply => return None,
    };
    Some(TrustedHtml::from_trusted(
        paragraphs
            .iter()
            .map(|text| format!("<p class=\"govuk-body\">{text}</p>"))
            .collect::<String>(),
    ))
}

#[component]
pub fn FeeReductionPage() -> impl IntoView {
    view! {
        <LpaFrame render=|lpa, page| {
            let form = use_form_with(FeeReductionForm {
                reduction: lpa.payment.as_ref().map(|p| p.reduction.value()).unwrap_or_default().to_owned(),
                revision: lpa.revision.0.to_string(),
            });
            let repeat = lpa.repeat_case_number.is_some();
            let items = move || {
                FeeReduction::ALL
                    .into_iter()
                    .map(|reduction| {
                        let label = match reduction {
                            FeeReduction::ReceivesBenefits => "The donor currently claims means-tested benefits and has not been awarded personal injury damages of more than £16,000",
                            FeeReduction::UniversalCredit => "The donor receives Universal Credit",
                            FeeReduction::LowIncome => "The donor currently has an income of less than £12,000 a year before tax",
                            FeeReduction::NotApply => "The donor is not applying for a reduced fee",
                        };
                        let option = RadiosOption::new(reduction.value(), label)
                            .with_hint(fee_words(fee(reduction, repeat)));
                        RadiosItem::Option(match evidence(reduction) {
                            Some(html) => option.with_conditional(html),
                            None => option,
                        })
                    })
                    .collect()
            };
            view! {
                <RadioQuestion
                    form=form
                    lpa_id=lpa.id
                    page=page
                    revision=lpa.revision
                    name=REDUCTION
                    heading=HEADING
                    hint="If the donor receives certain benefits or has an income of less than £12,000 a year before tax, they might be eligible to pay a reduced fee or no fee at all."
                    items=items
                />
            }
        }/>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_of_the_four_options() {
        for reduction in FeeReduction::ALL {
            let form = FeeReductionForm {
                reduction: reduction.value().into(),
                revision: "2".into(),
            };
            assert_eq!(form.validate().unwrap().0, reduction);
        }
        assert_eq!(
            FeeReductionForm::default()
                .validate()
                .unwrap_err()
                .get(REDUCTION),
            Some(REDUCTION_MISSING)
        );
    }

    #[test]
    fn options_show_their_fee() {
        assert_eq!(fee_words(fee(FeeReduction::LowIncome, true)), "Fee: £23");
        assert_eq!(
            fee_words(fee(FeeReduction::UniversalCredit, false)),
            "We’ll contact you about the fee"
        );
    }
}
