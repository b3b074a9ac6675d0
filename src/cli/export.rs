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
    Campaigns,
}

#[derive(Debug, clap::Args)]
pub struct Args {
    #[arg(value_enum)]
    format: Format,
    /// The file to write; - for standard output.
    #[arg(long, value_name = "FILE", value_parser = super::out_path)]
    out: PathBuf,
    /// Which list a CSV export holds (contacts when left out); for iCalendar, tasks only or deals'
    /// expected close dates only (everything dated when left out).
    #[arg(long, value_enum)]
    what: Option<What>,
    /// vCard version: 3 (RFC 2426, the most widely read) or 4 (RFC 6350).
    #[arg(long, default_value_t = 3, value_parser = clap::value_parser!(u8).range(3..=4))]
    vcard_version: u8,
    /// Only these records, in this order (vCard: contacts; CSV: rows of the list): `--id 3 7`,
    /// `--id 3,7` or `--id 3 --id 7`; an id given twice is written once.
    #[arg(long = "id", value_name = "N", num_args = 1.., value_delimiter = ',')]
    ids: Vec<i64>,
    /// CSV of campaign N's members, with when each was sent, opened, responded and converted and
    /// the revenue they brought (what the campaign's page lists), instead of a list.
    #[arg(long, value_name = "N", conflicts_with_all = ["what", "ids"])]
    campaign: Option<i64>,
}

/// What `--what` asks of the format, or why the format cannot give it.
enum Content {
    List(ListKind),
    Contacts,
    Calendar(io::ics::Items),
    Workspace,
}

fn content(format: Format, what: Option<What>) -> Result<Content, Error> {
    Ok(match (format, what) {
        (Format::Csv, what) => Content::List(match what.unwrap_or(What::Contacts) {
            What::Contacts => ListKind::Contacts,
            What::Companies => ListKind::Companies,
            What::Deals => ListKind::Deals,
            What::Tickets => ListKind::Tickets,
            What::Tasks => ListKind::Tasks,
            What::Campaigns => ListKind::Campaigns,
        }),
        (Format::Vcard, None | Some(What::Contacts)) => Content::Contacts,
        (Format::Vcard, Some(_)) => {
            return Err(Error::Usage(
                "a vCard export holds contacts only: use --what contacts or leave --what out"
                    .into(),
            ));
        }
        (Format::Ics, None) => Content::Calendar(io::ics::Items::All),
        (Format::Ics, Some(What::Tasks)) => Content::Calendar(io::ics::Items::Tasks),
        (Format::Ics, Some(What::Deals)) => Content::Calendar(io::ics::Items::ExpectedCloses),
        (Format::Ics, Some(_)) => {
            return Err(Error::Usage(
                "a calendar export holds tasks (--what tasks) or deals' expected close dates \
                 (--what deals); without --what it holds those and every meeting"
                    .into(),
            ));
        }
        (Format::Json, None) => Content::Workspace,
        (Format::Json, Some(_)) => {
            return Err(Error::Usage(
                "a JSON export holds the whole workspace: leave --what out (for one list, export csv)"
                    .into(),
            ));
        }
    })
}

pub fn run(db: Option<PathBuf>, args: Args) -> Result<ExitCode, Error> {
    if let Some(campaign) = args.campaign {
        return members(db, &args, crate::domain::CampaignId(campaign));
    }
    let content = content(args.format, args.what)?;
    if !args.ids.is_empty() && matches!(content, Content::Calendar(_) | Content::Workspace) {
        return Err(Error::Usage(
            "--id picks rows of a CSV list or contacts of a vCard export".into(),
        ));
    }
    let path = workspace_path(db, false)?;
    let store = open_existing(&path)?;
    // Ids that name nothing live are left out with a word (all of them: nothing to export).
    let kind = match content {
        Content::List(kind) => kind,
        _ => ListKind::Contacts,
    };
    // An id given twice is written (and named) once.
    let mut seen = std::collections::HashSet::new();
    let wanted: Vec<i64> = args
        .ids
        .iter()
        .copied()
        .filter(|id| seen.insert(*id))
        .collect();
    let missing = store.not_in_list(kind, &wanted).map_err(io::Error::from)?;
    let ids: Vec<i64> = wanted
        .into_iter()
        .filter(|id| !missing.contains(id))
        .collect();
    if !missing.is_empty() {
        let noun = format!("{kind:?}").to_lowercase();
        let list: Vec<String> = missing.iter().map(i64::to_string).collect();
        let why = format!(
            "no live {noun} with id {} (never there, or deleted)",
            list.join(", ")
        );
        if ids.is_empty() {
            return Err(Error::Usage(format!("{why}: nothing to export")));
        }
        eprintln!("warning: {why}; left out");
    }
    let only = (!ids.is_empty()).then_some(&ids[..]);
    let written = io::export_atomically(&args.out, |w| match content {
        Content::List(kind) => io::csv_export::export(&store, kind, only, w),
        Content::Contacts => {
            let ids = if ids.is_empty() {
                store.contact_ids().map_err(io::Error::from)
            } else {
                Ok(ids.iter().map(|&i| crate::domain::ContactId(i)).collect())
            };
            let version = if args.vcard_version == 4 {
                io::vcard::Version::V4
            } else {
                io::vcard::Version::V3
            };
            ids.and_then(|ids| io::vcard::export(&store, &ids, version, w))
        }
        Content::Calendar(items) => io::ics::export(&store, items, w),
        Content::Workspace => io::workspace::export(&store, w),
    })?;
    // Plain digits: scripts read this line.
    let noun = match (args.format, written) {
        (Format::Csv | Format::Json, 1) => "row",
        (Format::Csv | Format::Json, _) => "rows",
        (Format::Vcard, 1) => "contact",
        (Format::Vcard, _) => "contacts",
        (Format::Ics, 1) => "calendar item",
        (Format::Ics, _) => "calendar items",
    };
    super::say_wrote(
        &args.out,
        format_args!("exported {written} {noun} to {}", args.out.display()),
    );
    Ok(ExitCode::SUCCESS)
}

/// `--campaign N`: the campaign's members as CSV.
fn members(
    db: Option<PathBuf>,
    args: &Args,
    campaign: crate::domain::CampaignId,
) -> Result<ExitCode, Error> {
    if args.format != Format::Csv {
        return Err(Error::Usage(
            "--campaign writes the members as CSV: use kith export csv".into(),
        ));
    }
    let store = open_existing(&workspace_path(db, false)?)?;
    let live = store
        .campaign(campaign)
        .is_ok_and(|c| c.deleted_at.is_none());
    if !live {
        return Err(Error::Usage(format!(
            "no live campaign with id {} (never there, or deleted): nothing to export",
            campaign.0
        )));
    }
    let written = io::export_atomically(&args.out, |w| {
        io::csv_export::export_members(&store, campaign, w)
    })?;
    super::say_wrote(
        &args.out,
        format_args!(
            "exported {written} {} to {}",
            if written == 1 { "member" } else { "members" },
            args.out.display()
        ),
    );
    Ok(ExitCode::SUCCESS)
}
