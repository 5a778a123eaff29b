use leptos::prelude::*;

use super::content::{classes as join_classes, Attributes, Content};

/// A hint as the composite components take it (`hint` option of `govukInput`, `govukRadios`, ...).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct HintOptions {
    pub content: Content,
    pub classes: String,
    pub attributes: Attributes,
}

impl<T: Into<Content>> From<T> for HintOptions {
    fn from(content: T) -> Self {
        HintOptions {
            content: content.into(),
            ..Default::default()
        }
    }
}

/// `govukHint`: the hint text below a label or legend.
///
/// ```ignore
/// view! { <Hint hint="For example, QQ 12 34 56 C".into() id="ni-hint"/> }
/// ```
#[component]
pub fn Hint(
    hint: HintOptions,
    /// Referenced by the field's `aria-describedby`.
    #[prop(optional_no_strip)]
    id: Option<String>,
) -> impl IntoView {
    let HintOptions {
        content,
        classes,
        attributes,
    } = hint;
    view! {
        <div
            id=id
            class=join_classes("govuk-hint", &classes)
            {..attributes.spread()}
            inner_html=content.to_markup()
        ></div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::govuk::conformance::render_to_string;

    #[test]
    fn text_is_escaped() {
        let html = render_to_string(|| view! { <Hint hint="a < b".into()/> });
        assert!(html.contains("a &lt; b"), "{html}");
    }
}
