//! `kith analyze recommend --db F --min-support S --min-confidence C [--min-lift 1] [--out FILE]`:
//! mine association rules from the workspace's orders, then name the next-best product for every
//! customer who has ordered, with their RFM loyalty segment so an owner can pick whom to call first.

use std::collections::HashMap;
use std::path::PathBuf;
use std::process::ExitCode;

use super::itemsets::{AlgorithmArg, parse_ratio, write_csv_atomically};
use crate::analytics::recommend::Basis;
use crate::analytics::rfm;
use crate::analytics::rules::{Ratio, itemset_label};
use crate::analytics::worker::Ticker;
use crate::analytics::workspace::{self, AnalysisError, Thresholds};
use crate::cli::{Error, open_existing, workspace_path};
use crate::words::count;

#[derive(Debug, clap::Args)]
// "--eps -1" is a wrong value to name, not an unknown argument.
#[command(allow_negative_numbers = true)]
pub struct Args {
    /// Rules come from itemsets whose count ≥ ceil(S × number of orders); S is a fraction.
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
    /// One row per customer:
    /// contact_id,name,segment,next_product,basis,because,confidence,lift.
    #[arg(long, value_name = "FILE", default_value = "recommendations.csv")]
    out: PathBuf,
}

pub fn run(db: Option<PathBuf>, args: Args) -> Result<ExitCode, Error> {
    let path = workspace_path(db, false)?;
    let store = open_existing(&path)?;
    // Nothing could be done (the file asked for is not written): a failure, said on stderr.
    let nothing = || {
        Err(Error::Usage(
            "no customer has ordered yet: nothing to recommend (bring your order history in with kith import orders)".into(),
        ))
    };
    if store.counts()?.orders == 0 {
        return nothing();
    }
    let thresholds = Thresholds {
        min_support: args.min_support,
        min_confidence: args.min_confidence,
        min_lift: args.min_lift,
        algorithm: args.algorithm.into(),
    };
    let bundles =
        workspace::bundles(&store, &thresholds, &Ticker::silent()).map_err(|e| match e {
            AnalysisError::Store(e) => Error::Store(e),
            other => Error::Usage(other.to_string()),
        })?;
    if bundles.customers.is_empty() {
        return nothing();
    }
    let (_, purchases) = store.purchases()?;
    let segments: HashMap<i64, rfm::Segment> = rfm::score(&purchases)
        .into_iter()
        .map(|s| (s.contact, s.segment))
        .collect();
    let names = &bundles.names;
    let n = bundles.itemsets.transactions;
    let customers = &bundles.customers;

    let (mut from_rules, mut fallback) = (0usize, 0usize);
    let mut offered: HashMap<u32, usize> = HashMap::new();
    write_csv_atomically(&args.out, |w| {
        w.write_record([
            "contact_id",
            "name",
            "segment",
            "next_product",
            "basis",
            "because",
            "confidence",
            "lift",
        ])?;
        for customer in customers {
            let segment = segments.get(&customer.contact.0).map_or("", |s| s.label());
            let mut row = vec![
                customer.contact.0.to_string(),
                customer.name.clone(),
                segment.to_string(),
            ];
            match customer.next {
                Some(r) => {
                    *offered.entry(r.product).or_default() += 1;
                    row.push(names[r.product as usize].clone());
                    row.push(r.basis.label().into());
                    match r.basis {
                        Basis::Rule(index) => {
                            let rule = &bundles.rules[index];
                            from_rules += 1;
                            row.push(itemset_label(&rule.antecedent, names));
                            row.push(rule.confidence().to_string());
                            row.push(rule.lift(n).to_string());
                        }
                        Basis::Popular { count } => {
                            fallback += 1;
                            row.push(String::new());
                            // P(product) over all orders: what a rule with an empty antecedent says.
                            row.push((count as f64 / n as f64).to_string());
                            row.push(String::new());
                        }
                    }
                }
                None => row.extend(std::iter::repeat_n(String::new(), 5)),
            }
            w.write_record(&row)?;
        }
        Ok(())
    })?;

    println!(
        "{}, {}, {} (support >= {}, confidence >= {}, lift >= {})",
        count(customers.len() as u64, "customer"),
        count(n, "order"),
        count(bundles.rules.len() as u64, "rule"),
        args.min_support,
        args.min_confidence,
        args.min_lift
    );
    let own_all = customers.len() - from_rules - fallback;
    println!(
        "{} from rules, {fallback} of the most bought product, {} every product",
        count(from_rules as u64, "recommendation"),
        match own_all {
            1 => "1 customer owns".to_string(),
            n => format!("{n} customers own"),
        }
    );
    let mut top: Vec<(u32, usize)> = offered.into_iter().collect();
    top.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    for (product, customers) in top.iter().take(5) {
        let noun = if *customers == 1 {
            "customer"
        } else {
            "customers"
        };
        println!("  {:<32} {customers:>7} {noun}", names[*product as usize]);
    }
    println!("wrote {}", args.out.display());
    Ok(ExitCode::SUCCESS)
}
