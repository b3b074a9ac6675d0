//! Running an import (or its dry run) and showing what came of it. The import runs as one job on
//! the store thread — one transaction, one change set, so one Undo takes it all back — reporting
//! progress over a channel and stopping between rows when Cancel sets its flag (the transaction is
//! then rolled back: nothing is kept). Every run has an id; answers for an older run are dropped.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use iced::widget::{button, column, container, progress_bar, row, text};
use iced::{Alignment, Element, Length, Task};

use super::file::Loaded;
use super::report::{
    count, duplicates_found, problems_table, rows_in, undo_line, vcard_report, workspace_report,
};
use crate::io::csv_import::{self, Mapping, Options};
use crate::io::{self, Progress, Watch, vcard};
use crate::ui::dialog::{self, Picked};
use crate::ui::screen::{Action, Destination};
use crate::ui::theme;
use crate::ui::workspace::Workspace;

/// The widget id of the rejected rows' path field.
pub const REJECTS_PATH_ID: &str = "rejects-path";
/// Rejected rows listed on screen; the saved file has them all.
pub(super) const SHOWN_REJECTS: usize = 10;

/// What a finished run reports.
#[derive(Debug, Clone)]
pub enum Outcome {
    Csv(Arc<csv_import::Report>),
    Vcard(Arc<vcard::Report>),
    /// A whole workspace loaded: rows per table.
    Workspace(Arc<Vec<(String, u64)>>),
    Orders(Arc<io::orders::Report>),
}

/// What to import: a CSV file with its mapping and options, or a vCard file.
pub enum Job {
    Csv {
        file: Arc<Loaded>,
        mapping: Mapping,
        options: Options,
    },
    Vcard {
        file: Arc<Loaded>,
    },
    Workspace {
        file: Arc<Loaded>,
    },
    Orders {
        file: Arc<Loaded>,
        /// The prices' currency when the file has no column for it.
        currency: Option<crate::domain::Currency>,
    },
}

#[derive(Default)]
pub struct Run {
    phase: Phase,
    runs: u64,
    rejects_path: String,
    rejects_note: Option<Result<String, String>>,
    /// The undo step the import is recorded as ("Import contacts.csv").
    label: String,
    /// The finished import was taken back with Undo (and not put back since).
    taken_back: bool,
}

#[derive(Default)]
enum Phase {
    #[default]
    Idle,
    Running(Running),
    Done {
        outcome: Outcome,
        dry_run: bool,
    },
    Cancelled,
    Failed(String),
}

struct Running {
    id: u64,
    cancel: Arc<AtomicBool>,
    progress: Progress,
    dry_run: bool,
}

#[derive(Debug, Clone)]
pub enum Message {
    Progress(u64, Progress),
    Finished(u64, bool, Result<Outcome, Arc<io::Error>>),
    Cancel,
    RejectsPathChanged(String),
    BrowseRejects,
    RejectsBrowsed(Picked),
    SaveRejects,
    RejectsSaved(Result<PathBuf, String>),
    ShowDuplicates,
}

impl Run {
    /// Asks a running import to stop (it rolls back); `true` if one was running.
    pub fn cancel(&self) -> bool {
        match &self.phase {
            Phase::Running(run) => {
                run.cancel.store(true, Ordering::Relaxed);
                true
            }
            _ => false,
        }
    }

    pub fn is_running(&self) -> bool {
        matches!(self.phase, Phase::Running(_))
    }

    /// Whether the last run wrote to the workspace (so the wizard is done with this file).
    pub fn imported(&self) -> bool {
        matches!(self.phase, Phase::Done { dry_run: false, .. })
    }

    /// Forgets the last result (the mapping or the options changed, so it no longer applies).
    pub fn reset(&mut self) {
        if !self.is_running() {
            self.phase = Phase::Idle;
            self.rejects_note = None;
        }
    }

    /// Undo or Redo moved the step called `label`: if it is this import's, the result says so.
    pub fn history_moved(&mut self, undone: bool, label: &str) {
        if matches!(self.phase, Phase::Done { dry_run: false, .. }) && label == self.label {
            self.taken_back = undone;
        }
    }

    pub fn start(&mut self, workspace: &Workspace, job: Job, dry_run: bool) -> Task<Message> {
        if self.is_running() {
            return Task::none();
        }
        self.runs += 1;
        let id = self.runs;
        let cancel = Arc::new(AtomicBool::new(false));
        self.phase = Phase::Running(Running {
            id,
            cancel: cancel.clone(),
            progress: Progress::default(),
            dry_run,
        });
        self.rejects_note = None;
        let file = match &job {
            Job::Csv { file, .. }
            | Job::Vcard { file }
            | Job::Workspace { file }
            | Job::Orders { file, .. } => file.clone(),
        };
        self.rejects_path = rejects_path(&file.path).display().to_string();
        self.label = format!("Import {}", file.name);
        self.taken_back = false;
        let (sender, progress) = futures::channel::mpsc::unbounded();
        let work = workspace.call(move |store| {
            let mut watch = Watch {
                cancel,
                // The screen may be gone; progress then has nowhere to go, and that is fine.
                on_progress: move |at| {
                    let _ = sender.unbounded_send(at);
                },
            };
            Ok(match job {
                Job::Csv {
                    file,
                    mapping,
                    options,
                } => {
                    let options = Options { dry_run, ..options };
                    csv_import::import(
                        store,
                        &file.bytes,
                        &file.name,
                        &mapping,
                        &options,
                        &mut watch,
                    )
                    .map(|r| Outcome::Csv(Arc::new(r)))
                }
                Job::Vcard { file } => vcard::import(store, &file.bytes, &file.name, &mut watch)
                    .map(|r| Outcome::Vcard(Arc::new(r))),
                Job::Orders { file, currency } => {
                    io::orders::import(store, &file.bytes, &file.name, currency, dry_run)
                        .map(|r| Outcome::Orders(Arc::new(r)))
                }
                Job::Workspace { file } => match store.is_empty_workspace() {
                    Ok(true) => io::workspace::import(store, &file.bytes)
                        .map(|tables| Outcome::Workspace(Arc::new(tables))),
                    Ok(false) => Err(io::Error::Format(
                        "this workspace already holds records, and a workspace file only goes \
                         into an empty one. Start Kith on a new file (kith --db NEW.db) and \
                         import it from the welcome screen there."
                            .into(),
                    )),
                    Err(e) => Err(e.into()),
                },
            })
        });
        Task::batch([
            Task::run(progress, move |at| Message::Progress(id, at)),
            Task::perform(work, move |answer| {
                let result = match answer {
                    Ok(result) => result.map_err(Arc::new),
                    Err(e) => Err(Arc::new(io::Error::Format(e.to_string()))),
                };
                Message::Finished(id, dry_run, result)
            }),
        ])
    }

    pub fn update(&mut self, message: Message) -> Action<Message> {
        match message {
            Message::Progress(id, at) => {
                if let Phase::Running(run) = &mut self.phase
                    && run.id == id
                {
                    run.progress = at;
                }
                Action::None
            }
            Message::Finished(id, dry_run, result) => {
                if !matches!(&self.phase, Phase::Running(run) if run.id == id) {
                    return Action::None;
                }
                self.phase = match result {
                    Ok(outcome) => Phase::Done { outcome, dry_run },
                    Err(e) if matches!(*e, io::Error::Cancelled) => Phase::Cancelled,
                    Err(e) => Phase::Failed(e.to_string()),
                };
                match &self.phase {
                    // Loading a workspace is not an undo step of its own (its history came with
                    // it): say what happened rather than offer to undo its last change.
                    Phase::Done {
                        outcome: Outcome::Workspace(tables),
                        dry_run: false,
                    } => Action::ChangedForGood {
                        text: format!("Imported the whole workspace: {}", rows_in(tables)),
                        then: None,
                        warns: false,
                    },
                    _ if self.imported() => Action::Changed { then: None },
                    _ => Action::None,
                }
            }
            Message::Cancel => {
                self.cancel();
                Action::None
            }
            Message::RejectsPathChanged(path) => {
                self.rejects_path = path;
                self.rejects_note = None;
                Action::None
            }
            Message::BrowseRejects => Action::Run(Task::perform(
                dialog::save(
                    "Save the rejected rows",
                    crate::io::typed_path(&self.rejects_path),
                ),
                Message::RejectsBrowsed,
            )),
            Message::RejectsBrowsed(Picked::Path(path)) => {
                self.rejects_path = path.display().to_string();
                self.update(Message::SaveRejects)
            }
            Message::RejectsBrowsed(Picked::Dismissed) => Action::None,
            Message::RejectsBrowsed(Picked::Unavailable(why)) => {
                self.rejects_note = Some(Err(why));
                Action::None
            }
            Message::SaveRejects => {
                let Phase::Done {
                    outcome: Outcome::Csv(report),
                    ..
                } = &self.phase
                else {
                    return Action::None;
                };
                let report = report.clone();
                let path = crate::io::typed_path(&self.rejects_path);
                if path.as_os_str().is_empty() {
                    self.rejects_note = Some(Err("Enter where to save the rejected rows.".into()));
                    return Action::None;
                }
                let save = crate::ui::timer::blocking(move || {
                    csv_import::write_rejects(&path, &report)
                        .map(|()| path)
                        .map_err(|e| format!("The rejected rows were not saved: {e}"))
                });
                Action::Run(Task::perform(save, |r| {
                    Message::RejectsSaved(r.unwrap_or_else(|| {
                        Err("The rejected rows were not saved: no thread could be started".into())
                    }))
                }))
            }
            Message::RejectsSaved(result) => {
                self.rejects_note = Some(result.map(|path| {
                    format!(
                        "Saved to {}: fix the cells named in the last column and import that file again.",
                        path.display()
                    )
                }));
                Action::None
            }
            Message::ShowDuplicates => Action::Open(Destination::Duplicates),
        }
    }

    /// The progress of a run, or what the last one found; `None` before the first run.
    pub fn view(&self) -> Option<Element<'_, Message>> {
        Some(match &self.phase {
            Phase::Idle => return None,
            Phase::Running(run) => running(run),
            Phase::Cancelled => text("Import cancelled; nothing was imported.")
                .style(theme::muted_text)
                .into(),
            Phase::Failed(e) => text(format!("The import failed and nothing was kept: {e}"))
                .style(theme::error_text)
                .into(),
            Phase::Done {
                outcome: Outcome::Csv(report),
                dry_run,
            } => self.csv_report(report, *dry_run),
            Phase::Done {
                outcome: Outcome::Vcard(report),
                ..
            } => vcard_report(report, self.taken_back),
            Phase::Done {
                outcome: Outcome::Workspace(tables),
                ..
            } => workspace_report(tables),
            Phase::Done {
                outcome: Outcome::Orders(report),
                dry_run,
            } => super::report::orders_report(report, *dry_run, self.taken_back),
        })
    }

    fn csv_report<'a>(
        &'a self,
        report: &'a csv_import::Report,
        dry_run: bool,
    ) -> Element<'a, Message> {
        let rejected = report.rejected.len();
        let headline = if dry_run {
            format!(
                "Dry run: {} would be imported, {} would update existing contacts, {} rejected.{}{} \
                 Nothing has been written yet.",
                count(report.imported, "new contact"),
                report.updated,
                count(rejected as u64, "row"),
                super::report::already_up_to_date(report.unchanged),
                super::report::same_person_again(report.joined, "row"),
            )
        } else {
            format!(
                "Imported {}, updated {}, created {}; {} not imported.{}{}",
                count(report.imported, "new contact"),
                count(report.updated, "existing contact"),
                count(report.companies_created, "company"),
                count(rejected as u64, "row"),
                super::report::already_up_to_date(report.unchanged),
                super::report::same_person_again(report.joined, "row"),
            )
        };
        let mut body = column![text(headline).size(16)].spacing(10);
        if !dry_run {
            body = body.push(undo_line(report.imported + report.updated, self.taken_back));
        }
        if let Some(note) = report.footer_note() {
            body = body.push(text(note).style(theme::muted_text));
        }
        if rejected > 0 {
            let errors: Vec<[String; 4]> = report
                .errors()
                .map(|e| {
                    [
                        e.row.to_string(),
                        e.column.clone(),
                        e.field.clone(),
                        e.reason.clone(),
                    ]
                })
                .collect();
            body = body.push(problems_table(["Row", "Column", "Field", "Reason"], errors));
            if rejected > SHOWN_REJECTS {
                body = body.push(
                    text(format!("… and {} more rows", rejected - SHOWN_REJECTS))
                        .style(theme::muted_text),
                );
            }
            body = body.push(self.rejects_bar());
        }
        // Once taken back, the pairs it brought are gone with it.
        if let Some(found) = report.duplicates
            && report.imported + report.updated > 0
            && !self.taken_back
        {
            body = body.push(duplicates_found(found, report.dry_run));
        }
        container(body)
            .padding(14)
            .width(Length::Fill)
            .style(theme::card)
            .into()
    }

    fn rejects_bar(&self) -> Element<'_, Message> {
        let mut bar = column![
            row![
                crate::ui::widget::field::input("rejected.csv", &self.rejects_path)
                    .id(REJECTS_PATH_ID)
                    .on_input(Message::RejectsPathChanged)
                    .on_submit(Message::SaveRejects)
                    .padding(4),
                button(text("Save rejected rows"))
                    .on_press(Message::SaveRejects)
                    .style(button::secondary),
                button(text("Save rejected rows…"))
                    .on_press(Message::BrowseRejects)
                    .style(button::text),
            ]
            .spacing(8)
            .align_y(Alignment::Center)
        ]
        .spacing(4);
        match &self.rejects_note {
            Some(Ok(note)) => {
                bar = bar.push(text(note.as_str()).size(13).style(theme::success_text))
            }
            Some(Err(e)) => bar = bar.push(text(e.as_str()).size(13).style(theme::error_text)),
            None => {}
        }
        bar.into()
    }
}

fn running(run: &Running) -> Element<'_, Message> {
    let verb = if run.dry_run { "Checking" } else { "Importing" };
    let cancelling = run.cancel.load(Ordering::Relaxed);
    let what = if cancelling {
        "Cancelling…".to_string()
    } else if run.progress.finishing && !run.dry_run {
        // Seconds for a large file, with every row read: say what is going on, and that Cancel
        // still takes it all back.
        format!(
            "All {} rows read; indexing them and checking for duplicates…",
            crate::words::grouped(run.progress.records as i64)
        )
    } else if run.progress.records > 0 {
        format!(
            "{verb}… {} rows read",
            crate::words::grouped(run.progress.records as i64)
        )
    } else {
        format!("{verb}…")
    };
    row![
        column![
            text(what).size(13),
            progress_bar(0.0..=1.0, run.progress.fraction()).girth(8),
        ]
        .spacing(4)
        .width(Length::Fixed(360.0)),
        button(text("Cancel"))
            .on_press_maybe((!cancelling).then_some(Message::Cancel))
            .style(button::danger),
    ]
    .spacing(12)
    .align_y(Alignment::Center)
    .into()
}

/// `contacts-rejected.csv` beside the imported file.
fn rejects_path(imported: &Path) -> PathBuf {
    let stem = imported
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "import".into());
    imported.with_file_name(format!("{stem}-rejected.csv"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejected_rows_are_saved_beside_the_import() {
        assert_eq!(
            rejects_path(Path::new("/data/google.csv")),
            Path::new("/data/google-rejected.csv")
        );
    }
}
