//! Reading the few numeric columns a regression needs straight from a CSV file, fast: a million
//! customer rows should cost less than fitting them does in other tools. Files without quotes (what
//! exports and generators write) are split at line ends and parsed on every core; a file with quotes
//! goes through the general table reader, which handles quoted commas and line breaks.

use std::path::Path;

use crate::analytics::table::{Table, TableError};

/// The named columns of a CSV file with a header row, one `Vec` per name, in the order asked.
pub fn read_numeric_columns(
    path: &Path,
    names: &[impl AsRef<str>],
) -> Result<Vec<Vec<f64>>, TableError> {
    let bytes = std::fs::read(path).map_err(|e| TableError::Read {
        path: path.display().to_string(),
        reason: e.to_string(),
    })?;
    let text = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    if text.contains(&b'"') {
        let matrix = Table::read_csv(path)?.numeric(names)?;
        return Ok(matrix.columns().into_iter().map(|c| c.to_vec()).collect());
    }
    let header_end = text.iter().position(|&b| b == b'\n').unwrap_or(text.len());
    let header: Vec<String> = split_fields(trim_cr(&text[..header_end]))
        .map(|f| String::from_utf8_lossy(f).trim().to_string())
        .collect();
    let wanted = names
        .iter()
        .map(|n| {
            header
                .iter()
                .position(|h| h == n.as_ref())
                .ok_or_else(|| TableError::NoSuchColumn(n.as_ref().to_string(), header.join(", ")))
        })
        .collect::<Result<Vec<_>, _>>()?;
    let body_start = (header_end + 1).min(text.len());
    let job = Job {
        text,
        width: header.len(),
        wanted: &wanted,
    };

    let threads = std::thread::available_parallelism().map_or(1, |n| n.get().min(8));
    let chunks = split_at_lines(
        text,
        body_start,
        if text.len() > 1 << 20 { threads } else { 1 },
    );
    let parts: Vec<Result<Vec<Vec<f64>>, Bad>> = std::thread::scope(|s| {
        let handles: Vec<_> = chunks
            .windows(2)
            .map(|w| {
                let (from, to) = (w[0], w[1]);
                s.spawn(move || job.parse(from, to))
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    });

    let mut columns: Vec<Vec<f64>> = vec![Vec::new(); wanted.len()];
    for part in parts {
        let part = part.map_err(|bad| bad.into_error(text, names))?;
        for (column, values) in columns.iter_mut().zip(part) {
            column.extend_from_slice(&values);
        }
    }
    if columns.first().is_some_and(Vec::is_empty) || wanted.is_empty() && body_start >= text.len() {
        return Err(TableError::Empty);
    }
    Ok(columns)
}

#[derive(Clone, Copy)]
struct Job<'a> {
    text: &'a [u8],
    width: usize,
    wanted: &'a [usize],
}

/// A bad line, by byte offset (turned into a line number only when there is an error to show).
enum Bad {
    Width {
        at: usize,
        found: usize,
        width: usize,
    },
    Number {
        at: usize,
        wanted: usize,
        value: String,
    },
}

impl Bad {
    fn into_error(self, text: &[u8], names: &[impl AsRef<str>]) -> TableError {
        let line_of = |at: usize| text[..at].iter().filter(|&&b| b == b'\n').count() as u64 + 1;
        match self {
            Bad::Width { at, found, width } => TableError::Line {
                line: line_of(at),
                reason: format!("found {found} fields where the header has {width}"),
            },
            Bad::Number { at, wanted, value } => TableError::NotANumber {
                line: line_of(at),
                column: names[wanted].as_ref().to_string(),
                value,
            },
        }
    }
}

impl Job<'_> {
    fn parse(&self, from: usize, to: usize) -> Result<Vec<Vec<f64>>, Bad> {
        let estimate = (to - from) / 32 + 1;
        let mut columns: Vec<Vec<f64>> = vec![Vec::with_capacity(estimate); self.wanted.len()];
        let mut cells: Vec<&[u8]> = Vec::with_capacity(self.width);
        let mut at = from;
        for line in self.text[from..to].split(|&b| b == b'\n') {
            let line_start = at;
            at += line.len() + 1;
            let line = trim_cr(line);
            if line.is_empty() {
                continue; // as the csv crate does
            }
            cells.clear();
            cells.extend(split_fields(line));
            if cells.len() != self.width {
                return Err(Bad::Width {
                    at: line_start,
                    found: cells.len(),
                    width: self.width,
                });
            }
            for (k, (&i, column)) in self.wanted.iter().zip(columns.iter_mut()).enumerate() {
                match parse_number(cells[i]) {
                    Some(v) => column.push(v),
                    None => {
                        return Err(Bad::Number {
                            at: line_start,
                            wanted: k,
                            value: String::from_utf8_lossy(cells[i]).trim().to_string(),
                        });
                    }
                }
            }
        }
        Ok(columns)
    }
}

fn parse_number(cell: &[u8]) -> Option<f64> {
    let text = std::str::from_utf8(cell).ok()?.trim();
    text.parse::<f64>().ok().filter(|v| v.is_finite())
}

fn split_fields(line: &[u8]) -> impl Iterator<Item = &[u8]> {
    line.split(|&b| b == b',')
}

fn trim_cr(line: &[u8]) -> &[u8] {
    line.strip_suffix(b"\r").unwrap_or(line)
}

/// Chunk boundaries: `pieces` ranges of roughly equal size from `start`, each ending after a '\n'.
fn split_at_lines(text: &[u8], start: usize, pieces: usize) -> Vec<usize> {
    let mut bounds = vec![start];
    let size = (text.len() - start) / pieces.max(1);
    for k in 1..pieces {
        let guess = (start + k * size).max(*bounds.last().unwrap_or(&start));
        let cut = text[guess..]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(text.len(), |i| guess + i + 1);
        bounds.push(cut);
    }
    bounds.push(text.len());
    bounds.dedup();
    if bounds.len() == 1 {
        bounds.push(text.len());
    }
    bounds
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
    fn columns_come_back_in_the_order_asked_and_blank_lines_are_skipped() {
        let (_d, path) = file("id,age,income\r\n1,30,1000\r\n\r\n2, 40 ,2500.5\r\n");
        let c = read_numeric_columns(&path, &["income", "age"]).unwrap();
        assert_eq!(c, vec![vec![1000.0, 2500.5], vec![30.0, 40.0]]);
    }

    #[test]
    fn a_bad_cell_names_its_file_line_and_column() {
        // Line 4 of the file, counting the blank line before it.
        let (_d, path) = file("age,income\n30,1000\n\n40,lots\n");
        let err = read_numeric_columns(&path, &["age", "income"]).unwrap_err();
        assert_eq!(
            err.to_string(),
            "line 4, column \"income\": \"lots\" is not a number"
        );
    }

    #[test]
    fn a_short_line_is_refused_with_its_number() {
        let (_d, path) = file("age,income\n30,1000\n40\n");
        let err = read_numeric_columns(&path, &["age"]).unwrap_err();
        assert!(err.to_string().starts_with("line 3:"), "{err}");
    }

    #[test]
    fn quoted_files_take_the_general_path() {
        let (_d, path) = file("name,age\n\"Doe, Jane\",30\n\"Roe\",41\n");
        let c = read_numeric_columns(&path, &["age"]).unwrap();
        assert_eq!(c, vec![vec![30.0, 41.0]]);
    }

    #[test]
    fn large_files_split_across_threads_keep_row_order() {
        let mut text = String::from("x,y\n");
        for i in 0..60_000 {
            text.push_str(&format!("{i},{}\n", i * 2));
        }
        let (_d, path) = file(&text);
        let c = read_numeric_columns(&path, &["y", "x"]).unwrap();
        assert_eq!(c[1].len(), 60_000);
        assert!(c[1].iter().enumerate().all(|(i, &v)| v == i as f64));
        assert!(c[0].iter().enumerate().all(|(i, &v)| v == 2.0 * i as f64));
    }
}
