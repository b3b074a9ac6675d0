//! Keyboard intents: the ones the whole window answers (search, help, undo, sections), and the
//! rest handed to the screen in view.

use iced::Task;

use crate::ui::screen::{analytics, contacts as contacts_screen, help, welcome};
use crate::ui::widget::focus_in_view::show_focused;
use crate::ui::widget::page_keys::{self, PAGE_ID};

use super::{Message, Overlay, Ready, Step, View};
use crate::ui::screen::{Destination, Section, palette};
use crate::ui::shortcuts::Intent;
use crate::ui::widget::menu_escape::menu_closed_by_escape;
use crate::ui::widget::text_focus::{anything_focused, text_focused};

impl Ready {
    pub(super) fn shortcut(&mut self, intent: Intent) -> Task<Message> {
        // A drop-down menu closed by this Escape has used it: the form behind the menu stays.
        if intent == Intent::Close {
            return menu_closed_by_escape().then(|menu| {
                if menu {
                    Task::none()
                } else {
                    Task::done(Message::Closing)
                }
            });
        }
        self.act_on(intent)
    }

    /// What a keyboard intent does once nothing else (a drop-down menu) has taken its key.
    pub(super) fn act_on(&mut self, intent: Intent) -> Task<Message> {
        match (&mut self.overlay, intent) {
            (Some(Overlay::Palette(_)), Intent::Close | Intent::Search)
            | (Some(Overlay::Help), Intent::Close | Intent::Help) => {
                self.overlay = None;
                return Task::none();
            }
            (Some(Overlay::Palette(palette)), _) => {
                let action = palette.intent(&self.workspace, intent);
                return self.act(action, Message::Palette);
            }
            (Some(Overlay::ConfirmLeave(_)), Intent::Close) => return self.keep_editing(),
            // The question answered from the keyboard too: Enter discards, as the dialog says.
            (Some(Overlay::ConfirmLeave(_)), Intent::Open) => {
                return Task::done(Message::Leave(super::LeaveChoice::Discard));
            }
            (Some(Overlay::Help), _) => {
                return page_keys::scroll(help::HELP_ID, intent).unwrap_or_else(Task::none);
            }
            (Some(_), _) => return Task::none(),
            (None, _) => {}
        }
        let in_form = matches!(self.view, View::ContactForm(_) | View::CompanyForm(_));
        match intent {
            // The welcome screen's choices take Tab as they take ↑/↓: nothing else there has focus.
            Intent::FocusNext | Intent::FocusPrevious
                if matches!(self.view, View::Welcome { .. }) =>
            {
                self.route(intent)
            }
            // On a contact's page the first Tab goes to the log form's subject, what the page is
            // mostly for, rather than to "New task" (first in the window's order).
            Intent::FocusNext if matches!(self.view, View::Contact(_)) => {
                anything_focused().then(|focused| {
                    if focused {
                        round(iced::widget::operation::focus_next)
                    } else {
                        iced::widget::operation::focus(crate::ui::screen::contact::LOG_SUBJECT)
                    }
                    .chain(show_focused())
                    .chain(Task::done(Message::FocusMoved))
                })
            }
            Intent::FocusNext => round(iced::widget::operation::focus_next)
                .chain(show_focused())
                .chain(Task::done(Message::FocusMoved)),
            Intent::FocusPrevious => round(iced::widget::operation::focus_previous)
                .chain(show_focused())
                .chain(Task::done(Message::FocusMoved)),
            Intent::Search => {
                let (palette, task) = palette::Palette::open();
                self.overlay = Some(Overlay::Palette(palette));
                task.map(Message::Palette)
            }
            Intent::Help => {
                self.overlay = Some(Overlay::Help);
                Task::none()
            }
            // In a text field the keys are about the typing: a saved change elsewhere is not
            // taken back while the user corrects a subject line.
            Intent::Undo | Intent::Redo if !in_form => {
                let step = if intent == Intent::Undo {
                    Step::Undo
                } else {
                    Step::Redo
                };
                // Right after an activity or task is saved, its emptied field has the keyboard
                // again, and nothing typed there yet: the keys mean that save.
                // So does an import's result, whose file path keeps the keyboard and which
                // says Ctrl+Z takes the import back.
                let just_saved = match &self.view {
                    View::Contact(page) => page.saved_untouched(),
                    View::Import(screen) => screen.shows_result(),
                    _ => false,
                };
                text_focused().then(move |typing| {
                    if typing && !just_saved {
                        Task::none()
                    } else {
                        Task::done(Message::History(step))
                    }
                })
            }
            Intent::Section(n) => match Section::ALL.get(usize::from(n)) {
                // From the keyboard, the contact list is there to be typed into: its search
                // had waited for a Tab, and the name typed went nowhere.
                Some(Section::Contacts) => Task::batch([
                    self.navigate(Destination::Section(Section::Contacts)),
                    iced::widget::operation::focus(contacts_screen::SEARCH_ID),
                ]),
                Some(&section) => self.navigate(Destination::Section(section)),
                None => Task::none(),
            },
            _ => self.route(intent),
        }
    }

    /// Hands a keyboard intent to the screen in view.
    pub(super) fn route(&mut self, intent: Intent) -> Task<Message> {
        let ws = &self.workspace;
        match &mut self.view {
            View::Contacts => {
                let action = self.contacts.intent(ws, intent);
                self.act(action, Message::Contacts)
            }
            View::Companies => {
                let action = self.companies.intent(ws, intent);
                self.act(action, Message::Companies)
            }
            View::Contact(_) | View::Company(_) if page_keys::scrolls(intent) => {
                scroll_unless_typing(PAGE_ID, intent)
            }
            View::Contact(page) => {
                let action = page.intent(ws, intent);
                self.act(action, Message::Contact)
            }
            View::Company(page) => {
                let action = page.intent(ws, intent);
                self.act(action, Message::Company)
            }
            View::ContactForm(form) => {
                let action = form.intent(ws, intent);
                self.act(action, Message::ContactForm)
            }
            View::CompanyForm(form) => {
                let action = form.intent(ws, intent);
                self.act(action, Message::CompanyForm)
            }
            View::Pipeline(screen) => {
                let action = screen.intent(ws, intent);
                self.act(action, Message::Pipeline)
            }
            View::Tickets(screen) if screen.scrolls_page(intent) => {
                scroll_unless_typing(PAGE_ID, intent)
            }
            View::Tickets(screen) => {
                let action = screen.intent(ws, intent);
                self.act(action, Message::Tickets)
            }
            View::Campaigns(screen) => {
                let action = screen.intent(ws, intent);
                self.act(action, Message::Campaigns)
            }
            View::Tasks(screen) => {
                let action = screen.intent(ws, intent);
                self.act(action, Message::Tasks)
            }
            View::Import(screen) => {
                let action = screen.intent(ws, intent);
                self.act(action, Message::Import)
            }
            View::Duplicates(screen) => {
                let action = screen.intent(ws, intent);
                self.act(action, Message::Duplicates)
            }
            View::Export(screen) if intent == Intent::Close => {
                let action = screen.escape(ws);
                self.act(action, Message::Export)
            }
            View::Dashboard(_) | View::Settings(_) => scroll_unless_typing(PAGE_ID, intent),
            View::Analytics => match self.analytics.key_message(intent) {
                Some(message) => text_focused().then(move |typing| {
                    if typing {
                        Task::none()
                    } else {
                        Task::done(Message::Analytics(message.clone()))
                    }
                }),
                None => scroll_unless_typing(analytics::PAGE_ID, intent),
            },
            View::Welcome {
                opening_demo,
                chosen,
            } => {
                if let Some(next) = welcome::moved(*chosen, intent) {
                    *chosen = next;
                    return Task::none();
                }
                match (intent, welcome::CHOICES.get(*chosen)) {
                    // While the demo is being prepared only "Start empty" is open.
                    (Intent::Open, Some(&choice))
                        if !*opening_demo || choice == welcome::Message::StartEmpty =>
                    {
                        Task::done(Message::Welcome(choice))
                    }
                    _ => Task::none(),
                }
            }
            View::Export(_) => Task::none(),
        }
    }
}

/// Scrolls a page for an arrow, page or Home/End key, unless a text field has the keyboard (the
/// keys then move through the typing).
fn scroll_unless_typing(id: &'static str, intent: Intent) -> Task<Message> {
    if !page_keys::scrolls(intent) {
        return Task::none();
    }
    text_focused().then(move |typing| {
        if typing {
            Task::none()
        } else {
            page_keys::scroll(id, intent).unwrap_or_else(Task::none)
        }
    })
}

/// A focus move that goes round: past the last field iced focuses nothing (what was typed next
/// went nowhere, and only a second Tab came back to the first field), so a move that leaves
/// nothing focused is made once more.
fn round(step: fn() -> Task<Message>) -> Task<Message> {
    step().chain(anything_focused().then(
        move |focused| {
            if focused { Task::none() } else { step() }
        },
    ))
}
