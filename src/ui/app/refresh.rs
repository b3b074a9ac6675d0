//! Keeping the window true to the file: undo and redo, re-reading what is shown after a change, the
//! status line's counts, task reminders and notices.

use iced::Task;

use super::{Message, Notice, Ready, Refresh, Step, Tone, View};
use crate::domain::ChangeSetId;
use crate::ui::screen::settings as settings_screen;
use crate::ui::timer;

impl Ready {
    pub(super) fn history(&mut self, step: Step) -> Task<Message> {
        // Held after an erasure or a restore: what Undo would reach is an older change the
        // window never offered. Say so, and offer it, rather than let the store refuse as if
        // another window had made it.
        if step == Step::Undo && self.undo_held.is_some() {
            return self.workspace.run(|s| s.undo_step(), Message::HeldUndo);
        }
        // Undo takes back what this window said it would, or nothing (see `undo_expected`).
        let expected = self.undo_step;
        self.workspace.run(
            move |s| match step {
                Step::Undo => s.undo_expected(expected),
                Step::Redo => s.redo(),
            },
            move |r| Message::HistoryDone(step, r),
        )
    }

    /// What Undo or Redo did, told: the step taken, nothing to take, or why it could not be.
    pub(super) fn history_done(
        &mut self,
        step: Step,
        result: crate::store::Shared<Option<String>>,
    ) -> Task<Message> {
        match result {
            Ok(Some(label)) => {
                match &mut self.view {
                    View::Import(screen) => screen.history_moved(step == Step::Undo, &label),
                    View::Duplicates(screen) => screen.history_moved(),
                    _ => {}
                }
                let verb = if step == Step::Undo {
                    "Undone"
                } else {
                    "Redone"
                };
                let notice = self.notify(format!("{verb}: {label}"), Tone::Info);
                Task::batch([notice, self.refresh_all()])
            }
            Ok(None) => {
                let what = if step == Step::Undo { "undo" } else { "redo" };
                self.notify(format!("Nothing to {what}."), Tone::Info)
            }
            Err(e) => {
                // Nothing was attempted: say why Undo and Redo can do nothing here.
                if let crate::store::Error::ReadOnly(why) = &*e {
                    let what = if step == Step::Undo { "Undo" } else { "Redo" };
                    return self.notify(
                        format!(
                            "{what} cannot change this workspace: it is open read-only ({why})."
                        ),
                        Tone::Info,
                    );
                }
                let verb = if step == Step::Undo { "undo" } else { "redo" };
                // The refusal named what Undo now takes back: a second press may take it.
                self.undo_held = None;
                // No fault, and likely the user's own doing (a `kith import` they ran): said as
                // the held Undo says it, not in the red of a failure.
                if let crate::store::Error::NotOffered(now) = &*e {
                    let said = match now {
                        Some(label) => format!(
                            "The last change was not made in this window, so nothing was undone; \
                             Undo now takes back \"{label}\" (press it again for that)"
                        ),
                        None => "The last change was not made in this window, so nothing was \
                                 undone; there is nothing left to undo."
                            .to_string(),
                    };
                    let notice = self.notify(said, Tone::Info);
                    return Task::batch([notice, self.refresh_all()]);
                }
                // What is on screen may be what changed elsewhere: read it all again.
                let notice = self.notify(format!("Could not {verb}: {e}"), Tone::Error);
                Task::batch([notice, self.refresh_all()])
            }
        }
    }

    /// Undo was pressed while held: nothing is undone, and the step it now takes is offered.
    pub(super) fn held_undo(
        &mut self,
        result: crate::store::Shared<Option<(ChangeSetId, String)>>,
    ) -> Task<Message> {
        self.undo_held = None;
        let from_before = std::mem::take(&mut self.held_from_before);
        match result {
            Ok(Some((id, label))) => {
                self.undo_step = Some(id);
                self.undo = Some(label.clone());
                let why = if from_before {
                    "The last change was not made in this window, so nothing was undone"
                } else {
                    "What was just done cannot be undone, so nothing was undone"
                };
                self.notify(
                    format!("{why}; Undo now takes back \"{label}\" (press it again for that)"),
                    Tone::Info,
                )
            }
            Ok(None) => self.notify("There is nothing to undo.".into(), Tone::Info),
            Err(e) => self.notify(format!("Could not undo: {e}"), Tone::Error),
        }
    }

    /// Re-reads everything on screen after the workspace changed.
    pub(super) fn refresh_all(&mut self) -> Task<Message> {
        Task::batch([self.reread(true), self.refresh_status(false)])
    }

    /// The lists and the page in view read again. After a change made elsewhere (`own` false)
    /// only a page whose reading touches nothing being typed is: a contact's, company's or
    /// campaign's page keeps its drafts apart, the duplicates list is read only while no pair is
    /// open; other pages are left as they are, so nothing is re-read under a half-typed form or
    /// a drag.
    fn reread(&mut self, own: bool) -> Task<Message> {
        self.analytics.workspace_changed();
        let ws = &self.workspace;
        let page = match &mut self.view {
            View::Contact(page) => page.reload(ws).map(Message::Contact),
            View::Company(page) => page.reload(ws).map(Message::Company),
            View::Dashboard(screen) => screen.refresh(ws).map(Message::Dashboard),
            View::Duplicates(screen) if own || screen.at_rest() => Task::batch([
                screen.refresh(ws).map(Message::Duplicates),
                screen.reread_pair(ws).map(Message::Duplicates),
            ]),
            View::Duplicates(screen) => screen.reread_pair(ws).map(Message::Duplicates),
            // A campaign's page keeps its segment draft and typed revenues apart, and its form
            // is not read again: the segment's count, which promised "Add 1" and then added the
            // four an import had just tagged, follows the file.
            View::Campaigns(screen) => screen.refresh(ws).map(Message::Campaigns),
            _ if !own => Task::none(),
            View::Pipeline(screen) => screen.refresh(ws).map(Message::Pipeline),
            View::Tickets(screen) => screen.refresh(ws).map(Message::Tickets),
            View::Tasks(screen) => screen.refresh(ws).map(Message::Tasks),
            View::Settings(page) => Task::batch([
                page.stages
                    .refresh(ws)
                    .map(|m| Message::Settings(settings_screen::Message::Stages(m))),
                settings_screen::safety::Safety::load(ws)
                    .map(|m| Message::Settings(settings_screen::Message::Safety(m))),
                settings_screen::currency::CurrencyEditor::load(ws)
                    .map(|m| Message::Settings(settings_screen::Message::Currency(m))),
                settings_screen::team::TeamEditor::load(ws)
                    .map(|m| Message::Settings(settings_screen::Message::Team(m))),
            ]),
            _ => Task::none(),
        };
        Task::batch([
            self.contacts.refresh(ws).map(Message::Contacts),
            self.companies.refresh(ws).map(Message::Companies),
            page,
        ])
    }

    pub(super) fn refresh_all_announcing(&mut self) -> Task<Message> {
        Task::batch([self.refresh_all(), self.refresh_status(true)])
    }

    pub(super) fn refresh_status(&self, announce: bool) -> Task<Message> {
        let before = announce.then_some(self.undo_step);
        self.workspace.run(
            |s| {
                Ok(Refresh {
                    counts: s.counts()?,
                    undo: s.undo_step()?,
                    redo: s.redo_label()?,
                })
            },
            move |r| Message::Refreshed(r, before),
        )
    }

    /// The counts and the undo and redo steps read after a change (`before`: the undo step before
    /// it, when the change is to be announced).
    pub(super) fn refreshed(
        &mut self,
        refresh: Refresh,
        before: Option<Option<ChangeSetId>>,
    ) -> Task<Message> {
        self.counts = refresh.counts;
        let step = refresh.undo.as_ref().map(|(id, _)| *id);
        // Only a step this change made is offered: an action that wrote nothing (an import of no
        // rows) must not offer to undo an older, unrelated one.
        let new_step = before.is_some_and(|before| before != step);
        if self.undo_held == Some(None) {
            self.undo_held = Some(step);
        }
        let held = step.is_some() && self.undo_held == Some(step);
        if !held {
            self.undo_held = None;
        }
        self.undo_step = if held { None } else { step };
        self.undo = refresh.undo.filter(|_| !held).map(|(_, label)| label);
        self.redo = refresh.redo;
        match (new_step, &self.undo) {
            (true, Some(label)) => self.notify(label.clone(), Tone::Done),
            _ => Task::none(),
        }
    }

    /// Asks whether the file changed elsewhere since the last poll.
    pub(super) fn poll(&self) -> Task<Message> {
        self.workspace.run(
            |s| {
                let kept = s.keep_journal()?;
                Ok((s.data_version()?, s.restored_at()?, kept))
            },
            Message::Polled,
        )
    }

    /// Another window or a command changed the file (an import of 300,000 contacts from the
    /// command line): the counts, the lists and a page safe to re-read are read again (a person
    /// erased by `kith person erase` stayed on their open page). What Undo takes back is left as
    /// it is, so that Ctrl+Z still refuses to take back a change this window never showed.
    pub(super) fn polled(
        &mut self,
        version: i64,
        restored: Option<String>,
        journal_kept: bool,
    ) -> Task<Message> {
        if journal_kept {
            // Said, as it was no doing of Kith's: whoever deleted the file may try again.
            let told = self.notify(
                "The workspace's journal file (…-wal) was deleted while Kith had it open. \
                 Everything saved has been written back into the workspace file, and Kith goes \
                 on with a new journal; nothing was lost."
                    .into(),
                Tone::Info,
            );
            return Task::batch([told, self.polled(version, restored, false)]);
        }
        let first = self.seen_version.is_none();
        let changed = self.seen_version.is_some_and(|seen| seen != version);
        self.seen_version = Some(version);
        let restored_elsewhere =
            changed && !first && restored.is_some() && restored != self.seen_restore;
        self.seen_restore = restored;
        if restored_elsewhere {
            return self.restored_elsewhere();
        }
        if !changed {
            return Task::none();
        }
        let recount = self.workspace.run(|s| s.counts(), Message::Recounted);
        Task::batch([self.reread(false), recount])
    }

    /// Another window or a command restored the workspace: the records this window has open may
    /// be gone, and their ids given to others (a call typed for one person was saved on another).
    /// Open pages and forms close, Undo starts afresh, and the window says why.
    fn restored_elsewhere(&mut self) -> Task<Message> {
        self.overlay = None;
        self.contact_opened_from = None;
        self.behind_export = None;
        self.undo_step = None;
        // As after a restore made here: the step now on top came with the snapshot, and Undo
        // does not reach it (it had taken back the demo's "Log note").
        self.undo_held = Some(None);
        self.held_from_before = false;
        let forget = self.workspace.run(
            |s| {
                s.forget_own_changes();
                s.counts()
            },
            Message::Recounted,
        );
        let home = self.go(crate::ui::screen::Destination::Section(
            crate::ui::screen::Section::Dashboard,
        ));
        let told = self.notify(
            "The workspace was restored from a backup in another window or by a command: the \
             pages that were open are closed, as what they showed may be gone."
                .into(),
            Tone::Info,
        );
        Task::batch([forget, home, self.refresh_all(), told])
    }

    /// Asks the store for tasks that fell due since the last check.
    pub(super) fn check_reminders(&self) -> Task<Message> {
        let (from, to) = (self.reminded_until, crate::domain::Timestamp::now());
        self.workspace.run(
            move |s| s.open_tasks_due_between(from, to),
            move |r| Message::Reminders(to, r),
        )
    }

    pub(super) fn notify(&mut self, text: String, tone: Tone) -> Task<Message> {
        /// A notice says what happened in a few lines: one naming a record by a name of 5,000
        /// characters grew to the window's height and hid everything behind it. An erasure's
        /// warning that the file could not be rewritten takes four lines, and was cut at 300.
        const AT_MOST: usize = 480;
        let text = crate::domain::validation::shortened_to(&text, AT_MOST).into_owned();
        self.notices += 1;
        let id = self.notices;
        self.notice = Some(Notice { id, text, tone });
        self.notice_room = true;
        match self.notice_time {
            // What went wrong stays until it is read and closed: an erasure's warning that copies
            // remained in the file went after twelve seconds, unread.
            Some(_) if tone == Tone::Error => Task::none(),
            Some(time) => Task::perform(timer::after(time), move |_| Message::NoticeClosed(id)),
            None => Task::none(),
        }
    }
}
