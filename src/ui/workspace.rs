//! The open workspace as the window sees it: the store thread's handle plus a count of calls in
//! flight, which the status line shows as "Working…".

use std::future::Future;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use iced::Task;

use crate::demo::{self, DemoOptions};
use crate::store::{self, Counts, Handle, Shared, Store};

/// How many contacts a new demo workspace holds: enough to feel real, quick to create.
pub const DEMO_CONTACTS: u64 = 500;

#[derive(Debug, Clone)]
pub struct Workspace {
    handle: Handle,
    busy: Arc<AtomicUsize>,
}

impl Workspace {
    pub fn new(handle: Handle) -> Self {
        Workspace {
            handle,
            busy: Arc::new(AtomicUsize::new(0)),
        }
    }

    pub fn path(&self) -> &Path {
        self.handle.path()
    }

    pub fn key(&self) -> Option<&store::Passphrase> {
        self.handle.key()
    }

    pub fn is_busy(&self) -> bool {
        self.busy.load(Ordering::Relaxed) > 0
    }

    /// Runs `f` on the store thread and turns its result into a message.
    pub fn run<T, F, M>(
        &self,
        f: F,
        to_message: impl FnOnce(Shared<T>) -> M + Send + 'static,
    ) -> Task<M>
    where
        T: Send + 'static,
        F: FnOnce(&mut Store) -> store::Result<T> + Send + 'static,
        M: Send + 'static,
    {
        Task::perform(self.call(f), to_message)
    }

    pub fn call<T, F>(&self, f: F) -> impl Future<Output = Shared<T>> + Send + 'static
    where
        T: Send + 'static,
        F: FnOnce(&mut Store) -> store::Result<T> + Send + 'static,
    {
        let busy = Busy::enter(&self.busy);
        let answer = self.handle.call(f);
        async move {
            let result = answer.await;
            drop(busy);
            result
        }
    }
}

/// Counts a call as in flight until it is dropped, so a cancelled call never leaves "Working…" on.
struct Busy(Arc<AtomicUsize>);

impl Busy {
    fn enter(counter: &Arc<AtomicUsize>) -> Self {
        counter.fetch_add(1, Ordering::Relaxed);
        Busy(counter.clone())
    }
}

impl Drop for Busy {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::Relaxed);
    }
}

/// A workspace ready to use.
#[derive(Debug, Clone)]
pub struct Opened {
    pub workspace: Workspace,
    pub counts: Counts,
    pub created_demo: bool,
    /// Why the workspace is read-only, if it is.
    pub read_only: Option<&'static str>,
}

/// Opens (creating if needed) the workspace at `path` off the UI thread. A demo workspace that is
/// still empty is filled with the demo data first. `key` unlocks an encrypted workspace; `actor` is
/// the name the change log records (the operating-system user when `None`).
pub fn open(
    path: PathBuf,
    demo: bool,
    key: Option<store::Passphrase>,
    actor: Option<String>,
) -> impl Future<Output = Shared<Opened>> + Send + 'static {
    let work = super::timer::blocking(move || -> store::Result<Opened> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| store::Error::CannotOpen {
                path: path.clone(),
                reason: e.to_string(),
            })?;
        }
        let mut store = Store::open_with(&path, key.as_ref())?;
        if let Some(actor) = actor {
            store.set_actor(actor);
        }
        let read_only = store.read_only();
        let mut counts = store.counts()?;
        let created_demo = demo && read_only.is_none() && counts == Counts::default();
        if created_demo {
            let today = chrono::Utc::now().date_naive();
            let options = DemoOptions::new(DEMO_CONTACTS, 7, today);
            demo::generate(&mut store, &options, &mut |_, _| {})?;
            counts = store.counts()?;
        }
        let handle = Handle::spawn(store).map_err(|e| store::Error::CannotOpen {
            path: path.clone(),
            reason: e.to_string(),
        })?;
        Ok(Opened {
            workspace: Workspace::new(handle),
            counts,
            created_demo,
            read_only,
        })
    });
    async move {
        match work.await {
            Some(result) => result.map_err(Arc::new),
            None => Err(Arc::new(store::Error::NotAllowed(
                "the workspace could not be opened: no thread could be started".into(),
            ))),
        }
    }
}
