//! Settings for keeping work safe: the name the history records, the backups (how many are kept,
//! back up now, restore one) and the workspace's activity log.

use std::path::PathBuf;

use iced::widget::{button, column, container, row, text};
use iced::{Alignment, Element, Length, Task};

use crate::domain::Timestamp;
use crate::store::{self, ActivityEntry, Shared, Snapshot};
use crate::ui::screen::{Action, history};
use crate::ui::settings::Settings;
use crate::ui::theme;
use crate::ui::widget::local_time;
use crate::ui::workspace::Workspace;

pub const NAME_FIELD: &str = "settings-user-name";

/// How many actions the activity log shows.
const ACTIVITY_SHOWN: u32 = 100;

pub struct Safety {
    /// The name being typed; `None` shows the saved one.
    name: Option<String>,
    snapshots: Vec<Snapshot>,
    activity: Vec<ActivityEntry>,
    /// The snapshot the user asked to restore, waiting for "yes".
    confirming: Option<PathBuf>,
    working: bool,
    status: Option<String>,
    /// What saving the name did, said under the name (it had appeared under Backups).
    name_saved: Option<String>,
    /// Whether Settings shows this part (its own tab, so the general settings stay short).
    shown: bool,
    /// Why the workspace is read-only, if it is: nothing is snapshotted on close, and nothing
    /// can be restored into it.
    read_only: Option<&'static str>,
    /// Whether Back up now can write beside the workspace (not on a read-only disk).
    backup_beside: bool,
}

#[derive(Debug, Clone)]
pub struct Loaded {
    snapshots: Vec<Snapshot>,
    activity: Vec<ActivityEntry>,
    read_only: Option<&'static str>,
    backup_beside: bool,
}

#[derive(Debug, Clone)]
pub enum Message {
    Show(bool),
    Loaded(Shared<Loaded>),
    NameChanged(String),
    SaveName,
    KeepChanged(usize),
    BackUpNow,
    BackedUp(Shared<Snapshot>),
    AskRestore(PathBuf),
    CancelRestore,
    ConfirmRestore,
    Restored(Shared<Snapshot>),
}

impl Safety {
    pub fn new(workspace: &Workspace) -> (Safety, Task<Message>) {
        let safety = Safety {
            name: None,
            snapshots: Vec::new(),
            activity: Vec::new(),
            confirming: None,
            working: false,
            status: None,
            name_saved: None,
            shown: false,
            read_only: None,
            backup_beside: true,
        };
        (safety, Safety::load(workspace))
    }

    pub fn load(workspace: &Workspace) -> Task<Message> {
        workspace.run(
            |s| {
                Ok(Loaded {
                    snapshots: store::snapshots(&store::default_backup_dir(s.path()), s.path())?,
                    activity: s.activity_log(ACTIVITY_SHOWN, None)?,
                    read_only: s.read_only(),
                    backup_beside: s.can_back_up_beside(),
                })
            },
            Message::Loaded,
        )
    }

    /// Handles `message`; changes to `settings` are saved by the caller.
    pub fn update(
        &mut self,
        workspace: &Workspace,
        settings: &mut Settings,
        message: Message,
    ) -> Action<Message> {
        match message {
            Message::Show(shown) => self.shown = shown,
            Message::Loaded(Ok(loaded)) => {
                self.snapshots = loaded.snapshots;
                self.activity = loaded.activity;
                self.read_only = loaded.read_only;
                self.backup_beside = loaded.backup_beside;
            }
            Message::Loaded(Err(e)) => self.status = Some(format!("Could not list backups: {e}")),
            Message::NameChanged(name) => {
                self.name = Some(name);
                self.name_saved = None;
            }
            Message::SaveName => {
                if let Some(name) = self.name.take() {
                    settings.user_name = name.trim().to_string();
                }
                self.name_saved = Some(match settings.actor() {
                    Some(name) => format!("Your changes are now recorded as {name}."),
                    None => "Your changes are recorded under your login name.".into(),
                });
            }
            Message::KeepChanged(keep) => settings.backups_kept = keep.clamp(1, 365),
            Message::BackUpNow => {
                self.working = true;
                return Action::Run(workspace.run(
                    |s| s.backup_into(&store::default_backup_dir(s.path())),
                    Message::BackedUp,
                ));
            }
            Message::BackedUp(result) => {
                self.working = false;
                self.status = Some(match result {
                    Ok(s) => format!("Backed up and verified: {}", s.path.display()),
                    Err(e) => format!("The backup failed: {e}"),
                });
                return Action::Run(Safety::load(workspace));
            }
            Message::AskRestore(path) => self.confirming = Some(path),
            Message::CancelRestore => self.confirming = None,
            Message::ConfirmRestore => {
                let Some(path) = self.confirming.take() else {
                    return Action::None;
                };
                self.working = true;
                return Action::Run(
                    workspace.run(move |s| s.restore_from(&path), Message::Restored),
                );
            }
            Message::Restored(Ok(safety)) => {
                self.working = false;
                let said = format!(
                    "Restored. What the workspace held before is kept as {}.",
                    safety.path.display()
                );
                self.status = Some(said.clone());
                // Not a step Undo takes back: announced as one, the restored file's own last
                // change was offered with an Undo button as if just made.
                return Action::ChangedForGood {
                    text: said,
                    then: None,
                    warns: false,
                };
            }
            Message::Restored(Err(e)) => {
                self.working = false;
                self.status = Some(match &*e {
                    // The workspace opened with today's passphrase, so the snapshot is one taken
                    // under an earlier one (before a rekey): "wrong passphrase" alone had left
                    // no way on.
                    crate::store::Error::WrongPassphrase { .. } => format!(
                        "The restore failed: {e}. The snapshot was taken before the passphrase \
                         was last changed and opens only with the passphrase it had then. \
                         Nothing was changed. To get at it, restore it into a new file from the \
                         command line with that passphrase: kith restore --from SNAPSHOT --db \
                         NEW.db --passphrase-file OLD-PASSPHRASE-FILE"
                    ),
                    _ => format!("The restore failed: {e}"),
                });
            }
        }
        Action::None
    }

    pub fn is_shown(&self) -> bool {
        self.shown
    }

    pub fn view<'a>(
        &'a self,
        settings: &'a Settings,
        workspace: &'a std::path::Path,
    ) -> Element<'a, Message> {
        let name = column![
            text("Your name in the history").size(18),
            row![
                crate::ui::widget::field::input(
                    "Your login name",
                    self.name.as_deref().unwrap_or(&settings.user_name)
                )
                .id(NAME_FIELD)
                .on_input(Message::NameChanged)
                .on_submit(Message::SaveName)
                .width(Length::Fixed(280.0)),
                button(text("Save name")).on_press(Message::SaveName),
            ]
            .spacing(8),
            text(self.name_saved.as_deref().unwrap_or(
                "Every change you make is recorded with this name; empty uses your login name."
            ))
            .size(13)
            .style(theme::muted_text),
        ]
        .spacing(8);
        let keep = settings.backups_kept;
        let folder = store::default_backup_dir(workspace);
        let when = match self.read_only {
            None => format!(
                "A verified snapshot is taken when the window closes, at most once a day, into {}.",
                folder.display()
            ),
            Some(why) if self.backup_beside => format!(
                "The workspace is open read-only ({why}): no snapshot is taken when the window \
                 closes, and none can be restored into it. Back up now copies it into {}.",
                folder.display()
            ),
            Some(why) => format!(
                "The workspace is open read-only ({why}), and nothing can be written beside it: \
                 no snapshot is taken and none can be restored. To keep a copy, copy the file \
                 to a folder you can write to."
            ),
        };
        let restorable = !self.working && self.read_only.is_none();
        let mut backups = column![
            text("Backups").size(18),
            text(when).size(13).style(theme::muted_text),
            row![
                text(format!("Keep the newest {keep}")),
                button(text("−"))
                    .on_press_maybe((keep > 1).then(|| Message::KeepChanged(keep - 1))),
                button(text("+")).on_press(Message::KeepChanged(keep + 1)),
                button(text("Back up now")).on_press_maybe(
                    (!self.working && self.backup_beside).then_some(Message::BackUpNow)
                ),
            ]
            .spacing(8)
            .align_y(Alignment::Center),
        ]
        .spacing(8);
        if let Some(status) = &self.status {
            backups = backups.push(text(status.as_str()));
        }
        if let Some(path) = &self.confirming {
            // The question over its buttons, the file name broken where it must: one long word,
            // beside them it ran under "Yes, restore" in a narrow window.
            backups = backups.push(
                column![
                    text(format!(
                        "Replace the workspace with {}? What it holds now is kept as a backup first.",
                        path.file_name().unwrap_or_default().to_string_lossy()
                    ))
                    .wrapping(iced::widget::text::Wrapping::WordOrGlyph)
                    .width(Length::Fill),
                    row![
                        button(text("Yes, restore"))
                            .on_press(Message::ConfirmRestore)
                            .style(button::danger),
                        button(text("Cancel"))
                            .on_press(Message::CancelRestore)
                            .style(button::secondary),
                    ]
                    .spacing(8),
                ]
                .spacing(8),
            );
        }
        if self.snapshots.is_empty() {
            backups = backups.push(text("No backups yet.").style(theme::muted_text));
        }
        for snapshot in &self.snapshots {
            // The file under its date, in a line of its own: a file name is one long word, and
            // beside the date it ran under Restore and off the card in a 760-pixel window.
            let file = text(format!(
                "{} KB · {}",
                snapshot.bytes.div_ceil(1024),
                snapshot
                    .path
                    .file_name()
                    .map(|n| n.to_string_lossy())
                    .unwrap_or_default()
            ))
            .size(13)
            .style(theme::muted_text)
            .wrapping(text::Wrapping::WordOrGlyph);
            backups = backups.push(
                row![
                    column![
                        row![
                            text(local_time(Timestamp::from_utc(snapshot.taken)))
                                .width(Length::Fixed(180.0)),
                            // Why it was taken tells apart two taken in one minute: the copy a
                            // restore keeps of what it replaced, beside the snapshot it restored.
                            text(kind_label(snapshot.kind)),
                        ]
                        .spacing(8),
                        file,
                    ]
                    .spacing(2)
                    .width(Length::Fill),
                    button(text("Restore"))
                        .on_press_maybe(
                            restorable.then(|| Message::AskRestore(snapshot.path.clone()))
                        )
                        .style(button::secondary),
                ]
                .spacing(8)
                .align_y(Alignment::Center),
            );
        }
        column![
            card(name.into()),
            card(backups.into()),
            history::activity_log(&self.activity),
        ]
        .spacing(16)
        .into()
    }
}

/// Why a snapshot was taken, as the backup list says it; nothing for one from before kinds were
/// written in names.
fn kind_label(kind: Option<store::SnapshotKind>) -> &'static str {
    match kind {
        Some(store::SnapshotKind::Automatic) => "On closing",
        Some(store::SnapshotKind::Manual) => "By hand",
        Some(store::SnapshotKind::BeforeRestore) => "Before a restore",
        None => "",
    }
}

fn card(content: Element<'_, Message>) -> Element<'_, Message> {
    container(content)
        .padding(16)
        .style(theme::card)
        .width(Length::Fill)
        .into()
}
