use leptos::prelude::*;

use super::options::Options;
use super::render_to_string;
use crate::govuk::ExitThisPage;

pub fn render(o: Options<'_>) -> Option<String> {
    let content = o.content_opt();
    let redirect_url = o.str("redirectUrl");
    let id = o.str("id");
    let activated_text = o.str("activatedText");
    let timed_out_text = o.str("timedOutText");
    let press_two_more_times_text = o.str("pressTwoMoreTimesText");
    let press_one_more_time_text = o.str("pressOneMoreTimeText");
    Some(render_to_string(move || {
        view! {
            <ExitThisPage
                content=content
                redirect_url=redirect_url
                id=id
                classes=o.classes()
                attributes=o.attributes()
                activated_text=activated_text
                timed_out_text=timed_out_text
                press_two_more_times_text=press_two_more_times_text
                press_one_more_time_text=press_one_more_time_text
            />
        }
    }))
}
