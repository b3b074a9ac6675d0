//! Keeping the focused field in view. Tab moves the keyboard to the next field wherever it is,
//! and iced does not scroll to it: on a long form the focus went to a field scrolled out of
//! sight, and what was typed next went there unseen (a contact saved as "LeonorEthiopia
//! Yirgacheffe"). After Tab, each scrollable holding the focused field scrolls just enough to
//! show it, the innermost first: a deal form scrolling within a page that scrolls had shown the
//! field within the form while the page kept the form out of sight.

use iced::advanced::widget::operation::scrollable::AbsoluteOffset;
use iced::advanced::widget::operation::{Focusable, Operation, Outcome, Scrollable};
use iced::advanced::widget::{Id, operate};
use iced::{Rectangle, Task, Vector};

/// Room left above or below the field, so its label shows too.
const MARGIN: f32 = 32.0;

/// A task that scrolls the focused field into view, if it is out of it.
pub fn show_focused<T: Send + 'static>() -> Task<T> {
    show_focused_under(MARGIN)
}

/// [`show_focused`] keeping `above` pixels over the field in view too: what heads its form (a
/// correction's "Correct an activity" above its first field).
pub fn show_focused_under<T: Send + 'static>(above: f32) -> Task<T> {
    operate(FindFocused {
        above,
        ..FindFocused::default()
    })
}

/// A scrollable whose content the walk is inside.
#[derive(Debug, Clone, Copy)]
struct Frame {
    /// Its place among the window's scrollables, in the order the walk meets them.
    index: usize,
    viewport: Rectangle,
    content: Rectangle,
    translation: Vector,
}

/// First pass: finds the focused field and the scroll that shows it.
#[derive(Default)]
struct FindFocused {
    /// Room kept in view above the field.
    above: f32,
    met: usize,
    /// The scrollable met last, whose content the next `traverse` walks.
    pending: Option<Frame>,
    /// The scrollables being walked, innermost last.
    inside: Vec<Frame>,
    found: bool,
    /// The scrollables to move, by their place, and where to.
    scroll: Vec<(usize, f32)>,
}

impl<T: Send + 'static> Operation<T> for FindFocused {
    fn traverse(&mut self, operate: &mut dyn FnMut(&mut dyn Operation<T>)) {
        let frame = self.pending.take();
        self.inside.extend(frame);
        operate(self);
        if frame.is_some() {
            self.inside.pop();
        }
    }

    fn scrollable(
        &mut self,
        _id: Option<&Id>,
        viewport: Rectangle,
        content: Rectangle,
        translation: Vector,
        _state: &mut dyn Scrollable,
    ) {
        self.pending = Some(Frame {
            index: self.met,
            viewport,
            content,
            translation,
        });
        self.met += 1;
    }

    fn focusable(&mut self, _id: Option<&Id>, bounds: Rectangle, state: &mut dyn Focusable) {
        if !state.is_focused() || self.found {
            return;
        }
        self.found = true;
        self.scroll = scrolls_showing(&self.inside, bounds, self.above);
    }

    fn finish(&self) -> Outcome<T> {
        if self.scroll.is_empty() {
            return Outcome::None;
        }
        Outcome::Chain(Box::new(ScrollNth {
            to: self.scroll.clone(),
            met: 0,
        }))
    }
}

/// Where each of `frames` (outermost first) must scroll to show `field`, innermost first; those
/// already showing it are left out.
fn scrolls_showing(frames: &[Frame], field: Rectangle, above: f32) -> Vec<(usize, f32)> {
    let mut scroll = Vec::new();
    // Where the field shows, in the layout of the scrollable around the current one.
    let mut shown = field;
    for frame in frames.iter().rev() {
        let y = offset_showing(frame, shown, above);
        if let Some(y) = y {
            scroll.push((frame.index, y));
        }
        shown.y -= y.unwrap_or(frame.translation.y);
    }
    scroll
}

/// The vertical offset that shows `field` in `frame`, or `None` when it is in view already.
/// Layout bounds are those of the unscrolled content: what shows is the band `translation.y`
/// below the viewport's top.
fn offset_showing(frame: &Frame, field: Rectangle, above: f32) -> Option<f32> {
    let top = frame.viewport.y + frame.translation.y;
    let bottom = top + frame.viewport.height;
    let wanted = if field.y - above < top {
        field.y - above - frame.viewport.y
    } else if field.y + field.height > bottom {
        field.y + field.height + MARGIN - frame.viewport.y - frame.viewport.height
    } else {
        return None;
    };
    let most = (frame.content.height - frame.viewport.height).max(0.0);
    Some(wanted.clamp(0.0, most))
}

/// Second pass: scrolls the scrollables the first pass chose.
struct ScrollNth {
    to: Vec<(usize, f32)>,
    met: usize,
}

impl<T: Send + 'static> Operation<T> for ScrollNth {
    fn traverse(&mut self, operate: &mut dyn FnMut(&mut dyn Operation<T>)) {
        operate(self);
    }

    fn scrollable(
        &mut self,
        _id: Option<&Id>,
        _viewport: Rectangle,
        _content: Rectangle,
        _translation: Vector,
        state: &mut dyn Scrollable,
    ) {
        if let Some(&(_, y)) = self.to.iter().find(|(index, _)| *index == self.met) {
            state.scroll_to(AbsoluteOffset {
                x: None,
                y: Some(y),
            });
        }
        self.met += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frame(scrolled: f32) -> Frame {
        Frame {
            index: 0,
            viewport: Rectangle::new([0.0, 100.0].into(), [400.0, 300.0].into()),
            content: Rectangle::new([0.0, 100.0].into(), [400.0, 1000.0].into()),
            translation: Vector::new(0.0, scrolled),
        }
    }

    fn field(y: f32) -> Rectangle {
        Rectangle::new([0.0, y].into(), [200.0, 30.0].into())
    }

    #[test]
    fn a_field_out_of_view_is_scrolled_to_and_one_in_view_is_left() {
        assert_eq!(offset_showing(&frame(0.0), field(200.0), MARGIN), None);
        // Below the band: its bottom comes to the viewport's bottom, with room.
        assert_eq!(
            offset_showing(&frame(0.0), field(500.0), MARGIN),
            Some(162.0)
        );
        // Above the band (scrolled down to the custom fields, Tab went back to the top).
        assert_eq!(
            offset_showing(&frame(600.0), field(120.0), MARGIN),
            Some(0.0)
        );
        assert_eq!(
            offset_showing(&frame(600.0), field(400.0), MARGIN),
            Some(268.0)
        );
        // Never past the end of the content.
        assert_eq!(
            offset_showing(&frame(0.0), field(1080.0), MARGIN),
            Some(700.0)
        );
        // In view, but what heads its form is not: up far enough to show that too.
        assert_eq!(
            offset_showing(&frame(300.0), field(450.0), 100.0),
            Some(250.0)
        );
        assert_eq!(offset_showing(&frame(300.0), field(450.0), MARGIN), None);
    }

    #[test]
    fn a_form_scrolling_inside_a_page_that_scrolls_shows_its_field_in_both() {
        // The page (0) scrolled down 300 past a form (1) of 200 pixels at 120 in its content,
        // itself scrolled 150 down; Tab reached the form's first field, at 130.
        let page = frame(300.0);
        let form = Frame {
            index: 1,
            viewport: Rectangle::new([0.0, 120.0].into(), [400.0, 200.0].into()),
            content: Rectangle::new([0.0, 120.0].into(), [400.0, 600.0].into()),
            translation: Vector::new(0.0, 150.0),
        };
        // The form back to its top, and the page up to show the field where it then is.
        assert_eq!(
            scrolls_showing(&[page, form], field(130.0), MARGIN),
            [(1, 0.0), (0, 0.0)]
        );
        // A field the form shows, in a page scrolled over it: the page alone moves.
        assert_eq!(
            scrolls_showing(&[page, form], field(350.0), MARGIN),
            [(0, 68.0)]
        );
    }
}
