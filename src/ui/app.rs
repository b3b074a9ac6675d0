//! The top of the window: which workspace is open, which screen is shown, the overlays (search,
//! shortcuts, "discard changes?"), the undo notice and the status line. Screens decide; the app routes.

mod chrome;
mod keys;
mod launch;
mod navigation;
mod opened;
mod refresh;
mod safety;
mod settings_page;
mod window;

use std::time::Duration;

use iced::{Element, Task};

use super::screen::{
    Action, Destination, analytics, campaigns, companies, company, company_form, contact,
    contact_form, contacts, dashboard, duplicates, export, import, palette, pipeline, recovery,
    settings as settings_screen, tasks, tickets, unlock, welcome,
};
use super::settings::Settings;
use super::shortcuts::Intent;
use super::theme;
use super::workspace::{self, Opened, Workspace};
use crate::domain::ChangeSetId;
use crate::store::{Counts, Shared};

pub use launch::Launch;

/// How often the window looks for tasks falling due, to remind the user.
const REMINDER_CHECK: Duration = Duration::from_secs(60);

/// How often the window asks whether another window or command changed the file.
const CHANGES_CHECK: Duration = Duration::from_secs(3);

/// How long a notice stays before it goes on its own.
pub const NOTICE_TIME: Duration = Duration::from_secs(12);

pub struct App {
    launch: Launch,
    settings: Settings,
    /// Whether the desktop is in dark mode, for "System" (charts need to know the colours).
    system_dark: bool,
    state: State,
}

enum State {
    Opening {
        demo: bool,
    },
    Failed(String),
    /// An encrypted workspace waiting for its passphrase.
    Locked(unlock::Unlock),
    /// A workspace that failed its integrity check, offering its newest good backup.
    Damaged(recovery::Recovery),
    Ready(Box<Ready>),
}

struct Ready {
    workspace: Workspace,
    counts: Counts,
    undo: Option<String>,
    /// The change set `undo` names, to tell a new step from the one already known.
    undo_step: Option<ChangeSetId>,
    /// After a change made for good (a restore, an erase): the step then on top, which Undo would
    /// reach though the window never offered it (a restore's file's own last change, older than
    /// the snapshot). Nothing is offered while it stays on top. `Some(None)` until it is read.
    undo_held: Option<Option<ChangeSetId>>,
    /// Whether the step held is one made before this window opened (said so when Undo meets it).
    held_from_before: bool,
    redo: Option<String>,
    view: View,
    contacts: contacts::Contacts,
    companies: companies::Companies,
    /// Lives as long as the workspace, so a run goes on and results stay across screens.
    analytics: analytics::Analytics,
    /// The import wizard the user left mid-way (a file read, its columns mapped, or an import
    /// running): "Import…" brings it back as it was instead of asking for the file again.
    parked_import: Option<Box<import::Import>>,
    /// The screen an export was opened from, and where the export goes back to: the list comes
    /// back as it was (its filters, sort and selection), not built anew.
    behind_export: Option<(Destination, View)>,
    /// The Today view as it was left (its selected task, what it showed): back from a contact
    /// opened from it, it had come back with nothing selected.
    tasks_left: Option<tasks::Left>,
    /// A campaign's page left for one of its members, or a ticket's page left for its customer
    /// (kept while the contact, or its form, is on show): "← Campaign" brings the page back with
    /// the member still selected where the list was, "← Ticket" the ticket with the queue behind
    /// it as it was (its sort and filters had gone).
    left_for_contact: Option<View>,
    /// A contact opened from a company's page, and that company: its page (and the page again
    /// after editing the contact) goes back there.
    contact_opened_from: Option<(crate::domain::ContactId, crate::ui::screen::contact::Back)>,
    /// The contact whose page opened the deal form now in view: closing the form returns to
    /// the page as it was, its Back included.
    deal_opened_from: Option<crate::domain::ContactId>,
    overlay: Option<Overlay>,
    notice: Option<Notice>,
    /// The notice strip keeps its room after its notice went by itself, until the next screen.
    notice_room: bool,
    /// The field that had the keyboard before the discard question, given back on Keep editing.
    held_focus: Option<crate::ui::widget::focus_memory::Field>,
    notices: u64,
    notice_time: Option<Duration>,
    /// Tasks due up to this moment have been announced.
    reminded_until: crate::domain::Timestamp,
    /// The file's data version when last polled: another window's or command's change moves it.
    seen_version: Option<i64>,
    /// The file's restore stamp when last polled: a new one that came with another connection's
    /// change means the workspace was restored elsewhere.
    seen_restore: Option<String>,
}

enum View {
    /// The first screen of an empty workspace; `chosen` is the choice Enter takes.
    Welcome {
        opening_demo: bool,
        chosen: usize,
    },
    Contacts,
    Contact(contact::ContactPage),
    ContactForm(Box<contact_form::ContactForm>),
    Companies,
    Company(company::CompanyPage),
    CompanyForm(company_form::CompanyForm),
    Pipeline(Box<pipeline::Pipeline>),
    Tickets(Box<tickets::Tickets>),
    Campaigns(Box<campaigns::Campaigns>),
    Tasks(Box<tasks::Tasks>),
    Dashboard(Box<dashboard::Dashboard>),
    Analytics,
    Settings(Box<settings_screen::Page>),
    Import(Box<import::Import>),
    Duplicates(Box<duplicates::Duplicates>),
    Export(Box<export::Export>),
}

enum Overlay {
    Palette(palette::Palette),
    Help,
    /// Leaving a form with unsaved changes: where the user wanted to go.
    ConfirmLeave(Leaving),
    /// The window was asked to close and is writing the day's backup first (after stopping an
    /// import that was running, if `import_cancelled`).
    Closing {
        import_cancelled: bool,
    },
}

/// What leaving a form with unsaved changes was for.
enum Leaving {
    To(Destination),
    /// The window's close button.
    Close(iced::window::Id),
}

#[derive(Debug, Clone)]
struct Notice {
    id: u64,
    text: String,
    tone: Tone,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tone {
    /// A change the user can take back: the notice offers Undo.
    Done,
    Info,
    Error,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Undo,
    Redo,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LeaveChoice {
    Stay,
    Discard,
}

/// What the status line and notices need after any change.
#[derive(Debug, Clone)]
pub struct Refresh {
    counts: Counts,
    /// The step Undo would take back: its change set and label.
    undo: Option<(ChangeSetId, String)>,
    redo: Option<String>,
}

#[derive(Debug, Clone)]
pub enum Message {
    Opened(Shared<Opened>),
    /// The desktop switched between light and dark.
    SystemTheme(iced::theme::Mode),
    Navigate(Destination),
    Contacts(contacts::Message),
    Contact(contact::Message),
    ContactForm(contact_form::Message),
    Companies(companies::Message),
    Company(company::Message),
    CompanyForm(company_form::Message),
    Pipeline(pipeline::Message),
    Tickets(tickets::Message),
    Campaigns(campaigns::Message),
    Tasks(tasks::Message),
    Analytics(analytics::Message),
    Dashboard(dashboard::Message),
    Palette(palette::Message),
    Welcome(welcome::Message),
    Settings(settings_screen::Message),
    Import(import::Message),
    Duplicates(duplicates::Message),
    Export(export::Message),
    Shortcut(Intent),
    /// Escape or Back, which no drop-down menu took.
    Closing,
    History(Step),
    HistoryDone(Step, Shared<Option<String>>),
    /// Undo pressed while it is held (after a change made for good): the step it would take.
    HeldUndo(Shared<Option<(ChangeSetId, String)>>),
    /// The status line re-read; with `Some(step)`, a change was made while `step` was the one
    /// Undo would take back, and a new step is announced with its Undo.
    Refreshed(Shared<Refresh>, Option<Option<ChangeSetId>>),
    Leave(LeaveChoice),
    NoticeClosed(u64),
    /// The notice's × pressed: it goes, and the room it took with it.
    NoticeDismissed(u64),
    Failed(String),
    /// A minute passed: time to look for tasks falling due.
    Tick,
    /// The keyboard moved between widgets: nothing to do but draw it (a keyed button's ring
    /// asks for no redraw of its own, and stayed on the button Tab had left).
    FocusMoved,
    /// Time to ask whether another window or command changed the file.
    Poll,
    Polled(Shared<(i64, Option<String>, bool)>),
    Recounted(Shared<Counts>),
    Reminders(crate::domain::Timestamp, Shared<Vec<crate::domain::Task>>),
    Unlock(unlock::Message),
    Recovery(recovery::Message),
    /// The window's close button: snapshot, then close.
    CloseRequested(iced::window::Id),
    /// Close, the unsaved changes of an open form discarded as the user chose.
    CloseDiscarding(iced::window::Id),
    /// Open the workspace again after it failed to open (it was busy, or in use).
    Reopen,
    /// The widget that had the keyboard when the discard question took it.
    FocusHeld(Option<crate::ui::widget::focus_memory::Field>),
    CloseNow(iced::window::Id),
}

impl App {
    pub fn boot(launch: Launch) -> (App, Task<Message>) {
        let task = Task::batch([
            Task::perform(
                workspace::open(
                    launch.path.clone(),
                    launch.demo,
                    launch.key.clone(),
                    launch.settings.actor(),
                ),
                Message::Opened,
            ),
            iced::system::theme().map(Message::SystemTheme),
        ]);
        let app = App {
            system_dark: false,
            settings: launch.settings.clone(),
            state: State::Opening { demo: launch.demo },
            launch,
        };
        (app, task)
    }

    pub fn update(&mut self, message: Message) -> Task<Message> {
        match message {
            Message::Opened(result) => self.opened(result),
            Message::SystemTheme(mode) => {
                self.system_dark = mode == iced::theme::Mode::Dark;
                Task::none()
            }
            Message::Unlock(m) => self.unlock(m),
            Message::Settings(settings_screen::Message::Safety(m)) => self.safety_settings(m),
            Message::Recovery(m) => self.recover(m),
            Message::CloseRequested(id) => self.close_requested(id, false),
            Message::CloseDiscarding(id) => self.close_requested(id, true),
            Message::Reopen if matches!(self.state, State::Failed(_)) => self.reopen(),
            Message::CloseNow(id) => iced::window::close(id),
            Message::Welcome(welcome::Message::OpenDemo) => {
                if let State::Ready(ready) = &mut self.state {
                    ready.view = View::Welcome {
                        opening_demo: true,
                        chosen: 1,
                    };
                }
                self.launch.path = self.launch.demo_path.clone();
                Task::perform(
                    workspace::open(self.launch.path.clone(), true, None, self.settings.actor()),
                    Message::Opened,
                )
            }
            Message::Settings(settings_screen::Message::ThemePicked(choice)) => {
                self.theme_picked(choice)
            }
            other => match &mut self.state {
                State::Ready(ready) => ready.update(other),
                _ => Task::none(),
            },
        }
    }

    pub fn view(&self) -> Element<'_, Message> {
        match &self.state {
            State::Opening { demo } => chrome::opening(&self.launch.path, *demo),
            State::Failed(error) => chrome::failed(&self.launch.path, error),
            State::Locked(prompt) => prompt.view(&self.launch.path).map(Message::Unlock),
            State::Damaged(screen) => screen.view().map(Message::Recovery),
            State::Ready(ready) => ready.view(
                &self.settings,
                &self.launch,
                theme::chart_palette(&self.drawn_theme()),
            ),
        }
    }
}

/// Hands a message to the screen in view when it is the one it is for, and acts on the answer;
/// a message for a screen the user has left (a late page of a list) is dropped.
macro_rules! to_screen {
    ($ready:ident, $view:path, $m:expr, $wrap:path) => {
        match &mut $ready.view {
            $view(screen) => {
                let action = screen.update(&$ready.workspace, $m);
                $ready.act(action, $wrap)
            }
            _ => Task::none(),
        }
    };
}

impl Ready {
    fn update(&mut self, message: Message) -> Task<Message> {
        match message {
            Message::Navigate(to) => self.navigate(to),
            Message::Contacts(m) => {
                let action = self.contacts.update(&self.workspace, m);
                self.act(action, Message::Contacts)
            }
            Message::Companies(m) => {
                let action = self.companies.update(&self.workspace, m);
                self.act(action, Message::Companies)
            }
            Message::Contact(m) => to_screen!(self, View::Contact, m, Message::Contact),
            Message::ContactForm(m) => to_screen!(self, View::ContactForm, m, Message::ContactForm),
            Message::Company(m) => to_screen!(self, View::Company, m, Message::Company),
            Message::CompanyForm(m) => to_screen!(self, View::CompanyForm, m, Message::CompanyForm),
            Message::Pipeline(m) => to_screen!(self, View::Pipeline, m, Message::Pipeline),
            Message::Tickets(m) => to_screen!(self, View::Tickets, m, Message::Tickets),
            Message::Campaigns(m) => to_screen!(self, View::Campaigns, m, Message::Campaigns),
            Message::Tasks(m) => to_screen!(self, View::Tasks, m, Message::Tasks),
            Message::Dashboard(m) => to_screen!(self, View::Dashboard, m, Message::Dashboard),
            Message::Analytics(m) => {
                let action = self.analytics.update(&self.workspace, m);
                self.act(action, Message::Analytics)
            }
            Message::Palette(m) => match &mut self.overlay {
                Some(Overlay::Palette(palette)) => {
                    let action = palette.update(&self.workspace, m);
                    self.act(action, Message::Palette)
                }
                _ => Task::none(),
            },
            // "Add your first contact now", as the choice says: the new contact's form, whose
            // Cancel leaves the empty contact list.
            Message::Welcome(welcome::Message::StartEmpty) => {
                self.view = View::Contacts;
                self.go(Destination::NewContact { company: None })
            }
            Message::Welcome(welcome::Message::Import) => self.go(Destination::Import),
            Message::Import(m) => match &mut self.view {
                View::Import(screen) => {
                    let action = screen.update(&self.workspace, m);
                    self.act(action, Message::Import)
                }
                _ => match &mut self.parked_import {
                    // The wizard waits where the user left it, and hears how its run ends.
                    Some(screen) => {
                        let action = screen.update(&self.workspace, m);
                        self.act(action, Message::Import)
                    }
                    // An import finishing after the user closed the wizard still changed the
                    // workspace.
                    None => self.act(import::Import::away(m), Message::Import),
                },
            },
            Message::Duplicates(m) => to_screen!(self, View::Duplicates, m, Message::Duplicates),
            Message::Export(m) => to_screen!(self, View::Export, m, Message::Export),
            Message::Shortcut(intent) => self.shortcut(intent),
            Message::Closing => self.act_on(Intent::Close),
            Message::History(step) => self.history(step),
            Message::HistoryDone(step, result) => self.history_done(step, result),
            Message::HeldUndo(result) => self.held_undo(result),
            Message::Refreshed(Ok(refresh), before) => self.refreshed(refresh, before),
            Message::Refreshed(Err(e), _) => {
                self.notify(format!("Could not read the workspace: {e}"), Tone::Error)
            }
            Message::Leave(LeaveChoice::Stay) => self.keep_editing(),
            Message::FocusHeld(field) => {
                self.held_focus = field;
                Task::none()
            }
            Message::Leave(LeaveChoice::Discard) => match self.overlay.take() {
                Some(Overlay::ConfirmLeave(Leaving::To(to))) => self.go(to),
                Some(Overlay::ConfirmLeave(Leaving::Close(id))) => {
                    Task::done(Message::CloseDiscarding(id))
                }
                _ => Task::none(),
            },
            Message::NoticeClosed(id) => {
                if self.notice.as_ref().is_some_and(|n| n.id == id) {
                    self.notice = None;
                }
                Task::none()
            }
            // The pointer is on the × that goes; nothing the user reaches for moves. A pipeline's
            // board had stayed 72 pixels short, over a blank band, until the next screen.
            Message::NoticeDismissed(id) => {
                if self.notice.as_ref().is_some_and(|n| n.id == id) {
                    self.notice = None;
                    self.notice_room = false;
                }
                Task::none()
            }
            Message::Failed(text) => self.notify(text, Tone::Error),
            Message::Tick => {
                // A notice gone by itself a while ago gives its room back: up to a minute, not
                // until the next screen.
                if self.notice.is_none() {
                    self.notice_room = false;
                }
                let queue = match &mut self.view {
                    View::Tickets(screen) => {
                        screen.minute_passed(&self.workspace).map(Message::Tickets)
                    }
                    _ => Task::none(),
                };
                Task::batch([self.check_reminders(), queue])
            }
            Message::FocusMoved => Task::none(),
            Message::Poll => self.poll(),
            Message::Polled(Ok((version, restored, journal_kept))) => {
                self.polled(version, restored, journal_kept)
            }
            Message::Recounted(Ok(counts)) => {
                self.counts = counts;
                Task::none()
            }
            // The next poll asks again.
            Message::Polled(Err(_)) | Message::Recounted(Err(_)) => Task::none(),
            Message::Reminders(until, Ok(due)) => {
                self.reminded_until = self.reminded_until.max(until);
                let refresh = match &mut self.view {
                    // The Today view re-sorts as time passes (overdue, across midnight).
                    View::Tasks(screen) => screen.refresh(&self.workspace).map(Message::Tasks),
                    _ => Task::none(),
                };
                let notice = match due.as_slice() {
                    [] => Task::none(),
                    [task] => self.notify(format!("Due now: {}", task.fields.title), Tone::Info),
                    [first, rest @ ..] => self.notify(
                        format!(
                            "Due now: {} and {} more (see Tasks)",
                            first.fields.title,
                            rest.len()
                        ),
                        Tone::Info,
                    ),
                };
                Task::batch([refresh, notice])
            }
            Message::Reminders(_, Err(e)) => {
                self.notify(format!("Could not check for due tasks: {e}"), Tone::Error)
            }
            Message::Settings(
                m @ (settings_screen::Message::ExportWorkspace
                | settings_screen::Message::Currency(_)
                | settings_screen::Message::Team(_)
                | settings_screen::Message::Stages(_)),
            ) => self.settings_page(m),
            Message::Opened(_)
            | Message::SystemTheme(_)
            | Message::Welcome(_)
            | Message::Settings(_)
            | Message::Unlock(_)
            | Message::Recovery(_)
            | Message::CloseRequested(_)
            | Message::CloseDiscarding(_)
            | Message::Reopen
            | Message::CloseNow(_) => Task::none(),
        }
    }

    /// Runs what a screen asked for.
    fn act<M: Send + 'static>(
        &mut self,
        action: Action<M>,
        wrap: fn(M) -> Message,
    ) -> Task<Message> {
        match action {
            Action::None => Task::none(),
            Action::Run(task) => task.map(wrap),
            Action::Open(to) => {
                if matches!(self.overlay, Some(Overlay::Palette(_))) {
                    self.overlay = None;
                }
                self.navigate(to)
            }
            Action::Changed { then } => {
                let refresh = self.refresh_all_announcing();
                match then {
                    Some(to) => Task::batch([refresh, self.go(to)]),
                    None => refresh,
                }
            }
            Action::ChangedAndRun(task) => {
                Task::batch([self.refresh_all_announcing(), task.map(wrap)])
            }
            Action::Failed(text) => self.notify(text, Tone::Error),
            Action::Notify { text, then } => {
                let notice = self.notify(text, Tone::Info);
                match then {
                    Some(to) => Task::batch([notice, self.go(to)]),
                    None => notice,
                }
            }
            Action::ChangedForGood { text, then, warns } => {
                // Not announced as an undo step, and no Undo offered with it: there is none, and
                // the one Undo would reach is an older, unrelated change.
                self.undo_held = Some(None);
                self.held_from_before = false;
                let refresh = Task::batch([self.refresh_all(), self.refresh_status(false)]);
                let notice = self.notify(text, if warns { Tone::Error } else { Tone::Info });
                match then {
                    Some(to) => Task::batch([refresh, notice, self.go(to)]),
                    None => Task::batch([refresh, notice]),
                }
            }
        }
    }
}
