//! `kith analyze bayes --db F [--folds 5] [--out deal_scores.csv]`: learn from the deals already won
//! and lost (owner, the company's industry, the contact's lead source, amount band) with naive Bayes,
//! report its cross-validated accuracy, and score every open deal's chance of being won.

use std::path::PathBuf;
use std::process::ExitCode;

use super::write_atomically;
use crate::analytics::bayes::{NaiveBayes, cross_validate};
use crate::analytics::worker::Ticker;
use crate::analytics::workspace::inputs;
use crate::cli::{Error, open_existing, workspace_path};
use crate::store::DealFacts;

#[derive(Debug, clap::Args)]
// "--eps -1" is a wrong value to name, not an unknown argument.
#[command(allow_negative_numbers = true)]
pub struct Args {
    /// Folds for the cross-validated accuracy (fold of deal i = i mod k).
    #[arg(long, default_value_t = 5)]
    folds: usize,
    /// Write deal_id,title,win_probability for each open deal.
    #[arg(long, value_name = "CSV")]
    out: Option<PathBuf>,
}

pub fn run(db: Option<PathBuf>, args: Args) -> Result<ExitCode, Error> {
    let store = open_existing(&workspace_path(db, false)?)?;
    let deals = store.deal_facts()?;
    let inputs::DealRows {
        closed,
        closed_rows: rows,
        won: outcomes,
        open,
        open_rows,
    } = inputs::deal_rows(&deals);
    let model = NaiveBayes::fit(&rows, &outcomes).map_err(|e| Error::Usage(e.to_string()))?;
    super::check_folds(args.folds, rows.len(), false)?;
    let accuracy = cross_validate(&rows, &outcomes, args.folds, &Ticker::silent())
        .map_err(|e| Error::Usage(e.to_string()))?;
    let won = outcomes.iter().filter(|&&w| w).count();
    println!(
        "learned from {} closed deals ({won} won, {} lost); cross-validated accuracy {:.1}% ({} folds)",
        closed.len(),
        closed.len() - won,
        accuracy * 100.0,
        args.folds
    );
    let baseline = won.max(closed.len() - won) as f64 / closed.len() as f64;
    if accuracy <= baseline {
        println!(
            "note: no better than always guessing the commoner outcome ({:.1}%): the facts recorded on \
             these deals do not predict wins yet, so read the scores as weak",
            baseline * 100.0
        );
    }
    let mut scored: Vec<(&DealFacts, f64)> = open
        .iter()
        .zip(&open_rows)
        .map(|(d, facts)| (*d, model.probability(facts)))
        .collect();
    scored.sort_by(|a, b| b.1.total_cmp(&a.1));
    for (deal, p) in scored.iter().take(10) {
        println!("{:>5.1}%  {}", p * 100.0, deal.title);
    }
    if scored.len() > 10 {
        println!("… and {} more open deals", scored.len() - 10);
    }
    if let Some(path) = &args.out {
        write_atomically(path, |w| {
            let mut csv = csv::Writer::from_writer(w);
            csv.write_record(["deal_id", "title", "win_probability"])?;
            for (deal, p) in &scored {
                csv.write_record([deal.id.to_string(), deal.title.clone(), format!("{p:.4}")])?;
            }
            csv.flush()
        })?;
    }
    Ok(ExitCode::SUCCESS)
}
