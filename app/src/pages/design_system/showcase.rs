//! The gallery's static part: one example of every component that the demo form below does not
//! already show (it has the fields: input, character count, date input, radios, checkboxes,
//! select, password input and file upload).
//!
//! Everything here shares the page with the demo form and the site's template, so every id starts
//! `showcase-`, every extra landmark has its own name, headings sit under each example's `<h2>`,
//! and nothing submits, moves focus or needs a `<form>`.
use leptos::prelude::*;

use crate::govuk::{
    Accordion, AccordionItem, BackLink, Breadcrumbs, BreadcrumbsItem, Button, ButtonType,
    CookieBanner, CookieBannerAction, CookieBannerMessage, Details, ErrorMessage, ErrorSummary,
    ErrorSummaryItem, ExitThisPage, Feedback, Fieldset, FieldsetOptions, GenericHeader,
    HeadingLevel, Hint, HintOptions, InsetText, Label, LabelOptions, LanguageNavigation,
    LanguageNavigationItem, LegendOptions, NotificationBanner, Pagination, PaginationItem,
    PaginationLink, Panel, PhaseBanner, PhaseBannerTag, ServiceNavigation, ServiceNavigationItem,
    SummaryCard, SummaryCardTitle, SummaryList, SummaryListAction, SummaryListActions,
    SummaryListRow, Table, TableCell, Tabs, TabsItem, Tag, TagColour, TaskList, TaskListItem,
    TaskListStatus, Textarea, TrustedHtml, WarningText,
};
use crate::site::paths as site_paths;

/// Every example, in alphabetical order, each under its own `<h2>`.
#[component]
pub fn Showcase() -> impl IntoView {
    let examples: Vec<AnyView> = vec![
        example("Accordion", accordion()),
        example(
            "Back link",
            view! { <BackLink href=site_paths::LANDING.href().to_string()/> },
        ),
        example("Breadcrumbs", breadcrumbs()),
        example("Button", buttons()),
        example("Cookie banner", cookie_banner()),
        example("Details", details()),
        example("Error message", error_message()),
        example("Error summary", error_summary()),
        example("Exit this page", exit_this_page()),
        example("Feedback", feedback()),
        example("Fieldset", fieldset()),
        example("Generic header", generic_header()),
        example("Hint and label", hint_and_label()),
        example("Inset text", inset_text()),
        example("Language navigation", language_navigation()),
        example("Notification banner", notification_banner()),
        example("Pagination", pagination()),
        example("Panel", panel()),
        example("Phase banner", phase_banner()),
        example("Service navigation", service_navigation()),
        example("Summary list", summary_list()),
        example("Table", table()),
        example("Tabs", tabs()),
        example("Tag", tags()),
        example("Task list", task_list()),
        example("Textarea", textarea()),
        example("Warning text", warning_text()),
    ];
    view! { <div class="app-showcase">{examples}</div> }
}

/// An example under its heading, whose id is `showcase-<name in kebab case>`.
fn example(name: &'static str, body: impl IntoView + 'static) -> AnyView {
    let id = format!("showcase-{}", name.to_lowercase().replace(' ', "-"));
    view! {
        <h2 class="govuk-heading-l" id=id>
            {name}
        </h2>
        {body}
    }
    .into_any()
}

fn html(markup: &'static str) -> TrustedHtml {
    TrustedHtml::from_trusted(markup)
}

fn accordion() -> impl IntoView {
    let items = vec![
        AccordionItem {
            summary: Some("Who can apply and what you need".into()),
            ..AccordionItem::new(
                "Before you apply",
                "You need your National Insurance number and your last 3 payslips.",
            )
        },
        AccordionItem::new(
            "How to apply",
            html(
                r#"<p class="govuk-body">Apply online. It takes about 20 minutes.</p><p class="govuk-body">You can save your answers and come back later.</p>"#,
            ),
        ),
        AccordionItem::new(
            "After you apply",
            "We’ll tell you our decision within 8 weeks.",
        ),
    ];
    view! { <Accordion id="showcase-accordion-apply" heading_level=HeadingLevel::H3 items=items/> }
}

fn breadcrumbs() -> impl IntoView {
    let items = vec![
        BreadcrumbsItem::link(site_paths::LANDING.href().to_string(), "Home"),
        BreadcrumbsItem::link(
            site_paths::DESIGN_SYSTEM.href().to_string(),
            "Design system",
        ),
        BreadcrumbsItem {
            content: "Breadcrumbs".into(),
            ..Default::default()
        },
    ];
    view! { <Breadcrumbs items=items/> }
}

fn buttons() -> impl IntoView {
    view! {
        <div class="govuk-button-group">
            <Button content="Save and continue" button_type=ButtonType::Button/>
            <Button
                content="Save as draft"
                button_type=ButtonType::Button
                classes="govuk-button--secondary"
            />
            <Button
                content="Delete account"
                button_type=ButtonType::Button
                classes="govuk-button--warning"
            />
            <Button content="Disabled button" button_type=ButtonType::Button disabled=true/>
        </div>
        <Button content="Start now" href=Some("#showcase-button".into()) is_start_button=true/>
    }
}

/// A static banner: its buttons are plain `type="button"` buttons, outside any form.
fn cookie_banner() -> impl IntoView {
    let button = |text: &str| CookieBannerAction {
        text: text.to_owned(),
        ..Default::default()
    };
    let question = CookieBannerMessage {
        heading: Some("Cookies on this example service".into()),
        content: Some(
            html(
                r#"<p class="govuk-body">We use some essential cookies to make this service work.</p><p class="govuk-body">We’d also like to use analytics cookies so we can understand how you use the service and make improvements.</p>"#,
            )
            .into(),
        ),
        actions: vec![
            button("Accept example cookies"),
            button("Reject example cookies"),
            CookieBannerAction {
                text: "View cookies".to_owned(),
                href: Some(site_paths::COOKIES.href().to_string()),
                ..Default::default()
            },
        ],
        ..Default::default()
    };
    view! {
        <div class="app-showcase__cookie-banner">
            <CookieBanner aria_label=Some("Cookie banner example".into()) messages=vec![question]/>
        </div>
    }
}

fn details() -> impl IntoView {
    view! {
        <Details summary="Help with nationality" id=Some("showcase-details-nationality".into())>
            <p class="govuk-body">
                "We need to know your nationality so we can work out which elections you’re \
                 entitled to vote in."
            </p>
        </Details>
    }
}

fn error_message() -> impl IntoView {
    view! {
        <ErrorMessage
            error="Enter your National Insurance number".into()
            id=Some("showcase-error-message-ni".into())
        />
    }
}

/// Static, and told not to take focus when the page loads; links to the textarea example below.
fn error_summary() -> impl IntoView {
    view! {
        <ErrorSummary
            title="Example error summary"
            disable_auto_focus=Some(true)
            error_list=vec![
                ErrorSummaryItem::for_field("showcase-more-detail", "Enter more detail"),
            ]
        />
    }
}

fn exit_this_page() -> impl IntoView {
    view! {
        <ExitThisPage
            id=Some("showcase-exit-this-page-button".into())
            redirect_url=Some("https://www.bbc.co.uk/weather".into())
        />
    }
}

fn feedback() -> impl IntoView {
    view! {
        <Feedback title="Help us improve this service" heading_level=HeadingLevel::H3>
            <p class="govuk-body">
                "Tell us what you think of this page. "
                <a class="govuk-link" href=crate::performance::paths::SEND_FEEDBACK.href().to_string()>
                    "Give feedback"
                </a>
            </p>
        </Feedback>
    }
}

fn fieldset() -> impl IntoView {
    let fieldset = FieldsetOptions {
        legend: Some(LegendOptions {
            content: "Tell us about your complaint".into(),
            classes: "govuk-fieldset__legend--m".to_owned(),
            is_page_heading: false,
        }),
        ..Default::default()
    };
    view! {
        <Fieldset fieldset=fieldset>
            <Textarea
                name="showcase-complaint"
                id=Some("showcase-complaint".into())
                label="What went wrong?"
                hint=Some("Include the date it happened".into())
                rows=3
            />
        </Fieldset>
    }
}

/// The header bar of a service that is not on GOV.UK: a `<div>`, so no extra banner landmark.
fn generic_header() -> impl IntoView {
    view! { <GenericHeader logo="Example Service Finder" url="/"/> }
}

/// A label and hint drawn on their own, around a plain input (the field components draw both).
fn hint_and_label() -> impl IntoView {
    let label = LabelOptions {
        content: "National Insurance number".into(),
        classes: "govuk-label--s".to_owned(),
        ..Default::default()
    };
    let hint = HintOptions {
        content: "It’s on your National Insurance card, benefit letter, payslip or P60. \
                  For example, ‘QQ 12 34 56 C’."
            .into(),
        ..Default::default()
    };
    view! {
        <div class="govuk-form-group">
            <Label label=label for_id=Some("showcase-ni".into())/>
            <Hint hint=hint id=Some("showcase-ni-hint".into())/>
            <input
                class="govuk-input govuk-input--width-10"
                id="showcase-ni"
                name="showcase-ni"
                type="text"
                spellcheck="false"
                aria-describedby="showcase-ni-hint"
            />
        </div>
    }
}

fn inset_text() -> impl IntoView {
    view! {
        <InsetText content=Some(
            "It can take up to 8 weeks to register a lasting power of attorney if there are no \
             mistakes in the application."
                .into(),
        )/>
    }
}

fn language_navigation() -> impl IntoView {
    let items = vec![
        LanguageNavigationItem {
            content: "English".into(),
            lang: Some("en".into()),
            current: true,
            ..Default::default()
        },
        LanguageNavigationItem {
            content: "Cymraeg".into(),
            lang: Some("cy".into()),
            href: Some("#showcase-language-navigation".into()),
            language_description_text: Some("Newid yr iaith i’r Gymraeg".into()),
            ..Default::default()
        },
    ];
    view! { <LanguageNavigation items=items/> }
}

/// A neutral banner: a region named by its own title (the page's success banner has its own id).
fn notification_banner() -> impl IntoView {
    view! {
        <NotificationBanner
            title_id=Some("showcase-notification-banner-title".into())
            title_heading_level=HeadingLevel::H3
            disable_auto_focus=Some(true)
            content=Some(
                html(
                    r##"<p class="govuk-notification-banner__heading">You have 7 days left to send your application. <a class="govuk-notification-banner__link" href="#showcase-task-list">View application</a>.</p>"##,
                )
                    .into(),
            )
        />
    }
}

fn pagination() -> impl IntoView {
    let page = |n: u32| -> String {
        site_paths::DESIGN_SYSTEM
            .href()
            .query("page", &n.to_string())
            .fragment("showcase-pagination")
            .into()
    };
    view! {
        <Pagination
            previous=Some(PaginationLink::new(page(1)))
            next=Some(PaginationLink::new(page(3)))
            items=vec![
                PaginationItem::page(1, page(1)),
                PaginationItem::current(2, page(2)),
                PaginationItem::page(3, page(3)),
                PaginationItem::Ellipsis,
                PaginationItem::page(10, page(10)),
            ]
        />
    }
}

fn panel() -> impl IntoView {
    view! {
        <Panel
            title="Application complete"
            heading_level=HeadingLevel::H3
            content=Some(html("Your reference number<br><strong>HDJ2123F</strong>").into())
        />
    }
}

fn phase_banner() -> impl IntoView {
    view! {
        <PhaseBanner tag=PhaseBannerTag {
            content: "Alpha".into(),
            colour: TagColour::Blue,
            ..Default::default()
        }>
            "This is a new service. Help us improve it and "
            <a class="govuk-link" href=crate::performance::paths::SEND_FEEDBACK.href().to_string()>
                "give your feedback"
            </a> "."
        </PhaseBanner>
    }
}

/// Named apart from the site's own service navigation in the page header.
fn service_navigation() -> impl IntoView {
    let current = ServiceNavigationItem {
        current: true,
        ..ServiceNavigationItem::link("#showcase-service-navigation", "Applications")
    };
    view! {
        <ServiceNavigation
            service_name=Some("Apply for a licence".to_owned())
            service_url=Some("#showcase-service-navigation".to_owned())
            aria_label="Service information example"
            navigation_label=Some("Example service menu".to_owned())
            navigation_id="showcase-service-navigation-list"
            navigation=vec![
                current,
                ServiceNavigationItem::link("#showcase-service-navigation", "Your account"),
                ServiceNavigationItem::link("#showcase-service-navigation", "Sign out"),
            ]
        />
    }
}

fn summary_list() -> impl IntoView {
    let change = |what: &str| SummaryListAction::change("#showcase-summary-list", what);
    let rows = vec![
        SummaryListRow::new("Name", "Sarah Philips").action(change("name")),
        SummaryListRow::new("Date of birth", "5 January 1978").action(change("date of birth")),
        SummaryListRow::new("Address", html("72 Guild Street<br>London<br>SE23 6FH"))
            .action(change("address")),
        SummaryListRow::new("Contact details", "sarah.phillips@example.com")
            .action(change("contact details")),
    ];
    let card = SummaryCard {
        title: Some(SummaryCardTitle {
            heading_level: HeadingLevel::H3,
            ..SummaryCardTitle::from("University of Gloucestershire")
        }),
        actions: SummaryListActions {
            items: vec![
                SummaryListAction::new("#showcase-summary-list", "Delete choice", ""),
                SummaryListAction::new("#showcase-summary-list", "Withdraw", ""),
            ],
            ..Default::default()
        },
        ..Default::default()
    };
    let card_rows = vec![
        SummaryListRow::new("Course", "English (3DMD)").action(change("course")),
        SummaryListRow::new("Location", "Cheltenham").action(change("location")),
    ];
    view! {
        <SummaryList rows=rows/>
        <SummaryList card=Some(card) rows=card_rows/>
    }
}

fn table() -> impl IntoView {
    let head = vec![
        "Date".into(),
        TableCell::numeric("Amount"),
        TableCell::numeric("Balance"),
    ];
    let rows: Vec<Vec<TableCell>> = [
        ("First 6 weeks", "£109.80 per week", "£658.80"),
        ("Next 33 weeks", "£109.80 per week", "£3,623.40"),
        ("Total estimated pay", "", "£4,282.20"),
    ]
    .into_iter()
    .map(|(date, amount, balance)| {
        vec![
            date.into(),
            TableCell::numeric(amount),
            TableCell::numeric(balance),
        ]
    })
    .collect();
    view! {
        <Table
            caption="Dates and amounts"
            caption_classes="govuk-table__caption--m"
            head=head
            rows=rows
            first_cell_is_header=true
        />
    }
}

fn tabs() -> impl IntoView {
    let tab = |id: &str, label: &str, markup: &'static str| TabsItem {
        id: Some(id.to_owned()),
        label: label.to_owned(),
        panel: html(markup).into(),
        ..Default::default()
    };
    let items = vec![
        tab(
            "showcase-tabs-past-day",
            "Past day",
            r#"<h3 class="govuk-heading-m">Past day</h3><p class="govuk-body">3 new applications, 1 decision made.</p>"#,
        ),
        tab(
            "showcase-tabs-past-week",
            "Past week",
            r#"<h3 class="govuk-heading-m">Past week</h3><p class="govuk-body">24 new applications, 19 decisions made.</p>"#,
        ),
        tab(
            "showcase-tabs-past-month",
            "Past month",
            r#"<h3 class="govuk-heading-m">Past month</h3><p class="govuk-body">98 new applications, 87 decisions made.</p>"#,
        ),
    ];
    view! { <Tabs items=items id=Some("showcase-tabs-activity".into())/> }
}

fn tags() -> impl IntoView {
    let tags = TagColour::ALL
        .into_iter()
        .map(|colour| {
            view! {
                <li class="govuk-!-margin-bottom-2">
                    <Tag content=format!("{colour:?}") colour=colour/>
                </li>
            }
        })
        .collect_view();
    view! { <ul class="govuk-list">{tags}</ul> }
}

fn task_list() -> impl IntoView {
    let items = vec![
        TaskListItem {
            title: "Company directors".into(),
            href: Some("#showcase-task-list".into()),
            status: TaskListStatus::text("Completed"),
            ..Default::default()
        },
        TaskListItem {
            title: "Registered company details".into(),
            href: Some("#showcase-task-list".into()),
            hint: Some("Address and company number".into()),
            status: TaskListStatus::tag("Incomplete", "govuk-tag--blue"),
            ..Default::default()
        },
        TaskListItem {
            title: "Financial history".into(),
            status: TaskListStatus {
                classes: "govuk-task-list__status--cannot-start-yet".to_owned(),
                ..TaskListStatus::text("Cannot start yet")
            },
            ..Default::default()
        },
    ];
    view! { <TaskList items=items id_prefix="showcase-task"/> }
}

/// The field the error summary above links to (its error state is in the demo form's fields).
fn textarea() -> impl IntoView {
    view! {
        <Textarea
            name="showcase-more-detail"
            id=Some("showcase-more-detail".into())
            label=LabelOptions {
                content: "Can you provide more detail?".into(),
                classes: "govuk-label--m".to_owned(),
                ..Default::default()
            }
            hint=Some("Do not include personal or financial information, like your National \
                       Insurance number or credit card details."
                .into())
        />
    }
}

fn warning_text() -> impl IntoView {
    view! { <WarningText content="You can be fined up to £5,000 if you do not register."/> }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;
    use crate::govuk::conformance::render_to_string;

    #[test]
    fn every_component_is_shown_and_no_id_repeats() {
        let html = render_to_string(|| view! { <Showcase/> });
        for name in [
            "accordion",
            "back-link",
            "breadcrumbs",
            "button",
            "button--secondary",
            "button--warning",
            "button--start",
            "cookie-banner",
            "details",
            "error-message",
            "error-summary",
            "exit-this-page",
            "feedback",
            "fieldset",
            "generic-header",
            "hint",
            "inset-text",
            "label",
            "language-navigation",
            "notification-banner",
            "pagination",
            "panel",
            "phase-banner",
            "service-navigation",
            "summary-list",
            "summary-card",
            "table",
            "table__cell--numeric",
            "tabs",
            "tag",
            "task-list",
            "textarea",
            "warning-text",
        ] {
            let class = format!("govuk-{name}");
            let found = html.split(['"', ' ']).any(|token| token == class.as_str());
            assert!(found, "no element has the class {class}");
        }
        for colour in TagColour::ALL.into_iter().filter_map(TagColour::class) {
            assert!(html.contains(colour), "no {colour} tag");
        }
        assert!(html.contains(" disabled"), "no disabled button");

        let mut ids: HashMap<&str, usize> = HashMap::new();
        for rest in html.split(" id=\"").skip(1) {
            let id = &rest[..rest.find('"').expect("closing quote")];
            *ids.entry(id).or_default() += 1;
        }
        let repeated: Vec<_> = ids.iter().filter(|(_, n)| **n > 1).collect();
        assert!(repeated.is_empty(), "ids used more than once: {repeated:?}");
        for (id, _) in ids {
            assert!(id.starts_with("showcase-"), "id {id} is not prefixed");
        }
    }
}
