//! `kith analyze kmeans`: customer segments by K-means, from a workspace's customer features
//! (`--db`) or a CSV file (`--input --features`). Prints the figures; `--out` writes the rows with
//! a `cluster` column, `--report` the figures as JSON. `--k-range MIN..MAX` instead of `--k` tries
//! each k and clusters with the best (see `range`). The input and output helpers here are shared
//! with `kith analyze dbscan`.

use std::io::Write;
use std::ops::RangeInclusive;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use ndarray::Array2;

use crate::analytics::cluster::{KMeansParams, KMeansReport, kmeans};
use crate::analytics::table::{self, Table, TableError};
use crate::analytics::worker::Ticker;
use crate::cli::{Error, open_existing};
use crate::store::CustomerFeatures;

use super::write_atomically;

mod decimal;
mod range;

#[derive(Debug, clap::Args)]
// "--eps -1" is a wrong value to name, not an unknown argument.
#[command(allow_negative_numbers = true)]
#[command(group = clap::ArgGroup::new("how_many").required(true).args(["k", "k_range"]))]
pub struct Args {
    /// A customer CSV file with a header row (instead of the workspace).
    #[arg(long, value_name = "CSV")]
    input: Option<PathBuf>,
    /// The numeric columns to cluster on, comma-separated (with --db: default all seven).
    #[arg(long, value_name = "a,b,..", value_delimiter = ',')]
    features: Vec<String>,
    /// Number of clusters.
    #[arg(long)]
    k: Option<usize>,
    /// Try every k from MIN to MAX (both included) instead of one --k: prints inertia and
    /// silhouette per k, marks the elbow and the best silhouette, and clusters with the latter.
    #[arg(long, value_name = "MIN..MAX", value_parser = range::parse)]
    k_range: Option<RangeInclusive<usize>>,
    /// Cluster z-scores (population std) instead of raw values. The default with --db, whose
    /// features have unlike units (an income in the thousands would outweigh an age), as the
    /// window and the report cluster them.
    #[arg(long)]
    standardize: bool,
    /// With --db, cluster the raw values after all.
    #[arg(long, conflicts_with = "standardize")]
    raw: bool,
    /// Restarts from fresh k-means++ seeds; the lowest inertia wins.
    #[arg(long, default_value_t = 10)]
    n_init: usize,
    #[arg(long, default_value_t = 0)]
    seed: u64,
    /// Threads for the restarts (the answer is the same on any number); 0 = one per core.
    #[arg(long, default_value_t = 0)]
    threads: usize,
    /// Write the input rows plus a `cluster` column here.
    #[arg(long, value_name = "customer_clusters.csv")]
    out: Option<PathBuf>,
    /// Write inertia, sizes, centers and silhouette here as JSON.
    #[arg(long, value_name = "report.json")]
    report: Option<PathBuf>,
}

pub fn run(db: Option<PathBuf>, args: Args) -> Result<ExitCode, Error> {
    let input = Input::load(db, args.input.as_deref(), &args.features)?;
    let mut params = KMeansParams::new(args.k.unwrap_or(1));
    params.n_init = args.n_init;
    params.seed = args.seed;
    params.standardize = args.standardize || (args.input.is_none() && !args.raw);
    params.threads = args.threads;
    if let Some(ks) = &args.k_range {
        return range::run(&input, ks.clone(), &params, &args);
    }
    let r = kmeans(input.matrix.view(), &params, &Ticker::silent()).map_err(usage)?;
    println!(
        "k-means: k = {}, {} rows × {} features{}, best of {} restart{} (seed {}), {}",
        r.k,
        input.len(),
        input.features.len(),
        if r.standardized {
            " (standardised)"
        } else {
            ""
        },
        r.n_init,
        if r.n_init == 1 { "" } else { "s" },
        r.seed,
        crate::words::count(r.n_iter as u64, "iteration")
    );
    print_clusters(&input, &r);
    write_outputs(&input, &r, &args, report_json(&input, &r))
}

/// The inertia, silhouette and one line per cluster (size and centre).
fn print_clusters(input: &Input, r: &KMeansReport) {
    println!("inertia: {:.6}", r.inertia);
    match r.silhouette {
        Some(s) if r.silhouette_rows < r.labels.len() => {
            println!(
                "silhouette: {s:.4} (on a seeded sample of {} rows)",
                r.silhouette_rows
            )
        }
        Some(s) => println!("silhouette: {s:.4}"),
        // Defined for 2 to n − 1 clusters: one cluster has no other to compare with, and as
        // many clusters as rows leave every row alone in its own.
        None if r.k < 2 => println!("silhouette: undefined (one cluster)"),
        None => println!("silhouette: undefined (a cluster for every row)"),
    }
    println!("cluster\tsize\t{}", input.features.join("\t"));
    for (j, center) in r.centers.outer_iter().enumerate() {
        let values: Vec<String> = center.iter().map(|v| format!("{v:.4}")).collect();
        println!("{j}\t{}\t{}", r.sizes[j], values.join("\t"));
    }
}

/// The figures of one clustering as the report writes them.
fn report_json(input: &Input, r: &KMeansReport) -> serde_json::Value {
    let centers: Vec<Vec<f64>> = r.centers.outer_iter().map(|c| c.to_vec()).collect();
    serde_json::json!({
        "algorithm": "kmeans",
        "k": r.k,
        "features": input.features,
        "rows": r.labels.len(),
        "standardized": r.standardized,
        "n_init": r.n_init,
        "seed": r.seed,
        "n_iter": r.n_iter,
        "inertia": r.inertia,
        "sizes": r.sizes,
        "centers": centers,
        "silhouette": r.silhouette,
        "silhouette_rows": r.silhouette_rows,
    })
}

/// `--out` (the rows with their clusters) and `--report` (the JSON), when asked for.
fn write_outputs(
    input: &Input,
    r: &KMeansReport,
    args: &Args,
    json: serde_json::Value,
) -> Result<ExitCode, Error> {
    if let Some(path) = &args.out {
        let labels: Vec<String> = r.labels.iter().map(usize::to_string).collect();
        write_clusters(path, &input.rows, &labels)?;
        println!("wrote {}", path.display());
    }
    if let Some(path) = &args.report {
        write_json(path, &json)?;
        println!("wrote {}", path.display());
    }
    Ok(ExitCode::SUCCESS)
}

/// The rows to cluster: where they came from (to write them back) and their chosen numeric columns.
pub(super) struct Input {
    pub rows: Rows,
    pub features: Vec<String>,
    pub matrix: Array2<f64>,
}

/// A workspace's table is small and kept in memory; a CSV file is streamed twice (once for the
/// numbers, once more to copy its rows into `--out`) so a million-row file never sits in memory
/// as a million rows of strings.
pub(super) enum Rows {
    Table(Table),
    File(PathBuf),
}

impl Input {
    /// `--input` with `--features`, or else the workspace's customer feature table (`--db`).
    pub(super) fn load(
        db: Option<PathBuf>,
        input: Option<&Path>,
        features: &[String],
    ) -> Result<Input, Error> {
        let features: Vec<String> = features
            .iter()
            .map(|f| f.trim().to_string())
            .filter(|f| !f.is_empty())
            .collect();
        match (input, db) {
            (Some(_), Some(_)) => Err(Error::Usage("give either --db or --input, not both".into())),
            (Some(path), None) => {
                if features.is_empty() {
                    return Err(Error::Usage(
                        "--input needs --features a,b,.. (the numeric columns to use)".into(),
                    ));
                }
                let matrix = read_features(path, &features).map_err(usage)?;
                Ok(Input {
                    rows: Rows::File(path.to_path_buf()),
                    features,
                    matrix,
                })
            }
            (None, Some(db)) => {
                let features = if features.is_empty() {
                    // Every column but the contact id, which numbers rows rather than describing them.
                    CustomerFeatures::COLUMNS[1..]
                        .iter()
                        .map(|f| f.to_string())
                        .collect()
                } else {
                    features
                };
                let table = customer_table(&db, &features)?;
                let matrix = table.numeric(&features).map_err(usage)?;
                Ok(Input {
                    rows: Rows::Table(table),
                    features,
                    matrix,
                })
            }
            (None, None) => Err(Error::Usage(
                "give --db WORKSPACE or --input CSV --features a,b,..".into(),
            )),
        }
    }

    pub(super) fn len(&self) -> usize {
        self.matrix.nrows()
    }
}

fn csv_reader(path: &Path) -> Result<csv::Reader<std::fs::File>, TableError> {
    csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(false)
        .from_path(path)
        .map_err(|e| TableError::Read {
            path: path.display().to_string(),
            reason: e.to_string(),
        })
}

fn line_error(e: csv::Error, header_width: usize) -> TableError {
    table::csv_error(&e, e.position().map_or(0, |p| p.line()), header_width)
}

/// The named columns of a CSV file as numbers, read record by record into one buffer; errors as
/// [`Table::numeric`] words them (line and column).
fn read_features(path: &Path, features: &[String]) -> Result<Array2<f64>, TableError> {
    let mut reader = csv_reader(path)?;
    let header: Vec<String> = reader
        .headers()
        .map_err(|e| line_error(e, 0))?
        .iter()
        .map(|h| h.trim().to_string())
        .collect();
    table::check_header(&header)?;
    let columns = features
        .iter()
        .map(|f| {
            header
                .iter()
                .position(|h| h == f)
                .ok_or_else(|| TableError::NoSuchColumn(f.clone(), header.join(", ")))
        })
        .collect::<Result<Vec<_>, _>>()?;
    let mut data = Vec::new();
    let mut record = csv::ByteRecord::new();
    let mut rows = 0;
    while reader
        .read_byte_record(&mut record)
        .map_err(|e| line_error(e, header.len()))?
    {
        let line = record.position().map_or(0, |p| p.line());
        for (&c, name) in columns.iter().zip(features) {
            let cell = record.get(c).unwrap_or_default();
            data.push(table::number(decimal::parse(cell), line, name, || {
                String::from_utf8_lossy(cell).into_owned()
            })?);
        }
        rows += 1;
    }
    if rows == 0 {
        return Err(TableError::Empty);
    }
    Ok(Array2::from_shape_vec((rows, features.len()), data)
        .expect("each record added one value per feature"))
}

/// The workspace's customer table: `contact_id` then the seven feature columns, over the
/// customers who have every one of `features` recorded (as the window keeps them).
fn customer_table(db: &Path, features: &[String]) -> Result<Table, Error> {
    let all = open_existing(db)?.customer_table()?;
    if all.is_empty() {
        return Err(super::nobody_ordered(db));
    }
    let rows: Vec<CustomerFeatures> = all
        .into_iter()
        // An unknown name is left to the table, which says what columns there are.
        .filter(|r| features.iter().all(|f| !matches!(r.value(f), Some(None))))
        .collect();
    if rows.is_empty() {
        return Err(Error::Usage(format!(
            "{} has no customers with orders and {} recorded",
            db.display(),
            features.join(", ")
        )));
    }
    let columns = CustomerFeatures::COLUMNS
        .iter()
        .map(|c| c.to_string())
        .collect();
    Ok(Table::new(
        columns,
        rows.iter().map(CustomerFeatures::cells).collect(),
    ))
}

/// The input rows with one more column, `cluster`, written atomically (`X.tmp`, then renamed).
pub(super) fn write_clusters(path: &Path, rows: &Rows, labels: &[String]) -> Result<(), Error> {
    write_atomically(path, |file| {
        let mut w = csv::Writer::from_writer(file);
        match rows {
            Rows::Table(table) => {
                let header = table.columns.iter().map(String::as_str).chain(["cluster"]);
                w.write_record(header).map_err(csv_io)?;
                for (row, label) in table.rows().zip(labels) {
                    w.write_record(row.iter().map(String::as_str).chain([label.as_str()]))
                        .map_err(csv_io)?;
                }
            }
            Rows::File(input) => {
                let mut reader = csv_reader(input).map_err(std::io::Error::other)?;
                let header = reader.byte_headers().map_err(csv_io)?.clone();
                w.write_record(header.iter().chain([b"cluster".as_slice()]))
                    .map_err(csv_io)?;
                let mut record = csv::ByteRecord::new();
                for label in labels {
                    if !reader.read_byte_record(&mut record).map_err(csv_io)? {
                        break;
                    }
                    w.write_record(record.iter().chain([label.as_bytes()]))
                        .map_err(csv_io)?;
                }
            }
        }
        w.flush()
    })
}

pub(super) fn write_json(path: &Path, value: &serde_json::Value) -> Result<(), Error> {
    write_atomically(path, |w| {
        serde_json::to_writer_pretty(&mut *w, value)?;
        writeln!(w)?;
        w.flush()
    })
}

fn csv_io(e: csv::Error) -> std::io::Error {
    std::io::Error::other(e)
}

pub(super) fn usage(e: impl std::fmt::Display) -> Error {
    Error::Usage(e.to_string())
}
