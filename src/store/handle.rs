//! The window's way to the store: one thread owns the `Store` and runs the jobs it is sent, one at a
//! time, so no query ever runs on the UI thread. Each call returns a future that resolves with the
//! job's result, which the UI turns into a message.

use std::future::Future;
use std::path::{Path, PathBuf};
use std::sync::{Arc, mpsc};

use futures::channel::oneshot;

use super::{Error, Result, Store};

type Job = Box<dyn FnOnce(&mut Store) + Send>;

/// A cheap, cloneable reference to the store thread.
#[derive(Clone)]
pub struct Handle {
    jobs: mpsc::Sender<Job>,
    path: Arc<PathBuf>,
}

impl std::fmt::Debug for Handle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Handle").field("path", &self.path).finish()
    }
}

/// Errors travel inside UI messages, which must be `Clone`; sharing the typed error keeps its meaning.
pub type Shared<T> = std::result::Result<T, Arc<Error>>;

impl Handle {
    /// Moves `store` onto its own thread. The thread ends when the last handle is dropped.
    pub fn spawn(store: Store) -> std::io::Result<Handle> {
        let path = Arc::new(store.path().to_path_buf());
        let (jobs, inbox) = mpsc::channel::<Job>();
        std::thread::Builder::new()
            .name("kith-store".into())
            .spawn(move || {
                let mut store = store;
                for job in inbox {
                    job(&mut store);
                }
            })?;
        Ok(Handle { jobs, path })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Runs `f` on the store thread; the future resolves with its result.
    pub fn call<T, F>(&self, f: F) -> impl Future<Output = Shared<T>> + Send + 'static
    where
        T: Send + 'static,
        F: FnOnce(&mut Store) -> Result<T> + Send + 'static,
    {
        let (reply, answer) = oneshot::channel();
        let sent = self.jobs.send(Box::new(move |store: &mut Store| {
            // The caller may have stopped waiting (a newer search replaced this one); that is fine.
            let _ = reply.send(f(store));
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
