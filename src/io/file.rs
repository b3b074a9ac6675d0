//! Reading and writing whole files the safe way, shared by the command line and the window.

use std::path::{Path, PathBuf};

use super::{Error, Result};

/// The file a person typed or pasted into a path field, as they meant it: spaces around it and
/// the quotes a terminal puts round a dragged-in file dropped, a file manager's `file:///…` link
/// read as its path, and `~` as their home folder ("~/contacts.vcf" had been "no such file").
pub fn typed_path(typed: &str) -> PathBuf {
    let mut text = typed.trim();
    for (open, close) in [('"', '"'), ('\'', '\''), ('\u{201C}', '\u{201D}')] {
        if let Some(inner) = text.strip_prefix(open).and_then(|t| t.strip_suffix(close)) {
            text = inner.trim();
        }
    }
    if let Some(local) = text.strip_prefix("file://") {
        // `file:///home/…` or `file://localhost/home/…`, with %20 for a space.
        let local = local.strip_prefix("localhost").unwrap_or(local);
        return PathBuf::from(percent_decoded(local));
    }
    let home = || directories::BaseDirs::new().map(|d| d.home_dir().to_path_buf());
    if text == "~" {
        return home().unwrap_or_else(|| PathBuf::from(text));
    }
    if let Some(rest) = text.strip_prefix("~/")
        && let Some(home) = home()
    {
        return home.join(rest);
    }
    PathBuf::from(text)
}

/// `%XX` escapes decoded (as UTF-8); anything malformed is kept as written.
fn percent_decoded(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8(out).unwrap_or_else(|_| text.to_string())
}

/// Why `bytes` cannot be a CSV or vCard file, as a sentence for the user: a spreadsheet workbook, a
/// database, a PDF, or other binary data (a NUL byte early on; UTF-16 text, which has them, is
/// recognised by its BOM or its zero bytes). `None` for text.
pub fn not_text(bytes: &[u8]) -> Option<&'static str> {
    let reason = if bytes.starts_with(b"PK\x03\x04") {
        "This is a ZIP archive, most likely an Excel (.xlsx) or LibreOffice (.ods) workbook: \
         save it as CSV (File → Save As → CSV) and import that file."
    } else if bytes.starts_with(b"\xD0\xCF\x11\xE0") {
        "This is an old Excel (.xls) workbook: save it as CSV (File → Save As → CSV) and import \
         that file."
    } else if bytes.starts_with(b"SQLite format 3\0") {
        "This is a database file (a Kith workspace?), not a contacts file: open a workspace with \
         --db, or export the contacts you want from it as CSV or vCard."
    } else if bytes.starts_with(b"%PDF") {
        "This is a PDF document: Kith imports CSV and vCard (.vcf) files."
    } else {
        let sniff = &bytes[..bytes.len().min(8 * 1024)];
        let utf16 = bytes.starts_with(&[0xFF, 0xFE])
            || bytes.starts_with(&[0xFE, 0xFF])
            || super::csv_import::detect::looks_like_utf16(bytes).is_some();
        if utf16 || !sniff.contains(&0) {
            return None;
        }
        "This is not a text file (it holds binary data). Kith imports CSV files and vCard (.vcf) \
         files; export your contacts in one of those first."
    };
    Some(reason)
}

/// Why text handed to the CSV import is another format Kith imports another way, or `None`: a
/// vCard file read as CSV rejected every line as a nameless row, and a workspace file as JSON
/// text did the same. The text is read as the import reads it (UTF-16 from a phone included); a
/// vCard's first line is `BEGIN:VCARD` alone, a workspace file opens with its `"format"`.
pub fn not_csv(bytes: &[u8]) -> Option<&'static str> {
    let head = &bytes[..bytes.len().min(64 * 1024)];
    let decoded = super::csv_import::detect::decode(head, None);
    let text = decoded.text.trim_start_matches('\u{feff}').trim_start();
    let first_line = text.lines().next().unwrap_or("").trim_end();
    if first_line.eq_ignore_ascii_case("BEGIN:VCARD") {
        Some(
            "This is a vCard file (.vcf), not a CSV file: import it as vCard (kith import vcard \
             FILE --db PATH, or choose the file in the window's import).",
        )
    } else if text.starts_with('{')
        && text[1..].trim_start().starts_with("\"format\"")
        && text.contains("\"kith-workspace\"")
    {
        Some(
            "This is a Kith workspace file (JSON), not a CSV file: import it with kith import \
             json FILE --db NEW.db, into a new workspace.",
        )
    } else {
        None
    }
}

/// A file error in words a user reads, without the operating system's error number.
pub fn plain(e: &std::io::Error) -> String {
    use std::io::ErrorKind;
    match e.kind() {
        ErrorKind::NotFound => "there is no such file".into(),
        ErrorKind::PermissionDenied => "Kith is not allowed to read or write it".into(),
        ErrorKind::IsADirectory => "it is a folder, not a file".into(),
        ErrorKind::NotADirectory => "part of the path is a file, not a folder".into(),
        ErrorKind::StorageFull => "the disk is full".into(),
        // The system's own "File exists" (Kith's own refusals say more, and are kept whole).
        ErrorKind::AlreadyExists if e.get_ref().is_none() => {
            "a file of that name is in the way".into()
        }
        ErrorKind::ReadOnlyFilesystem => "the disk is read-only".into(),
        _ => {
            let text = e.to_string();
            // An error the CSV writer carried over keeps only its words, not its kind.
            if text.contains("No space left on device") {
                return "the disk is full".into();
            }
            match text.rfind(" (os error ") {
                Some(at) if text.ends_with(')') => text[..at].to_string(),
                _ => text,
            }
        }
    }
}

/// Opens a file to read as it goes, naming it in the error; a folder is refused here rather
/// than at the first read.
pub fn open_file(path: &Path) -> Result<std::fs::File> {
    let named = |source| Error::File {
        path: path.to_path_buf(),
        source,
    };
    let file = std::fs::File::open(path).map_err(named)?;
    if file.metadata().map_err(named)?.is_dir() {
        return Err(named(std::io::ErrorKind::IsADirectory.into()));
    }
    Ok(file)
}

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
        // Said as the rest of the command line says it (`fs::output_error`).
        (Err(_), Some(Error::Io(e))) if crate::fs::is_standard_output(path) => {
            Err(Error::Io(crate::fs::output_error(e)))
        }
        // Writing the file failed (a full disk): named with the file, in words ("out.json: the
        // disk is full"), not as the bare "No space left on device (os error 28)".
        (Err(_), Some(Error::Io(source)))
        | (Err(_), Some(Error::Store(crate::store::Error::Io { source, .. }))) => {
            Err(Error::File {
                path: path.to_path_buf(),
                source,
            })
        }
        (Err(_), Some(e)) | (Err(e), None) => Err(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_typed_path_is_read_as_the_person_meant_it() {
        let home = directories::BaseDirs::new()
            .unwrap()
            .home_dir()
            .to_path_buf();
        assert_eq!(typed_path("  ~/phone.vcf "), home.join("phone.vcf"));
        assert_eq!(typed_path("~"), home);
        assert_eq!(
            typed_path("'/tmp/my contacts.csv'"),
            Path::new("/tmp/my contacts.csv")
        );
        assert_eq!(typed_path("\"/tmp/a.csv\""), Path::new("/tmp/a.csv"));
        assert_eq!(
            typed_path("file:///home/dara/Kund%C3%A9n%20list.csv"),
            Path::new("/home/dara/Kundén list.csv")
        );
        assert_eq!(
            typed_path("file://localhost/tmp/x.vcf"),
            Path::new("/tmp/x.vcf")
        );
        assert_eq!(typed_path("/tmp/100%.csv"), Path::new("/tmp/100%.csv"));
        assert_eq!(typed_path("~dara/x.csv"), Path::new("~dara/x.csv"));
        assert_eq!(typed_path("relative.csv"), Path::new("relative.csv"));
    }

    #[test]
    fn file_errors_read_as_words() {
        let dir = tempfile::tempdir().unwrap();
        let missing = read_file(&dir.path().join("nope.csv"))
            .unwrap_err()
            .to_string();
        assert!(
            missing.ends_with("nope.csv: there is no such file"),
            "{missing}"
        );
        let folder = write_atomically(dir.path(), |_| Ok(()))
            .unwrap_err()
            .to_string();
        assert!(!folder.contains("os error"), "{folder}");
    }

    /// An export stopped by a full disk names the file and says why in words, and leaves no
    /// file behind.
    #[test]
    fn an_export_that_fills_the_disk_names_its_file() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out.json");
        let full = || std::io::Error::from(std::io::ErrorKind::StorageFull);
        let said = export_atomically(&out, |_| Err(Error::Io(full())))
            .unwrap_err()
            .to_string();
        assert!(said.ends_with("out.json: the disk is full"), "{said}");
        let store_said = export_atomically(&out, |_| {
            Err(Error::Store(crate::store::Error::Io {
                context: "cannot write".into(),
                source: full(),
            }))
        })
        .unwrap_err()
        .to_string();
        assert!(
            store_said.ends_with("out.json: the disk is full"),
            "{store_said}"
        );
        let carried = std::io::Error::other("No space left on device (os error 28)");
        assert_eq!(plain(&carried), "the disk is full");
        assert!(!out.exists());
    }
}
