//! Reading the few numeric columns a regression needs straight from a CSV file, fast: a million
//! customer rows should cost less than fitting them does in other tools. Files without quotes (what
//! exports and generators write) are split at line ends and parsed on every core; a file with quotes
//! goes through the general table reader, which handles quoted commas and line breaks.

use std::path::Path;

use crate::analytics::table::{MAX_MAGNITUDE, Table, TableError};

/// Files smaller than this are read whole by one thread.
const PARALLEL_FROM: u64 = 4 << 20;

/// The named columns of a CSV file with a header row, one `Vec` per name, in the order asked.
pub fn read_numeric_columns(
    path: &Path,
    names: &[impl AsRef<str>],
) -> Result<Vec<Vec<f64>>, TableError> {
    let read_error = |e: std::io::Error| TableError::Read {
        path: path.display().to_string(),
        reason: e.to_string(),
    };
    let size = std::fs::metadata(path).map_err(read_error)?.len();
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get().min(8));
    if size < PARALLEL_FROM || threads == 1 {
        let bytes = std::fs::read(path).map_err(read_error)?;
        return read_whole(path, &bytes, names);
    }
    // Each thread reads and parses its own stretch of the file, so reading overlaps too.
    let head = read_span(path, 0, 1).map_err(read_error)?;
    if head.contains(&b'"') {
        return read_quoted(path, names);
    }
    let (header, body_start) = header(&head);
    let wanted = positions(&header, names)?;
    let body = size - body_start as u64;
    let bounds: Vec<u64> = (0..=threads as u64)
        .map(|k| body_start as u64 + k * body / threads as u64)
        .collect();
    let parts: Vec<Result<Part, Failure>> = std::thread::scope(|s| {
        let handles: Vec<_> = bounds
            .windows(2)
            .enumerate()
            .map(|(k, w)| {
                let (from, to) = (if k == 0 { w[0] } else { w[0] - 1 }, w[1]);
                let (width, wanted) = (header.len(), &wanted);
                s.spawn(move || stretch(path, from, to, k == 0, width, wanted))
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    });
    let mut columns: Vec<Vec<f64>> = vec![Vec::new(); wanted.len()];
    for part in parts {
        match part {
            Ok(Part::Quoted) => return read_quoted(path, names),
            Ok(Part::Columns(values)) => {
                for (column, v) in columns.iter_mut().zip(values) {
                    if column.is_empty() {
                        *column = v;
                    } else {
                        column.extend_from_slice(&v);
                    }
                }
            }
            Err(Failure::Io(e)) => return Err(read_error(e)),
            Err(Failure::Bad(bad)) => {
                let bytes = std::fs::read(path).map_err(read_error)?;
                return Err(bad.into_error(&bytes, names));
            }
        }
    }
    if columns.first().is_some_and(Vec::is_empty) {
        return Err(TableError::Empty);
    }
    Ok(columns)
}

enum Part {
    Columns(Vec<Vec<f64>>),
    /// The stretch has a quote: the whole file needs the general reader.
    Quoted,
}

enum Failure {
    Io(std::io::Error),
    Bad(Bad),
}

/// Parses the lines that start in `from + 1 .. to` (or `from .. to` for the first stretch).
fn stretch(
    path: &Path,
    from: u64,
    to: u64,
    first: bool,
    width: usize,
    wanted: &[usize],
) -> Result<Part, Failure> {
    let buf = read_span(path, from, to).map_err(Failure::Io)?;
    let skip = if first {
        0
    } else {
        match buf.iter().position(|&b| b == b'\n') {
            Some(i) => i + 1,
            None => return Ok(Part::Columns(vec![Vec::new(); wanted.len()])),
        }
    };
    // The last line this stretch owns is the one holding byte `to − 1`.
    let last = (to - from).saturating_sub(1) as usize;
    let end = buf[last.min(buf.len())..]
        .iter()
        .position(|&b| b == b'\n')
        .map_or(buf.len(), |i| last + i + 1);
    if skip >= end {
        return Ok(Part::Columns(vec![Vec::new(); wanted.len()]));
    }
    if buf[skip..end].contains(&b'"') {
        return Ok(Part::Quoted);
    }
    let job = Job {
        text: &buf,
        width,
        wanted,
    };
    job.parse(skip, end).map(Part::Columns).map_err(|bad| {
        Failure::Bad(match bad {
            Bad::Width { at, found, width } => Bad::Width {
                at: at + from as usize,
                found,
                width,
            },
            Bad::Number {
                at,
                wanted,
                value,
                too_large,
            } => Bad::Number {
                at: at + from as usize,
                wanted,
                value,
                too_large,
            },
        })
    })
}

/// Bytes `from..to` of the file, and on to the end of the line holding byte `to − 1`.
fn read_span(path: &Path, from: u64, to: u64) -> std::io::Result<Vec<u8>> {
    use std::io::{Read, Seek, SeekFrom};
    let mut file = std::fs::File::open(path)?;
    file.seek(SeekFrom::Start(from))?;
    let want = (to - from) as usize;
    let mut buf = Vec::with_capacity(want + (1 << 16));
    (&mut file).take(want as u64).read_to_end(&mut buf)?;
    let mut searched = want.saturating_sub(1).min(buf.len());
    let mut block = [0u8; 1 << 12];
    while !buf[searched..].contains(&b'\n') {
        searched = buf.len();
        let n = file.read(&mut block)?;
        if n == 0 {
            break;
        }
        buf.extend_from_slice(&block[..n]);
    }
    Ok(buf)
}

fn read_quoted(path: &Path, names: &[impl AsRef<str>]) -> Result<Vec<Vec<f64>>, TableError> {
    let matrix = Table::read_csv(path)?.numeric(names)?;
    Ok(matrix.columns().into_iter().map(|c| c.to_vec()).collect())
}

/// The header's names and where the body starts.
fn header(text: &[u8]) -> (Vec<String>, usize) {
    let bom = if text.starts_with(b"\xEF\xBB\xBF") {
        3
    } else {
        0
    };
    let end = text.iter().position(|&b| b == b'\n').unwrap_or(text.len());
    let names = split_fields(trim_cr(&text[bom..end]))
        .map(|f| String::from_utf8_lossy(f).trim().to_string())
        .collect();
    (names, (end + 1).min(text.len()))
}

fn positions(header: &[String], names: &[impl AsRef<str>]) -> Result<Vec<usize>, TableError> {
    crate::analytics::table::check_header(header)?;
    names
        .iter()
        .map(|n| {
            header
                .iter()
                .position(|h| h == n.as_ref())
                .ok_or_else(|| TableError::NoSuchColumn(n.as_ref().to_string(), header.join(", ")))
        })
        .collect()
}

/// A small file, read whole.
fn read_whole(
    path: &Path,
    text: &[u8],
    names: &[impl AsRef<str>],
) -> Result<Vec<Vec<f64>>, TableError> {
    if text.contains(&b'"') {
        return read_quoted(path, names);
    }
    let (header, body_start) = header(text);
    let wanted = positions(&header, names)?;
    let job = Job {
        text,
        width: header.len(),
        wanted: &wanted,
    };
    let columns = job
        .parse(body_start, text.len())
        .map_err(|bad| bad.into_error(text, names))?;
    if columns.first().is_some_and(Vec::is_empty) {
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
        /// A number past [`MAX_MAGNITUDE`], not text.
        too_large: bool,
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
            Bad::Number {
                at,
                wanted,
                value,
                too_large: false,
            } => TableError::NotANumber {
                line: line_of(at),
                column: names[wanted].as_ref().to_string(),
                value,
            },
            Bad::Number {
                at,
                wanted,
                value,
                too_large: true,
            } => TableError::TooLarge {
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
        // Field index → the output column it fills, if any.
        let mut slot = vec![usize::MAX; self.width];
        for (k, &i) in self.wanted.iter().enumerate() {
            slot[i] = k;
        }
        // One pass over the bytes: find each field's end, parse only the wanted fields.
        let text = &self.text[..to];
        let mut pos = from;
        while pos < to {
            let line_start = pos;
            match (text[pos], text.get(pos + 1)) {
                (b'\n', _) => {
                    pos += 1;
                    continue; // a blank line, skipped as the csv crate does
                }
                (b'\r', Some(b'\n') | None) => {
                    pos += 2;
                    continue;
                }
                _ => {}
            }
            let mut found = 0;
            loop {
                let start = pos;
                while pos < to && text[pos] != b',' && text[pos] != b'\n' {
                    pos += 1;
                }
                let line_end = pos >= to || text[pos] == b'\n';
                pos += 1;
                let Some(&k) = slot.get(found).filter(|&&k| k != usize::MAX) else {
                    found += 1;
                    if line_end {
                        break;
                    }
                    continue;
                };
                found += 1;
                let cell = if line_end {
                    trim_cr(&text[start..pos - 1])
                } else {
                    &text[start..pos - 1]
                };
                match parse_number(cell) {
                    Some(v) if v.abs() <= MAX_MAGNITUDE => columns[k].push(v),
                    read => {
                        return Err(Bad::Number {
                            at: line_start,
                            wanted: k,
                            value: String::from_utf8_lossy(cell).trim().to_string(),
                            too_large: read.is_some(),
                        });
                    }
                }
                if line_end {
                    break;
                }
            }
            if found != self.width {
                return Err(Bad::Width {
                    at: line_start,
                    found,
                    width: self.width,
                });
            }
        }
        Ok(columns)
    }
}

/// A cell as a finite number. Plain decimals of up to 15 significant digits (nearly every cell)
/// take Clinger's fast path: the digits and the power of ten are both exact doubles, so one
/// correctly rounded division gives exactly what `str::parse` gives. Anything else goes to it.
fn parse_number(cell: &[u8]) -> Option<f64> {
    fast_decimal(cell).or_else(|| {
        let text = std::str::from_utf8(cell).ok()?.trim();
        text.parse::<f64>().ok().filter(|v| v.is_finite())
    })
}

fn fast_decimal(cell: &[u8]) -> Option<f64> {
    const POW10: [f64; 16] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
    ];
    let (negative, digits) = match cell.first()? {
        b'-' => (true, &cell[1..]),
        _ => (false, cell),
    };
    let mut mantissa: u64 = 0;
    let mut count = 0usize;
    let mut fraction: Option<usize> = None;
    for (i, &b) in digits.iter().enumerate() {
        match b {
            b'0'..=b'9' => {
                mantissa = mantissa * 10 + u64::from(b - b'0');
                count += 1;
            }
            b'.' if fraction.is_none() => fraction = Some(i + 1),
            _ => return None,
        }
    }
    if count == 0 || count > 15 {
        return None;
    }
    let decimals = fraction.map_or(0, |f| digits.len() - f);
    let value = mantissa as f64 / POW10[decimals];
    Some(if negative { -value } else { value })
}

fn split_fields(line: &[u8]) -> impl Iterator<Item = &[u8]> {
    line.split(|&b| b == b',')
}

fn trim_cr(line: &[u8]) -> &[u8] {
    line.strip_suffix(b"\r").unwrap_or(line)
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

    /// An empty file says so, as every other reader does (it said "no column \"a\" (the header
    /// has: )"); a value too large to square names its place.
    #[test]
    fn an_empty_file_and_a_huge_value_are_said_plainly() {
        let (_d, path) = file("");
        let err = read_numeric_columns(&path, &["a"]).unwrap_err();
        assert!(err.to_string().starts_with("the file is empty"), "{err}");
        let (_d, path) = file("a,b\n1,2\n1e200,3\n");
        let err = read_numeric_columns(&path, &["a", "b"]).unwrap_err();
        assert!(
            err.to_string()
                .starts_with("line 3, column \"a\": 1e200 is too large to analyse"),
            "{err}"
        );
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
    fn fast_decimals_equal_the_standard_parser() {
        for text in [
            "0",
            "-0",
            "12",
            "-3.25",
            "0.1",
            "123456.789012345",
            "4.8598",
            "1e5",
            "-.5",
            "5.",
            "1.5e-3",
            "999999999999999",
            "9999999999999999",
        ] {
            let std: Option<f64> = text.parse().ok();
            assert_eq!(
                parse_number(text.as_bytes()).map(f64::to_bits),
                std.map(f64::to_bits),
                "{text}"
            );
        }
        assert_eq!(parse_number(b"1.2.3"), None);
        assert_eq!(parse_number(b"-"), None);
        assert_eq!(parse_number(b"inf"), None);
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
        for i in 0..600_000 {
            text.push_str(&format!("{i},{}\n", i * 2));
        }
        let (_d, path) = file(&text);
        assert!(text.len() as u64 > PARALLEL_FROM);
        let c = read_numeric_columns(&path, &["y", "x"]).unwrap();
        assert_eq!(c[1].len(), 600_000);
        assert!(c[1].iter().enumerate().all(|(i, &v)| v == i as f64));
        assert!(c[0].iter().enumerate().all(|(i, &v)| v == 2.0 * i as f64));
    }

    fn big_file(bad_line: Option<(usize, &str)>) -> (tempfile::TempDir, std::path::PathBuf) {
        let mut text = String::from("x,y\n");
        for i in 0..600_000 {
            match bad_line {
                Some((at, line)) if at == i + 2 => text.push_str(line),
                _ => text.push_str(&format!("{i},{}\n", i * 2)),
            }
        }
        file(&text)
    }

    #[test]
    fn a_bad_cell_late_in_a_large_file_names_its_line() {
        let (_d, path) = big_file(Some((500_000, "1,oops\n")));
        let err = read_numeric_columns(&path, &["x", "y"]).unwrap_err();
        assert_eq!(
            err.to_string(),
            "line 500000, column \"y\": \"oops\" is not a number"
        );
    }

    #[test]
    fn a_quote_late_in_a_large_file_falls_back_to_the_general_reader() {
        let (_d, path) = big_file(Some((590_000, "\"7\",8\n")));
        let c = read_numeric_columns(&path, &["x"]).unwrap();
        assert_eq!(c[0].len(), 600_000);
        assert_eq!(c[0][590_000 - 2], 7.0);
    }
}
