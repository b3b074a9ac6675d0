//! A table of named columns read from a CSV file with a header row, as the command line's `--input`
//! takes it. Values stay text until a column is asked for as numbers (features) or as labels (a
//! class to predict), so one file serves every analysis; a bad value names its line and column.

use std::path::Path;

use ndarray::Array2;

#[derive(Debug, thiserror::Error)]
pub enum TableError {
    #[error("cannot read {path}: {reason}")]
    Read { path: String, reason: String },
    #[error("line {line}: {reason}")]
    Line { line: u64, reason: String },
    #[error("line {line}, column {column:?}: {value:?} is not a number")]
    NotANumber {
        line: u64,
        column: String,
        value: String,
    },
    #[error(
        "line {line}, column {column:?}: {value} is too large to analyse (sizes up to 1e150 are; \
         rescale the column, e.g. into thousands or millions)"
    )]
    TooLarge {
        line: u64,
        column: String,
        value: String,
    },
    #[error("the file is empty: it needs a header row naming its columns, and rows under it")]
    NoHeader,
    #[error("there is no column {0:?} (the header has: {1})")]
    NoSuchColumn(String, String),
    #[error("the file has a header but no rows")]
    Empty,
}

/// The largest size a value may have: squares and sums of squares of larger ones overflow (to
/// infinity), and a feature of 1e200s had been called constant, or dropped from standardised
/// clusters without a word.
pub const MAX_MAGNITUDE: f64 = 1e150;

/// A cell as the number `read` from it, or the error naming its line and column: not a number
/// (or not a finite one), or past [`MAX_MAGNITUDE`].
/// `cell` gives the cell's text, only for a message (a million-row file reads fast without it).
pub fn number(
    read: Option<f64>,
    line: u64,
    column: &str,
    cell: impl FnOnce() -> String,
) -> Result<f64, TableError> {
    match read.filter(|v| v.is_finite()) {
        Some(v) if v.abs() <= MAX_MAGNITUDE => Ok(v),
        Some(_) => Err(TableError::TooLarge {
            line,
            column: column.to_string(),
            value: cell().trim().to_string(),
        }),
        None => Err(TableError::NotANumber {
            line,
            column: column.to_string(),
            value: cell().trim().to_string(),
        }),
    }
}

/// A header row with no names is an empty file (0 bytes, or only blank lines).
pub fn check_header(columns: &[String]) -> Result<(), TableError> {
    if columns.iter().all(String::is_empty) {
        return Err(TableError::NoHeader);
    }
    Ok(())
}

/// The csv crate's error for the record at file `line`, in the words the rest of the messages use
/// (it said "record 2 (line: 3, byte: 12): found record with 2 fields, but the previous record
/// has 3 fields").
pub fn csv_error(e: &csv::Error, line: u64, header_width: usize) -> TableError {
    let reason = match e.kind() {
        csv::ErrorKind::UnequalLengths { len, .. } => {
            format!("found {len} fields where the header has {header_width}")
        }
        csv::ErrorKind::Utf8 { err, .. } => format!(
            "field {} is not valid UTF-8 text; save the file as UTF-8",
            err.field() + 1
        ),
        _ => e.to_string(),
    };
    TableError::Line { line, reason }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub columns: Vec<String>,
    /// Each row's cells in column order, with the file line it came from (for messages).
    rows: Vec<(u64, Vec<String>)>,
}

impl Table {
    pub fn read_csv(path: &Path) -> Result<Table, TableError> {
        let read_error = |reason: String| TableError::Read {
            path: path.display().to_string(),
            reason,
        };
        let text = std::fs::read(path).map_err(|e| read_error(e.to_string()))?;
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(true)
            .flexible(false)
            .from_reader(text.as_slice());
        let columns: Vec<String> = reader
            .headers()
            .map_err(|e| read_error(e.to_string()))?
            .iter()
            .map(|h| h.trim().to_string())
            .collect();
        check_header(&columns)?;
        // The csv crate skips blank lines without counting them, so file lines are counted here from
        // each record's byte offset.
        let mut lines = LineCounter::default();
        let mut rows = Vec::new();
        for record in reader.records() {
            let record = record.map_err(|e| {
                let line = e.position().map_or(0, |p| lines.at(&text, p.byte()));
                csv_error(&e, line, columns.len())
            })?;
            let line = record.position().map_or(0, |p| lines.at(&text, p.byte()));
            rows.push((line, record.iter().map(str::to_string).collect()));
        }
        if rows.is_empty() {
            return Err(TableError::Empty);
        }
        Ok(Table { columns, rows })
    }

    /// A table built in memory (tests, the workspace's feature table).
    pub fn new(columns: Vec<String>, rows: Vec<Vec<String>>) -> Table {
        let rows = rows
            .into_iter()
            .enumerate()
            .map(|(i, r)| (i as u64 + 2, r))
            .collect();
        Table { columns, rows }
    }

    pub fn len(&self) -> usize {
        self.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    pub fn column(&self, name: &str) -> Result<usize, TableError> {
        self.columns
            .iter()
            .position(|c| c == name)
            .ok_or_else(|| TableError::NoSuchColumn(name.to_string(), self.columns.join(", ")))
    }

    /// The named columns as a row-major matrix of numbers.
    pub fn numeric(&self, names: &[impl AsRef<str>]) -> Result<Array2<f64>, TableError> {
        let indexes = names
            .iter()
            .map(|n| self.column(n.as_ref()))
            .collect::<Result<Vec<_>, _>>()?;
        let mut data = Vec::with_capacity(self.rows.len() * indexes.len());
        for (line, row) in &self.rows {
            for (&i, name) in indexes.iter().zip(names) {
                let cell = row.get(i).map_or("", |c| c.trim());
                data.push(number(cell.parse().ok(), *line, name.as_ref(), || {
                    cell.to_string()
                })?);
            }
        }
        Ok(
            Array2::from_shape_vec((self.rows.len(), indexes.len()), data)
                .expect("the buffer holds rows × columns values"),
        )
    }

    /// A column as text labels (the classes a tree predicts).
    pub fn labels(&self, name: &str) -> Result<Vec<String>, TableError> {
        let i = self.column(name)?;
        Ok(self
            .rows
            .iter()
            .map(|(_, row)| row.get(i).map_or("", |c| c.trim()).to_string())
            .collect())
    }

    /// The file line row `row` came from, for messages.
    pub fn line(&self, row: usize) -> u64 {
        self.rows.get(row).map_or(0, |(line, _)| *line)
    }

    /// The rows as read, for writing them back out with an extra column.
    pub fn rows(&self) -> impl Iterator<Item = &[String]> {
        self.rows.iter().map(|(_, r)| r.as_slice())
    }
}

/// The 1-based line of a byte offset, counted forward from the previous offset asked about.
#[derive(Default)]
struct LineCounter {
    offset: usize,
    newlines: u64,
}

impl LineCounter {
    fn at(&mut self, text: &[u8], byte: u64) -> u64 {
        let mut byte = (byte as usize).min(text.len());
        // A record's position can sit before the blank lines skipped ahead of it.
        while byte < text.len() && matches!(text[byte], b'\n' | b'\r') {
            byte += 1;
        }
        if byte < self.offset {
            *self = LineCounter::default();
        }
        self.newlines += text[self.offset..byte]
            .iter()
            .filter(|&&b| b == b'\n')
            .count() as u64;
        self.offset = byte;
        self.newlines + 1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(text: &str) -> (tempfile::TempDir, std::path::PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.csv");
        std::fs::write(&path, text).unwrap();
        (dir, path)
    }

    #[test]
    fn numeric_columns_are_read_by_name_in_the_order_asked() {
        let (_d, path) = file("age,name,income\n30,Ada,1000\n40,Bob,2500.5\n");
        let t = Table::read_csv(&path).unwrap();
        let m = t.numeric(&["income", "age"]).unwrap();
        assert_eq!(m.shape(), &[2, 2]);
        assert_eq!(m[[1, 0]], 2500.5);
        assert_eq!(m[[0, 1]], 30.0);
        assert_eq!(t.labels("name").unwrap(), ["Ada", "Bob"]);
    }

    #[test]
    fn a_bad_number_names_its_line_and_column() {
        let (_d, path) = file("age,income\n30,1000\n40,lots\n");
        let err = Table::read_csv(&path)
            .unwrap()
            .numeric(&["age", "income"])
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "line 3, column \"income\": \"lots\" is not a number"
        );
    }

    #[test]
    fn blank_lines_count_in_the_line_a_problem_names() {
        let (_d, path) = file("age,income\n30,1000\n\n40,lots\n");
        let err = Table::read_csv(&path)
            .unwrap()
            .numeric(&["age", "income"])
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "line 4, column \"income\": \"lots\" is not a number"
        );
    }

    #[test]
    fn a_missing_column_lists_the_ones_there_are() {
        let (_d, path) = file("age,income\n30,1000\n");
        let err = Table::read_csv(&path)
            .unwrap()
            .numeric(&["spending"])
            .unwrap_err();
        assert!(err.to_string().contains("age, income"), "{err}");
    }

    /// Values whose squares overflow are refused by name: a column of 1e200s had been called
    /// constant, or left out of standardised clusters as NaN.
    #[test]
    fn a_value_too_large_to_square_is_named() {
        let (_d, path) = file(
            "a,b
1e149,1
-2e200,2
",
        );
        let err = Table::read_csv(&path)
            .unwrap()
            .numeric(&["b", "a"])
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "line 3, column \"a\": -2e200 is too large to analyse (sizes up to 1e150 are; \
             rescale the column, e.g. into thousands or millions)"
        );
    }

    #[test]
    fn an_empty_file_and_a_short_row_are_said_plainly() {
        let (_d, path) = file("");
        let err = Table::read_csv(&path).unwrap_err();
        assert!(err.to_string().starts_with("the file is empty"), "{err}");
        let (_d, path) = file("a,b,y\n1,2,3\n2,3\n");
        let err = Table::read_csv(&path).unwrap_err();
        assert_eq!(
            err.to_string(),
            "line 3: found 2 fields where the header has 3"
        );
    }
}
