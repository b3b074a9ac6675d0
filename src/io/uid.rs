//! Identifiers for exported cards and calendar items that are the same every time a workspace
//! exports the same record (a calendar subscribed to the file updates its events instead of
//! duplicating them) and differ between workspaces (two shops' task 1 are two tasks in one
//! calendar). Each is derived from the workspace's own random id (or, in a workspace made before
//! it had one, its creation time), which moves with the file to another machine, and the
//! record's kind and id.

use crate::store::{self, Store};

/// What names the workspace in its UIDs: its random id, made when the file was created. Files
/// from before keep their creation time, so their UIDs stay what calendars already hold; its
/// one-second resolution was not enough to tell apart workspaces made by one script.
pub fn seed(store: &Store) -> store::Result<String> {
    match store.meta("workspace_id")? {
        Some(id) => Ok(id),
        None => Ok(store.meta("created_at")?.unwrap_or_default()),
    }
}

/// A UUID (`urn:uuid:…`) for record `id` of `kind` in the workspace `seed` names: version 8
/// (RFC 9562's form for UUIDs made by a scheme of one's own) with the RFC variant bits, so a
/// program that checks the form accepts it.
pub fn urn(seed: &str, kind: &str, id: i64) -> String {
    let text = format!("{seed}\u{0}{kind}\u{0}{id}");
    let (a, b) = (
        fnv1a(0xcbf2_9ce4_8422_2325, &text),
        fnv1a(0x6c62_272e_07bb_0142, &text),
    );
    let mut bytes: Vec<u8> = a.to_be_bytes().into_iter().chain(b.to_be_bytes()).collect();
    bytes[6] = (bytes[6] & 0x0f) | 0x80;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    format!(
        "urn:uuid:{}-{}-{}-{}-{}",
        &hex[..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..]
    )
}

/// 64-bit FNV-1a from `basis`: stable across runs and machines, unlike the std hasher.
fn fnv1a(basis: u64, text: &str) -> u64 {
    text.bytes().fold(basis, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_stable_per_workspace_and_record_and_differ_between_them() {
        let a = urn("2026-01-01T00:00:00Z", "task", 1);
        assert_eq!(a, urn("2026-01-01T00:00:00Z", "task", 1));
        assert_ne!(a, urn("2026-01-02T00:00:00Z", "task", 1));
        assert_ne!(a, urn("2026-01-01T00:00:00Z", "task", 2));
        assert_ne!(a, urn("2026-01-01T00:00:00Z", "meeting", 1));
        assert_eq!(a.len(), "urn:uuid:".len() + 36);
        for id in 0..64 {
            let uuid = urn("2026-01-01T00:00:00Z", "contact", id);
            let uuid = uuid.strip_prefix("urn:uuid:").unwrap().as_bytes();
            assert_eq!(uuid[14], b'8', "version 8");
            assert!(b"89ab".contains(&uuid[19]), "RFC variant");
        }
    }
}
