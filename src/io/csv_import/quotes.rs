//! A quote that opens a cell and never closes. A CSV reader then reads the rest of the file into
//! that one cell: one typo (`"Said: call me back` with no closing quote) would turn ninety
//! contacts into one contact's notes. Such a row is taken out — its line left blank, so every
//! other row keeps its number — and reported, and the rows after it are read as usual.

use std::borrow::Cow;

/// A row left out because a quote in it never closes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Broken {
    /// The row as a spreadsheet numbers it (the header is row 1; blank lines count).
    pub row: u64,
    /// The column whose cell the quote opens.
    pub column: usize,
    /// The row's text split at the separator, for the rejects file.
    pub cells: Vec<String>,
}

/// The text with every row holding a never-closed quote blanked out, and those rows; refused, with
/// the reason, when the header row holds one (the reader would take the whole file for the header
/// and find no rows, and the import said only "0 rows").
pub fn close_unclosed(text: &str, delimiter: u8) -> Result<(Cow<'_, str>, Vec<Broken>), String> {
    let mut text = Cow::Borrowed(text);
    let mut broken = Vec::new();
    // Each round blanks one line, so this ends; the bound only guards against a mistake here.
    for _ in 0..100_000 {
        let Some(open) = unclosed(&text, delimiter) else {
            break;
        };
        let row = rows_before(&text[..open.record], delimiter) + 1;
        if row == 1 {
            // The header itself: blanking it would make the first row the header.
            let cell = text[open.quote..].lines().next().unwrap_or("");
            return Err(format!(
                "row 1 (the header), column {} ({}): a quote opens this column's name and never \
                 closes, so the whole file reads as one header; close the quote or remove it",
                open.column + 1,
                crate::domain::validation::quoted(cell)
            ));
        }
        let end = text[open.quote..]
            .find('\n')
            .map_or(text.len(), |n| open.quote + n + 1);
        let line = &text[open.record..end];
        broken.push(Broken {
            row,
            column: open.column,
            cells: line
                .trim_end_matches(['\r', '\n'])
                .split(delimiter as char)
                .map(String::from)
                .collect(),
        });
        let blank = "\n".repeat(line.matches('\n').count());
        text = Cow::Owned(format!("{}{blank}{}", &text[..open.record], &text[end..]));
    }
    Ok((text, broken))
}

/// Where a never-closed quote is: the byte where its record starts, the quote's byte, its column.
struct Open {
    record: usize,
    quote: usize,
    column: usize,
}

/// Reads quotes as a CSV reader does: a quote opens a quoted cell only as the cell's first
/// character; inside, `""` is a quote and a lone `"` closes the cell. A quote never closed is one
/// that reaches the end of the file, or one whose cell runs over lines and "closes" at a quote
/// that a separator or line end does not follow — the next row's own quote, taken for the close.
/// It jumps from quote to quote (a file of a million rows is read in a few milliseconds); the
/// column is worked out only for the quote that is found.
fn unclosed(text: &str, delimiter: u8) -> Option<Open> {
    let bytes = text.as_bytes();
    let cell_start =
        |at: usize| at == 0 || matches!(bytes[at - 1], b'\n' | b'\r') || bytes[at - 1] == delimiter;
    // Where the record holding position `at` starts: after the last line break outside quotes.
    let mut record = 0;
    let mut searched = 0;
    let mut i = 0;
    while let Some(found) = memchr::memchr(b'"', &bytes[i..]) {
        let quote = i + found;
        if !cell_start(quote) {
            i = quote + 1;
            continue;
        }
        if let Some(nl) = memchr::memrchr(b'\n', &bytes[searched..quote]) {
            record = searched + nl + 1;
        }
        // Inside the quoted cell: find its close.
        let mut j = quote + 1;
        loop {
            let Some(next) = memchr::memchr(b'"', &bytes[j..]) else {
                return Some(open_at(bytes, record, quote, delimiter));
            };
            let close = j + next;
            if bytes.get(close + 1) == Some(&b'"') {
                j = close + 2;
                continue;
            }
            let after = bytes.get(close + 1).copied();
            let closes = matches!(after, None | Some(b'\r' | b'\n')) || after == Some(delimiter);
            if !closes && memchr::memchr(b'\n', &bytes[quote..close]).is_some() {
                return Some(open_at(bytes, record, quote, delimiter));
            }
            i = close + 1;
            searched = i;
            break;
        }
    }
    None
}

/// The column of the quote at `quote` in the record starting at `record`: the separators before
/// it, those inside earlier quoted cells of the record not counted.
fn open_at(bytes: &[u8], record: usize, quote: usize, delimiter: u8) -> Open {
    let mut column = 0;
    let mut quoted = false;
    for &b in &bytes[record..quote] {
        if b == b'"' {
            quoted = !quoted;
        } else if b == delimiter && !quoted {
            column += 1;
        }
    }
    Open {
        record,
        quote,
        column,
    }
}

/// How many rows a spreadsheet shows for `text` (a file's start, ending at a line's start): its
/// records, the header's included, and its blank lines, which a CSV reader skips.
fn rows_before(text: &str, delimiter: u8) -> u64 {
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .has_headers(false)
        .from_reader(text.as_bytes());
    let mut record = csv::ByteRecord::new();
    let mut lines = Lines::default();
    let mut rows = 0;
    while let Ok(true) = reader.read_byte_record(&mut record) {
        rows += lines.rows_to(&record);
    }
    let total_lines = text.matches('\n').count() as u64;
    rows + (total_lines + 1).saturating_sub(lines.next)
}

/// Counts a file's rows as a spreadsheet does, record by record: each record is one row, and
/// each blank line the CSV reader skipped before it is one more.
#[derive(Debug)]
pub struct Lines {
    /// The line the next record would start on if no blank line came first.
    next: u64,
}

impl Default for Lines {
    fn default() -> Self {
        Lines { next: 1 }
    }
}

impl Lines {
    /// Starts after the header record.
    pub fn after(header: &csv::StringRecord) -> Lines {
        let mut lines = Lines::default();
        lines.rows_to_string(header);
        lines
    }

    /// How many rows `record` advances the count by (1, plus the blank lines before it).
    pub fn rows_to(&mut self, record: &csv::ByteRecord) -> u64 {
        let start = record.position().map_or(self.next, |p| p.line());
        let newlines = record.iter().flatten().filter(|&&b| b == b'\n').count() as u64;
        self.advance(start, newlines)
    }

    /// [`Lines::rows_to`] for a record read as text.
    pub fn rows_to_string(&mut self, record: &csv::StringRecord) -> u64 {
        let start = record.position().map_or(self.next, |p| p.line());
        let newlines = record.iter().map(|f| f.matches('\n').count() as u64).sum();
        self.advance(start, newlines)
    }

    fn advance(&mut self, start: u64, newlines: u64) -> u64 {
        let blank = start.saturating_sub(self.next);
        self.next = start + newlines + 1;
        blank + 1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_header_whose_quote_never_closes_is_named_not_read_as_the_whole_file() {
        let text = "first name,\"last name,email\nAnn,Lee,ann@x.example\n";
        let why = close_unclosed(text, b',').unwrap_err();
        assert!(
            why.starts_with("row 1 (the header), column 2 (\"\\\"last name,email\")"),
            "{why}"
        );
        assert!(
            close_unclosed("a,\"b\"\n\"c,d\n", b',').is_ok(),
            "a later row's quote is not the header's"
        );
        assert!(close_unclosed("\"Name\",\"Notes\"\nAda,\"x\"\n", b',').is_ok());
    }

    #[test]
    fn a_row_whose_quote_never_closes_is_blanked_and_the_rest_kept() {
        let text = "Name,Email,Notes\nAda,ada@x.org,\"fine, quoted\"\nBob,bob@x.org,\"Said: call me\nCy,cy@x.org,\"two\nlines\"\n";
        let (fixed, broken) = close_unclosed(text, b',').unwrap();
        assert_eq!(
            broken,
            [Broken {
                row: 3,
                column: 2,
                cells: vec!["Bob".into(), "bob@x.org".into(), "\"Said: call me".into()],
            }]
        );
        assert_eq!(
            fixed,
            "Name,Email,Notes\nAda,ada@x.org,\"fine, quoted\"\n\nCy,cy@x.org,\"two\nlines\"\n"
        );
    }

    #[test]
    fn a_quote_that_runs_to_the_end_of_the_file_is_found_too() {
        let text = "Name,Notes\nAda,\"fine\"\nBob,\"Said: call me\nCy,no quotes\nDee,none\n";
        let (fixed, broken) = close_unclosed(text, b',').unwrap();
        assert_eq!(broken.len(), 1);
        assert_eq!((broken[0].row, broken[0].column), (3, 1));
        assert_eq!(
            fixed,
            "Name,Notes\nAda,\"fine\"\n\nCy,no quotes\nDee,none\n"
        );
    }

    #[test]
    fn quotes_inside_a_cell_and_doubled_quotes_are_not_openings() {
        for fine in [
            "a,b\n5'11\",x\n",
            "a,b\n\"say \"\"hi\"\"\",x\n",
            "a,b\n\"multi\nline\",x\n",
        ] {
            let (text, broken) = close_unclosed(fine, b',').unwrap();
            assert!(broken.is_empty(), "{fine:?}");
            assert_eq!(text, fine);
        }
    }

    #[test]
    fn rows_are_numbered_as_a_spreadsheet_shows_them() {
        let text = "h\n\"two\nlines\"\n\nx\n\"open\n";
        let (_, broken) = close_unclosed(text, b',').unwrap();
        // Header 1, the two-line cell 2, the blank line 3, x 4: the open quote is on row 5.
        assert_eq!(broken[0].row, 5);
    }
}
