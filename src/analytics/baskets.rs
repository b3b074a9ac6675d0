//! Purchase baskets: one transaction per order or per line, each a set of item ids, with the item
//! names kept once. Read from the workspace's orders or from files: FIMI `.dat` (items separated
//! by whitespace), comma-separated `.csv` (Groceries), a long CSV (`--tx-col`, `--item-col`) or a
//! one-hot CSV (0/1 or true/false columns per item, as mlxtend expects).
//!
//! Conventions (they decide counts): empty fields are dropped, an item repeated in one basket
//! counts once, and an empty line is an empty basket that still counts in N.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::path::Path;

#[derive(Debug, thiserror::Error)]
pub enum BasketError {
    #[error("cannot read {path}: {source}")]
    Read {
        path: String,
        source: std::io::Error,
    },
    #[error("line {line}, column {column}: {reason}")]
    Cell {
        line: u64,
        column: String,
        reason: String,
    },
    #[error("line {line}: {reason}")]
    Line { line: u64, reason: String },
    #[error("there is no column {0:?} (the header has: {1})")]
    NoSuchColumn(String, String),
}

/// How a basket file is laid out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Layout {
    /// One basket per line, items separated by whitespace (FIMI `.dat`).
    Whitespace,
    /// One basket per line, items separated by commas (CSV quoting allowed), no header.
    Comma,
    /// A header row, then one (transaction, item) pair per row.
    Long { tx_col: String, item_col: String },
    /// A header row of item names, then one row per basket of 0/1 or true/false cells.
    OneHot,
}

/// Baskets as compressed rows: basket `t` holds `items[offsets[t]..offsets[t + 1]]`, ascending and
/// without repeats; item `i` is called `names[i]`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Baskets {
    names: Vec<String>,
    offsets: Vec<usize>,
    items: Vec<u32>,
}

impl Baskets {
    /// Reads a basket file. Without an explicit layout, `.csv` files are comma-separated baskets
    /// unless they look one-hot (a header of names, then only 0/1 or true/false cells), and
    /// anything else is whitespace-separated (FIMI).
    pub fn read(path: &Path, layout: Option<Layout>) -> Result<Baskets, BasketError> {
        let bytes = std::fs::read(path).map_err(|source| BasketError::Read {
            path: path.display().to_string(),
            source,
        })?;
        let text = utf8(&bytes)?;
        let is_csv = path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("csv"));
        match layout {
            Some(Layout::Whitespace) => Ok(Baskets::parse_whitespace(text)),
            Some(Layout::Comma) => Ok(Baskets::from_records(&parse_csv(text)?)),
            Some(Layout::Long { tx_col, item_col }) => {
                Baskets::from_long(&parse_csv(text)?, &tx_col, &item_col)
            }
            Some(Layout::OneHot) => Baskets::from_one_hot(&parse_csv(text)?),
            None if is_csv => {
                let records = parse_csv(text)?;
                if looks_one_hot(&records) {
                    Baskets::from_one_hot(&records)
                } else {
                    Ok(Baskets::from_records(&records))
                }
            }
            None => Ok(Baskets::parse_whitespace(text)),
        }
    }

    /// Baskets from lists of item names (the workspace's orders, tests).
    pub fn from_lists<B, S>(baskets: impl IntoIterator<Item = B>) -> Baskets
    where
        B: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let mut builder = Builder::default();
        for basket in baskets {
            for item in basket {
                builder.push(item.as_ref());
            }
            builder.end_basket();
        }
        builder.finish()
    }

    /// FIMI: lines split on `\n` (a trailing `\r` is whitespace), items on whitespace.
    pub fn parse_whitespace(text: &str) -> Baskets {
        let mut builder = Builder::default();
        let body = text.strip_suffix('\n').unwrap_or(text);
        if !text.is_empty() {
            for line in body.split('\n') {
                for item in line.split_whitespace() {
                    builder.push(item);
                }
                builder.end_basket();
            }
        }
        builder.finish()
    }

    fn from_records(records: &[Record]) -> Baskets {
        let mut builder = Builder::default();
        for record in records {
            for field in &record.fields {
                builder.push(field);
            }
            builder.end_basket();
        }
        builder.finish()
    }

    fn from_long(records: &[Record], tx_col: &str, item_col: &str) -> Result<Baskets, BasketError> {
        let Some((header, rows)) = records.split_first() else {
            return Ok(Baskets::default());
        };
        let column = |name: &str| {
            header
                .fields
                .iter()
                .position(|h| h.trim() == name)
                .ok_or_else(|| BasketError::NoSuchColumn(name.into(), header.fields.join(", ")))
        };
        let (tx, item) = (column(tx_col)?, column(item_col)?);
        let mut order: HashMap<&str, usize, Fx> = HashMap::default();
        let mut grouped: Vec<Vec<&str>> = Vec::new();
        for row in rows {
            if row.fields.len() == 1 && row.fields[0].is_empty() {
                continue; // a blank line in a table is not a row
            }
            let cell = |i: usize, name: &str| {
                row.fields
                    .get(i)
                    .map(|s| s.trim())
                    .ok_or_else(|| BasketError::Cell {
                        line: row.line,
                        column: name.to_string(),
                        reason: format!(
                            "the row has {} fields, the header {}",
                            row.fields.len(),
                            header.fields.len()
                        ),
                    })
            };
            let id = cell(tx, tx_col)?;
            let name = cell(item, item_col)?;
            if id.is_empty() {
                return Err(BasketError::Cell {
                    line: row.line,
                    column: tx_col.to_string(),
                    reason: "the transaction id is empty".into(),
                });
            }
            let next = grouped.len();
            let at = *order.entry(id).or_insert(next);
            if at == next {
                grouped.push(Vec::new());
            }
            grouped[at].push(name);
        }
        Ok(Baskets::from_lists(grouped))
    }

    fn from_one_hot(records: &[Record]) -> Result<Baskets, BasketError> {
        let Some((header, rows)) = records.split_first() else {
            return Ok(Baskets::default());
        };
        // A pandas index column comes first with an empty name; it is not an item.
        let skip = usize::from(header.fields.first().is_some_and(|h| h.trim().is_empty()));
        let mut builder = Builder::default();
        let ids: Vec<u32> = header.fields[skip..]
            .iter()
            .map(|h| builder.id(h.trim()))
            .collect();
        for row in rows {
            if row.fields.len() != header.fields.len() {
                return Err(BasketError::Line {
                    line: row.line,
                    reason: format!(
                        "the row has {} fields, the header {}",
                        row.fields.len(),
                        header.fields.len()
                    ),
                });
            }
            for (cell, (&id, name)) in row.fields[skip..]
                .iter()
                .zip(ids.iter().zip(&header.fields[skip..]))
            {
                match truth(cell) {
                    Some(true) => builder.push_id(id),
                    Some(false) => {}
                    None => {
                        return Err(BasketError::Cell {
                            line: row.line,
                            column: name.trim().to_string(),
                            reason: format!("{cell:?} is not 0, 1, true or false"),
                        });
                    }
                }
            }
            builder.end_basket();
        }
        Ok(builder.finish())
    }

    /// N, the number of baskets (empty ones included).
    pub fn len(&self) -> usize {
        self.offsets.len().saturating_sub(1)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Basket `t`'s item ids, ascending.
    pub fn basket(&self, t: usize) -> &[u32] {
        &self.items[self.offsets[t]..self.offsets[t + 1]]
    }

    pub fn iter(&self) -> impl Iterator<Item = &[u32]> + '_ {
        self.offsets.windows(2).map(|w| &self.items[w[0]..w[1]])
    }

    /// Item names by id.
    pub fn names(&self) -> &[String] {
        &self.names
    }

    /// In how many baskets each item occurs, by item id.
    pub fn item_counts(&self) -> Vec<u64> {
        let mut counts = vec![0u64; self.names.len()];
        for &item in &self.items {
            counts[item as usize] += 1;
        }
        counts
    }

    /// How many item occurrences there are (after dropping repeats within a basket).
    pub fn occurrences(&self) -> usize {
        self.items.len()
    }
}

/// Interns item names and collects baskets.
#[derive(Default)]
struct Builder {
    names: Vec<String>,
    index: HashMap<Box<str>, u32, Fx>,
    offsets: Vec<usize>,
    items: Vec<u32>,
}

impl Builder {
    fn id(&mut self, name: &str) -> u32 {
        if let Some(&id) = self.index.get(name) {
            return id;
        }
        let id = u32::try_from(self.names.len()).unwrap_or(u32::MAX);
        self.names.push(name.to_string());
        self.index.insert(name.into(), id);
        id
    }

    fn push(&mut self, name: &str) {
        let name = name.trim();
        if !name.is_empty() {
            let id = self.id(name);
            self.items.push(id);
        }
    }

    fn push_id(&mut self, id: u32) {
        self.items.push(id);
    }

    fn end_basket(&mut self) {
        if self.offsets.is_empty() {
            self.offsets.push(0);
        }
        let start = *self.offsets.last().unwrap_or(&0);
        let basket = &mut self.items[start..];
        basket.sort_unstable();
        let mut kept = 0;
        for i in 0..basket.len() {
            if i == 0 || basket[i] != basket[kept - 1] {
                basket[kept] = basket[i];
                kept += 1;
            }
        }
        self.items.truncate(start + kept);
        self.offsets.push(self.items.len());
    }

    fn finish(mut self) -> Baskets {
        if self.offsets.is_empty() {
            self.offsets.push(0);
        }
        Baskets {
            names: self.names,
            offsets: self.offsets,
            items: self.items,
        }
    }
}

/// A CSV record: its fields (unquoted) and the line it starts on.
#[derive(Debug)]
struct Record {
    line: u64,
    fields: Vec<String>,
}

/// RFC 4180 CSV without a header convention, keeping empty lines as records with one empty field
/// (the `csv` crate skips them, but an empty basket line counts in N). A quote opens a quoted field
/// only at the start of a field; `""` inside it is a quote.
fn parse_csv(text: &str) -> Result<Vec<Record>, BasketError> {
    let mut records = Vec::new();
    let mut fields: Vec<String> = Vec::new();
    let mut field = String::new();
    let mut line: u64 = 1;
    let mut record_line = 1;
    let mut quoted_since: Option<(u64, usize)> = None;
    let mut column = 0usize;
    let mut chars = text.char_indices().peekable();
    while let Some((_, c)) = chars.next() {
        if quoted_since.is_some() {
            match c {
                '"' if chars.peek().is_some_and(|&(_, n)| n == '"') => {
                    chars.next();
                    field.push('"');
                }
                '"' => quoted_since = None,
                '\n' => {
                    line += 1;
                    field.push(c);
                }
                _ => field.push(c),
            }
            continue;
        }
        match c {
            ',' => {
                fields.push(std::mem::take(&mut field));
                column += 1;
            }
            '\n' => {
                if field.ends_with('\r') {
                    field.pop();
                }
                fields.push(std::mem::take(&mut field));
                records.push(Record {
                    line: record_line,
                    fields: std::mem::take(&mut fields),
                });
                line += 1;
                record_line = line;
                column = 0;
            }
            '"' if field.trim().is_empty() => {
                field.clear();
                quoted_since = Some((line, column + 1));
            }
            _ => field.push(c),
        }
    }
    if let Some((line, column)) = quoted_since {
        return Err(BasketError::Cell {
            line,
            column: format!("field {column}"),
            reason: "a quoted field is never closed".into(),
        });
    }
    if !field.is_empty() || !fields.is_empty() {
        fields.push(field);
        records.push(Record {
            line: record_line,
            fields,
        });
    }
    Ok(records)
}

fn truth(cell: &str) -> Option<bool> {
    match cell.trim() {
        "1" => Some(true),
        "0" => Some(false),
        t if t.eq_ignore_ascii_case("true") => Some(true),
        t if t.eq_ignore_ascii_case("false") => Some(false),
        _ => None,
    }
}

/// One-hot: a header of names (none of them 0/1/true/false), at least one row, and every row as
/// wide as the header with only 0/1/true/false cells (a first column with an empty name is a
/// pandas index and is not checked).
fn looks_one_hot(records: &[Record]) -> bool {
    let Some((header, rows)) = records.split_first() else {
        return false;
    };
    let skip = usize::from(header.fields.first().is_some_and(|h| h.trim().is_empty()));
    let data_rows: Vec<&Record> = rows
        .iter()
        .filter(|r| !(r.fields.len() == 1 && r.fields[0].is_empty()))
        .collect();
    !data_rows.is_empty()
        && header.fields.len() > skip
        && header.fields[skip..].iter().all(|h| truth(h).is_none())
        && data_rows.iter().all(|r| {
            r.fields.len() == header.fields.len()
                && r.fields[skip..].iter().all(|c| truth(c).is_some())
        })
}

/// The whole file as text; invalid UTF-8 is reported by line and column (in bytes).
fn utf8(bytes: &[u8]) -> Result<&str, BasketError> {
    std::str::from_utf8(bytes).map_err(|e| {
        let before = &bytes[..e.valid_up_to()];
        let line = before.iter().filter(|&&b| b == b'\n').count() as u64 + 1;
        let start = before
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |p| p + 1);
        BasketError::Cell {
            line,
            column: format!("byte {}", before.len() - start + 1),
            reason: "the text is not valid UTF-8".into(),
        }
    })
}

/// The Fx hash (rustc's): item names are short and not attacker-chosen in a local analysis, so a
/// fast multiplicative hash beats SipHash here.
#[derive(Default, Clone, Copy)]
struct FxHasher(u64);

type Fx = BuildHasherDefault<FxHasher>;

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        const K: u64 = 0x51_7c_c1_b7_27_22_0a_95;
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            self.0 = (self.0.rotate_left(5) ^ u64::from_le_bytes(word)).wrapping_mul(K);
        }
        for &b in chunks.remainder() {
            self.0 = (self.0.rotate_left(5) ^ u64::from(b)).wrapping_mul(K);
        }
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names_of(b: &Baskets) -> Vec<Vec<&str>> {
        let mut out: Vec<Vec<&str>> = b
            .iter()
            .map(|t| t.iter().map(|&i| b.names()[i as usize].as_str()).collect())
            .collect();
        for t in &mut out {
            t.sort_unstable();
        }
        out
    }

    #[test]
    fn fimi_lines_keep_empty_baskets_and_drop_repeats() {
        let b = Baskets::parse_whitespace("1 2 3 \n\n3 3 1\r\n  \n7");
        assert_eq!(b.len(), 5);
        assert_eq!(
            names_of(&b),
            vec![
                vec!["1", "2", "3"],
                vec![],
                vec!["1", "3"],
                vec![],
                vec!["7"]
            ]
        );
        assert_eq!(Baskets::parse_whitespace("").len(), 0);
        assert_eq!(Baskets::parse_whitespace("\n").len(), 1);
    }

    #[test]
    fn comma_baskets_drop_empty_fields_and_honour_quotes() {
        let records = parse_csv("whole milk,,yogurt\n\n\"nuts, salted\",whole milk , \n").unwrap();
        let b = Baskets::from_records(&records);
        assert_eq!(b.len(), 3);
        assert_eq!(
            names_of(&b),
            vec![
                vec!["whole milk", "yogurt"],
                vec![],
                vec!["nuts, salted", "whole milk"]
            ]
        );
    }

    #[test]
    fn an_unclosed_quote_names_its_line() {
        let err = parse_csv("a,b\nc,\"d\ne\n").unwrap_err().to_string();
        assert!(err.contains("line 2"), "{err}");
    }

    #[test]
    fn long_csv_groups_rows_by_transaction_in_first_seen_order() {
        let records = parse_csv("order,product\n7,bread\n3,milk\n7,butter\n7,bread\n3,\n").unwrap();
        let b = Baskets::from_long(&records, "order", "product").unwrap();
        assert_eq!(names_of(&b), vec![vec!["bread", "butter"], vec!["milk"]]);
        let err = Baskets::from_long(&records, "order", "sku").unwrap_err();
        assert!(err.to_string().contains("sku"), "{err}");
    }

    #[test]
    fn one_hot_csv_is_detected_and_read() {
        let records = parse_csv(",bread,milk,eggs\n0,1,0,True\n1,0,0,false\n2,1,1,0\n").unwrap();
        assert!(looks_one_hot(&records));
        let b = Baskets::from_one_hot(&records).unwrap();
        assert_eq!(
            names_of(&b),
            vec![vec!["bread", "eggs"], vec![], vec!["bread", "milk"]]
        );
        let groceries = parse_csv("citrus fruit,margarine\n1,0\nmilk\n").unwrap();
        assert!(!looks_one_hot(&groceries));
        let numeric_baskets = parse_csv("1,0\n0,1\n").unwrap();
        assert!(!looks_one_hot(&numeric_baskets));
    }

    #[test]
    fn a_bad_one_hot_cell_names_line_and_column() {
        let records = parse_csv("bread,milk\n1,0\n0,yes\n").unwrap();
        let err = Baskets::from_one_hot(&records).unwrap_err().to_string();
        assert_eq!(
            err,
            "line 3, column milk: \"yes\" is not 0, 1, true or false"
        );
    }

    #[test]
    fn invalid_utf8_names_line_and_byte() {
        let err = utf8(b"1 2\n3 \xff 4\n").unwrap_err().to_string();
        assert_eq!(err, "line 2, column byte 3: the text is not valid UTF-8");
    }
}
