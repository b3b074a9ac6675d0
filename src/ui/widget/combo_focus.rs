//! iced 0.14's combo box shows operations nothing of itself: Tab went past the contact list's
//! company filter (the one filter a keyboard could not reach), and nothing could give it the
//! keyboard by id. [`combo_focus`] shows its text field to operations, under an id, as iced's own
//! text fields show themselves; everything else is the combo box's.
//!
//! Escape in its field closes its menu and lets go of the field, and only that, as a drop-down's
//! Escape does ([`super::menu_escape`]): on a campaign's page it had asked to leave the page.

use iced::advanced::widget::{Id, Operation, Tree, Widget, tree};
use iced::advanced::{Clipboard, Layout, Shell, mouse};
use iced::keyboard::{self, key::Named};
use iced::widget::text_input;
use iced::{Element, Event, Rectangle};

use super::menu_escape::ClosedByEscape;

type Paragraph = <iced::Renderer as iced::advanced::text::Renderer>::Paragraph;

/// `combo` (an `iced::widget::combo_box`), reachable by Tab and by a focus on `id`; `on_leave`
/// is sent whenever its field lets go of the keyboard, however (Tab, Escape, a click, Ctrl+K),
/// so the screen can drop what was typed and not picked: the combo box keeps it unseen, and the
/// next typing joined it ("nordnordlicht").
pub fn combo_focus<'a, Message: Clone + 'a>(
    id: &'static str,
    combo: impl Into<Element<'a, Message>>,
    on_leave: Message,
) -> Element<'a, Message> {
    Element::new(ComboFocus {
        id: Id::new(id),
        content: combo.into(),
        on_leave,
    })
}

struct ComboFocus<'a, Message> {
    id: Id,
    content: Element<'a, Message>,
    on_leave: Message,
}

#[derive(Default)]
struct ComboState {
    escape: ClosedByEscape,
    /// Whether the field had the keyboard when last seen.
    focused: bool,
}

/// The combo box's text field (its one child), if its tree holds one.
fn field_of(tree: &mut Tree) -> Option<&mut text_input::State<Paragraph>> {
    match &mut tree.children[0].children.first_mut()?.state {
        tree::State::Some(state) => state.downcast_mut::<text_input::State<Paragraph>>(),
        tree::State::None => None,
    }
}

impl<Message: Clone> Widget<Message, iced::Theme, iced::Renderer> for ComboFocus<'_, Message> {
    super::wrapper::delegate_to_content!();

    fn tag(&self) -> tree::Tag {
        tree::Tag::of::<ComboState>()
    }

    fn state(&self) -> tree::State {
        tree::State::new(ComboState::default())
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
            &mut tree.state.downcast_mut::<ComboState>().escape,
        );
        // The combo box's layout is its field's.
        match field_of(tree) {
            Some(state) => {
                operation.text_input(Some(&self.id), layout.bounds(), state);
                operation.focusable(Some(&self.id), layout.bounds(), state);
            }
            None => self.content.as_widget_mut().operate(
                &mut tree.children[0],
                layout,
                renderer,
                operation,
            ),
        }
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
        let escape = matches!(
            event,
            Event::Keyboard(keyboard::Event::KeyPressed {
                key: keyboard::Key::Named(Named::Escape),
                ..
            })
        );
        // The field lets go of the keyboard on Escape (its menu goes with it); the window is told
        // the key was used, as a drop-down's menu tells it.
        let focused = field_of(tree).is_some_and(|field| field.is_focused());
        self.left(tree, focused, shell);
        if escape && focused {
            tree.state.downcast_mut::<ComboState>().escape.closed = true;
        }
        // Tab moves on to the next stop, as from any field: the combo box took it to step
        // through its menu, and Tab never left the field.
        let tab = matches!(
            event,
            Event::Keyboard(keyboard::Event::KeyPressed {
                key: keyboard::Key::Named(Named::Tab),
                ..
            })
        );
        if tab && focused {
            return;
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
        let focused = field_of(tree).is_some_and(|field| field.is_focused());
        self.left(tree, focused, shell);
    }
}

impl<Message: Clone> ComboFocus<'_, Message> {
    /// Sends `on_leave` if the field had the keyboard and has it no longer (`focused`).
    fn left(&self, tree: &mut Tree, focused: bool, shell: &mut Shell<'_, Message>) {
        let state = tree.state.downcast_mut::<ComboState>();
        if state.focused && !focused {
            shell.publish(self.on_leave.clone());
        }
        state.focused = focused;
    }
}
