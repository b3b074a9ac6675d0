//! The Today view: open tasks that are overdue, due today or due in the next two weeks (by day), the
//! undated ones, and on request what was done today. A row is ticked off, snoozed, or followed to
//! the record it is about; the row at the top adds a task.
//!
//! Keyboard: ↑/↓ (Page Up/Down, Home/End) move the selection, Enter opens what the selected task is
//! about, Delete marks it done — it is not removed, and Undo (or unticking it under "Show done
//! today") brings it back — and Ctrl+N goes to the new task's title.

mod draft;
mod lines;

use chrono::{Days, Local, NaiveDate};
use iced::widget::{button, checkbox, column, container, responsive, scrollable, text};
use iced::{Element, Length, Task};

use super::{Action, Destination, export};
use crate::domain::task::{
    Agenda, DueTasks, LinkTarget, Snooze, TaskGroup, TaskRow, day_start, local_day,
};
use crate::domain::{TaskId, Timestamp};
use crate::store::Shared;
use crate::ui::shortcuts::Intent;
use crate::ui::theme;
use crate::ui::widget::paged::scroll_to;
use crate::ui::widget::{empty_state, title_bar};
use crate::ui::workspace::Workspace;

pub use draft::{DATE_ID, TIME_ID, TITLE_ID};

const LIST_ID: &str = "tasks-list";
/// How far ahead "Upcoming" looks, in days after today.
pub const DAYS_AHEAD: u64 = 14;
/// At most this many dated and this many undated tasks are read; the rest are counted.
const ROW_LIMIT: u32 = 500;
const DONE_LIMIT: u32 = 200;
/// Rows moved by Page Up / Page Down.
const PAGE: usize = 10;
/// The list's height assumed until it has been scrolled and reported its real one.
const FIRST_VIEWPORT: f32 = 500.0;

pub struct Tasks {
    loaded: Option<Loaded>,
    error: Option<String>,
    /// Which read is the latest; older answers are dropped.
    generation: u64,
    selected: Option<Selected>,
    show_done: bool,
    /// Every open task, not only the next two weeks': asked for from the note that counts the
    /// later ones, which had no way to show them.
    show_later: bool,
    draft: draft::Draft,
    /// The visible part of the list: top and height.
    viewport: (f32, f32),
    /// Scroll to the selected task once the list is read: it was selected before the view was
    /// left.
    reveal_selected: bool,
}

struct Loaded {
    agenda: Agenda<TaskRow>,
    done: Vec<TaskRow>,
    not_shown: u64,
    later: u64,
    now: Timestamp,
}

/// What the view showed when the user left it, to come back to.
#[derive(Debug, Clone, Copy)]
pub struct Left {
    selected: Option<TaskId>,
    show_done: bool,
    show_later: bool,
    /// Where the list was scrolled, and how tall it was.
    viewport: (f32, f32),
}

#[derive(Debug, Clone, Copy)]
struct Selected {
    index: usize,
    id: TaskId,
}

/// What one read of the store returns.
#[derive(Debug, Clone)]
pub struct Snapshot {
    due: DueTasks,
    done: Vec<TaskRow>,
    now: Timestamp,
}

/// A change the user asked for, named in the error if it fails.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Write {
    Add,
    Complete,
    Reopen,
    Snooze,
}

#[derive(Debug, Clone)]
pub enum Message {
    Loaded(u64, Shared<Box<Snapshot>>),
    Retry,
    Draft(draft::Message),
    Toggled(TaskId, bool),
    Snoozed(TaskId, Snooze),
    Selected(usize),
    OpenLink(LinkTarget),
    ShowDone(bool),
    ShowLater(bool),
    Export,
    Scrolled(scrollable::Viewport),
    Written(Write, Shared<()>),
}

impl Tasks {
    /// Whether the new task's row holds typing not yet added: leaving dropped it unasked.
    pub fn is_dirty(&self) -> bool {
        self.draft.is_dirty()
    }

    pub fn new(workspace: &Workspace) -> (Self, Task<Message>) {
        Tasks::resume(workspace, None)
    }

    /// The view as it was `left`, its selected task shown once the list is read (or the row
    /// that took its place, if it is done or snoozed now); a new view for `None`.
    pub fn resume(workspace: &Workspace, left: Option<Left>) -> (Self, Task<Message>) {
        let left = left.unwrap_or(Left {
            selected: None,
            show_done: false,
            show_later: false,
            viewport: (0.0, FIRST_VIEWPORT),
        });
        let mut screen = Tasks {
            loaded: None,
            error: None,
            generation: 0,
            selected: left.selected.map(|id| Selected { index: 0, id }),
            show_done: left.show_done,
            show_later: left.show_later,
            draft: draft::Draft::default(),
            viewport: left.viewport,
            reveal_selected: left.selected.is_some(),
        };
        let task = screen.refresh(workspace);
        (screen, task)
    }

    pub fn left(&self) -> Left {
        Left {
            selected: self.selected.map(|s| s.id),
            show_done: self.show_done,
            show_later: self.show_later,
            viewport: self.viewport,
        }
    }

    /// Re-reads what is shown after the workspace changed (and regroups by the time of day now).
    pub fn refresh(&mut self, workspace: &Workspace) -> Task<Message> {
        self.generation += 1;
        let generation = self.generation;
        let show_done = self.show_done;
        let now = Timestamp::now();
        let today = local_day(now, &Local);
        let horizon = if self.show_later {
            Timestamp(i64::MAX)
        } else {
            day_start(today + Days::new(DAYS_AHEAD + 1), &Local)
        };
        let (day_from, day_to) = (
            day_start(today, &Local),
            day_start(today + Days::new(1), &Local),
        );
        workspace.run(
            move |s| {
                let due = s.due_tasks(horizon, ROW_LIMIT)?;
                let done = if show_done {
                    s.tasks_done_between(day_from, day_to, DONE_LIMIT)?
                } else {
                    Vec::new()
                };
                Ok(Box::new(Snapshot { due, done, now }))
            },
            move |r| Message::Loaded(generation, r),
        )
    }

    pub fn update(&mut self, workspace: &Workspace, message: Message) -> Action<Message> {
        match message {
            Message::Loaded(generation, _) if generation != self.generation => Action::None,
            Message::Loaded(_, Ok(snapshot)) => {
                self.loaded(*snapshot);
                // Back where the list was (the selected row came back just out of sight), and
                // on to the selected task if it is not in view there.
                if std::mem::take(&mut self.reveal_selected) {
                    let back = scroll_to(LIST_ID, self.viewport.0);
                    return Action::Run(match self.scroll_into_view() {
                        Some(reveal) => back.chain(reveal),
                        None => back,
                    });
                }
                Action::None
            }
            Message::Loaded(_, Err(e)) => {
                self.error = Some(format!("The tasks could not be read: {e}"));
                Action::None
            }
            Message::Retry => Action::Run(self.refresh(workspace)),
            Message::Draft(draft::Message::Submit) => self.add(workspace),
            Message::Draft(edit) => {
                self.draft.edit(edit);
                Action::None
            }
            Message::Toggled(id, true) => write(workspace, Write::Complete, move |s| {
                s.complete_task(id).map(drop)
            }),
            Message::Toggled(id, false) => write(workspace, Write::Reopen, move |s| {
                s.reopen_task(id).map(drop)
            }),
            Message::Snoozed(id, snooze) => {
                let until = snooze.until(Timestamp::now(), &Local);
                write(workspace, Write::Snooze, move |s| {
                    s.snooze_task(id, until).map(drop)
                })
            }
            Message::Selected(index) => {
                self.select(index);
                Action::None
            }
            Message::OpenLink(to) => Action::Open(destination(to)),
            Message::Export => Action::Open(Destination::Export(export::Source::all(
                export::List::Tasks,
            ))),
            Message::ShowLater(show) => {
                self.show_later = show;
                Action::Run(self.refresh(workspace))
            }
            Message::ShowDone(show) => {
                self.show_done = show;
                Action::Run(self.refresh(workspace))
            }
            Message::Scrolled(viewport) => {
                self.viewport = (viewport.absolute_offset().y, viewport.bounds().height);
                Action::None
            }
            Message::Written(what, Ok(())) => {
                if what == Write::Add {
                    self.draft.saved();
                }
                Action::Changed { then: None }
            }
            Message::Written(what, Err(e)) => {
                if what == Write::Add {
                    self.draft.failed();
                }
                let verb = match what {
                    Write::Add => "add",
                    Write::Complete => "mark done",
                    Write::Reopen => "reopen",
                    Write::Snooze => "snooze",
                };
                Action::Failed(format!("Could not {verb} the task: {}", e.in_words()))
            }
        }
    }

    /// Keyboard intents routed here while the view is shown.
    pub fn intent(&mut self, workspace: &Workspace, intent: Intent) -> Action<Message> {
        let count = self.loaded.as_ref().map_or(0, |l| l.agenda.len());
        let current = self.selected.map(|s| s.index);
        let last = count.saturating_sub(1);
        // ↓ on the last task, or End, goes on into the tasks due later, as "Show them" does: the
        // button was out of the keyboard's reach.
        let later = self.loaded.as_ref().map_or(0, |l| l.later);
        let past_the_end = match intent {
            Intent::Down => current == Some(last),
            Intent::Last => true,
            _ => false,
        };
        if past_the_end && later > 0 && !self.show_later {
            return self.update(workspace, Message::ShowLater(true));
        }
        let target = match intent {
            Intent::Up => Some(current.map_or(last, |i| i.saturating_sub(1))),
            Intent::Down => Some(current.map_or(0, |i| (i + 1).min(last))),
            Intent::PageUp => Some(current.map_or(0, |i| i.saturating_sub(PAGE))),
            Intent::PageDown => Some(current.map_or(0, |i| (i + PAGE).min(last))),
            Intent::First => Some(0),
            Intent::Last => Some(last),
            _ => None,
        };
        if let Some(index) = target {
            if count == 0 {
                return Action::None;
            }
            self.select(index);
            return self.scroll_into_view().map_or(Action::None, Action::Run);
        }
        match intent {
            Intent::Open => match self.selected_row() {
                Some(row) => match row.links.primary() {
                    Some(to) => Action::Open(destination(to)),
                    None => Action::Failed(format!(
                        "“{}” is not linked to a person or company.",
                        row.task.fields.title
                    )),
                },
                None => Action::None,
            },
            Intent::Delete => match self.selected_row().map(|row| row.task.id) {
                Some(id) => self.update(workspace, Message::Toggled(id, true)),
                None => Action::None,
            },
            Intent::NewRecord => Action::Run(iced::widget::operation::focus(TITLE_ID)),
            // The shortest snooze that puts it off by more than a minute: pressed again after "1
            // hour", that hour would move it by the seconds since, so it goes on to tomorrow.
            Intent::Snooze => {
                let now = Timestamp::now();
                let next = self.selected_row().and_then(|row| {
                    let due = row.task.fields.due_at;
                    let snooze = lines::offered(row, now)
                        .find(|s| due.is_none_or(|due| s.until(now, &Local).0 > due.0 + 60))?;
                    Some((row.task.id, snooze))
                });
                match next {
                    Some((id, snooze)) => self.update(workspace, Message::Snoozed(id, snooze)),
                    None => Action::None,
                }
            }
            _ => Action::None,
        }
    }

    fn loaded(&mut self, snapshot: Snapshot) {
        let agenda = Agenda::build(
            snapshot.due.rows,
            |row| row.task.fields.due_at,
            snapshot.now,
            &Local,
        );
        // The selection follows its task; if that task left the list (done, snoozed away), the row
        // that took its place is selected, so Delete can work through the list.
        self.selected = self.selected.and_then(|old| {
            let index = agenda
                .iter()
                .position(|row| row.task.id == old.id)
                .unwrap_or(old.index.min(agenda.len().checked_sub(1)?));
            let id = agenda.get(index)?.task.id;
            Some(Selected { index, id })
        });
        self.error = None;
        self.loaded = Some(Loaded {
            agenda,
            done: snapshot.done,
            not_shown: snapshot.due.not_shown,
            later: snapshot.due.later,
            now: snapshot.now,
        });
    }

    fn select(&mut self, index: usize) {
        let id = self
            .loaded
            .as_ref()
            .and_then(|l| l.agenda.get(index))
            .map(|row| row.task.id);
        self.selected = id.map(|id| Selected { index, id });
    }

    fn selected_row(&self) -> Option<&TaskRow> {
        let index = self.selected?.index;
        self.loaded.as_ref()?.agenda.get(index)
    }

    /// Scrolls just enough to show the selected row, if it is out of sight.
    fn scroll_into_view(&mut self) -> Option<Task<Message>> {
        let loaded = self.loaded.as_ref()?;
        let lines = lines::lines(&loaded.agenda, &loaded.done);
        let (top, bottom) = lines::span(&lines, self.selected?.index)?;
        let (y, height) = self.viewport;
        let to = if top < y {
            top
        } else if bottom > y + height {
            bottom - height
        } else {
            return None;
        };
        self.viewport.0 = to;
        Some(scroll_to(LIST_ID, to))
    }

    fn add(&mut self, workspace: &Workspace) -> Action<Message> {
        let today = local_day(Timestamp::now(), &Local);
        match self.draft.submit(today, &Local) {
            Some(fields) => write(workspace, Write::Add, move |s| {
                s.create_task(fields).map(drop)
            }),
            None => Action::None,
        }
    }

    pub fn view(&self) -> Element<'_, Message> {
        let show_done = checkbox(self.show_done)
            .label("Show done today")
            .on_toggle(Message::ShowDone);
        column![
            title_bar(
                "Today",
                [
                    show_done.into(),
                    button(text("Export…"))
                        .on_press(Message::Export)
                        .style(button::secondary)
                        .into()
                ]
            ),
            text(self.summary()).size(13).style(theme::muted_text),
            self.draft.view().map(Message::Draft),
            self.list(),
            text(
                "↑ ↓ select · Enter opens what the task is about · Delete marks the selected task \
                 done · Alt+S snoozes it · Ctrl+N new task · Ctrl+Z undoes"
            )
            .size(12)
            .style(theme::muted_text),
        ]
        .spacing(12)
        .padding(20)
        .into()
    }

    fn summary(&self) -> String {
        let now = self.loaded.as_ref().map_or_else(Timestamp::now, |l| l.now);
        let day = now.to_local().format("%A %-d %B %Y").to_string();
        let Some(loaded) = &self.loaded else {
            return day;
        };
        let overdue = loaded.agenda.count(TaskGroup::Overdue);
        let today = loaded.agenda.count(TaskGroup::Today);
        let mut parts = vec![day];
        if overdue > 0 {
            parts.push(format!("{overdue} overdue"));
        }
        parts.push(format!("{today} due today"));
        parts.join(" · ")
    }

    fn list(&self) -> Element<'_, Message> {
        if let Some(error) = &self.error {
            return empty_state(
                "The tasks could not be read",
                error.as_str(),
                Some(("Try again", Message::Retry)),
            );
        }
        let Some(loaded) = &self.loaded else {
            return container(text("Loading tasks…").style(theme::muted_text))
                .center(Length::Fill)
                .into();
        };
        let horizon = last_day(loaded.now);
        let (now, selected) = (loaded.now, self.selected.map(|s| s.index));
        let rows = loaded.agenda.groups.iter().flat_map(|(_, rows)| rows);
        let links = lines::links_width(rows.clone().chain(&loaded.done));
        let snoozes = lines::snoozes_width(rows, now);
        let mut content = column![].spacing(8);
        if loaded.agenda.is_empty() {
            content = content.push(nothing_due(loaded.later, horizon));
        }
        content = content.push(
            responsive(move |size| {
                let cx = lines::Context {
                    now,
                    selected,
                    width: size.width,
                    links,
                    snoozes,
                };
                lines::column_of(lines::lines(&loaded.agenda, &loaded.done), &cx)
            })
            .height(Length::Shrink),
        );
        if loaded.not_shown > 0 {
            content = content.push(
                text(format!(
                    "{} more overdue or undated tasks are not shown; finish or snooze some to see them.",
                    loaded.not_shown
                ))
                .size(13)
                .style(theme::muted_text),
            );
        }
        if loaded.later > 0 && !loaded.agenda.is_empty() {
            content = content.push(
                iced::widget::row![
                    text(format!(
                        "{} ↓ past the last goes on to them.",
                        later_note(loaded.later, horizon)
                    ))
                    .size(13)
                    .style(theme::muted_text),
                    button(text("Show them").size(13))
                        .on_press(Message::ShowLater(true))
                        .style(button::secondary),
                ]
                .spacing(10)
                .align_y(iced::Alignment::Center),
            );
        }
        if self.show_later {
            content = content.push(
                button(text("Only the next two weeks").size(13))
                    .on_press(Message::ShowLater(false))
                    .style(button::secondary),
            );
        }
        scrollable(content.padding(iced::Padding::ZERO.right(14)))
            .id(LIST_ID)
            .on_scroll(Message::Scrolled)
            .height(Length::Fill)
            .into()
    }
}

/// Runs one store write; its result comes back as `Written`.
fn write(
    workspace: &Workspace,
    what: Write,
    f: impl FnOnce(&mut crate::store::Store) -> crate::store::Result<()> + Send + 'static,
) -> Action<Message> {
    Action::Run(workspace.run(f, move |r| Message::Written(what, r)))
}

fn destination(to: LinkTarget) -> Destination {
    match to {
        LinkTarget::Contact(id) => Destination::Contact(id),
        LinkTarget::Company(id) => Destination::Company(id),
    }
}

/// The last day "Upcoming" covers.
fn last_day(now: Timestamp) -> NaiveDate {
    local_day(now, &Local) + Days::new(DAYS_AHEAD)
}

fn later_note(later: u64, horizon: NaiveDate) -> String {
    let after = horizon.format("%-d %B");
    match later {
        1 => format!("1 more open task is due after {after}."),
        n => format!("{n} more open tasks are due after {after}."),
    }
}

fn nothing_due<'a>(later: u64, horizon: NaiveDate) -> Element<'a, Message> {
    let (title, body) = if later == 0 {
        (
            "Nothing due — no open tasks",
            "Add one above, or from a person's page. Tasks that fall due show here as overdue, \
             today or upcoming."
                .to_string(),
        )
    } else {
        (
            "Nothing due — the next two weeks are clear",
            format!(
                "Nothing is overdue or due by {}. {}",
                horizon.format("%-d %B"),
                later_note(later, horizon)
            ),
        )
    };
    let mut said = column![text(title).size(20), text(body).style(theme::muted_text)]
        .spacing(8)
        .align_x(iced::Alignment::Center);
    if later > 0 {
        said = said.push(
            button(text("Show them"))
                .on_press(Message::ShowLater(true))
                .style(button::secondary),
        );
    }
    container(said).center_x(Length::Fill).padding(32).into()
}
