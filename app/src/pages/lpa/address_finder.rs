//! The address finder above every address of an LPA's person forms (reference §11;
//! `lpa::addresses`): a postcode, "Find UK address", the addresses found in a list with "Use
//! this address", and "Enter the address manually" always there. Its buttons post the whole form
//! without JavaScript (the server shows it again, nothing saved); with JavaScript the form pattern
//! does the same in place, and the list is asked for through [`find_addresses`].
use leptos::prelude::*;

use super::frame::value_of;
use crate::error::AppError;
use crate::form::{FormInput, FormState};
use crate::govuk::{Button, Input, LabelOptions, Select, SelectItem};
use crate::lpa::addresses::{field, AddressSearch, FoundAddress};
use crate::lpa::rules::field as person_field;

/// The addresses at `postcode`, for someone signed in (the lookup costs the service).
#[server(prefix = "/_fn", endpoint = "find-addresses", input = server_fn::codec::GetUrl)]
pub async fn find_addresses(postcode: String) -> Result<AddressSearch, AppError> {
    let user = crate::auth::ssr::require(crate::auth::Audience::SignedIn)?;
    let backends = use_context::<backends::Backends>()
        .ok_or_else(|| AppError::internal("no backends in context"))?;
    let postcode = postcode.trim();
    if postcode.is_empty() {
        return Ok(AddressSearch::NoPostcode);
    }
    if !crate::lpa::addresses::looks_like_postcode(postcode) {
        return Ok(AddressSearch::NotAPostcode);
    }
    let services = crate::services::current()?;
    if !services.allowances.take(Costly::AddressLookup, &user.id) {
        return Ok(AddressSearch::TooMany);
    }
    use crate::allowance::Costly;
    use backends::addresses::AddressLookupError;
    Ok(match backends.addresses.by_postcode(postcode).await {
        Ok(places) if places.is_empty() => AddressSearch::NoneFound,
        Ok(places) => AddressSearch::Found(
            places
                .iter()
                .map(|place| FoundAddress::from_os(&place.address, &place.postcode))
                .collect(),
        ),
        Err(AddressLookupError::InvalidPostcode) => AddressSearch::NotAPostcode,
        Err(error) => {
            tracing::warn!(%error, "the address lookup failed");
            AddressSearch::Unavailable
        }
    })
}

/// What the finder's list shows: nothing until "Find UK address" is pressed, then the addresses
/// found at the postcode (or why there are none).
pub type Search = Resource<Option<Result<AddressSearch, AppError>>>;

/// Looks up the postcode of `form`'s finder whenever "Find UK address" asks for it.
pub fn use_address_search<F: FormInput>(form: FormState<F>) -> Search {
    // The postcode whose list is asked for: set by "Find UK address" (and kept while the list
    // is shown), in the input the page was drawn or redrawn with.
    let asked = Memo::new(move |_| {
        (!value_of(form, field::FIND).is_empty()).then(|| value_of(form, field::LOOKUP))
    });
    Resource::new(
        move || asked.get(),
        |asked| async move {
            match asked {
                Some(postcode) => Some(find_addresses(postcode).await),
                None => None,
            }
        },
    )
}

#[component]
pub fn AddressFinder<F: FormInput>(form: FormState<F>) -> impl IntoView {
    let search = use_address_search(form);
    let results = move || Suspend::new(async move { found(search.await) });
    view! { <FinderParts form=form results=view! { <Suspense>{results}</Suspense> }/> }
}

/// The finder as markup, for a conditional reveal (which takes markup) under a radio: the same
/// parts as [`AddressFinder`], with the search already done.
pub fn address_finder_markup<F: FormInput>(
    form: FormState<F>,
    search: Option<Result<AddressSearch, AppError>>,
) -> crate::govuk::TrustedHtml {
    use leptos::tachys::view::RenderHtml;
    let results = found(search);
    crate::govuk::TrustedHtml::from_trusted(
        view! { <FinderParts form=form results=results/> }.to_html(),
    )
}

/// The finder around `results`: the postcode, "Find UK address", the list (`results`) and the
/// way to the lines.
#[component]
fn FinderParts<F: FormInput, R: IntoView + 'static>(
    form: FormState<F>,
    results: R,
) -> impl IntoView {
    view! {
        <div class="app-address-finder">
            // The form's first submit button, so pressing Enter in any field saves it (as the
            // visible "Save and continue" does) rather than looking an address up.
            <button type="submit" class="govuk-visually-hidden" tabindex="-1" aria-hidden="true">
                "Save and continue"
            </button>
            {move || view! {
                <Input
                    name=field::LOOKUP
                    id=Some(field::LOOKUP.to_owned())
                    label="Postcode lookup"
                    hint=Some("Enter the postcode to find the address".into())
                    value=Some(value_of(form, field::LOOKUP))
                    autocomplete=Some("postal-code".to_owned())
                    classes="govuk-input--width-10"
                />
            }}
            <Button
                content="Find UK address"
                name=Some(field::FIND.to_owned())
                value=Some("find".to_owned())
                classes="govuk-button--secondary"
            />
            {results}
            <p class="govuk-body">
                <a class="govuk-link" href=format!("#{}", person_field::ADDRESS1)>"Enter the address manually"</a>
            </p>
        </div>
    }
}

/// What a search came to: the list to choose from, a message, or nothing before one is asked.
fn found(search: Option<Result<AddressSearch, AppError>>) -> AnyView {
    match search {
        None => ().into_any(),
        Some(Ok(AddressSearch::Found(addresses))) => found_list(addresses).into_any(),
        Some(Ok(other)) => {
            let message = other.message().unwrap_or_default();
            view! { <p class="govuk-body" role="status">{message}</p> }.into_any()
        }
        Some(Err(_)) => view! {
            <p class="govuk-body" role="status">{AddressSearch::Unavailable.message()}</p>
        }
        .into_any(),
    }
}

/// The addresses found, to choose one.
fn found_list(addresses: Vec<FoundAddress>) -> impl IntoView {
    let count = addresses.len();
    let mut items = vec![SelectItem::new(
        "",
        if count == 1 {
            "1 address found".to_owned()
        } else {
            format!("{count} addresses found")
        },
    )];
    items.extend(
        addresses
            .iter()
            .map(|address| SelectItem::new(address.choice(), address.description())),
    );
    view! {
        <Select
            name=field::CHOICE
            id=Some(field::CHOICE.to_owned())
            label=LabelOptions::from("Select an address")
            items=items
            classes="govuk-!-width-full"
        />
        <Button
            content="Use this address"
            name=Some(field::USE.to_owned())
            value=Some("use".to_owned())
            classes="govuk-button--secondary"
        />
    }
}
