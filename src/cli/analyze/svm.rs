//! `kith analyze svm (--db F | --input CSV --target T) [--features a,b,..] [--c 1] [--hard-margin]
//! [--folds 5] [--report report.json]`: a linear SVM on the numeric features, its accuracy by
//! cross-validation (fold of row i = i mod k) and on the training rows. On a workspace it tells the
//! customers still buying (an order in the last 180 days) from the lapsed, by who they are and how
//! they bought: the churn model.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use serde::Serialize;

use super::write_atomically;
use crate::analytics::svm::{Svm, SvmParams, cross_validate};
use crate::analytics::table::Table;
use crate::analytics::worker::Ticker;
use crate::analytics::workspace::inputs;
use crate::cli::{Error, open_existing, workspace_path};

#[derive(Debug, clap::Args)]
// "--eps -1" is a wrong value to name, not an unknown argument.
#[command(allow_negative_numbers = true)]
pub struct Args {
    /// A CSV file with a header row (without it, the workspace's customers).
    #[arg(long, value_name = "CSV", requires = "target")]
    input: Option<PathBuf>,
    /// The column holding the class to predict (on a workspace: `status`, active or lapsed).
    #[arg(long)]
    target: Option<String>,
    /// Numeric feature columns (default: every column but the target).
    #[arg(long, value_delimiter = ',')]
    features: Vec<String>,
    /// Penalty for margin violations (soft margin).
    #[arg(long, default_value_t = 1.0)]
    c: f64,
    /// No violations allowed: only for data the classes separate cleanly.
    #[arg(long, conflicts_with = "c")]
    hard_margin: bool,
    #[arg(long, default_value_t = 5)]
    folds: usize,
    #[arg(long, default_value_t = 0)]
    seed: u64,
    /// Write the figures as JSON: the classes, cross-validated and training accuracy, C, and
    /// whether the solver converged.
    #[arg(long, value_name = "JSON")]
    report: Option<PathBuf>,
}

#[derive(Serialize)]
struct Report {
    classes: Vec<String>,
    cv_accuracy: f64,
    train_accuracy: f64,
    c: Option<f64>,
    /// Whether training settled within its passes (a large C may not).
    converged: bool,
}

pub fn run(db: Option<PathBuf>, args: Args) -> Result<ExitCode, Error> {
    let usage = |e: &dyn std::fmt::Display| Error::Usage(e.to_string());
    if args.c.is_nan() || args.c <= 0.0 {
        return Err(Error::Usage(format!(
            "--c must be positive, not {}",
            args.c
        )));
    }
    let (table, target, default_features) = match &args.input {
        Some(path) => {
            let table = Table::read_csv(path).map_err(|e| usage(&e))?;
            let target = args.target.clone().unwrap_or_default();
            let features = table
                .columns
                .iter()
                .filter(|c| **c != target)
                .cloned()
                .collect();
            (table, target, features)
        }
        None => workspace_table(db)?,
    };
    let features: Vec<String> = if args.features.is_empty() {
        default_features
    } else {
        args.features.clone()
    };
    let x = table.numeric(&features).map_err(|e| usage(&e))?;
    let y = table.labels(&target).map_err(|e| usage(&e))?;
    if y.is_empty() {
        return Err(Error::Usage(format!(
            "no row has every feature ({}) and the target {target:?} recorded: there is \
             nothing to learn from",
            features.join(", ")
        )));
    }
    if y.iter().all(|l| *l == y[0]) {
        return Err(Error::Usage(format!(
            "every row has {target} = {:?}: there is nothing to tell apart",
            y[0]
        )));
    }
    let params = SvmParams {
        c: (!args.hard_margin).then_some(args.c),
        seed: args.seed,
        ..SvmParams::default()
    };
    let ticker = Ticker::silent();
    let cancelled = |e: &dyn std::fmt::Display| Error::Usage(e.to_string());
    super::check_folds(args.folds, x.nrows(), false)?;
    let cv = cross_validate(&x, &y, args.folds, &params, &ticker).map_err(|e| cancelled(&e))?;
    let model = Svm::fit(&x, &y, &params, &ticker).map_err(|e| cancelled(&e))?;
    let train = model
        .predict(&x)
        .iter()
        .zip(&y)
        .filter(|(p, t)| p == t)
        .count() as f64
        / y.len() as f64;
    println!(
        "{} rows, {} features, classes {}",
        y.len(),
        features.len(),
        model.classes.join(", ")
    );
    println!(
        "cross-validated accuracy {:.1}% ({} folds), on the training rows {:.1}%",
        cv * 100.0,
        args.folds,
        train * 100.0
    );
    // As `analyze bayes` and the window say: 81.3% means nothing when 81.3% of rows are one class.
    let commonest = model
        .classes
        .iter()
        .map(|c| y.iter().filter(|l| *l == c).count())
        .max()
        .unwrap_or(0);
    let baseline = commonest as f64 / y.len() as f64;
    if cv <= baseline {
        println!(
            "note: no better than always guessing the commonest class ({:.1}%): these features do \
             not tell the classes apart yet",
            baseline * 100.0
        );
    }
    if !model.converged {
        match params.c {
            Some(_) => eprintln!(
                "note: training did not settle within {} passes at this C; a smaller --c gives a steadier model",
                params.max_epochs
            ),
            // A hard margin has no C: it settles only when a line separates the classes.
            None => eprintln!(
                "note: training did not settle within {} passes: no hard margin separates these \
                 classes; a soft margin (--c instead of --hard-margin) suits them",
                params.max_epochs
            ),
        }
    }
    if let Some(path) = &args.report {
        let report = Report {
            classes: model.classes.clone(),
            cv_accuracy: cv,
            train_accuracy: train,
            c: params.c,
            converged: model.converged,
        };
        let json = serde_json::to_string_pretty(&report).map_err(|e| usage(&e))?;
        write_atomically(path, |w| w.write_all(json.as_bytes()))?;
    }
    Ok(ExitCode::SUCCESS)
}

/// The workspace's churn table: customers labelled active or lapsed, and the features that may
/// predict it.
fn workspace_table(db: Option<PathBuf>) -> Result<(Table, String, Vec<String>), Error> {
    let path = workspace_path(db, false)?;
    let rows = open_existing(&path)?.customer_table()?;
    if rows.is_empty() {
        return Err(super::nobody_ordered(&path));
    }
    let table = inputs::churn_table(&rows);
    if table.0.is_empty() {
        return Err(Error::Usage(format!(
            "{} has no customers with orders and age, income and education recorded: the churn \
             model has nothing to learn from",
            path.display()
        )));
    }
    Ok(table)
}
