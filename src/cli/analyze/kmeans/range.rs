//! `kith analyze kmeans --k-range MIN..MAX`: K-means for every k in the range, a table of inertia
//! and silhouette with the elbow and the best silhouette marked, and then the clustering at the
//! best silhouette (the k a user would most likely pick) written like `--k` writes its own.

use std::ops::RangeInclusive;
use std::process::ExitCode;

use crate::analytics::cluster::{KMeansParams, KSelection, choose_k};
use crate::analytics::worker::Ticker;
use crate::cli::Error;

use super::{Args, Input, print_clusters, report_json, usage, write_outputs};

/// `MIN..MAX` with 1 ≤ MIN ≤ MAX, both included (`2..10` tries nine values of k).
pub(super) fn parse(text: &str) -> Result<RangeInclusive<usize>, String> {
    let wrong = || format!("expected MIN..MAX with 1 ≤ MIN ≤ MAX, such as 2..10; got {text:?}");
    let (min, max) = text.split_once("..").ok_or_else(wrong)?;
    let min: usize = min.trim().parse().map_err(|_| wrong())?;
    let max: usize = max.trim().parse().map_err(|_| wrong())?;
    if min == 0 || min > max {
        return Err(wrong());
    }
    Ok(min..=max)
}

pub(super) fn run(
    input: &Input,
    ks: RangeInclusive<usize>,
    params: &KMeansParams,
    args: &Args,
) -> Result<ExitCode, Error> {
    let (min, max) = (*ks.start(), *ks.end());
    let s = choose_k(input.matrix.view(), ks, params, &Ticker::silent()).map_err(usage)?;
    println!(
        "k-means: k = {min}..{max}, {} rows × {} features{}, best of {} restarts each (seed {})",
        input.len(),
        input.features.len(),
        if params.standardize {
            " (standardised)"
        } else {
            ""
        },
        params.n_init,
        params.seed
    );
    if let Some(last) = s.choices.last().map(|c| c.k).filter(|&k| k < max) {
        println!(
            "k stops at {last}: there are only {last} distinct rows, and no more clusters than that"
        );
    }
    print_choices(&s);
    let r = &s.chosen;
    let why = if s.best_silhouette == Some(r.k) {
        "best silhouette"
    } else {
        "elbow; no k has a silhouette"
    };
    println!(
        "chosen: k = {} ({why}), {}",
        r.k,
        crate::words::count(r.n_iter as u64, "iteration")
    );
    print_clusters(input, r);

    let choices: Vec<serde_json::Value> = s
        .choices
        .iter()
        .map(|c| serde_json::json!({ "k": c.k, "inertia": c.inertia, "silhouette": c.silhouette }))
        .collect();
    let mut json = report_json(input, r);
    if let Some(fields) = json.as_object_mut() {
        fields.insert("k_range".into(), serde_json::json!([min, max]));
        fields.insert("choices".into(), choices.into());
        fields.insert("elbow".into(), s.elbow.into());
        fields.insert("best_silhouette".into(), s.best_silhouette.into());
    }
    write_outputs(input, r, args, json)
}

/// One line per k: inertia, silhouette, and which of the two choices it is.
fn print_choices(s: &KSelection) {
    println!("k\tinertia\tsilhouette\tchoice");
    for c in &s.choices {
        let silhouette = c.silhouette.map_or("-".to_string(), |v| format!("{v:.4}"));
        let marks: Vec<&str> = [
            (c.k == s.elbow).then_some("elbow"),
            (Some(c.k) == s.best_silhouette).then_some("best silhouette"),
        ]
        .into_iter()
        .flatten()
        .collect();
        println!(
            "{}\t{:.6}\t{silhouette}\t{}",
            c.k,
            c.inertia,
            marks.join(", ")
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_range_is_min_dot_dot_max_inclusive() {
        assert_eq!(parse("2..10"), Ok(2..=10));
        assert_eq!(parse(" 3 .. 3"), Ok(3..=3));
        for bad in ["", "5", "0..4", "6..2", "a..b", "2..=5", "-1..3"] {
            assert!(parse(bad).is_err(), "{bad}");
        }
    }
}
