//! Reading a long page from the keyboard. A record's page, the dashboard, the settings and the
//! keyboard help scroll with ↑ ↓ (a line), Page Up / Page Down (a screenful, less a line seen
//! before) and Home / End, as the lists move through their rows with the same keys: without them
//! a company's deals and tickets below the fold, or the dashboard's lower charts, could not be
//! seen without a mouse.

use iced::Task;
use iced::advanced::widget::operation::scrollable::AbsoluteOffset;
use iced::advanced::widget::operation::{Operation, Scrollable};
use iced::advanced::widget::{Id, operate};
use iced::{Rectangle, Vector};

use crate::ui::shortcuts::Intent;

/// The scrollable of the page in view (one at a time).
pub const PAGE_ID: &str = "page";

/// One ↑ or ↓: about two lines of text.
const LINE: f32 = 40.0;

/// How far an intent moves the page, if it is one that scrolls.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Step {
    By(f32),
    /// A screenful, less a line, up (-1) or down (+1).
    Pages(f32),
    Top,
    Bottom,
}

fn step(intent: Intent) -> Option<Step> {
    Some(match intent {
        Intent::Up => Step::By(-LINE),
        Intent::Down => Step::By(LINE),
        Intent::PageUp => Step::Pages(-1.0),
        Intent::PageDown => Step::Pages(1.0),
        Intent::First => Step::Top,
        Intent::Last => Step::Bottom,
        _ => return None,
    })
}

/// Whether `intent` is one of the keys that scroll a page.
pub fn scrolls(intent: Intent) -> bool {
    step(intent).is_some()
}

/// Scrolls the scrollable `id` as `intent` says, or `None` for an intent that does not scroll.
pub fn scroll<T: Send + 'static>(id: &'static str, intent: Intent) -> Option<Task<T>> {
    let step = step(intent)?;
    Some(operate(ScrollPage {
        target: Id::new(id),
        step,
    }))
}

/// The new offset from the top for `step`, in a viewport of `seen` pixels over `content` pixels,
/// scrolled `at` pixels down.
fn offset(step: Step, at: f32, seen: f32, content: f32) -> f32 {
    let most = (content - seen).max(0.0);
    let to = match step {
        Step::By(d) => at + d,
        Step::Pages(n) => at + n * (seen - LINE).max(LINE),
        Step::Top => 0.0,
        Step::Bottom => most,
    };
    to.clamp(0.0, most)
}

struct ScrollPage {
    target: Id,
    step: Step,
}

impl<T> Operation<T> for ScrollPage {
    fn traverse(&mut self, operate: &mut dyn FnMut(&mut dyn Operation<T>)) {
        operate(self);
    }

    fn scrollable(
        &mut self,
        id: Option<&Id>,
        viewport: Rectangle,
        content: Rectangle,
        translation: Vector,
        state: &mut dyn Scrollable,
    ) {
        if id == Some(&self.target) {
            let y = offset(self.step, translation.y, viewport.height, content.height);
            state.scroll_to(AbsoluteOffset {
                x: None,
                y: Some(y),
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_move_a_line_a_screenful_or_to_an_end_and_no_further() {
        // 300 pixels seen of 1000, 100 down.
        let at = |s| offset(s, 100.0, 300.0, 1000.0);
        assert_eq!(at(Step::By(LINE)), 140.0);
        assert_eq!(at(Step::By(-LINE)), 60.0);
        assert_eq!(at(Step::Pages(1.0)), 360.0);
        assert_eq!(at(Step::Pages(-1.0)), 0.0);
        assert_eq!(at(Step::Top), 0.0);
        assert_eq!(at(Step::Bottom), 700.0);
        assert_eq!(offset(Step::Pages(1.0), 650.0, 300.0, 1000.0), 700.0);
        // A page shorter than its window does not move.
        assert_eq!(offset(Step::Bottom, 0.0, 800.0, 500.0), 0.0);
        assert_eq!(step(Intent::Edit), None);
    }
}
