//! Snapshots: written while the workspace is open, verified, rotated, and restored — in place or
//! over a file that is gone.

mod common;

use kith::store::{self, BackupPolicy, Store};

#[test]
fn backup_then_restore_brings_back_exactly_what_was_saved() {
    let (dir, mut store) = common::workspace();
    common::contact(&mut store, "Ada", "Lovelace");
    let snapshot = store.backup_into(&dir.path().join("snaps")).unwrap();
    assert!(snapshot.bytes > 0);
    assert_eq!(
        store::verify_snapshot(&snapshot.path, None).unwrap(),
        store::LATEST_VERSION
    );

    let grace = common::contact(&mut store, "Grace", "Hopper");
    assert_eq!(store.counts().unwrap().contacts, 2);
    let safety = store.restore_from(&snapshot.path).unwrap();
    assert_eq!(store.counts().unwrap().contacts, 1);
    assert!(store.contact(grace).is_err(), "the later contact is gone");
    assert!(store.check().unwrap().is_ok());
    // Writing still works after a restore, and the restore itself can be undone from `safety`.
    common::contact(&mut store, "Mary", "Somerville");
    store.restore_from(&safety.path).unwrap();
    assert_eq!(store.counts().unwrap().contacts, 2);
    drop(store);
    let reopened = Store::open(dir.path().join("kith.db")).unwrap();
    assert_eq!(reopened.counts().unwrap().contacts, 2);
}

#[test]
fn a_restore_reaches_another_window_on_the_same_file() {
    let (dir, mut store) = common::workspace();
    let snapshot = store.backup_into(dir.path()).unwrap();
    common::contact(&mut store, "Ada", "Lovelace");
    let other = Store::open(dir.path().join("kith.db")).unwrap();
    assert_eq!(other.counts().unwrap().contacts, 1);
    store.restore_from(&snapshot.path).unwrap();
    assert_eq!(other.counts().unwrap().contacts, 0);
}

#[test]
fn a_missing_workspace_is_rebuilt_from_a_snapshot() {
    let (dir, mut store) = common::workspace();
    common::contact(&mut store, "Ada", "Lovelace");
    let snapshot = store.backup_into(&dir.path().join("snaps")).unwrap();
    let elsewhere = dir.path().join("new/place.db");
    std::fs::create_dir_all(elsewhere.parent().unwrap()).unwrap();
    assert_eq!(
        store::restore_file(&snapshot.path, &elsewhere, None).unwrap(),
        None
    );
    assert_eq!(
        Store::open(&elsewhere).unwrap().counts().unwrap().contacts,
        1
    );
}

#[test]
fn automatic_backups_happen_at_most_daily_and_keep_the_newest_n() {
    let (dir, store) = common::workspace();
    let policy = BackupPolicy {
        dir: dir.path().join("auto"),
        keep: 2,
    };
    assert!(store.auto_backup(&policy).unwrap().is_some());
    assert!(
        store.auto_backup(&policy).unwrap().is_none(),
        "a second snapshot the same day"
    );
    // Snapshots named as if taken on earlier days: the oldest go when rotation runs.
    let tag = store.snapshot_tag().unwrap();
    for day in ["20200101", "20200102", "20200103"] {
        std::fs::write(
            policy.dir.join(format!("kith-{tag}-{day}-120000.kithbak")),
            b"old",
        )
        .unwrap();
    }
    store.prune_snapshots(&policy.dir, policy.keep).unwrap();
    let left = store::snapshots(&policy.dir, store.path()).unwrap();
    assert_eq!(left.len(), 2);
    assert!(left[0].taken > left[1].taken, "newest first");
    assert!(
        left[1]
            .path
            .ends_with(format!("kith-{tag}-20200103-120000.kithbak"))
    );
}

/// Every default workspace is kith.db: two of them (two machines, two people) backing up to one
/// shared folder with --keep each keep their own snapshots, and never delete the other's, nor a
/// snapshot whose owner its name does not tell.
#[test]
fn pruning_in_a_shared_folder_leaves_another_workspaces_snapshots_of_the_same_name() {
    let (dir_a, a) = common::workspace();
    let (_dir_b, b) = common::workspace();
    let shared = dir_a.path().join("usb");
    std::fs::create_dir_all(&shared).unwrap();
    std::fs::write(shared.join("kith-20200101-120000.kithbak"), b"untagged").unwrap();
    for _ in 0..2 {
        for store in [&a, &b] {
            store.backup_into(&shared).unwrap();
            store.prune_snapshots(&shared, 1).unwrap();
        }
    }
    let listed = store::snapshots(&shared, a.path()).unwrap();
    let tags: Vec<Option<String>> = listed.iter().map(|s| s.tag.clone()).collect();
    assert_eq!(listed.len(), 3, "{listed:?}");
    assert!(tags.contains(&a.snapshot_tag()) && tags.contains(&b.snapshot_tag()));
    assert!(tags.contains(&None), "the untagged one stays");
    assert_ne!(a.snapshot_tag(), b.snapshot_tag());
    // The daily snapshot is due by this workspace's own, not by another's taken today.
    let (_dir_c, c) = common::workspace();
    let policy = BackupPolicy {
        dir: shared.clone(),
        keep: 3,
    };
    assert!(c.auto_backup(&policy).unwrap().is_some());
}

/// A workspace copied to another folder (a laptop's copy of the office file) backing up to the
/// same stick as the original: each keeps its own snapshots. A workspace moved keeps its tag, so
/// its earlier snapshots are still pruned as its own.
#[test]
fn a_copied_workspace_takes_its_own_tag_and_a_moved_one_keeps_its() {
    let (dir, original) = common::workspace();
    let tag = original.snapshot_tag().unwrap();
    let shared = dir.path().join("usb");
    original.backup_into(&shared).unwrap();
    drop(original);
    let laptop = dir.path().join("laptop");
    std::fs::create_dir_all(&laptop).unwrap();
    std::fs::copy(dir.path().join("kith.db"), laptop.join("kith.db")).unwrap();

    let copy = Store::open(laptop.join("kith.db")).unwrap();
    let copy_tag = copy.snapshot_tag().unwrap();
    assert_ne!(copy_tag, tag, "the copy names its snapshots apart");
    assert_eq!(
        copy.snapshot_tag().unwrap(),
        copy_tag,
        "and keeps that name"
    );
    copy.backup_into(&shared).unwrap();
    copy.prune_snapshots(&shared, 1).unwrap();
    drop(copy);
    let original = Store::open(dir.path().join("kith.db")).unwrap();
    assert_eq!(original.snapshot_tag().unwrap(), tag);
    assert_eq!(store::snapshots(&shared, original.path()).unwrap().len(), 2);
    drop(original);

    let moved = dir.path().join("moved");
    std::fs::create_dir_all(&moved).unwrap();
    std::fs::rename(dir.path().join("kith.db"), moved.join("kith.db")).unwrap();
    let moved = Store::open(moved.join("kith.db")).unwrap();
    assert_eq!(
        moved.snapshot_tag().unwrap(),
        tag,
        "a moved file is the same workspace"
    );
}

#[test]
fn snapshots_taken_within_a_second_keep_their_order_and_pruning_keeps_the_newest() {
    let (dir, store) = common::workspace();
    let folder = dir.path().join("quick");
    // Twelve snapshots named as if in one second: "-2" … "-12" after the first, which sort
    // wrongly as text ("-10" before "-2", "-3" before none).
    let base = format!("kith-{}-20260101-120000", store.snapshot_tag().unwrap());
    std::fs::create_dir_all(&folder).unwrap();
    std::fs::write(folder.join(format!("{base}.kithbak")), b"1").unwrap();
    for n in 2..=12 {
        std::fs::write(folder.join(format!("{base}-{n}.kithbak")), b"n").unwrap();
    }
    let listed = store::snapshots(&folder, store.path()).unwrap();
    assert!(listed[0].path.ends_with(format!("{base}-12.kithbak")));
    assert!(listed[1].path.ends_with(format!("{base}-11.kithbak")));
    assert!(listed[11].path.ends_with(format!("{base}.kithbak")));
    store.prune_snapshots(&folder, 1).unwrap();
    let left = store::snapshots(&folder, store.path()).unwrap();
    assert_eq!(left.len(), 1);
    assert!(
        left[0].path.ends_with(format!("{base}-12.kithbak")),
        "the newest stays"
    );
}

/// `kith backup --keep 1` run several times in one second (a script): each run's snapshot is the
/// one kept. The freed plain name was once reused, so the newest sorted as the oldest and went.
#[test]
fn backing_up_and_pruning_in_quick_succession_keeps_the_snapshot_just_written() {
    let (dir, store) = common::workspace();
    let folder = dir.path().join("quick");
    for _ in 0..4 {
        let written = store.backup_into(&folder).unwrap();
        store.prune_snapshots(&folder, 1).unwrap();
        assert!(
            written.path.exists(),
            "{} was pruned",
            written.path.display()
        );
        let left = store::snapshots(&folder, store.path()).unwrap();
        assert_eq!(left.len(), 1);
        assert_eq!(left[0].path, written.path);
    }
}

#[test]
fn a_snapshot_that_is_not_a_workspace_is_refused_for_restore() {
    let (dir, mut store) = common::workspace();
    let fake = dir.path().join("fake.kithbak");
    std::fs::write(&fake, "not a database at all").unwrap();
    let refused = store.restore_from(&fake).unwrap_err().to_string();
    // Said as what it is, not as an encrypted file wanting its passphrase.
    assert!(refused.contains("not a Kith backup"), "{refused}");
    assert!(store.check().unwrap().is_ok());
}

#[cfg(unix)]
#[test]
fn snapshots_are_owner_only() {
    use std::os::unix::fs::PermissionsExt;
    let (dir, store) = common::workspace();
    let snapshot = store.backup_into(dir.path()).unwrap();
    let mode = std::fs::metadata(&snapshot.path)
        .unwrap()
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o600);
}

/// A backup killed part-way leaves a half-written snapshot as large as the workspace; the next
/// backup removes those an hour old (a younger one may still be being written).
#[test]
fn a_backup_removes_what_killed_backups_left_half_written() {
    let (dir, store) = common::workspace();
    let folder = dir.path().join("snaps");
    std::fs::create_dir_all(&folder).unwrap();
    let stale = folder.join("kith-20200101-120000.kithbak.partial");
    // SQLite's journal of a copy that failed (a full disk) or was killed.
    let journal = folder.join("kith-20200101-130000.kithbak.partial-journal");
    let fresh = folder.join("kith-20200102-120000.kithbak.partial");
    let others = folder.join("shop-20200101-120000.kithbak.partial");
    for file in [&stale, &journal, &fresh, &others] {
        std::fs::write(file, b"half").unwrap();
    }
    let two_hours_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(7200);
    for file in [&stale, &journal, &others] {
        std::fs::File::options()
            .write(true)
            .open(file)
            .unwrap()
            .set_modified(two_hours_ago)
            .unwrap();
    }
    store.backup_into(&folder).unwrap();
    assert!(!stale.exists(), "the stale one goes");
    assert!(!journal.exists(), "a stale one's journal goes");
    assert!(fresh.exists(), "one that may still be written stays");
    assert!(
        others.exists(),
        "another workspace's is not this one's to remove"
    );
}

/// A restore's safety snapshot holds what the restore replaced, so it does not count as the
/// day's snapshot: the next automatic one (when the window closes) is still taken.
#[test]
fn after_a_restore_the_days_snapshot_is_still_taken() {
    let (dir, mut store) = common::workspace();
    let policy = BackupPolicy {
        dir: store::default_backup_dir(&dir.path().join("kith.db")),
        keep: 7,
    };
    common::contact(&mut store, "Ada", "Lovelace");
    let snapshot = store
        .auto_backup(&policy)
        .unwrap()
        .expect("the first of the day");
    common::contact(&mut store, "Grace", "Hopper");
    assert!(store.auto_backup(&policy).unwrap().is_none(), "one a day");
    store.restore_from(&snapshot.path).unwrap();
    let after = store.auto_backup(&policy).unwrap();
    assert!(after.is_some(), "what the restore brought back is kept too");
    assert!(
        store.auto_backup(&policy).unwrap().is_none(),
        "and then one a day again"
    );
}

/// A workspace emptied to 0 bytes with good snapshots beside it is damaged, not new: it had opened
/// as an empty workspace, and its snapshots went unoffered.
#[test]
fn an_emptied_workspace_with_snapshots_beside_it_is_damaged_not_new() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kith.db");
    {
        let mut s = Store::open(&path).unwrap();
        s.create_contact(kith::domain::ContactFields {
            first_name: "Ada".into(),
            ..Default::default()
        })
        .unwrap();
        s.backup_into(&store::default_backup_dir(&path)).unwrap();
    }
    std::fs::write(&path, b"").unwrap();
    match Store::open(&path) {
        Err(store::Error::Damaged { problems, .. }) => {
            assert_eq!(problems, ["the file is empty (0 bytes)"]);
        }
        other => panic!("expected a damaged workspace, got {:?}", other.map(|_| ())),
    }
    assert_eq!(
        std::fs::metadata(&path).unwrap().len(),
        0,
        "nothing written"
    );
    // With no snapshot beside it, an empty file is still where a new workspace starts.
    let fresh = dir.path().join("new.db");
    std::fs::write(&fresh, b"").unwrap();
    assert!(Store::open(&fresh).is_ok());
}

/// Two windows on one file closing together after a restore take one snapshot between them: each
/// had found it due and written it, and the identical second copy pushed the oldest real backup
/// out of the kept number.
#[test]
fn two_windows_closing_together_take_one_snapshot() {
    let (dir, mut store) = common::workspace();
    let path = dir.path().join("kith.db");
    for i in 0..300 {
        common::contact(&mut store, "Ada", &format!("Lovelace {i}"));
    }
    let snapshot = store.backup_into(&dir.path().join("snaps")).unwrap();
    store.restore_from(&snapshot.path).unwrap();
    drop(store);
    let policy = BackupPolicy::beside(&path, 7);
    let before = store::snapshots(&policy.dir, &path).unwrap().len();
    let start = std::sync::Arc::new(std::sync::Barrier::new(2));
    let windows: Vec<_> = (0..2)
        .map(|_| {
            let (path, policy, start) = (path.clone(), policy.clone(), start.clone());
            std::thread::spawn(move || {
                let window = Store::open(&path).unwrap();
                start.wait();
                window.auto_backup(&policy).unwrap()
            })
        })
        .collect();
    let taken: Vec<_> = windows
        .into_iter()
        .filter_map(|w| w.join().unwrap())
        .collect();
    assert_eq!(taken.len(), 1, "{taken:?}");
    assert_eq!(
        store::snapshots(&policy.dir, &path).unwrap().len(),
        before + 1
    );
}

/// A merge undone before a snapshot is not Redo's after restoring it, in place or over a damaged
/// file: Redo had merged again two people the user had parted.
#[test]
fn a_restore_leaves_nothing_for_redo() {
    let (dir, mut store) = common::workspace();
    let emil = common::contact(&mut store, "Emil", "Popescu");
    let lina = common::contact(&mut store, "Lina", "Meyer");
    store
        .merge_contacts(emil, lina, &std::collections::BTreeMap::new())
        .unwrap();
    store.undo().unwrap();
    let snapshot = store.backup_into(&dir.path().join("snaps")).unwrap();
    assert!(
        store.redo_label().unwrap().is_some(),
        "Redo is offered before"
    );
    store.restore_from(&snapshot.path).unwrap();
    assert_eq!(store.redo_label().unwrap(), None);
    assert_eq!(store.redo().unwrap(), None);
    assert!(store.contact(lina).unwrap().deleted_at.is_none());
    drop(store);

    let other = dir.path().join("restored.db");
    store::restore_file(&snapshot.path, &other, None).unwrap();
    let restored = Store::open(&other).unwrap();
    assert_eq!(restored.redo_label().unwrap(), None);
}

/// The snapshot a restore takes of what it replaces is kept through later pruning: three
/// backups after a restore with --keep 2 had deleted it, the only copy of that data.
#[test]
fn pruning_keeps_the_snapshot_taken_before_the_last_restore() {
    let (dir, mut store) = common::workspace();
    let folder = store::default_backup_dir(store.path());
    let first = store.backup_into(&folder).unwrap();
    let safety = store.restore_from(&first.path).unwrap();
    let tag = store.snapshot_tag().unwrap();
    for day in ["20300101", "20300102", "20300103"] {
        std::fs::write(
            folder.join(format!("kith-{tag}-{day}-120000.kithbak")),
            b"later",
        )
        .unwrap();
    }
    store.prune_snapshots(&folder, 2).unwrap();
    let left: Vec<_> = store::snapshots(&folder, store.path())
        .unwrap()
        .into_iter()
        .map(|s| s.path)
        .collect();
    assert_eq!(left.len(), 3, "{left:?}");
    assert!(left.contains(&safety.path), "{left:?}");
    assert!(!left.contains(&first.path));
    drop(dir);
}
