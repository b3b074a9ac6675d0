//! Runs an analysis off the UI thread: one named thread per run, tagged with a `RunId` so a newer run
//! supersedes an older one, with progress reports and a cancel flag the algorithm checks between
//! iterations. The window turns the `Event`s into messages; the command line just waits.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc;

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
        if self.cancel.load(Ordering::Relaxed) {
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

    /// Waits for the result, dropping progress reports.
    pub fn wait(self) -> Option<Result<R, E>> {
        while let Some(event) = self.next_event() {
            if let Event::Finished { result, .. } = event {
                return Some(result);
            }
        }
        None
    }
}

/// Starts `work` on a thread named after the analysis.
pub fn spawn<R, E, F>(name: &str, work: F) -> std::io::Result<Run<R, E>>
where
    R: Send + 'static,
    E: Send + 'static,
    F: FnOnce(&Ticker) -> Result<R, E> + Send + 'static,
{
    let id = RunId::next();
    let cancel = Arc::new(AtomicBool::new(false));
    let (events, inbox) = mpsc::channel();
    let progress = std::sync::Mutex::new(events.clone());
    let ticker = Ticker {
        cancel: cancel.clone(),
        progress: Some(Arc::new(move |done, total| {
            // The receiver is gone when the caller stopped listening; the work may still finish.
            if let Ok(sender) = progress.lock() {
                let _ = sender.send(Event::Progress {
                    run: id,
                    done,
                    total,
                });
            }
        })),
    };
    std::thread::Builder::new()
        .name(format!("kith-analysis-{name}"))
        .spawn(move || {
            let result = work(&ticker);
            let _ = events.send(Event::Finished { run: id, result });
        })?;
    Ok(Run {
        id,
        cancel,
        events: inbox,
    })
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
            }
        }
        assert_eq!(progress, [1, 2, 3]);
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
}
