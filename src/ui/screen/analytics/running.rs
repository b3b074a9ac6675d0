//! A run of an analysis: starting it on the worker (superseding one in progress), and the bar
//! under the form with Run, the scan beside it, and while it lasts its progress and Cancel.

use std::sync::Arc;
use std::time::Instant;

use iced::widget::{button, column, progress_bar, row, text};
use iced::{Alignment, Element, Length, Task};

use super::{Analytics, Kind, Message};
use crate::analytics::worker::{self, Control, Event, RunId};
use crate::analytics::workspace::{self, Request};
use crate::ui::screen::Action;
use crate::ui::workspace::Workspace;

pub(super) struct Running {
    pub(super) id: RunId,
    pub(super) control: Control,
    pub(super) kind: Kind,
    /// The run scans for a parameter (k, eps) rather than running the analysis once.
    pub(super) scan: bool,
    pub(super) done: u64,
    pub(super) total: u64,
}

impl Analytics {
    /// Starts `request` on the worker, superseding a run in progress.
    pub(super) fn start(
        &mut self,
        workspace: &Workspace,
        kind: Kind,
        request: Request,
        scan: bool,
    ) -> Action<Message> {
        let superseded = self.running.take().map(|old| {
            old.control.cancel();
            old.kind
        });
        self.failure = None;
        self.note = None;
        if self.stopped.is_some_and(|(stopped, _)| stopped == kind) {
            self.stopped = None;
        }
        if let Some(old) = superseded.filter(|old| *old != kind) {
            self.stopped = Some((old, kind));
            self.note = Some(stopped_note(old));
        }
        let (sender, events) = futures::channel::mpsc::unbounded();
        let path = workspace.path().to_path_buf();
        let key = workspace.key().cloned();
        let started = Instant::now();
        let spawned = worker::spawn_reporting(
            kind.label(),
            move |event| {
                // The window closed or moved on; the run's result has nowhere to go.
                let _ = sender.unbounded_send(event);
            },
            move |ticker| workspace::run_unlocked(&path, key.as_ref(), &request, ticker),
        );
        let control = match spawned {
            Ok(control) => control,
            Err(e) => return Action::Failed(format!("The analysis could not start: {e}")),
        };
        self.running = Some(Running {
            id: control.id,
            control,
            kind,
            scan,
            done: 0,
            total: 0,
        });
        Action::Run(Task::run(events, move |event| match event {
            Event::Progress { run, done, total } => Message::Progress(run, done, total),
            Event::Finished { run, result } => Message::Finished(
                run,
                result.map(Arc::new).map_err(|e| e.to_string()),
                started.elapsed().as_secs_f64(),
            ),
            Event::Crashed { run, reason } => Message::Finished(
                run,
                Err(format!(
                    "the analysis stopped on an internal error ({reason}); your data is untouched"
                )),
                started.elapsed().as_secs_f64(),
            ),
        }))
    }

    pub(super) fn controls(&self) -> Element<'_, Message> {
        let valid = self.form.request(self.kind).is_ok();
        let mut bar = row![
            button(text("Run"))
                .on_press_maybe(valid.then_some(Message::Run))
                .style(button::primary)
        ]
        .spacing(10)
        .align_y(Alignment::Center);
        let scan = match self.kind {
            Kind::Segments => Some(("Choose k", Message::ChooseK)),
            Kind::Density => Some(("Suggest eps", Message::SuggestEps)),
            _ => None,
        };
        if let Some((label, message)) = scan {
            let can_scan = self.form.scan_request(self.kind, 2).is_some();
            bar = bar.push(
                button(text(label))
                    .on_press_maybe(can_scan.then_some(message))
                    .style(button::secondary),
            );
        }
        if let Some(run) = &self.running {
            let what = match run.kind.scan_label() {
                Some(scan) if run.scan => scan,
                _ => run.kind.label(),
            };
            // Nothing counted yet: the analysis is still reading its rows from the workspace,
            // which on a large one takes longer than the computing.
            let (status, share) = if run.total > 0 {
                let share = run.done as f32 / run.total as f32;
                (format!("{what}: working… {:.0}%", share * 100.0), share)
            } else {
                (format!("{what}: reading the workspace…"), 0.0)
            };
            bar = bar
                .push(
                    button(text("Cancel"))
                        .on_press(Message::Cancel)
                        .style(button::danger),
                )
                .push(
                    column![
                        text(status).size(13),
                        progress_bar(0.0..=1.0, share).girth(6),
                    ]
                    .spacing(4)
                    .width(Length::Fixed(260.0)),
                );
        }
        bar.into()
    }
}

/// The note shown while a run goes on that stopped one of another `kind`.
pub(super) fn stopped_note(kind: Kind) -> String {
    format!(
        "{} was stopped to run this: one analysis runs at a time.",
        kind.label()
    )
}
