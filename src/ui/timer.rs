//! A delay that works under any executor (the window's and the tests' plain `block_on`), used to
//! debounce typing: a parked thread is cheap next to a query per keystroke.

use std::future::Future;
use std::time::Duration;

use futures::channel::oneshot;

pub fn after(delay: Duration) -> impl Future<Output = ()> + Send + 'static {
    let (done, wait) = oneshot::channel::<()>();
    let spawned = std::thread::Builder::new()
        .name("kith-timer".into())
        .spawn(move || {
            std::thread::sleep(delay);
            let _ = done.send(());
        });
    async move {
        // If no thread could be started, fire at once: a search without its debounce still works.
        if spawned.is_ok() {
            let _ = wait.await;
        }
    }
}

/// Runs blocking work (opening a file, generating the demo) on its own thread.
pub fn blocking<T, F>(work: F) -> impl Future<Output = Option<T>> + Send + 'static
where
    T: Send + 'static,
    F: FnOnce() -> T + Send + 'static,
{
    let (reply, answer) = oneshot::channel();
    let spawned = std::thread::Builder::new()
        .name("kith-work".into())
        .spawn(move || {
            let _ = reply.send(work());
        });
    async move {
        spawned.ok()?;
        answer.await.ok()
    }
}
