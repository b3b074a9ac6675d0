//! "Save as segment": which customers a group of the current results holds, the tag name that says
//! where they came from, and the bar where the user names and saves it.

use iced::widget::{button, column, container, row, text};
use iced::{Alignment, Element, Length};

use super::{Analytics, Kind, Message, Naming, SEGMENT_NAME_ID, SegmentSource, results};
use crate::analytics::workspace::Outcome;
use crate::domain::ContactId;
use crate::ui::screen::Action;
use crate::ui::theme;
use crate::ui::workspace::Workspace;

/// Tags are at most this long (the contact form's limit).
const NAME_LIMIT: usize = 60;

impl Analytics {
    pub(super) fn save_segment(&mut self, workspace: &Workspace) -> Action<Message> {
        let Some(naming) = &self.naming else {
            return Action::None;
        };
        let name = naming.name.trim().to_string();
        if name.is_empty() || naming.saving {
            return Action::None;
        }
        let ids = self.segment_members(naming.source);
        if let Some(naming) = &mut self.naming {
            naming.saving = true;
        }
        let saved_name = name.clone();
        Action::Run(workspace.run(
            move |s| s.tag_contacts(&ids, &name),
            move |r| Message::Saved(saved_name, r),
        ))
    }

    /// The customers in a group of the current results.
    pub(super) fn segment_members(&self, source: SegmentSource) -> Vec<ContactId> {
        let outcome = |kind: Kind| self.results.get(&kind).map(|f| f.outcome.as_ref());
        match (source, outcome(source_kind(source))) {
            (SegmentSource::Cluster(j), Some(Outcome::Segments(s))) => s
                .contacts
                .iter()
                .zip(&s.report.labels)
                .filter(|(_, label)| **label == j)
                .map(|(c, _)| *c)
                .collect(),
            (SegmentSource::Dense(j), Some(Outcome::Density(d))) => d
                .contacts
                .iter()
                .zip(&d.report.labels)
                .filter(|(_, label)| **label == j)
                .map(|(c, _)| *c)
                .collect(),
            (SegmentSource::Loyalty(segment), Some(Outcome::Loyalty(l))) => l
                .scores
                .iter()
                .filter(|s| s.segment == segment)
                .map(|s| ContactId(s.contact))
                .collect(),
            (SegmentSource::Rule(i), Some(Outcome::Bundles(b))) => match b.rules.get(i) {
                Some(rule) => b.customers_for(rule).map(|c| c.contact).collect(),
                None => Vec::new(),
            },
            _ => Vec::new(),
        }
    }

    /// A tag name that says where the group came from.
    pub(super) fn segment_name(&self, source: SegmentSource) -> String {
        let name = match source {
            SegmentSource::Cluster(j) => {
                let k = match self
                    .results
                    .get(&Kind::Segments)
                    .map(|f| f.outcome.as_ref())
                {
                    Some(Outcome::Segments(s)) => s.report.k,
                    _ => 0,
                };
                format!("Segment {} of {k}", j + 1)
            }
            SegmentSource::Dense(-1) => "Density outliers".to_string(),
            SegmentSource::Dense(j) => format!("Density cluster {}", j + 1),
            SegmentSource::Loyalty(segment) => format!("RFM {}", segment.label()),
            SegmentSource::Rule(i) => {
                match self.results.get(&Kind::Bundles).map(|f| f.outcome.as_ref()) {
                    Some(Outcome::Bundles(b)) if i < b.rules.len() => {
                        format!("Offer {}", results::items(&b.rules[i].consequent, &b.names))
                    }
                    _ => "Offer".to_string(),
                }
            }
        };
        name.chars().take(NAME_LIMIT).collect()
    }
}

/// The tag in use that `name` would join (tags are one whatever their case), with its size.
pub(super) fn tag_in_use<'a>(tags: &'a [(String, u64)], name: &str) -> Option<(&'a str, u64)> {
    let name = name.trim();
    tags.iter()
        .find(|(tag, _)| crate::domain::contact::same_tag(tag, name))
        .map(|(tag, size)| (tag.as_str(), *size))
}

pub(super) fn naming_bar(naming: &Naming) -> Element<'_, Message> {
    let input = crate::ui::widget::field::input("Segment name", &naming.name)
        .id(SEGMENT_NAME_ID)
        .on_input(Message::SegmentName)
        .on_submit(Message::SaveSegment)
        .padding(6)
        .width(Length::Fixed(300.0));
    let can_save = !naming.name.trim().is_empty() && !naming.saving && naming.customers > 0;
    let in_use = tag_in_use(&naming.tags, &naming.name);
    let mut bar = column![
        row![
            text(format!(
                "Tag {} as",
                crate::words::count(naming.customers as u64, "customer")
            )),
            input,
            button(text(match (naming.saving, in_use) {
                (true, _) => "Saving…".to_string(),
                (false, Some((tag, _))) => format!("Add to “{tag}”"),
                (false, None) => "Save segment".to_string(),
            }))
            .on_press_maybe(can_save.then_some(Message::SaveSegment))
            .style(button::primary),
            button(text("Don't save"))
                .on_press(Message::KeepSegmentUnsaved)
                .style(button::text),
        ]
        .spacing(10)
        .align_y(Alignment::Center)
        // In a narrow window the buttons go under the name rather than out of sight.
        .wrap()
        .vertical_spacing(8),
    ];
    // A campaign aimed at the tag would reach both groups as one, without a word.
    if let Some((tag, size)) = in_use {
        bar = bar.push(
            text(format!(
                "“{tag}” is a tag {} already {}: saving gives it to these customers too. A name \
                 of its own keeps the segment apart.",
                crate::words::count(size, "contact"),
                if size == 1 { "carries" } else { "carry" },
            ))
            .size(13)
            .style(theme::error_text),
        );
    }
    container(bar).padding(10).style(theme::card).into()
}

fn source_kind(source: SegmentSource) -> Kind {
    match source {
        SegmentSource::Cluster(_) => Kind::Segments,
        SegmentSource::Dense(_) => Kind::Density,
        SegmentSource::Loyalty(_) => Kind::Loyalty,
        SegmentSource::Rule(_) => Kind::Bundles,
    }
}
