//! Ways to hurt a workspace file on purpose, for the tests of what Kith does with a hurt file.

use std::io::{Seek, SeekFrom, Write};
use std::path::Path;

/// Overwrites every other page after the first two with noise, as a failing disk would: the header
/// still says "Kith workspace", the tables inside are broken.
pub fn scramble_pages(path: &Path) {
    let len = std::fs::metadata(path).unwrap().len();
    let page = 4096u64;
    assert!(
        len >= 6 * page,
        "the workspace is too small to damage usefully"
    );
    let mut file = std::fs::OpenOptions::new().write(true).open(path).unwrap();
    let mut n = 2;
    while (n + 1) * page <= len {
        file.seek(SeekFrom::Start(n * page)).unwrap();
        file.write_all(&vec![0x5A; page as usize]).unwrap();
        n += 2;
    }
    file.sync_all().unwrap();
}
