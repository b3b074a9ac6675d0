//! A campaign's members, paged from the store, each with the responses recorded so far and the
//! revenue attributed to them. A step not reached yet is a button that records it (with any earlier
//! step still missing); a reached step shows when it happened.

use crate::ui::widget::choice_keys::keyed_press;
use std::collections::HashMap;

use iced::widget::{Space, button, column, container, row, scrollable, text, tooltip};
use iced::{Alignment, Element, Length, Task};

use crate::domain::{CampaignId, ContactId, Currency, Money, Timestamp};
use crate::store::{MemberRow, Page, Response, Shared};
use crate::ui::screen::{Action, Destination};
use crate::ui::shortcuts::Intent;
use crate::ui::theme;
use crate::ui::widget::paged::{Fetch, Paged, ROW_HEIGHT};
use crate::ui::widget::{empty_state, local_time, one_line};
use crate::ui::workspace::Workspace;
use crate::words::count;

/// The line kept for a revenue problem, shown or not, so the member rows never move.
const PROBLEM_HEIGHT: f32 = 18.0;

const LIST_ID: &str = "campaign-members";
/// Shares of a row's width: the name, the four step buttons, the revenue field.
const NAME_PORTION: u16 = 2;
const STEPS_PORTION: u16 = 6;
const REVENUE_PORTION: u16 = 2;
/// Keeps the revenue field clear of the list's scrollbar.
const SCROLLBAR_ROOM: f32 = 10.0;

/// The widget id of a member's revenue field, so tests and focus moves can find it.
pub fn revenue_input_id(contact: ContactId) -> String {
    format!("revenue-{}", contact.0)
}

/// A step of the funnel a member can be marked as having reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Sent,
    Opened,
    Responded,
    Converted,
}

impl Step {
    const ALL: [Step; 4] = [Step::Sent, Step::Opened, Step::Responded, Step::Converted];

    fn label(self) -> &'static str {
        match self {
            Step::Sent => "Sent",
            Step::Opened => "Opened",
            Step::Responded => "Responded",
            Step::Converted => "Converted",
        }
    }

    fn reached(self, m: &MemberRow) -> Option<Timestamp> {
        match self {
            Step::Sent => m.sent_at,
            Step::Opened => m.opened_at,
            Step::Responded => m.responded_at,
            Step::Converted => m.converted_at,
        }
    }

    /// The first step the member has not reached, for "record the next step" from the keyboard.
    fn next_for(m: &MemberRow) -> Option<Step> {
        Step::ALL.into_iter().find(|s| s.reached(m).is_none())
    }
}

pub struct Members {
    id: CampaignId,
    currency: Currency,
    list: Paged<MemberRow>,
    /// Revenue typed but not saved yet, by member.
    typed: HashMap<ContactId, String>,
    problem: Option<(ContactId, String)>,
}

#[derive(Debug, Clone)]
pub enum Message {
    Scrolled(scrollable::Viewport),
    PageLoaded(Fetch, Shared<Page<MemberRow>>),
    Record(ContactId, Step),
    Recorded(Shared<()>),
    RevenueChanged(ContactId, String),
    SaveRevenue(ContactId),
    RevenueSaved(ContactId, Shared<()>),
    Select(u64),
    /// Opens the member at this index (selected, to find again on coming back).
    OpenContact(u64, ContactId),
    /// The members to a CSV file (the page opens the export, which knows the campaign's name).
    Export,
    /// Takes the member out of the campaign (Delete, or the button over the list).
    Remove(ContactId),
    Removed(Shared<()>),
}

impl Members {
    pub fn new(id: CampaignId) -> Self {
        Members {
            id,
            currency: Currency::EUR,
            list: Paged::default(),
            typed: HashMap::new(),
            problem: None,
        }
    }

    /// Throws away the revenues typed and not saved (the window's "Discard").
    pub fn discard(&mut self) {
        self.typed.clear();
    }

    /// Whether a revenue was typed and not saved.
    pub fn is_dirty(&self) -> bool {
        !self.typed.is_empty()
    }

    pub fn set_currency(&mut self, currency: Currency) {
        self.currency = currency;
    }

    /// Shown again after another screen: the list where it was left.
    pub fn scroll_back(&self) -> Task<Message> {
        self.list.scroll_back(LIST_ID)
    }

    /// Reads the rows in view again (the first time, from the top).
    pub fn refresh(&mut self, workspace: &Workspace) -> Task<Message> {
        let fetch = if self.list.is_loaded() {
            self.list.refresh()
        } else {
            self.list.restart()
        };
        read(workspace, self.id, fetch)
    }

    pub fn update(&mut self, workspace: &Workspace, message: Message) -> Action<Message> {
        match message {
            Message::Scrolled(viewport) => self
                .list
                .scrolled_to(viewport)
                .map_or(Action::None, |f| Action::Run(read(workspace, self.id, f))),
            Message::PageLoaded(fetch, page) => match self.list.arrived(fetch, page) {
                Ok(()) => self
                    .list
                    .reveal_moved_selection(LIST_ID)
                    .map_or(Action::None, Action::Run),
                Err(e) => Action::Failed(format!("The members could not be read: {e}")),
            },
            Message::Record(contact, step) => self.record(workspace, contact, step),
            Message::Recorded(Ok(())) => Action::Changed { then: None },
            Message::Recorded(Err(e)) => {
                Action::Failed(format!("The response was not recorded: {e}"))
            }
            Message::RevenueChanged(contact, typed) => {
                if matches!(&self.problem, Some((c, _)) if *c == contact) {
                    self.problem = None;
                }
                self.typed.insert(contact, typed);
                Action::None
            }
            Message::SaveRevenue(contact) => self.save_revenue(workspace, contact),
            Message::RevenueSaved(contact, Ok(())) => {
                self.typed.remove(&contact);
                Action::Changed { then: None }
            }
            Message::RevenueSaved(contact, Err(e)) => {
                self.problem = Some((contact, format!("Not saved: {e}")));
                Action::None
            }
            Message::Select(index) => {
                self.list.select(index);
                Action::None
            }
            Message::OpenContact(index, contact) => {
                self.list.select(index);
                Action::Open(Destination::Contact(contact))
            }
            Message::Remove(contact) => {
                let id = self.id;
                self.typed.remove(&contact);
                Action::Run(workspace.run(
                    move |s| s.remove_campaign_member(id, contact),
                    Message::Removed,
                ))
            }
            Message::Removed(Ok(())) => Action::Changed { then: None },
            Message::Removed(Err(e)) => Action::Failed(format!("The member was not removed: {e}")),
            // Opened by the page, which holds the campaign's name.
            Message::Export => Action::None,
        }
    }

    fn record(&self, workspace: &Workspace, contact: ContactId, step: Step) -> Action<Message> {
        let response = match step {
            Step::Sent => Response::Sent,
            Step::Opened => Response::Opened,
            Step::Responded => Response::Responded,
            // Revenue has its own field; a conversion alone adds none.
            Step::Converted => Response::Converted {
                revenue: Money::zero(self.currency),
            },
        };
        let id = self.id;
        Action::Run(workspace.run(
            move |s| s.record_response(id, contact, response),
            Message::Recorded,
        ))
    }

    fn save_revenue(&mut self, workspace: &Workspace, contact: ContactId) -> Action<Message> {
        let Some(typed) = self.typed.get(&contact) else {
            return Action::None;
        };
        let amount = if typed.trim().is_empty() {
            Ok(Money::zero(self.currency))
        } else {
            Money::parse(typed, self.currency)
        };
        match amount {
            Ok(m) if m.minor < 0 => {
                self.problem = Some((contact, "Revenue cannot be negative".into()));
                Action::None
            }
            // Said here, in a line that fits: the store's words took two lines, the second
            // drawn over the list's header.
            Ok(m) if m.minor > crate::domain::money::MAX_MINOR => {
                self.problem = Some((
                    contact,
                    "Revenue is more than Kith holds (ten trillion at most)".into(),
                ));
                Action::None
            }
            Ok(revenue) => {
                let id = self.id;
                Action::Run(workspace.run(
                    move |s| s.set_member_revenue(id, contact, revenue),
                    move |r| Message::RevenueSaved(contact, r),
                ))
            }
            Err(problem) => {
                self.problem = Some((contact, format!("Revenue: {problem}")));
                Action::None
            }
        }
    }

    /// Arrows move through the members; Enter records the selected member's next step.
    pub fn intent(&mut self, workspace: &Workspace, intent: Intent) -> Action<Message> {
        let id = self.id;
        let read_page = |fetch| read(workspace, id, fetch);
        if let Some(task) = self.list.navigation_tasks(intent, LIST_ID, read_page) {
            return Action::Run(task);
        }
        match intent {
            Intent::Open => match self
                .list
                .selected_row()
                .and_then(|m| Some((m.contact_id, Step::next_for(m)?)))
            {
                Some((contact, step)) => self.record(workspace, contact, step),
                None => Action::None,
            },
            Intent::Delete => match self.list.selected_row() {
                Some(m) => self.update(workspace, Message::Remove(m.contact_id)),
                None => Action::None,
            },
            _ => Action::None,
        }
    }

    pub fn view(&self) -> Element<'_, Message> {
        let count = if self.list.is_loaded() {
            count(self.list.total(), "member")
        } else {
            "Members".to_string()
        };
        // The keys under the count and the buttons, on a line of their own: beside them, at
        // 760 wide, "Remove selected" wrapped in its box and Export… went off the card.
        let mut card = column![
            row![
                text(count).size(18),
                Space::new().width(Length::Fill),
                keyed_press(
                    button(text("Remove selected").size(13))
                        .style(button::secondary)
                        .padding([3, 10]),
                    self.list
                        .selected_row()
                        .map(|m| Message::Remove(m.contact_id)),
                ),
                keyed_press(
                    button(text("Export…").size(13))
                        .style(button::secondary)
                        .padding([3, 10]),
                    (self.list.total() > 0).then_some(Message::Export),
                ),
            ]
            .spacing(8)
            .align_y(Alignment::Center),
            text("↑↓ select · Enter records the next step · Delete removes the selected member")
                .size(12)
                .style(theme::muted_text),
        ]
        .spacing(8);
        if let Some((contact, problem)) = &self.problem {
            let name = self
                .list
                .visible_range()
                .filter_map(|i| self.list.row(i))
                .find(|m| m.contact_id == *contact)
                .map_or(String::new(), |m| format!("{}: ", m.name));
            card = card.push(
                container(
                    text(format!("{name}{problem}"))
                        .size(13)
                        .wrapping(iced::widget::text::Wrapping::None)
                        .style(theme::error_text),
                )
                .height(PROBLEM_HEIGHT)
                .clip(true),
            );
        } else {
            // The same number of children either way: the list's widgets keep their state (the
            // focused revenue field) when the message comes or goes. With nothing in its place,
            // the first key typed after an error moved the field and lost the focus. The same
            // height too: the rows moved 24 px down under the pointer, and the next click landed
            // in another member's revenue box.
            card = card.push(Space::new().height(PROBLEM_HEIGHT));
        }
        if self.list.is_loaded() && self.list.total() == 0 {
            return card
                .push(empty_state(
                    "No members yet",
                    "Set the target segment, then add the matching contacts as members.",
                    None,
                ))
                .into();
        }
        let header = container(
            row![
                text("Member")
                    .size(13)
                    .width(Length::FillPortion(NAME_PORTION)),
                text("Responses")
                    .size(13)
                    .width(Length::FillPortion(STEPS_PORTION)),
                text("Revenue")
                    .size(13)
                    .width(Length::FillPortion(REVENUE_PORTION)),
            ]
            .spacing(8)
            .padding(iced::Padding {
                top: 6.0,
                bottom: 6.0,
                left: 8.0,
                right: 8.0 + SCROLLBAR_ROOM,
            }),
        )
        .style(theme::header_row);
        let rows = self
            .list
            .view(LIST_ID, Message::Scrolled, |index, row, selected| {
                self.member_row(index, row, selected)
            });
        card.push(header).push(rows).into()
    }

    fn member_row<'a>(
        &'a self,
        index: u64,
        member: Option<&'a MemberRow>,
        selected: bool,
    ) -> Element<'a, Message> {
        let Some(m) = member else {
            return Space::new().height(ROW_HEIGHT).width(Length::Fill).into();
        };
        let steps = Step::ALL
            .into_iter()
            .fold(row![].spacing(4).width(Length::Fill), |r, step| {
                r.push(step_button(m, step))
            });
        let typed = self.typed.get(&m.contact_id);
        let value = typed.cloned().unwrap_or_else(|| {
            if m.revenue.minor == 0 {
                String::new()
            } else {
                m.revenue.to_decimal_string()
            }
        });
        let wrong = matches!(&self.problem, Some((c, _)) if *c == m.contact_id);
        // A deleted person's responses and revenue stay as they were: the fields looked open
        // and every change failed with "restore the contact first".
        let input =
            crate::ui::widget::field::input("0.00", &value).id(revenue_input_id(m.contact_id));
        let input = if m.deleted {
            input
        } else {
            input
                .on_input(move |v| Message::RevenueChanged(m.contact_id, v))
                .on_submit(Message::SaveRevenue(m.contact_id))
        };
        let mut revenue = row![input.size(13).padding([3, 6]).style(theme::input(wrong)),]
            .spacing(4)
            .width(Length::Fill)
            .align_y(Alignment::Center);
        if typed.is_some() {
            revenue = revenue.push(
                button(text("Save").size(12))
                    .on_press(Message::SaveRevenue(m.contact_id))
                    .style(button::primary)
                    .padding([3, 8]),
            );
        }
        let cells = row![
            container(
                button(name(m))
                    .on_press(Message::OpenContact(index, m.contact_id))
                    .style(button::text)
                    .padding(0)
                    .width(Length::Fill)
            )
            .width(Length::FillPortion(NAME_PORTION)),
            container(steps).width(Length::FillPortion(STEPS_PORTION)),
            container(revenue).width(Length::FillPortion(REVENUE_PORTION)),
        ]
        .spacing(8)
        .align_y(Alignment::Center);
        iced::widget::mouse_area(
            container(cells)
                .center_y(ROW_HEIGHT)
                .padding(iced::Padding {
                    top: 0.0,
                    bottom: 0.0,
                    left: 8.0,
                    right: 8.0 + SCROLLBAR_ROOM,
                })
                .width(Length::Fill)
                .style(theme::member_row(selected)),
        )
        .on_press(Message::Select(index))
        .into()
    }
}

fn step_button(m: &MemberRow, step: Step) -> Element<'_, Message> {
    match step.reached(m) {
        // Cut with "…" where the row is narrow: "✓ Responded" ran out of its box over the next.
        Some(at) => tooltip(
            button(crate::ui::widget::one_line(
                format!("✓ {}", step.label()),
                12.0,
                |t| {
                    t.width(Length::Fill)
                        .align_x(iced::alignment::Horizontal::Center)
                },
            ))
            .style(theme::step_done)
            .width(Length::Fill)
            .padding([3, 2]),
            container(text(format!("{} {}", step.label(), local_time(at))).size(12))
                .padding(6)
                .style(theme::notice),
            tooltip::Position::Top,
        )
        .into(),
        None => button(
            text(step.label())
                .size(12)
                .wrapping(text::Wrapping::None)
                .width(Length::Fill)
                .align_x(iced::alignment::Horizontal::Center),
        )
        .on_press_maybe((!m.deleted).then_some(Message::Record(m.contact_id, step)))
        .style(theme::step_open)
        .width(Length::Fill)
        .padding([3, 2])
        .into(),
    }
}

fn read(workspace: &Workspace, id: CampaignId, fetch: Fetch) -> Task<Message> {
    workspace.run(
        move |s| s.campaign_members(id, fetch.offset, fetch.limit),
        move |page| Message::PageLoaded(fetch, page),
    )
}

/// A member's name; a deleted person's marked first, where a narrow column cannot cut the mark
/// off (" (deleted)" after the name had read "Ida Romano (del…").
fn name(m: &MemberRow) -> Element<'_, Message> {
    if m.deleted {
        row![
            container(text("Deleted").size(11))
                .padding([1, 6])
                .style(theme::chip),
            one_line(m.name.as_str(), 14.0, |t| t.style(theme::muted_text)),
        ]
        .spacing(6)
        .align_y(Alignment::Center)
        .into()
    } else {
        one_line(m.name.as_str(), 14.0, |t| t)
    }
}
