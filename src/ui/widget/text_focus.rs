//! Whether a text field has the keyboard: Ctrl+Z there means the typing, not the workspace's
//! last saved change (iced's fields have no undo of their own, so they let the keys through).

use iced::Task;
use iced::advanced::widget::operation::{Focusable, Operation, Outcome};
use iced::advanced::widget::{Id, operate};

/// A task answering whether any text field in the window is focused.
pub fn text_focused() -> Task<bool> {
    operate(AnyFocused(false))
}

struct AnyFocused(bool);

impl Operation<bool> for AnyFocused {
    fn focusable(&mut self, _id: Option<&Id>, _bounds: iced::Rectangle, state: &mut dyn Focusable) {
        self.0 |= state.is_focused();
    }

    fn traverse(&mut self, operate: &mut dyn FnMut(&mut dyn Operation<bool>)) {
        operate(self);
    }

    fn finish(&self) -> Outcome<bool> {
        Outcome::Some(self.0)
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
        let mut op = AnyFocused(false);
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
}
