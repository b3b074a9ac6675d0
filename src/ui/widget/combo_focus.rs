//! iced 0.14's combo box shows operations nothing of itself: Tab went past the contact list's
//! company filter (the one filter a keyboard could not reach), and nothing could give it the
//! keyboard by id. [`combo_focus`] shows its text field to operations, under an id, as iced's own
//! text fields show themselves; everything else is the combo box's.

use iced::advanced::widget::{Id, Operation, Tree, Widget, tree};
use iced::advanced::{Clipboard, Layout, Shell, mouse};
use iced::widget::text_input;
use iced::{Element, Event, Rectangle};

type Paragraph = <iced::Renderer as iced::advanced::text::Renderer>::Paragraph;

/// `combo` (an `iced::widget::combo_box`), reachable by Tab and by a focus on `id`.
pub fn combo_focus<'a, Message: 'a>(
    id: &'static str,
    combo: impl Into<Element<'a, Message>>,
) -> Element<'a, Message> {
    Element::new(ComboFocus {
        id: Id::new(id),
        content: combo.into(),
    })
}

struct ComboFocus<'a, Message> {
    id: Id,
    content: Element<'a, Message>,
}

impl<Message> Widget<Message, iced::Theme, iced::Renderer> for ComboFocus<'_, Message> {
    super::wrapper::delegate_to_content!();

    fn operate(
        &mut self,
        tree: &mut Tree,
        layout: Layout<'_>,
        renderer: &iced::Renderer,
        operation: &mut dyn Operation,
    ) {
        // The combo box's one child is its text field; its layout is the field's.
        let field =
            tree.children[0]
                .children
                .first_mut()
                .and_then(|field| match &mut field.state {
                    tree::State::Some(state) => {
                        state.downcast_mut::<text_input::State<Paragraph>>()
                    }
                    tree::State::None => None,
                });
        match field {
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
