//! The saved filter that picks a campaign's audience, edited with a live count: every change waits
//! for a short pause, then the store thread counts the matching contacts and those not yet members.

use std::time::Duration;

use iced::widget::{Space, button, column, combo_box, container, row, text};
use iced::{Alignment, Element, Length, Task};

use crate::domain::campaign::parse_active_within;
use crate::domain::{Campaign, CampaignId, LifecycleStage, Segment};
use crate::store::Shared;
use crate::ui::screen::Action;
use crate::ui::screen::contacts::{CompanyChoice, company_choices};
use crate::ui::theme;
use crate::ui::timer;
use crate::ui::widget::chip;
use crate::ui::widget::choice_keys::{keyed_adder, keyed_press};
use crate::ui::widget::combo_focus::combo_focus;
use crate::ui::workspace::Workspace;

pub const DAYS_ID: &str = "segment-days";
pub const COMPANY_ID: &str = "segment-company";
pub const TAG_ID: &str = "segment-tag";
const PAUSE: Duration = Duration::from_millis(200);
/// Companies offered in the company condition.
const COMPANY_CHOICES: u32 = 50_000;

#[derive(Debug, Clone, Default)]
pub struct Choices {
    tags: Vec<String>,
    companies: Vec<CompanyChoice>,
}

/// The live count under the filter.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Preview {
    Counting,
    Counted { matching: u64, new: u64 },
    Failed(String),
}

pub struct SegmentEditor {
    id: CampaignId,
    saved: Segment,
    draft: Segment,
    loaded: bool,
    days: String,
    days_error: Option<String>,
    choices: Choices,
    companies: combo_box::State<CompanyChoice>,
    /// Bumped on every edit; only the count for the latest edit is shown.
    edits: u64,
    preview: Preview,
    busy: bool,
    note: Option<String>,
    /// Whether `note` tells of members just added.
    added_note: bool,
    /// The tag the arrows are on in "Add a tag…", which Enter adds.
    tag_pending: Option<String>,
}

#[derive(Debug, Clone)]
pub enum Message {
    ChoicesLoaded(Shared<Choices>),
    TagAdded(String),
    TagStepped(String),
    TagRemoved(String),
    StageToggled(LifecycleStage),
    CompanyPicked(CompanyChoice),
    CompanyCleared,
    /// The company field let go of the keyboard: what was typed and not picked goes (the
    /// field went on holding it unseen, and the next typing joined it: "nordnordlicht").
    CompanyMenuClosed,
    DaysChanged(String),
    Settled(u64),
    Counted(u64, Shared<(u64, u64)>),
    Reset,
    Save,
    Saved(Shared<Campaign>),
    Add,
    Added(Shared<usize>),
}

impl SegmentEditor {
    pub fn new(id: CampaignId) -> Self {
        SegmentEditor {
            id,
            saved: Segment::default(),
            draft: Segment::default(),
            loaded: false,
            days: String::new(),
            days_error: None,
            choices: Choices::default(),
            companies: combo_box::State::new(Vec::new()),
            edits: 0,
            preview: Preview::Counting,
            busy: false,
            note: None,
            added_note: false,
            tag_pending: None,
        }
    }

    /// Takes the campaign's saved segment; unsaved edits survive a reload caused by other changes.
    pub fn load(&mut self, workspace: &Workspace, campaign: &Campaign) -> Task<Message> {
        let saved = campaign.fields.segment.clone();
        if self.loaded && self.is_dirty() {
            self.saved = saved;
            return self.count(workspace);
        }
        self.load_segment(workspace, saved)
    }

    pub fn reload_choices(&self, workspace: &Workspace) -> Task<Message> {
        workspace.run(
            |s| {
                let tags = s.tags()?;
                let companies = company_choices(s.company_names(COMPANY_CHOICES)?);
                Ok(Choices { tags, companies })
            },
            Message::ChoicesLoaded,
        )
    }

    /// Throws away the filter's changes (the window's "Discard"); the next load shows the saved
    /// one.
    pub fn discard(&mut self) {
        self.draft = self.saved.clone();
        self.days_error = None;
        self.tag_pending = None;
    }

    /// Whether the filter was changed and not saved.
    pub fn is_dirty(&self) -> bool {
        self.draft != self.saved || self.days_error.is_some()
    }

    pub fn update(&mut self, workspace: &Workspace, message: Message) -> Action<Message> {
        match message {
            Message::ChoicesLoaded(Ok(choices)) => {
                self.companies = combo_box::State::new(choices.companies.clone());
                self.choices = choices;
                Action::None
            }
            Message::ChoicesLoaded(Err(e)) => {
                Action::Failed(format!("The tags and companies could not be read: {e}"))
            }
            Message::TagAdded(tag) | Message::TagRemoved(tag) => {
                self.tag_pending = None;
                self.draft.toggle_tag(&tag);
                self.edited()
            }
            Message::TagStepped(tag) => {
                self.tag_pending = Some(tag);
                Action::None
            }
            Message::StageToggled(stage) => {
                self.draft.toggle_lifecycle(stage);
                self.edited()
            }
            Message::CompanyPicked(company) => {
                self.draft.company_id = Some(company.id);
                self.edited()
            }
            Message::CompanyMenuClosed => {
                self.companies = combo_box::State::new(self.companies.options().to_vec());
                Action::None
            }
            Message::CompanyCleared => {
                self.draft.company_id = None;
                self.edited()
            }
            Message::DaysChanged(typed) => {
                match parse_active_within(&typed) {
                    Ok(days) => {
                        self.draft.active_within_days = days;
                        self.days_error = None;
                    }
                    // The domain's own range ("must be between 1 and 36500"): a huge number is
                    // one, and had been told to be a whole number.
                    Err(problem) => {
                        self.days_error = Some(format!("Days of last activity {problem}"))
                    }
                }
                self.days = typed;
                self.edited()
            }
            Message::Settled(n) if n == self.edits => Action::Run(self.count(workspace)),
            Message::Settled(_) => Action::None,
            Message::Counted(n, result) if n == self.edits => {
                // "Added 56 members." stays true only while they are members: an Undo of the
                // addition left it standing beside "56 not yet members".
                if self.added_note
                    && let Ok((_, new)) = &result
                    && *new > 0
                {
                    self.note = None;
                }
                self.preview = match result {
                    Ok((matching, new)) => Preview::Counted { matching, new },
                    Err(e) => Preview::Failed(format!("Could not count: {e}")),
                };
                Action::None
            }
            Message::Counted(..) => Action::None,
            Message::Reset => {
                let saved = self.saved.clone();
                self.note = None;
                Action::Run(self.load_segment(workspace, saved))
            }
            Message::Save if self.can_write() => {
                self.busy = true;
                let (id, segment) = (self.id, self.draft.clone());
                Action::Run(workspace.run(
                    move |s| {
                        let mut fields = s.campaign(id)?.fields;
                        fields.segment = segment;
                        s.update_campaign(id, fields, None)
                    },
                    Message::Saved,
                ))
            }
            Message::Add if self.can_write() => {
                self.busy = true;
                let (id, segment) = (self.id, self.draft.clone());
                Action::Run(
                    workspace.run(move |s| s.add_segment_members(id, segment), Message::Added),
                )
            }
            Message::Save | Message::Add => Action::None,
            Message::Saved(result) => {
                self.busy = false;
                match result {
                    Ok(campaign) => {
                        self.saved = campaign.fields.segment;
                        self.note = Some("Filter saved.".into());
                        self.added_note = false;
                        Action::Changed { then: None }
                    }
                    Err(e) => Action::Failed(format!("The filter was not saved: {e}")),
                }
            }
            Message::Added(result) => {
                self.busy = false;
                match result {
                    Ok(n) => {
                        self.saved = self.draft.clone();
                        self.note = Some(match n {
                            1 => "Added 1 member.".into(),
                            n => format!("Added {n} members."),
                        });
                        self.added_note = true;
                        Action::Changed { then: None }
                    }
                    Err(e) => Action::Failed(format!("No members were added: {e}")),
                }
            }
        }
    }

    fn load_segment(&mut self, workspace: &Workspace, segment: Segment) -> Task<Message> {
        // A note about a filter other than the one now saved (an Undo took it back) is not true.
        if segment != self.saved {
            self.note = None;
        }
        self.draft = segment.clone();
        self.saved = segment;
        self.days = self
            .saved
            .active_within_days
            .map(|d| d.to_string())
            .unwrap_or_default();
        self.days_error = None;
        self.loaded = true;
        self.count(workspace)
    }

    fn can_write(&self) -> bool {
        self.loaded && !self.busy && self.days_error.is_none()
    }

    /// An edit: the count is stale until typing pauses.
    fn edited(&mut self) -> Action<Message> {
        self.edits += 1;
        self.note = None;
        self.tag_pending = None;
        if self.days_error.is_some() {
            return Action::None;
        }
        self.preview = Preview::Counting;
        let n = self.edits;
        Action::Run(Task::perform(timer::after(PAUSE), move |_| {
            Message::Settled(n)
        }))
    }

    /// Counts the contacts the draft selects, now.
    pub fn count(&mut self, workspace: &Workspace) -> Task<Message> {
        self.edits += 1;
        let n = self.edits;
        let (id, segment) = (self.id, self.draft.clone());
        workspace.run(
            move |s| {
                Ok((
                    s.segment_size(&segment)?,
                    s.segment_new_members(id, &segment)?,
                ))
            },
            move |r| Message::Counted(n, r),
        )
    }

    pub fn view(&self) -> Element<'_, Message> {
        let mut actions = row![].spacing(8);
        if self.is_dirty() {
            actions = actions.push(keyed_press(
                button(text("Reset")).style(button::text),
                Some(Message::Reset),
            ));
            actions = actions.push(keyed_press(
                button(text("Save filter")).style(button::secondary),
                self.can_write().then_some(Message::Save),
            ));
        }
        let heading = row![
            text("Target segment").size(18),
            Space::new().width(Length::Fill),
            actions
        ]
        .align_y(Alignment::Center);
        column![
            heading,
            text("Contacts matching every condition set below; within one condition, any choice matches.")
                .size(13)
                .style(theme::muted_text),
            condition("Tags", self.tags()),
            condition("Lifecycle", self.stages()),
            condition("Company", self.company()),
            condition("Last activity", self.days()),
            self.preview(),
        ]
        .spacing(12)
        .into()
    }

    fn tags(&self) -> Element<'_, Message> {
        let chosen = self.draft.tags.iter().fold(row![].spacing(4), |r, tag| {
            r.push(
                row![
                    chip(tag.as_str()),
                    keyed_press(
                        button(text("×").size(13))
                            .style(button::text)
                            .padding([0, 4]),
                        Some(Message::TagRemoved(tag.clone())),
                    ),
                ]
                .align_y(Alignment::Center),
            )
        });
        let available = offered_tags(&self.choices.tags, &self.draft.tags);
        let mut line = row![].spacing(8).align_y(Alignment::Center);
        if self.draft.tags.is_empty() {
            line = line.push(text("Any tag").size(14).style(theme::muted_text));
        } else {
            line = line.push(chosen.wrap());
        }
        if !available.is_empty() {
            line = line.push(keyed_adder(
                "Add a tag…",
                TAG_ID,
                available,
                self.tag_pending.clone(),
                Message::TagStepped,
                Message::TagAdded,
            ));
            // The tag the arrows are on is not in the filter yet: shown in the box alone, it
            // read as if it were.
            if self.tag_pending.is_some() {
                line = line.push(
                    text("not added yet: Enter adds it")
                        .size(12)
                        .style(theme::muted_text),
                );
            }
        }
        line.into()
    }

    fn stages(&self) -> Element<'_, Message> {
        LifecycleStage::ALL
            .iter()
            .fold(row![].spacing(4), |r, &stage| {
                r.push(keyed_press(
                    button(text(stage.label()).size(13))
                        .style(theme::toggle(self.draft.lifecycle.contains(&stage)))
                        .padding([3, 8]),
                    Some(Message::StageToggled(stage)),
                ))
            })
            .wrap()
            .vertical_spacing(4)
            .into()
    }

    fn company(&self) -> Element<'_, Message> {
        let chosen = self
            .draft
            .company_id
            .and_then(|id| self.choices.companies.iter().find(|c| c.id == id));
        let mut line = row![combo_focus(
            COMPANY_ID,
            combo_box(
                &self.companies,
                "Any company",
                chosen,
                Message::CompanyPicked
            )
            .size(14)
            .padding([4, 8])
            .width(Length::Fill),
            Message::CompanyMenuClosed,
        )]
        .spacing(8)
        .align_y(Alignment::Center);
        if self.draft.company_id.is_some() {
            line = line.push(keyed_press(
                button(text("Any company").size(13)).style(button::text),
                Some(Message::CompanyCleared),
            ));
        }
        line.into()
    }

    fn days(&self) -> Element<'_, Message> {
        let input = crate::ui::widget::field::input("any time", &self.days)
            .id(DAYS_ID)
            .on_input(Message::DaysChanged)
            .padding([4, 8])
            .size(14)
            .width(Length::Fixed(90.0))
            .style(theme::input(self.days_error.is_some()));
        let mut line = column![
            row![text("within").size(14), input, text("days").size(14)]
                .spacing(8)
                .align_y(Alignment::Center)
        ]
        .spacing(4);
        if let Some(e) = &self.days_error {
            line = line.push(text(e.as_str()).size(13).style(theme::error_text));
        }
        line.into()
    }

    fn preview(&self) -> Element<'_, Message> {
        let (summary, new): (String, Option<u64>) = match &self.preview {
            _ if self.days_error.is_some() => {
                ("Fix the number of days to see who matches.".into(), None)
            }
            Preview::Counting => ("Counting…".into(), None),
            Preview::Failed(e) => (e.clone(), None),
            Preview::Counted { matching, new } => {
                let who = match matching {
                    0 => "No contacts match".to_string(),
                    1 => "1 contact matches".to_string(),
                    n => format!("{} contacts match", crate::words::grouped(*n as i64)),
                };
                let everyone = if self.draft.is_everyone() {
                    " (no conditions: everyone)"
                } else {
                    ""
                };
                // With no one matching there is no one to add, nor to call a member already.
                let new = (*matching > 0).then_some(*new);
                (format!("{who}{everyone}"), new)
            }
        };
        let mut block = column![text(summary).size(15)].spacing(8);
        match new {
            Some(0) => {
                block = block.push(
                    text("All of them are members already.")
                        .size(13)
                        .style(theme::muted_text),
                );
            }
            Some(n) => {
                let (label, who) = match n {
                    1 => (
                        "Add 1 matching contact as a member".to_string(),
                        "1 not yet a member".to_string(),
                    ),
                    n => {
                        let n = crate::words::grouped(n as i64);
                        (
                            format!("Add {n} matching contacts as members"),
                            format!("{n} not yet members"),
                        )
                    }
                };
                block = block
                    .push(text(who).size(13).style(theme::muted_text))
                    .push(keyed_press(
                        button(text(label).size(14)).style(button::primary),
                        self.can_write().then_some(Message::Add),
                    ));
            }
            None => {}
        }
        if let Some(note) = &self.note {
            block = block.push(text(note.as_str()).size(13).style(theme::success_text));
        }
        container(block)
            .padding(10)
            .width(Length::Fill)
            .style(theme::header_row)
            .into()
    }
}

fn condition<'a>(label: &'a str, control: Element<'a, Message>) -> Element<'a, Message> {
    row![
        text(label)
            .size(14)
            .style(theme::muted_text)
            .width(Length::Fixed(100.0)),
        container(control).width(Length::Fill)
    ]
    .spacing(8)
    .align_y(Alignment::Center)
    .into()
}

/// The tags "Add a tag…" offers: those the segment does not name yet, in any spelling
/// (`same_tag`, as picking one compares). An older spelling the segment named ("ÉTÉ-KUNDE") had
/// offered the kept one ("été-kunde") as another tag, and picking it took the condition off:
/// the segment became everyone.
fn offered_tags(all: &[String], chosen: &[String]) -> Vec<String> {
    all.iter()
        .filter(|t| {
            !chosen
                .iter()
                .any(|c| crate::domain::contact::same_tag(c, t))
        })
        .cloned()
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tag_named_in_another_spelling_is_not_offered_again() {
        let all = ["été-kunde".to_string(), "vip".to_string()];
        assert_eq!(offered_tags(&all, &["ÉTÉ-KUNDE".to_string()]), ["vip"]);
        assert_eq!(offered_tags(&all, &[]), all);
    }
}
