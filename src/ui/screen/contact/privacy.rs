//! A person's data-protection requests, at the foot of their page: export everything held about
//! them, or erase them for good — after a confirmation that says what goes and that Undo cannot
//! bring it back.

use iced::widget::{Space, button, column, container, opaque, row, text};
use iced::{Alignment, Element, Length};

use super::{ContactPage, Loaded, Message};
use crate::ui::theme;

impl ContactPage {
    /// `erased`: the person was erased already, and there is nothing left to erase;
    /// `rewrite`: the file could not be rewritten after it, and the card offers to again.
    pub(super) fn privacy_card(&self, erased: bool, rewrite: bool) -> Element<'_, Message> {
        let export = button(text("Export everything held…"))
            .on_press(Message::ExportPerson)
            .style(button::secondary);
        let card = if erased {
            let mut buttons = row![export].spacing(8);
            if rewrite {
                // Erasing an erased person again only rewrites the file.
                buttons = buttons.push(
                    button(text("Rewrite the file"))
                        .on_press(Message::EraseConfirmed)
                        .style(button::danger),
                );
            }
            column![
                text("Personal data").size(18),
                text(
                    "This person's personal data has been erased: only the amounts of their \
                     deals and orders are kept, under “Erased person”.",
                )
                .style(theme::muted_text),
                buttons,
            ]
        } else {
            column![
                text("Personal data").size(18),
                text(
                    "Answer a data-protection request: everything Kith holds about this person \
                     in one file, or their personal data erased.",
                )
                .style(theme::muted_text),
                // A narrow card puts the second button under the first: squeezed beside it,
                // "Erase personal data…" broke over two lines inside its button.
                row![
                    export,
                    button(text("Erase personal data…").wrapping(text::Wrapping::None))
                        .on_press(Message::EraseAsked(true))
                        .style(button::danger),
                ]
                .spacing(8)
                .wrap()
                .vertical_spacing(8),
            ]
        }
        .spacing(10);
        container(card)
            .padding(14)
            .width(Length::Fill)
            .style(theme::card)
            .into()
    }

    /// "Erase … for good?", over the page (the card is at its foot, often out of view), with the
    /// page dimmed behind it until the user answers.
    pub(super) fn erase_confirmation<'a>(&'a self, loaded: &'a Loaded) -> Element<'a, Message> {
        let name = loaded.contact.fields.full_name();
        let dialog = move |short: bool| {
            let why = text(
                "Their name, e-mails, phones, address, notes and custom fields, the text of \
                 their activities and tasks (those on their deals and tickets too), every \
                 message of their tickets, their deals' notes, the cards merged into this one \
                 and the change history about them are removed from the workspace file, and \
                 their full name, e-mails and phones are taken out of every other record that \
                 writes them (deal titles, other contacts' notes and job titles, company, tag \
                 and campaign names). Deals and orders keep their amounts under “Erased \
                 person”. Undo cannot bring any of it back. The file is then rewritten so no \
                 copy lingers in it (a few seconds for a large workspace); backups made before \
                 (Settings → Backups) still hold the person until they are deleted.",
            );
            // In a short window the explanation scrolls and the buttons keep their room: at
            // 760×480 under a notice, Keep and Erase for good had been squeezed to two
            // unlabelled slivers. In a tall one the box is as tall as its text.
            let why: Element<'a, Message> = if short {
                iced::widget::scrollable(container(why).padding(iced::Padding::ZERO.right(14)))
                    .height(Length::Fill)
                    .into()
            } else {
                why.into()
            };
            container(
                column![
                    text(format!("Erase {name} for good?")).size(16),
                    why,
                    row![
                        Space::new().width(Length::Fill),
                        button(text("Keep"))
                            .on_press(Message::EraseAsked(false))
                            .style(button::secondary),
                        button(text("Erase for good"))
                            .on_press(Message::EraseConfirmed)
                            .style(button::danger),
                    ]
                    .spacing(8),
                ]
                .spacing(10),
            )
            .padding(16)
            .max_width(560)
            .style(theme::modal)
        };
        let page = iced::widget::responsive(move |size| {
            column![
                Space::new().height(40),
                opaque(dialog(size.height < TALL_ENOUGH))
            ]
            .align_x(Alignment::Center)
            .into()
        });
        opaque(
            container(page)
                .center_x(Length::Fill)
                .height(Length::Fill)
                .style(theme::backdrop),
        )
    }
}

/// The height under which the erase question's explanation scrolls: the dialog and the room
/// above it, with the text whole, at the narrowest window.
const TALL_ENOUGH: f32 = 480.0;
