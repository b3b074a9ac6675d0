//! The optional workspace passphrase. SQLCipher encrypts every page with a key derived from it
//! (PBKDF2, 256-bit AES, an HMAC per page), so without it the file is noise to any SQLite tool.

use std::io::Read;
use std::path::Path;
use std::sync::Once;
use std::time::{Duration, Instant};

use rusqlite::Connection;

use super::Result;

/// A passphrase as typed. Its `Debug` hides it, so it never reaches a log or an error message.
#[derive(Clone, PartialEq, Eq)]
pub struct Passphrase(String);

impl Passphrase {
    /// `None` for an empty passphrase, which SQLCipher would read as "no encryption".
    pub fn new(text: impl Into<String>) -> Option<Passphrase> {
        let text = text.into();
        (!text.is_empty()).then_some(Passphrase(text))
    }

    /// The first line of a file (a trailing newline is not part of the passphrase, nor the
    /// carriage return an old Mac editor ends the line with).
    pub fn from_file(path: &Path) -> std::io::Result<Option<Passphrase>> {
        let text = std::fs::read_to_string(path)?;
        let first = text.lines().next().unwrap_or_default();
        let first = first.split('\r').next().unwrap_or_default();
        Ok(Passphrase::new(first.to_string()))
    }

    pub(crate) fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Passphrase {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Passphrase(…)")
    }
}

/// Gives the connection its key. It must come before anything reads the file.
pub(crate) fn apply(conn: &Connection, key: Option<&Passphrase>) -> Result<()> {
    if let Some(key) = key {
        wait_until_ready();
        // SQLCipher logs a failed decryption to stderr; Kith reports it as a wrong passphrase.
        conn.execute_batch("PRAGMA cipher_log_level = NONE")?;
        // pragma_update quotes the value as an SQL string, so any character is safe here.
        conn.pragma_update(None, "key", key.expose())?;
    }
    Ok(())
}

/// Returns once SQLCipher accepts keys. SQLite marks itself started *before* it runs SQLCipher's
/// own start-up (`SQLITE_EXTRA_INIT` runs after `isInit` is set, outside SQLite's start-up lock),
/// and until that start-up is done SQLCipher refuses every key with the message meant for an empty
/// one. So a thread keying a workspace in a process's first moments, while another thread's first
/// open was still inside that start-up, was refused. Waited for once per process; a key still
/// refused after the deadline is then reported by the real open.
pub(crate) fn wait_until_ready() {
    static READY: Once = Once::new();
    READY.call_once(|| {
        let deadline = Instant::now() + Duration::from_secs(5);
        while !accepts_a_key() && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(1));
        }
    });
}

/// Keying an in-memory connection derives nothing (that waits for the first page), so this is cheap.
fn accepts_a_key() -> bool {
    Connection::open_in_memory()
        .and_then(|conn| conn.pragma_update(None, "key", "ready?"))
        .is_ok()
}

/// What the first bytes of a file say it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Header {
    /// A plain SQLite database.
    Plain,
    /// No SQLite header, and the size of a whole number of pages: most likely SQLCipher's
    /// encrypted pages (whose first bytes are a random salt).
    Encrypted,
    /// Anything else: a text file, a picture, a truncated copy.
    Other,
}

pub fn header(path: &Path) -> std::io::Result<Header> {
    let mut start = [0u8; 16];
    let mut file = std::fs::File::open(path)?;
    let len = file.metadata()?.len();
    let read = file.read(&mut start)?;
    Ok(if read == 16 && &start == b"SQLite format 3\0" {
        Header::Plain
    } else if len >= 1024 && len % 512 == 0 {
        Header::Encrypted
    } else {
        Header::Other
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_passphrase_never_shows_in_debug_output() {
        let p = Passphrase::new("hunter2").unwrap();
        assert!(!format!("{p:?}").contains("hunter2"));
    }

    #[test]
    fn an_empty_passphrase_is_no_passphrase() {
        assert!(Passphrase::new("").is_none());
    }

    #[test]
    fn a_passphrase_file_gives_its_first_line() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("pass");
        for text in [
            "correct horse\n",
            "correct horse\r\n",
            "correct horse\r",
            "correct horse",
        ] {
            std::fs::write(&path, text).unwrap();
            assert_eq!(
                Passphrase::from_file(&path).unwrap().unwrap().expose(),
                "correct horse",
                "{text:?}"
            );
        }
    }
}
