//! The end of a process: SQLCipher frees its state in its exit handlers, so a workspace still open on
//! another thread then crashes as it closes. The window waits for every open workspace before it
//! returns. This binary holds this one test because the count it reads is the whole process's.

use std::sync::mpsc;
use std::time::Duration;

use kith::store::{Passphrase, Store, wait_until_all_closed};

#[test]
fn the_end_of_the_process_waits_for_a_workspace_open_on_another_thread() {
    assert!(wait_until_all_closed(Duration::ZERO), "nothing is open yet");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("w.db");
    let (opened, is_open) = mpsc::channel();
    let (close, closed) = mpsc::channel::<()>();
    let holder = std::thread::spawn(move || {
        let key = Passphrase::new("pw").unwrap();
        let store = Store::open_with(&path, Some(&key)).unwrap();
        opened.send(()).unwrap();
        let _ = closed.recv();
        drop(store);
    });
    is_open.recv().unwrap();
    assert!(
        !wait_until_all_closed(Duration::from_millis(100)),
        "the other thread's workspace is open"
    );
    close.send(()).unwrap();
    assert!(wait_until_all_closed(Duration::from_secs(30)));
    assert!(
        !dir.path().join("w.db-wal").exists(),
        "closed means closed: the write-ahead log is folded in"
    );
    holder.join().unwrap();

    // A workspace that fails to open is not counted as open.
    std::fs::write(dir.path().join("junk.db"), b"not a database, clearly not").unwrap();
    assert!(Store::open(dir.path().join("junk.db")).is_err());
    assert!(wait_until_all_closed(Duration::ZERO));
}
