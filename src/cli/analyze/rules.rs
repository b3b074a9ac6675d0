//! `kith analyze rules`: association rules X → Y between products bought together, written as
//! `association_rules.csv` (`antecedent,consequent,count,support,confidence,lift,leverage,conviction`).

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use super::itemsets::{AlgorithmArg, BasketInput, parse_ratio, write_csv_atomically};
use crate::analytics::rules::{self, Ratio, Rule};
use crate::analytics::worker::Ticker;
use crate::cli::Error;

#[derive(Debug, clap::Args)]
// "--eps -1" is a wrong value to name, not an unknown argument.
#[command(allow_negative_numbers = true)]
pub struct Args {
    #[command(flatten)]
    input: BasketInput,
    /// Rules come from itemsets whose count ≥ ceil(S × number of baskets); S is a fraction.
    #[arg(long, value_name = "S", value_parser = parse_ratio)]
    min_support: Ratio,
    /// Keep X → Y iff count(X∪Y) / count(X) ≥ C, compared exactly.
    #[arg(long, value_name = "C", value_parser = parse_ratio)]
    min_confidence: Ratio,
    /// Keep X → Y iff count(X∪Y)·N / (count(X)·count(Y)) ≥ L, compared exactly.
    #[arg(long, value_name = "L", value_parser = parse_ratio, default_value = "1")]
    min_lift: Ratio,
    #[arg(long, value_enum, default_value_t)]
    algorithm: AlgorithmArg,
    /// Where to write the rules (CSV).
    #[arg(long, value_name = "FILE", default_value = "association_rules.csv")]
    out: PathBuf,
}

pub fn run(db: Option<PathBuf>, args: Args) -> Result<ExitCode, Error> {
    let started = Instant::now();
    let (baskets, source) = args.input.load(db)?;
    let usage = |e: rules::RulesError| Error::Usage(e.to_string());
    let report = rules::frequent_itemsets(
        &baskets,
        args.min_support,
        args.algorithm.into(),
        &Ticker::silent(),
    )
    .map_err(usage)?;
    let found = rules::association_rules(
        &report,
        args.min_confidence,
        args.min_lift,
        &Ticker::silent(),
    )
    .map_err(usage)?;
    write_rules(&args.out, &found, report.transactions, baskets.names())?;
    println!(
        "{} baskets, {} distinct items from {source}",
        report.transactions,
        baskets.names().len()
    );
    println!(
        "min support {} = count >= {}: {} frequent itemsets; {} rules with confidence >= {} and lift >= {}",
        args.min_support,
        report.min_count,
        report.itemsets.len(),
        found.len(),
        args.min_confidence,
        args.min_lift
    );
    println!(
        "time: {:.3} s; wrote {}",
        started.elapsed().as_secs_f64(),
        args.out.display()
    );
    Ok(ExitCode::SUCCESS)
}

fn write_rules(out: &Path, found: &[Rule], n: u64, names: &[String]) -> Result<(), Error> {
    write_csv_atomically(out, |w| {
        w.write_record(rules::RULE_COLUMNS)?;
        for rule in found {
            w.write_record(rules::rule_row(rule, n, names))?;
        }
        Ok(())
    })
}
