//! The company list: searchable as you type, paged from the store like the contact list.

use iced::widget::{Space, button, column, container, row, scrollable, text};
use iced::{Alignment, Element, Length, Task};

use super::{Action, Destination, export};
use crate::domain::CompanyId;
use crate::store::{CompanyRow, CompanySort, Page, Shared, SortDir};
use crate::ui::shortcuts::Intent;
use crate::ui::theme;
use crate::ui::widget::paged::{Fetch, Paged, ROW_HEIGHT, scroll_to};
use crate::ui::widget::typing::Typing;
use crate::ui::widget::{cell, empty_state, sort_header, title_bar};
use crate::ui::workspace::Workspace;
use crate::words::count;

const LIST_ID: &str = "companies-list";

pub struct Companies {
    search: Typing,
    query: String,
    sort: CompanySort,
    dir: SortDir,
    list: Paged<CompanyRow>,
}

#[derive(Debug, Clone)]
pub enum Message {
    SearchChanged(String),
    SearchSettled(u64),
    /// A column header: sorts by it, or the other way when it already does.
    SortBy(CompanySort),
    Scrolled(scrollable::Viewport),
    PageLoaded(Fetch, Shared<Page<CompanyRow>>),
    Clicked(u64, CompanyId),
    New,
    Export,
    Deleted(Shared<()>),
}

impl Companies {
    pub fn new(workspace: &Workspace) -> (Self, Task<Message>) {
        let mut screen = Companies {
            search: Typing::default(),
            query: String::new(),
            sort: CompanySort::Name,
            dir: SortDir::Asc,
            list: Paged::default(),
        };
        let fetch = screen.list.restart();
        let task = screen.read(workspace, fetch);
        (screen, task)
    }

    /// Shown again after another screen: the list where it was left.
    pub fn scroll_back(&self) -> Task<Message> {
        self.list.scroll_back(LIST_ID)
    }

    pub fn refresh(&mut self, workspace: &Workspace) -> Task<Message> {
        let fetch = self.list.refresh();
        self.read(workspace, fetch)
    }

    fn restart(&mut self, workspace: &Workspace) -> Task<Message> {
        let fetch = self.list.restart();
        Task::batch([self.read(workspace, fetch), scroll_to(LIST_ID, 0.0)])
    }

    fn read(&self, workspace: &Workspace, fetch: Fetch) -> Task<Message> {
        read_page(workspace, &self.query, (self.sort, self.dir), fetch)
    }

    pub fn update(&mut self, workspace: &Workspace, message: Message) -> Action<Message> {
        match message {
            Message::SearchChanged(text) => {
                Action::Run(self.search.changed(text, Message::SearchSettled))
            }
            Message::SearchSettled(n) if self.search.is_latest(n) => {
                self.query = self.search.text.clone();
                Action::Run(self.restart(workspace))
            }
            Message::SearchSettled(_) => Action::None,
            Message::SortBy(sort) => {
                // People are most interesting most first; words from A.
                self.dir = match (sort == self.sort, sort) {
                    (true, _) => self.dir.flipped(),
                    (false, CompanySort::People) => SortDir::Desc,
                    (false, _) => SortDir::Asc,
                };
                self.sort = sort;
                Action::Run(self.restart(workspace))
            }
            Message::Scrolled(viewport) => self
                .list
                .scrolled_to(viewport)
                .map_or(Action::None, |f| Action::Run(self.read(workspace, f))),
            Message::PageLoaded(fetch, page) => match self.list.arrived(fetch, page) {
                Ok(()) => self
                    .list
                    .reveal_moved_selection(LIST_ID)
                    .map_or(Action::None, Action::Run),
                Err(e) => Action::Failed(format!("The company list could not be read: {e}")),
            },
            Message::Clicked(index, id) => {
                self.list.select(index);
                Action::Open(Destination::Company(id))
            }
            Message::New => Action::Open(Destination::NewCompany),
            Message::Export => Action::Open(Destination::Export(export::Source::List {
                list: export::List::Companies,
                shown: (!self.query.trim().is_empty()).then(|| export::Shown::Companies {
                    text: self.query.clone(),
                    sort: self.sort,
                    dir: self.dir,
                    count: self.list.total(),
                }),
            })),
            Message::Deleted(Ok(())) => Action::Changed { then: None },
            Message::Deleted(Err(e)) => {
                Action::Failed(format!("The company could not be deleted: {e}"))
            }
        }
    }

    pub fn intent(&mut self, workspace: &Workspace, intent: Intent) -> Action<Message> {
        let (query, order) = (self.query.clone(), (self.sort, self.dir));
        let read = |fetch| read_page(workspace, &query, order, fetch);
        if let Some(task) = self.list.navigation_tasks(intent, LIST_ID, read) {
            return Action::Run(task);
        }
        match intent {
            Intent::Open => self.list.selected_row().map_or(Action::None, |row| {
                Action::Open(Destination::Company(row.id))
            }),
            Intent::Delete => match self.list.selected_row().map(|row| row.id) {
                Some(id) => Action::Run(workspace.run(move |s| s.delete(id), Message::Deleted)),
                None => Action::None,
            },
            Intent::NewRecord => Action::Open(Destination::NewCompany),
            _ => Action::None,
        }
    }

    pub fn view(&self) -> Element<'_, Message> {
        let new = button(text("New company"))
            .on_press(Message::New)
            .style(button::primary);
        let count = if self.list.is_loaded() {
            count(self.list.total(), "company")
        } else {
            "Loading…".to_string()
        };
        let search = crate::ui::widget::field::input(
            "Search companies by name, domain, industry, city…",
            &self.search.text,
        )
        .on_input(Message::SearchChanged)
        .padding(6);
        column![
            title_bar(
                "Companies",
                [
                    button(text("Export…"))
                        .on_press(Message::Export)
                        .style(button::secondary)
                        .into(),
                    new.into()
                ]
            ),
            search,
            text(count).size(13).style(theme::muted_text),
            self.table()
        ]
        .spacing(12)
        .padding(20)
        .into()
    }

    fn table(&self) -> Element<'_, Message> {
        if self.list.is_loaded() && self.list.total() == 0 {
            return if self.query.trim().is_empty() {
                empty_state(
                    "No companies yet",
                    "Companies group the people you deal with. Add one here, or type a company name on a contact.",
                    Some(("New company", Message::New)),
                )
            } else {
                empty_state("No companies match", "Try fewer or different words.", None)
            };
        }
        let sortable = |label: &'static str, sort: CompanySort, portion: u16| {
            let sorted = (self.sort == sort).then_some(self.dir);
            sort_header(label, sorted, Message::SortBy(sort), portion)
        };
        let header = container(
            row![
                sortable("Name", CompanySort::Name, 4),
                sortable("Industry", CompanySort::Industry, 3),
                sortable("City", CompanySort::City, 3),
                sortable("People", CompanySort::People, 1),
            ]
            .spacing(8)
            .align_y(Alignment::Center)
            .padding([0, 12]),
        )
        .style(theme::header_row);
        let rows = self.list.view(LIST_ID, Message::Scrolled, company_row);
        column![header, rows].into()
    }
}

fn read_page(
    workspace: &Workspace,
    text: &str,
    (sort, dir): (CompanySort, SortDir),
    fetch: Fetch,
) -> Task<Message> {
    let text = text.to_string();
    workspace.run(
        move |s| s.companies_by(&text, sort, dir, fetch.offset, fetch.limit),
        move |page| Message::PageLoaded(fetch, page),
    )
}

fn company_row(index: u64, row: Option<&CompanyRow>, selected: bool) -> Element<'_, Message> {
    let Some(c) = row else {
        return Space::new().height(ROW_HEIGHT).width(Length::Fill).into();
    };
    let cells = row![
        cell(c.name.as_str(), 4),
        cell(c.industry.as_str(), 3),
        cell(c.city.as_str(), 3),
        cell(c.contacts.to_string(), 1),
    ]
    .spacing(8)
    .align_y(Alignment::Center);
    button(container(cells).center_y(Length::Fill))
        .on_press(Message::Clicked(index, c.id))
        .style(theme::list_row(selected))
        .padding([0, 12])
        .height(ROW_HEIGHT)
        .width(Length::Fill)
        .into()
}
