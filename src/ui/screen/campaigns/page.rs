//! One campaign: its results (funnel, rates, revenue against cost, ROI), the segment it targets
//! with a live count, and its members with their responses.

use iced::widget::{Space, column, container, responsive, row, scrollable, text};
use iced::{Alignment, Element, Length, Task};

use super::members::{self, Members};
use super::segment::{self, SegmentEditor};
use crate::domain::campaign::Rate;
use crate::domain::{Campaign, CampaignId};
use crate::store::{CampaignSummary, Shared};
use crate::ui::screen::{Action, Destination, export};
use crate::ui::shortcuts::Intent;
use crate::ui::theme;
use crate::ui::widget::{deleted_banner, empty_state, fit, one_line, record_actions, title_bar};
use crate::ui::workspace::Workspace;

/// The segment and funnel column; the members take the rest of the width.
const LEFT_WIDTH: f32 = 360.0;

/// Below this width for the two columns, the members go under the segment and funnel, at
/// [`STACKED_MEMBERS_HEIGHT`]: beside them, the four response buttons ("✓ Responded") ran into
/// each other and names were cut mid-letter (a 1024-pixel window).
const SIDE_BY_SIDE: f32 = 980.0;
const STACKED_MEMBERS_HEIGHT: f32 = 460.0;

#[derive(Debug, Clone)]
pub struct Loaded {
    campaign: Campaign,
    summary: CampaignSummary,
}

pub struct Page {
    id: CampaignId,
    loaded: Option<Box<Loaded>>,
    error: Option<String>,
    segment: SegmentEditor,
    members: Members,
    choices_read: bool,
    /// How far the stacked page is scrolled, to come back to after a member's page.
    scrolled: f32,
}

/// The page's own scrollable when it is stacked (too narrow for the members beside the segment).
const PAGE_ID: &str = "campaign-page";

#[derive(Debug, Clone)]
pub enum Message {
    Loaded(Shared<Box<Loaded>>),
    /// Handled by the screen: back to the list.
    Back,
    /// Handled by the screen: open the editor.
    Edit,
    Delete,
    /// A successful delete is handled by the screen, which goes back to the list.
    Deleted(Shared<()>),
    /// Bring the deleted campaign back.
    Restore,
    Restored(Shared<()>),
    Segment(segment::Message),
    Members(members::Message),
    Scrolled(iced::widget::scrollable::Viewport),
}

impl Page {
    /// Whether leaving would lose a member's revenue or a segment filter changed and not saved.
    pub fn is_dirty(&self) -> bool {
        self.members.is_dirty() || self.segment.is_dirty()
    }

    pub fn new(id: CampaignId) -> (Self, Task<Message>) {
        let page = Page {
            id,
            loaded: None,
            error: None,
            segment: SegmentEditor::new(id),
            members: Members::new(id),
            choices_read: false,
            scrolled: 0.0,
        };
        (page, Task::none())
    }

    /// Throws away what was changed and not saved (the window's "Discard").
    pub fn discard(&mut self) {
        self.segment.discard();
        self.members.discard();
    }

    pub fn id(&self) -> CampaignId {
        self.id
    }

    /// Shown again after another screen: the page and its member list where they were left.
    pub fn scroll_back(&self) -> Task<Message> {
        Task::batch([
            crate::ui::widget::paged::scroll_to(PAGE_ID, self.scrolled),
            self.members.scroll_back().map(Message::Members),
        ])
    }

    pub fn campaign(&self) -> Option<&Campaign> {
        self.loaded.as_ref().map(|l| &l.campaign)
    }

    /// Reads the campaign, its results and the members in view (again).
    pub fn refresh(&mut self, workspace: &Workspace) -> Task<Message> {
        let id = self.id;
        let load = workspace.run(
            move |s| {
                Ok(Box::new(Loaded {
                    campaign: s.campaign(id)?,
                    summary: s.campaign_summary(id)?,
                }))
            },
            Message::Loaded,
        );
        let choices = if self.choices_read {
            Task::none()
        } else {
            self.choices_read = true;
            self.segment.reload_choices(workspace).map(Message::Segment)
        };
        Task::batch([
            load,
            choices,
            self.members.refresh(workspace).map(Message::Members),
        ])
    }

    pub fn update(&mut self, workspace: &Workspace, message: Message) -> Action<Message> {
        match message {
            Message::Loaded(Ok(loaded)) => {
                self.members
                    .set_currency(loaded.campaign.fields.budget.currency);
                let count = self.segment.load(workspace, &loaded.campaign);
                self.loaded = Some(loaded);
                self.error = None;
                Action::Run(count.map(Message::Segment))
            }
            Message::Loaded(Err(e)) => {
                self.error = Some(e.to_string());
                Action::None
            }
            Message::Delete => {
                let id = self.id;
                Action::Run(workspace.run(move |s| s.delete(id), Message::Deleted))
            }
            Message::Deleted(Err(e)) => {
                Action::Failed(format!("The campaign could not be deleted: {e}"))
            }
            Message::Restore => {
                let id = self.id;
                Action::Run(workspace.run(move |s| s.restore(id), Message::Restored))
            }
            Message::Restored(Ok(())) => Action::Changed { then: None },
            Message::Restored(Err(e)) => {
                Action::Failed(format!("The campaign could not be restored: {e}"))
            }
            Message::Scrolled(viewport) => {
                self.scrolled = viewport.absolute_offset().y;
                Action::None
            }
            Message::Segment(m) => self.segment.update(workspace, m).map(Message::Segment),
            Message::Members(members::Message::Export) => match &self.loaded {
                Some(loaded) => Action::Open(Destination::Export(export::Source::Members {
                    campaign: self.id,
                    name: loaded.campaign.fields.name.clone(),
                })),
                None => Action::None,
            },
            Message::Members(m) => self.members.update(workspace, m).map(Message::Members),
            // The screen handles these.
            Message::Back | Message::Edit | Message::Deleted(Ok(())) => Action::None,
        }
    }

    pub fn intent(&mut self, workspace: &Workspace, intent: Intent) -> Action<Message> {
        self.members.intent(workspace, intent).map(Message::Members)
    }

    pub fn view(&self) -> Element<'_, Message> {
        let Some(loaded) = &self.loaded else {
            return match &self.error {
                Some(e) => empty_state(
                    "This campaign could not be opened",
                    e.as_str(),
                    Some(("Back to campaigns", Message::Back)),
                ),
                None => empty_state("Opening…", "", None),
            };
        };
        let c = &loaded.campaign;
        let f = &c.fields;
        let actions = record_actions("← Campaigns", Message::Back, Message::Edit, Message::Delete);
        let day = |d: chrono::NaiveDate| d.format("%-d %b %Y").to_string();
        let dates = match (f.starts_on, f.ends_on) {
            (Some(s), Some(e)) => super::list::dates(s, e),
            (Some(s), None) => format!("from {}", day(s)),
            (None, Some(e)) => format!("until {}", day(e)),
            (None, None) => "no dates set".to_string(),
        };
        let mut heading = column![
            title_bar(f.name.as_str(), actions),
            text(format!(
                "{} · {} · {dates} · budget {}",
                f.channel.label(),
                f.status.label(),
                f.budget.display()
            ))
            .style(theme::muted_text),
        ]
        .spacing(4);
        if c.deleted_at.is_some() {
            heading = heading.push(deleted_banner("campaign", Message::Restore));
        }
        let body = responsive(move |size| {
            let cards = column![
                card(self.segment.view().map(Message::Segment)),
                card(funnel(&loaded.summary)),
            ]
            .spacing(16);
            let members = container(self.members.view().map(Message::Members))
                .padding(12)
                .style(theme::card)
                .width(Length::Fill);
            let right_padded = iced::Padding {
                right: 12.0,
                ..iced::Padding::ZERO
            };
            let figures = card(figures(&loaded.summary));
            if size.width >= SIDE_BY_SIDE {
                let left = scrollable(cards.padding(right_padded))
                    .height(Length::Fill)
                    .width(Length::Fixed(LEFT_WIDTH));
                column![
                    figures,
                    row![left, members.height(Length::Fill)]
                        .spacing(16)
                        .height(Length::Fill)
                ]
                .spacing(16)
                .into()
            } else {
                // The figures scroll with the rest: held above it, in a short window they left
                // the members less than one row. The segment comes before the members, as it
                // does side by side: after them, Tab never reached it (the keyboard went back to
                // the top after the last member the list had drawn).
                scrollable(
                    column![
                        figures,
                        cards,
                        members.height(Length::Fixed(STACKED_MEMBERS_HEIGHT))
                    ]
                    .spacing(16)
                    .padding(right_padded),
                )
                .id(PAGE_ID)
                .on_scroll(Message::Scrolled)
                .height(Length::Fill)
                .into()
            }
        });
        column![heading, body].spacing(16).padding(20).into()
    }
}

fn card<'a>(content: impl Into<Element<'a, Message>>) -> Element<'a, Message> {
    container(content)
        .padding(14)
        .width(Length::Fill)
        .style(theme::card)
        .into()
}

/// The campaign's results as figures: reach, rates, money and return — in one line, or in as
/// many as the widest figure needs (a cost of "€123,456.78" had run into the ROI beside it).
fn figures(s: &CampaignSummary) -> Element<'_, Message> {
    const VALUE: f32 = 18.0;
    const CAPTION: f32 = 12.0;
    const GAP: f32 = 12.0;
    let funnel = s.funnel();
    let rate = |r: Option<Rate>| r.map_or("—".to_string(), |r| r.to_string());
    let shown: Vec<(&'static str, String)> = vec![
        ("members", s.members.to_string()),
        ("sent", s.sent.to_string()),
        ("responded", s.responded.to_string()),
        ("converted", s.converted.to_string()),
        ("response rate", rate(funnel.response_rate())),
        ("conversion rate", rate(funnel.conversion_rate())),
        ("revenue", s.revenue.display()),
        ("cost", s.cost.display()),
        (
            "ROI",
            s.roi_percent
                .map_or("—".to_string(), crate::domain::campaign::roi_label),
        ),
    ];
    // Each figure's room does not depend on its value: sized by the values, the card went from
    // one line to two when a revenue was typed, and the member rows below moved from under the
    // pointer (the next click recorded a response for the wrong person). Room for
    // "€1,234,567.90"; a longer value is cut.
    const SLOT: f32 = 140.0;
    let widest = shown
        .iter()
        .map(|(caption, _)| fit::width(caption, CAPTION))
        .fold(SLOT, f32::max);
    responsive(move |room| {
        let per_line = (((room.width + GAP) / (widest + GAP)) as usize).clamp(1, shown.len());
        let lines = shown.len().div_ceil(per_line);
        // As even as the lines can be: 9 figures in two lines are 5 and 4, not 8 and 1.
        let per_line = shown.len().div_ceil(lines);
        let mut out = column![].spacing(10);
        for chunk in shown.chunks(per_line) {
            let mut line = row![].spacing(GAP);
            for (caption, value) in chunk {
                line = line.push(
                    column![
                        one_line(value.clone(), VALUE, |t| t),
                        one_line(*caption, CAPTION, |t| t.style(theme::muted_text))
                    ]
                    .spacing(2)
                    .width(Length::Fill),
                );
            }
            // Short last line: its figures keep the columns of the lines above.
            for _ in chunk.len()..per_line {
                line = line.push(Space::new().width(Length::Fill));
            }
            out = out.push(line);
        }
        out.into()
    })
    .height(Length::Shrink)
    .into()
}

/// How far the members got, as bars of each step's share of the members.
fn funnel(s: &CampaignSummary) -> Element<'_, Message> {
    let funnel = s.funnel();
    let of_members = |n: i64| -> u16 {
        if s.members <= 0 {
            0
        } else {
            ((n.clamp(0, s.members) * 1000 + s.members / 2) / s.members) as u16
        }
    };
    let rate = |r: Option<Rate>| r.map_or(String::new(), |r| r.to_string());
    let steps = [
        ("members", s.members, String::new()),
        (
            "sent",
            s.sent,
            rate(crate::domain::campaign::rate(s.sent, s.members)),
        ),
        ("opened", s.opened, rate(funnel.open_rate())),
        ("responded", s.responded, rate(funnel.response_rate())),
        ("converted", s.converted, rate(funnel.conversion_rate())),
    ];
    let bars = steps
        .into_iter()
        .fold(column![].spacing(6), |col, (label, n, note)| {
            let share = of_members(n);
            let mut bar = row![].height(12);
            if share > 0 {
                bar = bar.push(
                    container(Space::new())
                        .width(Length::FillPortion(share))
                        .height(12)
                        .style(theme::funnel_bar),
                );
            }
            if share < 1000 {
                bar = bar.push(Space::new().width(Length::FillPortion(1000 - share)));
            }
            col.push(
                row![
                    text(label)
                        .size(13)
                        .style(theme::muted_text)
                        .width(Length::Fixed(80.0)),
                    text(n.to_string()).size(14).width(Length::Fixed(48.0)),
                    container(bar.width(Length::Fill)).width(Length::Fill),
                    text(note)
                        .size(13)
                        .width(Length::Fixed(52.0))
                        .align_x(iced::alignment::Horizontal::Right)
                        .wrapping(text::Wrapping::None),
                ]
                .spacing(8)
                .align_y(Alignment::Center),
            )
        });
    // Said from the exact sums, not the percent shown: a cent short rounds to "0%", and the
    // note had gone with it.
    let roi_note = match crate::domain::campaign::roi(s.revenue, s.cost) {
        None => "No ROI until the campaign has a cost. ROI = (revenue − cost) / cost.",
        Some((gain, _)) if gain < 0 => {
            "Revenue has not yet covered the cost. ROI = (revenue − cost) / cost."
        }
        Some(_) => "ROI = (revenue − cost) / cost.",
    };
    column![
        text("Funnel").size(18),
        text("Sent as a share of the members; opened, responded and converted of those sent.")
            .size(12)
            .style(theme::muted_text),
        bars,
        text(roi_note).size(12).style(theme::muted_text),
    ]
    .spacing(12)
    .into()
}
