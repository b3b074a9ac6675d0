//! Sections a later version fills (analytics) say honestly what the workspace holds and what is coming.

use iced::Element;

use super::Section;
use crate::store::Counts;
use crate::ui::widget::empty_state;

pub fn view<'a, M: Clone + 'a>(section: Section, counts: &Counts) -> Element<'a, M> {
    let (title, body) = match section {
        Section::Analytics => (
            "Analytics are coming".to_string(),
            format!(
                "Customer segments, products bought together and deal scoring will be drawn from the \
                 {} contacts and {} orders in this workspace.",
                counts.contacts, counts.orders
            ),
        ),
        other => (other.label().to_string(), String::new()),
    };
    empty_state(title, body, None)
}
