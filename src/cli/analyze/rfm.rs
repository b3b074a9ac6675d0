//! `kith analyze rfm --db F [--out rfm.csv] [--report report.json]`: score every customer by recency,
//! frequency and monetary value, and show how customers and revenue split across loyalty segments.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use super::write_atomically;
use crate::analytics::rfm::{self, Score};
use crate::cli::{Error, open_existing, workspace_path};
use crate::domain::Money;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Write one row per customer: contact_id,name,recency_days,frequency,monetary,r,f,m,segment.
    #[arg(long, value_name = "CSV")]
    out: Option<PathBuf>,
    /// Write the segment summary as JSON.
    #[arg(long, value_name = "JSON")]
    report: Option<PathBuf>,
}

pub fn run(db: Option<PathBuf>, args: Args) -> Result<ExitCode, Error> {
    let store = open_existing(&workspace_path(db, false)?)?;
    let (currency, customers) = store.purchases()?;
    if customers.is_empty() {
        // Nothing could be done (no file asked for was written): a failure, said on stderr.
        return Err(Error::Usage(
            "no customer has ordered yet: nothing to score (bring your order history in with kith import orders)".into(),
        ));
    }
    let scores = rfm::score(&customers);
    let summary = rfm::summarize(&scores);
    println!(
        "{} scored ({})",
        crate::words::count(scores.len() as u64, "customer"),
        currency.code()
    );
    if let Some(left) = rfm::not_scored(&store.customers_buying_elsewhere(currency)?) {
        println!("not scored: {left} (amounts in two currencies do not add up)");
    }
    println!(
        "{:<22} {:>9} {:>16} {:>8}",
        "segment", "customers", "revenue", "share"
    );
    for s in &summary {
        println!(
            "{:<22} {:>9} {:>16} {:>7.1}%",
            s.segment.label(),
            s.customers,
            Money::new(s.revenue_minor, currency).display(),
            s.revenue_share * 100.0
        );
    }
    if let Some(path) = &args.out {
        write_atomically(path, |w| write_scores(w, &scores, currency))?;
    }
    if let Some(path) = &args.report {
        let json =
            serde_json::to_string_pretty(&summary).map_err(|e| Error::Usage(e.to_string()))?;
        write_atomically(path, |w| w.write_all(json.as_bytes()))?;
    }
    Ok(ExitCode::SUCCESS)
}

fn write_scores(
    w: &mut dyn Write,
    scores: &[Score],
    currency: crate::domain::Currency,
) -> std::io::Result<()> {
    let mut csv = csv::Writer::from_writer(w);
    csv.write_record(rfm::SCORE_COLUMNS)?;
    for s in scores {
        csv.write_record(rfm::score_row(s, currency))?;
    }
    csv.flush()
}
