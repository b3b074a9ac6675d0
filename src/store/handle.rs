//! The window's way to the store: one thread owns the `Store` and runs the jobs it is sent, one at a
//! time, so no query ever runs on the UI thread. Each call returns a future that resolves with the
//! job's result, which the UI turns into a message.

use std::future::Future;
use std::path::{Path, PathBuf};
use std::sync::{Arc, mpsc};

use futures::channel::oneshot;

use super::{Error, Passphrase, Result, Store};

type Job = Box<dyn FnOnce(&mut Store) + Send>;

/// A cheap, cloneable reference to the store thread.
#[derive(Clone)]
pub struct Handle {
    jobs: mpsc::Sender<Job>,
    path: Arc<PathBuf>,
    /// For the analysis worker, which reads the file through a connection of its own.
    key: Option<Passphrase>,
    /// Declared after `jobs`: when the last handle goes, its sender is dropped (ending the thread's
    /// loop) before the thread is handed over to be waited for.
    _thread: Arc<StoreThread>,
}

/// The store thread, handed to [`super::closing`] when the last handle is dropped, so the end of
/// the process can wait for the file to close.
struct StoreThread(Option<std::thread::JoinHandle<()>>);

impl Drop for StoreThread {
    fn drop(&mut self) {
        if let Some(thread) = self.0.take() {
            super::closing::closing(thread);
        }
    }
}

impl std::fmt::Debug for Handle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Handle").field("path", &self.path).finish()
    }
}

/// Errors travel inside UI messages, which must be `Clone`; sharing the typed error keeps its meaning.
pub type Shared<T> = std::result::Result<T, Arc<Error>>;

impl Handle {
    /// Moves `store` onto its own thread. The thread ends when the last handle is dropped;
    /// [`super::join_closing_threads`] waits for it to have closed the file.
    pub fn spawn(store: Store) -> std::io::Result<Handle> {
        let path = Arc::new(store.path().to_path_buf());
        let key = store.key.clone();
        let (jobs, inbox) = mpsc::channel::<Job>();
        let thread = std::thread::Builder::new()
            .name("kith-store".into())
            .spawn(move || {
                let mut store = store;
                for job in inbox {
                    job(&mut store);
                }
            })?;
        Ok(Handle {
            jobs,
            path,
            key,
            _thread: Arc::new(StoreThread(Some(thread))),
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn key(&self) -> Option<&Passphrase> {
        self.key.as_ref()
    }

    /// Runs `f` on the store thread; the future resolves with its result.
    pub fn call<T, F>(&self, f: F) -> impl Future<Output = Shared<T>> + Send + 'static
    where
        T: Send + 'static,
        F: FnOnce(&mut Store) -> Result<T> + Send + 'static,
    {
        let (reply, answer) = oneshot::channel();
        let sent = self.jobs.send(Box::new(move |store: &mut Store| {
            // A bug in one job must not take the store thread (and with it the window) down. A
            // panic unwinds through the job's open transaction, which rolls back, so the file keeps
            // only whole changes; the caller gets an error to show instead of an answer.
            let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| f(store)))
                .unwrap_or_else(|panic| Err(Error::Internal(panic_text(panic.as_ref()))));
            // The caller may have stopped waiting (a newer search replaced this one); that is fine.
            let _ = reply.send(result);
        }));
        async move {
            if sent.is_err() {
                return Err(Arc::new(Error::NotAllowed(
                    "the workspace has been closed".into(),
                )));
            }
            match answer.await {
                Ok(result) => result.map_err(Arc::new),
                Err(_) => Err(Arc::new(Error::NotAllowed(
                    "the store thread stopped unexpectedly".into(),
                ))),
            }
        }
    }

    /// Runs `f` and waits for it: for the command line and tests, never for the UI thread.
    pub fn call_blocking<T, F>(&self, f: F) -> Shared<T>
    where
        T: Send + 'static,
        F: FnOnce(&mut Store) -> Result<T> + Send + 'static,
    {
        futures::executor::block_on(self.call(f))
    }
}

/// The message a panic carried, for the error the user sees.
pub fn panic_text(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
        .unwrap_or_else(|| "unknown panic".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panicking_job_becomes_an_error_and_the_store_thread_lives_on() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path().join("p.db")).unwrap();
        let handle = Handle::spawn(store).unwrap();
        let failed = handle.call_blocking(|_store| -> Result<()> { panic!("boom") });
        let message = failed.err().map(|e| e.to_string()).unwrap_or_default();
        assert!(message.contains("internal error (boom)"), "{message}");
        let version = handle.call_blocking(|store| store.schema_version());
        assert_eq!(version.unwrap(), crate::store::LATEST_VERSION);
    }

    #[test]
    fn once_the_last_handle_is_gone_the_file_can_be_waited_for_to_close() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("w.db");
        let key = Passphrase::new("pw").unwrap();
        let handle = Handle::spawn(Store::open_with(&path, Some(&key)).unwrap()).unwrap();
        let copy = handle.clone();
        // A job still running when the handles go is finished before the file closes.
        let started = std::sync::Arc::new(std::sync::Barrier::new(2));
        let waiting = started.clone();
        let slow = copy.call(move |store| {
            waiting.wait();
            std::thread::sleep(std::time::Duration::from_millis(200));
            store.set_meta("probe", "written")
        });
        drop(slow);
        started.wait();
        drop(handle);
        drop(copy);
        super::super::join_closing_threads();
        // The last connection to close checkpoints the write-ahead log and deletes it.
        assert!(!super::super::files::with_suffix(&path, "-wal").exists());
        let store = Store::open_with(&path, Some(&key)).unwrap();
        assert_eq!(store.meta("probe").unwrap().as_deref(), Some("written"));
    }
}
