//! Snapshot file names: `<workspace>-<tag>-<stamp>[-N][.<kind>].kithbak`. The name carries all
//! the backup list shows — whose snapshot it is, when it was taken, in which order within a
//! second, and why it was taken — so the list is read from the folder without opening a file.

use std::path::{Path, PathBuf};

use chrono::NaiveDateTime;

use super::{EXTENSION, STAMP, Snapshot, stem};
use crate::store::{Error, Result};

/// Why a snapshot was taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SnapshotKind {
    /// Taken by itself as the window closed (at most once a day).
    Automatic,
    /// Asked for: Settings' "Back up now", or `kith backup`.
    Manual,
    /// What the workspace held just before a restore replaced it.
    BeforeRestore,
}

impl SnapshotKind {
    const ALL: [SnapshotKind; 3] = [Self::Automatic, Self::Manual, Self::BeforeRestore];

    /// The word in the file name.
    fn word(self) -> &'static str {
        match self {
            Self::Automatic => "auto",
            Self::Manual => "manual",
            Self::BeforeRestore => "before-restore",
        }
    }
}

/// The name for a snapshot stamped `base`: `base.kind.kithbak`, or within the same second
/// `base-N.kind.kithbak` with N above every number already taken, whatever their kinds. Never the
/// first free name: after `--keep` pruned `base.…`, reusing it would make the newest snapshot sort
/// as the oldest of that second, and the next prune would delete it.
pub(super) fn next_name(dir: &Path, base: &str, kind: SnapshotKind) -> PathBuf {
    let taken = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .filter_map(|entry| {
            let name = entry.ok()?.file_name().into_string().ok()?;
            let name = name.strip_suffix(".partial").unwrap_or(&name);
            let rest = name
                .strip_prefix(base)?
                .strip_suffix(&format!(".{EXTENSION}"))?;
            match split_kind(rest).0 {
                "" => Some(1),
                more => more.strip_prefix('-')?.parse::<u32>().ok(),
            }
        })
        .max();
    let mut n = taken.map_or(1, |t| t + 1);
    let kind = kind.word();
    loop {
        let target = match n {
            1 => dir.join(format!("{base}.{kind}.{EXTENSION}")),
            n => dir.join(format!("{base}-{n}.{kind}.{EXTENSION}")),
        };
        if !target.exists() {
            return target;
        }
        n += 1;
    }
}

/// Snapshots of `workspace` in `dir`, newest first. A missing folder has none.
pub fn snapshots(dir: &Path, workspace: &Path) -> Result<Vec<Snapshot>> {
    let prefix = format!("{}-", stem(workspace));
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(Error::io(format!("cannot read {}", dir.display()))(e)),
    };
    // Snapshots taken within one second are numbered "-2", "-3" … after the stamp: ordered by
    // that number, not as text ("-10" before "-2", "-3" before none, which once made `--keep 1`
    // delete the snapshot just written).
    let mut found: Vec<(Snapshot, u32)> = entries
        .filter_map(|entry| {
            let entry = entry.ok()?;
            let name = entry.file_name().into_string().ok()?;
            let rest = name
                .strip_prefix(&prefix)?
                .strip_suffix(&format!(".{EXTENSION}"))?;
            let (rest, kind) = split_kind(rest);
            let (tag, rest) = split_tag(rest);
            let stamp = rest.get(..15)?;
            let taken = NaiveDateTime::parse_from_str(stamp, STAMP).ok()?.and_utc();
            let sequence = match rest.get(15..)? {
                "" => 1,
                more => more.strip_prefix('-')?.parse().ok()?,
            };
            let snapshot = Snapshot {
                bytes: entry.metadata().ok()?.len(),
                path: entry.path(),
                taken,
                tag,
                kind,
            };
            Some((snapshot, sequence))
        })
        .collect();
    found.sort_by(|(a, an), (b, bn)| (b.taken, bn).cmp(&(a.taken, an)));
    Ok(found.into_iter().map(|(snapshot, _)| snapshot).collect())
}

/// `…-101500-2.manual` → `…-101500-2` and its kind; a name from before kinds were written
/// (`…-101500-2`) is returned whole, of no known kind.
fn split_kind(rest: &str) -> (&str, Option<SnapshotKind>) {
    rest.rsplit_once('.')
        .and_then(|(head, word)| {
            let kind = SnapshotKind::ALL.into_iter().find(|k| k.word() == word)?;
            Some((head, Some(kind)))
        })
        .unwrap_or((rest, None))
}

/// `1a2b3c4d-20261126-101500…` → the tag and the stamp onwards; a name with no tag before its
/// stamp (`20261126-101500…`) is returned whole.
fn split_tag(rest: &str) -> (Option<String>, &str) {
    let tagged = rest.get(..9).zip(rest.get(9..)).filter(|(head, tail)| {
        head.ends_with('-')
            && head[..8]
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
            && tail
                .get(..15)
                .is_some_and(|stamp| NaiveDateTime::parse_from_str(stamp, STAMP).is_ok())
    });
    match tagged {
        Some((head, tail)) => (Some(head[..8].to_string()), tail),
        None => (None, rest),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_gives_its_kind_and_one_from_before_kinds_gives_none() {
        assert_eq!(
            split_kind("1a2b3c4d-20261126-101500-2.before-restore"),
            (
                "1a2b3c4d-20261126-101500-2",
                Some(SnapshotKind::BeforeRestore)
            )
        );
        assert_eq!(
            split_kind("20261126-101500.manual"),
            ("20261126-101500", Some(SnapshotKind::Manual))
        );
        assert_eq!(
            split_kind("1a2b3c4d-20261126-101500"),
            ("1a2b3c4d-20261126-101500", None)
        );
        assert_eq!(
            split_kind("20261126-101500.odd"),
            ("20261126-101500.odd", None)
        );
    }

    #[test]
    fn each_kind_is_read_back_from_the_name_it_writes() {
        let dir = tempfile::tempdir().unwrap();
        let workspace = dir.path().join("shop.db");
        for kind in SnapshotKind::ALL {
            let name = next_name(dir.path(), "shop-1a2b3c4d-20261126-101500", kind);
            std::fs::write(&name, b"x").unwrap();
        }
        let listed = snapshots(dir.path(), &workspace).unwrap();
        let kinds: Vec<_> = listed.iter().map(|s| s.kind).collect();
        // One second, numbered in the order written; newest first.
        assert_eq!(
            kinds,
            [
                Some(SnapshotKind::BeforeRestore),
                Some(SnapshotKind::Manual),
                Some(SnapshotKind::Automatic)
            ]
        );
        assert!(
            listed[0]
                .path
                .ends_with("shop-1a2b3c4d-20261126-101500-3.before-restore.kithbak")
        );
        assert!(
            listed[2]
                .path
                .ends_with("shop-1a2b3c4d-20261126-101500.auto.kithbak")
        );
    }
}
