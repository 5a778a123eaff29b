use leptos::prelude::*;

use super::content::{classes as join_classes, Attributes, Content};

/// A task's title, a link when the task has an `href`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TaskListTitle {
    pub content: Content,
    pub classes: String,
}

impl<T: Into<Content>> From<T> for TaskListTitle {
    fn from(content: T) -> Self {
        TaskListTitle {
            content: content.into(),
            ..Default::default()
        }
    }
}

/// A status drawn as a tag (the `govukTag` options the task list passes on).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TaskListTag {
    pub content: Content,
    /// Such as `govuk-tag--blue`.
    pub classes: String,
    pub attributes: Attributes,
}

/// A task's status: a tag (for statuses needing attention, such as "Incomplete") or plain text
/// (such as "Completed").
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TaskListStatus {
    /// Shown instead of `content` when set.
    pub tag: Option<TaskListTag>,
    pub content: Content,
    /// Such as `govuk-task-list__status--cannot-start-yet`.
    pub classes: String,
}

impl TaskListStatus {
    /// A status in plain text.
    pub fn text(content: impl Into<Content>) -> Self {
        TaskListStatus {
            content: content.into(),
            ..Default::default()
        }
    }

    /// A status drawn as a tag with extra classes, such as `govuk-tag--blue`.
    pub fn tag(content: impl Into<Content>, classes: impl Into<String>) -> Self {
        TaskListStatus {
            tag: Some(TaskListTag {
                content: content.into(),
                classes: classes.into(),
                ..Default::default()
            }),
            ..Default::default()
        }
    }
}

/// One task.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TaskListItem {
    pub title: TaskListTitle,
    /// Where the task is done; a task without one cannot be started yet.
    pub href: Option<String>,
    pub hint: Option<Content>,
    pub status: TaskListStatus,
    pub classes: String,
}

fn task(item: TaskListItem, id_prefix: &str, index: usize) -> impl IntoView {
    let TaskListItem {
        title,
        href,
        hint,
        status,
        classes,
    } = item;
    let hint = hint.filter(|hint| !hint.is_empty());
    let hint_id = format!("{id_prefix}-{index}-hint");
    let status_id = format!("{id_prefix}-{index}-status");
    let base = if href.is_some() {
        "govuk-task-list__item govuk-task-list__item--with-link"
    } else {
        "govuk-task-list__item"
    };
    let title_markup = title.content.to_markup();
    let name = match href {
        Some(href) => {
            // The link is described by its hint and status, so a screen reader hears both.
            let described_by = match hint {
                Some(_) => format!("{hint_id} {status_id}"),
                None => status_id.clone(),
            };
            view! {
                <a
                    class=join_classes("govuk-link govuk-task-list__link", &title.classes)
                    href=href
                    aria-describedby=described_by
                    inner_html=title_markup
                ></a>
            }
            .into_any()
        }
        // `class=None` would still write `class=""`.
        None if title.classes.is_empty() => {
            view! { <div inner_html=title_markup></div> }.into_any()
        }
        None => view! { <div class=title.classes inner_html=title_markup></div> }.into_any(),
    };
    let hint = hint.map(|hint| {
        view! { <div id=hint_id class="govuk-task-list__hint" inner_html=hint.to_markup()></div> }
    });
    let status_class = join_classes("govuk-task-list__status", &status.classes);
    // The tag is drawn here rather than by the Tag component so the task list keeps the macro's
    // free `classes` for the tag.
    let status = match status.tag {
        Some(tag) => view! {
            <div class=status_class id=status_id>
                <strong
                    class=join_classes("govuk-tag", &tag.classes)
                    {..tag.attributes.spread()}
                    inner_html=tag.content.to_markup()
                ></strong>
            </div>
        }
        .into_any(),
        None => view! {
            <div class=status_class id=status_id inner_html=status.content.to_markup()></div>
        }
        .into_any(),
    };
    view! {
        <li class=join_classes(base, &classes)>
            <div class="govuk-task-list__name-and-hint">{name} {hint}</div>
            {status}
        </li>
    }
}

/// `govukTaskList`: the tasks a user has to complete, each with its status. Ids of hints and
/// statuses are `<id_prefix>-<n>-hint` / `-status`, `n` counting tasks from 1.
///
/// ```ignore
/// let items = vec![TaskListItem {
///     title: "Company directors".into(),
///     href: Some("/directors".into()),
///     status: TaskListStatus::tag("Incomplete", "govuk-tag--blue"),
///     ..Default::default()
/// }];
/// view! { <TaskList items=items/> }
/// ```
#[component]
pub fn TaskList(
    #[prop(optional, into)] items: Vec<TaskListItem>,
    #[prop(default = "task-list".to_owned(), into)] id_prefix: String,
    #[prop(optional, into)] classes: String,
    #[prop(optional)] attributes: Attributes,
) -> impl IntoView {
    let items = items
        .into_iter()
        .enumerate()
        .map(|(i, item)| task(item, &id_prefix, i + 1))
        .collect_view();
    view! {
        <ul class=join_classes("govuk-task-list", &classes) {..attributes.spread()}>
            {items}
        </ul>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::govuk::conformance::render_to_string;

    #[test]
    fn text_is_escaped() {
        let items = vec![
            TaskListItem {
                title: "<t>".into(),
                hint: Some("<h>".into()),
                status: TaskListStatus::text("<s>"),
                ..Default::default()
            },
            TaskListItem {
                title: "x".into(),
                status: TaskListStatus::tag("<tag>", "govuk-tag--blue"),
                ..Default::default()
            },
        ];
        let html = render_to_string(move || view! { <TaskList items=items/> });
        for escaped in ["&lt;t&gt;", "&lt;h&gt;", "&lt;s&gt;", "&lt;tag&gt;"] {
            assert!(html.contains(escaped), "{escaped} in {html}");
        }
    }

    #[test]
    fn a_linked_task_is_described_by_its_hint_and_status() {
        let items = vec![TaskListItem {
            title: "Plan".into(),
            href: Some("/plan".into()),
            hint: Some("Objectives".into()),
            ..Default::default()
        }];
        let html = render_to_string(move || view! { <TaskList items=items id_prefix="app"/> });
        assert!(
            html.contains(r#"aria-describedby="app-1-hint app-1-status""#),
            "{html}"
        );
    }
}
