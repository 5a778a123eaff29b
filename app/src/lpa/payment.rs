//! Fees and payment (reference §5): what the donor pays, from the fee reduction they claim and
//! whether this is a repeat application, and what the LPA records about paying.
//!
//! The fee is one pure function ([`fee`]) with a table test. It is worked out when the fee
//! reduction is chosen and again whenever something it depends on changes (the repeat question)
//! or checkout opens; a changed amount forgets the card payment started for the old amount, so a
//! new one is made for the right amount (`verifyLpaPaymentAmount`).
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// The full application fee, in pounds (`Calculator::STANDARD_FEE`).
pub const STANDARD_FEE: u32 = 92;

/// The fee reduction claimed (reference §5.2, radio `reductionOptions`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum FeeReduction {
    /// Means-tested benefits and no personal injury damages over £16,000: no fee.
    ReceivesBenefits,
    /// Universal Credit: the Office of the Public Guardian says later what the fee is.
    UniversalCredit,
    /// Income under £12,000 a year before tax: half the fee.
    LowIncome,
    /// No reduction.
    NotApply,
}

impl FeeReduction {
    pub const ALL: [FeeReduction; 4] = [
        FeeReduction::ReceivesBenefits,
        FeeReduction::UniversalCredit,
        FeeReduction::LowIncome,
        FeeReduction::NotApply,
    ];

    /// The value the form sends, as the real service's.
    pub fn value(self) -> &'static str {
        match self {
            FeeReduction::ReceivesBenefits => "reducedFeeReceivesBenefits",
            FeeReduction::UniversalCredit => "reducedFeeUniversalCredit",
            FeeReduction::LowIncome => "reducedFeeLowIncome",
            FeeReduction::NotApply => "notApply",
        }
    }

    pub fn from_value(value: &str) -> Option<Self> {
        FeeReduction::ALL.into_iter().find(|r| r.value() == value)
    }

    /// Whether a fee remissions and exemptions form (LPA120) goes with the LPA
    /// (`isEligibleForFeeReduction`).
    pub fn is_reduction(self) -> bool {
        self != FeeReduction::NotApply
    }
}

/// What the donor pays.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fee {
    /// Whole pounds (every fee in the table is).
    Pounds(u32),
    /// Universal Credit: "we'll contact you about the fee"; nothing is taken online.
    ToBeAgreed,
}

impl Fee {
    /// The amount as the payment records it: none for a fee to be agreed.
    pub fn amount(self) -> Option<u32> {
        match self {
            Fee::Pounds(pounds) => Some(pounds),
            Fee::ToBeAgreed => None,
        }
    }

    /// Nothing to pay now: checkout offers "Confirm and finish" (`intval(amount) == 0`).
    pub fn nothing_to_pay_now(self) -> bool {
        matches!(self, Fee::Pounds(0) | Fee::ToBeAgreed)
    }
}

/// The fee for `reduction`, on a repeat application or not (reference §5.1): £92; a repeat
/// application half that (integer division, as `repeatApplicationFee`); low income half again;
/// benefits nothing; Universal Credit to be agreed.
pub fn fee(reduction: FeeReduction, repeat_application: bool) -> Fee {
    let full = if repeat_application {
        STANDARD_FEE / 2
    } else {
        STANDARD_FEE
    };
    match reduction {
        FeeReduction::NotApply => Fee::Pounds(full),
        FeeReduction::LowIncome => Fee::Pounds(full / 2),
        FeeReduction::ReceivesBenefits => Fee::Pounds(0),
        FeeReduction::UniversalCredit => Fee::ToBeAgreed,
    }
}

/// `£92` or `£0`, as GOV.UK writes whole pounds.
pub fn pounds(amount: u32) -> String {
    format!("£{amount}")
}

/// How the fee was paid.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PaymentMethod {
    Card,
    Cheque,
}

impl PaymentMethod {
    pub fn value(self) -> &'static str {
        match self {
            PaymentMethod::Card => "card",
            PaymentMethod::Cheque => "cheque",
        }
    }
}

/// What the LPA records about its fee (reference §3.8): the reduction claimed and the amount it
/// makes, then how it was paid. A card payment is started by recording GOV.UK Pay's payment id
/// (`gatewayReference`) and finished by recording its reference and date.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(into = "PaymentJson", from = "PaymentJson")]
pub struct Payment {
    pub reduction: FeeReduction,
    /// Whole pounds; `None` while the fee is to be agreed (Universal Credit).
    pub amount: Option<u32>,
    pub method: Option<PaymentMethod>,
    /// The email address the payer gave GOV.UK Pay, lower-cased.
    pub email: Option<String>,
    /// GOV.UK Pay's `reference` (the padded LPA id) once paid by card.
    pub reference: Option<String>,
    /// GOV.UK Pay's `payment_id` of the card payment started for this amount.
    pub gateway_reference: Option<String>,
    /// When the payment was recorded.
    pub date: Option<DateTime<Utc>>,
}

impl Payment {
    /// A payment for `reduction`, on a repeat application or not.
    pub fn new(reduction: FeeReduction, repeat_application: bool) -> Self {
        Payment {
            reduction,
            amount: fee(reduction, repeat_application).amount(),
            method: None,
            email: None,
            reference: None,
            gateway_reference: None,
            date: None,
        }
    }

    /// The fee as recorded.
    pub fn fee(&self) -> Fee {
        match self.amount {
            Some(pounds) => Fee::Pounds(pounds),
            None => Fee::ToBeAgreed,
        }
    }

    /// Works the fee out again; if it changed, a card payment started for the old amount is
    /// forgotten so that paying makes a new one (`verifyLpaPaymentAmount`).
    pub fn recompute(&mut self, repeat_application: bool) {
        let amount = fee(self.reduction, repeat_application).amount();
        if amount != self.amount {
            self.amount = amount;
            self.gateway_reference = None;
        }
    }

    /// Paid, or nothing to pay (`isPaymentResolved`): by cheque, a fee of £0 or to be agreed, or
    /// a card payment GOV.UK Pay confirmed.
    pub fn is_resolved(&self) -> bool {
        match self.method {
            Some(PaymentMethod::Cheque) => true,
            Some(PaymentMethod::Card) => self.reference.is_some(),
            None => self.fee().nothing_to_pay_now(),
        }
    }

    /// A card payment was started but its outcome was never recorded: the one to look up again
    /// (recovery, reference §5.3).
    pub fn awaiting_card_outcome(&self) -> Option<&str> {
        match self.method {
            None => self.gateway_reference.as_deref(),
            Some(_) => None,
        }
    }
}

/// The stored shape: the real service's field names and its four reduction flags.
#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct PaymentJson {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    method: Option<PaymentMethod>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    email: Option<String>,
    #[serde(default)]
    amount: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    reference: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    gateway_reference: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    date: Option<DateTime<Utc>>,
    #[serde(default)]
    reduced_fee_receives_benefits: Option<bool>,
    #[serde(default)]
    reduced_fee_awarded_damages: Option<bool>,
    #[serde(default)]
    reduced_fee_low_income: Option<bool>,
    #[serde(default)]
    reduced_fee_universal_credit: Option<bool>,
}

impl From<Payment> for PaymentJson {
    fn from(payment: Payment) -> Self {
        // The flags each option writes (reference §5.2).
        let (benefits, damages, low_income, universal_credit) = match payment.reduction {
            FeeReduction::ReceivesBenefits => (Some(true), Some(true), None, None),
            FeeReduction::UniversalCredit => (Some(false), None, Some(false), Some(true)),
            FeeReduction::LowIncome => (Some(false), None, Some(true), Some(false)),
            FeeReduction::NotApply => (None, None, None, None),
        };
        PaymentJson {
            method: payment.method,
            email: payment.email,
            amount: payment.amount,
            reference: payment.reference,
            gateway_reference: payment.gateway_reference,
            date: payment.date,
            reduced_fee_receives_benefits: benefits,
            reduced_fee_awarded_damages: damages,
            reduced_fee_low_income: low_income,
            reduced_fee_universal_credit: universal_credit,
        }
    }
}

impl From<PaymentJson> for Payment {
    fn from(json: PaymentJson) -> Self {
        let reduction = if json.reduced_fee_universal_credit == Some(true) {
            FeeReduction::UniversalCredit
        } else if json.reduced_fee_low_income == Some(true) {
            FeeReduction::LowIncome
        } else if json.reduced_fee_receives_benefits == Some(true)
            && json.reduced_fee_awarded_damages == Some(true)
        {
            FeeReduction::ReceivesBenefits
        } else {
            FeeReduction::NotApply
        };
        Payment {
            reduction,
            amount: json.amount,
            method: json.method,
            email: json.email,
            reference: json.reference,
            gateway_reference: json.gateway_reference,
            date: json.date,
        }
    }
}

/// A repeat application's case number: the 12 digits of the Office of the Public Guardian's
/// earlier case, entered with or without dashes and spaces (reference §4.2).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "u64", into = "u64")]
pub struct CaseNumber(u64);

/// Why a case number was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CaseNumberProblem {
    Missing,
    NotTwelveDigits,
}

impl CaseNumber {
    pub fn parse(raw: &str) -> Result<Self, CaseNumberProblem> {
        let digits: String = raw
            .chars()
            .filter(|c| !matches!(c, '-' | ' ' | '\u{2013}'))
            .collect();
        if digits.is_empty() {
            return Err(CaseNumberProblem::Missing);
        }
        if digits.len() != 12 || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(CaseNumberProblem::NotTwelveDigits);
        }
        digits
            .parse()
            .map(CaseNumber)
            .map_err(|_| CaseNumberProblem::NotTwelveDigits)
    }

    /// The 12 digits.
    pub fn digits(self) -> String {
        format!("{:012}", self.0)
    }
}

impl TryFrom<u64> for CaseNumber {
    type Error = &'static str;

    fn try_from(number: u64) -> Result<Self, Self::Error> {
        if number <= 999_999_999_999 {
            Ok(CaseNumber(number))
        } else {
            Err("a case number has 12 digits")
        }
    }
}

impl From<CaseNumber> for u64 {
    fn from(number: CaseNumber) -> Self {
        number.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fee_table() {
        use Fee::{Pounds, ToBeAgreed};
        use FeeReduction::*;
        let table = [
            (NotApply, false, Pounds(92)),
            (NotApply, true, Pounds(46)),
            (LowIncome, false, Pounds(46)),
            (LowIncome, true, Pounds(23)),
            (ReceivesBenefits, false, Pounds(0)),
            (ReceivesBenefits, true, Pounds(0)),
            (UniversalCredit, false, ToBeAgreed),
            (UniversalCredit, true, ToBeAgreed),
        ];
        for (reduction, repeat, expected) in table {
            assert_eq!(
                fee(reduction, repeat),
                expected,
                "{reduction:?}, repeat {repeat}"
            );
        }
    }

    #[test]
    fn only_nothing_to_pay_or_a_paid_fee_is_resolved() {
        let mut full = Payment::new(FeeReduction::NotApply, false);
        assert!(!full.is_resolved());
        full.gateway_reference = Some("abc".into());
        assert!(!full.is_resolved(), "a started card payment is not paid");
        assert_eq!(full.awaiting_card_outcome(), Some("abc"));
        full.method = Some(PaymentMethod::Card);
        assert!(!full.is_resolved(), "card without GOV.UK Pay's reference");
        full.reference = Some("00012345678".into());
        assert!(full.is_resolved());
        assert_eq!(full.awaiting_card_outcome(), None);

        let mut cheque = Payment::new(FeeReduction::LowIncome, true);
        cheque.method = Some(PaymentMethod::Cheque);
        assert!(cheque.is_resolved());
        assert!(Payment::new(FeeReduction::ReceivesBenefits, false).is_resolved());
        assert!(Payment::new(FeeReduction::UniversalCredit, false).is_resolved());
    }

    #[test]
    fn a_changed_amount_forgets_the_card_payment_started_for_the_old_one() {
        let mut payment = Payment::new(FeeReduction::NotApply, false);
        payment.gateway_reference = Some("old".into());
        payment.recompute(false);
        assert_eq!(payment.gateway_reference.as_deref(), Some("old"));
        payment.recompute(true);
        assert_eq!(payment.amount, Some(46));
        assert_eq!(payment.gateway_reference, None);
    }

    #[test]
    fn stored_with_the_real_services_flags() {
        for reduction in FeeReduction::ALL {
            let payment = Payment::new(reduction, false);
            let json = serde_json::to_value(&payment).unwrap();
            let back: Payment = serde_json::from_value(json.clone()).unwrap();
            assert_eq!(back, payment, "{json}");
        }
        let json =
            serde_json::to_value(Payment::new(FeeReduction::UniversalCredit, false)).unwrap();
        assert_eq!(
            json,
            serde_json::json!({
                "amount": null,
                "reducedFeeReceivesBenefits": false,
                "reducedFeeAwardedDamages": null,
                "reducedFeeLowIncome": false,
                "reducedFeeUniversalCredit": true,
            })
        );
    }

    #[test]
    fn case_numbers_are_twelve_digits_with_dashes_and_spaces_ignored() {
        assert_eq!(
            CaseNumber::parse("1234-5678-9012").unwrap().digits(),
            "123456789012"
        );
        assert_eq!(
            CaseNumber::parse(" 0000 1111 2222 ").unwrap().digits(),
            "000011112222"
        );
        assert_eq!(CaseNumber::parse(""), Err(CaseNumberProblem::Missing));
        assert_eq!(CaseNumber::parse(" - "), Err(CaseNumberProblem::Missing));
        for bad in [
            "12345678901",
            "1234567890123",
            "12345678901a",
            "+12345678901",
        ] {
            assert_eq!(
                CaseNumber::parse(bad),
                Err(CaseNumberProblem::NotTwelveDigits),
                "{bad}"
            );
        }
    }
}
