//! The file the wizard imports: read whole off the UI thread, and recognised as CSV, vCard or a
//! Kith workspace file (JSON) with a clear reason when it is none of them (missing, a folder,
//! empty, binary, no header row).

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::io::csv_import::{self, Options, Preview};
use crate::io::{vcard, workspace};

/// Rows the preview shows.
pub const PREVIEW_ROWS: usize = 5;
/// Card names the vCard summary lists before "and N more".
const CARD_NAMES: usize = 8;

/// A file ready for the wizard.
#[derive(Debug)]
pub struct Loaded {
    pub path: PathBuf,
    /// The name the import's undo step is labelled with ("Import contacts.csv").
    pub name: String,
    pub bytes: Vec<u8>,
    pub kind: Kind,
}

#[derive(Debug)]
pub enum Kind {
    Csv(Preview),
    Vcard {
        cards: usize,
        names: Vec<String>,
    },
    /// A whole workspace, exported by Kith as JSON (for an empty workspace only).
    Workspace(workspace::Summary),
    /// A shop's order history (`io::orders`): a CSV naming a SKU and a price on every line.
    Orders(crate::io::orders::OrderFile),
}

/// Reads `path` on a worker thread.
pub async fn load(path: PathBuf) -> Result<Arc<Loaded>, String> {
    crate::ui::timer::blocking(move || read(&path).map(Arc::new))
        .await
        .unwrap_or_else(|| Err("The file could not be read: no thread could be started.".into()))
}

/// Reads and recognises a file; the error is a sentence for the user.
pub fn read(path: &Path) -> Result<Loaded, String> {
    if path.as_os_str().is_empty() {
        return Err("Enter the path of a CSV or vCard file.".into());
    }
    if path.is_dir() {
        return Err(format!(
            "{} is a folder; choose a CSV or vCard file inside it.",
            path.display()
        ));
    }
    let bytes =
        crate::io::read_file(path).map_err(|e| format!("The file could not be read: {e}"))?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string());
    let kind = recognise(path, &bytes)?;
    Ok(Loaded {
        path: path.to_path_buf(),
        name,
        bytes,
        kind,
    })
}

/// What the bytes are: a vCard file by its extension or its first line, else CSV.
pub fn recognise(path: &Path, bytes: &[u8]) -> Result<Kind, String> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err("The file is empty: there is nothing to import.".into());
    }
    if let Some(reason) = crate::io::not_text(bytes) {
        return Err(reason.into());
    }
    let by_name = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .is_some_and(|e| e == "vcf" || e == "vcard");
    let start = String::from_utf8_lossy(&bytes[..bytes.len().min(64)]).to_ascii_uppercase();
    let start = start.trim_start_matches('\u{feff}').trim_start();
    let json = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"))
        || start.starts_with('{');
    if json {
        return workspace::summary(bytes)
            .map(Kind::Workspace)
            .map_err(|e| format!("This JSON file is not a Kith workspace file: {e}"));
    }
    let by_content = start.starts_with("BEGIN:VCARD");
    if by_name || by_content {
        let cards = vcard::read_cards(bytes);
        if cards.is_empty() {
            return Err("No BEGIN:VCARD … END:VCARD block was found; is this a vCard file?".into());
        }
        // An organisation's own card becomes (or fills in) a company, and is listed as one: it had
        // shown as a blank line among the people, and been counted as a contact.
        let names = cards
            .iter()
            .take(CARD_NAMES)
            .map(|(_, card)| match (&card.company, card.organisation) {
                (Some(company), true) => format!("{company} (the company itself)"),
                _ => card.fields.full_name(),
            })
            .collect();
        return Ok(Kind::Vcard {
            cards: cards.len(),
            names,
        });
    }
    if let Some(orders) = crate::io::orders::recognise(bytes) {
        return Ok(Kind::Orders(orders));
    }
    csv_import::preview(bytes, &Options::default(), PREVIEW_ROWS)
        .map(Kind::Csv)
        .map_err(|e| format!("This file cannot be read as CSV: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(name: &str, bytes: &[u8]) -> Result<Kind, String> {
        recognise(Path::new(name), bytes)
    }

    #[test]
    fn empty_and_binary_files_are_refused_with_a_reason() {
        assert!(kind("a.csv", b"").unwrap_err().contains("empty"));
        assert!(kind("a.csv", b" \n\r\n").unwrap_err().contains("empty"));
        let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR";
        assert!(kind("a.csv", png).unwrap_err().contains("binary"));
    }

    #[test]
    fn an_organisations_card_is_listed_as_the_company() {
        let cards =
            b"BEGIN:VCARD\r\nVERSION:3.0\r\nN:;;;;\r\nFN:Widgets GmbH\r\nORG:Widgets GmbH\r\n\
            X-ABShowAs:COMPANY\r\nEND:VCARD\r\nBEGIN:VCARD\r\nVERSION:3.0\r\nN:Lee;Ann;;;\r\n\
            FN:Ann Lee\r\nORG:Widgets GmbH\r\nEND:VCARD\r\n";
        match kind("w.vcf", cards) {
            Ok(Kind::Vcard { cards, names }) => {
                assert_eq!(cards, 2);
                assert_eq!(names, ["Widgets GmbH (the company itself)", "Ann Lee"]);
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn vcards_are_known_by_name_or_first_line() {
        let card =
            b"BEGIN:VCARD\r\nVERSION:3.0\r\nN:Lovelace;Ada\r\nFN:Ada Lovelace\r\nEND:VCARD\r\n";
        assert!(matches!(
            kind("x.txt", card),
            Ok(Kind::Vcard { cards: 1, .. })
        ));
        assert!(
            kind("x.VCF", b"First,Last\nA,B\n")
                .unwrap_err()
                .contains("BEGIN:VCARD")
        );
    }

    #[test]
    fn a_workspace_file_is_known_by_its_envelope_and_other_json_is_refused() {
        let file = br#"{"format":"kith-workspace","version":1,"schema_version":1,
            "exported_at":"2026-03-01T12:00:00Z","tables":{"contacts":[{"id":1},{"id":2}],"tags":[]}}"#;
        let Ok(Kind::Workspace(summary)) = kind("moving.txt", file) else {
            panic!("expected a workspace file");
        };
        assert_eq!(
            summary.tables,
            [("contacts".to_string(), 2), ("tags".to_string(), 0)]
        );
        assert_eq!(summary.exported_at.as_deref(), Some("2026-03-01T12:00:00Z"));
        let other = kind("data.json", b"[1, 2, 3]").unwrap_err();
        assert!(other.contains("not a Kith workspace file"), "{other}");
    }

    #[test]
    fn a_csv_file_is_previewed_with_its_mapping() {
        let Ok(Kind::Csv(preview)) = kind("x.csv", b"Name;Email\nAda;ada@example.org\n") else {
            panic!("expected a CSV preview");
        };
        assert_eq!(preview.delimiter, b';');
        assert_eq!(preview.headers, ["Name", "Email"]);
        assert_eq!(preview.rows.len(), 1);
    }

    #[test]
    fn a_missing_file_or_a_folder_is_named() {
        assert!(
            read(Path::new("/no/such/file.csv"))
                .unwrap_err()
                .contains("/no/such/file.csv")
        );
        assert!(read(Path::new("/")).unwrap_err().contains("folder"));
    }
}
