use leptos::prelude::*;

use super::options::Options;
use super::render_to_string;
use crate::govuk::{Fieldset, FieldsetOptions, LegendOptions, TrustedHtml};

/// A `fieldset` option (without its content) as our `FieldsetOptions`.
pub fn fieldset_options(o: Options<'_>) -> FieldsetOptions {
    FieldsetOptions {
        legend: o.get("legend").map(|l| LegendOptions {
            content: l.content(),
            classes: l.classes(),
            is_page_heading: l.bool("isPageHeading"),
        }),
        classes: o.classes(),
        role: o.str("role"),
        attributes: o.attributes(),
    }
}

pub fn render(o: Options<'_>) -> Option<String> {
    let fieldset = fieldset_options(o);
    let described_by = o.str("describedBy");
    let html = o.str("html").map(TrustedHtml::from_trusted);
    Some(render_to_string(move || {
        view! { <Fieldset fieldset=fieldset described_by=described_by html=html/> }
    }))
}
