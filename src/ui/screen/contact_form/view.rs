//! How the contact form looks: sections of labelled fields, each marked with its own problem.

use iced::widget::{Space, button, column, container, row, scrollable, text, text_editor};
use iced::{Alignment, Element, Length};

use super::{ContactForm, FIRST_FIELD_ID, Message, TAG_INPUT_ID, TextField};
use crate::domain::LifecycleStage;
use crate::ui::theme;
use crate::ui::widget::choice_keys::keyed_button;
use crate::ui::widget::field::{hinted_field, labelled, text_field};
use crate::ui::widget::{chip, empty_state, title_bar};

impl ContactForm {
    pub fn view(&self) -> Element<'_, Message> {
        if self.loading {
            return match &self.error {
                Some(e) => empty_state(
                    "This contact could not be opened",
                    e.as_str(),
                    Some(("Back", Message::Cancel)),
                ),
                None => empty_state("Opening…", "", None),
            };
        }
        let save_label = if self.saving { "Saving…" } else { "Save" };
        let actions = [
            button(text("Cancel"))
                .on_press(Message::Cancel)
                .style(button::secondary)
                .into(),
            button(text(save_label))
                .on_press(Message::Save)
                .style(button::primary)
                .into(),
        ];
        let mut page = column![title_bar(self.title(), actions)].spacing(16);
        page = page.push(crate::ui::widget::form_message(self.error.as_deref()));
        let field = |f: TextField| {
            text_field(
                f.label(),
                self.text(f),
                self.error(f.error_key()),
                move |v| Message::TextChanged(f, v),
            )
        };
        let first = crate::ui::widget::field::input("First name", self.text(TextField::FirstName))
            .id(FIRST_FIELD_ID)
            .on_input(|v| Message::TextChanged(TextField::FirstName, v))
            .on_submit(Message::Save)
            .padding(6)
            .style(theme::input(
                self.errors.contains_key("name") || self.errors.contains_key("first_name"),
            ));
        let name_error = self.error("name").or_else(|| self.error("first_name"));
        page = page
            .push(section(
                "Name",
                row![
                    labelled("First name", first, name_error),
                    field(TextField::LastName)
                ]
                .spacing(12),
            ))
            .push(section(
                "Work",
                row![field(TextField::Company), field(TextField::JobTitle)].spacing(12),
            ))
            .push(section(
                "E-mail",
                self.list_editor(ListField {
                    values: &self.draft.emails,
                    placeholder: "E-mail address",
                    error_key: "email",
                    on_change: Message::EmailChanged,
                    on_remove: Message::EmailRemoved,
                    on_add: Message::EmailAdded,
                    add_label: "Add e-mail",
                }),
            ))
            .push(section(
                "Phone",
                self.list_editor(ListField {
                    values: &self.draft.phones,
                    placeholder: "Phone number",
                    error_key: "phone",
                    on_change: Message::PhoneChanged,
                    on_remove: Message::PhoneRemoved,
                    on_add: Message::PhoneAdded,
                    add_label: "Add phone",
                }),
            ))
            .push(section(
                "Relationship",
                row![
                    labelled(
                        "Lifecycle stage",
                        crate::ui::widget::choice_keys::keyed_pick(
                            "contact-lifecycle",
                            LifecycleStage::ALL,
                            self.draft.lifecycle,
                            Message::StagePicked
                        ),
                        None
                    ),
                    field(TextField::Owner),
                    field(TextField::LeadSource),
                ]
                .spacing(12),
            ))
            .push(section("Tags", self.tags_editor()))
            .push(section(
                "Address",
                column![
                    field(TextField::Street),
                    row![field(TextField::PostalCode), field(TextField::City)].spacing(12),
                    row![field(TextField::Region), field(TextField::Country)].spacing(12),
                ]
                .spacing(8),
            ))
            .push(section(
                "About",
                row![
                    hinted_field(
                        TextField::Birthday.label(),
                        "YYYY-MM-DD",
                        self.text(TextField::Birthday),
                        self.error(TextField::Birthday.error_key()),
                        |v| Message::TextChanged(TextField::Birthday, v)
                    ),
                    field(TextField::Age),
                    field(TextField::Income),
                    container(field(TextField::Currency)).width(Length::Fixed(90.0)),
                    field(TextField::EducationYears),
                ]
                .spacing(12),
            ))
            .push(section(
                "Notes",
                text_editor(&self.notes)
                    .style(crate::ui::theme::editor)
                    .on_action(Message::NotesEdited)
                    .height(Length::Fixed(110.0))
                    .padding(6),
            ))
            .push(section("Custom fields", self.custom_editor()));
        scrollable(page.padding(20).max_width(980))
            .id(super::FORM_ID)
            .into()
    }

    /// The id of the first field marked wrong, in the order the form shows them.
    pub(super) fn first_wrong_field(&self) -> Option<String> {
        let wrong = |key: &str| self.errors.contains_key(key);
        // A list's wrong row is the one whose value its message quotes.
        let row_of = |key: &str, values: &[String]| {
            let error = self.errors.get(key)?;
            let at = values
                .iter()
                .position(|v| !v.trim().is_empty() && error.contains(&format!("{:?}", v.trim())));
            Some(format!("{key}-{}", at.unwrap_or(0)))
        };
        if wrong("name") || wrong("first_name") {
            return Some(FIRST_FIELD_ID.to_string());
        }
        let labelled = |fields: &[TextField]| {
            fields
                .iter()
                .find(|f| wrong(f.error_key()))
                .map(|f| f.label().to_string())
        };
        use TextField::*;
        labelled(&[LastName, Company, JobTitle])
            .or_else(|| row_of("email", &self.draft.emails))
            .or_else(|| row_of("phone", &self.draft.phones))
            .or_else(|| labelled(&[Owner, LeadSource]))
            .or_else(|| wrong("tags").then(|| TAG_INPUT_ID.to_string()))
            .or_else(|| {
                labelled(&[
                    Street,
                    PostalCode,
                    City,
                    Region,
                    Country,
                    Birthday,
                    Age,
                    Income,
                    Currency,
                    EducationYears,
                ])
            })
            .or_else(|| wrong("custom").then(|| custom_key_id(0)))
    }

    fn list_editor<'a>(&'a self, field: ListField<'a>) -> Element<'a, Message> {
        let ListField {
            values,
            placeholder,
            error_key,
            on_change,
            on_remove,
            on_add,
            add_label,
        } = field;
        let error = self.error(error_key);
        let mut list = column![].spacing(6);
        for (i, value) in values.iter().enumerate() {
            let invalid = error
                .as_ref()
                .is_some_and(|e| e.contains(&format!("{:?}", value.trim())));
            list = list.push(
                row![
                    crate::ui::widget::field::input(placeholder, value)
                        .id(format!("{error_key}-{i}"))
                        .on_input(move |v| on_change(i, v))
                        .padding(6)
                        .style(theme::input(invalid)),
                    button(text("Remove"))
                        .on_press(on_remove(i))
                        .style(button::text),
                ]
                .spacing(8)
                .align_y(Alignment::Center),
            );
        }
        list = list.push(button(text(add_label)).on_press(on_add).style(button::text));
        list.push(error.map(|e| text(e).size(13).style(theme::error_text)))
            .into()
    }

    fn tags_editor(&self) -> Element<'_, Message> {
        let chips = self.draft.tags.iter().enumerate().fold(
            row![].spacing(6).align_y(Alignment::Center),
            |r, (i, tag)| {
                r.push(
                    row![
                        chip(tag.as_str()),
                        keyed_button(
                            button(text("×").size(13))
                                .on_press(Message::TagRemoved(i))
                                .style(button::text)
                                .padding([0, 4]),
                            Message::TagRemoved(i)
                        )
                    ]
                    .align_y(Alignment::Center),
                )
            },
        );
        let input = row![
            crate::ui::widget::field::input(
                "Add a tag and press Enter (commas add several)",
                &self.tag_input
            )
            .id(TAG_INPUT_ID)
            .on_input(Message::TagInputChanged)
            .on_submit(Message::TagAdded)
            .padding(6)
            .style(theme::input(self.errors.contains_key("tags"))),
            button(text("Add tag"))
                .on_press(Message::TagAdded)
                .style(button::secondary),
        ]
        .spacing(8);
        column![chips, input]
            .spacing(8)
            .push(
                self.error("tags")
                    .map(|e| text(e).size(13).style(theme::error_text)),
            )
            .into()
    }

    fn custom_editor(&self) -> Element<'_, Message> {
        let mut list = column![].spacing(6);
        for (i, (key, value)) in self.draft.custom.iter().enumerate() {
            list = list.push(
                row![
                    crate::ui::widget::field::input("Field", key)
                        .id(custom_key_id(i))
                        .on_input(move |v| Message::CustomKeyChanged(i, v))
                        .padding(6)
                        .width(Length::FillPortion(1)),
                    crate::ui::widget::field::input("Value", value)
                        .on_input(move |v| Message::CustomValueChanged(i, v))
                        .padding(6)
                        .width(Length::FillPortion(2)),
                    button(text("Remove"))
                        .on_press(Message::CustomRemoved(i))
                        .style(button::text),
                ]
                .spacing(8)
                .align_y(Alignment::Center),
            );
        }
        list.push(
            button(text("Add custom field"))
                .on_press(Message::CustomAdded)
                .style(button::text),
        )
        .push(
            self.error("custom")
                .map(|e| text(e).size(13).style(theme::error_text)),
        )
        .into()
    }
}

/// A repeatable field (e-mails, phones): its values, the problem key, and what its buttons send.
struct ListField<'a> {
    values: &'a [String],
    placeholder: &'static str,
    error_key: &'static str,
    on_change: fn(usize, String) -> Message,
    on_remove: fn(usize) -> Message,
    on_add: Message,
    add_label: &'static str,
}

fn section<'a>(title: &'a str, content: impl Into<Element<'a, Message>>) -> Element<'a, Message> {
    row![
        text(title).size(15).width(Length::Fixed(120.0)),
        container(content).width(Length::Fill),
        Space::new().width(8),
    ]
    .spacing(12)
    .into()
}

/// The name box of the `i`th custom field, focused when the field is added.
pub(super) fn custom_key_id(i: usize) -> String {
    format!("custom-key-{i}")
}
