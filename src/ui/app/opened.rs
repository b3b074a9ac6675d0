//! A workspace opened: the window's state for it, and where it lands (the dashboard, the welcome
//! screen of an empty workspace, or the import wizard for a file given at launch).

use iced::Task;

use super::{App, Message, Ready, State, Tone, View};
use crate::store::{Counts, Shared};
use crate::ui::screen::{Destination, Section, analytics, companies, contacts, import};
use crate::ui::workspace::Opened;

impl App {
    pub(super) fn opened(&mut self, result: Shared<Opened>) -> Task<Message> {
        let opened = match result {
            Ok(opened) => opened,
            Err(e) => return self.open_failed(e),
        };
        let workspace = opened.workspace;
        let (contacts, contacts_task) = contacts::Contacts::new(&workspace);
        let (companies, companies_task) = companies::Companies::new(&workspace);
        let empty = opened.counts == Counts::default();
        let mut ready = Ready {
            counts: opened.counts,
            undo: None,
            undo_step: None,
            // Undo starts with this window: the change on top may be a command's (a 200,000-row
            // import) or another day's, which one Ctrl+Z had taken back unseen and unnamed.
            undo_held: Some(None),
            held_from_before: true,
            redo: None,
            view: if empty
                && !opened.created_demo
                && !matches!(self.state, State::Opening { demo: true })
            {
                View::Welcome {
                    opening_demo: false,
                    chosen: 0,
                }
            } else {
                View::Contacts
            },
            contacts,
            companies,
            analytics: analytics::Analytics::default(),
            parked_import: None,
            behind_export: None,
            tasks_left: None,
            left_for_contact: None,
            contact_opened_from: None,
            deal_opened_from: None,
            notice_room: false,
            held_focus: None,
            overlay: None,
            notice: None,
            notices: 0,
            notice_time: self.launch.notice_time,
            reminded_until: crate::domain::Timestamp::now(),
            seen_version: None,
            seen_restore: None,
            workspace,
        };
        // A file given at launch opens in the import wizard (taken, so unlocking or recovering
        // later does not open it twice); otherwise the owner lands on the dashboard, unless the
        // welcome screen is up.
        let landing = if let Some(file) = self.launch.import.take() {
            let (screen, task) = import::Import::with_file(file);
            ready.view = View::Import(Box::new(screen));
            task.map(Message::Import)
        } else if matches!(ready.view, View::Welcome { .. }) {
            Task::none()
        } else {
            ready.go(Destination::Section(Section::Dashboard))
        };
        let mut tasks = vec![
            landing,
            contacts_task.map(Message::Contacts),
            companies_task.map(Message::Companies),
            ready.refresh_status(false),
        ];
        if let Some(why) = opened.read_only {
            tasks.push(ready.notify(
                format!(
                    "Opened read-only because {why}: you can look, search and export, but changes cannot be saved."
                ),
                Tone::Info,
            ));
        } else if let Some(text) = self.launch.settings_notice.take() {
            tasks.push(ready.notify(text, Tone::Error));
        } else if opened.created_demo {
            tasks.push(ready.notify(
                format!("Created the demo workspace {}", self.launch.path.display()),
                Tone::Info,
            ));
        }
        self.state = State::Ready(Box::new(ready));
        Task::batch(tasks)
    }
}
