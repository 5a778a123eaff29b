//! Checkout (reference §5.3): confirming the LPA, paying for it, and locking it.
//!
//! - The fee is worked out again first; a changed amount forgets a card payment started for the
//!   old one.
//! - Only an LPA that is "created" with every question answered may be checked out; otherwise
//!   the person is sent to `more-info-required` (the checkout guard, §2.4).
//! - Card: a GOV.UK Pay payment is created for the amount in pence, the LPA's 11-digit reference,
//!   the description and the return URL, its id recorded, and the payer sent to its `next_url`. A
//!   payment already started is looked at first: paid → recorded; still open → back to its page;
//!   finished unpaid → a new one. Starting a payment makes no new revision, and the idempotency
//!   key is the LPA, the revision the page was drawn from and the payment it replaces, so two
//!   clicks of "Confirm and pay" make one payment and trying again after a failure a new one.
//! - Finishing (cheque, nothing to pay, or a card payment GOV.UK Pay says succeeded) locks the LPA
//!   and queues the "ready to register" email in the same transaction, from the revision read: of
//!   two requests finishing at once, one locks and the other finds it completed. So nothing is
//!   paid or locked twice, whatever is clicked or returned to twice.
//! - Recovery: a payment that succeeded but whose return was never seen (the payer closed the
//!   window) is found by the `lpa.recover-payments` job and recorded the same way.
use backends::payments::{CreatePayment, PaymentError};
use backends::Backends;

use super::{emails, LpaError, Lpas};
use crate::account::server::{Accounts, User, UserId};
use crate::error::AppError;
use crate::form::{FormFailure, Submitted};
use crate::lpa::flow::{may_check_out, Page, Step};
use crate::lpa::model::{Lpa, LpaId, LpaType, PaymentMethod, Revision};
use crate::lpa::paths;
use crate::lpa::rules::field;
use crate::paths::Href;

use super::use_cases::STALE;

/// How the person chose to finish.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Choice {
    /// "Confirm and pay" (by card, through GOV.UK Pay).
    Card,
    /// "Confirm and pay by cheque".
    Cheque,
    /// "Confirm and finish": nothing to pay now.
    NothingToPay,
}

/// The checkout form's field for the choice (its buttons' name).
pub const CHOICE_FIELD: &str = "method";

/// Shown when GOV.UK Pay cannot be reached: nothing was paid, and cheques still work.
pub const PAY_UNAVAILABLE: &str = "Sorry, online payment is not working at the moment. Nothing \
                                   has been paid. Try again later, or pay by cheque.";

/// GOV.UK Pay's reference for an LPA: its id padded to 11 digits.
pub fn payment_reference(id: LpaId) -> String {
    format!("{:011}", id.get())
}

/// What GOV.UK Pay shows the payer.
fn description(lpa: &Lpa) -> String {
    let donor = lpa
        .document
        .donor()
        .map(|donor| format!("{} {}", donor.name.first(), donor.name.last()))
        .unwrap_or_default();
    match lpa.document.lpa_type() {
        Some(LpaType::HealthAndWelfare) => format!("Health and welfare LPA for {donor}"),
        _ => format!("Property and financial affairs LPA for {donor}"),
    }
}

fn redirect(id: LpaId, page: Page) -> Submitted {
    Submitted::redirect(paths::href(id, page))
}

/// "Confirm and pay", "Confirm and pay by cheque" or "Confirm and finish" on `user`'s LPA `id`,
/// from the checkout page drawn at `revision`.
pub async fn confirm(
    backends: &Backends,
    public_url: &str,
    user: &User,
    id: LpaId,
    revision: Revision,
    choice: Choice,
) -> Result<Submitted, FormFailure> {
    let lpas = Lpas::of(backends);
    let mut lpa = lpas.get(&user.id, id).await?.ok_or(LpaError::NotFound)?;
    if lpa.is_completed() {
        // A second click after the first finished: where the first went.
        return Ok(redirect(id, Page::Complete));
    }
    let checkout = Page::Step(Step::Checkout);
    let nearest = checkout.nearest(&lpa);
    if nearest != checkout {
        return Ok(redirect(id, nearest));
    }
    if !may_check_out(&lpa) {
        return Ok(redirect(id, Page::MoreInfoRequired));
    }
    if lpa.revision != revision {
        return Err(FormFailure::field(field::REVISION, STALE));
    }
    let repeat = lpa.repeat_case_number.is_some();
    let Some(payment) = lpa.payment.as_mut() else {
        return Ok(redirect(id, Page::Step(Step::FeeReduction)));
    };
    payment.recompute(repeat);
    let nothing_to_pay = payment.fee().nothing_to_pay_now();
    match choice {
        _ if nothing_to_pay => {}
        Choice::NothingToPay => {
            return Err(FormFailure::field(
                CHOICE_FIELD,
                "There is a fee to pay: choose how to pay it",
            ))
        }
        Choice::Cheque => {
            payment.method = Some(PaymentMethod::Cheque);
            payment.date = Some(backends.clock.now());
        }
        Choice::Card => return pay_by_card(backends, public_url, user, lpa).await,
    }
    finish(backends, public_url, user, lpa).await
}

/// Starts (or resumes, or records) the card payment of `lpa`, whose fee is more than nothing.
async fn pay_by_card(
    backends: &Backends,
    public_url: &str,
    user: &User,
    mut lpa: Lpa,
) -> Result<Submitted, FormFailure> {
    let id = lpa.id;
    let provider = backends.payments.as_ref();
    let unavailable = |error: PaymentError| {
        tracing::warn!(%error, lpa = %id, "GOV.UK Pay could not be used");
        FormFailure::field(CHOICE_FIELD, PAY_UNAVAILABLE)
    };
    let Some(payment) = lpa.payment.as_mut() else {
        return Ok(redirect(id, Page::Step(Step::FeeReduction)));
    };
    let previous = payment.gateway_reference.clone();
    if let Some(started) = &previous {
        match provider.get(started).await {
            Ok(found) if found.state.is_success() => {
                record_card_payment(&mut lpa, &found, backends.clock.now());
                return finish(backends, public_url, user, lpa).await;
            }
            Ok(found) if !found.state.is_finished() => {
                if let Some(next) = found.next_url {
                    return Ok(Submitted::reload(next));
                }
            }
            // Finished without paying, or unknown to GOV.UK Pay: a new payment.
            Ok(_) | Err(PaymentError::NotFound) => {}
            Err(error) => return Err(unavailable(error)),
        }
    }
    let amount = payment.amount.unwrap_or_default();
    let request = CreatePayment {
        amount_pence: u64::from(amount) * 100,
        reference: payment_reference(id),
        description: description(&lpa),
        return_url: paths::CHECKOUT_PAY_RESPONSE
            .to(id)
            .absolute(public_url)
            .to_string(),
        email: Some(user.email.to_string()),
    };
    let idempotency_key = match &previous {
        Some(replaced) => format!("lpa-{}-{}-after-{replaced}", id.get(), lpa.revision.0),
        None => format!("lpa-{}-{}", id.get(), lpa.revision.0),
    };
    let created = provider
        .create(request, &idempotency_key)
        .await
        .map_err(unavailable)?;
    let Some(next) = created.next_url.clone() else {
        return Err(unavailable(PaymentError::BadResponse(
            "a new payment without a next_url".into(),
        )));
    };
    if let Some(payment) = lpa.payment.as_mut() {
        payment.gateway_reference = Some(created.payment_id.clone());
    }
    match Lpas::of(backends)
        .record_payment_started(&user.id, &lpa)
        .await
    {
        // Another request changed the LPA meanwhile: this payment (for the page's answers) is
        // still the one to pay, and checkout looks at it again afterwards.
        Ok(()) | Err(LpaError::Stale) => Ok(Submitted::reload(next)),
        Err(error) => Err(error.into()),
    }
}

/// Records a card payment GOV.UK Pay says succeeded.
fn record_card_payment(
    lpa: &mut Lpa,
    found: &backends::payments::Payment,
    now: chrono::DateTime<chrono::Utc>,
) {
    if let Some(payment) = lpa.payment.as_mut() {
        payment.method = Some(PaymentMethod::Card);
        payment.reference = Some(found.reference.clone());
        payment.gateway_reference = Some(found.payment_id.clone());
        payment.email = found.email.as_ref().map(|email| email.to_lowercase());
        payment.date = Some(now);
    }
}

/// What finishing did.
enum Finished {
    /// This request locked it.
    Locked,
    /// Another request had already: nothing was done twice.
    AlreadyCompleted,
}

/// Locks `lpa` (its payment resolved) and queues the "ready to register" email to `to`, in one
/// transaction, if the row still has the revision `lpa` was read at.
async fn lock_and_tell(
    backends: &Backends,
    public_url: &str,
    owner: &UserId,
    to: &str,
    mut lpa: Lpa,
) -> Result<Finished, LpaError> {
    let lpas = Lpas::of(backends);
    lpa.lock(backends.clock.now());
    let mut tx = lpas.begin().await?;
    let saved = match lpas.save_in(&mut tx, owner, &lpa).await {
        Ok(saved) => saved,
        Err(LpaError::NotFound) => {
            tx.rollback().await?;
            return match lpas.get(owner, lpa.id).await? {
                Some(current) if current.is_completed() => Ok(Finished::AlreadyCompleted),
                Some(_) => Err(LpaError::Stale),
                None => Err(LpaError::NotFound),
            };
        }
        Err(error) => {
            tx.rollback().await?;
            return Err(error);
        }
    };
    let documents = paths::VIEW_DOCS
        .to(saved.id)
        .absolute(public_url)
        .to_string();
    let mail = emails::ready_to_register(to, &saved, &documents)
        .map_err(|error| LpaError::Mail(error.to_string()))?;
    backends::mail::enqueue_in(&backends.jobs, &mut tx, mail)
        .await
        .map_err(|error| LpaError::Mail(error.to_string()))?;
    tx.commit().await?;
    Ok(Finished::Locked)
}

/// Finishes checkout for the person signed in: locked, mailed, and on to "Last steps".
async fn finish(
    backends: &Backends,
    public_url: &str,
    user: &User,
    lpa: Lpa,
) -> Result<Submitted, FormFailure> {
    let id = lpa.id;
    match lock_and_tell(backends, public_url, &user.id, user.email.as_str(), lpa).await {
        Ok(Finished::Locked | Finished::AlreadyCompleted) => Ok(redirect(id, Page::Complete)),
        Err(LpaError::Stale) => Err(FormFailure::field(field::REVISION, STALE)),
        Err(error) => Err(error.into()),
    }
}

/// Where GOV.UK Pay's return (`checkout/pay/response`) sends the person: the payment is looked up
/// and, if paid, recorded (locking the LPA); cancelled and failed payments have their own pages.
/// Seeing the return twice records nothing twice.
pub async fn payment_returned(
    backends: &Backends,
    public_url: &str,
    user: &User,
    id: LpaId,
) -> Result<Href, AppError> {
    let lpa = Lpas::of(backends)
        .get(&user.id, id)
        .await?
        .ok_or(AppError::NotFound)?;
    if lpa.is_completed() {
        return Ok(paths::href(id, Page::Complete));
    }
    let Some(started) = lpa
        .payment
        .as_ref()
        .and_then(|payment| payment.gateway_reference.clone())
    else {
        return Ok(paths::href(id, Page::Step(Step::Checkout)));
    };
    let found = backends
        .payments
        .get(&started)
        .await
        .map_err(AppError::internal)?;
    if found.state.is_success() {
        let mut lpa = lpa;
        record_card_payment(&mut lpa, &found, backends.clock.now());
        return match lock_and_tell(backends, public_url, &user.id, user.email.as_str(), lpa).await {
            Ok(_) => Ok(paths::href(id, Page::Complete)),
            // Changed in another tab meanwhile: checkout finds the payment again.
            Err(LpaError::Stale) => Ok(paths::href(id, Page::Step(Step::Checkout))),
            Err(error) => Err(error.into()),
        };
    }
    Ok(if !found.state.is_finished() {
        paths::href(id, Page::Step(Step::Checkout))
    } else if found.state.cancelled_by_user() {
        paths::CHECKOUT_PAY_CANCELLED.to(id)
    } else {
        paths::CHECKOUT_PAY_FAILED.to(id)
    })
}

/// Finds card payments that succeeded but were never recorded (their return was never seen) and
/// records them, locking their LPAs and telling their owners. Returns how many it recorded.
pub async fn recover_unseen_payments(
    backends: &Backends,
    public_url: &str,
) -> Result<usize, AppError> {
    let waiting = Lpas::of(backends).awaiting_card_outcome().await?;
    let accounts = Accounts::of(backends);
    let mut recorded = 0;
    for (owner, mut lpa) in waiting {
        let Some(started) = lpa
            .payment
            .as_ref()
            .and_then(|payment| payment.gateway_reference.clone())
        else {
            continue;
        };
        let found = match backends.payments.get(&started).await {
            Ok(found) => found,
            Err(PaymentError::NotFound) => continue,
            Err(error) => return Err(AppError::internal(error)),
        };
        if !found.state.is_success() {
            continue;
        }
        let Some(account) = accounts.get(&owner).await.map_err(AppError::internal)? else {
            continue;
        };
        record_card_payment(&mut lpa, &found, backends.clock.now());
        match lock_and_tell(backends, public_url, &owner, account.email.as_str(), lpa).await {
            Ok(Finished::Locked) => recorded += 1,
            // Recorded by its return meanwhile, or changed since: the next run looks again.
            Ok(Finished::AlreadyCompleted) | Err(LpaError::Stale) => {}
            Err(error) => return Err(error.into()),
        }
    }
    Ok(recorded)
}
