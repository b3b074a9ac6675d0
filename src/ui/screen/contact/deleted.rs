//! What a deleted contact's page says under its name: merged into someone (who is opened from
//! here), erased at their request (for good), or simply deleted (and restored from here).

use iced::widget::{button, row, text};
use iced::{Element, Length};

use super::Message;
use crate::domain::{Contact, ContactId};
use crate::ui::theme;
use crate::ui::widget::deleted_banner;

/// The notice for `contact` if it is deleted; `merged_into` names the contact it went into.
pub(super) fn notice<'a>(
    contact: &Contact,
    merged_into: Option<&'a (ContactId, String)>,
) -> Option<Element<'a, Message>> {
    contact.deleted_at?;
    Some(match merged_into {
        // Restoring a merged-away card brings back the card alone: its records stay with the
        // contact it went into, which the page names and opens.
        Some((survivor, name)) => row![
            text(format!(
                "This contact was merged into {name}, who now has its activities, deals, \
                 tickets, orders and campaigns (Undo of the merge separates them again)."
            ))
            .style(theme::error_text)
            .width(Length::Fill),
            button(text(format!("Open {name}")))
                .on_press(Message::OpenContact(*survivor))
                .style(button::primary),
            button(text("Restore the card alone"))
                .on_press(Message::Restore)
                .style(button::secondary),
        ]
        .spacing(12)
        .align_y(iced::Alignment::Center)
        .into(),
        // Kept only so their deals and orders still add up: Restore would bring back a live
        // "Erased person" to log calls with, count and target.
        None if contact.is_erased() => text(
            "This person was erased at their request: nothing personal is held about them, \
             and they cannot be restored.",
        )
        .style(theme::error_text)
        .into(),
        None => deleted_banner("contact", Message::Restore),
    })
}
