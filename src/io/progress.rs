//! How a long import or export reports progress and learns it should stop. The window implements
//! [`Observer`] on its worker thread (sending `Progress` over a channel, reading an `AtomicBool` the
//! Cancel button sets); the command line passes `&mut ()`, which never cancels.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

/// Where a run is: records handled so far, and bytes read of the whole when the total is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Progress {
    pub records: u64,
    pub bytes_done: u64,
    pub bytes_total: u64,
    /// Every record is read; the run is finishing (indexes, the duplicate check, the commit).
    pub finishing: bool,
}

impl Progress {
    /// 0.0 ..= 1.0, for a progress bar.
    pub fn fraction(&self) -> f32 {
        if self.bytes_total == 0 {
            0.0
        } else {
            (self.bytes_done as f64 / self.bytes_total as f64).min(1.0) as f32
        }
    }
}

pub trait Observer {
    /// Called every few thousand records; keep it cheap.
    fn progress(&mut self, _at: Progress) {}
    /// Checked between records; `true` stops the run and rolls back everything it wrote.
    fn cancelled(&self) -> bool {
        false
    }
    /// The flag behind [`Observer::cancelled`], for the steps that finish a run after its last
    /// record, which cannot call back here.
    fn cancel_flag(&self) -> Option<Arc<AtomicBool>> {
        None
    }
}

/// Never reports, never cancels.
impl Observer for () {}

/// A cancel flag shared with whoever may press Cancel, and a function that receives progress.
pub struct Watch<F: FnMut(Progress)> {
    pub cancel: Arc<AtomicBool>,
    pub on_progress: F,
}

impl<F: FnMut(Progress)> Observer for Watch<F> {
    fn progress(&mut self, at: Progress) {
        (self.on_progress)(at);
    }

    fn cancelled(&self) -> bool {
        self.cancel.load(Ordering::Relaxed)
    }

    fn cancel_flag(&self) -> Option<Arc<AtomicBool>> {
        Some(self.cancel.clone())
    }
}

/// How often (in records) runs call `progress` and check `cancelled`.
pub(crate) const EVERY: u64 = 2_000;
