//! What Kith does with a file that is damaged, too new, read-only or shared: it refuses or limits
//! itself with a clear error, and never changes a byte it was not asked to.

mod common;

use std::path::Path;

use kith::demo::{self, DemoOptions};
use kith::store::{self, Error, LATEST_VERSION, Store};

fn demo_workspace(dir: &Path, contacts: u64) -> std::path::PathBuf {
    let path = dir.join("kith.db");
    let mut store = Store::open(&path).unwrap();
    let today = chrono::NaiveDate::from_ymd_opt(2025, 3, 1).unwrap();
    demo::generate(
        &mut store,
        &DemoOptions::new(contacts, 5, today),
        &mut |_, _| {},
    )
    .unwrap();
    path
}

#[test]
fn a_damaged_file_is_reported_as_damaged_and_left_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo_workspace(dir.path(), 200);
    common::damage::scramble_pages(&path);
    let before = std::fs::read(&path).unwrap();
    match Store::open(&path) {
        Err(Error::Damaged { problems, .. }) => assert!(!problems.is_empty()),
        Err(other) => panic!("expected Damaged, got {other}"),
        Ok(_) => panic!("a damaged workspace was opened"),
    }
    assert_eq!(
        std::fs::read(&path).unwrap(),
        before,
        "the file was changed"
    );
}

/// A file that passed the open-time check and has not changed since is not read whole again (on a
/// large workspace that check costs seconds per command), but any write to it, damage included,
/// brings the check back.
#[test]
fn an_unchanged_file_is_not_checked_twice_but_a_changed_one_is() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo_workspace(dir.path(), 200);
    // As if written a minute ago: settled, so a passed check is recorded.
    let a_minute_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(60);
    let age = |path: &Path| {
        std::fs::File::options()
            .write(true)
            .open(path)
            .unwrap()
            .set_modified(a_minute_ago)
            .unwrap()
    };
    age(&path);
    drop(Store::open(&path).unwrap());
    age(&path);
    drop(Store::open(&path).unwrap());
    // Damage written now changes the file's modification time: the check runs and finds it.
    common::damage::scramble_pages(&path);
    assert!(matches!(Store::open(&path), Err(Error::Damaged { .. })));
}

#[test]
fn a_damaged_file_is_offered_its_newest_good_backup_and_restored_from_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo_workspace(dir.path(), 200);
    let backups = store::default_backup_dir(&path);
    let contacts = {
        let store = Store::open(&path).unwrap();
        store.backup_into(&backups).unwrap();
        store.counts().unwrap().contacts
    };
    // A newer snapshot that is itself broken must be passed over.
    std::thread::sleep(std::time::Duration::from_millis(1100));
    let broken = Store::open(&path).unwrap().backup_into(&backups).unwrap();
    common::damage::scramble_pages(&broken.path);
    common::damage::scramble_pages(&path);

    let offer = store::newest_good(&backups, &path, None).expect("a good backup is offered");
    assert_ne!(offer.path, broken.path);
    let aside = store::restore_file(&offer.path, &path, None)
        .unwrap()
        .expect("the damaged file is kept");
    assert!(aside.exists());
    let store = Store::open(&path).unwrap();
    assert!(store.check().unwrap().is_ok());
    assert_eq!(store.counts().unwrap().contacts, contacts);
}

#[test]
fn a_newer_schema_is_refused_even_when_it_is_in_wal_mode() {
    let (dir, store) = common::workspace();
    let path = store.path().to_path_buf();
    drop(store);
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch(&format!("PRAGMA user_version = {}", LATEST_VERSION + 5))
            .unwrap();
    }
    let before = std::fs::read(&path).unwrap();
    assert!(matches!(Store::open(&path), Err(Error::TooNew { .. })));
    assert_eq!(std::fs::read(&path).unwrap(), before);
    assert!(!dir.path().join("kith.db-wal").exists());
}

#[test]
fn two_windows_on_one_file_both_write_safely() {
    let (dir, mut first) = common::workspace();
    let mut second = Store::open(dir.path().join("kith.db")).unwrap();
    for n in 0..20 {
        common::contact(&mut first, "First", &n.to_string());
        common::contact(&mut second, "Second", &n.to_string());
    }
    assert_eq!(first.counts().unwrap().contacts, 40);
    assert_eq!(second.counts().unwrap().contacts, 40);
    // Undo in one window takes back that window's newest change set — the other window's writes
    // are not lost to it.
    first.undo().unwrap();
    assert_eq!(second.counts().unwrap().contacts, 39);
    assert!(second.check().unwrap().is_ok());
}

#[test]
fn a_form_saved_in_one_window_keeps_what_the_other_window_saved_meanwhile() {
    let (dir, mut first) = common::workspace();
    let mut second = Store::open(dir.path().join("kith.db")).unwrap();
    let id = common::contact(&mut first, "Hana", "Smith");
    // The first window opens the edit form; the second saves a phone number.
    let base = first.contact(id).unwrap().fields;
    let mut phoned = base.clone();
    phoned.phones = vec![kith::domain::Phone {
        number: "+44 161 555 1111".into(),
        label: String::new(),
    }];
    second
        .save_contact(Some(id), phoned, None, Some(&base))
        .unwrap();
    // The first window saves its job title.
    let mut titled = base.clone();
    titled.job_title = "Chef".into();
    let saved = first
        .save_contact(Some(id), titled, None, Some(&base))
        .unwrap();
    assert_eq!(saved.fields.job_title, "Chef");
    assert_eq!(saved.fields.phones[0].number, "+44 161 555 1111");
    // Saving the form untouched changes nothing, not even when it was last changed.
    let before = first.contact(id).unwrap();
    let logged = |s: &Store| {
        s.history(kith::domain::Entity::Contact, id.0, 50)
            .unwrap()
            .len()
    };
    let entries = logged(&first);
    let again = first
        .save_contact(Some(id), before.fields.clone(), None, Some(&before.fields))
        .unwrap();
    assert_eq!(again.updated_at, before.updated_at);
    assert_eq!(first.contact(id).unwrap(), before);
    assert_eq!(logged(&first), entries, "no change logged");

    // Erased from the other window while the form was open: the save is refused, not written
    // onto the erased record.
    second.erase_person(id).unwrap();
    let mut phoned = before.fields.clone();
    phoned.phones = vec![kith::domain::Phone {
        number: "+44 161 555 2222".into(),
        label: String::new(),
    }];
    let refused = first
        .save_contact(Some(id), phoned, None, Some(&before.fields))
        .unwrap_err()
        .to_string();
    assert!(
        refused.contains("was erased at their request while you edited them"),
        "{refused}"
    );
    assert!(first.contact(id).unwrap().fields.phones.is_empty());

    // A company deleted elsewhere likewise.
    let company = first
        .create_company(kith::domain::CompanyFields {
            name: "Acme".into(),
            ..Default::default()
        })
        .unwrap();
    second.delete(company.id).unwrap();
    let mut renamed = company.fields.clone();
    renamed.industry = "Rockets".into();
    let refused = first
        .update_company(company.id, renamed, Some(&company.fields))
        .unwrap_err()
        .to_string();
    assert!(refused.contains("Acme was deleted"), "{refused}");
}

/// Whether this process holds a POSIX lock on `path`, as the kernel lists it in /proc/locks
/// ("1: POSIX  ADVISORY  READ 4242 08:01:131075 128 128").
#[cfg(target_os = "linux")]
fn locked_by_us(path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    let inode = std::fs::metadata(path).unwrap().ino().to_string();
    let pid = std::process::id().to_string();
    std::fs::read_to_string("/proc/locks")
        .unwrap()
        .lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>())
        .any(|f| {
            f.get(1) == Some(&"POSIX")
                && f.get(4) == Some(&pid.as_str())
                && f.get(5).and_then(|d| d.rsplit(':').next()) == Some(inode.as_str())
        })
}

/// The window's analysis worker opens the workspace a second time while the window has it open.
/// Closing any descriptor of a file drops the process's locks on it; a header read that did so
/// left the window's workspace unlocked, so another program could delete its write-ahead log.
#[cfg(target_os = "linux")]
#[test]
fn opening_an_open_workspace_again_keeps_it_locked() {
    let (dir, mut window) = common::workspace();
    let path = dir.path().join("kith.db");
    common::contact(&mut window, "Before", "Worker");
    assert!(locked_by_us(&path), "an open workspace is locked");
    let worker = Store::open(&path).unwrap();
    assert_eq!(worker.counts().unwrap().contacts, 1);
    drop(worker);
    assert!(locked_by_us(&path), "still locked once the worker is done");
    common::contact(&mut window, "After", "Worker");
    assert!(locked_by_us(&path));
}

#[test]
fn an_operation_that_replaces_the_file_waits_for_the_other_window_to_close() {
    let (dir, store) = common::workspace();
    let path = dir.path().join("kith.db");
    let key = store::Passphrase::new("s3cret").unwrap();
    match store::encrypt(&path, &key) {
        Err(Error::InUse { .. }) => {}
        other => panic!("expected InUse while another window is open, got {other:?}"),
    }
    drop(store);
    store::encrypt(&path, &key).unwrap();
}

#[cfg(unix)]
#[test]
fn new_workspaces_and_their_journal_are_owner_only() {
    use std::os::unix::fs::PermissionsExt;
    let (dir, mut store) = common::workspace();
    common::contact(&mut store, "Ada", "Lovelace");
    for name in ["kith.db", "kith.db-wal", "kith.db-shm"] {
        let mode = std::fs::metadata(dir.path().join(name))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600, "{name} is {:o}", mode & 0o777);
    }
}

#[test]
fn a_read_only_store_refuses_writes_with_the_reason() {
    // The permission side (a 0444 file, a read-only folder) needs a non-root user and is tested
    // through the binary in tests/cli_safety.rs; here the store's own behaviour once read-only.
    let (dir, mut store) = common::workspace();
    common::contact(&mut store, "Ada", "Lovelace");
    drop(store);
    let path = dir.path().join("kith.db");
    let mut perms = std::fs::metadata(&path).unwrap().permissions();
    perms.set_readonly(true);
    std::fs::set_permissions(&path, perms).unwrap();
    let store = Store::open(&path);
    if running_as_root() {
        // root may write anyway, so Kith rightly opens the file for writing.
        assert!(store.unwrap().read_only().is_none());
        return;
    }
    let mut store = store.unwrap();
    assert_eq!(store.read_only(), Some("the file is read-only"));
    assert_eq!(store.counts().unwrap().contacts, 1);
    let err = common::contact_result(&mut store, "Grace", "Hopper").unwrap_err();
    assert!(matches!(err, Error::ReadOnly(_)), "{err}");
}

fn running_as_root() -> bool {
    std::env::var("USER").is_ok_and(|u| u == "root")
        || std::fs::read_to_string("/proc/self/status").is_ok_and(|s| {
            s.lines()
                .find(|l| l.starts_with("Uid:"))
                .is_some_and(|l| l.split_whitespace().nth(1) == Some("0"))
        })
}

/// A record's history names the records it links to ("Company: Café Ørsted"), not their ids, and
/// its choices by their labels ("Lead", not "lead").
#[test]
fn history_names_the_company_a_contact_was_given() {
    let (_dir, mut store) = common::workspace();
    let cafe = store
        .create_company(kith::domain::CompanyFields {
            name: "Café Ørsted".into(),
            ..Default::default()
        })
        .unwrap();
    let ada = store
        .create_contact(kith::domain::ContactFields {
            first_name: "Ada".into(),
            company_id: Some(cafe.id),
            ..Default::default()
        })
        .unwrap();
    let history = store
        .history(kith::domain::Entity::Contact, ada.id.0, 10)
        .unwrap();
    let company = history[0]
        .fields
        .iter()
        .find(|c| c.field == "company")
        .expect("the company is in the history");
    assert_eq!(company.new, serde_json::json!("Café Ørsted"));
    // And choices in the screens' words, not as stored.
    let stage = history[0]
        .fields
        .iter()
        .find(|c| c.field == "lifecycle")
        .expect("the stage is in the history");
    assert_eq!(stage.new, serde_json::json!("Lead"));
}
