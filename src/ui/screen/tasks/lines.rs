//! The Today list laid out as lines of fixed height (section headings, day headings, task rows), so
//! the view draws exactly these lines and keyboard selection can work out where a row is to scroll
//! it into sight.

use chrono::{Local, NaiveDate};
use iced::widget::{Space, button, checkbox, column, container, mouse_area, row, text, tooltip};
use iced::{Alignment, Element, Length};

use super::Message;
use crate::domain::Timestamp;
use crate::domain::task::{Agenda, Snooze, TaskGroup, TaskRow, local_day};
use crate::ui::theme;
use crate::ui::widget::fit;

pub const HEADING_HEIGHT: f32 = 40.0;
pub const DAY_HEIGHT: f32 = 30.0;
pub const ROW_HEIGHT: f32 = 40.0;
/// The text size of a snooze button, its padding either side and the gap between buttons.
const SNOOZE_SIZE: f32 = 12.0;
const SNOOZE_PADDING: f32 = 8.0;
const SNOOZE_GAP: f32 = 4.0;

/// One line of the list.
pub enum Line<'a> {
    Heading(Heading, usize),
    Day(NaiveDate, usize),
    /// An open task and its place in keyboard order.
    Open(usize, TaskGroup, &'a TaskRow),
    Done(&'a TaskRow),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Heading {
    Overdue,
    Today,
    Upcoming,
    NoDueDate,
    DoneToday,
}

impl Line<'_> {
    pub fn height(&self) -> f32 {
        match self {
            Line::Heading(..) => HEADING_HEIGHT,
            Line::Day(..) => DAY_HEIGHT,
            Line::Open(..) | Line::Done(..) => ROW_HEIGHT,
        }
    }
}

/// The lines for `agenda`, then those for the tasks done today.
pub fn lines<'a>(agenda: &'a Agenda<TaskRow>, done: &'a [TaskRow]) -> Vec<Line<'a>> {
    let mut lines = Vec::new();
    let mut index = 0;
    let upcoming: usize = agenda
        .groups
        .iter()
        .filter(|(g, _)| matches!(g, TaskGroup::Upcoming(_)))
        .map(|(_, rows)| rows.len())
        .sum();
    for (group, rows) in &agenda.groups {
        match group {
            TaskGroup::Overdue => lines.push(Line::Heading(Heading::Overdue, rows.len())),
            TaskGroup::Today => lines.push(Line::Heading(Heading::Today, rows.len())),
            TaskGroup::NoDueDate => lines.push(Line::Heading(Heading::NoDueDate, rows.len())),
            TaskGroup::Upcoming(day) => {
                if !matches!(lines.last(), Some(Line::Open(_, TaskGroup::Upcoming(_), _))) {
                    lines.push(Line::Heading(Heading::Upcoming, upcoming));
                }
                lines.push(Line::Day(*day, rows.len()));
            }
        }
        for task in rows {
            lines.push(Line::Open(index, *group, task));
            index += 1;
        }
    }
    if !done.is_empty() {
        lines.push(Line::Heading(Heading::DoneToday, done.len()));
        lines.extend(done.iter().map(Line::Done));
    }
    lines
}

/// Where the open task at `index` starts and ends within the list.
pub fn span(lines: &[Line<'_>], index: usize) -> Option<(f32, f32)> {
    let mut top = 0.0;
    for line in lines {
        if matches!(line, Line::Open(i, ..) if *i == index) {
            return Some((top, top + line.height()));
        }
        top += line.height();
    }
    None
}

/// What the view needs besides the line itself.
pub struct Context {
    pub now: Timestamp,
    pub selected: Option<usize>,
    /// The list's width, which titles and links are cut to with "…" (clipped, they ended
    /// mid-word: "Book machine service vi").
    pub width: f32,
    /// What the widest row's links take whole ([`links_width`]).
    pub links: f32,
    /// What the row offering the most snoozes needs for them ([`snoozes_width`]), so the
    /// columns line up whichever a row offers, and a list offering none (every task far off,
    /// or done) gives titles the room.
    pub snoozes: f32,
}

/// A checkbox's box and the gap before its label.
const CHECKBOX: f32 = 16.0 + 8.0;
/// Room a row's padding, due time and gaps take from its width, besides its snoozes.
const ROW_FIXED: f32 = 2.0 * 10.0 + 110.0 + 3.0 * 12.0;

/// The text size of a task's links.
const LINK_SIZE: f32 = 13.0;
/// The gap between a task's links.
const LINK_GAP: f32 = 10.0;

/// A title narrower than this reads as a few letters ("B…" in the smallest window): the snooze
/// buttons fold into one menu first.
const MIN_TITLE: f32 = 200.0;
/// The folded snoozes' menu, "Snooze…".
const SNOOZE_MENU: f32 = 100.0;

impl Context {
    /// The widths of every row's title and links, one for all so the columns line up: the links
    /// as wide as the widest are, up to four ninths of what is left, and the titles the rest.
    fn shares(&self) -> (f32, f32) {
        self.shares_beside(self.snooze_room())
    }

    fn shares_beside(&self, snoozes: f32) -> (f32, f32) {
        let left = (self.width - ROW_FIXED - snoozes).max(0.0);
        let mut links = self.links.min(left * 4.0 / 9.0);
        // In a narrow list the titles come first: the links give way down to a third.
        if left - links < MIN_TITLE {
            links = links.min((left - MIN_TITLE).max(left / 3.0));
        }
        (left - links, links)
    }

    /// Whether the snoozes are one menu: their buttons would leave the titles too little room.
    fn folded(&self) -> bool {
        self.snoozes > SNOOZE_MENU && self.shares_beside(self.snoozes).0 < MIN_TITLE
    }

    fn snooze_room(&self) -> f32 {
        if self.folded() {
            SNOOZE_MENU
        } else {
            self.snoozes
        }
    }
}

/// A snooze as the folded menu lists it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct SnoozeChoice(Snooze);

impl std::fmt::Display for SnoozeChoice {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.0.label())
    }
}

/// The snoozes `task` is offered at `now`: only those that put it off.
pub(super) fn offered(task: &TaskRow, now: Timestamp) -> impl Iterator<Item = Snooze> + '_ {
    Snooze::ALL
        .into_iter()
        .filter(move |s| s.postpones(task.task.fields.due_at, now, &Local))
}

fn snooze_button_width(snooze: Snooze) -> f32 {
    // The button's border a pixel either side.
    fit::width(snooze.label(), SNOOZE_SIZE) + 2.0 * SNOOZE_PADDING + 2.0
}

/// How wide the snooze buttons of the row offering the most are, gaps included.
pub fn snoozes_width<'a>(rows: impl IntoIterator<Item = &'a TaskRow>, now: Timestamp) -> f32 {
    rows.into_iter()
        .map(|row| {
            let (width, n) =
                offered(row, now).fold((0.0, 0), |(w, n), s| (w + snooze_button_width(s), n + 1));
            width + SNOOZE_GAP * (n as f32 - 1.0).max(0.0)
        })
        .fold(0.0, f32::max)
}

/// How wide the widest row's links are, whole.
pub fn links_width<'a>(rows: impl IntoIterator<Item = &'a TaskRow>) -> f32 {
    rows.into_iter()
        .map(|row| {
            let links = row.links.links();
            links
                .iter()
                .map(|l| fit::width(&l.label, LINK_SIZE))
                .sum::<f32>()
                + LINK_GAP * links.len().saturating_sub(1) as f32
        })
        .fold(0.0, f32::max)
}

pub fn view<'a>(line: Line<'a>, cx: &Context) -> Element<'a, Message> {
    let height = line.height();
    let content: Element<'a, Message> = match line {
        Line::Heading(heading, count) => heading_view(heading, count),
        Line::Day(day, count) => day_view(day, count, cx.now),
        Line::Open(index, group, task) => return open_row(index, group, task, cx),
        Line::Done(task) => {
            return container(done_row(task, cx))
                .height(height)
                .width(Length::Fill)
                .center_y(height)
                .padding([0, 10])
                .into();
        }
    };
    container(content)
        .height(height)
        .width(Length::Fill)
        .align_y(Alignment::End)
        .padding([4, 10])
        .into()
}

fn heading_view<'a>(heading: Heading, count: usize) -> Element<'a, Message> {
    let label = match heading {
        Heading::Overdue => "Overdue",
        Heading::Today => "Today",
        Heading::Upcoming => "Upcoming",
        Heading::NoDueDate => "No due date",
        Heading::DoneToday => "Done today",
    };
    let title = text(label).size(17);
    let title = if heading == Heading::Overdue {
        title.style(theme::error_text)
    } else {
        title
    };
    row![
        title,
        text(count.to_string()).size(13).style(theme::muted_text)
    ]
    .spacing(8)
    .align_y(Alignment::Center)
    .into()
}

fn day_view<'a>(day: NaiveDate, count: usize, now: Timestamp) -> Element<'a, Message> {
    let tomorrow = local_day(now, &Local).succ_opt() == Some(day);
    let mut label = day.format("%A %-d %B").to_string();
    if tomorrow {
        label = format!("Tomorrow, {label}");
    }
    row![
        text(label).size(14),
        text(count.to_string()).size(12).style(theme::muted_text)
    ]
    .spacing(8)
    .align_y(Alignment::Center)
    .into()
}

/// When a task is due, as the row shows it: the time alone when the group already says the day.
fn due_label(group: TaskGroup, task: &TaskRow, now: Timestamp) -> String {
    let Some(due) = task.task.fields.due_at else {
        return String::new();
    };
    let local = due.to_local();
    let same_day = local_day(due, &Local) == local_day(now, &Local);
    match group {
        TaskGroup::Overdue if !same_day => {
            if local.format("%Y").to_string() == now.to_local().format("%Y").to_string() {
                local.format("%-d %b, %H:%M").to_string()
            } else {
                local.format("%-d %b %Y, %H:%M").to_string()
            }
        }
        _ => local.format("%H:%M").to_string(),
    }
}

fn open_row<'a>(
    index: usize,
    group: TaskGroup,
    task: &'a TaskRow,
    cx: &Context,
) -> Element<'a, Message> {
    let due = text(due_label(group, task, cx.now))
        .size(13)
        .wrapping(text::Wrapping::None);
    let due = if group == TaskGroup::Overdue {
        due.style(theme::error_text)
    } else {
        due.style(theme::muted_text)
    };
    let snoozes = if cx.folded() {
        snooze_menu(task, cx)
    } else {
        snooze_buttons(task, cx)
    };
    let (title_width, links_width) = cx.shares();
    let room = cx.snooze_room();
    let line = row![
        title_box(task, false, title_width),
        container(due).width(Length::Fixed(110.0)),
        links(task, links_width),
        container(snoozes)
            .width(Length::Fixed(room))
            .align_right(Length::Fixed(room)),
    ]
    .spacing(12)
    .align_y(Alignment::Center);
    mouse_area(
        container(line)
            .height(ROW_HEIGHT)
            .width(Length::Fill)
            .center_y(ROW_HEIGHT)
            .padding([0, 10])
            .style(theme::task_row(cx.selected == Some(index))),
    )
    .on_press(Message::Selected(index))
    .into()
}

/// The snoozes a narrow list folds into one menu (Alt+S takes the first from the keyboard).
fn snooze_menu<'a>(task: &'a TaskRow, cx: &Context) -> Element<'a, Message> {
    let id = task.task.id;
    let offered: Vec<SnoozeChoice> = offered(task, cx.now).map(SnoozeChoice).collect();
    if offered.is_empty() {
        return Space::new().into();
    }
    crate::ui::widget::menu_escape::closes_on_escape(
        crate::ui::widget::field::pick(offered, None::<SnoozeChoice>, move |c| {
            Message::Snoozed(id, c.0)
        })
        .placeholder("Snooze…")
        .text_size(SNOOZE_SIZE)
        .padding([2.0, SNOOZE_PADDING])
        .width(Length::Fixed(SNOOZE_MENU)),
    )
}

fn snooze_buttons<'a>(task: &'a TaskRow, cx: &Context) -> Element<'a, Message> {
    let id = task.task.id;
    let mut snoozes = row![].spacing(SNOOZE_GAP).align_y(Alignment::Center);
    for snooze in offered(task, cx.now) {
        let until = snooze.until(cx.now, &Local).to_local();
        let button = button(
            text(snooze.label())
                .size(SNOOZE_SIZE)
                .wrapping(text::Wrapping::None),
        )
        .on_press(Message::Snoozed(id, snooze))
        .padding([2.0, SNOOZE_PADDING])
        .style(button::secondary);
        let tip =
            container(text(format!("Snooze until {}", until.format("%a %-d %b, %H:%M"))).size(12))
                .padding([4, 8])
                .style(theme::card);
        snoozes = snoozes.push(tooltip(button, tip, tooltip::Position::Bottom));
    }
    snoozes.into()
}

/// A task's checkbox and title, cut to `width` with "…" and then whole in a tooltip: in a
/// 1024-pixel window "Follow up: send price…" could not be read in full anywhere.
fn title_box(task: &TaskRow, done: bool, width: f32) -> Element<'_, Message> {
    let id = task.task.id;
    let title = task.task.fields.title.as_str();
    let shown = fit::fitted(title, 16.0, width - CHECKBOX);
    let cut = matches!(shown, std::borrow::Cow::Owned(_));
    let boxed = container(
        checkbox(done)
            .label(shown)
            .on_toggle(move |done| Message::Toggled(id, done))
            .text_wrapping(text::Wrapping::None),
    )
    .width(Length::Fixed(width))
    .clip(true);
    whole_on_hover(boxed, title, cut)
}

/// `shown`, with `whole` in a tooltip when `shown` is cut from it.
fn whole_on_hover<'a>(
    shown: impl Into<Element<'a, Message>>,
    whole: impl text::IntoFragment<'a>,
    cut: bool,
) -> Element<'a, Message> {
    if !cut {
        return shown.into();
    }
    tooltip(
        shown,
        container(text(whole).size(13))
            .max_width(420)
            .padding([4, 8])
            .style(theme::card),
        tooltip::Position::Bottom,
    )
    .into()
}

fn links<'a>(task: &'a TaskRow, width: f32) -> Element<'a, Message> {
    let mut links = row![].spacing(LINK_GAP).align_y(Alignment::Center);
    let all = task.links.links();
    let gaps = LINK_GAP * all.len().saturating_sub(1) as f32;
    let natural: f32 = all.iter().map(|l| fit::width(&l.label, LINK_SIZE)).sum();
    // All whole if they fit; otherwise an equal share each.
    let each = if natural + gaps <= width {
        f32::INFINITY
    } else {
        (width - gaps) / all.len().max(1) as f32
    };
    for link in all {
        let shown = fit::fitted(&link.label, LINK_SIZE, each);
        let cut = matches!(shown, std::borrow::Cow::Owned(_));
        let label = text(shown.into_owned())
            .size(LINK_SIZE)
            .wrapping(text::Wrapping::None);
        // Cut to share the column ("Ngozi Rod…", "Brightwat…"), a link reads whole on hover.
        let link_view: Element<'a, Message> = match link.to {
            Some(to) => button(label)
                .on_press(Message::OpenLink(to))
                .padding(0)
                .style(theme::link)
                .into(),
            None => label.style(theme::muted_text).into(),
        };
        links = links.push(whole_on_hover(link_view, link.label.clone(), cut));
    }
    container(links).width(Length::Fill).clip(true).into()
}

fn done_row<'a>(task: &'a TaskRow, cx: &Context) -> Element<'a, Message> {
    let (title_width, links_width) = cx.shares();
    let when = task
        .task
        .fields
        .done_at
        .map(|at| format!("done {}", at.to_local().format("%H:%M")))
        .unwrap_or_default();
    row![
        title_box(task, true, title_width),
        container(text(when).size(13).style(theme::muted_text)).width(Length::Fixed(110.0)),
        links(task, links_width),
        Space::new().width(Length::Fixed(cx.snoozes)),
    ]
    .spacing(12)
    .align_y(Alignment::Center)
    .into()
}

/// The whole list as one column of lines.
pub fn column_of<'a>(lines: Vec<Line<'a>>, cx: &Context) -> Element<'a, Message> {
    lines
        .into_iter()
        .fold(column![], |col, line| col.push(view(line, cx)))
        .width(Length::Fill)
        .into()
}
