//! The frame around the screens: sidebar, status line, notice, and the modal overlays.

use std::path::Path;

use iced::widget::{Space, button, column, container, mouse_area, opaque, row, stack, text};
use iced::{Alignment, Element, Length};

use super::{App, Launch, LeaveChoice, Message, Overlay, Ready, Step, Tone, View};
use crate::ui::screen::{Destination, Section, help, settings as settings_screen, welcome};
use crate::ui::settings::Settings;
use crate::ui::shortcuts::Intent;
use crate::ui::theme;
use crate::ui::widget::{cut_line, empty_state, fit, one_line};
use crate::words::{count, grouped};

pub fn opening<'a>(path: &Path, demo: bool) -> Element<'a, Message> {
    let what = if demo {
        "Preparing the demo workspace"
    } else {
        "Opening"
    };
    empty_state(format!("{what}…"), path.display().to_string(), None)
}

/// A workspace that did not open, and why. Most reasons pass (a large import finishing, another
/// window closing), so it can be tried again from here rather than by quitting and starting again.
pub fn failed<'a>(path: &Path, error: &str) -> Element<'a, Message> {
    // Some reasons say it themselves ("Nothing was changed; try again when it is done").
    let unchanged = if error.contains("othing was changed") || error.contains("was not changed") {
        ""
    } else {
        "\n\nNothing in the file was changed."
    };
    empty_state(
        "This workspace could not be opened",
        format!("{}\n\n{error}{unchanged}", path.display()),
        Some(("Try again", Message::Reopen)),
    )
}

impl Ready {
    pub(super) fn view<'a>(
        &'a self,
        settings: &'a Settings,
        launch: &'a Launch,
        palette: crate::charts::Palette,
    ) -> Element<'a, Message> {
        let content: Element<'a, Message> = match &self.view {
            View::Welcome {
                opening_demo,
                chosen,
            } => welcome::view(*opening_demo, *chosen).map(Message::Welcome),
            View::Contacts => self.contacts.view().map(Message::Contacts),
            View::Contact(page) => page.view().map(Message::Contact),
            View::ContactForm(form) => form.view().map(Message::ContactForm),
            View::Companies => self.companies.view().map(Message::Companies),
            View::Company(page) => page.view().map(Message::Company),
            View::CompanyForm(form) => form.view().map(Message::CompanyForm),
            View::Pipeline(screen) => screen.view().map(Message::Pipeline),
            View::Tickets(screen) => screen.view().map(Message::Tickets),
            View::Campaigns(screen) => screen.view().map(Message::Campaigns),
            View::Tasks(screen) => screen.view().map(Message::Tasks),
            View::Analytics => self.analytics.view(palette.clone()).map(Message::Analytics),
            View::Dashboard(screen) => screen.view(palette).map(Message::Dashboard),
            View::Settings(page) => settings_screen::view(
                settings,
                settings_screen::Paths {
                    workspace: self.workspace.path(),
                    settings: launch.settings_path.as_deref(),
                },
                page,
            )
            .map(Message::Settings),
            View::Import(screen) => screen.view().map(Message::Import),
            View::Duplicates(screen) => screen.view().map(Message::Duplicates),
            View::Export(screen) => screen.view().map(Message::Export),
        };
        // The notice takes its own strip above the status line rather than floating over the
        // page: a floating one covered what it was about (an import's "Review duplicates…").
        let mut main = column![container(content).height(Length::Fill).width(Length::Fill)];
        match &self.notice {
            Some(notice) => main = main.push(self.notice_view(notice)),
            // Gone by itself (its time ran out): its strip stays, empty, until the next screen or
            // the minute's tick, so what is under the pointer does not move as the user reaches
            // for it. Closed with its ×, it takes its strip along.
            None if self.notice_room => {
                main = main.push(Space::new().height(Length::Fixed(NOTICE_STRIP)));
            }
            None => {}
        }
        let main = main.push(self.status_line());
        let base: Element<'a, Message> = match &self.view {
            // A card let go anywhere in the window ends its drag, and so does leaving the window
            // (a release outside it is never seen): the drag had stayed on, and the next click on
            // a column moved the deal there.
            View::Pipeline(_) => {
                let ended = Message::Pipeline(crate::ui::screen::pipeline::Message::DragEnded);
                mouse_area(row![self.sidebar(), main])
                    .on_release(ended.clone())
                    .on_exit(ended)
                    .into()
            }
            _ => row![self.sidebar(), main].into(),
        };
        let mut layers = stack![base];
        if let Some(overlay) = &self.overlay {
            let modal: Element<'a, Message> = match overlay {
                Overlay::Palette(palette) => palette.view().map(Message::Palette),
                Overlay::Help => help::view(),
                Overlay::ConfirmLeave(_) => confirm_leave(self.unsaved().unwrap_or_default()),
                Overlay::Closing { import_cancelled } => closing(*import_cancelled),
            };
            layers = layers.push(opaque(
                mouse_area(
                    container(
                        // Room below too: the keyboard help ran to the window's bottom edge at
                        // 800×600, its last rows under it.
                        column![
                            Space::new().height(80),
                            // Centred whatever its width: the keyboard help, as wide as it may
                            // be up to 760 px, had sat at the left edge over the sidebar.
                            container(opaque(modal))
                                .center_x(Length::Fill)
                                .height(Length::Fill)
                                .align_y(iced::alignment::Vertical::Top),
                            Space::new().height(40)
                        ]
                        .align_x(Alignment::Center),
                    )
                    .center_x(Length::Fill)
                    .height(Length::Fill)
                    .style(theme::backdrop),
                )
                .on_press(Message::Shortcut(Intent::Close)),
            ));
        }
        crate::ui::widget::ctrl_keys::shortcuts_over_text(
            crate::ui::widget::paste_lines::lines_joined_on_paste(
                crate::ui::widget::focus_memory::remembers_focus(layers),
            ),
        )
    }

    pub(super) fn current_section(&self) -> Option<Section> {
        Some(match &self.view {
            View::Contacts
            | View::Contact(_)
            | View::ContactForm(_)
            | View::Import(_)
            | View::Duplicates(_) => Section::Contacts,
            View::Export(screen) => screen.section(),
            View::Companies | View::Company(_) | View::CompanyForm(_) => Section::Companies,
            View::Pipeline(_) => Section::Pipeline,
            View::Tickets(_) => Section::Tickets,
            View::Campaigns(_) => Section::Campaigns,
            View::Tasks(_) => Section::Tasks,
            View::Analytics => Section::Analytics,
            View::Dashboard(_) => Section::Dashboard,
            View::Settings(_) => Section::Settings,
            View::Welcome { .. } => return None,
        })
    }

    fn sidebar(&self) -> Element<'_, Message> {
        let current = self.current_section();
        let mut nav = column![text("Kith").size(24), Space::new().height(12)].spacing(4);
        for section in Section::SIDEBAR {
            let count = match section {
                Section::Contacts => Some(self.counts.contacts),
                Section::Companies => Some(self.counts.companies),
                Section::Pipeline => Some(self.counts.open_deals),
                Section::Tickets => Some(self.counts.active_tickets),
                Section::Campaigns => Some(self.counts.campaigns),
                Section::Tasks => Some(self.counts.open_tasks),
                Section::Dashboard | Section::Analytics | Section::Settings => None,
            };
            let label = row![text(section.label()).width(Length::Fill)]
                .push(count.map(|n| text(grouped(n as i64)).size(12)))
                .align_y(Alignment::Center);
            nav = nav.push(
                button(label)
                    .on_press(Message::Navigate(Destination::Section(section)))
                    .style(theme::nav(current == Some(section)))
                    .width(Length::Fill)
                    .padding([6, 10]),
            );
        }
        nav = nav
            .push(Space::new().height(Length::Fill))
            .push(
                button(text("Search…  Ctrl+K"))
                    .on_press(Message::Shortcut(Intent::Search))
                    .style(button::secondary)
                    .width(Length::Fill),
            )
            .push(
                button(text("Shortcuts  F1"))
                    .on_press(Message::Shortcut(Intent::Help))
                    .style(button::text)
                    .width(Length::Fill),
            );
        container(nav)
            .padding(12)
            .width(200)
            .height(Length::Fill)
            .style(theme::sidebar)
            .into()
    }

    fn status_line(&self) -> Element<'_, Message> {
        let c = &self.counts;
        // The path and the counts share what Undo and Redo leave, each cut with "…": a long
        // path had wrapped the line and pushed Redo out of the window.
        let counts = format!(
            "{} · {} · {} · {}",
            count(c.contacts, "contact"),
            count(c.companies, "company"),
            count(c.open_deals, "open deal"),
            count(c.active_tickets, "active ticket")
        );
        let mut line = row![
            // Cut at its start, so its file name shows.
            container(cut_line(
                self.workspace.path().display().to_string(),
                12.0,
                fit::fitted_tail,
                |t| t
            ))
            .width(Length::FillPortion(2)),
            container(one_line(counts, 12.0, |t| t)).width(Length::FillPortion(3)),
        ]
        .spacing(16)
        .align_y(Alignment::Center);
        if self.workspace.is_busy() {
            line = line.push(text("Working…").size(12));
        }
        line = line
            .push(small_button(
                "Undo",
                self.undo.as_ref().map(|_| Message::History(Step::Undo)),
            ))
            .push(small_button(
                "Redo",
                self.redo.as_ref().map(|_| Message::History(Step::Redo)),
            ));
        container(line)
            .padding([4, 12])
            .width(Length::Fill)
            .style(theme::status_bar)
            .into()
    }

    fn notice_view<'a>(&'a self, notice: &'a super::Notice) -> Element<'a, Message> {
        // A long notice ("Move Espresso bar fit-out for the library to Negotiation") wraps inside
        // the notice's width instead of pushing its Undo and × out of it.
        let long = notice.text.chars().count() > LONG_NOTICE;
        let mut body = row![
            text(notice.text.as_str())
                .width(if long { Length::Fill } else { Length::Shrink })
                .wrapping(iced::widget::text::Wrapping::WordOrGlyph)
        ]
        .spacing(12)
        .align_y(Alignment::Center);
        if notice.tone == Tone::Done {
            body = body.push(
                button(text("Undo"))
                    .on_press(Message::History(Step::Undo))
                    .style(button::primary),
            );
        }
        body = body.push(
            button(text("×"))
                .on_press(Message::NoticeDismissed(notice.id))
                .style(button::text),
        );
        let style = if notice.tone == Tone::Error {
            theme::notice_error
        } else {
            theme::notice
        };
        container(container(body).padding([8, 14]).style(style).max_width(640))
            .center_x(Length::Fill)
            .center_y(Length::Fixed(strip_height(&notice.text)))
            .into()
    }
}

/// The notice strip's height for up to two lines of notice, so an empty strip left in its place
/// (see `view`) takes the same room as most notices.
const NOTICE_STRIP: f32 = 72.0;

/// Characters beyond which a notice's text may not fit beside its buttons on one line.
const LONG_NOTICE: usize = 56;

/// The strip's height for a notice: [`NOTICE_STRIP`] for two lines, and a line's more for each
/// line past two (an Undo refused after a restore says what Undo now takes back in its fourth
/// line, which a fixed strip cut off). Lines are reckoned at [`LONG_NOTICE`] characters, which
/// errs long, so the strip may leave room but never cuts a word off.
fn strip_height(text: &str) -> f32 {
    const LINE: f32 = 22.0;
    let lines = text.chars().count().div_ceil(LONG_NOTICE).max(1) + text.matches('\n').count();
    NOTICE_STRIP + lines.saturating_sub(2) as f32 * LINE
}

fn small_button(label: &str, message: Option<Message>) -> Element<'_, Message> {
    button(text(label).size(12))
        .on_press_maybe(message)
        .style(button::text)
        .padding([0, 6])
        .into()
}

fn closing<'a>(import_cancelled: bool) -> Element<'a, Message> {
    // Closing is no way to keep an import going: one started on the wrong file had run on to
    // its end behind "Taking today's backup".
    let title = if import_cancelled {
        "Cancelling the import (none of it is kept), then taking today's backup…"
    } else {
        "Taking today's backup before closing…"
    };
    container(
        column![
            text(title).size(20),
            text(
                "Kith closes by itself once the snapshot is written; a large workspace takes a \
                 while. Close the window again to skip today's backup."
            )
            .style(theme::muted_text),
        ]
        .spacing(12),
    )
    .padding(20)
    .width(460)
    .style(theme::modal)
    .into()
}

/// The question before leaving unsaved work; `what` says which work and what leaving costs.
fn confirm_leave<'a>(what: &'static str) -> Element<'a, Message> {
    container(
        column![
            text("Discard your changes?").size(20),
            text(what).style(theme::muted_text),
            text("Esc keeps editing · Enter discards")
                .size(12)
                .style(theme::muted_text),
            row![
                Space::new().width(Length::Fill),
                button(text("Keep editing"))
                    .on_press(Message::Leave(LeaveChoice::Stay))
                    .style(button::secondary),
                button(text("Discard changes"))
                    .on_press(Message::Leave(LeaveChoice::Discard))
                    .style(button::danger),
            ]
            .spacing(8),
        ]
        .spacing(12),
    )
    .padding(20)
    .width(460)
    .style(theme::modal)
    .into()
}

impl App {
    /// For tests: whether the window shows a dirty-form question.
    pub fn is_asking_to_discard(&self) -> bool {
        matches!(&self.state, super::State::Ready(r) if matches!(r.overlay, Some(Overlay::ConfirmLeave(_))))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_notice_past_two_lines_gets_a_taller_strip() {
        assert_eq!(strip_height("Saved"), NOTICE_STRIP);
        assert_eq!(strip_height(&"x".repeat(2 * LONG_NOTICE)), NOTICE_STRIP);
        let four_lines = "x".repeat(4 * LONG_NOTICE);
        assert!(strip_height(&four_lines) >= NOTICE_STRIP + 2.0 * 20.0);
    }
}
