//! `govukInput`: a single-line text field with its label, hint, error message and optional
//! prefix/suffix, inside a `govuk-form-group`.
//!
//! ```ignore
//! view! {
//!     <Input
//!         name="postcode"
//!         label="Postcode"
//!         value=Some(form.postcode.clone())
//!         error_message=Some("Enter a real postcode".into())
//!         autocomplete=Some("postal-code".into())
//!         classes="govuk-input--width-10"
//!     />
//! }
//! ```
use std::fmt;
use std::str::FromStr;

use leptos::prelude::*;

use super::content::{classes as join_classes, Attributes, Content};
use super::form_group::SingleField;
use super::{ErrorMessageOptions, FormGroupOptions, HintOptions, LabelOptions};

/// Enums whose variants are the keywords of one HTML attribute: the keyword as `as_str`, and
/// `FromStr` back from it.
macro_rules! keyword_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = $keyword:literal,)+ }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum $name {
            $($(#[$vmeta])* $variant,)+
        }

        impl $name {
            /// The attribute value.
            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $keyword,)+
                }
            }
        }

        impl FromStr for $name {
            type Err = String;

            fn from_str(keyword: &str) -> Result<Self, String> {
                match keyword {
                    $($keyword => Ok($name::$variant),)+
                    other => Err(format!("not a {} keyword: {other:?}", stringify!($name))),
                }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

keyword_enum! {
    /// The `type` of a text-like `<input>`. The macro passes any string through, but only these
    /// types make sense for a text field drawn as `govuk-input` (checkboxes, radios, files and
    /// buttons have components of their own), so the set is closed: a typo is a compile error.
    #[derive(Default)]
    InputType {
        #[default]
        Text = "text",
        Email = "email",
        Number = "number",
        Password = "password",
        Search = "search",
        Tel = "tel",
        Url = "url",
        Date = "date",
        DatetimeLocal = "datetime-local",
        Month = "month",
        Week = "week",
        Time = "time",
    }
}

keyword_enum! {
    /// The `inputmode` attribute: which virtual keyboard to show.
    InputMode {
        None = "none",
        Text = "text",
        Decimal = "decimal",
        Numeric = "numeric",
        Tel = "tel",
        Search = "search",
        Email = "email",
        Url = "url",
    }
}

keyword_enum! {
    /// The `autocapitalize` attribute: how a virtual keyboard capitalises what is typed.
    InputAutocapitalize {
        None = "none",
        Off = "off",
        On = "on",
        Sentences = "sentences",
        Words = "words",
        Characters = "characters",
    }
}

/// A prefix or suffix drawn beside the field, such as `£` or `per item` (`prefix` / `suffix`
/// options). Hidden from screen readers: say the unit in the label too.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct InputAffix {
    pub content: Content,
    pub classes: String,
    pub attributes: Attributes,
}

impl<T: Into<Content>> From<T> for InputAffix {
    fn from(content: T) -> Self {
        InputAffix {
            content: content.into(),
            ..Default::default()
        }
    }
}

/// The `govuk-input__wrapper` drawn around the field when it has a prefix, suffix or extra content
/// before or after it (`inputWrapper` option).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct InputWrapperOptions {
    pub classes: String,
    pub attributes: Attributes,
}

/// `govukInput`, see the module documentation.
#[component]
pub fn Input(
    /// The field's name, and its id unless `id` is given.
    #[prop(into)]
    name: String,
    #[prop(into)] label: LabelOptions,
    #[prop(optional_no_strip)] id: Option<String>,
    #[prop(optional)] input_type: InputType,
    /// What the field shows: the submitted value when a page is shown again with errors.
    #[prop(optional_no_strip)]
    value: Option<String>,
    #[prop(optional_no_strip)] hint: Option<HintOptions>,
    /// Puts the field in its error state (red border, message above the field).
    #[prop(optional_no_strip)]
    error_message: Option<ErrorMessageOptions>,
    /// Ids of other elements describing the field, before the hint's and error message's.
    #[prop(optional_no_strip)]
    described_by: Option<String>,
    /// Extra classes on the `<input>`, such as `govuk-input--width-10`.
    #[prop(optional, into)]
    classes: String,
    #[prop(optional_no_strip)] prefix: Option<InputAffix>,
    #[prop(optional_no_strip)] suffix: Option<InputAffix>,
    #[prop(optional)] form_group: FormGroupOptions,
    /// Content inside the wrapper before the field (the macro's `formGroup.beforeInput`).
    #[prop(optional_no_strip)]
    before_input: Option<Content>,
    /// Content inside the wrapper after the field (the macro's `formGroup.afterInput`).
    #[prop(optional_no_strip)]
    after_input: Option<Content>,
    /// Our own components' additions inside the wrapper, after the field and any suffix, before `after_input` (the password
    /// input's toggle button, the character count's message).
    #[prop(optional, into)]
    after_control: Option<ViewFnOnce>,
    #[prop(optional)] input_wrapper: InputWrapperOptions,
    #[prop(optional_no_strip)] inputmode: Option<InputMode>,
    /// `Some(true)` / `Some(false)` turn the browser's spellchecker on or off; `None` leaves the
    /// browser's default.
    #[prop(optional_no_strip)]
    spellcheck: Option<bool>,
    /// An autofill token list, such as `email` or `shipping postal-code`.
    #[prop(optional_no_strip)]
    autocomplete: Option<String>,
    #[prop(optional_no_strip)] autocapitalize: Option<InputAutocapitalize>,
    #[prop(optional_no_strip)] pattern: Option<String>,
    #[prop(optional)] disabled: bool,
    /// Not a macro option (the macro needs `attributes` for it); shown but not editable.
    #[prop(optional)]
    readonly: bool,
    /// Extra attributes on the `<input>`.
    #[prop(optional)]
    attributes: Attributes,
) -> impl IntoView {
    let id = id
        .filter(|id| !id.is_empty())
        .unwrap_or_else(|| name.clone());
    let field = SingleField {
        id: id.clone(),
        label,
        described_by,
        hint,
        error_message,
        form_group,
        before_input: None,
        after_input: None,
    };
    let described_by = field.described_by();

    let mut class = join_classes("govuk-input", &classes);
    if field.error_message.is_some() {
        class.push_str(" govuk-input--error");
    }
    let input = view! {
        <input
            class=class
            id=id
            name=name
            type=input_type.as_str()
            spellcheck=spellcheck.map(|on| on.to_string())
            value=value
            disabled=disabled
            readonly=readonly
            aria-describedby=described_by
            autocomplete=autocomplete
            autocapitalize=autocapitalize.map(InputAutocapitalize::as_str)
            pattern=pattern
            inputmode={inputmode.map(InputMode::as_str)}
            {..attributes.spread()}
        />
    };

    let prefix = prefix.filter(|a| !a.content.is_empty());
    let suffix = suffix.filter(|a| !a.content.is_empty());
    let before_input = before_input.filter(|c| !c.is_empty());
    let after_input = after_input.filter(|c| !c.is_empty());
    let control = if prefix.is_none()
        && suffix.is_none()
        && before_input.is_none()
        && after_input.is_none()
        && after_control.is_none()
    {
        input.into_any()
    } else {
        view! {
            <div
                class=join_classes("govuk-input__wrapper", &input_wrapper.classes)
                {..input_wrapper.attributes.spread()}
            >
                {before_input.map(Content::into_view)}
                {prefix.map(|a| affix(a, "prefix"))}
                {input}
                {suffix.map(|a| affix(a, "suffix"))}
                {after_control.map(ViewFnOnce::run)}
                {after_input.map(Content::into_view)}
            </div>
        }
        .into_any()
    };
    field.render(control)
}

fn affix(affix: InputAffix, kind: &str) -> impl IntoView {
    let InputAffix {
        content,
        classes,
        attributes,
    } = affix;
    view! {
        <div
            class=join_classes(&format!("govuk-input__{kind}"), &classes)
            aria-hidden="true"
            {..attributes.spread()}
            inner_html=content.to_markup()
        ></div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::govuk::conformance::{normalise, render_to_string};
    use crate::govuk::TrustedHtml;

    #[test]
    fn value_label_and_affixes_are_escaped() {
        let html = render_to_string(|| {
            view! {
                <Input
                    name="n"
                    label="<b>Label</b>"
                    value=Some("\"><script>".to_owned())
                    prefix=Some("<i>£</i>".into())
                />
            }
        });
        assert!(html.contains("&lt;b&gt;Label&lt;/b&gt;"), "{html}");
        assert!(
            html.contains(r#"value="&quot;&gt;&lt;script&gt;""#),
            "{html}"
        );
        assert!(html.contains("&lt;i&gt;£&lt;/i&gt;"), "{html}");
        assert!(!html.contains("<script>"), "{html}");
    }

    #[test]
    fn readonly_and_trusted_content_after_the_field() {
        let html = render_to_string(|| {
            view! {
                <Input
                    name="n"
                    label="Label"
                    readonly=true
                    input_type=InputType::Email
                    after_input=Some(TrustedHtml::from_trusted("<a href=\"#\">Help</a>").into())
                />
            }
        });
        assert!(html.contains(" readonly"), "{html}");
        assert!(html.contains(r#"type="email""#), "{html}");
        let html = normalise(&html);
        assert!(
            html.contains(r#"<div class="govuk-input__wrapper">"#)
                && html.contains(r##"<a href="#">Help</a></div>"##),
            "{html}"
        );
    }

    #[test]
    fn keywords_round_trip() {
        for keyword in ["datetime-local", "text", "url"] {
            assert_eq!(keyword.parse::<InputType>().unwrap().as_str(), keyword);
        }
        assert!("checkbox".parse::<InputType>().is_err());
        assert_eq!("numeric".parse::<InputMode>(), Ok(InputMode::Numeric));
    }
}
