//! The "Keyboard shortcuts" overlay (F1 or Ctrl+/), drawn from the one shortcut table.

use iced::widget::{column, container, row, scrollable, text};
use iced::{Element, Length};

use crate::ui::shortcuts::TABLE;
use crate::ui::theme;

/// The scrollable of the shortcuts, which the arrow and page keys scroll.
pub const HELP_ID: &str = "help";

/// The overlay's tallest: it sits 80 pixels below the window's top, with room below it.
const MAX_HEIGHT: f32 = 900.0;

pub fn view<'a, M: 'a>() -> Element<'a, M> {
    let mut lines = Vec::new();
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
        lines.push(
            row![
                text(chords.join(", ")).size(14).width(Length::Fixed(150.0)),
                text(shortcut.description).size(14).style(theme::muted_text),
            ]
            .spacing(10),
        );
    }
    // Two columns keep the whole table on screen in a small window.
    let right_lines = lines.split_off(lines.len().div_ceil(2));
    let column_of = |lines: Vec<_>| {
        lines
            .into_iter()
            .fold(column![].spacing(5).width(Length::Fill), |c, l| c.push(l))
    };
    // The table scrolls when the window is too short for it (the last rows had been cut off
    // at 1024 by 700), with the way out said above it.
    let list = column![
        row![
            text("Keyboard shortcuts").size(20).width(Length::Fill),
            text("↑ ↓ Page Up/Down scroll · Esc closes")
                .size(12)
                .style(theme::muted_text),
        ]
        .align_y(iced::Alignment::Center),
        scrollable(
            row![column_of(lines), column_of(right_lines)]
                .spacing(24)
                .padding(iced::Padding::ZERO.right(14)),
        )
        .id(HELP_ID)
        .height(Length::Shrink),
    ]
    .spacing(12);
    container(list)
        .padding(20)
        .width(Length::Fill)
        .max_width(760)
        .max_height(MAX_HEIGHT)
        .style(theme::modal)
        .into()
}
