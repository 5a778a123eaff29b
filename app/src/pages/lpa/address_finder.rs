//! The address finder above every address of an LPA's person forms (reference §11;
//! `lpa::addresses`): a postcode, "Find UK address", the addresses found in a list with "Use
//! this address", and "Enter the address manually" always there. Its buttons post the whole form
//! without JavaScript (the server shows it again, nothing saved); with JavaScript the form pattern
//! does the same in place, and the list is asked for through [`find_addresses`].
use leptos::prelude::*;

use super::frame::value_of;
use crate::error::AppError;
use crate::form::{FormInput, FormState};
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
    let finder = move || {
        Suspend::new(async move {
            let found = search.await;
            let markup = finder_markup(&value_of(form, field::LOOKUP), found.as_ref());
            view! { <div inner_html=markup></div> }
        })
    };
    view! { <Suspense>{finder}</Suspense> }
}

/// The finder as markup, for a conditional reveal (which takes markup) under a radio, with the
/// search already done: the same as [`AddressFinder`] draws.
pub fn address_finder_markup<F: FormInput>(
    form: FormState<F>,
    search: Option<Result<AddressSearch, AppError>>,
) -> crate::govuk::TrustedHtml {
    crate::govuk::TrustedHtml::from_trusted(finder_markup(
        &value_of(form, field::LOOKUP),
        search.as_ref(),
    ))
}

/// The finder's markup: the postcode, "Find UK address", the addresses found (or why there are
/// none) and the way to the lines. Written as govuk-frontend writes the input, button and select
/// (a test holds it to what our components draw), because it also goes where only markup can
/// (a conditional reveal), and drawing components to a string works only on the server.
fn finder_markup(postcode: &str, search: Option<&Result<AddressSearch, AppError>>) -> String {
    use crate::govuk::content::escape_html;

    let lookup = field::LOOKUP;
    let results = match search {
        None => String::new(),
        Some(Ok(AddressSearch::Found(addresses))) => found_markup(addresses),
        Some(Ok(other)) => status_markup(other.message().unwrap_or_default()),
        Some(Err(_)) => status_markup(AddressSearch::Unavailable.message().unwrap_or_default()),
    };
    // The form's first submit button, so pressing Enter in any field saves it (as the visible
    // "Save and continue" does) rather than looking an address up.
    let enter_saves = r#"<button type="submit" class="govuk-visually-hidden" tabindex="-1" aria-hidden="true">Save and continue</button>"#;
    format!(
        r##"<div class="app-address-finder">{enter_saves}<div class="govuk-form-group"><label class="govuk-label" for="{lookup}">Postcode lookup</label><div id="{lookup}-hint" class="govuk-hint">Enter the postcode to find the address</div><input class="govuk-input govuk-input--width-10" id="{lookup}" name="{lookup}" type="text" value="{value}" aria-describedby="{lookup}-hint" autocomplete="postal-code"></div>{find}{results}<p class="govuk-body"><a class="govuk-link" href="#{address1}">Enter the address manually</a></p></div>"##,
        value = escape_html(postcode),
        find = button_markup("Find UK address", field::FIND, "find"),
        address1 = person_field::ADDRESS1,
    )
}

fn button_markup(text: &str, name: &str, value: &str) -> String {
    format!(
        r#"<button type="submit" name="{name}" value="{value}" class="govuk-button govuk-button--secondary" data-module="govuk-button">{text}</button>"#
    )
}

fn status_markup(message: &str) -> String {
    format!(
        r#"<p class="govuk-body" role="status">{}</p>"#,
        crate::govuk::content::escape_html(message)
    )
}

/// The addresses found, to choose one.
fn found_markup(addresses: &[FoundAddress]) -> String {
    use crate::govuk::content::escape_html;

    let choice = field::CHOICE;
    let count = match addresses.len() {
        1 => "1 address found".to_owned(),
        n => format!("{n} addresses found"),
    };
    let options: String = std::iter::once(format!(r#"<option value="">{count}</option>"#))
        .chain(addresses.iter().map(|address| {
            format!(
                r#"<option value="{}">{}</option>"#,
                escape_html(&address.choice()),
                escape_html(&address.description())
            )
        }))
        .collect();
    format!(
        r#"<div class="govuk-form-group"><label class="govuk-label" for="{choice}">Select an address</label><select class="govuk-select govuk-!-width-full" id="{choice}" name="{choice}">{options}</select></div>{}"#,
        button_markup("Use this address", field::USE, "use")
    )
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;
    use crate::govuk::conformance::{normalise, render_to_string};
    use crate::govuk::{Button, Input, LabelOptions, Select, SelectItem};

    fn address(line1: &str) -> FoundAddress {
        FoundAddress {
            line1: line1.to_owned(),
            line2: String::new(),
            line3: "LEEDS".to_owned(),
            postcode: "LS1 1BA".to_owned(),
        }
    }

    /// What our components draw for the finder with `results` (drawn by them too) in it.
    fn drawn(postcode: &str, results: impl IntoView + 'static) -> String {
        let postcode = postcode.to_owned();
        render_to_string(move || {
            view! {
                <div class="app-address-finder">
                    <button type="submit" class="govuk-visually-hidden" tabindex="-1" aria-hidden="true">
                        "Save and continue"
                    </button>
                    <Input
                        name=field::LOOKUP
                        id=Some(field::LOOKUP.to_owned())
                        label="Postcode lookup"
                        hint=Some("Enter the postcode to find the address".into())
                        value=Some(postcode)
                        autocomplete=Some("postal-code".to_owned())
                        classes="govuk-input--width-10"
                    />
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
        })
    }

    #[test]
    fn the_finders_markup_is_what_our_components_draw() {
        assert_eq!(
            normalise(&finder_markup("b1 <1tf>", None)),
            normalise(&drawn("b1 <1tf>", ()))
        );
        let message = AddressSearch::NoneFound.message().unwrap();
        assert_eq!(
            normalise(&finder_markup(
                "ZZ9 9ZZ",
                Some(&Ok(AddressSearch::NoneFound))
            )),
            normalise(&drawn(
                "ZZ9 9ZZ",
                view! { <p class="govuk-body" role="status">{message}</p> }
            ))
        );
        let found = vec![address("1 PARK ROW"), address("2 \"PARK\" & ROW")];
        let mut items = vec![SelectItem::new("", "2 addresses found")];
        items.extend(
            found
                .iter()
                .map(|address| SelectItem::new(address.choice(), address.description())),
        );
        let list = view! {
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
        };
        assert_eq!(
            normalise(&finder_markup(
                "LS1 1BA",
                Some(&Ok(AddressSearch::Found(found.clone())))
            )),
            normalise(&drawn("LS1 1BA", list))
        );
    }
}
