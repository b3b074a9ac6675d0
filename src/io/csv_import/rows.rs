//! The reading half of an import: a thread that parses the file's rows, maps and checks each one,
//! and hands them on in chunks while the importing thread writes the previous ones. On a million
//! rows the parsing and checking is about as much work as the writing, and on two cores they now
//! overlap instead of taking turns.

use std::sync::mpsc::SyncSender;

use chrono::NaiveDate;

use super::mapping::{Mapping, Target};
use super::quotes::Lines;
use super::{Rejected, RowError, validate};
use crate::domain::{FieldError, Invalid, Problem};
use crate::store::{self, Checked};

/// Rows per message: enough that the channel costs nothing per row, few enough that the writer
/// starts at once and memory stays small.
pub const CHUNK: usize = 512;

/// One row of the file, as the writer needs it.
// Nearly every row is `Ready`, the large variant: boxing it would add an allocation per row to save
// space only in the rare rejected ones.
#[allow(clippy::large_enum_variant)]
pub enum Row {
    /// A row that mapped and validated; `cells` are kept in case the store still refuses it.
    Ready {
        row: u64,
        cells: Vec<String>,
        checked: Checked,
    },
    /// A row refused before it reached the store. `counted` is false for a row the CSV reader could
    /// not read at all (not counted among the rows read).
    Rejected { rejected: Rejected, counted: bool },
}

/// Where the reader is in the file, sent with every chunk for the progress bar.
pub struct Chunk {
    pub rows: Vec<Row>,
    /// Records read so far (blank ones included) and the byte offset reached.
    pub records: u64,
    pub byte: u64,
}

/// Reads every record after the header, sending checked rows in chunks until the file ends or the
/// receiver hangs up (a failed or cancelled import).
pub fn read(
    mut reader: csv::Reader<&[u8]>,
    mapping: &Mapping,
    headers: &[String],
    today: NaiveDate,
    mut lines: Lines,
    out: SyncSender<Chunk>,
) {
    let mut record = csv::StringRecord::new();
    let mut index: u64 = 0;
    // Rows as a spreadsheet numbers them: the header is 1, and blank lines count.
    let mut row: u64 = 1;
    let mut rows = Vec::with_capacity(CHUNK);
    loop {
        let more = reader.read_record(&mut record);
        if matches!(more, Ok(false)) {
            break;
        }
        index += 1;
        row += match more {
            Ok(_) => lines.rows_to_string(&record),
            Err(_) => 1,
        };
        match more {
            Ok(_) => {
                if let Some(r) = one(mapping, headers, today, row, &record) {
                    rows.push(r);
                }
            }
            // The csv reader only fails on bytes it cannot read, which decoding already replaced;
            // report the row rather than abandon the file.
            Err(e) => rows.push(Row::Rejected {
                rejected: Rejected {
                    row,
                    cells: Vec::new(),
                    errors: vec![RowError {
                        row,
                        column: String::new(),
                        field: "row".into(),
                        reason: e.to_string(),
                    }],
                },
                counted: false,
            }),
        }
        if rows.len() >= CHUNK {
            let chunk = Chunk {
                rows: std::mem::replace(&mut rows, Vec::with_capacity(CHUNK)),
                records: index,
                byte: record.position().map_or(0, |p| p.byte()),
            };
            if out.send(chunk).is_err() {
                return;
            }
        }
    }
    let _ = out.send(Chunk {
        rows,
        records: index,
        byte: record.position().map_or(0, |p| p.byte()),
    });
}

/// One record mapped and checked; `None` for a blank row.
fn one(
    mapping: &Mapping,
    headers: &[String],
    today: NaiveDate,
    row: u64,
    record: &csv::StringRecord,
) -> Option<Row> {
    let cells: Vec<String> = record.iter().map(String::from).collect();
    let parsed = match validate::record(mapping, headers, &cells, today) {
        Ok(None) => return None,
        Ok(Some(r)) => r,
        Err((problems, rest)) => {
            let mut errors: Vec<RowError> = problems
                .into_iter()
                .map(|p| RowError {
                    row,
                    column: p
                        .column
                        .and_then(|c| headers.get(c).cloned())
                        .unwrap_or_default(),
                    field: p.field,
                    reason: p.reason,
                })
                .collect();
            // What the store would also refuse in the cells that could be read.
            if let Err(invalid) = store::check(rest.fields, rest.company.as_deref(), today) {
                for e in row_errors(mapping, headers, row, &cells, &invalid) {
                    if !errors.iter().any(|known| known.field == e.field) {
                        errors.push(e);
                    }
                }
            }
            return Some(rejected(row, cells, errors));
        }
    };
    Some(
        match store::check(parsed.fields, parsed.company.as_deref(), today) {
            Ok(checked) => Row::Ready {
                row,
                cells,
                checked: checked.first_recorded(parsed.created),
            },
            Err(invalid) => {
                let errors = row_errors(mapping, headers, row, &cells, &invalid);
                rejected(row, cells, errors)
            }
        },
    )
}

fn rejected(row: u64, cells: Vec<String>, errors: Vec<RowError>) -> Row {
    Row::Rejected {
        rejected: Rejected { row, cells, errors },
        counted: true,
    }
}

/// The store's reasons for refusing a row, each placed in the column that holds the bad value.
pub fn row_errors(
    mapping: &Mapping,
    headers: &[String],
    row: u64,
    cells: &[String],
    invalid: &Invalid,
) -> Vec<RowError> {
    invalid
        .errors
        .iter()
        .map(|e| RowError {
            row,
            column: column_for(mapping, headers, cells, e),
            field: e.field.to_string(),
            reason: e.problem.to_string(),
        })
        .collect()
}

/// The header of the column behind a problem found after mapping: the e-mail or phone column that
/// holds the bad value, else the first column feeding that field.
fn column_for(
    mapping: &Mapping,
    headers: &[String],
    cells: &[String],
    error: &FieldError,
) -> String {
    let header = |i: Option<usize>| i.and_then(|i| headers.get(i).cloned()).unwrap_or_default();
    // Compared as the record was cleaned: a number with non-breaking spaces is refused as it
    // reads with plain ones, which its cell does not hold.
    let clean = |s: &str| {
        s.replace(crate::domain::validation::is_invisible, "")
            .replace(crate::domain::validation::is_wide_space, " ")
    };
    let holding = |value: &str, phone: bool| {
        let value = clean(value);
        mapping.targets.iter().zip(cells).position(|(t, cell)| {
            let kind = if phone {
                matches!(t, Target::Phone(_))
            } else {
                matches!(t, Target::Email(_))
            };
            kind && clean(cell).contains(value.trim())
        })
    };
    match &error.problem {
        Problem::BadEmail(v) => return header(holding(v, false)),
        Problem::BadPhone(v) => return header(holding(v, true)),
        _ => {}
    }
    // A name comes from its own column, else from a full-name column split in two; a missing
    // name is the first name column's problem.
    let first = |of: fn(&Target) -> bool| mapping.targets.iter().position(of);
    let full = |t: &Target| matches!(t, Target::FullName);
    header(match error.field {
        "first_name" => first(|t| matches!(t, Target::FirstName)).or_else(|| first(full)),
        "last_name" => first(|t| matches!(t, Target::LastName)).or_else(|| first(full)),
        "name" => first(|t| matches!(t, Target::FirstName | Target::LastName | Target::FullName)),
        field => mapping.targets.iter().position(|t| t.field() == field),
    })
}
