//! How the file is read (its text encoding and separator, detected and changeable) and its first
//! rows as a table, so the user sees at once whether the columns came apart in the right places.

use std::fmt;

use iced::widget::{column, container, row, scrollable, text};
use iced::{Alignment, Element, Length};

use crate::io::csv_import::{Preview, TextEncoding};
use crate::ui::theme;
use crate::ui::widget::fit;
use crate::ui::widget::menu_escape::closes_on_escape;

/// A column's width in the preview table: wide enough for an e-mail address.
const COLUMN_WIDTH: f32 = 170.0;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Encoding(pub TextEncoding);

impl Encoding {
    pub const ALL: [Encoding; 4] = [
        Encoding(TextEncoding::Utf8),
        Encoding(TextEncoding::Windows1252),
        Encoding(TextEncoding::Utf16Le),
        Encoding(TextEncoding::Utf16Be),
    ];
}

impl fmt::Display for Encoding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self.0 {
            TextEncoding::Windows1252 => "Windows-1252 / Latin-1",
            other => other.label(),
        })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Delimiter(pub u8);

impl Delimiter {
    pub const ALL: [Delimiter; 4] = [
        Delimiter(b','),
        Delimiter(b';'),
        Delimiter(b'\t'),
        Delimiter(b'|'),
    ];
}

impl fmt::Display for Delimiter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self.0 {
            b',' => "Comma ,",
            b';' => "Semicolon ;",
            b'\t' => "Tab",
            b'|' => "Bar |",
            _ => "Other",
        })
    }
}

#[derive(Debug, Clone, Copy)]
pub enum Message {
    EncodingPicked(Encoding),
    DelimiterPicked(Delimiter),
}

/// The encoding and separator pickers, showing what was detected.
pub fn options(preview: &Preview) -> Element<'_, Message> {
    row![
        text("Encoding").size(13).style(theme::muted_text),
        closes_on_escape(
            crate::ui::widget::field::pick(
                Encoding::ALL,
                Some(Encoding(preview.encoding)),
                Message::EncodingPicked
            )
            .width(Length::Fixed(250.0))
        ),
        text("Separator").size(13).style(theme::muted_text),
        closes_on_escape(
            crate::ui::widget::field::pick(
                Delimiter::ALL,
                Some(Delimiter(preview.delimiter)),
                Message::DelimiterPicked
            )
            .width(Length::Fixed(150.0))
        ),
        text(format!("{} columns", preview.headers.len()))
            .size(13)
            .style(theme::muted_text),
    ]
    .spacing(10)
    .align_y(Alignment::Center)
    .into()
}

/// The headers and first rows, scrolling sideways when the file is wide.
pub fn table<'a, M: 'a>(preview: &'a Preview) -> Element<'a, M> {
    // One line per row: a cell's line breaks (notes, addresses) show as ⏎.
    // Cut to the column with "…" (clipped, "Head of Purchasing and Logi" ended mid-letter).
    let cell = |value: &'a str| {
        let value = value.replace("\r\n", "\n").replace('\n', " ⏎ ");
        container(text(fit::fitted(&value, 13.0, COLUMN_WIDTH).into_owned()).size(13))
            .width(Length::Fixed(COLUMN_WIDTH))
            .clip(true)
    };
    let mut header = row![].spacing(8);
    for h in &preview.headers {
        header = header.push(cell(h.as_str()));
    }
    let mut rows = column![container(header.padding([4, 8])).style(theme::header_row)].spacing(4);
    for r in &preview.rows {
        let mut line = row![].spacing(8).padding([0, 8]);
        for i in 0..preview.headers.len() {
            line = line.push(cell(r.get(i).map_or("", String::as_str)));
        }
        rows = rows.push(line);
    }
    if preview.rows.is_empty() {
        rows =
            rows.push(text("The file has a header row but no data rows.").style(theme::muted_text));
    }
    scrollable(rows.padding(iced::Padding::ZERO.bottom(12)))
        .direction(scrollable::Direction::Horizontal(
            scrollable::Scrollbar::default(),
        ))
        .width(Length::Fill)
        .into()
}
