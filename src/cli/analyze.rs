//! `kith analyze …`: run an analysis on a workspace (`--db`) or on files, print its figures, and
//! write the seed's CSV outputs. One file per analysis.

mod bayes;
mod dbscan;
mod itemsets;
mod kmeans;
mod recommend;
mod regress;
mod rfm;
mod rules;
mod svm;
mod text;
mod tree;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::Error;

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    analysis: Analysis,
}

#[derive(Debug, clap::Subcommand)]
enum Analysis {
    /// Customer segments by K-means.
    Kmeans(kmeans::Args),
    /// Density clusters by DBSCAN.
    Dbscan(dbscan::Args),
    /// Frequent itemsets in purchase baskets.
    Itemsets(itemsets::Args),
    /// Association rules between products bought together.
    Rules(rules::Args),
    /// Linear regression (least squares or gradient descent).
    Regress(regress::Args),
    /// A decision tree classifier with cross-validation.
    Tree(tree::Args),
    /// The next-best product for each customer, from association rules over the orders.
    Recommend(recommend::Args),
    /// Recency, frequency and monetary scores and loyalty segments.
    Rfm(rfm::Args),
    /// Each open deal's chance of being won, by naive Bayes over the deals won and lost.
    Bayes(bayes::Args),
    /// Complexity of notes and ticket feedback: ½·log2 of their distinct characters.
    Text(text::Args),
    /// A linear support vector machine with cross-validation.
    Svm(svm::Args),
}

pub fn run(db: Option<PathBuf>, args: Args) -> Result<ExitCode, Error> {
    match args.analysis {
        Analysis::Kmeans(a) => kmeans::run(db, a),
        Analysis::Dbscan(a) => dbscan::run(db, a),
        Analysis::Itemsets(a) => itemsets::run(db, a),
        Analysis::Rules(a) => rules::run(db, a),
        Analysis::Regress(a) => regress::run(db, a),
        Analysis::Tree(a) => tree::run(db, a),
        Analysis::Recommend(a) => recommend::run(db, a),
        Analysis::Rfm(a) => rfm::run(db, a),
        Analysis::Bayes(a) => bayes::run(db, a),
        Analysis::Text(a) => text::run(db, a),
        Analysis::Svm(a) => svm::run(db, a),
    }
}

/// Writes `path` atomically (see [`crate::fs::write_atomically`]), naming the file in any error.
pub(crate) fn write_atomically(
    path: &Path,
    write: impl FnOnce(&mut std::io::BufWriter<std::fs::File>) -> std::io::Result<()>,
) -> Result<(), Error> {
    // `export` reads "-" as standard output; here the summary goes there, so a table mixed into
    // it would be unreadable (and a file named "-" had been written instead).
    if path.as_os_str() == "-" {
        return Err(Error::Usage(
            "--out -: analyze prints its summary on standard output; give the table a file name \
             (or /dev/stdout to mix the two)"
                .into(),
        ));
    }
    Ok(crate::io::write_atomically(path, write)?)
}

/// A workspace without a single order, said as such: "has no customers with orders and age,
/// income … recorded" read as if orders were there and fields missing (the window says the same).
fn nobody_ordered(db: &Path) -> Error {
    Error::Usage(format!(
        "no customer in {} has ordered yet: customers are analysed by their orders (bring your \
         order history in with `kith import orders`)",
        db.display()
    ))
}

/// `--folds k` for cross-validation over `rows` rows: at least two (one fold is no test), and no
/// more than there are rows (an empty fold measures nothing). `zero_skips`: 0 means "do not
/// cross-validate" for this command.
fn check_folds(folds: usize, rows: usize, zero_skips: bool) -> Result<(), Error> {
    if folds == 0 && zero_skips {
        return Ok(());
    }
    if folds < 2 {
        let skip = if zero_skips { " (or 0 to skip it)" } else { "" };
        return Err(Error::Usage(format!(
            "--folds {folds}: cross-validation needs at least 2 folds{skip}"
        )));
    }
    if folds > rows {
        return Err(Error::Usage(format!(
            "--folds {folds}: {folds}-fold cross-validation needs at least {folds} rows, and there \
             are {rows}"
        )));
    }
    Ok(())
}
