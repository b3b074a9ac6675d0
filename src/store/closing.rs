//! Letting open workspaces close before the process ends.
//!
//! SQLCipher frees its own state as the process exits (an `atexit` handler and a `.fini_array`
//! entry, neither of which can be turned off). A connection that closes on another thread after
//! that crashes: CI saw a test binary end with SIGSEGV in `sqlite3FreeCodecArg` after all its tests
//! had passed, because the window's store thread was still closing an encrypted workspace. Whatever
//! ends the process therefore waits here first: the window when it closes, the UI test harness
//! when a simulated window goes.

use std::sync::{Condvar, Mutex, PoisonError};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// How many `Store`s are open in this process.
static OPEN: (Mutex<usize>, Condvar) = (Mutex::new(0), Condvar::new());

/// Store threads whose every handle is gone, still finishing their last job and closing the file.
static CLOSING: Mutex<Vec<JoinHandle<()>>> = Mutex::new(Vec::new());

/// Counts one open `Store` from before its connection opens until after it has closed: a `Store`
/// holds it as its last field, so it drops after the connection.
#[derive(Debug)]
pub(crate) struct Open(());

impl Open {
    pub(crate) fn new() -> Open {
        *OPEN.0.lock().unwrap_or_else(PoisonError::into_inner) += 1;
        Open(())
    }
}

impl Drop for Open {
    fn drop(&mut self) {
        let mut open = OPEN.0.lock().unwrap_or_else(PoisonError::into_inner);
        *open = open.saturating_sub(1);
        OPEN.1.notify_all();
    }
}

/// Waits until no workspace is open in this process, or `timeout` has passed; whether none is.
/// For the end of the process, when nothing opens new ones.
pub fn wait_until_all_closed(timeout: Duration) -> bool {
    let deadline = Instant::now() + timeout;
    let mut open = OPEN.0.lock().unwrap_or_else(PoisonError::into_inner);
    while *open > 0 {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return false;
        }
        open = OPEN
            .1
            .wait_timeout(open, left)
            .unwrap_or_else(PoisonError::into_inner)
            .0;
    }
    true
}

/// Hands over a store thread whose last handle has just been dropped.
pub(crate) fn closing(thread: JoinHandle<()>) {
    CLOSING
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .push(thread);
}

/// Waits for every store thread whose handles are all gone to close its workspace. Threads whose
/// workspaces are still in use elsewhere (another window, another test) are not waited for.
pub fn join_closing_threads() {
    let threads = std::mem::take(&mut *CLOSING.lock().unwrap_or_else(PoisonError::into_inner));
    for thread in threads {
        // A thread that panicked has closed its file as it unwound; nothing more to wait for.
        let _ = thread.join();
    }
}
