//! The search palette (Ctrl+K / Ctrl+F): one box that searches every kind of record through the
//! store's full-text index, results grouped by kind; arrows choose, Enter opens.

use iced::widget::{button, column, container, row, scrollable, text, text_input};
use iced::{Element, Length, Task};

use super::{Action, Destination};
use crate::domain::{ActivityId, CompanyId, ContactId, TicketId};
use crate::store::{SearchHit, SearchKind, Shared};
use crate::ui::shortcuts::Intent;
use crate::ui::theme;
use crate::ui::widget::local_date;
use crate::ui::widget::typing::Typing;
use crate::ui::workspace::Workspace;

pub const INPUT_ID: &str = "search-palette";
const PER_KIND: u32 = 6;

#[derive(Debug, Default)]
pub struct Palette {
    typing: Typing,
    searched: Option<String>,
    hits: Vec<SearchHit>,
    selected: usize,
    error: Option<String>,
}

#[derive(Debug, Clone)]
pub enum Message {
    TextChanged(String),
    Settled(u64),
    Found(u64, Shared<Vec<SearchHit>>),
    Picked(usize),
    Submitted,
}

impl Palette {
    pub fn open() -> (Self, Task<Message>) {
        (Palette::default(), iced::widget::operation::focus(INPUT_ID))
    }

    pub fn update(&mut self, workspace: &Workspace, message: Message) -> Action<Message> {
        match message {
            Message::TextChanged(text) => Action::Run(self.typing.changed(text, Message::Settled)),
            Message::Settled(typing) if self.typing.is_latest(typing) => {
                let text = self.typing.text.clone();
                if text.trim().is_empty() {
                    self.hits.clear();
                    self.searched = None;
                    return Action::None;
                }
                Action::Run(workspace.run(
                    move |s| s.search(&text, PER_KIND),
                    move |hits| Message::Found(typing, hits),
                ))
            }
            Message::Settled(_) => Action::None,
            Message::Found(typing, result) if self.typing.is_latest(typing) => {
                match result {
                    Ok(hits) => {
                        self.hits = hits;
                        self.error = None;
                    }
                    Err(e) => self.error = Some(e.to_string()),
                }
                self.searched = Some(self.typing.text.clone());
                self.selected = 0;
                Action::None
            }
            Message::Found(..) => Action::None,
            Message::Picked(i) => self.open_hit(i),
            Message::Submitted => self.open_hit(self.selected),
        }
    }

    pub fn intent(&mut self, intent: Intent) -> Action<Message> {
        match intent {
            Intent::Down if !self.hits.is_empty() => {
                self.selected = (self.selected + 1).min(self.hits.len() - 1)
            }
            Intent::Up => self.selected = self.selected.saturating_sub(1),
            Intent::Open => return self.open_hit(self.selected),
            _ => {}
        }
        Action::None
    }

    fn open_hit(&self, i: usize) -> Action<Message> {
        let Some(hit) = self.hits.get(i) else {
            return Action::None;
        };
        Action::Open(match hit.kind {
            SearchKind::Contact => Destination::Contact(ContactId(hit.id)),
            SearchKind::Company => Destination::Company(CompanyId(hit.id)),
            SearchKind::Activity => Destination::ContactOfActivity(ActivityId(hit.id)),
            SearchKind::Ticket => Destination::Ticket(TicketId(hit.id)),
        })
    }

    pub fn view(&self) -> Element<'_, Message> {
        let input = text_input(
            "Search contacts, companies, activities, tickets…",
            &self.typing.text,
        )
        .id(INPUT_ID)
        .on_input(Message::TextChanged)
        .on_submit(Message::Submitted)
        .padding(10)
        .size(18);
        let mut results = column![].spacing(2);
        let mut kind = None;
        for (i, hit) in self.hits.iter().enumerate() {
            if kind != Some(hit.kind) {
                kind = Some(hit.kind);
                results = results.push(
                    container(
                        text(group_title(hit.kind))
                            .size(13)
                            .style(theme::muted_text),
                    )
                    .padding([6, 4]),
                );
            }
            let mut line = column![text(hit.title.as_str())];
            if !hit.snippet.is_empty() {
                line = line.push(text(hit.snippet.as_str()).size(12).style(theme::muted_text));
            }
            // Six calls "about the grinder" are told apart by whom they were with, and when.
            let context: Vec<String> = [
                Some(hit.about.clone()).filter(|a| !a.trim().is_empty()),
                hit.at.map(local_date),
            ]
            .into_iter()
            .flatten()
            .collect();
            if !context.is_empty() {
                line = line.push(text(context.join(" · ")).size(12).style(theme::muted_text));
            }
            results = results.push(
                button(line)
                    .on_press(Message::Picked(i))
                    .style(theme::list_row(i == self.selected))
                    .width(Length::Fill)
                    .padding([4, 8]),
            );
        }
        let footer = match (&self.error, &self.searched) {
            (Some(e), _) => text(format!("Search failed: {e}")).style(theme::error_text),
            (None, Some(q)) if self.hits.is_empty() => {
                text(format!("Nothing matches “{q}”.")).style(theme::muted_text)
            }
            (None, None) => {
                text("Type a name, an e-mail, a company, words from a note or a ticket.")
                    .style(theme::muted_text)
            }
            _ => text("↑ ↓ to choose · Enter to open · Esc to close")
                .size(12)
                .style(theme::muted_text),
        };
        container(
            column![
                input,
                scrollable(results).height(Length::Shrink),
                row![footer]
            ]
            .spacing(8),
        )
        .max_height(520)
        .padding(16)
        .width(640)
        .style(theme::modal)
        .into()
    }
}

fn group_title(kind: SearchKind) -> &'static str {
    match kind {
        SearchKind::Contact => "Contacts",
        SearchKind::Company => "Companies",
        SearchKind::Activity => "Activities",
        SearchKind::Ticket => "Tickets",
    }
}
