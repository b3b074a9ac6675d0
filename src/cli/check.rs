//! `kith check`: integrity, schema version and row counts.

use std::path::PathBuf;
use std::process::ExitCode;

use super::{Error, Format, open_to_read, workspace_path};

#[derive(Debug, clap::Args)]
pub struct Args {
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

pub fn run(db: Option<PathBuf>, args: Args) -> Result<ExitCode, Error> {
    let path = workspace_path(db, false)?;
    // Read only: checking a snapshot must leave its bytes (and any checksum kept of them) as they
    // were, and must not upgrade a file an older Kith wrote.
    let store = open_to_read(&path)?;
    let report = store.check()?;
    match args.format {
        Format::Json => {
            let json =
                serde_json::json!({ "workspace": path, "ok": report.is_ok(), "report": report });
            println!("{json:#}");
        }
        Format::Text => {
            println!("workspace: {}", path.display());
            println!("schema version: {}", report.schema_version);
            println!("integrity: {}", report.integrity.join("; "));
            if report.foreign_key_violations.is_empty() {
                println!("foreign keys: ok");
            } else {
                println!(
                    "foreign keys: {} broken reference(s)",
                    report.foreign_key_violations.len()
                );
                for v in report.foreign_key_violations.iter().take(20) {
                    println!("  {v}");
                }
            }
            println!("rows:");
            let width = report
                .tables
                .iter()
                .map(|t| t.table.len())
                .max()
                .unwrap_or(0);
            for t in &report.tables {
                match t.deleted.filter(|&n| n > 0) {
                    // Deleted rows stay: an undone import's, for Redo to put back; a deleted
                    // record's, for Undo; an erased person's, emptied, so totals still add up.
                    Some(n) => println!(
                        "  {:width$}  {:>10}  ({n} of them deleted)",
                        t.table, t.rows
                    ),
                    None => println!("  {:width$}  {:>10}", t.table, t.rows),
                }
            }
        }
    }
    Ok(if report.is_ok() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}
