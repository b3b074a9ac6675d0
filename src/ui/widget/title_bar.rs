//! A screen's title with its actions on the right, which go under the title when they would leave
//! it too little room. A row alone gave the title whatever the buttons left: with a second
//! pipeline's drop-down in a 760-pixel window that was 15 pixels, "Pipeline" was written a letter
//! a line, and the board below got no height at all.

use iced::advanced::layout::{self, Layout};
use iced::advanced::widget::{Operation, Tree, Widget};
use iced::advanced::{Clipboard, Shell, mouse, overlay, renderer};
use iced::{Element, Event, Length, Point, Rectangle, Size, Vector};

/// The narrowest the title is squeezed to beside the actions before they move under it.
const MIN_TITLE: f32 = 220.0;
const SPACING: f32 = 8.0;

/// `title` (an element whose width fills what it is given) and `actions`, in one line when the
/// title keeps at least [`MIN_TITLE`] or fits whole; otherwise the title takes the whole width and
/// the actions line up under it on the right, going on to further lines if need be.
pub fn title_bar<'a, Message: 'a>(
    title: Element<'a, Message>,
    actions: Vec<Element<'a, Message>>,
) -> Element<'a, Message> {
    let mut children = vec![title];
    children.extend(actions);
    Element::new(TitleBar { children })
}

struct TitleBar<'a, Message> {
    /// The title first, then the actions.
    children: Vec<Element<'a, Message>>,
}

impl<Message> TitleBar<'_, Message> {
    /// The actions laid out at their own sizes, left to right, and how wide they are together.
    fn actions(
        &mut self,
        tree: &mut Tree,
        renderer: &iced::Renderer,
        limits: &layout::Limits,
    ) -> (Vec<layout::Node>, f32) {
        let loose = layout::Limits::new(Size::ZERO, limits.max());
        let nodes: Vec<layout::Node> = self.children[1..]
            .iter_mut()
            .zip(&mut tree.children[1..])
            .map(|(child, state)| child.as_widget_mut().layout(state, renderer, &loose))
            .collect();
        let width = nodes.iter().map(|n| n.size().width).sum::<f32>()
            + SPACING * nodes.len().saturating_sub(1) as f32;
        (nodes, width)
    }

    fn title(
        &mut self,
        tree: &mut Tree,
        renderer: &iced::Renderer,
        width: f32,
        height: f32,
    ) -> layout::Node {
        let limits = layout::Limits::new(Size::ZERO, Size::new(width.max(0.0), height));
        self.children[0]
            .as_widget_mut()
            .layout(&mut tree.children[0], renderer, &limits)
    }
}

impl<Message> Widget<Message, iced::Theme, iced::Renderer> for TitleBar<'_, Message> {
    fn children(&self) -> Vec<Tree> {
        self.children.iter().map(Tree::new).collect()
    }

    fn diff(&self, tree: &mut Tree) {
        tree.diff_children(&self.children);
    }

    fn size(&self) -> Size<Length> {
        Size::new(Length::Fill, Length::Shrink)
    }

    fn layout(
        &mut self,
        tree: &mut Tree,
        renderer: &iced::Renderer,
        limits: &layout::Limits,
    ) -> layout::Node {
        let max = limits.max();
        let width = max.width;
        let (mut actions, actions_width) = self.actions(tree, renderer, limits);
        let room = if actions.is_empty() {
            width
        } else {
            width - actions_width - SPACING
        };
        // Whole on one line beside them (measured unbounded), or at least MIN_TITLE wide.
        let one_line = self
            .title(tree, renderer, f32::INFINITY, max.height)
            .size()
            .height;
        let beside = self.title(tree, renderer, room, max.height);
        let fits_beside = !width.is_finite()
            || room >= MIN_TITLE
            || (room > 0.0 && beside.size().height <= one_line);
        if fits_beside {
            let height = actions
                .iter()
                .map(|n| n.size().height)
                .fold(beside.size().height, f32::max);
            let title_y = (height - beside.size().height) / 2.0;
            let title = beside.move_to(Point::new(0.0, title_y));
            let mut x = room + SPACING;
            for node in &mut actions {
                let y = (height - node.size().height) / 2.0;
                node.move_to_mut(Point::new(x, y));
                x += node.size().width + SPACING;
            }
            let mut children = vec![title];
            children.extend(actions);
            return layout::Node::with_children(Size::new(width.max(0.0), height), children);
        }
        // Under the title, right-aligned, a line at a time.
        let title = self.title(tree, renderer, width, max.height);
        let mut y = title.size().height + SPACING;
        let mut start = 0;
        while start < actions.len() {
            let mut end = start;
            let mut used = 0.0;
            while end < actions.len() {
                let add = actions[end].size().width + if end > start { SPACING } else { 0.0 };
                if end > start && used + add > width {
                    break;
                }
                used += add;
                end += 1;
            }
            let line_height = actions[start..end]
                .iter()
                .map(|n| n.size().height)
                .fold(0.0, f32::max);
            let mut x = (width - used).max(0.0);
            for node in &mut actions[start..end] {
                let node_y = y + (line_height - node.size().height) / 2.0;
                node.move_to_mut(Point::new(x, node_y));
                x += node.size().width + SPACING;
            }
            y += line_height + SPACING;
            start = end;
        }
        let height = y - SPACING;
        let mut children = vec![title];
        children.extend(actions);
        layout::Node::with_children(Size::new(width, height), children)
    }

    fn operate(
        &mut self,
        tree: &mut Tree,
        layout: Layout<'_>,
        renderer: &iced::Renderer,
        operation: &mut dyn Operation,
    ) {
        operation.container(None, layout.bounds());
        operation.traverse(&mut |operation| {
            for ((child, state), layout) in self
                .children
                .iter_mut()
                .zip(&mut tree.children)
                .zip(layout.children())
            {
                child
                    .as_widget_mut()
                    .operate(state, layout, renderer, operation);
            }
        });
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
        for ((child, state), layout) in self
            .children
            .iter_mut()
            .zip(&mut tree.children)
            .zip(layout.children())
        {
            child.as_widget_mut().update(
                state, event, layout, cursor, renderer, clipboard, shell, viewport,
            );
        }
    }

    fn mouse_interaction(
        &self,
        tree: &Tree,
        layout: Layout<'_>,
        cursor: mouse::Cursor,
        viewport: &Rectangle,
        renderer: &iced::Renderer,
    ) -> mouse::Interaction {
        self.children
            .iter()
            .zip(&tree.children)
            .zip(layout.children())
            .map(|((child, state), layout)| {
                child
                    .as_widget()
                    .mouse_interaction(state, layout, cursor, viewport, renderer)
            })
            .max()
            .unwrap_or_default()
    }

    fn draw(
        &self,
        tree: &Tree,
        renderer: &mut iced::Renderer,
        theme: &iced::Theme,
        style: &renderer::Style,
        layout: Layout<'_>,
        cursor: mouse::Cursor,
        viewport: &Rectangle,
    ) {
        for ((child, state), layout) in self
            .children
            .iter()
            .zip(&tree.children)
            .zip(layout.children())
            .filter(|(_, layout)| layout.bounds().intersects(viewport))
        {
            child
                .as_widget()
                .draw(state, renderer, theme, style, layout, cursor, viewport);
        }
    }

    fn overlay<'b>(
        &'b mut self,
        tree: &'b mut Tree,
        layout: Layout<'b>,
        renderer: &iced::Renderer,
        viewport: &Rectangle,
        translation: Vector,
    ) -> Option<overlay::Element<'b, Message, iced::Theme, iced::Renderer>> {
        overlay::from_children(
            &mut self.children,
            tree,
            layout,
            renderer,
            viewport,
            translation,
        )
    }
}

#[cfg(test)]
mod tests {
    use iced::widget::{button, text};

    use super::*;

    fn bar<'a>(title: &'a str, actions: &[&'a str]) -> Element<'a, ()> {
        title_bar(
            text(title)
                .size(24)
                .width(Length::Fill)
                .wrapping(iced::widget::text::Wrapping::WordOrGlyph)
                .into(),
            actions
                .iter()
                .map(|a| button(text(*a)).on_press(()).into())
                .collect(),
        )
    }

    fn bounds(width: f32, title: &str, actions: &[&str], of: &str) -> Rectangle {
        let mut ui = iced_test::Simulator::with_size(
            iced_test::core::Settings::default(),
            Size::new(width, 600.0),
            bar(title, actions),
        );
        ui.find(of).expect("on screen").bounds()
    }

    const ACTIONS: [&str; 6] = [
        "Second pipeline ▾",
        "Board",
        "List",
        "Won & lost",
        "Export…",
        "New deal",
    ];

    #[test]
    fn room_enough_keeps_the_actions_beside_the_title() {
        let title = bounds(1400.0, "Pipeline", &ACTIONS, "Pipeline");
        let new = bounds(1400.0, "Pipeline", &ACTIONS, "New deal");
        assert!(
            (title.center_y() - new.center_y()).abs() < 4.0,
            "{title:?} {new:?}"
        );
        assert!(new.x > title.x + 300.0);
    }

    /// In a 760-pixel window six actions left "Pipeline" 15 pixels, written a letter a line: the
    /// actions go under it, on the right, and the title is one line. Where it fits whole beside
    /// them, it stays there.
    #[test]
    fn too_little_room_puts_the_actions_under_the_title() {
        let title = bounds(540.0, "Pipeline", &ACTIONS, "Pipeline");
        let new = bounds(540.0, "Pipeline", &ACTIONS, "New deal");
        assert!(title.height < 40.0, "the title wrapped: {title:?}");
        assert!(new.y > title.y + title.height, "{title:?} {new:?}");
        assert!(new.x + new.width > 500.0, "not on the right: {new:?}");
        let title = bounds(720.0, "Pipeline", &ACTIONS, "Pipeline");
        let new = bounds(720.0, "Pipeline", &ACTIONS, "New deal");
        assert!(new.y < title.y + title.height, "{title:?} {new:?}");
    }

    /// A long title beside a few buttons still wraps beside them, as a long company name did.
    #[test]
    fn a_long_title_wraps_beside_few_actions() {
        let long = "Brightwater Espresso Machines and Catering Supplies of the North Coast Ltd";
        let title = bounds(900.0, long, &["Edit", "Delete"], long);
        let edit = bounds(900.0, long, &["Edit", "Delete"], "Edit");
        assert!(edit.y < title.y + title.height && edit.x > title.x + 220.0);
    }
}
