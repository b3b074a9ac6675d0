//! The `kith` command line. Each subcommand lives in its own file and prints plain text or JSON, so
//! scripts and other tools can rely on its output; errors go to stderr with a non-zero exit code.

mod analyze;
mod backup;
mod check;
mod crypt;
mod demo;
mod export;
mod import;
mod person;
mod report;
mod search;
mod writer;

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::OnceLock;

use clap::{Parser, Subcommand, ValueEnum};

use crate::store::{self, Passphrase, Store};

#[derive(Debug, Parser)]
#[command(name = "kith", version, about = "Kith — an offline CRM for small businesses", long_about = None)]
pub struct Cli {
    /// The workspace file (default: kith.db in your data directory).
    #[arg(long, global = true, env = "KITH_DB", value_name = "PATH")]
    pub db: Option<PathBuf>,
    /// The passphrase of an encrypted workspace, as the first line of FILE (or set KITH_PASSPHRASE).
    #[arg(long, global = true, value_name = "FILE")]
    pub passphrase_file: Option<PathBuf>,
    /// Open the demo workspace (created on first use) instead of your own.
    #[arg(long)]
    pub demo: bool,
    /// A contacts file (vCard or CSV) to import: the window opens its import wizard on it. This is
    /// how the desktop hands Kith a .vcf opened with it.
    #[arg(value_name = "FILE")]
    pub file: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

impl Cli {
    /// Parses the command line as `Cli::parse` does, and also refuses a FILE together with a
    /// subcommand: clap accepts both, and one of them would be silently ignored.
    pub fn try_parse_args<I, T>(args: I) -> Result<Cli, clap::Error>
    where
        I: IntoIterator<Item = T>,
        T: Into<std::ffi::OsString> + Clone,
    {
        let cli = Cli::try_parse_from(args)?;
        if cli.file.is_some() && cli.command.is_some() {
            return Err(<Cli as clap::CommandFactory>::command().error(
                clap::error::ErrorKind::ArgumentConflict,
                "FILE opens the window's import wizard and cannot go with a subcommand; \
                 `kith import` imports from the command line",
            ));
        }
        Ok(cli)
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create a demo workspace full of believable data.
    Demo(demo::Args),
    /// Check a workspace's integrity and show what it holds.
    Check(check::Args),
    /// Search contacts, companies, deals, activities and tickets.
    Search(search::Args),
    /// Analyse customers and purchases: clusters, association rules, regression, trees.
    Analyze(analyze::Args),
    /// Import contacts (CSV, vCard) or a whole workspace (JSON); a new --db path is created.
    Import(import::Args),
    /// Export a list as CSV, contacts as vCard, tasks and meetings as iCalendar, or everything as JSON.
    Export(export::Args),
    /// Export or erase everything held about one person.
    Person(person::Args),
    /// Write the owner's report: every dashboard chart and the segment, rules and forecast charts
    /// as PNG and SVG, with an index.html to e-mail or print.
    Report(report::Args),
    /// Write a verified snapshot of the workspace into a folder.
    Backup(backup::BackupArgs),
    /// Replace the workspace with a snapshot (what it held is kept as a snapshot first).
    Restore(backup::RestoreArgs),
    /// Encrypt a workspace with a passphrase (a missing file becomes a new encrypted workspace).
    Encrypt(crypt::NewKeyArgs),
    /// Remove a workspace's encryption.
    Decrypt,
    /// Change an encrypted workspace's passphrase.
    Rekey(crypt::NewKeyArgs),
    /// For the crash-safety tests: create contacts without end, printing each id once committed.
    #[command(hide = true)]
    CrashTestWriter(writer::Args),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum Format {
    #[default]
    Text,
    Json,
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    Store(#[from] store::Error),
    #[error("{} already exists; pass --force to replace it", .0.display())]
    Exists(PathBuf),
    #[error("{context}: {}", crate::io::plain(source))]
    Io {
        context: String,
        source: std::io::Error,
    },
    #[error("no data directory could be found for this user; pass --db PATH")]
    NoDataDir,
    #[error("{0}")]
    Usage(String),
    #[error("{0}")]
    Passphrase(String),
    #[error(transparent)]
    File(#[from] crate::io::Error),
    #[error(transparent)]
    Chart(#[from] crate::charts::ChartError),
}

/// The workspace a command works on: `--db`/`KITH_DB`, else the demo or default file in the data directory.
pub fn workspace_path(db: Option<PathBuf>, demo: bool) -> Result<PathBuf, Error> {
    match db {
        Some(path) => Ok(path),
        None if demo => store::default_db_path()
            .map(|p| p.with_file_name("demo.db"))
            .ok_or(Error::NoDataDir),
        None => store::default_db_path().ok_or(Error::NoDataDir),
    }
}

/// The workspace passphrase given to this run of `kith`, read once at the start.
static PASSPHRASE: OnceLock<Option<Passphrase>> = OnceLock::new();

fn passphrase() -> Option<&'static Passphrase> {
    PASSPHRASE.get().and_then(Option::as_ref)
}

/// The passphrase from `--passphrase-file FILE`, else from `KITH_PASSPHRASE`.
pub fn read_passphrase(file: Option<&Path>) -> Result<Option<Passphrase>, Error> {
    match file {
        Some(file) => match Passphrase::from_file(file) {
            Ok(None) => Err(Error::Passphrase(format!(
                "the passphrase file {} is empty: its first line holds the passphrase",
                file.display()
            ))),
            read => read.map_err(|source| Error::Io {
                context: format!("cannot read the passphrase file {}", file.display()),
                source,
            }),
        },
        None => Ok(std::env::var("KITH_PASSPHRASE")
            .ok()
            .and_then(Passphrase::new)),
    }
}

/// Opens an existing workspace for a command that reads it; a missing file is an error, not a new
/// empty workspace, so a mistyped path never looks like an empty CRM.
fn open_existing(path: &Path) -> Result<Store, Error> {
    ensure_workspace_file(path)?;
    let store = Store::open_with(path, passphrase())?;
    if let Some(why) = store.read_only() {
        eprintln!("kith: note: opened read-only because {why}");
    }
    Ok(store)
}

/// Opens a workspace only to read it, leaving the file byte for byte as it was (`kith check`).
fn open_to_read(path: &Path) -> Result<Store, Error> {
    ensure_workspace_file(path)?;
    let store = Store::open_to_read(path, passphrase())?;
    // Opened read-only either way; whether the user could write it is still worth knowing.
    if let Some(why) = crate::store::cannot_write(path) {
        eprintln!("kith: note: opened read-only because {why}");
    }
    Ok(store)
}

/// A command that only reads needs a file that is there and not empty.
fn ensure_workspace_file(path: &Path) -> Result<(), Error> {
    if !path.exists() {
        return Err(Error::Io {
            context: format!("cannot open {}", path.display()),
            source: std::io::Error::new(std::io::ErrorKind::NotFound, "no such file"),
        });
    }
    // An empty file is no workspace: a command that only reads must not make it a new, empty
    // one (and call it healthy) — it may be a workspace that lost its contents.
    if std::fs::metadata(path).is_ok_and(|m| m.is_file() && m.len() == 0) {
        return Err(crate::store::Error::NotAWorkspace {
            path: path.to_path_buf(),
            reason: "the file is empty (0 bytes); if it was a workspace, restore it from a \
                     backup (kith restore)"
                .into(),
        }
        .into());
    }
    Ok(())
}

/// Opens a workspace a command may create (demo, import): new files get the passphrase, if any.
fn open_or_create(path: &Path) -> Result<Store, Error> {
    Ok(Store::open_with(path, passphrase())?)
}

/// Runs a subcommand and turns its outcome into an exit code, printing any error to stderr.
/// A panic is caught here too: it is reported in one sentence, and since every write is one
/// transaction that an unwinding panic rolls back, the workspace holds only whole changes.
pub fn run(db: Option<PathBuf>, passphrase_file: Option<PathBuf>, command: Command) -> ExitCode {
    let key = match read_passphrase(passphrase_file.as_deref()) {
        Ok(key) => key,
        Err(e) => {
            eprintln!("kith: error: {e}");
            return ExitCode::FAILURE;
        }
    };
    let _ = PASSPHRASE.set(key);
    match std::panic::catch_unwind(move || dispatch(db, command)) {
        Ok(code) => code,
        Err(panic) => {
            eprintln!(
                "kith: internal error: {}. Nothing half-done was saved; please report this.",
                store::panic_text(panic.as_ref())
            );
            ExitCode::from(70)
        }
    }
}

fn dispatch(db: Option<PathBuf>, command: Command) -> ExitCode {
    let outcome = match command {
        Command::Demo(args) => demo::run(db, args),
        Command::Check(args) => check::run(db, args),
        Command::Search(args) => search::run(db, args),
        Command::Analyze(args) => analyze::run(db, args),
        Command::Import(args) => import::run(db, args),
        Command::Export(args) => export::run(db, args),
        Command::Person(args) => person::run(db, args),
        Command::Report(args) => report::run(db, args),
        Command::Backup(args) => backup::backup(db, args),
        Command::Restore(args) => backup::restore(db, args),
        Command::Encrypt(args) => crypt::encrypt(db, args),
        Command::Decrypt => crypt::decrypt(db),
        Command::Rekey(args) => crypt::rekey(db, args),
        Command::CrashTestWriter(args) => writer::run(db, args),
    };
    match outcome {
        Ok(code) => code,
        // `kith export … --out - | head`: the reader stopped reading, which is not the command
        // failing (it had said "Broken pipe" and exited 1, or not, by how much fitted the pipe).
        Err(e) if broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("kith: error: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Whether `e` comes of writing to a pipe whose reader has gone.
fn broken_pipe(e: &Error) -> bool {
    let mut next: Option<&(dyn std::error::Error + 'static)> = Some(e);
    while let Some(err) = next {
        // The CSV writer's error keeps its I/O error to itself (no `source`).
        if let Some(csv::ErrorKind::Io(io)) = err.downcast_ref::<csv::Error>().map(csv::Error::kind)
            && io.kind() == std::io::ErrorKind::BrokenPipe
        {
            return true;
        }
        if let Some(io) = err.downcast_ref::<std::io::Error>() {
            if io.kind() == std::io::ErrorKind::BrokenPipe {
                return true;
            }
            // An error carried inside an I/O error (the CSV writer's own) is its inner one, which
            // `source` skips.
            if let Some(inner) = io.get_ref() {
                next = Some(inner);
                continue;
            }
        }
        next = err.source();
    }
    false
}

/// Prints a command's closing line about the file it wrote: to stdout as usual, but to stderr when
/// that file *is* stdout (`--out /dev/stdout`), so the line never lands inside the data a script
/// is reading from the pipe.
fn say_wrote(out: &Path, line: std::fmt::Arguments) {
    if crate::fs::is_standard_output(out) {
        eprintln!("{line}");
    } else {
        println!("{line}");
    }
}

/// `--out FILE`, where `-` is standard output, as in most Unix tools (written through
/// `/dev/stdout`, which exports write into in place).
fn out_path(value: &str) -> Result<PathBuf, String> {
    match value {
        "-" if cfg!(unix) => Ok(PathBuf::from("/dev/stdout")),
        "" => Err("give a file name (or - for standard output)".into()),
        other => Ok(PathBuf::from(other)),
    }
}
