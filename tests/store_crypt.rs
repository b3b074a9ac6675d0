//! The workspace passphrase: an encrypted file is noise without it, a wrong one is named as such,
//! and encrypting, decrypting and re-keying keep every record.

mod common;

use kith::store::{self, Error, Passphrase, Store};

fn key(text: &str) -> Passphrase {
    Passphrase::new(text).unwrap()
}

fn plain_sqlite_cannot_read(path: &std::path::Path) {
    let bytes = std::fs::read(path).unwrap();
    assert!(
        !bytes.starts_with(b"SQLite format 3"),
        "the header is in the clear"
    );
    assert!(
        !bytes.windows(8).any(|w| w == b"Lovelace"),
        "a contact's name is in the clear"
    );
    let conn = rusqlite::Connection::open(path).unwrap();
    assert!(
        conn.query_row("SELECT count(*) FROM sqlite_schema", [], |r| r
            .get::<_, i64>(0))
            .is_err()
    );
    // The real sqlite3 tool, where the machine has it.
    if let Ok(out) = std::process::Command::new("sqlite3")
        .arg(path)
        .arg("SELECT count(*) FROM contacts;")
        .output()
    {
        assert!(
            !out.status.success() || !out.stderr.is_empty(),
            "sqlite3 read it"
        );
    }
}

#[test]
fn an_encrypted_workspace_needs_its_passphrase_and_names_a_wrong_one() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("secret.db");
    let mut store = Store::open_with(&path, Some(&key("correct horse"))).unwrap();
    assert!(store.is_encrypted());
    common::contact(&mut store, "Ada", "Lovelace");
    drop(store);

    plain_sqlite_cannot_read(&path);
    assert!(matches!(
        Store::open(&path),
        Err(Error::NeedsPassphrase { .. })
    ));
    let wrong = Store::open_with(&path, Some(&key("battery staple")))
        .err()
        .unwrap();
    assert!(matches!(wrong, Error::WrongPassphrase { .. }), "{wrong}");
    assert!(wrong.to_string().contains("wrong passphrase"));
    let store = Store::open_with(&path, Some(&key("correct horse"))).unwrap();
    assert_eq!(store.counts().unwrap().contacts, 1);
    // Search (FTS5) works on the encrypted file too.
    assert!(!store.search("Lovelace", 5).unwrap().is_empty());
}

#[test]
fn encrypt_rekey_decrypt_keep_every_record() {
    let (dir, mut store) = common::workspace();
    common::contact(&mut store, "Ada", "Lovelace");
    drop(store);
    let path = dir.path().join("kith.db");

    store::encrypt(&path, &key("one")).unwrap();
    plain_sqlite_cannot_read(&path);
    assert!(!dir.path().join("kith.db-wal").exists());
    store::rekey(&path, &key("one"), &key("two")).unwrap();
    assert!(matches!(
        Store::open_with(&path, Some(&key("one"))),
        Err(Error::WrongPassphrase { .. })
    ));
    let store = Store::open_with(&path, Some(&key("two"))).unwrap();
    assert_eq!(store.counts().unwrap().contacts, 1);
    assert!(store.check().unwrap().is_ok());
    drop(store);

    store::decrypt(&path, &key("two")).unwrap();
    let store = Store::open(&path).unwrap();
    assert!(!store.is_encrypted());
    assert_eq!(store.counts().unwrap().contacts, 1);
    assert_eq!(store.schema_version().unwrap(), store::LATEST_VERSION);
}

#[test]
fn backups_of_an_encrypted_workspace_stay_encrypted() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("secret.db");
    let mut store = Store::open_with(&path, Some(&key("pw"))).unwrap();
    common::contact(&mut store, "Ada", "Lovelace");
    let snapshot = store.backup_into(&dir.path().join("snaps")).unwrap();
    plain_sqlite_cannot_read(&snapshot.path);
    assert!(matches!(
        store::verify_snapshot(&snapshot.path, None),
        Err(Error::NeedsPassphrase { .. })
    ));
    store::verify_snapshot(&snapshot.path, Some(&key("pw"))).unwrap();
    common::contact(&mut store, "Grace", "Hopper");
    store.restore_from(&snapshot.path).unwrap();
    assert_eq!(store.counts().unwrap().contacts, 1);
}

/// A decryption killed part-way left its half-written copy beside the workspace: the data in
/// plain text. Opening the workspace for work (which a running conversion's lock prevents)
/// removes it.
#[test]
fn a_conversion_killed_part_way_leaves_no_copy_once_the_workspace_is_opened() {
    let (dir, mut store) = common::workspace();
    common::contact(&mut store, "Ada", "Lovelace");
    drop(store);
    let path = dir.path().join("kith.db");
    let partial = dir.path().join("kith.db.converting");
    let journal = dir.path().join("kith.db.converting-journal");
    std::fs::write(&partial, b"Ada Lovelace in plain text").unwrap();
    std::fs::write(&journal, b"journal").unwrap();
    let store = Store::open(&path).unwrap();
    assert!(!partial.exists() && !journal.exists());
    assert_eq!(store.counts().unwrap().contacts, 1);
}

/// A snapshot taken before `encrypt` (or `decrypt`) cannot go into the workspace in place: the
/// refusal says why and how to get at it, and writes no safety snapshot first.
#[test]
fn a_snapshot_from_before_encrypting_or_decrypting_is_refused_with_the_way_to_it() {
    let (dir, mut store) = common::workspace();
    common::contact(&mut store, "Ada", "Lovelace");
    let path = dir.path().join("kith.db");
    let snaps = dir.path().join("snaps");
    let plain = store.backup_into(&snaps).unwrap();
    drop(store);
    store::encrypt(&path, &key("pw")).unwrap();
    let mut store = Store::open_with(&path, Some(&key("pw"))).unwrap();
    let encrypted = store.backup_into(&snaps).unwrap();
    let safety = store::default_backup_dir(&path);
    let before = store::snapshots(&safety, &path).unwrap().len();
    let refused = store.restore_from(&plain.path).unwrap_err().to_string();
    assert!(
        refused.contains("is not encrypted") && refused.contains("--db NEW.db"),
        "{refused}"
    );
    assert_eq!(store::snapshots(&safety, &path).unwrap().len(), before);
    drop(store);

    store::decrypt(&path, &key("pw")).unwrap();
    let mut store = Store::open(&path).unwrap();
    let refused = store.restore_from(&encrypted.path).unwrap_err().to_string();
    assert!(
        refused.contains("is encrypted and the workspace"),
        "{refused}"
    );
    assert_eq!(store.counts().unwrap().contacts, 1);
}
