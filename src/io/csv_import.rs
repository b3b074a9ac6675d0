//! CSV contact import, in the steps a wizard shows: [`preview`] reads the encoding, the separator,
//! the headers, the first rows and a proposed [`Mapping`]; the user adjusts the mapping (or loads a
//! saved [`Profile`]); [`import`] then checks every row, writes the valid ones in one transaction
//! (one Undo step), and returns a [`Report`] naming each rejected row, column and field.
//! [`write_rejects`] saves the rejected rows, with the reason beside them, as a CSV file the user
//! can correct and import again with the same mapping.

mod cells;
pub(crate) mod dates;
pub mod detect;
pub mod mapping;
mod quotes;
mod rows;
pub mod validate;

use std::path::Path;
use std::sync::mpsc;

use serde::Serialize;

pub(crate) use cells::{income, is_all_contacts_group, lifecycle, split_name};
pub use detect::TextEncoding;
pub use mapping::{Mapping, Naming, Profile, Target, propose};

use super::progress::{EVERY, Observer, Progress};
use super::{Error, Result};
use crate::store::{self, ImportPlan, Imported, OnExisting, Store};

/// How to read and write: from the user's choices or a profile; `None` means detect.
#[derive(Debug, Clone, Default)]
pub struct Options {
    pub delimiter: Option<u8>,
    pub encoding: Option<TextEncoding>,
    /// Check everything and report, but keep nothing.
    pub dry_run: bool,
    pub on_existing: OnExisting,
}

impl Options {
    /// The options a saved profile asks for.
    pub fn from_profile(profile: &Profile) -> Result<Options> {
        Ok(Options {
            delimiter: profile.delimiter_byte().map_err(Error::Mapping)?,
            encoding: profile.text_encoding().map_err(Error::Mapping)?,
            ..Options::default()
        })
    }
}

/// What the first screen of an import wizard shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Preview {
    pub encoding: TextEncoding,
    pub delimiter: u8,
    pub headers: Vec<String>,
    /// The first rows as read, cells in column order.
    pub rows: Vec<Vec<String>>,
    pub proposed: Mapping,
}

/// One problem in one row. `row` counts as a spreadsheet does: the header is row 1.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RowError {
    pub row: u64,
    /// The header of the column at fault; empty when the problem is the row as a whole.
    pub column: String,
    pub field: String,
    pub reason: String,
}

impl std::fmt::Display for RowError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.column.is_empty() {
            write!(f, "row {}: {}: {}", self.row, self.field, self.reason)
        } else {
            write!(
                f,
                "row {}, column {:?}: {}: {}",
                self.row, self.column, self.field, self.reason
            )
        }
    }
}

/// A row that was not imported: its cells as read, and everything wrong with it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Rejected {
    pub row: u64,
    pub cells: Vec<String>,
    pub errors: Vec<RowError>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Report {
    pub encoding: String,
    pub delimiter: String,
    pub headers: Vec<String>,
    /// Rows read (blank rows not counted).
    pub rows: u64,
    pub imported: u64,
    /// Rows merged into a contact that already had their primary e-mail (or phone), which changed.
    pub updated: u64,
    /// Rows that matched an existing contact already holding everything they brought (a file
    /// imported again): neither imported nor updated, and nothing to undo.
    pub unchanged: u64,
    /// Rows that were the same person as an earlier row of the file, merged into the contact
    /// that row created.
    pub joined: u64,
    pub companies_created: u64,
    pub rejected: Vec<Rejected>,
    /// The contacts created or updated, in file order (for "show what was imported" and the
    /// duplicate check that follows an import).
    pub contact_ids: Vec<crate::domain::ContactId>,
    /// Likely duplicate pairs involving those contacts (at most `domain::duplicate::MAX_PAIRS`),
    /// a dry run's included (found before it is rolled back); `None` when not asked for.
    pub duplicates: Option<usize>,
    pub dry_run: bool,
}

impl Report {
    pub fn errors(&self) -> impl Iterator<Item = &RowError> {
        self.rejected.iter().flat_map(|r| r.errors.iter())
    }
}

/// Reads the start of a file for the wizard's first screen.
pub fn preview(bytes: &[u8], options: &Options, rows: usize) -> Result<Preview> {
    let decoded = detect::decode(bytes, options.encoding);
    let (body, delimiter) = body_and_delimiter(&decoded.text, options);
    let (text, _) = quotes::close_unclosed(body, delimiter).map_err(Error::Format)?;
    let mut reader = reader(&text, delimiter);
    let headers = headers(&mut reader)?;
    let mut first = Vec::new();
    for record in reader.records().take(rows) {
        first.push(record?.iter().map(String::from).collect());
    }
    Ok(Preview {
        encoding: decoded.encoding,
        delimiter,
        proposed: propose(&headers),
        headers,
        rows: first,
    })
}

/// The columns mapped to a date (a birthday, the day a contact was first recorded).
fn date_columns(mapping: &Mapping) -> Vec<usize> {
    mapping
        .targets
        .iter()
        .enumerate()
        .filter(|(_, t)| matches!(t, Target::Birthday | Target::Created))
        .map(|(i, _)| i)
        .collect()
}

/// `mapping` with the order its file's slashed dates are written in, read from every date
/// cell (a second pass over the file, made only when a column holds dates).
fn with_slash_order(mapping: &Mapping, text: &str, delimiter: u8) -> Mapping {
    let dates = date_columns(mapping);
    let mut mapping = mapping.clone();
    if dates.is_empty() {
        return mapping;
    }
    let cells = reader(text, delimiter)
        .into_records()
        .flatten()
        .flat_map(|record| {
            dates
                .iter()
                .filter_map(|&i| record.get(i).map(String::from))
                .collect::<Vec<_>>()
        });
    mapping.slashes = dates::SlashOrder::of(cells);
    mapping
}

/// The file's rows and their separator: the one chosen (a profile's, the user's), else the one
/// Excel's `sep=;` first line declares (that line is not a row), else the one detected.
fn body_and_delimiter<'t>(text: &'t str, options: &Options) -> (&'t str, u8) {
    let (declared, body) = match detect::separator_line(text) {
        Some((separator, rest)) => (Some(separator), rest),
        None => (None, text),
    };
    let delimiter = options
        .delimiter
        .or(declared)
        .unwrap_or_else(|| detect::delimiter(body));
    (body, delimiter)
}

fn reader(text: &str, delimiter: u8) -> csv::Reader<&[u8]> {
    csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .has_headers(true)
        .from_reader(text.as_bytes())
}

fn headers(reader: &mut csv::Reader<&[u8]>) -> Result<Vec<String>> {
    let headers: Vec<String> = reader
        .headers()?
        .iter()
        .map(|h| h.trim().to_string())
        .collect();
    if headers.iter().all(String::is_empty) {
        return Err(Error::Format(
            "the file has no header row (the first line must name the columns)".into(),
        ));
    }
    Ok(headers)
}

/// Imports every valid row of `bytes` with `mapping` (one target per header) into `store`, as one
/// change set labelled "Import FILE-NAME". Rows that fail are reported, never half-written; a
/// cancelled import keeps nothing.
pub fn import(
    store: &mut Store,
    bytes: &[u8],
    file_name: &str,
    mapping: &Mapping,
    options: &Options,
    observer: &mut dyn Observer,
) -> Result<Report> {
    let decoded = detect::decode(bytes, options.encoding);
    let (body, delimiter) = body_and_delimiter(&decoded.text, options);
    let total = decoded.text.len() as u64;
    let (text, broken) = quotes::close_unclosed(body, delimiter).map_err(Error::Format)?;
    let mut reader = reader(&text, delimiter);
    let headers = headers(&mut reader)?;
    let numbering = quotes::Lines::after(&text, reader.headers()?);
    if mapping.targets.len() != headers.len() {
        return Err(Error::Mapping(format!(
            "{} targets for {} columns",
            mapping.targets.len(),
            headers.len()
        )));
    }
    let dated = with_slash_order(mapping, &text, delimiter);
    let mapping = &dated;
    let mut report = Report {
        encoding: decoded.encoding.label().into(),
        delimiter: (delimiter as char).to_string(),
        headers: headers.clone(),
        dry_run: options.dry_run,
        ..Report::default()
    };
    let label = format!("Import {file_name}");
    // Line breaks inside quoted cells make this an overestimate, which is all the batch needs.
    let lines = decoded.text.bytes().filter(|b| *b == b'\n').count() as u64;
    let plan = ImportPlan {
        keep: !options.dry_run,
        on_existing: options.on_existing,
        cancel: observer.cancel_flag(),
        ..ImportPlan::new(label, lines)
    };
    let outcome = store.import_contacts(&plan, |batch| {
        let today = batch.today();
        std::thread::scope(|scope| {
            let (send, chunks) = mpsc::sync_channel(8);
            let headers = &headers;
            std::thread::Builder::new()
                .name("kith-import-reader".into())
                .spawn_scoped(scope, move || {
                    rows::read(reader, mapping, headers, today, numbering, send)
                })
                .map_err(|e| store::Error::NotAllowed(format!("cannot start the reader: {e}")))?;
            let mut next_progress = EVERY;
            // Returning early drops `chunks`, which stops the reader at its next chunk.
            for chunk in chunks {
                if chunk.records >= next_progress {
                    next_progress = chunk.records + EVERY;
                    if observer.cancelled() {
                        return Err(store::Error::NotAllowed("cancelled".into()));
                    }
                    observer.progress(Progress {
                        records: chunk.records,
                        bytes_done: chunk.byte,
                        bytes_total: total,
                        finishing: false,
                    });
                }
                for row in chunk.rows {
                    write(batch, mapping, headers, row, &mut report)?;
                }
            }
            observer.progress(Progress {
                records: report.rows,
                bytes_done: total,
                bytes_total: total,
                finishing: true,
            });
            Ok(())
        })?;
        report.companies_created = batch.companies_created;
        Ok(())
    });
    // The rows left out for a quote that never closes, in their place among the others.
    report.rows += broken.len() as u64;
    for b in broken {
        let reason =
            "a quote opens this cell and never closes, so the rest of the file would have \
                      been read into it; the row was left out and the rows after it read as usual"
                .to_string();
        let rejected = Rejected {
            row: b.row,
            errors: vec![RowError {
                row: b.row,
                column: headers.get(b.column).cloned().unwrap_or_default(),
                field: "quote".into(),
                reason,
            }],
            cells: b.cells,
        };
        let at = report.rejected.partition_point(|r| r.row < rejected.row);
        report.rejected.insert(at, rejected);
    }
    settle_rejected_dates(&mut report, mapping);
    match outcome {
        Ok(done) => {
            report.duplicates = done.duplicates.map(|pairs| pairs.len());
            Ok(report)
        }
        Err(store::Error::NotAllowed(m)) if m == "cancelled" => Err(Error::Cancelled),
        Err(e) => Err(e.into()),
    }
}

/// The rejected rows' day-first dates written as ISO, so the rejects file, fixed and imported on
/// its own, reads them as this file did ([`dates::settled`]).
fn settle_rejected_dates(report: &mut Report, mapping: &Mapping) {
    let dates = date_columns(mapping);
    for rejected in &mut report.rejected {
        for &i in &dates {
            if let Some(cell) = rejected.cells.get_mut(i)
                && let Some(settled) = dates::settled(cell, mapping.slashes)
            {
                *cell = settled;
            }
        }
    }
}

/// Writes one row the reader checked, or records why it was refused.
fn write(
    batch: &mut store::ImportBatch<'_, '_>,
    mapping: &Mapping,
    headers: &[String],
    row: rows::Row,
    report: &mut Report,
) -> store::Result<()> {
    match row {
        rows::Row::Rejected { rejected, counted } => {
            if counted {
                report.rows += 1;
            }
            report.rejected.push(rejected);
        }
        rows::Row::Ready {
            row,
            cells,
            checked,
        } => {
            report.rows += 1;
            match batch.add_checked(checked) {
                Ok(Imported::Created(id)) => {
                    report.imported += 1;
                    report.contact_ids.push(id);
                }
                Ok(Imported::Updated(id)) => {
                    report.updated += 1;
                    report.contact_ids.push(id);
                }
                Ok(Imported::Unchanged(id)) => {
                    report.unchanged += 1;
                    report.contact_ids.push(id);
                }
                Ok(Imported::Joined(_)) => report.joined += 1,
                Err(store::Error::Invalid(invalid)) => {
                    let errors = rows::row_errors(mapping, headers, row, &cells, &invalid);
                    report.rejected.push(Rejected { row, cells, errors });
                }
                Err(other) => return Err(other),
            }
        }
    }
    Ok(())
}

/// Writes the rejected rows with the original headers, separator and a last column "Kith error"
/// (which a re-import ignores), so they can be fixed in a spreadsheet and imported again — with the
/// same mapping profile: the file is UTF-8 with a BOM, which outweighs a profile's encoding, and
/// keeps the separator the profile may name.
pub fn write_rejects(path: &Path, report: &Report) -> Result<()> {
    let delimiter = report.delimiter.bytes().next().unwrap_or(b',');
    super::write_atomically(path, |w| {
        std::io::Write::write_all(w, "\u{feff}".as_bytes())?;
        let mut out = csv::WriterBuilder::new()
            .delimiter(delimiter)
            .from_writer(w);
        // A row with more cells than the header keeps them all, in columns of their own: the
        // cell that slipped to the right is the one the user needs to fix the row.
        let width = report
            .rejected
            .iter()
            .map(|r| r.cells.len())
            .fold(report.headers.len(), usize::max);
        let mut header = report.headers.clone();
        let extra = header.len() + 1..=width;
        header.extend(extra.map(|n| format!("Extra cell {n}")));
        header.push("Kith error".into());
        // The file is meant for a spreadsheet, so it is guarded as an export is; the re-import
        // takes the guard off again.
        let guarded = |cells: &[String]| -> Vec<String> {
            cells
                .iter()
                .map(|c| super::csv_export::neutralise(c).into_owned())
                .collect()
        };
        out.write_record(guarded(&header))
            .map_err(std::io::Error::other)?;
        for r in &report.rejected {
            let mut cells = r.cells.clone();
            cells.resize(width, String::new());
            let why: Vec<String> = r.errors.iter().map(ToString::to_string).collect();
            cells.push(why.join("; "));
            out.write_record(guarded(&cells))
                .map_err(std::io::Error::other)?;
        }
        out.flush()
    })
}
