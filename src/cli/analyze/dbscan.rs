//! `kith analyze dbscan`: density clusters from a workspace's customer features (`--db`) or a CSV
//! file (`--input --features`). Prints the figures; `--out` writes the rows with a `cluster`
//! column (noise = −1), `--report` the figures as JSON. Without `--eps`, the radius is read off
//! the k-distance curve (its knee), and the line says so.

use std::path::PathBuf;
use std::process::ExitCode;

use super::kmeans::{Input, usage, write_clusters, write_json};
use crate::analytics::cluster::{DbscanParams, dbscan, suggest_eps};
use crate::analytics::worker::Ticker;
use crate::cli::Error;

#[derive(Debug, clap::Args)]
// "--eps -1" is a wrong value to name, not an unknown argument.
#[command(allow_negative_numbers = true)]
pub struct Args {
    /// A customer CSV file with a header row (instead of the workspace).
    #[arg(long, value_name = "CSV")]
    input: Option<PathBuf>,
    /// The numeric columns to cluster on, comma-separated (with --db: default all seven).
    #[arg(long, value_name = "a,b,..", value_delimiter = ',')]
    features: Vec<String>,
    /// The neighbourhood radius (inclusive); without it, the knee of the k-distance curve.
    #[arg(long)]
    eps: Option<f64>,
    /// Points within eps, the point itself included, that make a core point.
    #[arg(long)]
    min_samples: usize,
    /// Cluster z-scores (population std) instead of raw values. The default with --db, whose
    /// features have unlike units (an income in the thousands would outweigh an age, and eps
    /// would measure income alone), as the window clusters them.
    #[arg(long)]
    standardize: bool,
    /// With --db, cluster the raw values after all.
    #[arg(long, conflicts_with = "standardize")]
    raw: bool,
    /// Write the input rows plus a `cluster` column (noise = -1) here.
    #[arg(long, value_name = "customer_clusters.csv")]
    out: Option<PathBuf>,
    /// Write n_clusters, n_noise and n_core here as JSON.
    #[arg(long, value_name = "report.json")]
    report: Option<PathBuf>,
}

pub fn run(db: Option<PathBuf>, args: Args) -> Result<ExitCode, Error> {
    let standardize = args.standardize || (args.input.is_none() && !args.raw);
    let input = Input::load(db, args.input.as_deref(), &args.features)?;
    let eps = match args.eps {
        Some(eps) => eps,
        None => {
            let s = suggest_eps(
                input.matrix.view(),
                args.min_samples,
                standardize,
                0,
                &Ticker::silent(),
            )
            .map_err(usage)?;
            println!(
                "eps = {} suggested: the knee of each row's distance to its {} nearest row \
                 (itself included)",
                crate::charts::plain_number(s.eps),
                crate::words::ordinal(args.min_samples)
            );
            s.eps
        }
    };
    let params = DbscanParams {
        eps,
        min_samples: args.min_samples,
        standardize,
    };
    let r = dbscan(input.matrix.view(), &params, &Ticker::silent()).map_err(usage)?;

    println!(
        "DBSCAN: eps = {}, min_samples = {}, {} rows × {} features{}",
        crate::charts::plain_number(r.eps),
        r.min_samples,
        r.labels.len(),
        input.features.len(),
        if r.standardized {
            " (standardised)"
        } else {
            ""
        },
    );
    // Plain numbers, for scripts; a noun agreeing with one ("1 cluster", not "1 clusters").
    let s = |n: usize| if n == 1 { "" } else { "s" };
    println!(
        "{} cluster{}, {} noise point{}, {} core point{}",
        r.n_clusters,
        s(r.n_clusters),
        r.n_noise,
        s(r.n_noise),
        r.n_core,
        s(r.n_core)
    );
    if !r.cluster_sizes.is_empty() {
        let sizes: Vec<String> = r.cluster_sizes.iter().map(usize::to_string).collect();
        println!("cluster sizes: {}", sizes.join(", "));
    }

    if let Some(path) = &args.out {
        let labels: Vec<String> = r.labels.iter().map(i32::to_string).collect();
        write_clusters(path, &input.rows, &labels)?;
        println!("wrote {}", path.display());
    }
    if let Some(path) = &args.report {
        let json = serde_json::json!({
            "algorithm": "dbscan",
            "eps": r.eps,
            "min_samples": r.min_samples,
            "features": input.features,
            "rows": r.labels.len(),
            "standardized": r.standardized,
            "n_clusters": r.n_clusters,
            "n_noise": r.n_noise,
            "n_core": r.n_core,
            "cluster_sizes": r.cluster_sizes,
        });
        write_json(path, &json)?;
        println!("wrote {}", path.display());
    }
    Ok(ExitCode::SUCCESS)
}
