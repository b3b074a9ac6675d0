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
