//! A "Contact" field that finds people as their name, e-mail or company is typed (after a pause),
//! lists the first few, and links the one picked (↑ ↓ choose among them, Enter takes the one
//! chosen, the first unless another is). Used where a record is tied to a person: a new ticket, a
//! deal.

use iced::widget::{button, column, container, row, text};
use iced::{Alignment, Element, Length, Task};

use crate::domain::ContactId;
use crate::store::{ContactQuery, ContactRow, Shared, TextScope};
use crate::ui::theme;
use crate::ui::widget::field::labelled;
use crate::ui::widget::typing::Typing;
use crate::ui::workspace::Workspace;

/// How many people the field offers at once.
const SUGGESTIONS: u32 = 6;

#[derive(Debug, Default)]
pub struct ContactPicker {
    search: Typing,
    suggestions: Vec<ContactRow>,
    /// The suggestion Enter takes: the arrows move it (two people of one name could not be told
    /// apart from the keyboard, Enter always linking the first).
    chosen: usize,
    picked: Option<Picked>,
    error: Option<String>,
}

/// The person linked, with what the form may want to fill in from them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Picked {
    pub id: ContactId,
    pub name: String,
    pub company: Option<String>,
}

#[derive(Debug, Clone)]
pub enum Message {
    Changed(String),
    Settled(u64),
    Found(String, Shared<Vec<ContactRow>>),
    Picked(Picked),
    Submitted,
}

/// What a message meant for the form holding the field.
pub enum Outcome {
    None,
    Run(Task<Message>),
    /// A person was just linked.
    Linked(Picked),
    Failed(String),
}

impl ContactPicker {
    /// The field with `contact` already linked (editing a record that has one).
    pub fn linked(contact: Picked) -> Self {
        let mut search = Typing::default();
        search.text = contact.name.clone();
        ContactPicker {
            search,
            picked: Some(contact),
            ..ContactPicker::default()
        }
    }

    pub fn picked(&self) -> Option<&Picked> {
        self.picked.as_ref()
    }

    /// Something typed that matched nobody picked: the form should not save it as "no contact".
    pub fn is_unresolved(&self) -> bool {
        self.picked.is_none() && !self.search.text.trim().is_empty()
    }

    /// Whether anything was typed or picked.
    pub fn is_touched(&self) -> bool {
        self.picked.is_some() || !self.search.text.trim().is_empty()
    }

    /// Marks the field when text was typed but nobody picked; returns whether it did.
    pub fn check(&mut self) -> bool {
        // With nobody found, "choose one of the people found" sat above "Nobody found yet".
        self.error = self.is_unresolved().then(|| {
            let typed = self.search.text.trim();
            if self.suggestions.is_empty() {
                format!(
                    "No contact picked: nobody is found for {typed:?}; check the name, add the \
                     contact first, or clear the field"
                )
            } else {
                format!(
                    "No contact picked: choose one of the people found for {typed:?}, or clear \
                     the field"
                )
            }
        });
        self.error.is_some()
    }

    pub fn update(&mut self, workspace: &Workspace, message: Message) -> Outcome {
        match message {
            Message::Changed(name) => {
                self.picked = None;
                self.error = None;
                if name.trim().is_empty() {
                    self.suggestions.clear();
                }
                Outcome::Run(self.search.changed(name, Message::Settled))
            }
            Message::Settled(n) if self.search.is_latest(n) => Outcome::Run(self.find(workspace)),
            Message::Settled(_) => Outcome::None,
            Message::Found(typed, Ok(rows)) => {
                if typed == self.search.text && self.picked.is_none() {
                    self.suggestions = rows;
                    self.chosen = 0;
                }
                Outcome::None
            }
            Message::Found(_, Err(e)) => {
                Outcome::Failed(format!("Contacts could not be searched: {e}"))
            }
            Message::Picked(picked) => self.pick(picked),
            Message::Submitted => match self.suggestions.get(self.chosen) {
                Some(chosen) => self.pick(picked_from(chosen)),
                None => Outcome::None,
            },
        }
    }

    /// Escape over the people offered: they go (the name typed stays), and the form stays open;
    /// whether there were any. Escape had gone straight to "Discard your changes?".
    pub fn close_suggestions(&mut self) -> bool {
        let open = !self.suggestions.is_empty();
        self.suggestions.clear();
        open
    }

    /// ↑ or ↓ (`down`) among the people offered; whether there were any to move among.
    pub fn step(&mut self, down: bool) -> bool {
        let Some(last) = self.suggestions.len().checked_sub(1) else {
            return false;
        };
        self.chosen = if down {
            (self.chosen + 1).min(last)
        } else {
            self.chosen.saturating_sub(1)
        };
        true
    }

    fn pick(&mut self, picked: Picked) -> Outcome {
        self.search.clear();
        self.search.text = picked.name.clone();
        self.picked = Some(picked.clone());
        self.suggestions.clear();
        self.error = None;
        Outcome::Linked(picked)
    }

    fn find(&self, workspace: &Workspace) -> Task<Message> {
        let typed = self.search.text.clone();
        if typed.trim().is_empty() {
            return Task::none();
        }
        let query = ContactQuery {
            text: typed.clone(),
            scope: TextScope::Identity,
            limit: SUGGESTIONS,
            ..ContactQuery::default()
        };
        workspace.run(
            move |s| s.contact_suggestions(&query),
            move |rows| Message::Found(typed, rows),
        )
    }

    /// The field under the label "Contact"; `linked_to` ends the confirmation ("✓ Ada Lovelace is
    /// linked to this ticket").
    pub fn view<'a>(&'a self, id: &'static str, linked_to: &'static str) -> Element<'a, Message> {
        let input = crate::ui::widget::field::input(
            "Part of a name, e-mail or company, or a phone number",
            &self.search.text,
        )
        .id(id)
        .on_input(Message::Changed)
        .on_submit(Message::Submitted)
        .padding(6)
        .style(theme::input(self.error.is_some()));
        let mut field = column![labelled("Contact", input, self.error.clone())].spacing(4);
        if let Some(picked) = &self.picked {
            field = field.push(
                text(format!("✓ {} is linked to {linked_to}", picked.name))
                    .size(13)
                    .style(theme::success_text),
            );
        } else if !self.suggestions.is_empty() {
            let list =
                self.suggestions
                    .iter()
                    .enumerate()
                    .fold(column![].spacing(2), |c, (i, r)| {
                        // Both wrap, a long address within its letters: a suggestion ran past the list's
                        // edge in a 1024-pixel window ("victor.demir278@post.example").
                        let line = row![
                            text(r.name.as_str()).wrapping(text::Wrapping::WordOrGlyph),
                            text(r.company.as_deref().unwrap_or(r.email.as_str()))
                                .size(13)
                                .wrapping(text::Wrapping::WordOrGlyph)
                                .style(theme::muted_text),
                        ]
                        .spacing(8)
                        .align_y(Alignment::Center);
                        c.push(
                            button(line)
                                .on_press(Message::Picked(picked_from(r)))
                                .style(theme::list_row(i == self.chosen))
                                .width(Length::Fill),
                        )
                    });
            field = field.push(container(list).padding(4).style(theme::card));
        } else if !self.search.text.trim().is_empty() {
            field = field.push(
                text("Nobody found yet; keep typing, or leave the field empty for no contact.")
                    .size(13)
                    .style(theme::muted_text),
            );
        }
        field.into()
    }
}

fn picked_from(row: &ContactRow) -> Picked {
    Picked {
        id: row.id,
        name: row.name.clone(),
        company: row.company.clone(),
    }
}
