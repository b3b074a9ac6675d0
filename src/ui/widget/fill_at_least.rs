//! A page whose one growing part takes the height the rest leaves in the window, but never less
//! than a floor: below it the page grows taller than the window and scrolls. The pipeline had
//! decided that from a guess at the height of the rest (its header, figures and selection bar),
//! and guessed high: with a notice on screen a 1200×700 window gave the board its 300-pixel
//! floor and left 170 pixels empty under it.

use iced::advanced::layout;
use iced::advanced::widget::{Tree, Widget};
use iced::{Element, Length, Size};

/// `page` laid out `viewport` high, unless its child number `part` (which fills what the others
/// leave) would then be less than `least` high: the page is then made taller by what it lacks.
/// Put it in a scrollable `viewport` high.
pub fn fill_at_least<'a, Message: 'a>(
    page: impl Into<Element<'a, Message>>,
    part: usize,
    least: f32,
    viewport: f32,
) -> Element<'a, Message> {
    Element::new(FillAtLeast {
        content: page.into(),
        part,
        least,
        viewport,
    })
}

struct FillAtLeast<'a, Message> {
    content: Element<'a, Message>,
    part: usize,
    least: f32,
    viewport: f32,
}

impl<Message> FillAtLeast<'_, Message> {
    fn laid_out(
        &mut self,
        tree: &mut Tree,
        renderer: &iced::Renderer,
        width: f32,
        height: f32,
    ) -> layout::Node {
        let limits = layout::Limits::new(Size::ZERO, Size::new(width, height.max(0.0)));
        self.content
            .as_widget_mut()
            .layout(&mut tree.children[0], renderer, &limits)
    }
}

impl<Message> Widget<Message, iced::Theme, iced::Renderer> for FillAtLeast<'_, Message> {
    super::wrapper::content_tree!();
    super::wrapper::pointer_and_overlay!();
    super::wrapper::draw_content!();
    super::wrapper::operate_on_content!();
    super::wrapper::update_content!();

    fn size(&self) -> Size<Length> {
        Size::new(Length::Fill, Length::Shrink)
    }

    fn layout(
        &mut self,
        tree: &mut Tree,
        renderer: &iced::Renderer,
        limits: &layout::Limits,
    ) -> layout::Node {
        let width = limits.max().width;
        let node = self.laid_out(tree, renderer, width, self.viewport);
        let part = node
            .children()
            .get(self.part)
            .map_or(self.least, |n| n.size().height);
        if part >= self.least {
            return node;
        }
        self.laid_out(tree, renderer, width, self.viewport + self.least - part)
    }
}
