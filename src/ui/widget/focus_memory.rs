//! Which field had the keyboard just before the last Escape or click. iced's text field lets go
//! of the keyboard on Escape and on a click outside it before the window hears of either; when
//! that Escape or click would leave a form with unsaved changes, the window asks first, and "Keep
//! editing" must give the keyboard back to the field the user was typing in — which, by then, no
//! widget can tell.
//!
//! [`remembers_focus`] wraps the window's content and notes the focused field as each Escape or
//! press arrives, before the field hears of it; [`focus_to_give_back`] answers with the field that
//! has the keyboard now or, when none has, the one that had it before that Escape or press; and
//! [`give_back`] focuses it again. A field is known by its id or, lacking one (a notes box, the
//! words of a logged call), by its place in the window, which the question over it leaves as it
//! was.

use std::any::Any;

use iced::advanced::widget::operation::{Focusable, Operation, Outcome};
use iced::advanced::widget::{Id, Tree, Widget, operate};
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

/// A field that had the keyboard: its id, and where it was.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    id: Option<Id>,
    bounds: Rectangle,
}

impl Field {
    fn is(&self, id: Option<&Id>, bounds: Rectangle) -> bool {
        match &self.id {
            Some(own) => id == Some(own),
            None => id.is_none() && bounds == self.bounds,
        }
    }
}

/// A task answering which field to give the keyboard back to: the focused one, or else the one
/// focused before the last Escape or press (`None` when none was).
pub fn focus_to_give_back() -> Task<Option<Field>> {
    operate(GiveBack::default())
}

/// A task giving `field` the keyboard (and taking it from any other).
pub fn give_back<T: Send + 'static>(field: Field) -> Task<T> {
    operate(Focus(field))
}

struct FocusMemory<'a, Message> {
    content: Element<'a, Message>,
}

/// The wrapper's state: the field focused when the last Escape or press arrived.
#[derive(Default)]
struct FocusedBefore(Option<Field>);

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

    super::wrapper::state_for_operations!(FocusedBefore);

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
            tree.state.downcast_mut::<FocusedBefore>().0 = find.field;
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

/// Finds the focused widget.
#[derive(Default)]
struct FocusedNow {
    field: Option<Field>,
}

impl Operation for FocusedNow {
    fn focusable(&mut self, id: Option<&Id>, bounds: Rectangle, state: &mut dyn Focusable) {
        if state.is_focused() {
            self.field = Some(Field {
                id: id.cloned(),
                bounds,
            });
        }
    }

    fn traverse(&mut self, operate: &mut dyn FnMut(&mut dyn Operation)) {
        operate(self);
    }
}

#[derive(Default)]
struct GiveBack {
    focused: Option<Field>,
    before: Option<Field>,
}

impl Operation<Option<Field>> for GiveBack {
    fn focusable(&mut self, id: Option<&Id>, bounds: Rectangle, state: &mut dyn Focusable) {
        if state.is_focused() {
            self.focused = Some(Field {
                id: id.cloned(),
                bounds,
            });
        }
    }

    fn custom(&mut self, _id: Option<&Id>, _bounds: Rectangle, state: &mut dyn Any) {
        if let Some(before) = state.downcast_ref::<FocusedBefore>() {
            self.before.clone_from(&before.0);
        }
    }

    fn traverse(&mut self, operate: &mut dyn FnMut(&mut dyn Operation<Option<Field>>)) {
        operate(self);
    }

    fn finish(&self) -> Outcome<Option<Field>> {
        Outcome::Some(self.focused.clone().or_else(|| self.before.clone()))
    }
}

/// Focuses one field, by id or by place, and unfocuses every other.
struct Focus(Field);

impl<T> Operation<T> for Focus {
    fn focusable(&mut self, id: Option<&Id>, bounds: Rectangle, state: &mut dyn Focusable) {
        if self.0.is(id, bounds) {
            state.focus();
        } else {
            state.unfocus();
        }
    }

    fn traverse(&mut self, operate: &mut dyn FnMut(&mut dyn Operation<T>)) {
        operate(self);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::widget::text_focus::FakeField;
    use iced::widget::{button, column, text_input};

    /// A window of a named field, a field without an id (as a notes box is) and a button, with
    /// its focus remembered.
    fn window() -> iced_test::Simulator<'static, &'static str> {
        let content = column![
            text_input("First", "").id("first").on_input(|_| "typed"),
            text_input("Words", "").on_input(|_| "typed"),
            button("Elsewhere").on_press("pressed"),
        ]
        .spacing(20)
        .padding(10);
        iced_test::simulator(remembers_focus(content))
    }

    /// What the window remembers as focused before the last Escape or press.
    fn remembered(window: &mut iced_test::Simulator<'static, &'static str>) -> Option<Field> {
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

    /// Where the field without an id is.
    fn words_field(window: &mut iced_test::Simulator<'static, &'static str>) -> Rectangle {
        window
            .find(
                |candidate: iced_test::selector::Candidate<'_>| match candidate {
                    iced_test::selector::Candidate::TextInput {
                        id: None, bounds, ..
                    } => Some(bounds),
                    _ => None,
                },
            )
            .expect("the field without an id")
    }

    #[test]
    fn escape_in_a_field_remembers_that_field_though_the_field_lets_go() {
        let mut window = window();
        window.click(Id::new("first")).expect("the first field");
        window.typewrite("Ada");
        window.tap_key(Named::Escape);
        assert!(
            window.find(iced_test::selector::is_focused()).is_err(),
            "iced's field lets go of the keyboard on Escape"
        );
        let field = remembered(&mut window).expect("a field is remembered");
        assert_eq!(field.id, Some(Id::new("first")));
    }

    #[test]
    fn a_field_without_an_id_is_remembered_by_its_place() {
        let mut window = window();
        let place = words_field(&mut window);
        window.click("Words").expect("the field without an id");
        window.typewrite("agreed");
        window.tap_key(Named::Escape);
        assert_eq!(
            remembered(&mut window),
            Some(Field {
                id: None,
                bounds: place
            })
        );
    }

    #[test]
    fn a_click_outside_remembers_the_field_it_took_the_keyboard_from() {
        let mut window = window();
        window.click(Id::new("first")).expect("the first field");
        window.click("Elsewhere").expect("the button");
        assert_eq!(
            remembered(&mut window).and_then(|f| f.id),
            Some(Id::new("first"))
        );
        window.click("Elsewhere").expect("the button again");
        assert_eq!(remembered(&mut window), None, "nothing had it then");
    }

    fn at(y: f32) -> Rectangle {
        Rectangle::new(iced::Point::new(10.0, y), iced::Size::new(200.0, 30.0))
    }

    #[test]
    fn the_field_focused_now_wins_over_the_one_remembered() {
        let answer = |focused: &[bool], before: Option<Field>| {
            let mut op = GiveBack::default();
            op.custom(None, Rectangle::default(), &mut FocusedBefore(before));
            for (i, &on) in focused.iter().enumerate() {
                op.focusable(None, at(i as f32 * 50.0), &mut FakeField(on));
            }
            match op.finish() {
                Outcome::Some(field) => field.map(|f| f.bounds),
                _ => panic!("the operation answers"),
            }
        };
        let first = Field {
            id: None,
            bounds: at(0.0),
        };
        assert_eq!(answer(&[false, true], Some(first.clone())), Some(at(50.0)));
        assert_eq!(answer(&[false, false], Some(first)), Some(at(0.0)));
        assert_eq!(answer(&[false], None), None);
    }

    #[test]
    fn giving_back_focuses_the_field_by_id_or_by_place_and_no_other() {
        let run = |field: Field| {
            let mut op = Focus(field);
            let mut boxes = [FakeField(false), FakeField(true), FakeField(false)];
            let ids = [Some(Id::new("a")), None, None];
            for (i, (b, id)) in boxes.iter_mut().zip(&ids).enumerate() {
                Operation::<()>::focusable(&mut op, id.as_ref(), at(i as f32 * 50.0), b);
            }
            boxes.map(|b| b.0)
        };
        let by_id = Field {
            id: Some(Id::new("a")),
            bounds: at(999.0),
        };
        assert_eq!(run(by_id), [true, false, false]);
        let by_place = Field {
            id: None,
            bounds: at(100.0),
        };
        assert_eq!(run(by_place), [false, false, true]);
    }
}
