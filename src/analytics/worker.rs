//! Runs an analysis off the UI thread: one named thread per run, tagged with a `RunId` so a newer run
//! supersedes an older one, with progress reports and a cancel flag the algorithm checks between
//! iterations. The window turns the `Event`s into messages; the command line just waits.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// Set once, as the process ends: every run stops at its next check, so its connection to the
/// workspace closes before SQLCipher's exit handlers run (see `store::wait_until_all_closed`).
static STOPPING: AtomicBool = AtomicBool::new(false);

/// Stops every analysis running in this process, for its end. Runs started afterwards stop at once.
pub fn stop_all() {
    STOPPING.store(true, Ordering::Relaxed);
}

/// The least time between two progress reports of one run.
const REPORT_EVERY: Duration = Duration::from_millis(40);

/// Identifies one run; results of an older run are stale once a newer one starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct RunId(pub u64);

impl RunId {
    /// A new id, larger than every id handed out before in this process.
    pub fn next() -> RunId {
        static NEXT: AtomicU64 = AtomicU64::new(1);
        RunId(NEXT.fetch_add(1, Ordering::Relaxed))
    }
}

/// What a running analysis tells its caller.
#[derive(Debug, Clone, PartialEq)]
pub enum Event<R, E> {
    /// `done` of `total` steps (iterations, restarts, candidate levels …) are finished.
    Progress {
        run: RunId,
        done: u64,
        total: u64,
    },
    Finished {
        run: RunId,
        result: Result<R, E>,
    },
    /// The analysis panicked: a bug, reported instead of leaving the caller waiting forever.
    Crashed {
        run: RunId,
        reason: String,
    },
}

/// Why an analysis stopped early.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("the analysis was cancelled")]
pub struct Cancelled;

/// The algorithm's side of a run: report progress, and ask whether to stop.
#[derive(Clone)]
pub struct Ticker {
    cancel: Arc<AtomicBool>,
    progress: Option<Arc<dyn Fn(u64, u64) + Send + Sync>>,
}

impl std::fmt::Debug for Ticker {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Ticker")
            .field("cancel", &self.cancel)
            .finish()
    }
}

impl Ticker {
    /// A ticker nobody listens to and nobody cancels (the command line, tests).
    pub fn silent() -> Ticker {
        Ticker {
            cancel: Arc::new(AtomicBool::new(false)),
            progress: None,
        }
    }

    /// A ticker without progress reports, stopped by whoever holds `cancel` (a caller that runs the
    /// work on a thread of its own, or a test).
    pub fn with_cancel(cancel: Arc<AtomicBool>) -> Ticker {
        Ticker {
            cancel,
            progress: None,
        }
    }

    /// A ticker telling `progress` how far the work is, stopped by whoever holds `cancel`.
    pub fn reporting(
        cancel: Arc<AtomicBool>,
        progress: impl Fn(u64, u64) + Send + Sync + 'static,
    ) -> Ticker {
        Ticker {
            cancel,
            progress: Some(Arc::new(progress)),
        }
    }

    /// Reports progress; returns `Err(Cancelled)` when the run should stop.
    pub fn tick(&self, done: u64, total: u64) -> Result<(), Cancelled> {
        if let Some(progress) = &self.progress {
            progress(done, total);
        }
        self.check()
    }

    /// A ticker for part `part` (0-based) of `parts` equal parts of a larger run, sharing this
    /// one's cancel flag: the part's own `tick(done, total)` is reported as a share of the whole.
    pub fn part(&self, part: u64, parts: u64) -> Ticker {
        let progress = self.progress.clone().map(|outer| {
            Arc::new(move |done: u64, total: u64| outer(part * total + done, parts * total))
                as Arc<dyn Fn(u64, u64) + Send + Sync>
        });
        Ticker {
            cancel: self.cancel.clone(),
            progress,
        }
    }

    pub fn check(&self) -> Result<(), Cancelled> {
        if self.cancel.load(Ordering::Relaxed) || STOPPING.load(Ordering::Relaxed) {
            Err(Cancelled)
        } else {
            Ok(())
        }
    }
}

/// The caller's side of a run.
#[derive(Debug)]
pub struct Run<R, E> {
    pub id: RunId,
    cancel: Arc<AtomicBool>,
    events: mpsc::Receiver<Event<R, E>>,
}

impl<R, E> Run<R, E> {
    /// Asks the analysis to stop at its next check.
    pub fn cancel(&self) {
        self.cancel.store(true, Ordering::Relaxed);
    }

    /// The next event, waiting for it; `None` once the run is over.
    pub fn next_event(&self) -> Option<Event<R, E>> {
        self.events.recv().ok()
    }

    /// Waits for the result, dropping progress reports; `None` if the analysis crashed.
    pub fn wait(self) -> Option<Result<R, E>> {
        while let Some(event) = self.next_event() {
            match event {
                Event::Finished { result, .. } => return Some(result),
                Event::Crashed { .. } => return None,
                Event::Progress { .. } => {}
            }
        }
        None
    }
}

/// Starts `work` on a thread named after the analysis; its events arrive through [`Run`].
pub fn spawn<R, E, F>(name: &str, work: F) -> std::io::Result<Run<R, E>>
where
    R: Send + 'static,
    E: Send + 'static,
    F: FnOnce(&Ticker) -> Result<R, E> + Send + 'static,
{
    let (events, inbox) = mpsc::channel();
    let control = spawn_reporting(
        name,
        move |event| {
            // The receiver is gone when the caller stopped listening; the work may still finish.
            let _ = events.send(event);
        },
        work,
    )?;
    Ok(Run {
        id: control.id,
        cancel: control.cancel,
        events: inbox,
    })
}

/// The caller's hold on a run whose events go to a sink of its choosing.
#[derive(Debug, Clone)]
pub struct Control {
    pub id: RunId,
    cancel: Arc<AtomicBool>,
}

impl Control {
    /// Asks the analysis to stop at its next check.
    pub fn cancel(&self) {
        self.cancel.store(true, Ordering::Relaxed);
    }
}

/// Starts `work` on a thread named after the analysis and hands every event to `sink` (the window
/// forwards them into its message stream). Progress is thinned to one report per [`REPORT_EVERY`].
pub fn spawn_reporting<R, E, F, S>(name: &str, sink: S, work: F) -> std::io::Result<Control>
where
    R: Send + 'static,
    E: Send + 'static,
    F: FnOnce(&Ticker) -> Result<R, E> + Send + 'static,
    S: FnMut(Event<R, E>) + Send + 'static,
{
    let id = RunId::next();
    let cancel = Arc::new(AtomicBool::new(false));
    let sink = Arc::new(std::sync::Mutex::new(sink));
    let last_report = std::sync::Mutex::new(None::<Instant>);
    let progress_sink = sink.clone();
    let ticker = Ticker::reporting(cancel.clone(), move |done, total| {
        let Ok(mut last) = last_report.lock() else {
            return;
        };
        // A screen redraws at most every frame: more reports than that only fill the queue.
        // The first and the last step always go out.
        let now = Instant::now();
        if done != 0 && done < total && last.is_some_and(|t| now - t < REPORT_EVERY) {
            return;
        }
        *last = Some(now);
        if let Ok(mut sink) = progress_sink.lock() {
            sink(Event::Progress {
                run: id,
                done,
                total,
            });
        }
    });
    std::thread::Builder::new()
        .name(format!("kith-analysis-{name}"))
        .spawn(move || {
            // Background work: the lowest normal priority (nice 19 on Linux, inherited by the
            // threads a K-means starts), so the window's and the store's threads never wait for a
            // core an analysis holds. Best effort: where it cannot be set, the run goes on as is.
            let _ =
                thread_priority::set_current_thread_priority(thread_priority::ThreadPriority::Min);
            let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| work(&ticker)));
            let event = match outcome {
                Ok(result) => Event::Finished { run: id, result },
                Err(panic) => Event::Crashed {
                    run: id,
                    reason: panic
                        .downcast_ref::<&str>()
                        .map(|s| s.to_string())
                        .or_else(|| panic.downcast_ref::<String>().cloned())
                        .unwrap_or_else(|| "unknown error".into()),
                },
            };
            // A panicking sink poisoned the lock; the caller is gone anyway.
            if let Ok(mut sink) = sink.lock() {
                sink(event);
            }
        })?;
    Ok(Control { id, cancel })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_run_reports_progress_then_its_result() {
        let run = spawn("test", |t: &Ticker| -> Result<u64, Cancelled> {
            for i in 0..3 {
                t.tick(i + 1, 3)?;
            }
            Ok(42)
        })
        .unwrap();
        let id = run.id;
        let mut progress = Vec::new();
        let mut result = None;
        while let Some(event) = run.next_event() {
            match event {
                Event::Progress { run, done, .. } => {
                    assert_eq!(run, id);
                    progress.push(done);
                }
                Event::Finished { result: r, .. } => result = Some(r),
                Event::Crashed { reason, .. } => panic!("crashed: {reason}"),
            }
        }
        // Steps this close together are thinned out; the first and the last always arrive.
        assert_eq!(progress, [1, 3]);
        assert_eq!(result, Some(Ok(42)));
    }

    #[test]
    fn a_cancelled_run_stops_at_its_next_check() {
        let (started, wait) = mpsc::channel();
        let run = spawn("test", move |t: &Ticker| -> Result<(), Cancelled> {
            started.send(()).unwrap();
            loop {
                t.check()?;
                std::thread::yield_now();
            }
        })
        .unwrap();
        wait.recv().unwrap();
        run.cancel();
        assert_eq!(run.wait(), Some(Err(Cancelled)));
    }

    #[test]
    fn a_part_reports_its_share_of_the_whole() {
        let run = spawn("test", |t: &Ticker| -> Result<(), Cancelled> {
            t.part(1, 4).tick(5, 10)?;
            t.part(3, 4).tick(2, 2)
        })
        .unwrap();
        let mut progress = Vec::new();
        while let Some(event) = run.next_event() {
            if let Event::Progress { done, total, .. } = event {
                progress.push((done, total));
            }
        }
        assert_eq!(progress, [(15, 40), (8, 8)]);
    }

    #[test]
    fn later_runs_have_larger_ids() {
        assert!(RunId::next() < RunId::next());
    }

    #[test]
    fn a_panicking_analysis_is_reported_not_lost() {
        let run = spawn("test", |_: &Ticker| -> Result<(), Cancelled> {
            panic!("index out of bounds");
        })
        .unwrap();
        let mut crashed = None;
        while let Some(event) = run.next_event() {
            if let Event::Crashed { reason, .. } = event {
                crashed = Some(reason);
            }
        }
        assert_eq!(crashed.as_deref(), Some("index out of bounds"));
    }
}
