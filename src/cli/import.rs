//! `kith import csv|vcard|json FILE`: read a file into a workspace (created if the path is new),
//! print a summary, list rejected rows with row, field and reason, and fail only when nothing could
//! be imported.

use std::path::PathBuf;
use std::process::ExitCode;

use super::{Error, workspace_path};
use crate::io::{self, csv_import};

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    what: What,
}

#[derive(Debug, clap::Subcommand)]
enum What {
    /// Contacts from a CSV file (Google Contacts, Outlook, HubSpot, Salesforce or any spreadsheet).
    Csv {
        /// The CSV file to read (any separator; UTF-8, UTF-16 or Windows-1252).
        file: PathBuf,
        /// A saved column mapping profile (JSON; its format is in the README, under "CSV mapping
        /// profiles"), as the import wizard's "Save mapping…" writes it.
        #[arg(long, value_name = "FILE")]
        mapping: Option<PathBuf>,
        /// Check every row and report, but change nothing.
        #[arg(long)]
        dry_run: bool,
        /// Write the rejected rows here, with the reason beside each, to fix and import again.
        #[arg(long, value_name = "OUT.csv")]
        rejects: Option<PathBuf>,
    },
    /// Contacts from a vCard 2.1, 3.0 or 4.0 file.
    Vcard {
        /// The .vcf file to read (one or many cards).
        file: PathBuf,
    },
    /// A whole workspace from `kith export json`, into an empty workspace.
    Json {
        /// The .json file `kith export json` wrote.
        file: PathBuf,
    },
    /// Order history from CSV, one line per order line (columns order, date, email, sku,
    /// product, quantity, unit_price, currency): what RFM, spending and basket analyses read.
    Orders {
        /// The CSV file of order lines to read.
        file: PathBuf,
        /// The file's currency, when it has no currency column.
        #[arg(long, value_name = "CODE")]
        currency: Option<String>,
        /// Check every row and report, but change nothing.
        #[arg(long)]
        dry_run: bool,
    },
}

pub fn run(db: Option<PathBuf>, args: Args) -> Result<ExitCode, Error> {
    let path = workspace_path(db, false)?;
    // A new path becomes a workspace only if the import does: a failed one had left an empty
    // workspace behind, to be taken later for the real one.
    let new = !path.exists();
    let result = match args.what {
        What::Csv {
            file,
            mapping,
            dry_run,
            rejects,
        } => csv(&path, &file, mapping, dry_run, rejects),
        What::Vcard { file } => vcard(&path, &file),
        What::Json { file } => json(&path, &file),
        What::Orders {
            file,
            currency,
            dry_run,
        } => orders(&path, &file, currency.as_deref(), dry_run),
    };
    if new && !matches!(result, Ok(ExitCode::SUCCESS)) {
        for suffix in ["", "-wal", "-shm", "-journal"] {
            let mut name = path.clone().into_os_string();
            name.push(suffix);
            let _ = std::fs::remove_file(name);
        }
    }
    result
}

fn file_name(file: &std::path::Path) -> String {
    file.file_name().map_or_else(
        || file.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

fn csv(
    db: &std::path::Path,
    file: &std::path::Path,
    mapping: Option<PathBuf>,
    dry_run: bool,
    rejects: Option<PathBuf>,
) -> Result<ExitCode, Error> {
    let bytes = io::read_file(file)?;
    if let Some(reason) = io::not_text(&bytes).or_else(|| io::not_csv(&bytes)) {
        return Err(io::Error::Format(reason.into()).into());
    }
    if let Some(out) = &rejects {
        ensure_rejects_can_be_written(out, file, db)?;
    }
    let profile = match &mapping {
        Some(p) => {
            let text = String::from_utf8_lossy(&io::read_file(p)?).into_owned();
            Some(csv_import::Profile::from_json(&text).map_err(io::Error::Mapping)?)
        }
        None => None,
    };
    let mut options = match &profile {
        Some(p) => csv_import::Options::from_profile(p)?,
        None => csv_import::Options::default(),
    };
    options.dry_run = dry_run;
    let preview = csv_import::preview(&bytes, &options, 0)?;
    if let Some(p) = &profile {
        for column in p.columns_not_in(&preview.headers) {
            eprintln!("note: the mapping names a column this file does not have: {column:?}");
        }
    }
    let mapping = match &profile {
        Some(p) => p.mapping_for(&preview.headers),
        None => preview.proposed.clone(),
    };
    // Said before anything is written, as the window says it: a file whose name columns went
    // unrecognised (a German or French export) otherwise failed row by row with "name: must not
    // be empty", or imported people named by their addresses without a word.
    let header = || {
        preview
            .headers
            .iter()
            .map(|h| format!("{h:?}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    // A profile given is the one to mend.
    let how = match &profile {
        Some(_) => "name those columns in the mapping profile given".to_string(),
        None => "map them with --mapping FILE (see \"CSV mapping profiles\" in the README)".into(),
    };
    let refused = |why: &str| {
        Err(io::Error::Format(format!(
            "no column of {} gives {why} (the header: {}): {how}",
            file.display(),
            header()
        ))
        .into())
    };
    match mapping.naming() {
        csv_import::Naming::Names => {}
        csv_import::Naming::Addresses => eprintln!(
            "note: no column gives a name (the header: {}): each contact is named by their \
             e-mail address or phone until a name arrives; if the file has names, {how}",
            header()
        ),
        // A row naming a company but no person is refused, so every row would be.
        csv_import::Naming::CompanyAlone => {
            return refused("a person's name, so every row naming a company would be refused");
        }
        csv_import::Naming::Nothing => return refused("a name, an e-mail or a phone"),
    }
    // A dry run into a path with no workspace yet tries a scratch one, and leaves the path empty.
    let scratch = (dry_run && !db.exists())
        .then(Scratch::new)
        .transpose()
        .map_err(io::Error::Io)?;
    let mut store = super::open_or_create(scratch.as_ref().map_or(db, |s| s.db.as_path()))?;
    let report = csv_import::import(
        &mut store,
        &bytes,
        &file_name(file),
        &mapping,
        &options,
        &mut (),
    )?;
    let duplicates = count_of_pairs(report.duplicates.unwrap_or(0));
    println!(
        "{}{}: {} row{} ({}, separated by {:?})",
        if dry_run {
            "dry run, nothing saved — "
        } else {
            ""
        },
        file.display(),
        report.rows,
        if report.rows == 1 { "" } else { "s" },
        report.encoding,
        report.delimiter
    );
    println!(
        "imported {}, updated {}, rejected {}, duplicates found {}, companies created {}, unchanged {}",
        report.imported,
        report.updated,
        report.rejected.len(),
        duplicates,
        report.companies_created,
        report.unchanged
    );
    same_person_again(report.joined, "row");
    if let Some(note) = report.footer_note() {
        println!("{note}");
    }
    for e in report.errors() {
        println!("  {e}");
    }
    if report.rows == 0 {
        eprintln!(
            "kith: nothing to import: {} has its header row and no rows under it",
            file.display()
        );
    }
    // Written even when empty, so a rejects file left by an earlier run is not taken for this one's.
    if let Some(out) = rejects {
        match csv_import::write_rejects(&out, &report) {
            Ok(()) if report.rejected.is_empty() => {
                println!("no rows rejected; {} holds just the header", out.display())
            }
            Ok(()) => println!("rejected rows written to {}", out.display()),
            // The import itself is saved by now: say what is missing, and let the exit code
            // speak for the import.
            Err(e) => eprintln!("warning: the rejected rows could not be written: {e}"),
        }
    }
    let rejected = report.rejected.len();
    Ok(outcome(
        report.imported + report.updated + report.unchanged,
        (rejected > 0).then(|| format!("{} rejected", rows(rejected, "row"))),
    ))
}

/// "the one row was", "all 3 rows were".
fn rows(n: usize, what: &str) -> String {
    if n == 1 {
        format!("the one {what} was")
    } else {
        format!("all {n} {what}s were")
    }
}

/// Refuses, before anything is imported, a `--rejects` file that could not be written afterwards,
/// or that is the file being imported (it would be replaced by its own rejected rows) or the
/// workspace.
fn ensure_rejects_can_be_written(
    out: &std::path::Path,
    file: &std::path::Path,
    db: &std::path::Path,
) -> Result<(), Error> {
    let same = |other: &std::path::Path| match (
        std::fs::canonicalize(out),
        std::fs::canonicalize(other),
    ) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    };
    let refuse = |what: &str| {
        Err(Error::Usage(format!(
            "--rejects {} is {what}; choose another file for the rejected rows",
            out.display()
        )))
    };
    if same(file) {
        return refuse("the file being imported");
    }
    if same(db) {
        return refuse("the workspace");
    }
    crate::fs::ensure_writable(out).map_err(|source| {
        Error::from(io::Error::File {
            path: out.to_path_buf(),
            source,
        })
    })
}

/// A workspace in a temporary folder, removed with it.
struct Scratch {
    dir: PathBuf,
    db: PathBuf,
}

impl Scratch {
    fn new() -> std::io::Result<Scratch> {
        let dir = std::env::temp_dir().join(format!("kith-dry-run-{}", std::process::id()));
        std::fs::create_dir_all(&dir)?;
        Ok(Scratch {
            db: dir.join("kith.db"),
            dir,
        })
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn vcard(db: &std::path::Path, file: &std::path::Path) -> Result<ExitCode, Error> {
    let bytes = io::read_file(file)?;
    if let Some(reason) = io::not_text(&bytes) {
        return Err(io::Error::Format(reason.into()).into());
    }
    let mut store = super::open_or_create(db)?;
    let report = io::vcard::import(&mut store, &bytes, &file_name(file), &mut ())?;
    let duplicates = count_of_pairs(report.duplicates);
    println!(
        "imported {}, updated {}, rejected {}, duplicates found {}, companies created {}, unchanged {}",
        report.imported,
        report.updated,
        report.rejected_cards(),
        duplicates,
        report.companies_created,
        report.unchanged
    );
    same_person_again(report.joined, "card");
    for e in &report.rejected {
        println!("  {e}");
    }
    for n in &report.notices {
        println!("  note: {n}");
    }
    let rejected = report.rejected_cards();
    let why = if rejected > 0 {
        format!("{} rejected", rows(rejected as usize, "card"))
    } else {
        format!("{} holds no contact cards", file.display())
    };
    Ok(outcome(report.taken(), Some(why)))
}

fn json(db: &std::path::Path, file: &std::path::Path) -> Result<ExitCode, Error> {
    let input = io::open_file(file)?;
    let mut store = super::open_or_create(db)?;
    let counts = io::workspace::import_reader(&mut store, input)?;
    let total: u64 = counts.iter().map(|(_, n)| n).sum();
    // The pairs the moved workspace holds, as the Duplicates view will list them (pairs its
    // owner kept apart stay apart).
    let duplicates = store.find_duplicates(None)?.len();
    println!(
        "imported {total} rows, updated 0, rejected 0, duplicates found {}",
        count_of_pairs(duplicates)
    );
    for (table, n) in counts.iter().filter(|(_, n)| *n > 0) {
        println!("  {table}: {n}");
    }
    Ok(outcome(total, Some("the file holds no rows".into())))
}

fn orders(
    db: &std::path::Path,
    file: &std::path::Path,
    currency: Option<&str>,
    dry_run: bool,
) -> Result<ExitCode, Error> {
    let currency = currency
        .map(crate::domain::Currency::new)
        .transpose()
        .map_err(|p| Error::Usage(format!("--currency: {p}")))?;
    let bytes = io::read_file(file)?;
    if let Some(reason) = io::not_text(&bytes).or_else(|| io::not_csv(&bytes)) {
        return Err(io::Error::Format(reason.into()).into());
    }
    let mut store = super::open_or_create(db)?;
    let report = io::orders::import(&mut store, &bytes, &file_name(file), currency, dry_run)?;
    let rows: std::collections::BTreeSet<u64> = report.rejected.iter().map(|e| e.row).collect();
    use crate::words::count;
    println!(
        "{}imported {} ({}), products created {}, rejected {}",
        if dry_run {
            "dry run, nothing written: "
        } else {
            ""
        },
        count(report.orders, "order"),
        count(report.lines, "line"),
        report.products_created,
        count(rows.len() as u64, "row")
    );
    for e in &report.rejected {
        println!("  {e}");
    }
    Ok(outcome(
        report.orders,
        Some(format!("{} rejected", self::rows(rows.len(), "row"))),
    ))
}

/// "10000+" when the duplicate finder stopped at its cap: there may be more.
fn count_of_pairs(found: usize) -> String {
    if found >= crate::domain::duplicate::MAX_PAIRS {
        format!("{found}+")
    } else {
        found.to_string()
    }
}

/// Success when something was done; failure only when nothing could be, said on stderr with `why`
/// (unless already said). A row found already up to date counts as done: importing a file twice is
/// no failure.
fn outcome(done: u64, why: Option<String>) -> ExitCode {
    if done > 0 {
        return ExitCode::SUCCESS;
    }
    if let Some(why) = why {
        eprintln!("kith: nothing was imported: {why}");
    }
    ExitCode::FAILURE
}

/// Rows (or cards) of one person the file had already brought, merged into the contact the first
/// of them made: neither new contacts nor updates of ones the workspace held.
fn same_person_again(joined: u64, what: &str) {
    if joined > 0 {
        println!(
            "  {} the same person as an earlier {what} of the file, merged into the contact it made",
            match joined {
                1 => format!("1 {what} was"),
                n => format!("{n} {what}s were"),
            }
        );
    }
}
