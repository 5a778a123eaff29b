use leptos::prelude::*;

use super::content::{classes as join_classes, Attributes, Content};

/// One entry of the error summary's list: a link to the field that failed validation, or plain
/// text when there is no field to link to.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ErrorSummaryItem {
    /// Usually `#<field id>`; without it the message is shown as text, not a link.
    pub href: Option<String>,
    pub content: Content,
    /// Extra attributes on the link.
    pub attributes: Attributes,
}

impl ErrorSummaryItem {
    /// A message linking to `href` (`#<field id>`), as a validated form lists its field errors.
    pub fn new(href: impl Into<String>, message: impl Into<Content>) -> Self {
        ErrorSummaryItem {
            href: Some(href.into()),
            content: message.into(),
            ..Default::default()
        }
    }

    /// A message about the field with id `field_id`, linking to it.
    pub fn for_field(field_id: &str, message: impl Into<Content>) -> Self {
        Self::new(format!("#{field_id}"), message)
    }

    /// A message with no field to link to (such as "Invalid username or password").
    pub fn text(message: impl Into<Content>) -> Self {
        ErrorSummaryItem {
            content: message.into(),
            ..Default::default()
        }
    }
}

impl<H: Into<String>, M: Into<Content>> From<(H, M)> for ErrorSummaryItem {
    fn from((href, message): (H, M)) -> Self {
        Self::new(href, message)
    }
}

/// `govukErrorSummary`: the box at the top of a page listing what went wrong, each entry linking
/// to its field. The description is `description` or the children (the macro's caller body).
///
/// ```ignore
/// let errors = vec![ErrorSummaryItem::for_field("full-name", "Enter your full name")];
/// view! { <ErrorSummary title="There is a problem" error_list=errors/> }
/// ```
#[component]
pub fn ErrorSummary(
    #[prop(into)] title: Content,
    #[prop(optional_no_strip)] description: Option<Content>,
    #[prop(optional, into)] error_list: Vec<ErrorSummaryItem>,
    /// `Some(true)` stops the component's JavaScript moving focus to the summary on page load.
    #[prop(optional_no_strip)]
    disable_auto_focus: Option<bool>,
    #[prop(optional, into)] classes: String,
    #[prop(optional)] attributes: Attributes,
    #[prop(optional)] children: Option<Children>,
) -> impl IntoView {
    let description = match (children, description.filter(|d| !d.is_empty())) {
        (Some(children), _) => Some(view! { <p>{children()}</p> }.into_any()),
        (None, Some(description)) => {
            Some(view! { <p inner_html=description.to_markup()></p> }.into_any())
        }
        (None, None) => None,
    };
    let list = (!error_list.is_empty()).then(|| {
        let items = error_list
            .into_iter()
            .map(|item| {
                let markup = item.content.to_markup();
                match item.href {
                    Some(href) => view! {
                        <li>
                            <a href={href} {..item.attributes.spread()} inner_html=markup></a>
                        </li>
                    }
                    .into_any(),
                    None => view! { <li inner_html=markup></li> }.into_any(),
                }
            })
            .collect_view();
        view! { <ul class="govuk-list govuk-error-summary__list">{items}</ul> }
    });
    view! {
        <div
            class=join_classes("govuk-error-summary", &classes)
            data-disable-auto-focus=disable_auto_focus.map(|d| d.to_string())
            {..attributes.spread()}
            data-module="govuk-error-summary"
        >
            // The alert role is on a child so the focus moved by the JavaScript does not race the
            // screen reader's announcement.
            <div role="alert">
                <h2 class="govuk-error-summary__title" inner_html=title.to_markup()></h2>
                <div class="govuk-error-summary__body">{description} {list}</div>
            </div>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::govuk::conformance::render_to_string;

    #[test]
    fn messages_are_escaped_and_field_errors_link_to_their_field() {
        let errors = vec![
            ErrorSummaryItem::for_field("full-name", "Enter <your> name"),
            ErrorSummaryItem::text("Try & again"),
        ];
        let html = render_to_string(move || {
            view! { <ErrorSummary title="<b>Problem</b>" error_list=errors/> }
        });
        assert!(html.contains("&lt;b&gt;Problem&lt;/b&gt;"), "{html}");
        assert!(
            html.contains(r##"<a href="#full-name">Enter &lt;your&gt; name</a>"##),
            "{html}"
        );
        assert!(html.contains("<li>Try &amp; again</li>"), "{html}");
    }

    #[test]
    fn children_are_the_description() {
        let html = render_to_string(|| {
            view! {
                <ErrorSummary title="There is a problem">
                    <strong>"Check"</strong>
                </ErrorSummary>
            }
        });
        assert!(html.contains("<p><strong>Check</strong></p>"), "{html}");
    }
}
