//! CSV export of any list, UTF-8 with a header row. A cell that a spreadsheet would run as a formula
//! (starting with `=`, `+`, `-`, `@`, tab or carriage return) gets a leading `'` — the OWASP advice
//! for CSV injection — so a contact named `=HYPERLINK(...)` stays text. Kith's CSV import removes
//! the guard again, so an export re-imports unchanged.

use std::borrow::Cow;
use std::io::Write;

use super::Result;
use crate::store::{ListKind, Store};

/// The cell as written to the file. A value that itself begins with quotes before a formula
/// start (`'-5`, typed so) gets one more, so the import's removal of one gives it back as it was.
pub fn neutralise(cell: &str) -> Cow<'_, str> {
    if cell
        .trim_start_matches('\'')
        .starts_with(['=', '+', '-', '@', '\t', '\r'])
    {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

/// Writes the list to `out` — every live record, or with `only` those ids in that order; returns
/// the number of records (header not counted).
pub fn export(
    store: &Store,
    kind: ListKind,
    only: Option<&[i64]>,
    out: &mut dyn Write,
) -> Result<u64> {
    write_csv(out, |row| store.export_list(kind, only, row))
}

/// Writes campaign `id`'s members with their responses and revenue (`Store::export_campaign_members`);
/// returns the number of members.
pub fn export_members(
    store: &Store,
    id: crate::domain::CampaignId,
    out: &mut dyn Write,
) -> Result<u64> {
    write_csv(out, |row| store.export_campaign_members(id, row))
}

/// The rows `read` hands over, as CSV with formula starts neutralised.
fn write_csv(
    out: &mut dyn Write,
    read: impl FnOnce(&mut dyn FnMut(&[String]) -> std::io::Result<()>) -> crate::store::Result<u64>,
) -> Result<u64> {
    let mut w = csv::Writer::from_writer(out);
    let n = read(&mut |cells| {
        w.write_record(cells.iter().map(|c| neutralise(c).into_owned()))
            .map_err(std::io::Error::other)
    })?;
    w.flush()?;
    Ok(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_starts_are_neutralised_and_plain_text_is_not() {
        for bad in ["=1+1", "+44 20", "-5", "@SUM(A1)", "\tx", "\rx"] {
            assert!(neutralise(bad).starts_with('\''), "{bad:?}");
        }
        assert_eq!(neutralise("Ada"), "Ada");
        assert_eq!(neutralise("'-5"), "''-5");
        assert_eq!(neutralise("'quoted'"), "'quoted'");
        assert_eq!(neutralise("a=b"), "a=b");
    }
}
