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

#[cfg(test)]
mod tests {
    use super::*;

    struct Field(bool);

    impl Focusable for Field {
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

    fn answer(fields: &mut [Field]) -> bool {
        let mut op = AnyFocused(false);
        for field in fields {
            op.focusable(None, iced::Rectangle::default(), field);
        }
        matches!(op.finish(), Outcome::Some(true))
    }

    #[test]
    fn a_focused_field_anywhere_counts_with_or_without_an_id() {
        assert!(!answer(&mut []));
        assert!(!answer(&mut [Field(false), Field(false)]));
        assert!(answer(&mut [Field(false), Field(true), Field(false)]));
    }
}
