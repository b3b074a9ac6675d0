//! The "Keyboard shortcuts" overlay (F1 or Ctrl+/), drawn from the one shortcut table.

use iced::widget::{column, container, row, text};
use iced::{Element, Length};

use crate::ui::shortcuts::TABLE;
use crate::ui::theme;

pub fn view<'a, M: 'a>() -> Element<'a, M> {
    let mut list = column![text("Keyboard shortcuts").size(20)].spacing(6);
    let mut seen: Vec<&str> = Vec::new();
    for shortcut in TABLE {
        // Chords bound to the same action share one line: "Ctrl+K, Ctrl+F  Search everything".
        if seen.contains(&shortcut.description) {
            continue;
        }
        seen.push(shortcut.description);
        let chords: Vec<String> = TABLE
            .iter()
            .filter(|s| s.description == shortcut.description)
            .map(|s| s.chord.to_string())
            .collect();
        list = list.push(
            row![
                text(chords.join(", ")).width(Length::Fixed(170.0)),
                text(shortcut.description).style(theme::muted_text),
            ]
            .spacing(12),
        );
    }
    list = list.push(
        text("Press Esc to close.")
            .size(12)
            .style(theme::muted_text),
    );
    container(list)
        .padding(20)
        .width(480)
        .style(theme::modal)
        .into()
}
