//! The analytics panel's plain tables (segment profiles, tree rules, scores): a header and rows
//! whose cells wrap within their share of the row.

use iced::widget::{Space, button, column, container, responsive, row, scrollable, text};
use iced::{Alignment, Element, Length};

use super::super::{Message, SegmentSource};
use crate::ui::theme;

/// The least width a share of a row takes: narrower, a figure wrapped a letter or two a line
/// ("€26,/579./70" at 760 pixels); wider, the segments' table scrolled at 1200 to show a margin.
const LEAST_PER_PORTION: f32 = 25.0;

/// A plain table: a header and rows of text cells, each row optionally offering "Save as segment".
/// Too narrow for its columns' least widths, it keeps them and scrolls sideways.
pub(in crate::ui::screen::analytics) fn table<'a>(
    header: Vec<(&'a str, u16)>,
    rows: Vec<(Vec<String>, Option<SegmentSource>)>,
) -> Element<'a, Message> {
    let saves = rows.iter().any(|(_, save)| save.is_some());
    let portions: f32 = header.iter().map(|(_, p)| f32::from(*p)).sum();
    let gaps = 8.0 * header.len() as f32 + 24.0;
    let least = portions * LEAST_PER_PORTION + gaps + if saves { SAVE_WIDTH } else { 0.0 };
    sideways_below(least, move || whole(header.clone(), rows.clone()))
}

/// `content` at the width it is given, or at `least` and scrolling sideways when that is less.
pub(super) fn sideways_below<'a>(
    least: f32,
    content: impl Fn() -> Element<'a, Message> + 'a,
) -> Element<'a, Message> {
    responsive(move |size| {
        if size.width >= least {
            content()
        } else {
            scrollable(container(content()).width(Length::Fixed(least)))
                .direction(scrollable::Direction::Horizontal(
                    scrollable::Scrollbar::default(),
                ))
                .into()
        }
    })
    .height(Length::Shrink)
    .into()
}

/// [`table`] at the width it is given.
fn whole<'a>(
    header: Vec<(&'a str, u16)>,
    rows: Vec<(Vec<String>, Option<SegmentSource>)>,
) -> Element<'a, Message> {
    let portions: Vec<u16> = header.iter().map(|(_, p)| *p).collect();
    let saves = rows.iter().any(|(_, save)| save.is_some());
    let mut head = row![].spacing(8);
    for (label, portion) in header {
        head = head.push(
            // Wrapping as the cells do: a word wider than a narrow column ran into the next.
            container(
                text(label)
                    .size(13)
                    .style(theme::muted_text)
                    .wrapping(text::Wrapping::WordOrGlyph),
            )
            .width(Length::FillPortion(portion)),
        );
    }
    if saves {
        head = head.push(Space::new().width(Length::Fixed(SAVE_WIDTH)));
    }
    let mut body = column![container(head).padding([4, 8]).style(theme::header_row)].spacing(0);
    for (cells, save) in rows {
        let mut line = row![].spacing(8).align_y(Alignment::Center);
        for (value, &portion) in cells.into_iter().zip(&portions) {
            line = line.push(wrapping_cell(value, portion));
        }
        if saves {
            line = line.push(match save {
                Some(source) => Element::from(
                    button(
                        text("Save as segment")
                            .size(13)
                            .wrapping(text::Wrapping::None),
                    )
                    .on_press(Message::AskSegment(source))
                    .style(button::text)
                    .width(Length::Fixed(SAVE_WIDTH)),
                ),
                None => Space::new().width(Length::Fixed(SAVE_WIDTH)).into(),
            });
        }
        body = body.push(container(line).padding([3, 8]));
    }
    container(body).style(theme::card).padding(4).into()
}

const SAVE_WIDTH: f32 = 140.0;

/// A cell whose text wraps within its share of the row: clipped, a rule's items ("Ethiopia
/// Yirgacheffe 250 g + Gooseneck Kettle") were cut mid-word with no way to read the rest.
pub(super) fn wrapping_cell<'a>(value: String, portion: u16) -> Element<'a, Message> {
    container(text(value).size(14).wrapping(text::Wrapping::WordOrGlyph))
        .width(Length::FillPortion(portion))
        .into()
}
