//! `kith analyze regress`: a linear model of one customer figure from others, on a workspace's
//! customer table (`--db`) or a CSV file (`--input`); prints the coefficients and fit, and writes
//! the predictions and a JSON report when asked.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::ValueEnum;

use super::write_atomically;
use crate::analytics::regress::{self, GdParams, Method, Report};
use crate::analytics::worker::Ticker;
use crate::cli::{Error, open_existing, workspace_path};
use crate::store::CustomerFeatures;

#[derive(Debug, clap::Args)]
// "--eps -1" is a wrong value to name, not an unknown argument.
#[command(allow_negative_numbers = true)]
pub struct Args {
    /// A customer CSV file with a header row, instead of the workspace's customer table.
    #[arg(long, value_name = "CSV")]
    input: Option<PathBuf>,
    /// The columns that explain the target, comma-separated.
    #[arg(long, value_delimiter = ',', required = true)]
    features: Vec<String>,
    /// The column to predict.
    #[arg(long)]
    target: String,
    #[arg(long, value_enum, default_value_t = MethodArg::Ols)]
    method: MethodArg,
    /// Gradient descent's step on z-scored features.
    #[arg(long, default_value_t = GdParams::default().learning_rate)]
    learning_rate: f64,
    /// Gradient descent's most iterations.
    #[arg(long, default_value_t = GdParams::default().iterations)]
    iterations: usize,
    /// Write the input rows with a `prediction` column (customer_predictions.csv).
    #[arg(long, value_name = "CSV")]
    out: Option<PathBuf>,
    /// Write the figures as JSON.
    #[arg(long, value_name = "JSON")]
    report: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum MethodArg {
    /// Least squares (Householder QR).
    Ols,
    /// Gradient descent on z-scored features.
    Gd,
}

pub fn run(db: Option<PathBuf>, args: Args) -> Result<ExitCode, Error> {
    let usage = |e: &dyn std::fmt::Display| Error::Usage(e.to_string());
    // A column named twice, or the target among the features, makes no model: say so by name.
    let mut seen = std::collections::HashSet::new();
    for feature in &args.features {
        if !seen.insert(feature) {
            return Err(Error::Usage(format!(
                "--features names {feature:?} twice; each feature once"
            )));
        }
        if *feature == args.target {
            return Err(Error::Usage(format!(
                "{feature:?} is the target (what is predicted) and cannot also be a feature"
            )));
        }
    }
    let mut wanted = args.features.clone();
    wanted.push(args.target.clone());
    let (mut columns, workspace_rows) = match &args.input {
        Some(path) => (
            regress::read_numeric_columns(path, &wanted).map_err(|e| usage(&e))?,
            None,
        ),
        None => {
            let path = workspace_path(db, false)?;
            let all = open_existing(&path)?.customer_table()?;
            if all.is_empty() {
                return Err(super::nobody_ordered(&path));
            }
            let rows: Vec<CustomerFeatures> =
                all.into_iter().filter(|r| r.has_all(&wanted)).collect();
            // Said as the other analyses say it, rather than "0 rows are too few to fit …".
            if rows.is_empty()
                && wanted
                    .iter()
                    .all(|w| CustomerFeatures::COLUMNS.contains(&w.as_str()))
            {
                return Err(Error::Usage(format!(
                    "{} has no customers with orders and {} recorded",
                    path.display(),
                    wanted.join(", ")
                )));
            }
            (workspace_columns(&rows, &wanted)?, Some(rows))
        }
    };
    let y = columns.pop().unwrap_or_default();
    let method = match args.method {
        MethodArg::Ols => Method::LeastSquares,
        MethodArg::Gd => Method::GradientDescent(GdParams {
            learning_rate: args.learning_rate,
            iterations: args.iterations,
            ..GdParams::default()
        }),
    };
    let report = regress::fit(&args.features, &columns, &y, method, &Ticker::silent())
        .map_err(|e| usage(&e))?;
    print_report(&report, &args.target);

    if let Some(out) = &args.out {
        let predictions = report.predictions(&columns);
        match (&args.input, &workspace_rows) {
            (Some(input), _) => write_input_predictions(input, out, &predictions)?,
            (None, Some(rows)) => write_atomically(out, |w| {
                let mut csv = csv::Writer::from_writer(w);
                let mut header: Vec<&str> = CustomerFeatures::COLUMNS.to_vec();
                header.push("prediction");
                csv.write_record(&header)?;
                for (row, p) in rows.iter().zip(&predictions) {
                    let mut cells = row.cells();
                    cells.push(p.to_string());
                    csv.write_record(&cells)?;
                }
                csv.flush()
            })?,
            (None, None) => {}
        }
        println!("predictions written to {}", out.display());
    }
    if let Some(path) = &args.report {
        let coefficients: serde_json::Map<String, serde_json::Value> = report
            .features
            .iter()
            .zip(&report.coefficients)
            .map(|(name, b)| (name.clone(), (*b).into()))
            .collect();
        let json = serde_json::json!({
            "method": match args.method { MethodArg::Ols => "ols", MethodArg::Gd => "gd" },
            "target": args.target,
            "features": report.features,
            "rows": report.rows,
            "intercept": report.intercept,
            "coefficients": coefficients,
            "r2": report.r2,
            "rmse": report.rmse,
            "descent": report.descent,
        });
        write_atomically(path, |w| {
            serde_json::to_writer_pretty(&mut *w, &json)?;
            writeln!(w)
        })?;
    }
    Ok(ExitCode::SUCCESS)
}

/// The workspace customer table's named columns (see `CustomerFeatures::COLUMNS`), over the
/// customers who have every one of them recorded.
fn workspace_columns(rows: &[CustomerFeatures], names: &[String]) -> Result<Vec<Vec<f64>>, Error> {
    if let Some(name) = names
        .iter()
        .find(|n| !CustomerFeatures::COLUMNS.contains(&n.as_str()))
    {
        return Err(Error::Usage(format!(
            "the customer table has no column {name:?} (it has: {})",
            CustomerFeatures::COLUMNS.join(", ")
        )));
    }
    Ok(names
        .iter()
        .map(|name| {
            rows.iter()
                .filter_map(|r| r.value(name).flatten())
                .collect()
        })
        .collect())
}

fn print_report(report: &Report, target: &str) {
    let how = match report.descent {
        None => "least squares, Householder QR".to_string(),
        Some(d) if d.converged => {
            format!(
                "gradient descent, converged in {}",
                crate::words::count(d.iterations as u64, "iteration")
            )
        }
        Some(d) => format!(
            "gradient descent, stopped after {} iterations without converging",
            d.iterations
        ),
    };
    println!(
        "{target} by linear regression ({how}) on {} rows",
        report.rows
    );
    let width = report
        .features
        .iter()
        .map(String::len)
        .max()
        .unwrap_or(0)
        .max(9);
    println!("{:<width$}  {:>16}", "intercept", fmt(report.intercept));
    for (name, b) in report.features.iter().zip(&report.coefficients) {
        println!("{name:<width$}  {:>16}", fmt(*b));
    }
    println!("R²    {:.6}", report.r2);
    println!("RMSE  {}", fmt(report.rmse));
}

fn fmt(v: f64) -> String {
    if v != 0.0 && (v.abs() < 1e-4 || v.abs() >= 1e9) {
        format!("{v:.6e}")
    } else {
        format!("{v:.6}")
    }
}

/// The input file's records as read, each with its prediction appended.
fn write_input_predictions(input: &Path, out: &Path, predictions: &[f64]) -> Result<(), Error> {
    let io = |e: csv::Error| Error::Io {
        context: format!("cannot read {}", input.display()),
        source: e.into(),
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .from_path(input)
        .map_err(io)?;
    let mut header = reader.byte_headers().map_err(io)?.clone();
    header.push_field(b"prediction");
    let mut records = Vec::with_capacity(predictions.len());
    for record in reader.byte_records() {
        records.push(record.map_err(io)?);
    }
    if records.len() != predictions.len() {
        return Err(Error::Usage(format!(
            "{} changed while it was read",
            input.display()
        )));
    }
    write_atomically(out, |w| {
        let mut csv = csv::Writer::from_writer(w);
        csv.write_byte_record(&header)?;
        let mut buffer = Vec::with_capacity(32);
        for (mut record, p) in records.into_iter().zip(predictions) {
            buffer.clear();
            write!(buffer, "{p}")?;
            record.push_field(&buffer);
            csv.write_byte_record(&record)?;
        }
        csv.flush()
    })
}
