//! Shared set-up for the integration tests: a fresh workspace in a temporary directory.
#![allow(dead_code)] // each test binary uses its own subset of these helpers

use kith::store::Store;
use tempfile::TempDir;

pub fn workspace() -> (TempDir, Store) {
    let dir = tempfile::tempdir().expect("temporary directory");
    let store = Store::open(dir.path().join("kith.db")).expect("new workspace opens");
    (dir, store)
}
