//! The app's side of crash safety: what a workspace that will not open turns into (a passphrase
//! prompt, a recovery screen, or the plain failure message), and the automatic snapshot taken when
//! the window closes.

use std::sync::Arc;

use iced::Task;

use super::{App, Leaving, Message, Overlay, State, View};
use crate::store::{self, BackupPolicy};
use crate::ui::screen::settings::safety;
use crate::ui::screen::{recovery, settings as settings_screen, unlock};
use crate::ui::{settings, timer, workspace};

impl App {
    /// Chooses the screen for a workspace that did not open.
    pub(super) fn open_failed(&mut self, error: Arc<store::Error>) -> Task<Message> {
        match &*error {
            // The field takes the typing at once, and again after a wrong passphrase: typed
            // into an unfocused field, a passphrase went nowhere.
            store::Error::NeedsPassphrase { .. } => {
                self.state = State::Locked(unlock::Unlock::new(None));
                iced::widget::operation::focus(unlock::FIELD)
            }
            store::Error::WrongPassphrase { .. } => {
                self.state = State::Locked(unlock::Unlock::wrong());
                iced::widget::operation::focus(unlock::FIELD)
            }
            store::Error::Damaged { problems, .. } => {
                let (screen, task) = recovery::Recovery::new(
                    self.launch.path.clone(),
                    self.launch.key.clone(),
                    problems.clone(),
                );
                self.state = State::Damaged(screen);
                task.map(Message::Recovery)
            }
            other => {
                self.state = State::Failed(other.to_string());
                Task::none()
            }
        }
    }

    pub(super) fn unlock(&mut self, message: unlock::Message) -> Task<Message> {
        let State::Locked(prompt) = &mut self.state else {
            return Task::none();
        };
        match prompt.update(message) {
            unlock::Action::None => Task::none(),
            unlock::Action::Open(key) => {
                self.launch.key = Some(key);
                self.reopen()
            }
        }
    }

    pub(super) fn recover(&mut self, message: recovery::Message) -> Task<Message> {
        let State::Damaged(screen) = &mut self.state else {
            return Task::none();
        };
        match screen.update(message) {
            recovery::Action::None => Task::none(),
            recovery::Action::Run(task) => task.map(Message::Recovery),
            recovery::Action::Reopen(note) => {
                self.launch.settings_notice = Some(note);
                self.reopen()
            }
        }
    }

    pub(super) fn reopen(&mut self) -> Task<Message> {
        self.state = State::Opening {
            demo: self.launch.demo,
        };
        Task::perform(
            workspace::open(
                self.launch.path.clone(),
                self.launch.demo,
                self.launch.key.clone(),
                self.settings.actor(),
            ),
            Message::Opened,
        )
    }

    /// Closing the window: take the day's snapshot first (at most one a day, the newest N kept),
    /// then close. A failed snapshot must not keep the window open; it is reported on stderr and
    /// by the next window that opens (`settings::note_backup_failure`).
    ///
    /// A large workspace takes a while to copy (about a minute for a million contacts), so the
    /// window says what it is doing; asked to close again meanwhile, it closes at once (the
    /// unfinished snapshot is a `.partial` file the next backup clears).
    ///
    /// A form with unsaved changes asks first, as leaving it for another screen does (the close
    /// button had thrown the typing away); asked to close again while it asks, it closes.
    pub(super) fn close_requested(
        &mut self,
        id: iced::window::Id,
        discarding: bool,
    ) -> Task<Message> {
        let backups_kept = self.settings.backups_kept;
        let State::Ready(ready) = &mut self.state else {
            return iced::window::close(id);
        };
        if matches!(ready.overlay, Some(Overlay::Closing { .. })) {
            return iced::window::close(id);
        }
        let asking = matches!(
            ready.overlay,
            Some(Overlay::ConfirmLeave(Leaving::Close(_)))
        );
        if !discarding && !asking && ready.form_is_dirty() {
            return ready.ask_to_discard(Leaving::Close(id));
        }
        let import_cancelled = match &ready.view {
            View::Import(import) => import.cancel_running(),
            _ => false,
        } || ready
            .parked_import
            .as_ref()
            .is_some_and(|import| import.cancel_running());
        ready.overlay = Some(Overlay::Closing { import_cancelled });
        let policy = BackupPolicy::beside(ready.workspace.path(), backups_kept);
        let settings = self.launch.settings_path.clone();
        let workspace = ready.workspace.path().to_path_buf();
        Task::perform(
            ready.workspace.call(move |s| s.auto_backup(&policy)),
            move |result| {
                if let Err(e) = result {
                    eprintln!("kith: the automatic backup failed: {e}");
                    if let Some(settings) = &settings {
                        crate::ui::settings::note_backup_failure(
                            settings,
                            &workspace,
                            &e.to_string(),
                        );
                    }
                }
                Message::CloseNow(id)
            },
        )
    }
}

impl App {
    /// The safety card of Settings: it may change the settings (name, backups kept), which are then
    /// saved and the name given to the store for the next change.
    pub(super) fn safety_settings(&mut self, message: safety::Message) -> Task<Message> {
        let State::Ready(ready) = &mut self.state else {
            return Task::none();
        };
        let View::Settings(page) = &mut ready.view else {
            return Task::none();
        };
        let before = self.settings.clone();
        let action = page
            .safety
            .update(&ready.workspace, &mut self.settings, message);
        let mut tasks = vec![ready.act(action, |m| {
            Message::Settings(settings_screen::Message::Safety(m))
        })];
        if self.settings != before {
            let actor = self.settings.actor().unwrap_or_else(store::login_name);
            tasks.push(Task::perform(
                ready.workspace.call(move |s| {
                    s.set_actor(actor);
                    Ok(())
                }),
                |_| Message::NoticeClosed(u64::MAX),
            ));
            tasks.push(self.save_settings());
        }
        Task::batch(tasks)
    }

    fn save_settings(&self) -> Task<Message> {
        let Some(path) = self.launch.settings_path.clone() else {
            return Task::none();
        };
        let saved = self.settings.clone();
        Task::perform(
            timer::blocking(move || settings::save(&path, &saved).map_err(|e| e.to_string())),
            |r| match r {
                Some(Ok(())) => Message::NoticeClosed(u64::MAX),
                Some(Err(e)) => Message::Failed(format!("Settings not saved: {e}")),
                None => Message::Failed("Settings not saved".into()),
            },
        )
    }
}
