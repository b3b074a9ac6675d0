//! One person: every field, their history (activities, deals, tickets, orders, newest first), a quick
//! "log a call / e-mail / meeting / note" form and their tasks.

mod back;
mod cards;
mod deleted;
mod drafts;
mod privacy;

use crate::ui::screen::opened_at::{OpenedAt, passed_over};
pub use back::Back;
pub use cards::{Openers, kind_label, timeline_card};
use drafts::{LogDraft, TaskDraft, TaskField, focus_then};

use iced::widget::{button, column, container, responsive, stack, text};
use iced::{Element, Length, Task};

use super::{Action, Destination, Section, export, history};
use crate::domain::{
    self, Activity, ActivityId, ActivityKind, CompanyId, Contact, ContactId, DealId, Direction,
    TaskId, TicketId,
};
use crate::store::{Erased, HistoryEntry, Owner, Shared, TimelineItem};
use crate::ui::shortcuts::Intent;
use crate::ui::theme;
use crate::ui::widget::contact_picker::Picked;
use crate::ui::widget::{empty_state, record_actions, record_page, title_bar};
use crate::ui::workspace::Workspace;

const TIMELINE_LIMIT: u32 = 200;
/// The page width from which its two halves stand side by side.
const WIDE: f32 = 760.0;

/// The log form's subject: where the first Tab on the page goes.
pub const LOG_SUBJECT: &str = "log-subject";
pub const TASK_TITLE: &str = "task-title";
/// From the log form's top to its subject field: its heading and the kind of activity.
const LOG_HEADING_ROOM: f32 = 100.0;

#[derive(Debug, Clone)]
pub struct Loaded {
    contact: Contact,
    company: Option<String>,
    timeline: Vec<TimelineItem>,
    tasks: Vec<domain::Task>,
    history: Vec<HistoryEntry>,
    /// The contact this deleted one was merged into, and its name: where its records went.
    merged_into: Option<(ContactId, String)>,
}

pub struct ContactPage {
    id: ContactId,
    /// For Delete to pass over the second click of the double click that opened the page.
    opened: OpenedAt,
    loaded: Option<Box<Loaded>>,
    error: Option<String>,
    /// How many timeline entries are read: the newest [`TIMELINE_LIMIT`], more on request.
    timeline_limit: u32,
    log: LogDraft,
    task: TaskDraft,
    /// Erase was pressed: the confirmation shows.
    erase_asked: bool,
    /// The person was erased but the file could not be rewritten: the page offers to again.
    rewrite_wanted: bool,
    /// Where Back (and Escape) go: the page the contact was opened from.
    back: Back,
    /// "← Pipeline": the Back button's words.
    back_label: String,
    /// An activity or task was just saved and nothing typed since: the keyboard is back in its
    /// form, yet Ctrl+Z means that save, not the typing.
    saved_untouched: bool,
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
    /// Bring a deleted contact back (its page says it is deleted).
    Restore,
    Restored(Shared<()>),
    OpenCompany(CompanyId),
    OpenDeal(DealId),
    /// The contact a merged-away one went into.
    OpenContact(ContactId),
    OpenTicket(TicketId),
    NewTicket,
    LogKindPicked(ActivityKind),
    LogDirectionPicked(Direction),
    LogSubjectChanged(String),
    LogBodyChanged(String),
    LogWhenChanged(String),
    Log,
    /// An activity on the timeline: load it into the log form to correct it.
    EditActivity(ActivityId),
    ActivityLoaded(Shared<Activity>),
    /// Put the log form back to logging something new.
    CancelEdit,
    DeleteActivity(ActivityId),
    TaskTitleChanged(String),
    TaskDueChanged(String),
    AddTask,
    TaskToggled(TaskId, bool),
    Saved(Shared<()>),
    /// An activity logged (or corrected): the form empties only once it is saved.
    Logged(Shared<()>),
    /// A task added: likewise.
    TaskAdded(Shared<()>),
    ExportPerson,
    /// Erase pressed (true) or its confirmation dismissed (false).
    EraseAsked(bool),
    EraseConfirmed,
    Erased(Shared<Erased>),
}

impl ContactPage {
    /// What leaving would lose: the activity being logged, the task being added, or both.
    pub fn unsaved(&self) -> Option<&'static str> {
        let typed = |texts: &[&String]| texts.iter().any(|t| !t.trim().is_empty());
        let log = typed(&[&self.log.subject, &self.log.body, &self.log.when]);
        let task = typed(&[&self.task.title, &self.task.due]);
        match (log, task) {
            (true, true) => {
                Some("The activity and the task you typed are not saved. Leaving now loses them.")
            }
            (true, false) => {
                Some("The activity you typed is not logged yet. Leaving now loses it.")
            }
            (false, true) => Some("The task you typed is not added yet. Leaving now loses it."),
            (false, false) => None,
        }
    }

    pub fn new(workspace: &Workspace, id: ContactId) -> (Self, Task<Message>) {
        let page = ContactPage {
            id,
            loaded: None,
            error: None,
            timeline_limit: TIMELINE_LIMIT,
            log: LogDraft {
                kind: ActivityKind::Call,
                direction: Direction::Outbound,
                subject: String::new(),
                body: String::new(),
                when: String::new(),
                editing: None,
                error: None,
                when_wrong: false,
                subject_wrong: false,
                sent: None,
                again: false,
            },
            task: TaskDraft::default(),
            erase_asked: false,
            rewrite_wanted: false,
            saved_untouched: false,
            back: Back::Contacts,
            back_label: Back::Contacts.label(),
            opened: OpenedAt::now(),
        };
        let task = page.reload(workspace);
        (page, task)
    }

    /// The page opened from `back` (a company's page, the board …): Back returns there.
    pub fn opened_from(mut self, back: Back) -> Self {
        self.back = back;
        self.back_label = back.label();
        self
    }

    pub fn id(&self) -> ContactId {
        self.id
    }

    pub fn reload(&self, workspace: &Workspace) -> Task<Message> {
        let id = self.id;
        let limit = self.timeline_limit;
        workspace.run(
            move |s| {
                let contact = s.contact(id)?;
                let company = match contact.fields.company_id {
                    Some(c) => Some(s.company(c)?.fields.name),
                    None => None,
                };
                let merged_into = match contact.deleted_at {
                    Some(_) => s
                        .merged_into(id)?
                        .map(|to| s.contact(to).map(|c| (to, c.fields.full_name())))
                        .transpose()?,
                    None => None,
                };
                Ok(Box::new(Loaded {
                    contact,
                    company,
                    merged_into,
                    timeline: s.timeline(Owner::Contact(id), limit)?,
                    tasks: s.tasks_for_contact(id)?,
                    history: s.history(domain::Entity::Contact, id.0, history::HISTORY_LIMIT)?,
                }))
            },
            Message::Loaded,
        )
    }

    pub fn update(&mut self, workspace: &Workspace, message: Message) -> Action<Message> {
        match message {
            Message::Loaded(Ok(loaded)) => {
                self.error = None;
                self.loaded = Some(loaded);
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
            Message::Back => Action::Open(self.back.destination()),
            Message::Edit => Action::Open(Destination::EditContact(self.id)),
            Message::NewTicket => match &self.loaded {
                Some(l) => Action::Open(Destination::NewTicket(Picked {
                    id: self.id,
                    name: l.contact.fields.full_name(),
                    company: l.company.clone(),
                })),
                None => Action::None,
            },
            Message::Delete if !self.opened.settled() => Action::Run(passed_over()),
            Message::Delete => {
                let id = self.id;
                Action::Run(workspace.run(move |s| s.delete(id), Message::Deleted))
            }
            // Back where the person was opened from (a company's page, a campaign's members):
            // the contact list had been reached from anywhere.
            Message::Deleted(Ok(())) => Action::Changed {
                then: Some(self.back.destination()),
            },
            Message::Deleted(Err(e)) => Action::Failed(format!("Could not delete: {e}")),
            Message::Restore => {
                let id = self.id;
                Action::Run(workspace.run(move |s| s.restore(id), Message::Restored))
            }
            Message::Restored(Ok(())) => Action::Changed { then: None },
            Message::Restored(Err(e)) => Action::Failed(format!("Could not restore: {e}")),
            Message::OpenCompany(id) => Action::Open(Destination::Company(id)),
            Message::OpenDeal(id) => Action::Open(Destination::Deal(id)),
            Message::OpenContact(id) => Action::Open(Destination::Contact(id)),
            Message::OpenTicket(id) => Action::Open(Destination::TicketFrom {
                id,
                back: Box::new(Destination::Contact(self.id)),
                label: self
                    .loaded
                    .as_ref()
                    .map_or_else(String::new, |l| l.contact.fields.full_name()),
            }),
            Message::LogKindPicked(kind) => {
                self.log.kind = kind;
                Action::None
            }
            Message::LogDirectionPicked(direction) => {
                self.log.direction = direction;
                Action::None
            }
            Message::LogSubjectChanged(_)
            | Message::LogBodyChanged(_)
            | Message::LogWhenChanged(_)
            | Message::TaskTitleChanged(_)
            | Message::TaskDueChanged(_)
                if self.saved_untouched =>
            {
                self.saved_untouched = false;
                self.update(workspace, message)
            }
            Message::LogSubjectChanged(subject) => {
                self.log.subject = subject;
                self.log.error = None;
                self.log.when_wrong = false;
                self.log.subject_wrong = false;
                Action::None
            }
            Message::LogBodyChanged(body) => {
                self.log.body = body;
                self.log.error = None;
                self.log.when_wrong = false;
                self.log.subject_wrong = false;
                Action::None
            }
            Message::LogWhenChanged(when) => {
                self.log.when = when;
                self.log.error = None;
                self.log.when_wrong = false;
                self.log.subject_wrong = false;
                Action::None
            }
            Message::Log => self.log(workspace),
            // Typing for a new activity is not thrown away to correct an old one.
            Message::EditActivity(_)
                if self.log.editing.is_none()
                    && [&self.log.subject, &self.log.body, &self.log.when]
                        .iter()
                        .any(|t| !t.trim().is_empty()) =>
            {
                self.log.error = Some(
                    "Log or clear what you are writing first, then correct the other one.".into(),
                );
                self.log.when_wrong = false;
                self.log.subject_wrong = false;
                Action::None
            }
            Message::EditActivity(id) => {
                Action::Run(workspace.run(move |s| s.activity(id), Message::ActivityLoaded))
            }
            Message::ActivityLoaded(Ok(activity)) => {
                let f = &activity.fields;
                self.log.kind = f.kind;
                self.log.direction = f.direction.unwrap_or(Direction::Outbound);
                self.log.subject = f.subject.clone();
                self.log.body = f.body.clone();
                self.log.when = drafts::shown_time(f.occurred_at);
                self.log.error = None;
                self.log.editing = Some(Box::new(activity));
                // Edit is pressed in the timeline, often far below the form: the page scrolls
                // up to show the form from its heading ("Correct an activity") down.
                Action::Run(iced::widget::operation::focus(LOG_SUBJECT).chain(
                    crate::ui::widget::focus_in_view::show_focused_under(LOG_HEADING_ROOM),
                ))
            }
            Message::ActivityLoaded(Err(e)) => Action::Failed(e.to_string()),
            Message::CancelEdit => {
                self.log.clear();
                Action::None
            }
            Message::DeleteActivity(id) => {
                // The correction under way goes with the activity it corrects: saved, it had
                // been written into the deleted record and said "Edit note".
                if self.log.editing.as_ref().is_some_and(|a| a.id == id) {
                    self.log.clear();
                }
                Action::Run(workspace.run(move |s| s.delete(id), Message::Saved))
            }
            Message::TaskTitleChanged(title) => {
                self.task.title = title;
                self.task.error = None;
                Action::None
            }
            Message::TaskDueChanged(due) => {
                self.task.due = due;
                self.task.error = None;
                Action::None
            }
            Message::AddTask => self.add_task(workspace),
            Message::TaskToggled(id, done) => Action::Run(workspace.run(
                move |s| {
                    if done {
                        s.complete_task(id)?;
                    } else {
                        s.reopen_task(id)?;
                    }
                    Ok(())
                },
                Message::Saved,
            )),
            Message::Saved(Ok(())) => Action::Changed { then: None },
            Message::Saved(Err(e)) => Action::Failed(e.to_string()),
            // The keyboard goes back where the next entry starts: it had been left nowhere, and
            // a Shift+Tab from there typed the next task's title into the log's date.
            // An Enter pressed again during the save sends what was typed since, once it is done
            // (a double press with nothing typed since sends nothing).
            Message::Logged(Ok(())) => {
                self.saved_untouched = self.log.saved();
                let again = std::mem::take(&mut self.log.again) && !self.saved_untouched;
                Action::ChangedAndRun(focus_then(LOG_SUBJECT, again.then_some(Message::Log)))
            }
            Message::TaskAdded(Ok(())) => {
                self.saved_untouched = self.task.saved();
                let again = std::mem::take(&mut self.task.again) && !self.saved_untouched;
                Action::ChangedAndRun(focus_then(TASK_TITLE, again.then_some(Message::AddTask)))
            }
            // What was typed stays, to save again once the workspace is free.
            Message::Logged(Err(e)) => {
                self.log.failed();
                Action::Failed(format!(
                    "Not saved; what you typed is still there: {}",
                    e.in_words()
                ))
            }
            Message::TaskAdded(Err(e)) => {
                self.task.failed();
                Action::Failed(format!(
                    "Not saved; what you typed is still there: {}",
                    e.in_words()
                ))
            }
            Message::ExportPerson => match &self.loaded {
                Some(loaded) => Action::Open(Destination::Export(export::Source::Person {
                    id: self.id,
                    name: loaded.contact.fields.full_name(),
                })),
                None => Action::None,
            },
            Message::EraseAsked(asked) => {
                self.erase_asked = asked;
                Action::None
            }
            Message::EraseConfirmed => {
                self.erase_asked = false;
                let id = self.id;
                Action::Run(workspace.run(move |s| s.erase_person(id), Message::Erased))
            }
            Message::Erased(Ok(erased)) => {
                let name = self
                    .loaded
                    .as_ref()
                    .map_or_else(|| "the contact".into(), |l| l.contact.fields.full_name());
                self.rewrite_wanted = erased.not_scrubbed.is_some();
                // The erased card is in no list once the page is left: the command line is
                // the way back to the rewrite then.
                let later = format!("or later `kith person erase --id {}`", self.id.0);
                let text = match (erased.already, &erased.not_scrubbed) {
                    (false, None) => {
                        format!("Erased {name}'s personal data ({})", erased.summary())
                    }
                    // Staying on the page, which offers the rewrite again.
                    (false, Some(why)) => format!(
                        "Erased {name}'s personal data ({}). The erasure is saved, but the file \
                         could not be rewritten ({why}): copies of what was erased may remain in \
                         its unused space until it is; “Rewrite the file” on this page tries \
                         again ({later})",
                        erased.summary()
                    ),
                    (true, None) => "The file was rewritten: no copy of what was erased remains \
                                     in it"
                        .into(),
                    (true, Some(why)) => format!(
                        "The file still could not be rewritten ({why}): copies of what was \
                         erased may remain in its unused space until it is; “Rewrite the file” \
                         tries again ({later})"
                    ),
                };
                Action::ChangedForGood {
                    text,
                    then: (!self.rewrite_wanted).then_some(Destination::Section(Section::Contacts)),
                    warns: self.rewrite_wanted,
                }
            }
            Message::Erased(Err(e)) => Action::Failed(format!("Nothing was erased: {e}")),
        }
    }

    pub fn intent(&mut self, workspace: &Workspace, intent: Intent) -> Action<Message> {
        match intent {
            // While "Erase … for good?" is open, keys answer it, not the page behind.
            Intent::Close if self.erase_asked => self.update(workspace, Message::EraseAsked(false)),
            _ if self.erase_asked => Action::None,
            Intent::Edit => self.update(workspace, Message::Edit),
            Intent::Delete => self.update(workspace, Message::Delete),
            Intent::LogKind(kind) => self.update(workspace, Message::LogKindPicked(kind)),
            Intent::NewTicket => self.update(workspace, Message::NewTicket),
            Intent::Direction => {
                let other = match self.log.direction {
                    Direction::Outbound => Direction::Inbound,
                    Direction::Inbound => Direction::Outbound,
                };
                self.update(workspace, Message::LogDirectionPicked(other))
            }
            Intent::Close => self.update(workspace, Message::Back),
            // Enter with nothing focused does nothing here: the company is a Tab stop of its own,
            // and an Enter pressed once too often (after deleting an entry with the keyboard)
            // had left the page for the company's.
            // As from the contact list (a company's page adds a person to that company).
            Intent::NewRecord => Action::Open(Destination::NewContact { company: None }),
            _ => Action::None,
        }
    }

    /// Whether Ctrl+Z here takes back the activity or task just saved, though its emptied
    /// field has the keyboard.
    pub fn saved_untouched(&self) -> bool {
        self.saved_untouched
    }

    pub fn title(&self) -> String {
        self.loaded
            .as_ref()
            .map_or_else(|| "Contact".into(), |l| l.contact.fields.full_name())
    }

    pub fn view(&self) -> Element<'_, Message> {
        let Some(loaded) = &self.loaded else {
            return match &self.error {
                Some(e) => empty_state(
                    "This contact could not be opened",
                    e.as_str(),
                    Some(("Back to contacts", Message::Back)),
                ),
                None => empty_state("Opening…", "", None),
            };
        };
        // Side by side when there is room; one above the other in a narrow window, where two
        // columns squeezed the log form's buttons and ran long addresses into each other.
        let page = responsive(move |size| self.page(loaded, size.width >= WIDE));
        // Always a stack, so the page keeps its scroll position when the question comes and goes.
        let mut layers = stack![page];
        if self.erase_asked {
            layers = layers.push(self.erase_confirmation(loaded));
        }
        layers.into()
    }

    /// The page's heading, then its two halves: details and tasks; the log form and timeline.
    fn page<'a>(&'a self, loaded: &'a Loaded, wide: bool) -> Element<'a, Message> {
        let c = &loaded.contact;
        let mut actions: Vec<Element<'_, Message>> = record_actions(
            &self.back_label,
            Message::Back,
            Message::Edit,
            Message::Delete,
        )
        .into();
        if c.deleted_at.is_some() {
            // Editing or deleting a deleted contact does nothing a user wants: Restore (below)
            // comes first.
            actions.truncate(1);
        } else {
            // The customer on the phone with a problem: a ticket about them, from their page.
            let new_ticket = button(text("New ticket")).on_press(Message::NewTicket);
            actions.insert(1, new_ticket.style(button::secondary).into());
        }
        let mut heading = column![title_bar(c.fields.full_name(), actions)].spacing(4);
        let role = match (&loaded.company, c.fields.job_title.as_str()) {
            (Some(company), "") => Some(format!("at {company}")),
            (Some(company), title) => Some(format!("{title} at {company}")),
            (None, "") => None,
            (None, title) => Some(title.to_string()),
        };
        if let Some(role) = role {
            heading = heading.push(crate::ui::widget::long_text(role).style(theme::muted_text));
        }
        if let Some(notice) = deleted::notice(c, loaded.merged_into.as_ref()) {
            heading = heading.push(notice);
        }
        let left = column![
            self.fields_card(loaded),
            self.tasks_card(loaded),
            history::card(&loaded.history),
            self.privacy_card(c.is_erased(), self.rewrite_wanted)
        ]
        .spacing(16)
        .width(Length::FillPortion(1));
        // Nothing is logged against a deleted contact: the form comes back with the contact.
        let log: Element<'_, Message> = if c.deleted_at.is_some() {
            container(
                text(if c.is_erased() {
                    "Nothing is logged against an erased person."
                } else {
                    "Restore the contact to log calls, e-mails, meetings and notes."
                })
                .style(theme::muted_text),
            )
            .padding(16)
            .style(theme::card)
            .width(Length::Fill)
            .into()
        } else {
            self.log_card()
        };
        let right = column![
            log,
            timeline_card(
                &loaded.timeline,
                (loaded.timeline.len() as u32 >= self.timeline_limit).then_some(Message::ShowOlder),
                // A deleted contact's history is left as it is until the contact comes back.
                c.deleted_at.is_none().then_some(cards::ActivityActions {
                    edit: Message::EditActivity,
                    delete: Message::DeleteActivity,
                }),
                Openers {
                    ticket: Message::OpenTicket,
                    deal: Message::OpenDeal,
                },
            )
        ]
        .spacing(16)
        .width(Length::FillPortion(1));
        record_page(heading, left, right, wide)
    }
}
