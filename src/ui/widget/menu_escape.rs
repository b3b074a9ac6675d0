//! Escape closes an open drop-down menu, and only the menu. iced 0.14's pick lists ignore the
//! key, so Escape went on to the window, which closed the whole form behind the menu. The keys
//! that move through a list (arrows, Page Up/Down, Home, End, Enter) are kept from the list behind
//! an open menu too.
//!
//! [`closes_on_escape`] wraps a pick list: on Escape while its menu is open it closes the menu
//! (as a click outside it would) and remembers doing so. The window, before acting on Escape,
//! asks with [`menu_closed_by_escape`] whether a menu took the key.

use std::any::Any;
use std::cell::Cell;

use iced::advanced::widget::operation::{Operation, Outcome};
use iced::advanced::widget::{Id, Tree, Widget, operate};
use iced::advanced::{Clipboard, Layout, Shell, mouse, renderer};
use iced::keyboard::{self, key::Named};
use iced::{Border, Color, Element, Event, Rectangle, Task};

/// Wraps a drop-down (a pick list) so that Escape closes its open menu.
pub fn closes_on_escape<'a, Message: 'a>(
    menu: impl Into<Element<'a, Message>>,
) -> Element<'a, Message> {
    Element::new(EscapeClosesMenu {
        content: menu.into(),
    })
}

/// A task answering whether a drop-down menu closed on the Escape just pressed (and forgetting
/// it, so the next Escape is the window's).
pub fn menu_closed_by_escape() -> Task<bool> {
    operate(TakeClosed(false))
}

struct EscapeClosesMenu<'a, Message> {
    content: Element<'a, Message>,
}

/// The wrapper's state: whether it closed its menu on an Escape nobody has asked about yet, and
/// which of two hair-different frames it drew last.
#[derive(Default)]
pub(super) struct ClosedByEscape {
    pub(super) closed: bool,
    drawn: Cell<bool>,
}

impl<Message> Widget<Message, iced::Theme, iced::Renderer> for EscapeClosesMenu<'_, Message> {
    super::wrapper::delegate_all_but_drawing!();
    super::wrapper::state_for_operations!(ClosedByEscape);

    /// The drop-down, under an invisible frame a hair different each time: the software renderer
    /// compares a drop-down's text by its cached paragraph, not by what it says, so a value
    /// changed other than by the pointer (Edit loading an inbound call, Alt+D, Alt+L) was drawn
    /// over the old one ("Outbound" and "Inbound" mangled together) until the pointer passed by.
    /// The frame makes it repaint the drop-down's few pixels whenever the window draws.
    ///
    /// A drop-down cut by the edge of a scrolled list is drawn in a layer of its visible part:
    /// the software renderer does not clip a drop-down's text to the list, and "Snooze…" of a
    /// row below the Today list was written over the hint under it.
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
        use iced::advanced::Renderer as _;
        let bounds = layout.bounds();
        let shown = Shown::of(bounds, viewport);
        if shown == Shown::Not {
            return;
        }
        let state = tree.state.downcast_ref::<ClosedByEscape>();
        let odd = !state.drawn.get();
        state.drawn.set(odd);
        let draw = |renderer: &mut iced::Renderer| {
            let drawn = super::wrapper::Drawn {
                renderer: &mut *renderer,
                theme,
                style,
                cursor,
                viewport,
            };
            drawn.content(&self.content, tree, layout);
            renderer.fill_quad(
                renderer::Quad {
                    bounds,
                    border: Border {
                        radius: (0.001 * f32::from(u8::from(odd))).into(),
                        ..Border::default()
                    },
                    ..renderer::Quad::default()
                },
                Color::TRANSPARENT,
            );
        };
        match shown {
            Shown::Whole => draw(renderer),
            Shown::Cut(layer) => renderer.with_layer(layer, draw),
            Shown::Not => {}
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
        // Keys that move through a list or open its row, pressed while the menu is open: iced's
        // menus answer only the mouse, and the keys went on to the list behind, moving its
        // selection and opening a contact. They are the menu's now.
        let list_key = matches!(
            event,
            Event::Keyboard(keyboard::Event::KeyPressed {
                key: keyboard::Key::Named(
                    Named::ArrowUp
                        | Named::ArrowDown
                        | Named::ArrowLeft
                        | Named::ArrowRight
                        | Named::PageUp
                        | Named::PageDown
                        | Named::Home
                        | Named::End
                        | Named::Enter
                ),
                ..
            })
        );
        if list_key
            && !shell.is_event_captured()
            && self
                .content
                .as_widget_mut()
                .overlay(
                    &mut tree.children[0],
                    layout,
                    renderer,
                    viewport,
                    iced::Vector::ZERO,
                )
                .is_some()
        {
            shell.capture_event();
            return;
        }
        if escape && !shell.is_event_captured() {
            // A press with no cursor over the list is a click outside it: an open menu closes
            // and takes the event; a closed one lets it be.
            let outside = Event::Mouse(mouse::Event::ButtonPressed(mouse::Button::Left));
            self.content.as_widget_mut().update(
                &mut tree.children[0],
                &outside,
                layout,
                mouse::Cursor::Unavailable,
                renderer,
                clipboard,
                shell,
                viewport,
            );
            if shell.is_event_captured() {
                tree.state.downcast_mut::<ClosedByEscape>().closed = true;
            }
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
    }
}

/// How much of a drop-down a viewport shows.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Shown {
    Whole,
    /// Cut by the viewport's edge: drawn in a layer of this part (and a pixel beyond the box
    /// where it is not cut, for its border's edge).
    Cut(Rectangle),
    Not,
}

impl Shown {
    /// Whole, give or take the rounding of the intersection: 170.52802 for 170.528 had put every
    /// drop-down in a layer of its own, whose going away on another screen repainted its box but
    /// not its border — two grey lines stayed in the next screen's header.
    fn of(bounds: Rectangle, viewport: &Rectangle) -> Shown {
        let Some(visible) = bounds.intersection(viewport) else {
            return Shown::Not;
        };
        if visible.width >= bounds.width - 0.5 && visible.height >= bounds.height - 0.5 {
            return Shown::Whole;
        }
        bounds
            .expand(1.0)
            .intersection(viewport)
            .map_or(Shown::Not, Shown::Cut)
    }
}

struct TakeClosed(bool);

impl Operation<bool> for TakeClosed {
    fn custom(&mut self, _id: Option<&Id>, _bounds: Rectangle, state: &mut dyn Any) {
        if let Some(closed) = state.downcast_mut::<ClosedByEscape>() {
            self.0 |= std::mem::take(&mut closed.closed);
        }
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

    #[test]
    fn a_drop_down_is_whole_despite_the_intersections_rounding_and_cut_with_a_margin() {
        let bounds = Rectangle::new(
            iced::Point::new(594.832, 20.2),
            iced::Size::new(170.528, 30.8),
        );
        let wide = Rectangle::new(iced::Point::ORIGIN, iced::Size::new(1200.0, 760.0));
        assert_eq!(Shown::of(bounds, &wide), Shown::Whole);
        // Cut at the bottom by a list's edge at y = 40: the layer ends there, and takes a pixel
        // more on the sides and the top.
        let list = Rectangle::new(iced::Point::ORIGIN, iced::Size::new(1200.0, 40.0));
        let Shown::Cut(layer) = Shown::of(bounds, &list) else {
            panic!("not cut");
        };
        assert!((layer.y + layer.height - 40.0).abs() < 1e-3);
        assert!(layer.x < bounds.x && layer.y < bounds.y);
        let below = Rectangle::new(iced::Point::new(0.0, 100.0), iced::Size::new(1200.0, 40.0));
        assert_eq!(Shown::of(bounds, &below), Shown::Not);
    }

    fn take(states: &mut [ClosedByEscape]) -> bool {
        let mut op = TakeClosed(false);
        for state in states {
            op.custom(None, Rectangle::default(), state);
        }
        matches!(op.finish(), Outcome::Some(true))
    }

    #[test]
    fn a_menu_closed_by_escape_is_reported_once() {
        let mut states = [
            ClosedByEscape::default(),
            ClosedByEscape {
                closed: true,
                ..ClosedByEscape::default()
            },
        ];
        assert!(take(&mut states), "the closed menu answers");
        assert!(!take(&mut states), "the next Escape belongs to the window");
    }

    /// A window holding one drop-down, wrapped or not, at its top left corner.
    fn window(wrapped: bool) -> iced_test::Simulator<'static, &'static str> {
        let list = iced::widget::pick_list(["Lead", "Customer"], Some("Lead"), |c| c).width(200);
        let content: Element<'static, &'static str> = if wrapped {
            closes_on_escape(list)
        } else {
            list.into()
        };
        iced_test::simulator(iced::widget::column![content].padding(0))
    }

    fn escape(ui: &mut iced_test::Simulator<'_, &'static str>) -> iced::event::Status {
        ui.tap_key(keyboard::Key::Named(Named::Escape))
    }

    fn open_menu(ui: &mut iced_test::Simulator<'_, &'static str>) {
        ui.point_at(iced::Point::new(20.0, 10.0));
        ui.simulate(iced_test::simulator::click());
    }

    #[test]
    fn escape_closes_an_open_menu_and_only_then_is_used() {
        let mut ui = window(true);
        assert_eq!(
            escape(&mut ui),
            iced::event::Status::Ignored,
            "no menu open"
        );
        open_menu(&mut ui);
        assert_eq!(
            escape(&mut ui),
            iced::event::Status::Captured,
            "the menu closes"
        );
        assert_eq!(
            escape(&mut ui),
            iced::event::Status::Ignored,
            "and stays closed"
        );
        assert_eq!(ui.into_messages().count(), 0, "nothing was chosen");
    }

    #[test]
    fn an_unwrapped_menu_lets_escape_through() {
        let mut ui = window(false);
        open_menu(&mut ui);
        assert_eq!(escape(&mut ui), iced::event::Status::Ignored);
    }

    #[test]
    fn other_widgets_state_is_not_mistaken_for_a_menu() {
        let mut op = TakeClosed(false);
        op.custom(None, Rectangle::default(), &mut true);
        assert!(matches!(op.finish(), Outcome::Some(false)));
    }
}
