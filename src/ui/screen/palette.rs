//! The search palette (Ctrl+K / Ctrl+F): one box that searches every kind of record through the
//! store's full-text index, results grouped by kind; arrows choose, Enter opens.

use iced::widget::text::Wrapping;
use iced::widget::{button, column, container, row, scrollable, text};
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
const RESULTS_ID: &str = "search-palette-results";
const PER_KIND: u32 = 6;

/// Each line of the results has a fixed height (its text never wraps), so where a hit sits in the
/// list is known exactly: the arrow keys scroll it into view, and the list takes only the height
/// it needs up to [`MAX_LIST`], leaving the keys' hint in sight below it.
const TITLE_LINE: f32 = 22.0;
const SMALL_LINE: f32 = 17.0;
const HIT_PADDING: f32 = 8.0;
const GROUP_TITLE: f32 = 29.0;
const SPACING: f32 = 2.0;
const MAX_LIST: f32 = 380.0;

#[derive(Debug, Default)]
pub struct Palette {
    typing: Typing,
    searched: Option<String>,
    hits: Vec<SearchHit>,
    selected: usize,
    error: Option<String>,
    /// Enter came before the results of the text now typed: the first of those opens when they
    /// arrive, not a hit of the earlier text still on screen.
    open_when_found: bool,
    /// How far the results are scrolled, as last set here or by the user.
    offset: f32,
    /// The kinds with more hits than are shown: their group title says so (six activities about
    /// "grinder" were shown of twenty, with nothing to say there were more).
    more: Vec<SearchKind>,
}

#[derive(Debug, Clone)]
pub enum Message {
    TextChanged(String),
    Settled(u64),
    Found(u64, Shared<Vec<SearchHit>>),
    Picked(usize),
    Submitted,
    Scrolled(f32),
}

impl Palette {
    pub fn open() -> (Self, Task<Message>) {
        (Palette::default(), iced::widget::operation::focus(INPUT_ID))
    }

    pub fn update(&mut self, workspace: &Workspace, message: Message) -> Action<Message> {
        match message {
            Message::TextChanged(text) => Action::Run(self.typing.changed(text, Message::Settled)),
            Message::Settled(typing) if self.typing.is_latest(typing) => self.search(workspace),
            Message::Settled(_) => Action::None,
            Message::Found(typing, result) if self.typing.is_latest(typing) => {
                match result {
                    Ok(hits) => {
                        // One more than shown was asked for, to know whether there are more.
                        self.more.clear();
                        self.hits = Vec::with_capacity(hits.len());
                        for hit in hits {
                            let shown = self.hits.iter().filter(|h| h.kind == hit.kind).count();
                            if shown < PER_KIND as usize {
                                self.hits.push(hit);
                            } else if !self.more.contains(&hit.kind) {
                                self.more.push(hit.kind);
                            }
                        }
                        self.error = None;
                    }
                    Err(e) => self.error = Some(e.to_string()),
                }
                self.searched = Some(self.typing.text.clone());
                self.selected = 0;
                self.offset = 0.0;
                if std::mem::take(&mut self.open_when_found) {
                    return self.open_hit(0);
                }
                Action::Run(scroll_to(RESULTS_ID, 0.0))
            }
            Message::Found(..) => Action::None,
            Message::Picked(i) => self.open_hit(i),
            Message::Submitted => self.submit(workspace),
            Message::Scrolled(y) => {
                self.offset = y;
                Action::None
            }
        }
    }

    pub fn intent(&mut self, workspace: &Workspace, intent: Intent) -> Action<Message> {
        match intent {
            Intent::Down if !self.hits.is_empty() => {
                self.selected = (self.selected + 1).min(self.hits.len() - 1);
                self.follow()
            }
            Intent::Up => {
                self.selected = self.selected.saturating_sub(1);
                self.follow()
            }
            Intent::Open => self.submit(workspace),
            _ => Action::None,
        }
    }

    /// Searches for the text as typed now, under the number of the latest keystroke.
    fn search(&mut self, workspace: &Workspace) -> Action<Message> {
        let text = self.typing.text.clone();
        if text.trim().is_empty() {
            self.hits.clear();
            self.searched = None;
            self.open_when_found = false;
            return Action::None;
        }
        let typing = self.typing.settle();
        Action::Run(workspace.run(
            move |s| s.search(&text, PER_KIND + 1),
            move |hits| Message::Found(typing, hits),
        ))
    }

    /// Enter: the chosen hit if the results on screen are those of the text in the box; otherwise
    /// the first hit of that text, searched for at once ("leon", then "hugo" and Enter quickly,
    /// had opened Leon).
    fn submit(&mut self, workspace: &Workspace) -> Action<Message> {
        if self.searched.as_deref() == Some(self.typing.text.as_str()) {
            return self.open_hit(self.selected);
        }
        if self.open_when_found {
            return Action::None;
        }
        self.open_when_found = true;
        self.search(workspace)
    }

    /// Scrolls the chosen hit into view, as little as it takes (with its group's title, when it
    /// is the first of its kind).
    fn follow(&mut self) -> Action<Message> {
        let i = self.selected;
        let (mut top, bottom) = self.span(i);
        if i == 0 || self.hits.get(i - 1).map(|h| h.kind) != self.hits.get(i).map(|h| h.kind) {
            top -= GROUP_TITLE + SPACING;
        }
        let height = self.list_height();
        let to = if top < self.offset {
            top
        } else if bottom > self.offset + height {
            bottom - height
        } else {
            return Action::None;
        };
        self.offset = to;
        Action::Run(scroll_to(RESULTS_ID, to))
    }

    /// Where hit `i` starts and ends in the list (its group's title above the first of a kind).
    fn span(&self, i: usize) -> (f32, f32) {
        let mut y = 0.0;
        let mut kind = None;
        for (n, hit) in self.hits.iter().enumerate() {
            if kind != Some(hit.kind) {
                kind = Some(hit.kind);
                y += GROUP_TITLE + SPACING;
            }
            let height = hit_height(hit);
            if n == i {
                return (y, y + height);
            }
            y += height + SPACING;
        }
        (y, y)
    }

    fn list_height(&self) -> f32 {
        match self.hits.len() {
            0 => 0.0,
            n => self.span(n - 1).1.min(MAX_LIST),
        }
    }

    fn open_hit(&self, i: usize) -> Action<Message> {
        let Some(hit) = self.hits.get(i) else {
            return Action::None;
        };
        Action::Open(match hit.kind {
            SearchKind::Contact => Destination::Contact(ContactId(hit.id)),
            SearchKind::Company => Destination::Company(CompanyId(hit.id)),
            SearchKind::Deal => Destination::Deal(crate::domain::DealId(hit.id)),
            SearchKind::Activity => Destination::ContactOfActivity(ActivityId(hit.id)),
            SearchKind::Ticket => Destination::Ticket(TicketId(hit.id)),
        })
    }

    pub fn view(&self) -> Element<'_, Message> {
        let input = crate::ui::widget::field::input(
            "Search contacts, companies, deals, activities, tickets…",
            &self.typing.text,
        )
        .id(INPUT_ID)
        .on_input(Message::TextChanged)
        .on_submit(Message::Submitted)
        .padding(10)
        .size(18);
        let one_line = |t: String, size: f32, height: f32| {
            text(t)
                .size(size)
                .wrapping(Wrapping::None)
                .height(Length::Fixed(height))
        };
        let mut results = column![].spacing(SPACING);
        let mut kind = None;
        for (i, hit) in self.hits.iter().enumerate() {
            if kind != Some(hit.kind) {
                kind = Some(hit.kind);
                results = results.push(
                    container(
                        text(if self.more.contains(&hit.kind) {
                            format!(
                                "{} · the first {PER_KIND}; add a word to find the others",
                                group_title(hit.kind)
                            )
                        } else {
                            group_title(hit.kind).to_string()
                        })
                        .size(13)
                        .style(theme::muted_text),
                    )
                    .padding([6, 4])
                    .height(Length::Fixed(GROUP_TITLE)),
                );
            }
            let mut line = column![one_line(hit.title.clone(), 16.0, TITLE_LINE)];
            if !hit.snippet.is_empty() {
                line = line
                    .push(one_line(hit.snippet.clone(), 12.0, SMALL_LINE).style(theme::muted_text));
            }
            if let Some(context) = context(hit) {
                line = line.push(one_line(context, 12.0, SMALL_LINE).style(theme::muted_text));
            }
            results = results.push(
                button(line)
                    .on_press(Message::Picked(i))
                    .style(theme::list_row(i == self.selected))
                    .width(Length::Fill)
                    .height(Length::Fixed(hit_height(hit)))
                    .clip(true)
                    .padding([HIT_PADDING / 2.0, 8.0]),
            );
        }
        let footer = match (&self.error, &self.searched) {
            (Some(e), _) => text(format!("Search failed: {e}")).style(theme::error_text),
            // The query cut short: a pasted page had grown the palette past the window.
            (None, Some(q)) if self.hits.is_empty() => text(format!(
                "Nothing matches “{}”.",
                crate::domain::validation::shortened(q)
            ))
            .style(theme::muted_text)
            .wrapping(Wrapping::WordOrGlyph),
            (None, None) => {
                text("Type a name, an e-mail, a company, a deal, words from a note or a ticket.")
                    .style(theme::muted_text)
            }
            _ => text("↑ ↓ to choose · Enter to open · Esc to close")
                .size(12)
                .style(theme::muted_text),
        };
        container(
            column![
                input,
                scrollable(results)
                    .id(RESULTS_ID)
                    .on_scroll(|v| Message::Scrolled(v.absolute_offset().y))
                    .height(Length::Fixed(self.list_height())),
                row![footer]
            ]
            .spacing(8),
        )
        .padding(16)
        .width(640)
        .style(theme::modal)
        .into()
    }
}

/// Six calls "about the grinder" are told apart by whom they were with, and when.
fn context(hit: &SearchHit) -> Option<String> {
    let parts: Vec<String> = [
        Some(hit.about.clone()).filter(|a| !a.trim().is_empty()),
        hit.at.map(local_date),
    ]
    .into_iter()
    .flatten()
    .collect();
    (!parts.is_empty()).then(|| parts.join(" · "))
}

/// A hit's height: its title, and a line each for its snippet and its context.
fn hit_height(hit: &SearchHit) -> f32 {
    let small = usize::from(!hit.snippet.is_empty()) + usize::from(context(hit).is_some());
    HIT_PADDING + TITLE_LINE + SMALL_LINE * small as f32
}

fn scroll_to(id: &'static str, y: f32) -> Task<Message> {
    iced::widget::operation::scroll_to(id, scrollable::AbsoluteOffset { x: 0.0, y })
}

fn group_title(kind: SearchKind) -> &'static str {
    match kind {
        SearchKind::Contact => "Contacts",
        SearchKind::Company => "Companies",
        SearchKind::Deal => "Deals",
        SearchKind::Activity => "Activities",
        SearchKind::Ticket => "Tickets",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hit(kind: SearchKind, id: i64) -> SearchHit {
        SearchHit {
            kind,
            id,
            title: format!("Hit {id}"),
            snippet: "words around the match".into(),
            about: "Nordlicht Bakery".into(),
            at: None,
        }
    }

    /// Down through two groups of six keeps the chosen hit inside the list's view, and Up back to
    /// the first scrolls to the top again.
    #[test]
    fn the_arrow_keys_keep_the_chosen_hit_in_view() {
        let mut palette = Palette {
            hits: (0..6)
                .map(|i| hit(SearchKind::Contact, i))
                .chain((6..12).map(|i| hit(SearchKind::Activity, i)))
                .collect(),
            ..Palette::default()
        };
        let height = palette.list_height();
        assert!(height <= MAX_LIST && height > 0.0);
        let mut scrolled = false;
        for i in 1..12 {
            palette.selected = i;
            scrolled |= matches!(palette.follow(), Action::Run(_));
            let (top, bottom) = palette.span(i);
            assert!(
                top >= palette.offset && bottom <= palette.offset + height,
                "hit {i} at {top}..{bottom}, view {}..{}",
                palette.offset,
                palette.offset + height
            );
        }
        assert!(scrolled, "twelve hits of three lines overflow the list");
        palette.selected = 0;
        assert!(matches!(palette.follow(), Action::Run(_)));
        assert_eq!(
            palette.offset, 0.0,
            "back to the top, the group's title in view"
        );
    }
}
