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
    #[error("there is no column {0:?} (the header has: {1})")]
    NoSuchColumn(String, String),
    #[error("the file has a header but no rows")]
    Empty,
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
        // The csv crate skips blank lines without counting them, so file lines are counted here from
        // each record's byte offset.
        let mut lines = LineCounter::default();
        let mut rows = Vec::new();
        for record in reader.records() {
            let record = record.map_err(|e| TableError::Line {
                line: e.position().map_or(0, |p| lines.at(&text, p.byte())),
                reason: e.to_string(),
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
                let value: f64 = cell.parse().map_err(|_| TableError::NotANumber {
                    line: *line,
                    column: name.as_ref().to_string(),
                    value: cell.to_string(),
                })?;
                if !value.is_finite() {
                    return Err(TableError::NotANumber {
                        line: *line,
                        column: name.as_ref().to_string(),
                        value: cell.to_string(),
                    });
                }
                data.push(value);
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
}
