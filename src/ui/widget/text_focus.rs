//! Whether a text field has the keyboard: Ctrl+Z there means the typing, not the workspace's
//! last saved change (iced's fields have no undo of their own, so they let the keys through).

use iced::Task;
use iced::advanced::widget::operation::{Focusable, Operation, Outcome};
use iced::advanced::widget::{Id, operate};

/// A task answering whether any text field in the window is focused.
pub fn text_focused() -> Task<bool> {
    operate(AnyFocused::default())
}

/// A task answering whether anything in the window has the keyboard, a keyed choice or button
/// included: where Tab goes next starts from it (counting fields only, Tab stepped past every
/// button it reached).
pub fn anything_focused() -> Task<bool> {
    operate(AnyFocused {
        count_not_text: true,
        ..AnyFocused::default()
    })
}

/// What a focusable widget that takes no typing (a keyed choice or button) shows operations just
/// before its focus, so that its focus is not taken for a field's: Ctrl+Z after clicking a
/// timeline entry's Delete had been read as undoing typing, and took nothing back.
pub struct NotText;

#[derive(Default)]
struct AnyFocused {
    typing: bool,
    /// Where the widget that said [`NotText`] is, until its focus is read.
    not_text: Option<iced::Rectangle>,
    /// Whether such a widget's focus counts too.
    count_not_text: bool,
}

impl Operation<bool> for AnyFocused {
    fn custom(&mut self, _id: Option<&Id>, bounds: iced::Rectangle, state: &mut dyn std::any::Any) {
        if state.is::<NotText>() {
            self.not_text = Some(bounds);
        }
    }

    fn focusable(&mut self, _id: Option<&Id>, bounds: iced::Rectangle, state: &mut dyn Focusable) {
        if self.not_text.take() != Some(bounds) || self.count_not_text {
            self.typing |= state.is_focused();
        }
    }

    fn traverse(&mut self, operate: &mut dyn FnMut(&mut dyn Operation<bool>)) {
        operate(self);
    }

    fn finish(&self) -> Outcome<bool> {
        Outcome::Some(self.typing)
    }
}

/// A field that is only its focus, for tests of the operations that read or move it.
#[cfg(test)]
pub(crate) struct FakeField(pub bool);

#[cfg(test)]
impl Focusable for FakeField {
    fn is_focused(&self) -> bool {
        self.0
    }
    fn focus(&mut self) {
        self.0 = true;
    }
    fn unfocus(&mut self) {
        self.0 = false;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(fields: &mut [FakeField]) -> bool {
        let mut op = AnyFocused::default();
        for field in fields {
            op.focusable(None, iced::Rectangle::default(), field);
        }
        matches!(op.finish(), Outcome::Some(true))
    }

    #[test]
    fn a_focused_field_anywhere_counts_with_or_without_an_id() {
        assert!(!answer(&mut []));
        assert!(!answer(&mut [FakeField(false), FakeField(false)]));
        assert!(answer(&mut [
            FakeField(false),
            FakeField(true),
            FakeField(false)
        ]));
    }

    #[test]
    fn a_focused_choice_or_button_is_not_typing() {
        let at = iced::Rectangle::new(iced::Point::new(10.0, 20.0), iced::Size::new(60.0, 24.0));
        let mut op = AnyFocused::default();
        op.custom(None, at, &mut NotText);
        op.focusable(None, at, &mut FakeField(true));
        assert!(matches!(op.finish(), Outcome::Some(false)));
        // Only that widget: a field with the keyboard after it still counts.
        op.focusable(None, at, &mut FakeField(true));
        assert!(matches!(op.finish(), Outcome::Some(true)));
        // Where Tab goes from, it counts.
        let mut op = AnyFocused {
            count_not_text: true,
            ..AnyFocused::default()
        };
        op.custom(None, at, &mut NotText);
        op.focusable(None, at, &mut FakeField(true));
        assert!(matches!(op.finish(), Outcome::Some(true)));
    }
}
