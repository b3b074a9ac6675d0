//! The first moments of a process: SQLite marks itself started before SQLCipher's own start-up has
//! run, so a thread that keys a workspace while another thread's first open is still inside that
//! start-up was refused ("PRAGMA key requires a key of one or more characters"). This binary holds
//! this one test so that the race is at the process's real start.

use std::sync::{Arc, Barrier};

use kith::store::{Passphrase, Store};

#[test]
fn workspaces_opened_at_once_at_start_up_all_open_encrypted_or_not() {
    let dir = tempfile::tempdir().unwrap();
    let threads = 8;
    let start = Arc::new(Barrier::new(threads));
    let opened: Vec<_> = (0..threads)
        .map(|i| {
            let start = Arc::clone(&start);
            let path = dir.path().join(format!("w{i}.db"));
            std::thread::spawn(move || {
                let key = (i % 2 == 1).then(|| Passphrase::new("pw").unwrap());
                start.wait();
                Store::open_with(&path, key.as_ref())
                    .map(|store| store.is_encrypted())
                    .map_err(|e| format!("workspace {i}: {e}"))
            })
        })
        .collect();
    for (i, handle) in opened.into_iter().enumerate() {
        assert_eq!(handle.join().unwrap(), Ok(i % 2 == 1));
    }
}
