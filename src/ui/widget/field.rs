//! A labelled form input that shows its validation message underneath and marks itself when wrong.

use iced::widget::{column, text, text_input};
use iced::{Element, Length};

use crate::ui::theme;

/// A one-line field in the window's field style ([`theme::field`]): a placeholder that can be
/// read, an edge that can be seen, and a clear ring while it has the keyboard.
pub fn input<'a, M: Clone + 'a>(placeholder: &str, value: &str) -> text_input::TextInput<'a, M> {
    text_input(placeholder, value).style(theme::field)
}

/// A drop-down in the same style: its placeholder ("Or pick a teammate") had stood at 2.2:1.
pub fn pick<'a, T, L, V, M>(
    options: L,
    selected: Option<V>,
    on_selected: impl Fn(T) -> M + 'a,
) -> iced::widget::PickList<'a, T, L, V, M>
where
    T: ToString + PartialEq + Clone + 'a,
    L: std::borrow::Borrow<[T]> + 'a,
    V: std::borrow::Borrow<T> + 'a,
    M: Clone,
{
    iced::widget::pick_list(options, selected, on_selected).style(theme::pick)
}

/// One text field: label, input, and the problem with it (if any).
/// The input's widget id is its label, so tests and focus moves can find it.
pub fn text_field<'a, M: Clone + 'a>(
    label: &'static str,
    value: &'a str,
    error: Option<String>,
    on_input: impl Fn(String) -> M + 'a,
) -> Element<'a, M> {
    hinted_field(label, label, value, error, on_input)
}

/// A [`hinted_field`] where Enter sends `on_submit` (runs what the form is for).
pub fn submitting_field<'a, M: Clone + 'a>(
    label: &'static str,
    hint: &'static str,
    value: &'a str,
    error: Option<String>,
    on_input: impl Fn(String) -> M + 'a,
    on_submit: M,
) -> Element<'a, M> {
    let wrong = error.as_deref().is_some_and(|e| !e.is_empty());
    let input = text_input(hint, value)
        .id(label)
        .on_input(on_input)
        .on_submit(on_submit)
        .padding(6)
        .style(theme::input(wrong));
    labelled(label, input, error)
}

/// A [`text_field`] whose empty box shows `hint` (the form its value takes, "YYYY-MM-DD") rather
/// than its label again: a narrow box cut "Birthday (YYYY-MM-DD)" to "Birthday (YYY".
pub fn hinted_field<'a, M: Clone + 'a>(
    label: &'static str,
    hint: &'static str,
    value: &'a str,
    error: Option<String>,
    on_input: impl Fn(String) -> M + 'a,
) -> Element<'a, M> {
    let wrong = error.as_deref().is_some_and(|e| !e.is_empty());
    let input = text_input(hint, value)
        .id(label)
        .on_input(on_input)
        .padding(6)
        .style(theme::input(wrong));
    labelled(label, input, error)
}

/// A label above any control, with the control's problem below it. An empty problem keeps the
/// problem's line, blank: a form whose message goes away as its field is fixed does not move
/// every field below up under the pointer.
pub fn labelled<'a, M: 'a>(
    label: &'a str,
    control: impl Into<Element<'a, M>>,
    error: Option<String>,
) -> Element<'a, M> {
    let mut field = column![
        text(label).size(13).style(theme::muted_text),
        control.into()
    ]
    .spacing(3)
    .width(Length::Fill);
    if let Some(error) = error {
        let line = if error.is_empty() {
            " ".to_string()
        } else {
            error
        };
        field = field.push(text(line).size(13).style(theme::error_text));
    }
    field.into()
}
