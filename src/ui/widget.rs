//! Small building blocks the screens share.

pub mod chart;
pub mod choice_keys;
pub mod combo_focus;
pub mod contact_picker;
pub mod ctrl_keys;
pub mod field;
mod fill_at_least;
pub mod fit;
pub mod focus_in_view;
pub mod focus_memory;
pub mod menu_escape;
pub mod page_keys;
pub mod paged;
pub mod paste_lines;
mod rows_by_key;
pub mod text_focus;
mod title_bar;
pub mod typing;
mod wrapper;

use iced::widget::{Space, Text, button, column, container, row, text};
use iced::{Alignment, Element, Length};

use super::theme;

pub use fill_at_least::fill_at_least;

/// A centred message for an empty list or a screen with nothing to show yet, with an optional action.
pub fn empty_state<'a, M: Clone + 'a>(
    title: impl text::IntoFragment<'a>,
    body: impl text::IntoFragment<'a>,
    action: Option<(&'a str, M)>,
) -> Element<'a, M> {
    let mut content = column![
        text(title).size(20),
        // Centred in its box as the title is over it: a short body ("big.db") sat at the box's
        // left edge, 200 pixels off the title's centre.
        text(body)
            .style(theme::muted_text)
            .width(Length::Fixed(460.0))
            .align_x(iced::alignment::Horizontal::Center),
    ]
    .spacing(10)
    .align_x(Alignment::Center);
    if let Some((label, message)) = action {
        content = content.push(button(text(label)).on_press(message).style(button::primary));
    }
    container(content).center(Length::Fill).padding(24).into()
}

/// A small rounded label (a tag, a stage).
pub fn chip<'a, M: 'a>(label: impl text::IntoFragment<'a>) -> Element<'a, M> {
    container(text(label).size(12))
        .padding([2, 8])
        .style(theme::chip)
        .into()
}

/// Text that takes the width it is given and wraps in it, between letters when a word is longer
/// than the line: a 230-character job title with no space ran across the card beside it.
pub fn long_text<'a>(value: impl text::IntoFragment<'a>) -> iced::widget::Text<'a> {
    text(without_tabs(value.into_fragment()))
        .width(Length::Fill)
        .wrapping(text::Wrapping::WordOrGlyph)
}

/// A tab as spaces: the window's font has no glyph for it, and cells pasted into a note showed
/// a box after each ("a▯ b▯ c").
pub fn without_tabs(value: std::borrow::Cow<'_, str>) -> std::borrow::Cow<'_, str> {
    if value.contains('\t') {
        value.replace('\t', "    ").into()
    } else {
        value
    }
}

/// A form's message above its fields ("Not saved: 2 fields to fix"), or an empty slot in its place.
/// Always there, so the fields below keep their place in the widget tree: iced matches widget state
/// (the focus) by position, and a message that came and went moved the focus to the next field,
/// where the rest of the typing went.
pub fn form_message<'a, M: 'a>(message: Option<&'a str>) -> Element<'a, M> {
    match message {
        Some(message) => text(message).style(crate::ui::theme::error_text).into(),
        // Not `.height(0)`: a column leaves out a child of no size, which moved everything
        // below it up one place in the tree all the same.
        None => Space::new().into(),
    }
}

/// A screen title with actions on the right.
pub fn title_bar<'a, M: 'a>(
    title: impl text::IntoFragment<'a>,
    actions: impl IntoIterator<Item = Element<'a, M>>,
) -> Element<'a, M> {
    // The title takes the room the buttons leave and wraps in it: a 78-character company name
    // once pushed Edit and Delete off the window. Too little room, and the buttons go under it.
    title_bar::title_bar(
        text(title)
            .size(24)
            .width(Length::Fill)
            .wrapping(text::Wrapping::WordOrGlyph)
            .into(),
        actions.into_iter().collect(),
    )
}

/// A date as the user's clock shows it.
pub fn local_date(at: crate::domain::Timestamp) -> String {
    at.to_local().format("%-d %b %Y").to_string()
}

/// A moment as the user's clock shows it.
pub fn local_time(at: crate::domain::Timestamp) -> String {
    at.to_local().format("%-d %b %Y, %H:%M").to_string()
}

/// One cell of a table row: one line, cut to its column with "…".
pub fn cell<'a, M: 'a>(value: impl text::IntoFragment<'a>, portion: u16) -> Element<'a, M> {
    container(one_line(value, CELL_SIZE, |t| t))
        .width(Length::FillPortion(portion))
        .clip(true)
        .into()
}

/// One line of text cut to the width it gets, with "…": clipped, it ended mid-letter at the
/// edge. `style` dresses the text (a muted colour).
pub fn one_line<'a, M: 'a>(
    value: impl text::IntoFragment<'a>,
    size: f32,
    style: impl Fn(Text<'a>) -> Text<'a> + 'a,
) -> Element<'a, M> {
    cut_line(value, size, fit::fitted, style)
}

/// [`one_line`], cut by `cut` ([`fit::fitted_tail`] keeps a path's file name).
pub fn cut_line<'a, M: 'a>(
    value: impl text::IntoFragment<'a>,
    size: f32,
    cut: for<'t> fn(&'t str, f32, f32) -> std::borrow::Cow<'t, str>,
    style: impl Fn(Text<'a>) -> Text<'a> + 'a,
) -> Element<'a, M> {
    let value = value.into_fragment().into_owned();
    iced::widget::responsive(move |room| {
        style(
            text(cut(&value, size, room.width).into_owned())
                .size(size)
                .wrapping(text::Wrapping::None),
        )
        .into()
    })
    .height(Length::Shrink)
    .into()
}

/// The text size of list cells.
const CELL_SIZE: f32 = 14.0;

/// Under a deleted record's title: "This contact is deleted." with Restore beside it.
/// A record's page: its heading over its two halves, side by side when `wide`, one above the
/// other in a narrow window; scrolled by the page keys ([`page_keys`]).
pub fn record_page<'a, M: 'a>(
    heading: impl Into<Element<'a, M>>,
    left: impl Into<Element<'a, M>>,
    right: impl Into<Element<'a, M>>,
    wide: bool,
) -> Element<'a, M> {
    let halves: Element<'a, M> = if wide {
        row![left.into(), right.into()].spacing(16).into()
    } else {
        column![left.into(), right.into()].spacing(16).into()
    };
    iced::widget::scrollable(column![heading.into(), halves].spacing(16).padding(20))
        .id(page_keys::PAGE_ID)
        .into()
}

pub fn deleted_banner<'a, M: Clone + 'a>(what: &str, restore: M) -> Element<'a, M> {
    row![
        text(format!("This {what} is deleted.")).style(theme::error_text),
        button(text("Restore"))
            .on_press(restore)
            .style(button::secondary),
    ]
    .spacing(12)
    .align_y(Alignment::Center)
    .into()
}

/// A choice in a filter list: "any", or one value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Pick<T> {
    Any(&'static str),
    One(T),
}

impl<T: std::fmt::Display> std::fmt::Display for Pick<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Pick::Any(label) => f.write_str(label),
            Pick::One(value) => value.fmt(f),
        }
    }
}

impl<T> Pick<T> {
    pub fn into_option(self) -> Option<T> {
        match self {
            Pick::Any(_) => None,
            Pick::One(value) => Some(value),
        }
    }
}

/// A column header that sorts the list when clicked, marked ▲ or ▼ while the list is sorted by it.
pub fn sort_header<'a, M: Clone + 'a>(
    label: &'a str,
    sorted: Option<crate::store::SortDir>,
    on_press: M,
    portion: u16,
) -> Element<'a, M> {
    let mark = match sorted {
        Some(crate::store::SortDir::Asc) => " ▲",
        Some(crate::store::SortDir::Desc) => " ▼",
        None => "",
    };
    // The label is cut to leave the arrow its room: cut with "…" as one, the label had taken
    // the arrow along.
    let heading = iced::widget::responsive(move |room| {
        let label = fit::fitted(label, 13.0, room.width - fit::width(mark, 13.0));
        text(format!("{label}{mark}"))
            .size(13)
            .wrapping(text::Wrapping::None)
            .into()
    })
    .height(Length::Shrink);
    button(heading)
        .on_press(on_press)
        .style(theme::header_button)
        .padding([6, 0])
        .width(Length::FillPortion(portion))
        .into()
}

/// The actions every record page offers in its title bar: back to the list, edit, delete.
pub fn record_actions<'a, M: Clone + 'a>(
    back_label: &'a str,
    back: M,
    edit: M,
    delete: M,
) -> [Element<'a, M>; 3] {
    // Stops in Tab's round, as a page's other buttons are: a keyboard reached no Edit or Delete.
    use choice_keys::keyed_press;
    [
        keyed_press(button(text(back_label)).style(button::text), Some(back)),
        keyed_press(button(text("Edit")).style(button::secondary), Some(edit)),
        keyed_press(button(text("Delete")).style(button::danger), Some(delete)),
    ]
}
