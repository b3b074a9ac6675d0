//! The window's screens. Each owns its state and `Message`, and answers its parent with an `Action`
//! for what only the app can do: run a task, go somewhere, or report that the workspace changed.

pub mod analytics;
pub mod campaigns;
pub mod companies;
pub mod company;
pub mod company_form;
pub mod contact;
pub mod contact_form;
pub mod contacts;
pub mod dashboard;
pub mod duplicates;
pub mod export;
pub mod help;
pub mod history;
pub mod import;
mod opened_at;
pub mod palette;
pub mod pipeline;
pub mod recovery;
pub mod settings;
pub mod tasks;
pub mod tickets;
pub mod unlock;
pub mod welcome;

use iced::Task;

use crate::domain::{ActivityId, CampaignId, CompanyId, ContactId, TicketId};

/// Where the window can go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Destination {
    Section(Section),
    Contact(ContactId),
    NewContact {
        company: Option<String>,
    },
    EditContact(ContactId),
    /// The contact list narrowed to the people at one company.
    ContactsAt(CompanyId, String),
    Company(CompanyId),
    NewCompany,
    EditCompany(CompanyId),
    /// An activity found by search opens the person it concerns (activities have no page).
    ContactOfActivity(ActivityId),
    /// A ticket's own page, in Tickets.
    Ticket(TicketId),
    /// A ticket's page opened from another page (a contact's or company's timeline), whose Back
    /// returns there, named `label`.
    TicketFrom {
        id: TicketId,
        back: Box<Destination>,
        label: String,
    },
    /// A campaign's own page, in Campaigns.
    Campaign(CampaignId),
    /// A campaign's editor, opened from its page whose unsaved changes the user chose to discard.
    CampaignEditor(CampaignId),
    /// The deals won and lost, in Pipeline (what "Won this month" adds up).
    ClosedDeals,
    /// A deal open in Pipeline's form, as Edit on its card opens it.
    Deal(crate::domain::DealId),
    /// A new ticket about this contact, in Tickets.
    NewTicket(crate::ui::widget::contact_picker::Picked),
    /// The import wizard (CSV or vCard).
    Import,
    /// Likely duplicate contacts, to merge.
    Duplicates,
    /// Writing a list to a file.
    Export(export::Source),
}

impl From<Section> for Destination {
    fn from(section: Section) -> Self {
        Destination::Section(section)
    }
}

/// The sidebar's entries, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    Dashboard,
    Contacts,
    Companies,
    Pipeline,
    Tickets,
    Campaigns,
    Tasks,
    Analytics,
    Settings,
}

impl Section {
    /// In shortcut order: Ctrl+1 … Ctrl+7 are the first seven, Ctrl+, Settings and Ctrl+0 the
    /// dashboard (added last so the numbers people learned kept their meaning).
    pub const ALL: [Section; 9] = [
        Section::Contacts,
        Section::Companies,
        Section::Pipeline,
        Section::Tickets,
        Section::Campaigns,
        Section::Tasks,
        Section::Analytics,
        Section::Settings,
        Section::Dashboard,
    ];

    /// The sidebar's order: the dashboard first, as the owner's landing view.
    pub const SIDEBAR: [Section; 9] = [
        Section::Dashboard,
        Section::Contacts,
        Section::Companies,
        Section::Pipeline,
        Section::Tickets,
        Section::Campaigns,
        Section::Tasks,
        Section::Analytics,
        Section::Settings,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Section::Dashboard => "Dashboard",
            Section::Contacts => "Contacts",
            Section::Companies => "Companies",
            Section::Pipeline => "Pipeline",
            Section::Tickets => "Tickets",
            Section::Campaigns => "Campaigns",
            Section::Tasks => "Tasks",
            Section::Analytics => "Analytics",
            Section::Settings => "Settings",
        }
    }
}

/// What a screen asks of the app after an update.
pub enum Action<M> {
    None,
    Run(Task<M>),
    Open(Destination),
    /// The workspace changed (the store's change log has the undo label); lists and counts refresh,
    /// and the window goes to `then` if given.
    Changed {
        then: Option<Destination>,
    },
    /// The workspace changed, as [`Action::Changed`], and the screen carries on with `task`
    /// (the keyboard back in the form just saved, for the next entry).
    ChangedAndRun(Task<M>),
    /// Something failed that the user should know about.
    Failed(String),
    /// Something worth telling that is not an undoable change (a file written), then go to `then`.
    Notify {
        text: String,
        then: Option<Destination>,
    },
    /// The workspace changed in a way Undo cannot take back (a person erased on request): lists
    /// and counts refresh, `text` says what happened, and the window goes to `then`.
    ChangedForGood {
        text: String,
        then: Option<Destination>,
        /// `text` warns of something left undone (the file could not be rewritten): it is shown
        /// as an error, until closed.
        warns: bool,
    },
}

impl<M: Send + 'static> Action<M> {
    pub fn map<N: Send + 'static>(self, f: impl Fn(M) -> N + Send + 'static) -> Action<N> {
        match self {
            Action::None => Action::None,
            Action::Run(task) => Action::Run(task.map(f)),
            Action::Open(to) => Action::Open(to),
            Action::Changed { then } => Action::Changed { then },
            Action::ChangedAndRun(task) => Action::ChangedAndRun(task.map(f)),
            Action::Failed(e) => Action::Failed(e),
            Action::Notify { text, then } => Action::Notify { text, then },
            Action::ChangedForGood { text, then, warns } => {
                Action::ChangedForGood { text, then, warns }
            }
        }
    }
}
