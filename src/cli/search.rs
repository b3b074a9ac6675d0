//! `kith search`: full-text search from the command line, one hit per line (or JSON).

use std::path::PathBuf;
use std::process::ExitCode;

use super::{Error, Format, open_existing, workspace_path};

#[derive(Debug, clap::Args)]
pub struct Args {
    #[arg(long, value_enum, default_value_t)]
    format: Format,
    /// Most hits shown per kind of record.
    #[arg(long, default_value_t = 20, value_parser = clap::value_parser!(u32).range(1..))]
    limit: u32,
    /// What to look for; taken literally (quotes, `*`, `AND`, "-decaf" … are just text). The
    /// options may come before or after it.
    #[arg(required = true, num_args = 1.., allow_hyphen_values = true)]
    query: Vec<String>,
}

pub fn run(db: Option<PathBuf>, args: Args) -> Result<ExitCode, Error> {
    let (db, args) = options_after_the_query(db, args)?;
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

/// The query takes words starting with "-" as text ("-decaf"), so clap hands it every word after
/// the first, options included: `kith search krause --limit 5 --db w.db`. This command's own
/// options are taken back out of it here (`--limit 5` or `--limit=5`).
fn options_after_the_query(
    mut db: Option<PathBuf>,
    mut args: Args,
) -> Result<(Option<PathBuf>, Args), Error> {
    let words = std::mem::take(&mut args.query);
    let mut words = words.into_iter();
    while let Some(word) = words.next() {
        let (name, inline) = match word.split_once('=') {
            Some((name, value)) => (name.to_string(), Some(value.to_string())),
            None => (word.clone(), None),
        };
        if !matches!(name.as_str(), "--limit" | "--format" | "--db") {
            args.query.push(word);
            continue;
        }
        let Some(value) = inline.or_else(|| words.next()) else {
            return Err(Error::Usage(format!("{name} needs a value")));
        };
        match name.as_str() {
            "--limit" => {
                args.limit = value
                    .parse()
                    .map_err(|_| Error::Usage(format!("--limit {value:?} is not a number")))?;
            }
            "--format" => {
                args.format =
                    <Format as clap::ValueEnum>::from_str(&value, true).map_err(|_| {
                        Error::Usage(format!("--format is text or json, not {value:?}"))
                    })?;
            }
            _ => db = Some(PathBuf::from(value)),
        }
    }
    if args.query.is_empty() {
        return Err(Error::Usage("give the words to look for".into()));
    }
    // No hits of any kind is "no matches", which --limit 0 said of a search that had some.
    if args.limit == 0 {
        return Err(Error::Usage(
            "--limit 0 would show nothing: give 1 or more".into(),
        ));
    }
    Ok((db, args))
}

/// Tabs and newlines inside a field would break the one-hit-per-line output.
fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}
