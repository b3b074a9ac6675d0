//! The part of a wrapping widget that only hands on to what it wraps. Kith's wrappers (Escape for
//! drop-down menus, Ctrl keys over text fields) each change how one event is handled; everything
//! else — tree, size, layout, drawing, the pointer, overlays — is their `content`'s. This macro
//! writes those methods once, inside a `Widget` impl for a struct with a `content: Element` field.

macro_rules! delegate_to_content {
    () => {
        super::wrapper::delegate_all_but_drawing!();
        super::wrapper::draw_content!();
    };
}

/// `draw` handed on to the content.
macro_rules! draw_content {
    () => {
        fn draw(
            &self,
            tree: &iced::advanced::widget::Tree,
            renderer: &mut iced::Renderer,
            theme: &iced::Theme,
            style: &iced::advanced::renderer::Style,
            layout: iced::advanced::Layout<'_>,
            cursor: iced::advanced::mouse::Cursor,
            viewport: &iced::Rectangle,
        ) {
            let drawn = super::wrapper::Drawn {
                renderer,
                theme,
                style,
                cursor,
                viewport,
            };
            drawn.content(&self.content, tree, layout);
        }
    };
}

/// What `draw` is given, to hand on to a wrapper's content (and draw over it, for one that adds
/// something of its own).
pub(crate) struct Drawn<'r> {
    pub renderer: &'r mut iced::Renderer,
    pub theme: &'r iced::Theme,
    pub style: &'r iced::advanced::renderer::Style,
    pub cursor: iced::advanced::mouse::Cursor,
    pub viewport: &'r iced::Rectangle,
}

impl Drawn<'_> {
    /// Draws `content`, whose tree is `tree`'s first child.
    pub fn content<Message>(
        self,
        content: &iced::Element<'_, Message>,
        tree: &iced::advanced::widget::Tree,
        layout: iced::advanced::Layout<'_>,
    ) {
        content.as_widget().draw(
            &tree.children[0],
            self.renderer,
            self.theme,
            self.style,
            layout,
            self.cursor,
            self.viewport,
        );
    }
}

/// [`delegate_to_content`] but for `draw`, for a wrapper that draws something of its own.
macro_rules! delegate_all_but_drawing {
    () => {
        super::wrapper::content_tree!();
        super::wrapper::delegate_layout!();
    };
}

/// The content's tree as the wrapper's one child.
macro_rules! content_tree {
    () => {
        fn children(&self) -> Vec<iced::advanced::widget::Tree> {
            vec![iced::advanced::widget::Tree::new(&self.content)]
        }

        fn diff(&self, tree: &mut iced::advanced::widget::Tree) {
            tree.diff_children(std::slice::from_ref(&self.content));
        }
    };
}

/// Size, layout, the pointer and overlays handed on to the content, for a wrapper that keeps its
/// content's tree its own way.
macro_rules! delegate_layout {
    () => {
        fn size(&self) -> iced::Size<iced::Length> {
            self.content.as_widget().size()
        }

        fn layout(
            &mut self,
            tree: &mut iced::advanced::widget::Tree,
            renderer: &iced::Renderer,
            limits: &iced::advanced::layout::Limits,
        ) -> iced::advanced::layout::Node {
            self.content
                .as_widget_mut()
                .layout(&mut tree.children[0], renderer, limits)
        }

        super::wrapper::pointer_and_overlay!();
    };
}

/// The pointer and overlays handed on to the content, for a wrapper that lays it out its own way.
macro_rules! pointer_and_overlay {
    () => {
        fn mouse_interaction(
            &self,
            tree: &iced::advanced::widget::Tree,
            layout: iced::advanced::Layout<'_>,
            cursor: iced::advanced::mouse::Cursor,
            viewport: &iced::Rectangle,
            renderer: &iced::Renderer,
        ) -> iced::advanced::mouse::Interaction {
            self.content.as_widget().mouse_interaction(
                &tree.children[0],
                layout,
                cursor,
                viewport,
                renderer,
            )
        }

        fn overlay<'b>(
            &'b mut self,
            tree: &'b mut iced::advanced::widget::Tree,
            layout: iced::advanced::Layout<'b>,
            renderer: &iced::Renderer,
            viewport: &iced::Rectangle,
            translation: iced::Vector,
        ) -> Option<iced::advanced::overlay::Element<'b, Message, iced::Theme, iced::Renderer>> {
            self.content.as_widget_mut().overlay(
                &mut tree.children[0],
                layout,
                renderer,
                viewport,
                translation,
            )
        }
    };
}

/// `update` handed on whole, for a wrapper that changes nothing of how events are handled.
macro_rules! update_content {
    () => {
        fn update(
            &mut self,
            tree: &mut iced::advanced::widget::Tree,
            event: &iced::Event,
            layout: iced::advanced::Layout<'_>,
            cursor: iced::advanced::mouse::Cursor,
            renderer: &iced::Renderer,
            clipboard: &mut dyn iced::advanced::Clipboard,
            shell: &mut iced::advanced::Shell<'_, Message>,
            viewport: &iced::Rectangle,
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
    };
}

/// `operate` handed on whole, for a wrapper that adds nothing to what operations see.
macro_rules! operate_on_content {
    () => {
        fn operate(
            &mut self,
            tree: &mut iced::advanced::widget::Tree,
            layout: iced::advanced::Layout<'_>,
            renderer: &iced::Renderer,
            operation: &mut dyn iced::advanced::widget::operation::Operation,
        ) {
            self.content.as_widget_mut().operate(
                &mut tree.children[0],
                layout,
                renderer,
                operation,
            );
        }
    };
}

/// A wrapper's own state of type `$state` (made with its `Default`), shown to operations as a
/// custom state before they go on to the content: how the window asks a wrapper what it saw.
macro_rules! state_for_operations {
    ($state:ty) => {
        fn tag(&self) -> iced::advanced::widget::tree::Tag {
            iced::advanced::widget::tree::Tag::of::<$state>()
        }

        fn state(&self) -> iced::advanced::widget::tree::State {
            iced::advanced::widget::tree::State::new(<$state>::default())
        }

        fn operate(
            &mut self,
            tree: &mut iced::advanced::widget::Tree,
            layout: iced::advanced::Layout<'_>,
            renderer: &iced::Renderer,
            operation: &mut dyn iced::advanced::widget::operation::Operation,
        ) {
            operation.custom(None, layout.bounds(), tree.state.downcast_mut::<$state>());
            self.content.as_widget_mut().operate(
                &mut tree.children[0],
                layout,
                renderer,
                operation,
            );
        }
    };
}

pub(crate) use content_tree;
pub(crate) use delegate_all_but_drawing;
pub(crate) use delegate_layout;
pub(crate) use delegate_to_content;
pub(crate) use draw_content;
pub(crate) use operate_on_content;
pub(crate) use pointer_and_overlay;
pub(crate) use state_for_operations;
pub(crate) use update_content;
