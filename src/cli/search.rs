//! `kith search`: full-text search from the command line, one hit per line (or JSON).

use std::path::PathBuf;
use std::process::ExitCode;

use super::{Error, Format, open_existing, workspace_path};

#[derive(Debug, clap::Args)]
pub struct Args {
    #[arg(long, value_enum, default_value_t)]
    format: Format,
    /// Most hits shown per kind of record.
    #[arg(long, default_value_t = 20)]
    limit: u32,
    /// What to look for; taken literally (quotes, `*`, `AND` … are just text).
    #[arg(required = true, num_args = 1.., allow_hyphen_values = true)]
    query: Vec<String>,
}

pub fn run(db: Option<PathBuf>, args: Args) -> Result<ExitCode, Error> {
    let path = workspace_path(db, false)?;
    let store = open_existing(&path)?;
    let hits = store.search(&args.query.join(" "), args.limit)?;
    match args.format {
        Format::Json => println!(
            "{}",
            serde_json::to_string_pretty(&hits).map_err(|e| Error::Usage(e.to_string()))?
        ),
        Format::Text => {
            for hit in &hits {
                println!(
                    "{}\t{}\t{}\t{}",
                    hit.kind.label(),
                    hit.id,
                    one_line(&hit.title),
                    one_line(&hit.snippet)
                );
            }
            if hits.is_empty() {
                eprintln!("no matches");
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Tabs and newlines inside a field would break the one-hit-per-line output.
fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}
