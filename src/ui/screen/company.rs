//! One company: its details, the people who work there, its deals and tickets, and its history.

use crate::ui::screen::opened_at::{OpenedAt, passed_over};
use iced::widget::{button, column, container, row, text};
use iced::{Alignment, Element, Length, Task};

use super::contact::{Openers, kind_label, timeline_card};
use super::{Action, Destination, Section, history};
use crate::domain::{Company, CompanyId, ContactId, DealId, Entity, TicketId};
use crate::store::{
    ContactQuery, ContactRow, HistoryEntry, Owner, Shared, TimelineItem, TimelineKind,
};
use crate::ui::shortcuts::Intent;
use crate::ui::theme;
use crate::ui::widget::choice_keys::keyed_button;
use crate::ui::widget::{
    chip, deleted_banner, empty_state, local_date, long_text, record_actions, record_page,
    title_bar,
};
use crate::ui::workspace::Workspace;

/// The page's width (beside the sidebar) below which its two columns go one above the other,
/// as on a contact's page.
const WIDE: f32 = 760.0;

const PEOPLE_SHOWN: u32 = 50;
const TIMELINE_LIMIT: u32 = 200;
/// Deals and tickets listed on a company's page; a company with more is a large account whose
/// lists live in the pipeline and ticket views.
const RECORDS_LIMIT: u32 = 1000;

#[derive(Debug, Clone)]
pub struct Loaded {
    company: Company,
    people: Vec<ContactRow>,
    people_total: u64,
    timeline: Vec<TimelineItem>,
    /// Every deal and ticket, for their cards (the timeline holds only its newest entries).
    records: Vec<TimelineItem>,
    history: Vec<HistoryEntry>,
}

pub struct CompanyPage {
    id: CompanyId,
    /// For Delete to pass over the second click of the double click that opened the page.
    opened: OpenedAt,
    loaded: Option<Box<Loaded>>,
    error: Option<String>,
    /// How many timeline entries are read: the newest [`TIMELINE_LIMIT`], more on request.
    timeline_limit: u32,
}

#[derive(Debug, Clone)]
pub enum Message {
    Loaded(Shared<Box<Loaded>>),
    /// Read the next, older part of the timeline.
    ShowOlder,
    Back,
    Edit,
    Delete,
    Deleted(Shared<()>),
    OpenContact(ContactId),
    OpenTicket(TicketId),
    OpenDeal(DealId),
    AddPerson,
    ShowAllPeople,
    /// Bring the deleted company back.
    Restore,
    Restored(Shared<()>),
}

impl CompanyPage {
    pub fn id(&self) -> CompanyId {
        self.id
    }

    pub fn new(workspace: &Workspace, id: CompanyId) -> (Self, Task<Message>) {
        let page = CompanyPage {
            id,
            loaded: None,
            error: None,
            timeline_limit: TIMELINE_LIMIT,
            opened: OpenedAt::now(),
        };
        let task = page.reload(workspace);
        (page, task)
    }

    pub fn reload(&self, workspace: &Workspace) -> Task<Message> {
        let id = self.id;
        let limit = self.timeline_limit;
        workspace.run(
            move |s| {
                let people = s.contacts(&ContactQuery {
                    company_id: Some(id),
                    limit: PEOPLE_SHOWN,
                    ..ContactQuery::default()
                })?;
                Ok(Box::new(Loaded {
                    company: s.company(id)?,
                    people_total: people.total,
                    people: people.rows,
                    timeline: s.timeline(Owner::Company(id), limit)?,
                    records: s.deals_and_tickets(Owner::Company(id), RECORDS_LIMIT)?,
                    history: s.history(Entity::Company, id.0, history::HISTORY_LIMIT)?,
                }))
            },
            Message::Loaded,
        )
    }

    pub fn title(&self) -> String {
        self.loaded
            .as_ref()
            .map_or_else(|| "Company".into(), |l| l.company.fields.name.clone())
    }

    pub fn update(&mut self, workspace: &Workspace, message: Message) -> Action<Message> {
        match message {
            Message::Loaded(Ok(loaded)) => {
                self.loaded = Some(loaded);
                self.error = None;
                Action::None
            }
            Message::Loaded(Err(e)) => {
                self.error = Some(e.to_string());
                Action::None
            }
            Message::ShowOlder => {
                self.timeline_limit += TIMELINE_LIMIT;
                Action::Run(self.reload(workspace))
            }
            Message::Back => Action::Open(Destination::Section(Section::Companies)),
            Message::Edit => Action::Open(Destination::EditCompany(self.id)),
            Message::Delete if !self.opened.settled() => Action::Run(passed_over()),
            Message::Delete => {
                let id = self.id;
                Action::Run(workspace.run(move |s| s.delete(id), Message::Deleted))
            }
            Message::Deleted(Ok(())) => Action::Changed {
                then: Some(Destination::Section(Section::Companies)),
            },
            Message::Deleted(Err(e)) => Action::Failed(format!("Could not delete: {e}")),
            Message::OpenContact(id) => Action::Open(Destination::Contact(id)),
            Message::OpenDeal(id) => Action::Open(Destination::Deal(id)),
            Message::OpenTicket(id) => Action::Open(Destination::TicketFrom {
                id,
                back: Box::new(Destination::Company(self.id)),
                label: self
                    .loaded
                    .as_ref()
                    .map_or_else(String::new, |l| l.company.fields.name.clone()),
            }),
            Message::AddPerson => Action::Open(Destination::NewContact {
                company: self.loaded.as_ref().map(|l| l.company.fields.name.clone()),
            }),
            Message::ShowAllPeople => Action::Open(Destination::ContactsAt(self.id, self.title())),
            Message::Restore => {
                let id = self.id;
                Action::Run(workspace.run(move |s| s.restore(id), Message::Restored))
            }
            Message::Restored(Ok(())) => Action::Changed { then: None },
            Message::Restored(Err(e)) => Action::Failed(format!("Could not restore: {e}")),
        }
    }

    pub fn intent(&mut self, workspace: &Workspace, intent: Intent) -> Action<Message> {
        let deleted = self
            .loaded
            .as_ref()
            .is_some_and(|l| l.company.deleted_at.is_some());
        match intent {
            Intent::Edit | Intent::Delete if deleted => Action::None,
            Intent::Edit => self.update(workspace, Message::Edit),
            Intent::Delete => self.update(workspace, Message::Delete),
            Intent::Close => self.update(workspace, Message::Back),
            Intent::NewRecord => self.update(workspace, Message::AddPerson),
            _ => Action::None,
        }
    }

    pub fn view(&self) -> Element<'_, Message> {
        let Some(loaded) = &self.loaded else {
            return match &self.error {
                Some(e) => empty_state(
                    "This company could not be opened",
                    e.as_str(),
                    Some(("Back to companies", Message::Back)),
                ),
                None => empty_state("Opening…", "", None),
            };
        };
        // Side by side when there is room; one above the other in a narrow window, where the
        // details' column broke words ("Professi / onal") and deal titles a letter a line.
        iced::widget::responsive(move |size| self.page(loaded, size.width >= WIDE)).into()
    }

    fn page<'a>(&'a self, loaded: &'a Loaded, wide: bool) -> Element<'a, Message> {
        let f = &loaded.company.fields;
        let deleted = loaded.company.deleted_at.is_some();
        let mut actions: Vec<Element<'_, Message>> =
            record_actions("← Companies", Message::Back, Message::Edit, Message::Delete).into();
        if deleted {
            // Reached through a person's link: editing or deleting it again does nothing a user
            // wants; Restore (below) comes first.
            actions.truncate(1);
        }
        let mut details = column![text("Details").size(18)].spacing(8);
        let address = f.address.one_line();
        for (label, value) in [
            ("Industry", f.industry.clone()),
            ("Website", f.domain.clone()),
            (
                "Employees",
                f.employees.map(|n| n.to_string()).unwrap_or_default(),
            ),
            ("Phone", f.phone.clone()),
            ("Address", address),
            ("Owner", f.owner.clone()),
            ("Notes", f.notes.clone()),
        ] {
            if !value.trim().is_empty() {
                details = details.push(
                    row![
                        text(label)
                            .style(theme::muted_text)
                            .width(Length::Fixed(110.0)),
                        long_text(value)
                    ]
                    .spacing(8),
                );
            }
        }
        details = details.push(
            text(format!("Added {}", local_date(loaded.company.created_at)))
                .size(12)
                .style(theme::muted_text),
        );

        let left = column![
            container(details)
                .padding(16)
                .style(theme::card)
                .width(Length::Fill),
            self.people(loaded),
            records(
                "Deals",
                "No deals with this company.",
                &loaded.records,
                |k| matches!(k, TimelineKind::Deal(_))
            ),
            records(
                "Tickets",
                "No support tickets from this company.",
                &loaded.records,
                |k| matches!(k, TimelineKind::Ticket(_))
            ),
            history::card(&loaded.history),
        ]
        .spacing(16)
        .width(Length::FillPortion(2));
        let right = column![timeline_card(
            &loaded.timeline,
            (loaded.timeline.len() as u32 >= self.timeline_limit).then_some(Message::ShowOlder),
            None,
            Openers {
                ticket: Message::OpenTicket,
                deal: Message::OpenDeal,
            },
        )]
        .width(Length::FillPortion(3));
        let mut heading = column![title_bar(f.name.as_str(), actions)].spacing(4);
        if deleted {
            heading = heading.push(deleted_banner("company", Message::Restore));
        }
        record_page(heading, left, right, wide)
    }

    fn people<'a>(&'a self, loaded: &'a Loaded) -> Element<'a, Message> {
        let mut people = column![
            row![
                text(format!("People ({})", loaded.people_total))
                    .size(18)
                    .width(Length::Fill),
                button(text("Add person"))
                    .on_press(Message::AddPerson)
                    .style(button::secondary),
            ]
            .align_y(Alignment::Center)
        ]
        .spacing(6);
        if loaded.people.is_empty() {
            people = people.push(text("Nobody at this company yet.").style(theme::muted_text));
        }
        for p in &loaded.people {
            let title = if p.email.is_empty() {
                p.name.clone()
            } else {
                format!("{} · {}", p.name, p.email)
            };
            people = people.push(keyed_button(
                button(text(title))
                    .on_press(Message::OpenContact(p.id))
                    .style(button::text)
                    .padding([2, 0]),
                Message::OpenContact(p.id),
            ));
        }
        if loaded.people_total > loaded.people.len() as u64 {
            people = people.push(
                button(text(format!(
                    "Show all {} in Contacts",
                    loaded.people_total
                )))
                .on_press(Message::ShowAllPeople)
                .style(button::secondary),
            );
        } else if loaded.people_total > 0 {
            people = people.push(
                button(text("Show in Contacts"))
                    .on_press(Message::ShowAllPeople)
                    .style(button::text),
            );
        }
        container(people)
            .padding(16)
            .style(theme::card)
            .width(Length::Fill)
            .into()
    }
}

fn records<'a>(
    title: &'a str,
    none: &'a str,
    timeline: &'a [TimelineItem],
    keep: impl Fn(TimelineKind) -> bool,
) -> Element<'a, Message> {
    let mut list = column![text(title).size(18)].spacing(6);
    let mut any = false;
    for item in timeline.iter().filter(|i| keep(i.kind)) {
        any = true;
        // Each opens where it is worked on: a deal in Pipeline's form, a ticket on its page.
        let open = match item.kind {
            TimelineKind::Deal(_) => Some(Message::OpenDeal(DealId(item.id))),
            TimelineKind::Ticket(_) => Some(Message::OpenTicket(TicketId(item.id))),
            TimelineKind::Activity(_) | TimelineKind::Order => None,
        };
        let title = button(long_text(item.title.as_str()))
            .on_press_maybe(open.clone())
            .padding(0)
            .style(theme::link);
        // Tab reaches what opens (a deal, a ticket), and Enter opens it.
        let title: Element<'a, Message> = match open {
            Some(open) => keyed_button(title, open),
            None => title.into(),
        };
        list = list.push(
            row![
                chip(kind_label(item)),
                title,
                text(item.detail.as_str()).size(13).style(theme::muted_text)
            ]
            .spacing(8)
            .align_y(Alignment::Center),
        );
    }
    if !any {
        list = list.push(text(none).style(theme::muted_text));
    }
    container(list)
        .padding(16)
        .style(theme::card)
        .width(Length::Fill)
        .into()
}
