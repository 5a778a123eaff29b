use leptos::prelude::*;

use super::error_message::error_message_options;
use super::hint::hint_options;
use super::label::label_options;
use super::options::Options;
use super::radios::form_group_options;
use super::render_to_string;
use crate::govuk::FileUpload;

pub fn render(o: Options<'_>) -> Option<String> {
    let name = o.string("name");
    let label = o.get("label").map(label_options).unwrap_or_default();
    let id = o.str("id");
    let multiple = o.bool("multiple");
    let disabled = o.bool("disabled");
    let described_by = o.str("describedBy");
    let hint = o.get("hint").map(hint_options);
    let error_message = o.get("errorMessage").map(error_message_options);
    let (form_group, before_input, after_input) =
        form_group_options(o, "beforeInput", "afterInput");
    let classes = o.classes();
    let attributes = o.attributes();
    let javascript = o.bool("javascript");
    let wrapper_classes = o.string("wrapperClasses");
    let wrapper_attributes = o.attributes_at("wrapperAttributes");
    let choose_files_button_text = o.str("chooseFilesButtonText");
    let no_file_chosen_text = o.str("noFileChosenText");
    let multiple_files_chosen_text = o.translation("multipleFilesChosenText");
    let drop_instruction_text = o.str("dropInstructionText");
    let entered_drop_zone_text = o.str("enteredDropZoneText");
    let left_drop_zone_text = o.str("leftDropZoneText");
    Some(render_to_string(move || {
        view! {
            <FileUpload
                name=name
                label=label
                id=id
                multiple=multiple
                disabled=disabled
                described_by=described_by
                hint=hint
                error_message=error_message
                form_group=form_group
                before_input=before_input
                after_input=after_input
                classes=classes
                attributes=attributes
                javascript=javascript
                wrapper_classes=wrapper_classes
                wrapper_attributes=wrapper_attributes
                choose_files_button_text=choose_files_button_text
                no_file_chosen_text=no_file_chosen_text
                multiple_files_chosen_text=multiple_files_chosen_text
                drop_instruction_text=drop_instruction_text
                entered_drop_zone_text=entered_drop_zone_text
                left_drop_zone_text=left_drop_zone_text
            />
        }
    }))
}
