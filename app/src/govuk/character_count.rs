//! `govukCharacterCount`: a [`Textarea`](super::Textarea) that tells the user how many characters
//! or words they have left. Without JavaScript it shows the limit ("You can enter up to 200
//! characters"); govuk-frontend's script turns that into a live count, in the messages given here
//! (for other languages) through `data-i18n.*` attributes.
//!
//! ```ignore
//! view! {
//!     <CharacterCount
//!         name="job-description"
//!         label="Enter a job description"
//!         maxlength=Some(200)
//!         value=Some(form.job_description.clone())
//!         error_message=Some("Job description must be 200 characters or less".into())
//!     />
//! }
//! ```
use leptos::prelude::*;

use super::content::Translation;
use super::content::{classes as join_classes, i18n_attributes, Attributes, Content};
use super::{ErrorMessageOptions, FormGroupOptions, Hint, HintOptions, LabelOptions, Textarea};

/// What the count counts (`countType` option).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CharacterCountType {
    /// The text's length in UTF-16 code units, as the browser's `maxlength` counts (the script's
    /// default).
    Length,
    /// Characters as the user sees them (grapheme clusters: an emoji counts once).
    Characters,
    Words,
}

impl CharacterCountType {
    /// The `data-count-type` value.
    pub fn as_str(self) -> &'static str {
        match self {
            CharacterCountType::Length => "length",
            CharacterCountType::Characters => "characters",
            CharacterCountType::Words => "words",
        }
    }
}

impl std::str::FromStr for CharacterCountType {
    type Err = String;

    fn from_str(keyword: &str) -> Result<Self, String> {
        match keyword {
            "length" => Ok(CharacterCountType::Length),
            "characters" => Ok(CharacterCountType::Characters),
            "words" => Ok(CharacterCountType::Words),
            other => Err(format!("not a character count type: {other:?}")),
        }
    }
}

/// The count message below the field (`countMessage` option).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CharacterCountMessage {
    pub classes: String,
}

/// `govukCharacterCount`, see the module documentation.
#[component]
pub fn CharacterCount(
    /// The field's name, and its id unless `id` is given.
    #[prop(into)]
    name: String,
    #[prop(into)] label: LabelOptions,
    #[prop(optional_no_strip)] id: Option<String>,
    /// The limit, in characters (or in words with `count_type` `Words`).
    #[prop(optional_no_strip)]
    maxlength: Option<u32>,
    /// The limit in words. Deprecated in govuk-frontend 6.6: use `maxlength` with `count_type`
    /// `Words`.
    #[prop(optional_no_strip)]
    maxwords: Option<u32>,
    /// The percentage of the limit from which the count shows (hidden before).
    #[prop(optional_no_strip)]
    threshold: Option<u32>,
    /// What to count; `None` is words when `maxwords` is set, else the script's default.
    #[prop(optional_no_strip)]
    count_type: Option<CharacterCountType>,
    #[prop(default = 5)] rows: u32,
    #[prop(optional_no_strip)] value: Option<String>,
    #[prop(optional_no_strip)] hint: Option<HintOptions>,
    #[prop(optional_no_strip)] error_message: Option<ErrorMessageOptions>,
    /// Extra classes on the `<textarea>`.
    #[prop(optional, into)]
    classes: String,
    #[prop(optional)] form_group: FormGroupOptions,
    /// Content in the form group before the field (the macro's `formGroup.beforeInput`).
    #[prop(optional_no_strip)]
    before_input: Option<Content>,
    /// Content in the form group after the count message (the macro's `formGroup.afterInput`).
    #[prop(optional_no_strip)]
    after_input: Option<Content>,
    #[prop(optional_no_strip)] spellcheck: Option<bool>,
    #[prop(optional)] count_message: CharacterCountMessage,
    /// The message shown without JavaScript, with `%{count}` for the limit; `You can enter up to
    /// %{count} characters` (or `words`) by default.
    #[prop(optional_no_strip)]
    textarea_description_text: Option<String>,
    #[prop(optional_no_strip)] characters_under_limit_text: Option<Translation>,
    #[prop(optional_no_strip)] characters_at_limit_text: Option<Translation>,
    #[prop(optional_no_strip)] characters_over_limit_text: Option<Translation>,
    #[prop(optional_no_strip)] words_under_limit_text: Option<Translation>,
    #[prop(optional_no_strip)] words_at_limit_text: Option<Translation>,
    #[prop(optional_no_strip)] words_over_limit_text: Option<Translation>,
    /// Extra attributes on the `<textarea>`.
    #[prop(optional)]
    attributes: Attributes,
) -> impl IntoView {
    let id = id
        .filter(|id| !id.is_empty())
        .unwrap_or_else(|| name.clone());
    let count_type = count_type.or(maxwords.map(|_| CharacterCountType::Words));
    let limit = maxwords
        .filter(|&n| n != 0)
        .or(maxlength.filter(|&n| n != 0));
    let textarea_description_text = textarea_description_text.filter(|t| !t.is_empty());

    // Without a limit the script fills in the description once it is configured; the message
    // stays empty until then.
    let description = limit.map(|limit| {
        let text = textarea_description_text.clone().unwrap_or_else(|| {
            let unit = if count_type == Some(CharacterCountType::Words) {
                "words"
            } else {
                "characters"
            };
            format!("You can enter up to %{{count}} {unit}")
        });
        text.replace("%{count}", &limit.to_string())
    });
    let message = HintOptions {
        content: description.unwrap_or_default().into(),
        classes: join_classes("govuk-character-count__message", &count_message.classes),
        ..Default::default()
    };
    let info_id = format!("{id}-info");
    let message = {
        let info_id = info_id.clone();
        move || view! { <Hint hint=message id=Some(info_id)/> }
    };

    let mut group_attributes = Attributes::new().with("data-module", "govuk-character-count");
    for (name, number) in [
        ("data-maxlength", maxlength),
        ("data-maxwords", maxwords),
        ("data-threshold", threshold),
    ] {
        if let Some(number) = number {
            group_attributes = group_attributes.with(name, number.to_string());
        }
    }
    if let Some(count_type) = count_type {
        group_attributes = group_attributes.with("data-count-type", count_type.as_str());
    }
    let textarea_description = textarea_description_text
        .filter(|_| limit.is_none())
        .map(|text| Translation::Plural(vec![("other".to_owned(), text)]));
    let translations = i18n_attributes(&[
        ("textarea-description", &textarea_description),
        ("characters-under-limit", &characters_under_limit_text),
        ("characters-at-limit", &characters_at_limit_text),
        ("characters-over-limit", &characters_over_limit_text),
        ("words-under-limit", &words_under_limit_text),
        ("words-at-limit", &words_at_limit_text),
        ("words-over-limit", &words_over_limit_text),
    ]);
    let form_group = FormGroupOptions {
        classes: join_classes("govuk-character-count", &form_group.classes),
        attributes: group_attributes
            .extend(&translations)
            .extend(&form_group.attributes),
    };

    view! {
        <Textarea
            name=name
            label=label
            id=Some(id)
            rows=rows
            value=value
            hint=hint
            error_message=error_message
            described_by=Some(info_id)
            classes=join_classes("govuk-js-character-count", &classes)
            form_group=form_group
            before_input=before_input
            after_control=message
            after_input=after_input
            spellcheck=spellcheck
            attributes=attributes
        />
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::govuk::conformance::render_to_string;

    #[test]
    fn messages_are_escaped() {
        let html = render_to_string(|| {
            view! {
                <CharacterCount
                    name="n"
                    label="Label"
                    maxlength=Some(10)
                    textarea_description_text=Some("<b>%{count}</b> max".to_owned())
                    characters_at_limit_text=Some(Translation::Message("\"<x>".to_owned()))
                    after_input=Some("<i>".into())
                />
            }
        });
        assert!(html.contains("&lt;b&gt;10&lt;/b&gt; max"), "{html}");
        assert!(
            html.contains(r#"data-i18n.characters-at-limit="&quot;&lt;x&gt;""#),
            "{html}"
        );
        assert!(html.contains("&lt;i&gt;"), "{html}");
    }

    #[test]
    fn maxwords_counts_words() {
        let html = render_to_string(|| {
            view! { <CharacterCount name="n" label="Label" maxwords=Some(50)/> }
        });
        assert!(html.contains(r#"data-count-type="words""#), "{html}");
        assert!(html.contains("You can enter up to 50 words"), "{html}");
    }
}
