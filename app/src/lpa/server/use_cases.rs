//! What the LPA pages do, one function each: start an LPA, show a page of one, save a step,
//! delete one. Each takes the account signed in and only ever touches that account's LPAs, and
//! every page and save goes through the flow checker first.
use crate::account::server::User;
use crate::form::{FormFailure, Submitted};
use crate::lpa::flow::Page;
use crate::lpa::model::{Lpa, LpaId, LpaType, Revision};
use crate::lpa::paths;
use crate::lpa::rules::field;
use crate::paths::Href;

use super::{LpaError, Lpas};

/// Shown when a save comes from a page drawn before another tab or window saved this LPA.
pub const STALE: &str = "This LPA was changed in another tab or window after you opened this \
                         page. We have not saved your answers. Check them against the LPA as it is \
                         now, then save again.";

/// Starts a new LPA of `lpa_type` for `user`.
pub async fn start(
    backends: &backends::Backends,
    user: &User,
    lpa_type: LpaType,
) -> Result<Lpa, LpaError> {
    Lpas::of(backends)
        .create(&user.id, Some(lpa_type), None)
        .await
}

/// "Reuse LPA details" (reference §2.1): a new LPA for `user` whose people may be reused from
/// their LPA `seed`, which must be theirs.
pub async fn start_from(
    backends: &backends::Backends,
    user: &User,
    seed: LpaId,
) -> Result<Lpa, LpaError> {
    let lpas = Lpas::of(backends);
    let seed = lpas.get(&user.id, seed).await?.ok_or(LpaError::NotFound)?;
    lpas.create(&user.id, None, Some(seed.id)).await
}

/// What a page of an LPA shows: the LPA, or the page to go to instead.
pub enum Shown {
    Lpa(Box<Lpa>),
    Elsewhere(Href),
}

/// `user`'s LPA `id` for `page`, or where to go if the flow checker says the page may not be
/// seen yet (`/lpa/{id}` itself always goes on to where the LPA was left).
pub async fn show(
    backends: &backends::Backends,
    user: &User,
    id: LpaId,
    page: Page,
) -> Result<Shown, LpaError> {
    let lpa = Lpas::of(backends)
        .get(&user.id, id)
        .await?
        .ok_or(LpaError::NotFound)?;
    let goes_to = match page {
        Page::Resume => crate::lpa::flow::back_to_form(&lpa),
        page => page.nearest(&lpa),
    };
    Ok(if goes_to == page {
        Shown::Lpa(Box::new(lpa))
    } else {
        Shown::Elsewhere(paths::href(id, goes_to))
    })
}

/// Saves a change made on `page` of `user`'s LPA `id`, from the page drawn at `revision`, and
/// says where to go next (`Page::next`). A page the flow checker does not open is not saved:
/// the person is sent to the nearest page that is. `change` may refuse with field errors.
pub async fn save(
    backends: &backends::Backends,
    user: &User,
    id: LpaId,
    page: Page,
    revision: Revision,
    change: impl FnOnce(&mut Lpa) -> Result<(), FormFailure>,
) -> Result<Submitted, FormFailure> {
    let lpas = Lpas::of(backends);
    let mut lpa = lpas.get(&user.id, id).await?.ok_or(LpaError::NotFound)?;
    let nearest = page.nearest(&lpa);
    if nearest != page {
        return Ok(Submitted::redirect(paths::href(id, nearest)));
    }
    if lpa.revision != revision {
        return Err(FormFailure::field(field::REVISION, STALE));
    }
    change(&mut lpa)?;
    let saved = match lpas.save(&user.id, &lpa).await {
        Ok(saved) => saved,
        Err(LpaError::Stale) => return Err(FormFailure::field(field::REVISION, STALE)),
        Err(error) => return Err(error.into()),
    };
    Ok(Submitted::redirect(paths::href(id, page.next(&saved))))
}

/// Deletes `user`'s LPA `id` (any state: reference §6).
pub async fn delete(backends: &backends::Backends, user: &User, id: LpaId) -> Result<(), LpaError> {
    if Lpas::of(backends).delete(&user.id, id).await? {
        Ok(())
    } else {
        Err(LpaError::NotFound)
    }
}

/// Answers "who was using the service" for `user`'s LPA `id` (from its page drawn at
/// `revision`): the answer is kept apart from the LPA, which only remembers it was answered, in
/// one transaction. Answered once: a second answer is not kept.
pub async fn answer_who_are_you(
    backends: &backends::Backends,
    user: &User,
    id: LpaId,
    revision: Revision,
    answer: &crate::lpa::who_are_you::WhoAreYouAnswer,
) -> Result<Submitted, FormFailure> {
    use crate::lpa::flow::Step;

    let lpas = Lpas::of(backends);
    let mut lpa = lpas.get(&user.id, id).await?.ok_or(LpaError::NotFound)?;
    let page = Page::Step(Step::WhoAreYou);
    let nearest = page.nearest(&lpa);
    if nearest != page || lpa.who_are_you_answered {
        let next = if nearest == page {
            page.next(&lpa)
        } else {
            nearest
        };
        return Ok(Submitted::redirect(paths::href(id, next)));
    }
    if lpa.revision != revision {
        return Err(FormFailure::field(field::REVISION, STALE));
    }
    lpa.who_are_you_answered = true;
    let mut tx = lpas.begin().await?;
    let saved = match lpas.save_in(&mut tx, &user.id, &lpa).await {
        Ok(saved) => saved,
        Err(error) => {
            tx.rollback().await.map_err(LpaError::from)?;
            return Err(match error {
                LpaError::NotFound => FormFailure::field(field::REVISION, STALE),
                error => error.into(),
            });
        }
    };
    lpas.record_who_are_you_in(&mut tx, answer).await?;
    tx.commit().await.map_err(LpaError::from)?;
    Ok(Submitted::redirect(paths::href(id, page.next(&saved))))
}
