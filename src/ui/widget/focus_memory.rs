//! Which field had the keyboard just before the last Escape or click. iced's text field lets go
//! of the keyboard on Escape and on a click outside it before the window hears of either; when
//! that Escape or click would leave a form with unsaved changes, the window asks first, and "Keep
//! editing" must give the keyboard back to the field the user was typing in — which, by then, no
//! widget can tell.
//!
//! [`remembers_focus`] wraps the window's content and notes the focused field as each Escape or
//! press arrives, before the field hears of it; [`focus_to_give_back`] answers with the field that
//! has the keyboard now or, when none has, the one that had it before that Escape or press.

use std::any::Any;

use iced::advanced::widget::operation::{Focusable, Operation, Outcome};
use iced::advanced::widget::{Id, Tree, Widget, operate, tree};
use iced::advanced::{Clipboard, Layout, Shell, mouse};
use iced::keyboard::{self, key::Named};
use iced::touch;
use iced::{Element, Event, Rectangle, Task};

/// Wraps the window's content so that the field in use before an Escape or a press is known.
pub fn remembers_focus<'a, Message: 'a>(
    content: impl Into<Element<'a, Message>>,
) -> Element<'a, Message> {
    Element::new(FocusMemory {
        content: content.into(),
    })
}

/// A task answering which field to give the keyboard back to: the focused one, or else the one
/// focused before the last Escape or press (none, or one without an id, gives `None`).
pub fn focus_to_give_back() -> Task<Option<Id>> {
    operate(GiveBack::default())
}

struct FocusMemory<'a, Message> {
    content: Element<'a, Message>,
}

/// The wrapper's state: the field focused when the last Escape or press arrived.
#[derive(Default)]
struct FocusedBefore(Option<Id>);

/// An event on which iced's fields let go of the keyboard.
fn lets_go_of_focus(event: &Event) -> bool {
    matches!(
        event,
        Event::Keyboard(keyboard::Event::KeyPressed {
            key: keyboard::Key::Named(Named::Escape),
            ..
        }) | Event::Mouse(mouse::Event::ButtonPressed(_))
            | Event::Touch(touch::Event::FingerPressed { .. })
    )
}

impl<Message> Widget<Message, iced::Theme, iced::Renderer> for FocusMemory<'_, Message> {
    super::wrapper::delegate_to_content!();

    fn tag(&self) -> tree::Tag {
        tree::Tag::of::<FocusedBefore>()
    }

    fn state(&self) -> tree::State {
        tree::State::new(FocusedBefore::default())
    }

    fn operate(
        &mut self,
        tree: &mut Tree,
        layout: Layout<'_>,
        renderer: &iced::Renderer,
        operation: &mut dyn Operation,
    ) {
        operation.custom(
            None,
            layout.bounds(),
            tree.state.downcast_mut::<FocusedBefore>(),
        );
        self.content
            .as_widget_mut()
            .operate(&mut tree.children[0], layout, renderer, operation);
    }

    fn update(
        &mut self,
        tree: &mut Tree,
        event: &Event,
        layout: Layout<'_>,
        cursor: mouse::Cursor,
        renderer: &iced::Renderer,
        clipboard: &mut dyn Clipboard,
        shell: &mut Shell<'_, Message>,
        viewport: &Rectangle,
    ) {
        if lets_go_of_focus(event) {
            let mut find = FocusedNow::default();
            self.content.as_widget_mut().operate(
                &mut tree.children[0],
                layout,
                renderer,
                &mut find,
            );
            tree.state.downcast_mut::<FocusedBefore>().0 = find.id;
        }
        self.content.as_widget_mut().update(
            &mut tree.children[0],
            event,
            layout,
            cursor,
            renderer,
            clipboard,
            shell,
            viewport,
        );
    }
}

/// Finds the focused widget's id.
#[derive(Default)]
struct FocusedNow {
    id: Option<Id>,
}

impl Operation for FocusedNow {
    fn focusable(&mut self, id: Option<&Id>, _bounds: Rectangle, state: &mut dyn Focusable) {
        if state.is_focused() {
            self.id = id.cloned();
        }
    }

    fn traverse(&mut self, operate: &mut dyn FnMut(&mut dyn Operation)) {
        operate(self);
    }
}

#[derive(Default)]
struct GiveBack {
    focused: Option<Option<Id>>,
    before: Option<Id>,
}

impl Operation<Option<Id>> for GiveBack {
    fn focusable(&mut self, id: Option<&Id>, _bounds: Rectangle, state: &mut dyn Focusable) {
        if state.is_focused() {
            self.focused = Some(id.cloned());
        }
    }

    fn custom(&mut self, _id: Option<&Id>, _bounds: Rectangle, state: &mut dyn Any) {
        if let Some(before) = state.downcast_ref::<FocusedBefore>() {
            self.before.clone_from(&before.0);
        }
    }

    fn traverse(&mut self, operate: &mut dyn FnMut(&mut dyn Operation<Option<Id>>)) {
        operate(self);
    }

    fn finish(&self) -> Outcome<Option<Id>> {
        Outcome::Some(self.focused.clone().unwrap_or_else(|| self.before.clone()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use iced::widget::{button, column, text_input};

    /// A window of two named fields and a button, with its focus remembered.
    fn window() -> iced_test::Simulator<'static, &'static str> {
        let content = column![
            text_input("First", "").id("first").on_input(|_| "typed"),
            text_input("Second", "").id("second").on_input(|_| "typed"),
            button("Elsewhere").on_press("pressed"),
        ]
        .spacing(20)
        .padding(10);
        iced_test::simulator(remembers_focus(content))
    }

    /// What the window remembers as focused before the last Escape or press.
    fn remembered(window: &mut iced_test::Simulator<'static, &'static str>) -> Option<Id> {
        window
            .find(
                |candidate: iced_test::selector::Candidate<'_>| match candidate {
                    iced_test::selector::Candidate::Custom { state, .. } => state
                        .downcast_ref::<FocusedBefore>()
                        .map(|before| before.0.clone()),
                    _ => None,
                },
            )
            .expect("the wrapper is in the window")
    }

    #[test]
    fn escape_in_a_field_remembers_that_field_though_the_field_lets_go() {
        let mut window = window();
        window.click(Id::new("second")).expect("the second field");
        window.typewrite("Ada");
        window.tap_key(Named::Escape);
        assert!(
            window.find(iced_test::selector::is_focused()).is_err(),
            "iced's field lets go of the keyboard on Escape"
        );
        assert_eq!(remembered(&mut window), Some(Id::new("second")));
    }

    #[test]
    fn a_click_outside_remembers_the_field_it_took_the_keyboard_from() {
        let mut window = window();
        window.click(Id::new("first")).expect("the first field");
        window.click("Elsewhere").expect("the button");
        assert_eq!(remembered(&mut window), Some(Id::new("first")));
        window.click("Elsewhere").expect("the button again");
        assert_eq!(remembered(&mut window), None, "nothing had it then");
    }

    fn give_back(fields: &mut [(Id, bool)], before: Option<Id>) -> Option<Id> {
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
        let mut op = GiveBack::default();
        op.custom(None, Rectangle::default(), &mut FocusedBefore(before));
        for (id, focused) in fields {
            op.focusable(Some(id), Rectangle::default(), &mut Field(*focused));
        }
        match op.finish() {
            Outcome::Some(id) => id,
            _ => panic!("the operation answers"),
        }
    }

    #[test]
    fn the_field_focused_now_wins_over_the_one_remembered() {
        let first = Id::new("first");
        let second = Id::new("second");
        assert_eq!(
            give_back(
                &mut [(first.clone(), false), (second.clone(), true)],
                Some(first.clone())
            ),
            Some(second)
        );
        assert_eq!(
            give_back(&mut [(first.clone(), false)], Some(first.clone())),
            Some(first)
        );
        assert_eq!(give_back(&mut [], None), None);
    }
}
