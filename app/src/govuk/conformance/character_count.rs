use leptos::prelude::*;

use super::error_message::error_message_options;
use super::hint::hint_options;
use super::input::{form_group_content, form_group_options, spellcheck};
use super::label::label_options;
use super::options::Options;
use super::render_to_string;
use super::textarea::rows;
use crate::govuk::{CharacterCount, CharacterCountMessage};

fn number(o: Options<'_>, key: &str) -> Option<u32> {
    o.str(key)
        .map(|n| n.parse().expect("a whole number of characters"))
}

pub fn render(o: Options<'_>) -> Option<String> {
    let name = o.string("name");
    let label = o.get("label").map(label_options).unwrap_or_default();
    let id = o.str("id");
    let maxlength = number(o, "maxlength");
    let maxwords = number(o, "maxwords");
    let threshold = number(o, "threshold");
    let count_type = o.str("countType").map(|t| t.parse().expect("a count type"));
    let rows = rows(o);
    let value = o.str("value");
    let hint = o.get("hint").map(hint_options);
    let error_message = o.get("errorMessage").map(error_message_options);
    let classes = o.classes();
    let form_group = form_group_options(o);
    let before_input = form_group_content(o, "beforeInput");
    let after_input = form_group_content(o, "afterInput");
    let spellcheck = spellcheck(o);
    let count_message = CharacterCountMessage {
        classes: o
            .get("countMessage")
            .map(|m| m.classes())
            .unwrap_or_default(),
    };
    let textarea_description_text = o.str("textareaDescriptionText");
    let characters_under_limit_text = o.translation("charactersUnderLimitText");
    let characters_at_limit_text = o.translation("charactersAtLimitText");
    let characters_over_limit_text = o.translation("charactersOverLimitText");
    let words_under_limit_text = o.translation("wordsUnderLimitText");
    let words_at_limit_text = o.translation("wordsAtLimitText");
    let words_over_limit_text = o.translation("wordsOverLimitText");
    let attributes = o.attributes();
    Some(render_to_string(move || {
        view! {
            <CharacterCount
                name=name
                label=label
                id=id
                maxlength=maxlength
                maxwords=maxwords
                threshold=threshold
                count_type=count_type
                rows=rows
                value=value
                hint=hint
                error_message=error_message
                classes=classes
                form_group=form_group
                before_input=before_input
                after_input=after_input
                spellcheck=spellcheck
                count_message=count_message
                textarea_description_text=textarea_description_text
                characters_under_limit_text=characters_under_limit_text
                characters_at_limit_text=characters_at_limit_text
                characters_over_limit_text=characters_over_limit_text
                words_under_limit_text=words_under_limit_text
                words_at_limit_text=words_at_limit_text
                words_over_limit_text=words_over_limit_text
                attributes=attributes
            />
        }
    }))
}
