//! The ticket queue: the support figures on top, then a filtered, sortable list paged from the
//! store. It starts on the active tickets, soonest deadline first, which is the order work is done in.

use iced::widget::{button, column, container, row, scrollable, text};
use iced::{Alignment, Element, Length, Task};

use super::{Show, Step, figures, sla};
use crate::domain::ticket::{TicketFigures, TicketSort};
use crate::domain::{Priority, SlaPolicy, TicketId, TicketStatus, Timestamp};
use crate::store::{Page, Shared, SortDir, TicketQuery, TicketRow};
use crate::ui::screen::{Action, Destination, export};
use crate::ui::shortcuts::Intent;
use crate::ui::theme;
use crate::ui::widget::choice_keys::{keyed_button, keyed_pick};
use crate::ui::widget::paged::{Fetch, Paged, ROW_HEIGHT, scroll_to};
use crate::ui::widget::typing::Typing;
use crate::ui::widget::{Pick, empty_state, title_bar};
use crate::ui::workspace::Workspace;
use crate::words::count;

mod table;

use table::{WIDE_TABLE, header, ticket_row};

pub const SEARCH_ID: &str = "tickets-search";
pub const LIST_ID: &str = "tickets-list";
pub const STATUS_FILTER_ID: &str = "tickets-status-filter";

/// Which statuses the queue shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum StatusFilter {
    /// New, open and pending: the work still to do.
    #[default]
    Active,
    Any,
    One(TicketStatus),
}

impl StatusFilter {
    fn choices() -> Vec<StatusFilter> {
        [StatusFilter::Active, StatusFilter::Any]
            .into_iter()
            .chain(TicketStatus::ALL.iter().copied().map(StatusFilter::One))
            .collect()
    }

    fn statuses(self) -> Vec<TicketStatus> {
        match self {
            StatusFilter::Active => TicketStatus::ALL
                .iter()
                .copied()
                .filter(|s| s.is_active())
                .collect(),
            StatusFilter::Any => Vec::new(),
            StatusFilter::One(s) => vec![s],
        }
    }
}

impl std::fmt::Display for StatusFilter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StatusFilter::Active => f.write_str("Active tickets"),
            StatusFilter::Any => f.write_str("Any status"),
            StatusFilter::One(s) => s.fmt(f),
        }
    }
}

/// Whose tickets the queue shows.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum AssigneeFilter {
    #[default]
    Anyone,
    Unassigned,
    Person(String),
}

impl std::fmt::Display for AssigneeFilter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            AssigneeFilter::Anyone => f.write_str("Anyone"),
            AssigneeFilter::Unassigned => f.write_str("Unassigned"),
            AssigneeFilter::Person(name) => f.write_str(name),
        }
    }
}

/// What the queue reads besides its rows: the assignees to filter by, the figures and the SLA hours.
#[derive(Debug, Clone)]
pub struct Extras {
    assignees: Vec<String>,
    figures: TicketFigures,
    policy: SlaPolicy,
    /// How many live tickets the workspace holds, whatever their status.
    tickets: u64,
}

pub struct Queue {
    query: TicketQuery,
    status: StatusFilter,
    assignee: AssigneeFilter,
    search: Typing,
    list: Paged<TicketRow>,
    assignees: Vec<AssigneeFilter>,
    figures: Option<TicketFigures>,
    /// Whether the workspace holds any ticket at all: an empty queue of a new workspace had
    /// talked of resolved and closed tickets under "Any status".
    any_ticket: bool,
    sla: sla::SlaEditor,
    /// Enter was pressed in the search before the list had caught up with the typing: the first
    /// ticket the search finds opens when it arrives.
    open_first: bool,
}

#[derive(Debug, Clone)]
pub enum Message {
    SearchChanged(String),
    SearchSettled(u64),
    SearchSubmitted,
    StatusPicked(StatusFilter),
    PriorityPicked(Pick<Priority>),
    AssigneePicked(AssigneeFilter),
    OverdueToggled,
    SortBy(TicketSort),
    FiltersCleared,
    Scrolled(scrollable::Viewport),
    PageLoaded(Fetch, Shared<Page<TicketRow>>),
    ExtrasLoaded(Shared<Extras>),
    Clicked(u64, TicketId),
    New,
    Export,
    Deleted(Shared<()>),
    Sla(sla::Message),
}

impl Queue {
    pub fn new(workspace: &Workspace) -> (Self, Task<Message>) {
        let status = StatusFilter::default();
        let mut queue = Queue {
            query: TicketQuery {
                statuses: status.statuses(),
                sort: Some((TicketSort::SlaDue, SortDir::Asc)),
                ..TicketQuery::default()
            },
            status,
            assignee: AssigneeFilter::Anyone,
            search: Typing::default(),
            open_first: false,
            list: Paged::default(),
            assignees: vec![AssigneeFilter::Anyone, AssigneeFilter::Unassigned],
            figures: None,
            any_ticket: true,
            sla: sla::SlaEditor::default(),
        };
        let fetch = queue.list.restart();
        let task = Task::batch([queue.read(workspace, fetch), read_extras(workspace)]);
        (queue, task)
    }

    pub fn refresh(&mut self, workspace: &Workspace) -> Task<Message> {
        let fetch = self.list.refresh();
        Task::batch([self.read(workspace, fetch), read_extras(workspace)])
    }

    /// Whether SLA hours were typed and not saved: leaving asks first, as a form does.
    pub fn sla_is_dirty(&self) -> bool {
        self.sla.is_dirty()
    }

    /// Drops SLA hours typed and not saved (the window's "Discard").
    pub fn discard_sla(&mut self) {
        self.sla.cancel();
    }

    pub fn focus<M: Send + 'static>(&self) -> Task<M> {
        scroll_to(LIST_ID, self.list.visible_range().start as f32 * ROW_HEIGHT)
    }

    fn restart(&mut self, workspace: &Workspace) -> Task<Message> {
        let fetch = self.list.restart();
        Task::batch([self.read(workspace, fetch), scroll_to(LIST_ID, 0.0)])
    }

    /// Reads a page, "Overdue only" as of this read, as the figures beside the list are counted:
    /// it had kept the moment it was switched on, and tickets falling overdue since were missing
    /// from the list and its export while the figures counted them.
    fn read(&self, workspace: &Workspace, fetch: Fetch) -> Task<Message> {
        read_page(workspace, &self.query_now(), fetch)
    }

    /// The filters as of now: "Overdue only" is past the deadline at this moment.
    fn query_now(&self) -> TicketQuery {
        let mut query = self.query.clone();
        if query.overdue_at.is_some() {
            query.overdue_at = Some(Timestamp::now());
        }
        query
    }

    pub fn update(&mut self, workspace: &Workspace, message: Message) -> Step<Message> {
        let task = match message {
            Message::SearchChanged(text) => self.search.changed(text, Message::SearchSettled),
            Message::SearchSettled(n) if self.search.is_latest(n) => {
                self.query.text = self.search.text.clone();
                self.restart(workspace)
            }
            Message::SearchSettled(_) => Task::none(),
            // Enter opens the chosen ticket, else the first found. Typed faster than the list
            // followed, Enter had opened the ticket chosen before the search, or nothing.
            Message::SearchSubmitted if self.query.text != self.search.text => {
                self.search.settle();
                self.query.text = self.search.text.clone();
                self.open_first = true;
                self.restart(workspace)
            }
            // The search's rows are still on their way, the last query's shown meanwhile.
            Message::SearchSubmitted
                if self.list.is_loading() && self.list.selected().is_none() =>
            {
                self.open_first = true;
                Task::none()
            }
            Message::SearchSubmitted => return self.open_chosen(),
            Message::StatusPicked(status) => {
                self.status = status;
                self.query.statuses = status.statuses();
                self.restart(workspace)
            }
            Message::PriorityPicked(p) => {
                self.query.priority = p.into_option();
                self.restart(workspace)
            }
            Message::AssigneePicked(a) => {
                self.query.assignee = match &a {
                    AssigneeFilter::Anyone => None,
                    AssigneeFilter::Unassigned => Some(String::new()),
                    AssigneeFilter::Person(name) => Some(name.clone()),
                };
                self.assignee = a;
                self.restart(workspace)
            }
            Message::OverdueToggled => {
                self.query.overdue_at = match self.query.overdue_at {
                    Some(_) => None,
                    None => Some(Timestamp::now()),
                };
                self.restart(workspace)
            }
            Message::SortBy(sort) => {
                let dir = match self.query.sort {
                    Some((current, dir)) if current == sort => dir.flipped(),
                    _ => SortDir::Asc,
                };
                self.query.sort = Some((sort, dir));
                self.restart(workspace)
            }
            Message::FiltersCleared => {
                self.search.clear();
                self.status = StatusFilter::default();
                self.assignee = AssigneeFilter::Anyone;
                self.query = TicketQuery {
                    statuses: self.status.statuses(),
                    sort: self.query.sort,
                    ..TicketQuery::default()
                };
                self.restart(workspace)
            }
            Message::Scrolled(viewport) => self
                .list
                .scrolled_to(viewport)
                .map_or(Task::none(), |f| self.read(workspace, f)),
            Message::PageLoaded(fetch, page) => match self.list.arrived(fetch, page) {
                // The search's own page, not one of the query before still on its way.
                Ok(()) if self.open_first && !self.list.is_loading() => {
                    self.open_first = false;
                    return self.open_chosen();
                }
                Ok(()) => Task::none(),
                Err(e) => {
                    return Action::Failed(format!("The ticket list could not be read: {e}"))
                        .into();
                }
            },
            Message::ExtrasLoaded(Ok(extras)) => {
                self.assignees = [AssigneeFilter::Anyone, AssigneeFilter::Unassigned]
                    .into_iter()
                    .chain(extras.assignees.into_iter().map(AssigneeFilter::Person))
                    .collect();
                self.figures = Some(extras.figures);
                self.sla.loaded(extras.policy);
                self.any_ticket = extras.tickets > 0;
                Task::none()
            }
            Message::ExtrasLoaded(Err(e)) => {
                return Action::Failed(format!("The support figures could not be read: {e}"))
                    .into();
            }
            Message::Clicked(index, id) => {
                self.list.select(index);
                return Step::Show(Show::Ticket(id));
            }
            Message::New => return Step::Show(Show::New),
            Message::Export => {
                let q = &self.query_now();
                let narrowed = !q.statuses.is_empty()
                    || !q.text.trim().is_empty()
                    || q.priority.is_some()
                    || q.assignee.is_some()
                    || q.overdue_at.is_some();
                return Action::Open(Destination::Export(export::Source::List {
                    list: export::List::Tickets,
                    shown: narrowed.then(|| export::Shown::Tickets {
                        query: q.clone(),
                        count: self.list.total(),
                    }),
                }))
                .into();
            }
            Message::Deleted(Ok(())) => return Action::Changed { then: None }.into(),
            Message::Deleted(Err(e)) => {
                return Action::Failed(format!("The ticket could not be deleted: {e}")).into();
            }
            Message::Sla(m) => match self.sla.update(workspace, m) {
                sla::Done::Run(task) => task.map(Message::Sla),
                sla::Done::Saved(text) => {
                    return Action::Notify { text, then: None }.into();
                }
                sla::Done::Failed(e) => return Action::Failed(e).into(),
            },
        };
        Action::Run(task).into()
    }

    pub fn intent(&mut self, workspace: &Workspace, intent: Intent) -> Step<Message> {
        let query = self.query_now();
        let read = |fetch| read_page(workspace, &query, fetch);
        if let Some(task) = self.list.navigation_tasks(intent, LIST_ID, read) {
            return Action::Run(task).into();
        }
        match intent {
            Intent::Open => self
                .list
                .selected_row()
                .map_or(Action::None.into(), |row| Step::Show(Show::Ticket(row.id))),
            Intent::NewRecord => Step::Show(Show::New),
            Intent::Delete => match self.list.selected_row().map(|row| row.id) {
                Some(id) => {
                    Action::Run(workspace.run(move |s| s.delete(id), Message::Deleted)).into()
                }
                None => Action::None.into(),
            },
            _ => Action::None.into(),
        }
    }

    /// The selected ticket's page, or the first listed; nothing when the list is empty.
    fn open_chosen(&self) -> Step<Message> {
        let row = self.list.selected_row().or_else(|| self.list.row(0));
        row.map_or(Action::None.into(), |row| Step::Show(Show::Ticket(row.id)))
    }

    /// Whether anything but the status narrows the list.
    fn is_narrowed(&self) -> bool {
        !self.query.text.trim().is_empty()
            || self.query.priority.is_some()
            || self.query.assignee.is_some()
            || self.query.overdue_at.is_some()
    }

    fn is_filtered(&self) -> bool {
        self.is_narrowed() || self.status != StatusFilter::default()
    }

    pub fn view(&self) -> Element<'_, Message> {
        let actions = [
            button(text("SLA hours"))
                .on_press(Message::Sla(sla::Message::Toggled))
                .style(button::secondary)
                .into(),
            button(text("Export…"))
                .on_press(Message::Export)
                .style(button::secondary)
                .into(),
            button(text("New ticket"))
                .on_press(Message::New)
                .style(button::primary)
                .into(),
        ];
        let count = if self.list.is_loaded() {
            count(self.list.total(), "ticket")
        } else {
            "Loading…".to_string()
        };
        let mut page = column![title_bar("Tickets", actions)]
            .spacing(12)
            .padding(20);
        // The SLA hours in place of the figures while they are edited: both above the queue
        // left it one row at 1024×700.
        if let Some(editor) = self.sla.view() {
            page = page.push(editor.map(Message::Sla));
        } else if let Some(figures) = &self.figures {
            page = page.push(
                iced::widget::responsive(move |room| {
                    if room.width < COMPACT_BELOW_WIDTH || room.height < COMPACT_BELOW_HEIGHT {
                        figures::compact(figures)
                    } else {
                        figures::view(figures)
                    }
                })
                .height(Length::Shrink),
            );
        }
        page.push(self.filters())
            .push(text(count).size(13).style(theme::muted_text))
            .push(self.table())
            .into()
    }

    /// The search, the menus and the toggles: in one row, or under the search in a window too
    /// narrow for that (at 760 pixels the search and Clear filters had been pushed out).
    fn filters_row(&self, wide: bool) -> Element<'_, Message> {
        let search = crate::ui::widget::field::input(
            "Search customer, subject, messages…",
            &self.search.text,
        )
        .id(SEARCH_ID)
        .on_input(Message::SearchChanged)
        .on_submit(Message::SearchSubmitted)
        .padding(6)
        .width(Length::FillPortion(3));
        let priorities: Vec<Pick<Priority>> = std::iter::once(Pick::Any("Any priority"))
            .chain(Priority::ALL.iter().rev().copied().map(Pick::One))
            .collect();
        let priority = self
            .query
            .priority
            .map_or(Pick::Any("Any priority"), Pick::One);
        // Tab stops (the filters stepped with the arrows, the button pressed with Enter): a
        // keyboard user only ever saw the active tickets.
        let overdue = keyed_button(
            button(text("Overdue only"))
                .on_press(Message::OverdueToggled)
                .style(if self.query.overdue_at.is_some() {
                    button::danger
                } else {
                    button::secondary
                }),
            Message::OverdueToggled,
        );
        let menus = row![
            // Fixed widths, the search taking what is left: sharing the row, the menus shrank
            // to "Anyo" under their arrows at 1024 pixels.
            container(keyed_pick(
                STATUS_FILTER_ID,
                StatusFilter::choices(),
                Some(self.status),
                Message::StatusPicked
            ))
            .width(Length::Fixed(140.0)),
            container(keyed_pick(
                "tickets-priority-filter",
                priorities,
                Some(priority),
                Message::PriorityPicked
            ))
            .width(Length::Fixed(130.0)),
            container(keyed_pick(
                "tickets-assignee-filter",
                self.assignees.as_slice(),
                Some(self.assignee.clone()),
                Message::AssigneePicked
            ))
            .width(Length::Fixed(130.0)),
        ]
        .spacing(8)
        .align_y(Alignment::Center);
        // Always there, idle when nothing is filtered: appearing, it shrank the drop-downs and
        // moved "Overdue only" from under the pointer, so a second click hit something else.
        let clear = button(text("Clear filters"))
            .on_press_maybe(self.is_filtered().then_some(Message::FiltersCleared))
            .style(button::text);
        if wide {
            row![search, menus, overdue, clear]
                .spacing(8)
                .align_y(Alignment::Center)
                .into()
        } else {
            column![
                row![search, overdue, clear]
                    .spacing(8)
                    .align_y(Alignment::Center),
                menus
            ]
            .spacing(8)
            .into()
        }
    }

    fn filters(&self) -> Element<'_, Message> {
        /// Below this width the menus go under the search.
        const WIDE_FILTERS: f32 = 860.0;
        iced::widget::responsive(|room| self.filters_row(room.width >= WIDE_FILTERS))
            .height(Length::Shrink)
            .into()
    }

    fn table(&self) -> Element<'_, Message> {
        if self.list.is_loaded() && self.list.total() == 0 {
            return match (self.is_narrowed(), self.status) {
                (true, _) | (false, StatusFilter::One(_)) => empty_state(
                    "No tickets match",
                    "No ticket matches the search and filters above.",
                    Some(("Clear filters", Message::FiltersCleared)),
                ),
                (false, StatusFilter::Active) if self.any_ticket => empty_state(
                    "Nothing waiting",
                    "No ticket is new, open or pending. Resolved and closed ones are listed under \
                     \"Any status\".",
                    Some(("Show all tickets", Message::StatusPicked(StatusFilter::Any))),
                ),
                (false, StatusFilter::Active | StatusFilter::Any) => empty_state(
                    "No tickets yet",
                    "When a customer asks for help, open a ticket: its conversation, deadline and \
                     rating stay together here.",
                    Some(("New ticket", Message::New)),
                ),
            };
        }
        let now = Timestamp::now();
        // A narrow table leaves the assignee and the opening date to the ticket's page: with
        // them, "Overdue 4 d 19 h" was cut to "Overdue 4 d 1" at 760 pixels.
        iced::widget::responsive(move |room| {
            let wide = room.width >= WIDE_TABLE;
            let rows = self
                .list
                .view(LIST_ID, Message::Scrolled, move |index, row, selected| {
                    ticket_row(index, row, selected, now, wide)
                });
            column![header(self.query.sort, wide), rows].into()
        })
        .into()
    }
}

fn read_page(workspace: &Workspace, query: &TicketQuery, fetch: Fetch) -> Task<Message> {
    let query = TicketQuery {
        offset: fetch.offset,
        limit: fetch.limit,
        ..query.clone()
    };
    workspace.run(
        move |s| s.tickets(&query),
        move |page| Message::PageLoaded(fetch, page),
    )
}

fn read_extras(workspace: &Workspace) -> Task<Message> {
    workspace.run(
        |s| {
            Ok(Extras {
                assignees: s.ticket_assignees()?,
                figures: s.ticket_figures(Timestamp::now())?,
                policy: s.sla_policy()?,
                tickets: s.counts()?.tickets,
            })
        },
        Message::ExtrasLoaded,
    )
}

/// Below this width the four figure cards cut their words ("First response" lost its "days"),
/// and with less height than this under the title they left the queue no room (760×480 showed
/// no ticket): the figures are then a line or two.
const COMPACT_BELOW_WIDTH: f32 = 720.0;
const COMPACT_BELOW_HEIGHT: f32 = 450.0;
