//! `kith analyze itemsets`: frequent itemsets in purchase baskets (the workspace's orders or a
//! basket file), written as `itemsets.csv` (`itemset,count,support`).

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use crate::analytics::baskets::{Baskets, Layout};
use crate::analytics::rules::{self, Algorithm, ItemsetReport, Ratio, itemset_label};
use crate::analytics::worker::Ticker;
use crate::cli::{Error, open_existing, workspace_path};

#[derive(Debug, clap::Args)]
// "--eps -1" is a wrong value to name, not an unknown argument.
#[command(allow_negative_numbers = true)]
pub struct Args {
    #[command(flatten)]
    pub input: BasketInput,
    /// An itemset is frequent iff its count ≥ ceil(S × number of baskets); S is a fraction.
    #[arg(long, value_name = "S", value_parser = parse_ratio)]
    pub min_support: Ratio,
    #[arg(long, value_enum, default_value_t)]
    pub algorithm: AlgorithmArg,
    /// Where to write the itemsets (CSV).
    #[arg(long, value_name = "FILE", default_value = "itemsets.csv")]
    pub out: PathBuf,
}

/// Where the baskets come from: a file (`--baskets`), else the workspace (`--db`) — one basket
/// per order.
#[derive(Debug, clap::Args)]
pub struct BasketInput {
    /// A basket file: `.dat` (FIMI, items separated by spaces), `.csv` (items separated by commas,
    /// or one-hot 0/1 columns under a header of item names), or a long CSV with --tx-col and
    /// --item-col. Without it, the workspace's orders are the baskets.
    #[arg(long, value_name = "FILE")]
    pub baskets: Option<PathBuf>,
    /// In a long CSV: the column that names the transaction (needs --item-col).
    #[arg(long, value_name = "COLUMN", requires = "item_col")]
    pub tx_col: Option<String>,
    /// In a long CSV: the column that names the item (needs --tx-col).
    #[arg(long, value_name = "COLUMN", requires = "tx_col")]
    pub item_col: Option<String>,
    /// Read the file as one-hot (0/1 or true/false per item column) without guessing.
    #[arg(long, conflicts_with = "tx_col")]
    pub one_hot: bool,
}

#[derive(Debug, Clone, Copy, Default, clap::ValueEnum)]
pub enum AlgorithmArg {
    Apriori,
    #[default]
    Eclat,
}

impl From<AlgorithmArg> for Algorithm {
    fn from(a: AlgorithmArg) -> Algorithm {
        match a {
            AlgorithmArg::Apriori => Algorithm::Apriori,
            AlgorithmArg::Eclat => Algorithm::Eclat,
        }
    }
}

pub fn parse_ratio(s: &str) -> Result<Ratio, String> {
    s.parse().map_err(|e: rules::RatioError| e.to_string())
}

impl BasketInput {
    /// The baskets and a few words on where they came from.
    pub fn load(&self, db: Option<PathBuf>) -> Result<(Baskets, String), Error> {
        let Some(path) = &self.baskets else {
            if self.tx_col.is_some() || self.one_hot {
                return Err(Error::Usage(
                    "--tx-col, --item-col and --one-hot describe a --baskets file".into(),
                ));
            }
            let path = workspace_path(db, false)?;
            let store = open_existing(&path)?;
            let orders = store.order_baskets()?;
            // Nothing to mine is said and fails, as the other analyses do: "0 baskets … wrote
            // association_rules.csv" exited 0 and a script took the empty file for an answer.
            if orders.is_empty() {
                return Err(Error::Usage(format!(
                    "there are no orders in {} to find products bought together in (bring \
                     your order history in with `kith import orders`)",
                    path.display()
                )));
            }
            return Ok((
                Baskets::from_lists(&orders),
                format!("the orders in {}", path.display()),
            ));
        };
        let layout = match (&self.tx_col, &self.item_col) {
            (Some(tx_col), Some(item_col)) => Some(Layout::Long {
                tx_col: tx_col.clone(),
                item_col: item_col.clone(),
            }),
            _ if self.one_hot => Some(Layout::OneHot),
            _ => None,
        };
        let baskets = Baskets::read(path, layout)
            .map_err(|e| Error::Usage(format!("{}: {e}", path.display())))?;
        Ok((baskets, path.display().to_string()))
    }
}

pub fn run(db: Option<PathBuf>, args: Args) -> Result<ExitCode, Error> {
    let started = Instant::now();
    let (baskets, source) = args.input.load(db)?;
    let read = started.elapsed();
    let mined = Instant::now();
    let report = rules::frequent_itemsets(
        &baskets,
        args.min_support,
        args.algorithm.into(),
        &Ticker::silent(),
    )
    .map_err(|e| Error::Usage(e.to_string()))?;
    let mining = mined.elapsed();
    write_itemsets(&args.out, &report, baskets.names())?;
    println!(
        "{} baskets, {} distinct items from {source}",
        report.transactions,
        baskets.names().len()
    );
    println!(
        "min support {} = count >= {}: {} frequent itemsets ({:?})",
        args.min_support,
        report.min_count,
        report.itemsets.len(),
        report.algorithm
    );
    println!(
        "time: read {:.3} s, mine {:.3} s, total {:.3} s; wrote {}",
        read.as_secs_f64(),
        mining.as_secs_f64(),
        started.elapsed().as_secs_f64(),
        args.out.display()
    );
    Ok(ExitCode::SUCCESS)
}

fn write_itemsets(out: &Path, report: &ItemsetReport, names: &[String]) -> Result<(), Error> {
    write_csv_atomically(out, |w| {
        w.write_record(["itemset", "count", "support"])?;
        for set in &report.itemsets {
            w.write_record([
                itemset_label(&set.items, names),
                set.count.to_string(),
                report.support(set).to_string(),
            ])?;
        }
        Ok(())
    })
}

/// Writes a CSV file through [`write_atomically`](super::write_atomically): whole or not at all,
/// never over a workspace, straight into a device or pipe.
pub fn write_csv_atomically(
    out: &Path,
    fill: impl FnOnce(&mut csv::Writer<&mut std::io::BufWriter<std::fs::File>>) -> csv::Result<()>,
) -> Result<(), Error> {
    super::write_atomically(out, |w| {
        let mut writer = csv::Writer::from_writer(w);
        fill(&mut writer).map_err(std::io::Error::from)?;
        writer.flush()
    })
}
