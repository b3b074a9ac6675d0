//! A workspace that failed its integrity check at open. Kith never tries to repair it in place: it
//! offers the newest snapshot that passes its own check, moves the damaged file aside (kept, not
//! deleted) and opens the restored copy.

use std::path::{Path, PathBuf};

use iced::widget::{button, column, container, text};
use iced::{Alignment, Element, Length, Task};

use crate::store::{self, Passphrase, Snapshot};
use crate::ui::widget::local_time;
use crate::ui::{theme, timer};

pub struct Recovery {
    path: PathBuf,
    key: Option<Passphrase>,
    problems: Vec<String>,
    offer: Offer,
}

enum Offer {
    Looking,
    Found(Snapshot),
    None,
    Restoring,
    Failed(String),
}

#[derive(Debug, Clone)]
pub enum Message {
    Found(Option<Snapshot>),
    Restore,
    Restored(Result<Option<PathBuf>, String>),
}

pub enum Action {
    None,
    Run(Task<Message>),
    /// The workspace file was rebuilt: open it again, and tell the user this.
    Reopen(String),
}

impl Recovery {
    /// Starts looking for the newest good snapshot in the workspace's backup folder.
    pub fn new(
        path: PathBuf,
        key: Option<Passphrase>,
        problems: Vec<String>,
    ) -> (Recovery, Task<Message>) {
        let (dir, file, k) = (store::default_backup_dir(&path), path.clone(), key.clone());
        let task = Task::perform(
            timer::blocking(move || store::newest_good(&dir, &file, k.as_ref())),
            |found| Message::Found(found.flatten()),
        );
        let recovery = Recovery {
            path,
            key,
            problems,
            offer: Offer::Looking,
        };
        (recovery, task)
    }

    pub fn update(&mut self, message: Message) -> Action {
        match message {
            Message::Found(Some(snapshot)) => self.offer = Offer::Found(snapshot),
            Message::Found(None) => self.offer = Offer::None,
            Message::Restore => {
                let Offer::Found(snapshot) = &self.offer else {
                    return Action::None;
                };
                let (from, to, key) = (snapshot.path.clone(), self.path.clone(), self.key.clone());
                self.offer = Offer::Restoring;
                return Action::Run(Task::perform(
                    timer::blocking(move || {
                        store::restore_file(&from, &to, key.as_ref()).map_err(|e| e.to_string())
                    }),
                    |done| {
                        Message::Restored(done.unwrap_or_else(|| {
                            Err("no thread could be started for the restore".into())
                        }))
                    },
                ));
            }
            Message::Restored(Ok(aside)) => {
                let kept = aside.map_or(String::new(), |p| {
                    format!(" The damaged file was kept as {}.", p.display())
                });
                return Action::Reopen(format!("Restored the workspace from its backup.{kept}"));
            }
            Message::Restored(Err(e)) => self.offer = Offer::Failed(e),
        }
        Action::None
    }

    pub fn view(&self) -> Element<'_, Message> {
        let mut content = column![
            text("This workspace is damaged").size(24),
            text(self.path.display().to_string()).style(theme::muted_text),
            text(
                "Kith checked the file when opening it and found broken pages. Nothing in it was \
                 changed. The safest way back is the newest backup that passes the same check."
            ),
            text(
                self.problems
                    .iter()
                    .take(3)
                    .cloned()
                    .collect::<Vec<_>>()
                    .join("\n")
            )
            .size(12)
            .style(theme::muted_text),
        ]
        .spacing(12)
        .max_width(640)
        .align_x(Alignment::Center);
        content = match &self.offer {
            Offer::Looking => content.push(text("Looking for backups…")),
            Offer::Found(snapshot) => content
                .push(text(format!(
                    "Newest good backup: {} ({})",
                    local_time(crate::domain::Timestamp::from_utc(snapshot.taken)),
                    file_name(&snapshot.path)
                )))
                .push(button(text("Restore this backup")).on_press(Message::Restore)),
            Offer::None => content.push(
                text(format!(
                    "No good backup was found in {}. `kith restore --from FILE` restores one \
                     kept elsewhere.",
                    store::default_backup_dir(&self.path).display()
                ))
                .style(theme::error_text),
            ),
            Offer::Restoring => content.push(text("Restoring…")),
            Offer::Failed(e) => content.push(
                text(format!("The backup could not be restored: {e}")).style(theme::error_text),
            ),
        };
        container(content).center(Length::Fill).padding(40).into()
    }
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned())
}
