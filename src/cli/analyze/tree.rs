//! `kith analyze tree`: a decision tree that predicts one column from the others, on a workspace's
//! customer table (`--db`), its won and lost deals (`--deals`, the window's win/loss tree) or a
//! CSV file (`--input`); prints the cross-validated accuracy, the
//! confusion matrix, feature importance and the tree as if/then rules.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::ValueEnum;

use super::write_atomically;
use crate::analytics::classify::{self, Criterion, Dataset, TreeParams, TreeReport};
use crate::analytics::table::Table;
use crate::analytics::worker::Ticker;
use crate::analytics::workspace::inputs;
use crate::cli::{Error, open_existing, workspace_path};
use crate::store::CustomerFeatures;

/// Rules printed at most; a deeper tree's full list is in the JSON report.
const RULES_SHOWN: usize = 100;

#[derive(Debug, clap::Args)]
// "--eps -1" is a wrong value to name, not an unknown argument.
#[command(allow_negative_numbers = true)]
pub struct Args {
    /// A CSV file with a header row, instead of the workspace's customer table.
    #[arg(long, value_name = "CSV")]
    input: Option<PathBuf>,
    /// The workspace's won and lost deals instead of its customers, as the window's win/loss
    /// tree learns from them: owner, industry, lead source and amount band, predicting
    /// `outcome` (won or lost).
    #[arg(long, conflicts_with = "input")]
    deals: bool,
    /// The column holding the class to predict (with --deals: outcome, the default).
    #[arg(long, required_unless_present = "deals")]
    target: Option<String>,
    /// The columns to learn from, comma-separated (default: every column but the target).
    #[arg(long, value_delimiter = ',')]
    features: Option<Vec<String>>,
    #[arg(long, value_enum, default_value_t = CriterionArg::Gini)]
    criterion: CriterionArg,
    /// Deepest level of the tree (default: grow until leaves are pure).
    #[arg(long)]
    max_depth: Option<usize>,
    /// Fewest training rows in a leaf.
    #[arg(long, default_value_t = 1)]
    min_samples_leaf: usize,
    /// Folds for cross-validation (row i in fold i mod k); 0 skips it.
    #[arg(long, default_value_t = 5)]
    folds: usize,
    /// Write the figures as JSON.
    #[arg(long, value_name = "JSON")]
    report: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum CriterionArg {
    Gini,
    /// Information gain.
    Entropy,
}

pub fn run(db: Option<PathBuf>, args: Args) -> Result<ExitCode, Error> {
    let usage = |e: &dyn std::fmt::Display| Error::Usage(e.to_string());
    let (table, id_column) = match &args.input {
        Some(path) => (Table::read_csv(path).map_err(|e| usage(&e))?, None),
        None if args.deals => {
            let deals = open_existing(&workspace_path(db, false)?)?.deal_facts()?;
            let rows = inputs::deal_rows(&deals);
            if rows.closed.is_empty() {
                return Err(usage(
                    &"no deal has been won or lost yet: nothing to learn from",
                ));
            }
            (inputs::deal_outcome_table(&rows), None)
        }
        None => {
            let rows = open_existing(&workspace_path(db, false)?)?.customer_table()?;
            (
                inputs::customer_table(&rows),
                Some(CustomerFeatures::COLUMNS[0]),
            )
        }
    };
    let target = args.target.clone().unwrap_or_else(|| "outcome".to_string());
    let features = match &args.features {
        Some(f) => f.clone(),
        // A contact id numbers rows; it is not something a customer is.
        None => table
            .columns
            .iter()
            .filter(|c| **c != target && Some(c.as_str()) != id_column)
            .cloned()
            .collect(),
    };
    let params = TreeParams {
        criterion: match args.criterion {
            CriterionArg::Gini => Criterion::Gini,
            CriterionArg::Entropy => Criterion::Entropy,
        },
        max_depth: args.max_depth,
        min_samples_leaf: args.min_samples_leaf,
    };
    let data = Dataset::from_table(&table, &target, &features).map_err(|e| usage(&e))?;
    super::check_folds(args.folds, data.rows(), true)?;
    let report =
        classify::evaluate(&data, &params, args.folds, &Ticker::silent()).map_err(|e| usage(&e))?;
    print_report(&report, &data);
    if let Some(path) = &args.report {
        let json = report_json(&report, &data);
        write_atomically(path, |w| {
            serde_json::to_writer_pretty(&mut *w, &json)?;
            writeln!(w)
        })?;
    }
    Ok(ExitCode::SUCCESS)
}

fn print_report(r: &TreeReport, data: &Dataset) {
    let criterion = match r.params.criterion {
        Criterion::Gini => "gini",
        Criterion::Entropy => "entropy",
    };
    println!(
        "decision tree ({criterion}) predicting {} from {} features on {} rows",
        data.target,
        data.features.len(),
        data.rows()
    );
    if let Some(cv) = r.cv_accuracy {
        let folds: Vec<String> = r.fold_accuracy.iter().map(|a| format!("{a:.4}")).collect();
        println!(
            "cross-validated accuracy (mean of {} folds' accuracies, row i in fold i mod {}): {cv:.4}  [{}]",
            r.folds,
            r.folds,
            folds.join(" ")
        );
    }
    println!(
        "train accuracy {:.4}, depth {}, {} leaves",
        r.train_accuracy, r.depth, r.leaves
    );
    if r.folds > 0 {
        println!("confusion matrix (cross-validated; rows actual, columns predicted):");
        let width = r.classes.iter().map(String::len).max().unwrap_or(1).max(6);
        print!("{:>width$}", "");
        for c in &r.classes {
            print!(" {c:>width$}");
        }
        println!();
        for (c, row) in r.classes.iter().zip(&r.confusion) {
            print!("{c:>width$}");
            for n in row {
                print!(" {n:>width$}");
            }
            println!();
        }
    }
    println!("feature importance:");
    let ranked = r.ranked_importance();
    for (f, v) in ranked.iter().filter(|(_, v)| *v > 0.0) {
        println!("  {f:<24} {v:.4}");
    }
    // Named, not listed: a wide file's hundred columns the tree never split on would bury the rest.
    let unused: Vec<&str> = ranked
        .iter()
        .filter(|(_, v)| *v <= 0.0)
        .map(|(f, _)| f.as_str())
        .collect();
    match unused.len() {
        0 => {}
        n if n <= 5 => println!("  (no part in the tree: {})", unused.join(", ")),
        n => println!("  ({n} more features have no part in the tree)"),
    }
    println!("rules:");
    for rule in r.rules.iter().take(RULES_SHOWN) {
        println!("  {}", rule.text());
    }
    if r.rules.len() > RULES_SHOWN {
        println!(
            "  … and {} more rules (--max-depth shortens the tree; --report writes them all)",
            r.rules.len() - RULES_SHOWN
        );
    }
}

fn report_json(r: &TreeReport, data: &Dataset) -> serde_json::Value {
    let importance: serde_json::Map<String, serde_json::Value> = r
        .importance
        .iter()
        .map(|(f, v)| (f.clone(), (*v).into()))
        .collect();
    serde_json::json!({
        "target": data.target,
        "features": data.features,
        "rows": data.rows(),
        "criterion": r.params.criterion,
        "max_depth": r.params.max_depth,
        "min_samples_leaf": r.params.min_samples_leaf,
        "folds": r.folds,
        "fold_accuracy": r.fold_accuracy,
        "cv_accuracy": r.cv_accuracy,
        "train_accuracy": r.train_accuracy,
        "depth": r.depth,
        "leaves": r.leaves,
        "classes": r.classes,
        "confusion": r.confusion,
        "importance": importance,
        "rules": r.rules.iter().map(|rule| rule.text()).collect::<Vec<_>>(),
    })
}
