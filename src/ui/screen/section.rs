//! The screens later versions fill (pipeline, tickets, campaigns, analytics) say honestly what the
//! workspace holds and where that data can be seen today.

use iced::Element;

use super::Section;
use crate::store::Counts;
use crate::ui::widget::empty_state;

pub fn view<'a, M: Clone + 'a>(section: Section, counts: &Counts) -> Element<'a, M> {
    let (title, body) = match section {
        Section::Pipeline => (
            "The pipeline board is coming".to_string(),
            format!(
                "This workspace holds {} deals, {} of them open. Until the Kanban board arrives, each deal \
                 shows on its contact's and company's timeline.",
                counts.deals, counts.open_deals
            ),
        ),
        Section::Tickets => (
            "The ticket queue is coming".to_string(),
            format!(
                "This workspace holds {} support tickets, {} of them still active. Each ticket shows on \
                 its contact's timeline, and the search box (Ctrl+K) finds tickets by their words.",
                counts.tickets, counts.active_tickets
            ),
        ),
        Section::Campaigns => (
            "Campaigns are coming".to_string(),
            format!(
                "This workspace holds {} campaigns. Their targets, responses and ROI get a screen of \
                 their own in a coming version.",
                counts.campaigns
            ),
        ),
        Section::Analytics => (
            "Analytics are coming".to_string(),
            format!(
                "Customer segments, products bought together and deal scoring will be drawn from the \
                 {} contacts and {} orders in this workspace.",
                counts.contacts, counts.orders
            ),
        ),
        Section::Contacts | Section::Companies | Section::Tasks | Section::Settings => {
            (section.label().to_string(), String::new())
        }
    };
    empty_state(title, body, None)
}
