//! Likely duplicate contacts (the same e-mail, the same phone, or a similar name at the same
//! company), and merging a pair: both side by side, the user picks field by field which value
//! survives, and Merge writes it as one change set — one Undo separates them again.

mod compare;

use iced::widget::{button, column, container, row, scrollable, text};
use iced::{Alignment, Element, Length, Task};

use super::{Action, Destination, Section};
use crate::domain::duplicate::Reason;
use crate::domain::{Contact, ContactId};
use crate::store::{Shared, Store};
use crate::ui::shortcuts::Intent;
use crate::ui::theme;
use crate::ui::widget::{empty_state, title_bar};
use crate::ui::workspace::Workspace;

pub use compare::{Compare, Field};

/// The id of the pair list's scrollable, moved to keep the selected pair in view.
const LIST_ID: &str = "duplicate-pairs";

/// Pairs listed at most; after merging some, the next ones appear.
const SHOWN_PAIRS: usize = 200;

pub struct Duplicates {
    pairs: Option<Vec<Pair>>,
    /// The pair the arrow keys are on; Enter opens it.
    selected: Option<usize>,
    compare: Option<Compare>,
    /// What the last merge did.
    note: Option<String>,
    /// The open pair changed elsewhere (an import, another window): what the user should check.
    changed: Option<String>,
    merging: bool,
}

/// What Merge did: merged, or found the pair changed since it was shown, and merged nothing.
#[derive(Debug, Clone)]
pub enum Merge {
    Done(Box<Contact>),
    Changed(Box<Sides>),
}

/// One likely duplicate as the list shows it.
#[derive(Debug, Clone)]
pub struct Pair {
    pub a: ContactId,
    pub b: ContactId,
    pub a_name: String,
    pub b_name: String,
    pub why: String,
}

/// Both contacts of a pair with their companies' names, read for the side-by-side view.
#[derive(Debug, Clone, PartialEq)]
pub struct Sides {
    pub a: Contact,
    pub b: Contact,
    pub a_company: Option<String>,
    pub b_company: Option<String>,
}

#[derive(Debug, Clone)]
pub enum Message {
    Loaded(Shared<Vec<Pair>>),
    Open(ContactId, ContactId),
    Opened(Shared<Box<Sides>>),
    /// The open pair read again after a change elsewhere.
    Reread(Shared<Box<Sides>>),
    Compare(compare::Message),
    Merge,
    /// The merge's outcome, with the names the two contacts had before it.
    Merged(Names, Shared<Merge>),
    KeepBoth,
    KeptBoth(String, Shared<()>),
    BackToList,
    Close,
}

impl Duplicates {
    pub fn new(workspace: &Workspace) -> (Duplicates, Task<Message>) {
        let screen = Duplicates {
            pairs: None,
            selected: None,
            compare: None,
            note: None,
            changed: None,
            merging: false,
        };
        let task = screen.refresh(workspace);
        (screen, task)
    }

    /// Reads the pairs again (after a merge, or an undo that brought a contact back).
    pub fn refresh(&self, workspace: &Workspace) -> Task<Message> {
        workspace.run(read_pairs, Message::Loaded)
    }

    /// Reads the open pair again after a change made elsewhere: merging what the screen no longer
    /// shows would apply its choices to values the user never saw.
    pub fn reread_pair(&self, workspace: &Workspace) -> Task<Message> {
        match &self.compare {
            Some(compare) if !self.merging => {
                let (a, b) = compare.ids();
                workspace.run(move |s| read_sides(s, a, b), Message::Reread)
            }
            _ => Task::none(),
        }
    }

    /// Whether the list is shown with no pair open and no merge under way: re-reading it then
    /// moves nothing the user is working on.
    pub fn at_rest(&self) -> bool {
        self.selected.is_none() && !self.merging
    }

    /// Undo or Redo moved a step: the note about the last merge may no longer be true.
    pub fn history_moved(&mut self) {
        self.note = None;
    }

    /// Escape: from a pair back to the list, from the list back to Contacts (not mid-merge).
    pub fn escape(&mut self, workspace: &Workspace) -> Action<Message> {
        if self.merging {
            Action::None
        } else if self.compare.is_some() {
            self.update(workspace, Message::BackToList)
        } else {
            self.update(workspace, Message::Close)
        }
    }

    /// The keyboard on the list: arrows (and Home, End, Page Up/Down) move along the pairs, Enter
    /// opens one, Escape goes back.
    pub fn intent(&mut self, workspace: &Workspace, intent: Intent) -> Action<Message> {
        if intent == Intent::Close {
            return self.escape(workspace);
        }
        // Comparing a pair: Ctrl+S merges it as shown, as Save keeps any other form.
        if self.compare.is_some() {
            return match intent {
                Intent::Save if !self.merging => self.update(workspace, Message::Merge),
                _ => Action::None,
            };
        }
        let (Some(pairs), None) = (&self.pairs, &self.compare) else {
            return Action::None;
        };
        let last = pairs.len().checked_sub(1);
        let Some(last) = last else {
            return Action::None;
        };
        let at = self.selected;
        let to = match intent {
            Intent::Up => at.map_or(last, |i| i.saturating_sub(1)),
            Intent::Down => at.map_or(0, |i| (i + 1).min(last)),
            Intent::PageUp => at.map_or(0, |i| i.saturating_sub(PAGE)),
            Intent::PageDown => at.map_or(0, |i| (i + PAGE).min(last)),
            Intent::First => 0,
            Intent::Last => last,
            Intent::Open => {
                return match at.and_then(|i| pairs.get(i)) {
                    Some(pair) => self.update(workspace, Message::Open(pair.a, pair.b)),
                    None => Action::None,
                };
            }
            _ => return Action::None,
        };
        self.selected = Some(to);
        // Snapping in proportion keeps row `to` of `last + 1` equal rows in view.
        let y = if last == 0 {
            0.0
        } else {
            to as f32 / last as f32
        };
        Action::Run(iced::widget::operation::snap_to(
            LIST_ID,
            scrollable::RelativeOffset { x: 0.0, y },
        ))
    }

    pub fn update(&mut self, workspace: &Workspace, message: Message) -> Action<Message> {
        match message {
            Message::Loaded(Ok(pairs)) => {
                self.selected = self.selected.filter(|&i| i < pairs.len());
                self.pairs = Some(pairs);
                Action::None
            }
            Message::Loaded(Err(e)) => {
                self.pairs = Some(Vec::new());
                Action::Failed(format!("Duplicates could not be looked for: {e}"))
            }
            Message::Open(a, b) => {
                Action::Run(workspace.run(move |s| read_sides(s, a, b), Message::Opened))
            }
            Message::Opened(Ok(sides)) => {
                self.note = None;
                self.changed = None;
                self.compare = Some(Compare::new(*sides));
                Action::None
            }
            Message::Reread(result) => {
                let Some(compare) = &mut self.compare else {
                    return Action::None;
                };
                match result {
                    Ok(sides) if *sides == *compare.sides() => Action::None,
                    Ok(sides) if sides.a.deleted_at.is_none() && sides.b.deleted_at.is_none() => {
                        compare.refreshed(*sides);
                        self.changed = Some(CHANGED.into());
                        Action::None
                    }
                    // Merged or deleted elsewhere: there is no pair left to merge.
                    _ => {
                        self.compare = None;
                        self.changed = None;
                        self.note = Some(
                            "The pair was merged, kept apart or deleted elsewhere.".to_string(),
                        );
                        Action::Run(self.refresh(workspace))
                    }
                }
            }
            Message::Opened(Err(e)) => Action::Failed(format!("The pair could not be read: {e}")),
            Message::Compare(m) => {
                if let Some(compare) = &mut self.compare {
                    compare.update(m);
                }
                Action::None
            }
            Message::Merge => self.merge(workspace),
            Message::Merged(_, Ok(Merge::Changed(sides))) => {
                self.merging = false;
                self.update(workspace, Message::Reread(Ok(sides)))
            }
            Message::Merged(names, Ok(Merge::Done(kept))) => {
                self.merging = false;
                self.compare = None;
                self.changed = None;
                self.note = Some(format!(
                    "{}. Their e-mails, phones, tags, activities, deals, tickets, orders and \
                     campaigns are now on one contact; Undo (Ctrl+Z) separates them again.",
                    names.merged(&kept.fields.full_name())
                ));
                Action::Changed { then: None }
            }
            Message::Merged(_, Err(e)) => {
                self.merging = false;
                Action::Failed(format!("The contacts were not merged: {}", e.in_words()))
            }
            Message::KeepBoth => {
                let Some(compare) = &self.compare else {
                    return Action::None;
                };
                let (a, b) = (compare.keep().id, compare.other().id);
                let names = format!(
                    "{} and {}",
                    compare.keep().fields.full_name(),
                    compare.other().fields.full_name()
                );
                Action::Run(workspace.run(
                    move |s| s.keep_apart(a, b),
                    move |r| Message::KeptBoth(names, r),
                ))
            }
            Message::KeptBoth(names, Ok(())) => {
                self.compare = None;
                self.changed = None;
                self.note = Some(format!(
                    "Kept {names} as two people: they are no longer suggested as duplicates. \
                     Undo (Ctrl+Z) takes that back."
                ));
                Action::Changed { then: None }
            }
            Message::KeptBoth(_, Err(e)) => {
                Action::Failed(format!("The pair could not be kept apart: {e}"))
            }
            Message::BackToList => {
                self.compare = None;
                self.changed = None;
                Action::None
            }
            Message::Close => Action::Open(Destination::Section(Section::Contacts)),
        }
    }

    fn merge(&mut self, workspace: &Workspace) -> Action<Message> {
        let Some(compare) = &self.compare else {
            return Action::None;
        };
        if self.merging {
            return Action::None;
        }
        self.merging = true;
        let (keep, other) = (compare.keep().id, compare.other().id);
        let picks = compare.picks();
        let names = Names {
            kept: compare.keep().fields.full_name(),
            other: compare.other().fields.full_name(),
        };
        let shown = compare.sides().clone();
        Action::Run(workspace.run(
            move |s| {
                // Changed since the screen was read (and before the poll noticed): merge nothing,
                // and show the pair as it is now.
                let now = read_sides(s, shown.a.id, shown.b.id)?;
                if *now != shown {
                    return Ok(Merge::Changed(now));
                }
                let kept = s.merge_contacts(keep, other, &picks)?;
                Ok(Merge::Done(Box::new(kept)))
            },
            move |r| Message::Merged(names, r),
        ))
    }

    pub fn view(&self) -> Element<'_, Message> {
        let back = match &self.compare {
            Some(_) => button(text("Back to the list")).on_press(Message::BackToList),
            None => button(text("Back to contacts")).on_press(Message::Close),
        };
        let mut page =
            column![title_bar("Duplicates", [back.style(button::text).into()])].spacing(14);
        if let Some(note) = &self.note {
            page = page.push(text(note.as_str()).style(theme::success_text));
        }
        if let Some(changed) = &self.changed {
            page = page.push(text(changed.as_str()).style(theme::error_text));
        }
        let body: Element<'_, Message> = match (&self.compare, &self.pairs) {
            // The buttons stay below the comparison, not at the end of it: a notice taking
            // room had scrolled Merge out of view (and out from under the pointer).
            (Some(compare), _) => column![
                scrollable(
                    container(compare.view().map(Message::Compare))
                        .padding(iced::Padding::ZERO.right(16)),
                )
                .height(Length::Fill),
                row![
                    text("Ctrl+S merges, Esc goes back")
                        .size(12)
                        .style(theme::muted_text),
                    iced::widget::Space::new().width(Length::Fill),
                    button(text("Keep both: two people"))
                        .on_press_maybe((!self.merging).then_some(Message::KeepBoth))
                        .style(button::secondary),
                    button(text(if self.merging {
                        "Merging…".to_string()
                    } else {
                        format!("Merge as {}", compare.merged_name())
                    }))
                    .on_press_maybe((!self.merging).then_some(Message::Merge))
                    .style(button::primary),
                ]
                .spacing(8)
                .align_y(iced::Alignment::Center)
                .padding(iced::Padding::ZERO.right(16)),
            ]
            .spacing(14)
            .into(),
            (None, None) => text("Looking for duplicates…")
                .style(theme::muted_text)
                .into(),
            (None, Some(pairs)) if pairs.is_empty() => empty_state(
                "No duplicates found",
                "No two contacts share an e-mail address or a phone number, or have nearly the \
                 same name at the same company (pairs you kept as two people aside).",
                Some(("Back to contacts", Message::Close)),
            ),
            (None, Some(pairs)) => pair_list(pairs, self.selected),
        };
        page.push(body).padding(20).into()
    }
}

/// Said over a pair that changed elsewhere while it was open.
const CHANGED: &str = "One of the two was changed elsewhere (an import or another window): both \
                       are shown as they are now. Check your choices, then merge.";

/// Both contacts of a pair, with their companies' names.
fn read_sides(s: &Store, a: ContactId, b: ContactId) -> crate::store::Result<Box<Sides>> {
    let (a, b) = (s.contact(a)?, s.contact(b)?);
    Ok(Box::new(Sides {
        a_company: company_name(s, &a)?,
        b_company: company_name(s, &b)?,
        a,
        b,
    }))
}

/// Pairs a Page Up or Page Down moves.
const PAGE: usize = 10;

fn pair_list(pairs: &[Pair], selected: Option<usize>) -> Element<'_, Message> {
    let count = if pairs.len() >= SHOWN_PAIRS {
        format!("The first {SHOWN_PAIRS} likely duplicates; merge some to see more.")
    } else if pairs.len() == 1 {
        "1 pair of contacts looks like one person.".to_string()
    } else {
        format!(
            "{} pairs of contacts look like one person each.",
            pairs.len()
        )
    };
    let mut list = column![
        text(count).size(13).style(theme::muted_text),
        container(
            row![
                text("Contact").size(13).width(Length::FillPortion(3)),
                text("Possible duplicate")
                    .size(13)
                    .width(Length::FillPortion(3)),
                text("Why").size(13).width(Length::FillPortion(4)),
            ]
            .spacing(8)
            .padding([6, 12]),
        )
        .style(theme::header_row),
    ]
    .spacing(2);
    for (i, pair) in pairs.iter().enumerate() {
        let line = row![
            text(pair.a_name.as_str()).width(Length::FillPortion(3)),
            text(pair.b_name.as_str()).width(Length::FillPortion(3)),
            text(pair.why.as_str())
                .size(13)
                .style(theme::muted_text)
                .width(Length::FillPortion(4)),
        ]
        .spacing(8)
        .align_y(Alignment::Center);
        list = list.push(
            button(line)
                .on_press(Message::Open(pair.a, pair.b))
                .style(theme::list_row(selected == Some(i)))
                .padding([6, 12])
                .width(Length::Fill),
        );
    }
    scrollable(list).id(LIST_ID).height(Length::Fill).into()
}

fn read_pairs(store: &mut Store) -> crate::store::Result<Vec<Pair>> {
    let found = store.find_duplicates(None)?;
    let mut pairs = Vec::new();
    for pair in found.into_iter().take(SHOWN_PAIRS) {
        pairs.push(Pair {
            a_name: store.contact(pair.a)?.fields.full_name(),
            b_name: store.contact(pair.b)?.fields.full_name(),
            why: reasons(&pair.reasons),
            a: pair.a,
            b: pair.b,
        });
    }
    Ok(pairs)
}

fn company_name(store: &Store, contact: &Contact) -> crate::store::Result<Option<String>> {
    contact
        .fields
        .company_id
        .map(|id| store.company(id).map(|c| c.fields.name))
        .transpose()
}

/// "same e-mail ada@example.org; similar name at the same company (96%)".
fn reasons(reasons: &[Reason]) -> String {
    reasons
        .iter()
        .map(|r| match r {
            Reason::SameEmail { email } => format!("same e-mail {email}"),
            Reason::SamePhone { digits } => format!("same phone number (…{digits})"),
            Reason::SimilarName { similarity } => format!(
                "similar name at the same company ({:.0}% alike)",
                similarity * 100.0
            ),
            Reason::SameNameOnly => "same name, and nothing else to tell them apart".into(),
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// The names of a merged pair before the merge.
#[derive(Debug, Clone)]
pub struct Names {
    kept: String,
    other: String,
}

impl Names {
    /// "Merged Alicia Martin into Alice Martin, now named Alicia Martin", or for two records of one
    /// name, "Merged the two contacts named Jonas Wilson".
    fn merged(&self, now: &str) -> String {
        let mut said = if self.other == self.kept {
            format!("Merged the two contacts named {}", self.kept)
        } else {
            format!("Merged {} into {}", self.other, self.kept)
        };
        if now != self.kept {
            said += &format!(", now named {now}");
        }
        said
    }
}

#[cfg(test)]
mod tests {
    use super::Names;

    #[test]
    fn a_merge_names_both_contacts_and_the_name_kept() {
        let names = |kept: &str, other: &str| Names {
            kept: kept.into(),
            other: other.into(),
        };
        assert_eq!(
            names("Alice Martin", "Alicia Martin").merged("Alicia Martin"),
            "Merged Alicia Martin into Alice Martin, now named Alicia Martin"
        );
        assert_eq!(
            names("Alice Martin", "Alicia Martin").merged("Alice Martin"),
            "Merged Alicia Martin into Alice Martin"
        );
        assert_eq!(
            names("Jonas Wilson", "Jonas Wilson").merged("Jonas Wilson"),
            "Merged the two contacts named Jonas Wilson"
        );
    }
}
