//! Reading and writing whole files the safe way, shared by the command line and the window.

use std::path::Path;

use super::{Error, Result};

/// Reads a whole file, naming it in the error.
pub fn read_file(path: &Path) -> Result<Vec<u8>> {
    std::fs::read(path).map_err(|source| Error::File {
        path: path.to_path_buf(),
        source,
    })
}

/// Writes `path` whole or not at all (see [`crate::fs::write_atomically`]), naming the file in
/// any error; a failed export never destroys the previous one.
pub fn write_atomically(
    path: &Path,
    write: impl FnOnce(&mut std::io::BufWriter<std::fs::File>) -> std::io::Result<()>,
) -> Result<()> {
    crate::fs::write_atomically(path, write).map_err(|source| Error::File {
        path: path.to_path_buf(),
        source,
    })
}

/// [`write_atomically`] for an export that reports how much it wrote. When the export itself fails
/// (a store read half-way, say) its own error comes back, not the file error that carried it out
/// of the writer, and nothing is left at `path`.
pub fn export_atomically(
    path: &Path,
    export: impl FnOnce(&mut std::io::BufWriter<std::fs::File>) -> Result<u64>,
) -> Result<u64> {
    let mut written = 0;
    let mut failure = None;
    let outcome = write_atomically(path, |w| match export(w) {
        Ok(n) => {
            written = n;
            Ok(())
        }
        // The writer only carries std::io errors; keep the typed one to report.
        Err(e) => {
            let message = e.to_string();
            failure = Some(e);
            Err(std::io::Error::other(message))
        }
    });
    match (outcome, failure) {
        (Ok(()), _) => Ok(written),
        (Err(_), Some(e)) | (Err(e), None) => Err(e),
    }
}
