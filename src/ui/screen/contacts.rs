//! The contact list: a sortable, filterable table that pages from the store, so it stays smooth at
//! any size; typing searches as you go (debounced), arrows move the selection, Enter opens it.

use iced::widget::{
    Space, button, column, combo_box, container, responsive, row, scrollable, text,
};
use iced::{Alignment, Element, Length, Task};

use super::{Action, Destination, export};
use crate::domain::{CompanyId, ContactId, LifecycleStage};
use crate::store::{ContactQuery, ContactRow, ContactSort, Page, Shared, SortDir};
use crate::ui::shortcuts::Intent;
use crate::ui::theme;
use crate::ui::widget::paged::{Fetch, Paged, ROW_HEIGHT, scroll_to};
use crate::ui::widget::typing::Typing;
use crate::ui::widget::{Pick, cell, chip, empty_state, local_date, sort_header, title_bar};
use crate::ui::workspace::Workspace;
use crate::words::count;

pub const SEARCH_ID: &str = "contacts-search";
const LIST_ID: &str = "contacts-list";
/// Companies offered in the company filter; beyond that, typing in the search box finds them.
const COMPANY_CHOICES: u32 = 50_000;

mod company_choice;
mod filters;
pub use company_choice::{CompanyChoice, company_choices};

/// The widget ids of the tag and lifecycle-stage filters.
pub const TAG_FILTER_ID: &str = "contacts-tag-filter";
pub const STAGE_FILTER_ID: &str = "contacts-stage-filter";
pub const COMPANY_FILTER_ID: &str = "contacts-company-filter";

/// How many rows from the top Enter in the search looks through for a name the search names.
const FIRST_LOOKED_AT: u64 = 50;

/// The values the filters offer, read once per visit.
#[derive(Debug, Clone, Default)]
pub struct Choices {
    tags: Vec<String>,
    companies: Vec<CompanyChoice>,
}

pub struct Contacts {
    query: ContactQuery,
    search: Typing,
    list: Paged<ContactRow>,
    tags: Vec<Pick<String>>,
    stages: Vec<Pick<LifecycleStage>>,
    companies: combo_box::State<CompanyChoice>,
    company: Option<CompanyChoice>,
    /// Enter was pressed before the list caught up with the typing: open its first row on arrival.
    open_first: bool,
}

#[derive(Debug, Clone)]
pub enum Message {
    SearchChanged(String),
    /// Enter in the search field: open the selected contact, or the first one found.
    SearchSubmitted,
    SearchSettled(u64),
    SortBy(ContactSort),
    TagPicked(Pick<String>),
    StagePicked(Pick<LifecycleStage>),
    CompanyPicked(CompanyChoice),
    CompanyCleared,
    /// The company field let go of the keyboard: what was typed and not picked goes (the
    /// field went on holding it unseen, and the next typing joined it: "nordnordlicht").
    CompanyMenuClosed,
    FiltersCleared,
    Scrolled(scrollable::Viewport),
    PageLoaded(Fetch, Shared<Page<ContactRow>>),
    ChoicesLoaded(Shared<Choices>),
    Clicked(u64, ContactId),
    New,
    Import,
    FindDuplicates,
    Export,
    Deleted(Shared<()>),
}

impl Contacts {
    pub fn new(workspace: &Workspace) -> (Self, Task<Message>) {
        let mut screen = Contacts {
            query: ContactQuery::default(),
            search: Typing::default(),
            list: Paged::default(),
            tags: vec![Pick::Any("Any tag")],
            stages: std::iter::once(Pick::Any("Any stage"))
                .chain(LifecycleStage::ALL.iter().copied().map(Pick::One))
                .collect(),
            companies: combo_box::State::new(Vec::new()),
            company: None,
            open_first: false,
        };
        let fetch = screen.list.restart();
        let task = Task::batch([
            screen.read(workspace, fetch),
            screen.reload_choices(workspace),
        ]);
        (screen, task)
    }

    pub fn total(&self) -> u64 {
        self.list.total()
    }

    /// Shown again after another screen: the list where it was left.
    pub fn scroll_back(&self) -> Task<Message> {
        self.list.scroll_back(LIST_ID)
    }

    /// Reads the rows in view again after the workspace changed.
    pub fn refresh(&mut self, workspace: &Workspace) -> Task<Message> {
        let fetch = self.list.refresh();
        Task::batch([self.read(workspace, fetch), self.reload_choices(workspace)])
    }

    /// Shows only the people at one company.
    pub fn show_company(
        &mut self,
        workspace: &Workspace,
        id: CompanyId,
        name: String,
    ) -> Task<Message> {
        self.company = Some(CompanyChoice { id, name });
        self.query.company_id = Some(id);
        self.restart(workspace)
    }

    fn restart(&mut self, workspace: &Workspace) -> Task<Message> {
        let fetch = self.list.restart();
        Task::batch([self.read(workspace, fetch), scroll_to(LIST_ID, 0.0)])
    }

    fn read(&self, workspace: &Workspace, fetch: Fetch) -> Task<Message> {
        read_page(workspace, &self.query, fetch)
    }

    fn reload_choices(&self, workspace: &Workspace) -> Task<Message> {
        workspace.run(
            |s| {
                let tags = s.tags()?;
                let companies = company_choices(s.company_names(COMPANY_CHOICES)?);
                Ok(Choices { tags, companies })
            },
            Message::ChoicesLoaded,
        )
    }

    pub fn update(&mut self, workspace: &Workspace, message: Message) -> Action<Message> {
        match message {
            Message::SearchChanged(text) => {
                Action::Run(self.search.changed(text, Message::SearchSettled))
            }
            Message::SearchSettled(n) if self.search.is_latest(n) => {
                self.query.text = self.search.text.clone();
                Action::Run(self.restart(workspace))
            }
            Message::SearchSettled(_) => Action::None,
            Message::SearchSubmitted => {
                if self.query.text != self.search.text {
                    // Typed faster than the list follows: search now, and open what it finds.
                    self.search.settle();
                    self.query.text = self.search.text.clone();
                    self.open_first = true;
                    return Action::Run(self.restart(workspace));
                }
                self.open_chosen()
            }
            Message::SortBy(sort) => {
                self.query.dir = if self.query.sort == sort {
                    self.query.dir.flipped()
                } else {
                    SortDir::Asc
                };
                self.query.sort = sort;
                Action::Run(self.restart(workspace))
            }
            Message::TagPicked(tag) => {
                self.query.tag = tag.into_option();
                Action::Run(self.restart(workspace))
            }
            Message::StagePicked(stage) => {
                self.query.lifecycle = stage.into_option();
                Action::Run(self.restart(workspace))
            }
            Message::CompanyPicked(company) => {
                Action::Run(self.show_company(workspace, company.id, company.name))
            }
            Message::CompanyMenuClosed => {
                self.companies = combo_box::State::new(self.companies.options().to_vec());
                Action::None
            }
            Message::CompanyCleared => {
                self.company = None;
                self.query.company_id = None;
                Action::Run(self.restart(workspace))
            }
            Message::FiltersCleared => {
                self.search.clear();
                self.company = None;
                self.query = ContactQuery {
                    sort: self.query.sort,
                    dir: self.query.dir,
                    ..ContactQuery::default()
                };
                Action::Run(self.restart(workspace))
            }
            Message::Scrolled(viewport) => self
                .list
                .scrolled_to(viewport)
                .map_or(Action::None, |f| Action::Run(self.read(workspace, f))),
            Message::PageLoaded(fetch, page) => match self.list.arrived(fetch, page) {
                // The search's own page, not one of the query before still on its way.
                Ok(()) if self.open_first && !self.list.is_loading() => {
                    self.open_first = false;
                    self.open_chosen()
                }
                Ok(()) => self
                    .list
                    .reveal_moved_selection(LIST_ID)
                    .map_or(Action::None, Action::Run),
                Err(e) => Action::Failed(format!("The contact list could not be read: {e}")),
            },
            Message::ChoicesLoaded(Ok(choices)) => {
                self.tags = std::iter::once(Pick::Any("Any tag"))
                    .chain(choices.tags.into_iter().map(Pick::One))
                    .collect();
                self.companies = combo_box::State::new(choices.companies);
                Action::None
            }
            Message::ChoicesLoaded(Err(e)) => {
                Action::Failed(format!("The filters could not be read: {e}"))
            }
            Message::Clicked(index, id) => {
                self.list.select(index);
                Action::Open(Destination::Contact(id))
            }
            Message::New => Action::Open(Destination::NewContact { company: None }),
            Message::Import => Action::Open(Destination::Import),
            Message::FindDuplicates => Action::Open(Destination::Duplicates),
            Message::Export => Action::Open(Destination::Export(export::Source::List {
                list: export::List::Contacts,
                shown: self.is_filtered().then(|| export::Shown::Contacts {
                    query: self.query.clone(),
                    count: self.list.total(),
                }),
            })),
            Message::Deleted(Ok(())) => Action::Changed { then: None },
            Message::Deleted(Err(e)) => {
                Action::Failed(format!("The contact could not be deleted: {e}"))
            }
        }
    }

    /// The selected row, or the first whose name the search names: the search also finds
    /// owners, notes and towns, and "weber" + Enter had opened a customer whose owner is Jonas
    /// Weber, sorted before the two Webers.
    fn open_chosen(&mut self) -> Action<Message> {
        let named = || {
            let words: Vec<String> = self
                .query
                .text
                .split_whitespace()
                .map(crate::domain::sort_key::sort_key)
                .collect();
            let loaded = self.list.visible_range().end.max(FIRST_LOOKED_AT);
            (0..loaded.min(self.list.total()))
                .filter_map(|i| self.list.row(i))
                .find(|row| {
                    let name = crate::domain::sort_key::sort_key(&row.name);
                    let parts: Vec<&str> = name.split_whitespace().collect();
                    !words.is_empty()
                        && words.iter().all(|w| parts.iter().any(|p| p.starts_with(w)))
                })
        };
        let row = self
            .list
            .selected_row()
            .or_else(named)
            .or_else(|| self.list.row(0));
        row.map_or(Action::None, |row| {
            Action::Open(Destination::Contact(row.id))
        })
    }

    /// Keyboard intents routed here while the list is shown.
    pub fn intent(&mut self, workspace: &Workspace, intent: Intent) -> Action<Message> {
        let query = self.query.clone();
        let read = |fetch| read_page(workspace, &query, fetch);
        if let Some(task) = self.list.navigation_tasks(intent, LIST_ID, read) {
            return Action::Run(task);
        }
        match intent {
            Intent::Open => self.list.selected_row().map_or(Action::None, |row| {
                Action::Open(Destination::Contact(row.id))
            }),
            Intent::Delete => match self.list.selected_row().map(|row| row.id) {
                Some(id) => Action::Run(workspace.run(move |s| s.delete(id), Message::Deleted)),
                None => Action::None,
            },
            Intent::NewRecord => Action::Open(Destination::NewContact { company: None }),
            _ => Action::None,
        }
    }

    fn is_filtered(&self) -> bool {
        !self.query.text.trim().is_empty()
            || self.query.tag.is_some()
            || self.query.lifecycle.is_some()
            || self.query.company_id.is_some()
    }

    pub fn view(&self) -> Element<'_, Message> {
        let new = button(text("New contact"))
            .on_press(Message::New)
            .style(button::primary);
        let count = if self.list.is_loaded() {
            count(self.list.total(), "contact")
        } else {
            "Loading…".to_string()
        };
        column![
            title_bar(
                "Contacts",
                [
                    title_action("Import…", Message::Import),
                    title_action("Duplicates…", Message::FindDuplicates),
                    title_action("Export…", Message::Export),
                    new.into()
                ]
            ),
            self.filters(),
            text(count).size(13).style(theme::muted_text),
            self.table(),
        ]
        .spacing(12)
        .padding(20)
        .into()
    }

    fn table(&self) -> Element<'_, Message> {
        if self.list.is_loaded() && self.list.total() == 0 {
            return if self.is_filtered() {
                empty_state(
                    "No contacts match",
                    "Nobody in this workspace matches the search and filters above.",
                    Some(("Clear filters", Message::FiltersCleared)),
                )
            } else {
                empty_state(
                    "No contacts yet",
                    "Add the people you sell to and support; their calls, deals, tickets and orders \
                     collect on their page.",
                    Some(("New contact", Message::New)),
                )
            };
        }
        // A narrow window drops the columns that matter least rather than cut every cell short.
        responsive(move |size| {
            let shown = Shown::for_width(size.width);
            let rows = self
                .list
                .view(LIST_ID, Message::Scrolled, move |index, row, selected| {
                    contact_row(index, row, selected, shown)
                });
            column![self.header(shown), rows].into()
        })
        .into()
    }

    fn header(&self, shown: Shown) -> Element<'_, Message> {
        let sortable = |label: &'static str, sort: ContactSort, portion: u16| {
            let sorted = (self.query.sort == sort).then_some(self.query.dir);
            sort_header(label, sorted, Message::SortBy(sort), portion)
        };
        container(
            row![sortable("Name", ContactSort::Name, 6)]
                .push(
                    shown
                        .company
                        .then(|| sortable("Company", ContactSort::Company, 5)),
                )
                .push(sortable("E-mail", ContactSort::Email, 9))
                .push(
                    shown
                        .phone
                        .then(|| sortable("Phone", ContactSort::Phone, 6)),
                )
                .push(sortable("Stage", ContactSort::Lifecycle, 4))
                .push(
                    shown
                        .tags
                        .then(|| container(text("Tags").size(13)).width(Length::FillPortion(4))),
                )
                .push(sortable("Last activity", ContactSort::LastActivity, 4))
                .spacing(8)
                .align_y(Alignment::Center)
                .padding([0, 12]),
        )
        .style(theme::header_row)
        .into()
    }
}

/// A quiet title bar button for the list's file and clean-up actions.
fn title_action(label: &str, message: Message) -> Element<'_, Message> {
    button(text(label))
        .on_press(message)
        .style(button::secondary)
        .into()
}

fn read_page(workspace: &Workspace, query: &ContactQuery, fetch: Fetch) -> Task<Message> {
    let query = ContactQuery {
        offset: fetch.offset,
        limit: fetch.limit,
        ..query.clone()
    };
    workspace.run(
        move |s| s.contacts(&query),
        move |page| Message::PageLoaded(fetch, page),
    )
}

/// The list's optional columns, by the width there is for them.
#[derive(Debug, Clone, Copy)]
struct Shown {
    company: bool,
    phone: bool,
    tags: bool,
}

impl Shown {
    /// Each column is shown only where its usual values fit whole: at 1280 pixels the phone
    /// column had shown "+44 131 555 00" for +44 131 555 0044, with nothing to say it was cut.
    /// Tags go first (the filter above still offers them), then the phone, then the company.
    fn for_width(width: f32) -> Shown {
        Shown {
            company: width >= 700.0,
            phone: width >= 880.0,
            tags: width >= 1120.0,
        }
    }
}

fn contact_row(
    index: u64,
    row: Option<&ContactRow>,
    selected: bool,
    shown: Shown,
) -> Element<'_, Message> {
    let Some(c) = row else {
        return Space::new().height(ROW_HEIGHT).width(Length::Fill).into();
    };
    let tags: Element<'_, Message> = match c.tags.as_slice() {
        [] => cell("", 4),
        [first, rest @ ..] => {
            let mut tags = row![chip(first.as_str())].spacing(4);
            if !rest.is_empty() {
                tags = tags.push(text(format!("+{}", rest.len())).size(12));
            }
            container(tags)
                .width(Length::FillPortion(4))
                .clip(true)
                .into()
        }
    };
    let cells = row![cell(c.name.as_str(), 6)]
        .push(
            shown
                .company
                .then(|| cell(c.company.as_deref().unwrap_or(""), 5)),
        )
        .push(cell(c.email.as_str(), 9))
        .push(shown.phone.then(|| cell(c.phone.as_str(), 6)))
        .push(cell(c.lifecycle.label(), 4))
        .push(shown.tags.then_some(tags))
        .push(cell(
            c.last_activity_at.map(local_date).unwrap_or_default(),
            4,
        ))
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

#[cfg(test)]
mod tests {
    use super::Shown;

    /// The list's width in the usual windows (less the sidebar and the page's margins).
    #[test]
    fn columns_go_tags_first_then_phone_then_company() {
        let shown = |width| {
            let s = Shown::for_width(width);
            (s.company, s.phone, s.tags)
        };
        assert_eq!(shown(1160.0), (true, true, true), "1400 pixels");
        assert_eq!(shown(1040.0), (true, true, false), "1280 pixels");
        assert_eq!(shown(760.0), (true, false, false), "1000 pixels");
        assert_eq!(shown(600.0), (false, false, false));
    }
}
