//! `kith export csv|vcard|ics|json --out FILE [--what …]`: write a workspace's data for another
//! program, atomically (a failed export never leaves half a file or destroys the previous one).

use std::path::PathBuf;
use std::process::ExitCode;

use clap::ValueEnum;

use super::{Error, open_existing, workspace_path};
use crate::io;
use crate::store::ListKind;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    Csv,
    Vcard,
    Ics,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum What {
    Contacts,
    Companies,
    Deals,
    Tickets,
    Tasks,
}

#[derive(Debug, clap::Args)]
pub struct Args {
    #[arg(value_enum)]
    format: Format,
    #[arg(long, value_name = "FILE")]
    out: PathBuf,
    /// Which list a CSV export holds.
    #[arg(long, value_enum, default_value = "contacts")]
    what: What,
    /// vCard version: 3 (RFC 2426, the most widely read) or 4 (RFC 6350).
    #[arg(long, default_value_t = 3, value_parser = clap::value_parser!(u8).range(3..=4))]
    vcard_version: u8,
    /// Only these contacts (vCard): `--id 3 --id 7`.
    #[arg(long = "id", value_name = "N")]
    ids: Vec<i64>,
}

pub fn run(db: Option<PathBuf>, args: Args) -> Result<ExitCode, Error> {
    let path = workspace_path(db, false)?;
    let store = open_existing(&path)?;
    let what = match args.what {
        What::Contacts => ListKind::Contacts,
        What::Companies => ListKind::Companies,
        What::Deals => ListKind::Deals,
        What::Tickets => ListKind::Tickets,
        What::Tasks => ListKind::Tasks,
    };
    let written = io::export_atomically(&args.out, |w| match args.format {
        Format::Csv => io::csv_export::export(&store, what, w),
        Format::Vcard => {
            let ids = if args.ids.is_empty() {
                store.contact_ids().map_err(io::Error::from)
            } else {
                Ok(args
                    .ids
                    .iter()
                    .map(|&i| crate::domain::ContactId(i))
                    .collect())
            };
            let version = if args.vcard_version == 4 {
                io::vcard::Version::V4
            } else {
                io::vcard::Version::V3
            };
            ids.and_then(|ids| io::vcard::export(&store, &ids, version, w))
        }
        Format::Ics => io::ics::export(&store, w),
        Format::Json => io::workspace::export(&store, w),
    })?;
    println!(
        "exported {written} {} to {}",
        match args.format {
            Format::Csv => "rows",
            Format::Vcard => "contacts",
            Format::Ics => "calendar items",
            Format::Json => "rows",
        },
        args.out.display()
    );
    Ok(ExitCode::SUCCESS)
}
