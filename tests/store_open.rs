//! Opening workspace files: new ones are created at the latest schema; files Kith must not touch
//! (a newer Kith's, another program's, not a database at all) are refused and left byte for byte.

mod common;

use kith::store::{Error, LATEST_VERSION, Store};

fn pragma(path: &std::path::Path, name: &str) -> i64 {
    let conn = rusqlite::Connection::open(path).unwrap();
    conn.query_row(&format!("PRAGMA {name}"), [], |r| r.get(0))
        .unwrap()
}

#[test]
fn a_new_workspace_is_created_at_the_latest_schema_in_wal_mode() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nested/folder/kith.db");
    let store = Store::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), LATEST_VERSION);
    assert!(store.check().unwrap().is_ok());
    assert!(
        store
            .meta("created_by")
            .unwrap()
            .unwrap()
            .starts_with("Kith ")
    );
    drop(store);
    assert_eq!(pragma(&path, "user_version"), LATEST_VERSION);
    let conn = rusqlite::Connection::open(&path).unwrap();
    let mode: String = conn
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
}

#[test]
fn an_empty_file_and_an_empty_sqlite_database_become_workspaces() {
    let dir = tempfile::tempdir().unwrap();
    let zero = dir.path().join("zero.db");
    std::fs::write(&zero, b"").unwrap();
    assert_eq!(
        Store::open(&zero).unwrap().schema_version().unwrap(),
        LATEST_VERSION
    );
    let blank = dir.path().join("blank.db");
    rusqlite::Connection::open(&blank)
        .unwrap()
        .execute_batch("PRAGMA user_version = 0")
        .unwrap();
    assert_eq!(
        Store::open(&blank).unwrap().schema_version().unwrap(),
        LATEST_VERSION
    );
}

#[test]
fn reopening_keeps_the_data_and_does_not_migrate_again() {
    let (dir, mut store) = common::workspace();
    common::contact(&mut store, "Ada", "Lovelace");
    drop(store);
    let store = Store::open(dir.path().join("kith.db")).unwrap();
    assert_eq!(
        store
            .check()
            .unwrap()
            .tables
            .iter()
            .find(|t| t.table == "contacts")
            .unwrap()
            .rows,
        1
    );
}

#[test]
fn a_file_from_a_newer_kith_is_refused_and_left_untouched() {
    let (dir, store) = common::workspace();
    let path = store.path().to_path_buf();
    drop(store);
    let newer = LATEST_VERSION + 1;
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch(&format!(
            "PRAGMA user_version = {newer}; PRAGMA wal_checkpoint(TRUNCATE);"
        ))
        .unwrap();
        conn.pragma_update(None, "journal_mode", "DELETE").unwrap();
    }
    let before = std::fs::read(&path).unwrap();
    match Store::open(&path) {
        Err(Error::TooNew {
            found, supported, ..
        }) => assert_eq!((found, supported), (newer, LATEST_VERSION)),
        Err(other) => panic!("expected TooNew, got {other}"),
        Ok(_) => panic!("a newer workspace was opened"),
    }
    let message = Store::open(&path).err().unwrap().to_string();
    assert!(
        message.contains("newer Kith") && message.contains("not changed"),
        "{message}"
    );
    assert_eq!(
        std::fs::read(&path).unwrap(),
        before,
        "the file was modified"
    );
    assert!(
        !dir.path().join("kith.db-wal").exists(),
        "a WAL file was left beside it"
    );
}

#[test]
fn files_that_are_not_kith_workspaces_are_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let text = dir.path().join("notes.txt");
    std::fs::write(&text, "shopping list: beans, filters\n".repeat(200)).unwrap();
    let other = dir.path().join("other.sqlite");
    {
        let conn = rusqlite::Connection::open(&other).unwrap();
        conn.execute_batch("CREATE TABLE songs (title TEXT); INSERT INTO songs VALUES ('x');")
            .unwrap();
    }
    for path in [&text, &other] {
        let before = std::fs::read(path).unwrap();
        let err = Store::open(path).err().expect("refused");
        assert!(matches!(err, Error::NotAWorkspace { .. }), "{err}");
        assert!(err.to_string().contains("not a Kith workspace"), "{err}");
        assert_eq!(std::fs::read(path).unwrap(), before);
    }
}

/// A folder or a device is no workspace: `/dev/null` is 0 bytes long, and taking it for a new
/// workspace would write (as root, replace) the device. A named pipe stands in for it here.
#[cfg(unix)]
#[test]
fn a_folder_or_a_pipe_is_refused_and_left_as_it_is() {
    use std::os::unix::fs::FileTypeExt;
    let dir = tempfile::tempdir().unwrap();
    let refused = |path: &std::path::Path, words: &str| match Store::open(path) {
        Err(Error::NotAWorkspace { reason, .. }) => assert!(reason.contains(words), "{reason}"),
        Err(e) => panic!("{}: {e}", path.display()),
        Ok(_) => panic!("{} opened as a workspace", path.display()),
    };
    refused(dir.path(), "folder");
    let pipe = dir.path().join("pipe");
    let made = std::process::Command::new("mkfifo").arg(&pipe).status();
    if made.is_ok_and(|s| s.success()) {
        refused(&pipe, "device or pipe");
        let meta = std::fs::symlink_metadata(&pipe).unwrap();
        assert!(meta.file_type().is_fifo());
        let demo = std::process::Command::new(env!("CARGO_BIN_EXE_kith"))
            .args(["demo", "--force", "--db"])
            .arg(&pipe)
            .output()
            .unwrap();
        assert!(!demo.status.success());
        let meta = std::fs::symlink_metadata(&pipe).unwrap();
        assert!(meta.file_type().is_fifo(), "demo --force replaced the pipe");
    }
}

/// An empty file made beforehand becomes a workspace only its owner can read, with its journal
/// files, as a file Kith creates does.
#[cfg(unix)]
#[test]
fn an_empty_file_made_readable_by_all_becomes_a_private_workspace() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("made-before.db");
    std::fs::write(&path, b"").unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
    let store = Store::open(&path).unwrap();
    let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&path), 0o600);
    let mut wal = path.clone().into_os_string();
    wal.push("-wal");
    assert_eq!(mode(std::path::Path::new(&wal)), 0o600);
    drop(store);
}
