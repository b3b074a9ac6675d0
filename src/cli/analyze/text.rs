//! `kith analyze text --db F [--out text_complexity.csv]`: the complexity S = ½·log2(distinct
//! characters) of every note (on a contact's card or logged on a timeline) and ticket feedback,
//! and its average per kind.

use std::path::PathBuf;
use std::process::ExitCode;

use super::write_atomically;
use crate::analytics::text::complexity;
use crate::cli::{Error, open_existing, workspace_path};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Write kind,id,characters,complexity for every text.
    #[arg(long, value_name = "CSV")]
    out: Option<PathBuf>,
}

pub fn run(db: Option<PathBuf>, args: Args) -> Result<ExitCode, Error> {
    let store = open_existing(&workspace_path(db, false)?)?;
    let texts = store.written_texts()?;
    for kind in crate::store::TEXT_KINDS {
        let scores: Vec<f64> = texts
            .iter()
            .filter(|t| t.kind == kind)
            .map(|t| complexity(&t.text))
            .collect();
        match scores.len() {
            0 => println!("{kind}: none written"),
            n => println!(
                "{kind}: {n} texts, average complexity {:.3}",
                scores.iter().sum::<f64>() / n as f64
            ),
        }
    }
    if let Some(path) = &args.out {
        write_atomically(path, |w| {
            let mut csv = csv::Writer::from_writer(w);
            csv.write_record(["kind", "id", "characters", "complexity"])?;
            for t in &texts {
                csv.write_record([
                    t.kind.to_string(),
                    t.id.to_string(),
                    t.text.chars().count().to_string(),
                    format!("{:.6}", complexity(&t.text)),
                ])?;
            }
            csv.flush()
        })?;
    }
    Ok(ExitCode::SUCCESS)
}
