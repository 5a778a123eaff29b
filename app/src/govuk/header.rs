use leptos::prelude::*;

use super::content::Attributes;
use super::crown::Logo;
use super::generic_header::header_bar;

/// `govukHeader`: the GOV.UK logo bar at the top of every page. The service's name and navigation
/// go in [`super::ServiceNavigation`] below it.
///
/// ```ignore
/// view! { <Header homepage_url="https://www.gov.uk/"/> }
/// ```
#[component]
pub fn Header(
    /// Where the GOV.UK logo links to.
    #[prop(default = "//gov.uk".to_owned(), into)]
    homepage_url: String,
    /// A product name shown after the logo, for products that are not services.
    #[prop(optional_no_strip)]
    product_name: Option<String>,
    /// Classes of the inner container (`govuk-header__container--full-width` for full width);
    /// `govuk-width-container` when empty.
    #[prop(optional, into)]
    container_classes: String,
    #[prop(optional, into)] classes: String,
    #[prop(optional)] attributes: Attributes,
) -> impl IntoView {
    let product_name = product_name
        .filter(|name| !name.is_empty())
        .map(|name| view! { <span class="govuk-header__product-name">{name}</span> });
    let link = view! {
        <a href=homepage_url class="govuk-header__homepage-link">
            <Logo
                classes="govuk-header__logotype"
                aria_label=Some("GOV.UK".to_owned())
                logotype=true
            />
            {product_name}
        </a>
    };
    header_bar("govuk", link, &container_classes, &classes, attributes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::govuk::conformance::render_to_string;

    #[test]
    fn product_name_is_escaped() {
        let html = render_to_string(|| {
            view! { <Header product_name=Some("<i>Pay</i>".to_owned())/> }
        });
        assert!(html.contains("&lt;i&gt;Pay&lt;/i&gt;"), "{html}");
        assert!(html.contains(r#"href="//gov.uk""#), "{html}");
    }
}
