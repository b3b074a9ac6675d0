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
        // The end of the quote's line, its line break included (CR LF, LF or a CR alone).
        let end = text[open.quote..]
            .find(['\r', '\n'])
            .map_or(text.len(), |n| {
                let at = open.quote + n;
                at + if text[at..].starts_with("\r\n") { 2 } else { 1 }
            });
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
        // Its line breaks stay, so every later row keeps its number.
        let blank: String = line.chars().filter(|c| matches!(c, '\r' | '\n')).collect();
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
        if let Some(nl) = memchr::memrchr2(b'\n', b'\r', &bytes[searched..quote]) {
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
            if !closes && memchr::memchr2(b'\n', b'\r', &bytes[quote..close]).is_some() {
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
    let mut lines = Lines::new(text);
    let mut rows = 0;
    while let Ok(true) = reader.read_byte_record(&mut record) {
        rows += lines.rows_to(&record);
    }
    rows + lines.line_at(text.len()).saturating_sub(lines.next)
}

/// Counts a file's rows as a spreadsheet does, record by record: each record is one row, and
/// each blank line the CSV reader skipped before it is one more. A line ends with LF, CR LF, or a
/// CR alone (old Mac files, and rows edited on one).
///
/// Lines are counted here from the text rather than taken from the CSV reader's positions: those
/// give the line where the reader resumed (a blank line before the record, or the LF of the last
/// record's CR LF) and count no CR, so rows after a blank line and every row of a CR LF file were
/// numbered one off.
#[derive(Debug)]
pub struct Lines<'a> {
    text: &'a [u8],
    /// Line breaks in `text[..counted_to]`.
    breaks: u64,
    counted_to: usize,
    /// The line the next record would start on if no blank line came first.
    next: u64,
}

impl<'a> Lines<'a> {
    /// Counting from the start of `text`, which the CSV reader reads.
    pub fn new(text: &'a str) -> Lines<'a> {
        Lines {
            text: text.as_bytes(),
            breaks: 0,
            counted_to: 0,
            next: 1,
        }
    }

    /// Starts after the header record of `text`.
    pub fn after(text: &'a str, header: &csv::StringRecord) -> Lines<'a> {
        let mut lines = Lines::new(text);
        lines.rows_to_string(header);
        lines
    }

    /// The line (from 1) that byte `at` is on; `at` never goes back.
    fn line_at(&mut self, at: usize) -> u64 {
        let at = at.min(self.text.len());
        if at > self.counted_to {
            let from = self.counted_to;
            self.breaks += breaks_in(
                &self.text[from..at],
                from > 0 && self.text[from - 1] == b'\r',
            );
            self.counted_to = at;
        }
        self.breaks + 1
    }

    /// Where a record the reader says begins at `byte` really starts: past the line ends it
    /// skipped on the way (blank lines, or the rest of a CR LF).
    fn content_start(&self, byte: usize) -> usize {
        let rest = self.text.get(byte..).unwrap_or_default();
        byte + rest
            .iter()
            .take_while(|b| matches!(b, b'\r' | b'\n'))
            .count()
    }

    /// How many rows `record` advances the count by (1, plus the blank lines before it).
    pub fn rows_to(&mut self, record: &csv::ByteRecord) -> u64 {
        let inside = record.iter().map(|f| breaks_in(f, false)).sum();
        self.advance(record.position().map(|p| p.byte() as usize), inside)
    }

    /// [`Lines::rows_to`] for a record read as text.
    pub fn rows_to_string(&mut self, record: &csv::StringRecord) -> u64 {
        let inside = record.iter().map(|f| breaks_in(f.as_bytes(), false)).sum();
        self.advance(record.position().map(|p| p.byte() as usize), inside)
    }

    fn advance(&mut self, byte: Option<usize>, inside: u64) -> u64 {
        let start = match byte {
            Some(byte) => self.line_at(self.content_start(byte)),
            None => self.next,
        };
        let blank = start.saturating_sub(self.next);
        self.next = start + inside + 1;
        blank + 1
    }
}

/// Line breaks in `bytes`: each CR, and each LF not right after a CR (`after_cr`: the byte before
/// `bytes` is one).
fn breaks_in(bytes: &[u8], after_cr: bool) -> u64 {
    memchr::memchr2_iter(b'\r', b'\n', bytes)
        .filter(|&i| {
            bytes[i] == b'\r'
                || !(if i == 0 {
                    after_cr
                } else {
                    bytes[i - 1] == b'\r'
                })
        })
        .count() as u64
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

#[cfg(test)]
mod line_ending_tests {
    use super::*;

    /// Excel, Outlook and Salesforce end lines with CR LF; a bare CR ends one too (old Mac files,
    /// and a row edited on one). Each row keeps the number a spreadsheet gives it.
    #[test]
    fn an_unclosed_quote_is_numbered_the_same_whatever_ends_the_lines() {
        for end in ["\n", "\r\n", "\r"] {
            // Header 1, Ann 2, a blank line 3, Bob 4, Cid 5 (its quote never closes), Dee 6.
            let text = [
                "Name,Email",
                "Ann,ann@x.org",
                "",
                "Bob,bob@x.org",
                "Cid,\"cid@x.org",
                "Dee,\"dee@x.org\"",
                "",
            ]
            .join(end);
            let (kept, broken) = close_unclosed(&text, b',').unwrap();
            assert_eq!(
                broken
                    .iter()
                    .map(|b| (b.row, b.cells[0].as_str()))
                    .collect::<Vec<_>>(),
                [(5, "Cid")],
                "lines ending {end:?}"
            );
            assert!(
                kept.contains("Bob,bob@x.org") && kept.contains("Dee,"),
                "{kept:?}"
            );
            assert_eq!(rows_before(&text[..text.find("Bob").unwrap()], b','), 3);
        }
    }
}
